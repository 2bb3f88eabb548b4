package cox

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"

	"radgo/core/survival"
)

func synthCox(n, p int) (survival.Data, [][]float64, []string) {
	rng := rand.New(rand.NewPCG(uint64(n*100+p), 11))
	x := make([][]float64, p)
	names := make([]string, p)
	for j := range x {
		x[j] = make([]float64, n)
		names[j] = "x" + strconv.Itoa(j+1)
		for i := range x[j] {
			x[j][i] = rng.NormFloat64()
		}
	}
	d := survival.Data{Time: make([]float64, n), Event: make([]bool, n)}
	for i := 0; i < n; i++ {
		eta := 0.0
		for j := 0; j < p && j < 5; j++ {
			eta += 0.3 * x[j][i]
		}
		ev := rng.ExpFloat64() * 365 * math.Exp(-eta)
		ce := rng.Float64() * 1500
		t := math.Min(ev, ce)
		d.Time[i] = float64(int(t) + 1) // whole days: tied times
		d.Event[i] = ev <= ce
	}
	return d, x, names
}

// BenchmarkFit fits Efron Cox models; compare with
// core/survival/testdata/bench_r.R (coxph on the same sizes).
func BenchmarkFit(b *testing.B) {
	for _, sz := range []struct{ n, p int }{{100, 5}, {1000, 5}, {10000, 20}, {10000, 50}} {
		d, x, names := synthCox(sz.n, sz.p)
		b.Run("n="+strconv.Itoa(sz.n)+",p="+strconv.Itoa(sz.p), func(b *testing.B) {
			for b.Loop() {
				if _, err := Fit(d, x, names, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkScreen is 638 univariate fits on n = 118 (the study's
// radiomics screen size).
func BenchmarkScreen(b *testing.B) {
	d, x, names := synthCox(118, 638)
	for b.Loop() {
		if _, err := Screen(d, x, names, nil); err != nil {
			b.Fatal(err)
		}
	}
}
