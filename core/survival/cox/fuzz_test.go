package cox

import (
	"math"
	"testing"

	"radgo/core/survival"
)

// FuzzFit checks that no input makes Fit panic and that a successful fit
// has a log-likelihood no smaller than at beta = 0.
func FuzzFit(f *testing.F) {
	f.Add([]byte{1, 1, 5, 9, 2, 0, 3, 1, 3, 3, 200, 4, 4, 1, 9, 1, 5, 1, 2, 2})
	f.Add([]byte{0, 1, 0, 0, 0, 1, 0, 0, 1, 1, 1, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 400 {
			return
		}
		n := len(b) / 4
		d := survival.Data{Time: make([]float64, n), Event: make([]bool, n)}
		x := [][]float64{make([]float64, n), make([]float64, n)}
		for i := 0; i < n; i++ {
			d.Time[i] = float64(b[4*i] % 16)
			d.Event[i] = b[4*i+1]&1 == 1
			x[0][i] = float64(int8(b[4*i+2]))
			x[1][i] = float64(b[4*i+3] % 4)
		}
		for _, ties := range []Ties{Efron, Breslow} {
			m, err := Fit(d, x, []string{"a", "b"}, &Settings{Ties: ties, Robust: len(b)%2 == 0})
			if err != nil {
				continue
			}
			if m.LogLik < m.LogLikNull-1e-9*math.Abs(m.LogLikNull) {
				t.Fatalf("loglik %v below null %v", m.LogLik, m.LogLikNull)
			}
			_ = m.String()
			_ = m.HTML()
			m.BaselineHazard()
		}
	})
}
