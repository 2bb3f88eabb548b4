package survival

import (
	"math"
	"testing"
)

// decode turns fuzz bytes into a cohort: 3 bytes per subject (time, event
// and group bit, risk).
func decode(b []byte) ([]float64, Data, []string) {
	n := len(b) / 3
	risk := make([]float64, n)
	d := Data{Time: make([]float64, n), Event: make([]bool, n)}
	g := make([]string, n)
	for i := 0; i < n; i++ {
		d.Time[i] = float64(b[3*i] % 16)
		d.Event[i] = b[3*i+1]&1 == 1
		g[i] = string(rune('a' + b[3*i+1]>>1%3))
		risk[i] = float64(int8(b[3*i+2])) / 8
	}
	return risk, d, g
}

// FuzzMethods checks that no input makes the methods panic and that their
// results stay in range: survival in [0, 1] and non-increasing, C and AUC
// in [0, 1], chi-squared non-negative.
func FuzzMethods(f *testing.F) {
	f.Add([]byte{1, 1, 5, 2, 0, 3, 3, 3, 200, 4, 1, 9})
	f.Add([]byte{0, 0, 0, 0, 1, 0})
	f.Add([]byte{7, 1, 1, 7, 1, 1, 7, 0, 1, 7, 3, 1})
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 600 {
			return
		}
		risk, d, g := decode(b)
		if c, err := KaplanMeier(d, &KMSettings{ConfType: ConfType(len(b) % 3)}); err == nil {
			prev := 1.0
			for _, s := range c.Survival {
				if s < 0 || s > prev+1e-15 {
					t.Fatalf("survival %v after %v", s, prev)
				}
				prev = s
			}
			c.Median()
			c.Points([]float64{-1, 0, 3.5, 100})
		}
		if _, err := KaplanMeierStrata(d, g, nil); err != nil && d.Len() > 0 {
			t.Fatalf("strata: %v", err)
		}
		if r, err := LogRank(d, g, &LogRankSettings{Rho: float64(len(b) % 2)}); err == nil && r.ChiSq < -1e-9 {
			t.Fatalf("chisq %v", r.ChiSq)
		}
		for _, fn := range []func([]float64, Data) (*Concordance, error){HarrellC,
			func(r []float64, d Data) (*Concordance, error) { return UnoC(r, d, 8) }} {
			if c, err := fn(risk, d); err == nil && !(c.C >= 0 && c.C <= 1) {
				t.Fatalf("C = %v", c.C)
			}
		}
		RcorrCensC(risk, d)
		if r, err := TimeROC(risk, d, []float64{0, 4.5, 8}, nil); err == nil {
			for _, c := range r.Curves {
				if !math.IsNaN(c.AUC) && !(c.AUC >= -1e-12 && c.AUC <= 1+1e-12) {
					t.Fatalf("AUC = %v", c.AUC)
				}
			}
		}
	})
}
