package discretize

import (
	"errors"
	"fmt"
	"math"
	"sort"
)

// pyMod is Python's float modulo: the result takes the sign of the divisor.
func pyMod(x, w float64) float64 {
	m := math.Mod(x, w)
	if m != 0 && (m < 0) != (w < 0) {
		m += w
	}
	return m
}

// arange reproduces numpy.arange(start, stop, step) for floats: the length is
// ceil((stop-start)/step) and element i is start + i*delta, where delta is the
// difference of the first two elements, as numpy's fill function computes it.
func arange(start, stop, step float64) []float64 {
	n := int(math.Ceil((stop - start) / step))
	if n <= 0 {
		return nil
	}
	out := make([]float64, n)
	out[0] = start
	if n == 1 {
		return out
	}
	second := start + step
	delta := second - start
	out[1] = second
	for i := 2; i < n; i++ {
		out[i] = start + float64(i)*delta
	}
	return out
}

// ErrEmpty is returned when there are no values to bin.
var ErrEmpty = errors.New("discretize: no voxels in the region of interest")

// Edges returns the bin edges for values. When binCount > 0 it takes
// precedence over binWidth (PyRadiomics "binCount" and "binWidth").
func Edges(values []float64, binWidth float64, binCount int) ([]float64, error) {
	if len(values) == 0 {
		return nil, ErrEmpty
	}
	lo, hi := values[0], values[0]
	for _, v := range values {
		if math.IsNaN(v) {
			return nil, errors.New("discretize: NaN grey value in the region of interest")
		}
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	if binCount > 0 {
		return histogramEdges(lo, hi, binCount), nil
	}
	if !(binWidth > 0) || math.IsInf(binWidth, 0) {
		return nil, fmt.Errorf("discretize: binWidth %v must be positive", binWidth)
	}
	low := lo - pyMod(lo, binWidth)
	if n := math.Ceil((hi + 2*binWidth - low) / binWidth); !(n <= 1<<24) {
		return nil, fmt.Errorf("discretize: binWidth %v gives %g bins over [%v, %v] (at most %d): increase binWidth", binWidth, n-1, lo, hi, 1<<24)
	}
	edges := arange(low, hi+2*binWidth, binWidth)
	if len(edges) == 1 {
		edges = []float64{edges[0] - 0.5, edges[0] + 0.5}
	}
	return edges, nil
}

// histogramEdges reproduces numpy.histogram(values, n)[1] followed by
// edges[-1] += 1. numpy uses linspace(lo, hi, n+1), widening an empty range
// to [lo-0.5, hi+0.5].
func histogramEdges(lo, hi float64, n int) []float64 {
	if lo == hi {
		lo -= 0.5
		hi += 0.5
	}
	edges := make([]float64, n+1)
	// numpy.linspace: step = (stop-start)/num; y = arange(0, num) * step + start; y[-1] = stop.
	step := (hi - lo) / float64(n)
	for i := 0; i <= n; i++ {
		edges[i] = float64(i)*step + lo
	}
	edges[n] = hi
	edges[n] += 1
	return edges
}

// Digitize returns numpy.digitize(x, edges) for increasing edges: the number
// of edges that are <= x.
func Digitize(x float64, edges []float64) int {
	return sort.Search(len(edges), func(i int) bool { return edges[i] > x })
}
