package stats

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"
)

func TestBootstrap(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 5))
	x := make([]float64, 200)
	for i := range x {
		x[i] = 3 + rnd.NormFloat64()
	}
	mean := func(rows []int) float64 {
		s := 0.0
		for _, i := range rows {
			s += x[i]
		}
		return s / float64(len(rows))
	}
	a, err := Bootstrap(len(x), 2000, 0.95, 1, mean)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Bootstrap(len(x), 2000, 0.95, 1, mean)
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed, different results")
	}
	m, v := meanVar(x)
	if a.Estimate != m {
		t.Errorf("estimate %g, want the sample mean %g", a.Estimate, m)
	}
	// The bootstrap SE of a mean is close to s/sqrt(n) (within 10% at B=2000).
	if se := math.Sqrt(v / float64(len(x))); math.Abs(a.StdErr-se) > 0.1*se {
		t.Errorf("bootstrap SE %g, analytic %g", a.StdErr, se)
	}
	if !(a.Lower < m && m < a.Upper) {
		t.Errorf("CI [%g, %g] excludes the estimate %g", a.Lower, a.Upper, m)
	}
	if q := quantile7([]float64{1, 2, 3, 4}, 0.25); q != 1.75 { // R: quantile(1:4, .25) = 1.75
		t.Errorf("quantile7 = %g, want 1.75", q)
	}
	fails := 0
	c, err := Bootstrap(10, 50, 0.9, 2, func(rows []int) float64 {
		fails++
		if fails%2 == 0 {
			return math.NaN()
		}
		return float64(rows[0])
	})
	if err != nil || c.Failed != 25 || len(c.Replicates) != 25 {
		t.Errorf("failed replicates: %v, %+v", err, c)
	}
	if _, err := Bootstrap(1, 10, 0.95, 1, mean); err == nil {
		t.Error("n = 1 accepted")
	}
	if _, err := Bootstrap(10, 10, 1, 1, mean); err == nil {
		t.Error("level 1 accepted")
	}
}
