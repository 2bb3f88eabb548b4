package stats

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func BenchmarkNewROC(b *testing.B) {
	for _, n := range []int{1000, 100000} {
		rnd := rand.New(rand.NewPCG(1, 1))
		y := make([]bool, n)
		m := make([]float64, n)
		for i := range y {
			y[i] = rnd.Float64() < 0.4
			m[i] = rnd.NormFloat64()
			if y[i] {
				m[i] += 0.5
			}
		}
		b.Run(fmt.Sprintf("n=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := NewROC(y, m); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkICCByFeature: two readers, 100 subjects, 1000 features.
func BenchmarkICCByFeature(b *testing.B) {
	rnd := rand.New(rand.NewPCG(2, 2))
	r1 := mat.NewDense(100, 1000, nil)
	r2 := mat.NewDense(100, 1000, nil)
	for i := 0; i < 100; i++ {
		for j := 0; j < 1000; j++ {
			v := rnd.NormFloat64()
			r1.Set(i, j, v+0.2*rnd.NormFloat64())
			r2.Set(i, j, v+0.2*rnd.NormFloat64())
		}
	}
	for b.Loop() {
		if _, err := ICCByFeature(r1, r2, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkMannWhitney(b *testing.B) {
	rnd := rand.New(rand.NewPCG(3, 3))
	x := make([]float64, 5000)
	y := make([]float64, 5000)
	for i := range x {
		x[i], y[i] = rnd.NormFloat64(), rnd.NormFloat64()+0.1
	}
	for b.Loop() {
		if _, err := MannWhitney(x, y); err != nil {
			b.Fatal(err)
		}
	}
}
