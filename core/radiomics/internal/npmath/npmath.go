package npmath

import (
	"math"
	"sort"
)

// Sum returns the sum of x with numpy's pairwise summation (blocks of 128
// summed with 8 accumulators), which keeps the rounding error of large sums
// at numpy's level.
func Sum(x []float64) float64 {
	n := len(x)
	if n < 8 {
		s := 0.0
		for _, v := range x {
			s += v
		}
		return s
	}
	if n <= 128 {
		var r [8]float64
		copy(r[:], x[:8])
		i := 8
		for ; i < n-(n%8); i += 8 {
			r[0] += x[i]
			r[1] += x[i+1]
			r[2] += x[i+2]
			r[3] += x[i+3]
			r[4] += x[i+4]
			r[5] += x[i+5]
			r[6] += x[i+6]
			r[7] += x[i+7]
		}
		res := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
		for ; i < n; i++ {
			res += x[i]
		}
		return res
	}
	n2 := n / 2
	n2 -= n2 % 8
	return Sum(x[:n2]) + Sum(x[n2:])
}

// Mean returns Sum(x)/len(x).
func Mean(x []float64) float64 { return Sum(x) / float64(len(x)) }

// Sorted returns a sorted copy of x.
func Sorted(x []float64) []float64 {
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	return s
}

// Percentile returns numpy.percentile(x, q) (method "linear") of the sorted
// slice s.
func Percentile(s []float64, q float64) float64 {
	n := len(s)
	if n == 0 {
		return math.NaN()
	}
	vi := float64(n-1) * (q / 100)
	lo := math.Floor(vi)
	g := vi - lo
	i := int(lo)
	if i >= n-1 {
		return s[n-1]
	}
	if i < 0 {
		return s[0]
	}
	a, b := s[i], s[i+1]
	d := b - a
	if g >= 0.5 {
		return b - d*(1-g)
	}
	return a + d*g
}

// Median returns numpy.median of the sorted slice s.
func Median(s []float64) float64 {
	n := len(s)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// NanMean returns the mean of the non-NaN values of x, NaN when there are
// none (numpy.nanmean).
func NanMean(x []float64) float64 {
	s, c := 0.0, 0
	for _, v := range x {
		if !math.IsNaN(v) {
			s += v
			c++
		}
	}
	if c == 0 {
		return math.NaN()
	}
	return s / float64(c)
}

// Eps is numpy.spacing(1), the epsilon PyRadiomics adds inside logarithms.
const Eps = 2.220446049250313e-16

// Percentiles returns numpy.percentile(x, q) for each q (increasing), using
// selection instead of a full sort. x is reordered.
func Percentiles(x []float64, qs ...float64) []float64 {
	n := len(x)
	out := make([]float64, len(qs))
	if n == 0 {
		for i := range out {
			out[i] = math.NaN()
		}
		return out
	}
	lo := 0 // x[:lo] holds the lo smallest values, in order of selection
	for i, q := range qs {
		vi := float64(n-1) * (q / 100)
		fl := math.Floor(vi)
		g := vi - fl
		k := int(fl)
		if k >= n-1 {
			k = n - 1
		}
		if k < lo {
			k = lo // q not increasing: caller error; keep going safely
		}
		selectK(x[lo:], k-lo)
		a := x[k]
		if k+1 >= n {
			out[i] = a
			lo = k
			continue
		}
		// The next order statistic is the minimum of the rest.
		m := k + 1
		for j := k + 2; j < n; j++ {
			if x[j] < x[m] {
				m = j
			}
		}
		x[k+1], x[m] = x[m], x[k+1]
		b := x[k+1]
		d := b - a
		if g >= 0.5 {
			out[i] = b - d*(1-g)
		} else {
			out[i] = a + d*g
		}
		lo = k
	}
	return out
}

// selectK reorders x so that x[k] is the k-th smallest, smaller values
// before it and larger after (Hoare quickselect, median of three).
func selectK(x []float64, k int) {
	l, r := 0, len(x)-1
	for r > l {
		m := l + (r-l)/2
		if x[m] < x[l] {
			x[m], x[l] = x[l], x[m]
		}
		if x[r] < x[l] {
			x[r], x[l] = x[l], x[r]
		}
		if x[r] < x[m] {
			x[r], x[m] = x[m], x[r]
		}
		p := x[m]
		i, j := l, r
		for i <= j {
			for x[i] < p {
				i++
			}
			for x[j] > p {
				j--
			}
			if i <= j {
				x[i], x[j] = x[j], x[i]
				i++
				j--
			}
		}
		if k <= j {
			r = j
		} else if k >= i {
			l = i
		} else {
			return
		}
	}
}
