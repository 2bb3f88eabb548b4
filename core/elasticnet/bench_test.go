package elasticnet

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"radgo/core/survival"
)

// simCox draws a radiomics-like cohort: n subjects, p standard-normal
// features (pairs correlated 0.5), exponential event times driven by the
// first 5 features, ~30% censoring. The same generator (same seed) feeds
// testdata/bench_glmnet.R through WriteBenchCSV-free re-generation, so R and
// Go time the same problem shape (not the same numbers).
func simCox(n, p int, seed uint64) (*mat.Dense, survival.Data) {
	rnd := rand.New(rand.NewPCG(seed, 1))
	x := mat.NewDense(n, p, nil)
	d := survival.Data{Time: make([]float64, n), Event: make([]bool, n)}
	for i := 0; i < n; i++ {
		prev := 0.0
		eta := 0.0
		for j := 0; j < p; j++ {
			v := rnd.NormFloat64()
			if j%2 == 1 {
				v = 0.5*prev + math.Sqrt(0.75)*v
			}
			prev = v
			x.Set(i, j, v)
			if j < 5 {
				eta += 0.5 * v
			}
		}
		t := rnd.ExpFloat64() / math.Exp(eta)
		c := rnd.ExpFloat64() * 2
		d.Time[i] = math.Min(t, c) + 1e-3
		d.Event[i] = t <= c
	}
	return x, d
}

func BenchmarkFitCox(b *testing.B) {
	for _, sz := range []struct{ n, p int }{{118, 638}, {1000, 2000}} {
		x, d := simCox(sz.n, sz.p, 1)
		b.Run(fmt.Sprintf("n=%d/p=%d", sz.n, sz.p), func(b *testing.B) {
			for b.Loop() {
				if _, err := FitCox(context.Background(), x, d, DefaultSettings()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkCrossValidateCox is the study's model: 10-fold Cox-LASSO CV.
func BenchmarkCrossValidateCox(b *testing.B) {
	for _, sz := range []struct{ n, p int }{{118, 638}, {1000, 2000}} {
		x, d := simCox(sz.n, sz.p, 1)
		folds := RandomFolds(sz.n, 10, rand.New(rand.NewPCG(7, 7)))
		b.Run(fmt.Sprintf("n=%d/p=%d", sz.n, sz.p), func(b *testing.B) {
			for b.Loop() {
				if _, err := CrossValidateCox(context.Background(), x, d, DefaultSettings(), folds, Deviance); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkFitGaussian(b *testing.B) {
	for _, sz := range []struct{ n, p int }{{118, 638}, {1000, 2000}} {
		x, d := simCox(sz.n, sz.p, 1)
		b.Run(fmt.Sprintf("n=%d/p=%d", sz.n, sz.p), func(b *testing.B) {
			for b.Loop() {
				if _, err := FitGaussian(context.Background(), x, d.Time, DefaultSettings()); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
