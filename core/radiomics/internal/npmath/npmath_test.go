package npmath

import (
	"math"
	"math/rand"
	"testing"
)

func TestPercentilesMatchSorted(t *testing.T) {
	rnd := rand.New(rand.NewSource(3))
	for _, n := range []int{1, 2, 3, 10, 101, 1000} {
		x := make([]float64, n)
		for i := range x {
			x[i] = math.Round(rnd.NormFloat64() * 10) // ties on purpose
		}
		s := Sorted(x)
		qs := []float64{0, 10, 25, 50, 75, 90, 100}
		got := Percentiles(append([]float64(nil), x...), qs...)
		for i, q := range qs {
			if want := Percentile(s, q); got[i] != want {
				t.Errorf("n=%d q=%v: got %v, want %v", n, q, got[i], want)
			}
		}
	}
}

func TestPercentileNumpy(t *testing.T) {
	// numpy.percentile([1, 2, 3, 4], [10, 50, 90]) = [1.3, 2.5, 3.7]
	s := []float64{1, 2, 3, 4}
	for _, tc := range []struct{ q, want float64 }{{10, 1.3}, {50, 2.5}, {90, 3.7}} {
		if got := Percentile(s, tc.q); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("q=%v: got %v, want %v", tc.q, got, tc.want)
		}
	}
}

func TestSumPairwise(t *testing.T) {
	x := make([]float64, 1000)
	for i := range x {
		x[i] = 0.1
	}
	// Pairwise summation of 1000 × 0.1 (numpy.sum gives 100.00000000000004
	// naive, 99.99999999999999 or 100.0 pairwise); check it is close.
	if got := Sum(x); math.Abs(got-100) > 1e-12 {
		t.Errorf("Sum = %v", got)
	}
	if got := NanMean([]float64{1, math.NaN(), 3}); got != 2 {
		t.Errorf("NanMean = %v", got)
	}
}
