package survival

import (
	"math"
	"math/rand/v2"
	"strconv"
	"testing"
)

// synth returns a seeded cohort of n subjects with a risk score, an
// exponential event time depending on it, uniform censoring (~30%),
// times rounded to whole days (ties, as in clinical data) and 2 groups.
func synth(n int) ([]float64, Data, []string) {
	rng := rand.New(rand.NewPCG(uint64(n), 7))
	risk := make([]float64, n)
	d := Data{Time: make([]float64, n), Event: make([]bool, n)}
	g := make([]string, n)
	for i := range risk {
		risk[i] = rng.NormFloat64()
		ev := rng.ExpFloat64() * 365 / (1 + 0.5*float64(i%2)) * math.Exp(-0.5*risk[i])
		ce := rng.Float64() * 1500
		t := ev
		if ce < ev {
			t = ce
		}
		d.Time[i] = float64(int(t) + 1)
		d.Event[i] = ev <= ce
		g[i] = strconv.Itoa(i % 2)
	}
	return risk, d, g
}

var sizes = []int{1000, 100000}

func BenchmarkKaplanMeier(b *testing.B) {
	for _, n := range sizes {
		_, d, _ := synth(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := KaplanMeier(d, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLogRank(b *testing.B) {
	for _, n := range sizes {
		_, d, g := synth(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := LogRank(d, g, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkHarrellC(b *testing.B) {
	for _, n := range sizes {
		risk, d, _ := synth(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := HarrellC(risk, d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkTimeROC(b *testing.B) {
	for _, n := range []int{2000, 100000} {
		risk, d, _ := synth(n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				if _, err := TimeROC(risk, d, []float64{180, 365, 730}, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
