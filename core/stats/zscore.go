package stats

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// ZScore is a column standardisation fitted on training data: Apply
// computes (x - Mean[j]) / SD[j] column by column.
type ZScore struct {
	Mean []float64
	SD   []float64
}

// FitZScore computes column means and standard deviations of x. With
// sample false the SD divides by n (population SD, ddof 0, as
// scikit-learn's StandardScaler); with sample true by n-1 (R's sd and
// scale). A constant column gets SD 1 (StandardScaler's convention), so
// Apply maps it to zero. NaN or infinite entries return an error.
func FitZScore(x mat.Matrix, sample bool) (*ZScore, error) {
	n, p := x.Dims()
	if n < 1 || (sample && n < 2) {
		return nil, fmt.Errorf("stats: z-score needs at least %d rows, have %d", map[bool]int{false: 1, true: 2}[sample], n)
	}
	z := &ZScore{Mean: make([]float64, p), SD: make([]float64, p)}
	for j := 0; j < p; j++ {
		m := 0.0
		for i := 0; i < n; i++ {
			v := x.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("stats: x[%d, %d] = %v is not finite", i, j, v)
			}
			m += v
		}
		m /= float64(n)
		ss := 0.0
		for i := 0; i < n; i++ {
			d := x.At(i, j) - m
			ss += d * d
		}
		den := float64(n)
		if sample {
			den--
		}
		sd := math.Sqrt(ss / den)
		if sd == 0 {
			sd = 1
		}
		z.Mean[j], z.SD[j] = m, sd
	}
	return z, nil
}

// Apply returns the standardised copy of x, which must have as many
// columns as the data the ZScore was fitted on.
func (z *ZScore) Apply(x mat.Matrix) (*mat.Dense, error) {
	n, p := x.Dims()
	if p != len(z.Mean) {
		return nil, fmt.Errorf("stats: z-score fitted on %d columns applied to %d", len(z.Mean), p)
	}
	if p == 0 {
		return nil, errors.New("stats: no columns")
	}
	out := mat.NewDense(n, p, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < p; j++ {
			out.Set(i, j, (x.At(i, j)-z.Mean[j])/z.SD[j])
		}
	}
	return out, nil
}
