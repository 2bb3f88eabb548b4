package stats

import (
	"math"
	"strings"
	"testing"
)

var nanv = math.NaN()

// chisq.json (R 4.2.2 chisq.test / fisher.test) and chisq_scipy.json
// (scipy 1.10.1). Closed forms: statistic, expected counts and residuals
// relative 1e-12 (absolute 1e-12 for the Yates statistic of 0); p-values
// 1e-10 relative (gonum's regularised incomplete gamma). Fisher: p is a
// finite sum (1e-12); the odds ratio and CI are uniroot results, which
// FisherExact reproduces step by step: 1e-9 relative.
func TestChiSquaredReference(t *testing.T) {
	var ref struct {
		Cases []struct {
			ID       string      `json:"id"`
			Kind     string      `json:"kind"`
			Table    [][]float64 `json:"table"`
			Correct  bool        `json:"correct"`
			Call     string      `json:"call"`
			Expected struct {
				Statistic float64     `json:"statistic"`
				DF        int         `json:"df"`
				P         float64     `json:"p"`
				Expected  [][]float64 `json:"expected_counts"`
				Residuals [][]float64 `json:"residuals"`
				StdRes    [][]float64 `json:"stdres"`
				MinExp    float64     `json:"min_expected"`
				OR        float64     `json:"odds_ratio_conditional_mle"`
				CI        []float64   `json:"conf_int"`
				SampleOR  float64     `json:"sample_odds_ratio"`
			} `json:"expected"`
		}
	}
	for _, file := range []string{"chisq.json", "chisq_scipy.json"} {
		ref.Cases = nil
		readJSON(t, file, &ref)
		if len(ref.Cases) == 0 {
			t.Fatalf("%s: no cases", file)
		}
		for _, c := range ref.Cases {
			e := c.Expected
			t.Run(file+"/"+c.ID, func(t *testing.T) {
				switch c.Kind {
				case "chisq", "scipy_chisq":
					correct := c.Correct
					if c.Kind == "scipy_chisq" {
						correct = !strings.Contains(c.Call, "correction=False")
					}
					r, err := ChiSquared(c.Table, correct)
					if err != nil {
						t.Fatal(err)
					}
					if math.Abs(r.Statistic-e.Statistic) > 1e-12 && relErr(r.Statistic, e.Statistic, 0) > 1e-12 {
						t.Errorf("statistic %.17g, want %.17g", r.Statistic, e.Statistic)
					}
					if r.DF != e.DF {
						t.Errorf("df %d, want %d", r.DF, e.DF)
					}
					if relErr(r.P, e.P, 0) > 1e-10 {
						t.Errorf("p %.17g, want %.17g (rel %.2g)", r.P, e.P, relErr(r.P, e.P, 0))
					}
					for i := range e.Expected {
						checkVec(t, "expected", r.Expected[i], e.Expected[i], 1e-12, 0)
						if e.Residuals != nil {
							checkVec(t, "residuals", r.Residuals[i], e.Residuals[i], 1e-12, 0)
							checkVec(t, "stdres", r.StdRes[i], e.StdRes[i], 1e-12, 0)
						}
					}
					if e.MinExp != 0 && relErr(r.MinExpected, e.MinExp, 0) > 1e-12 {
						t.Errorf("min expected %g, want %g", r.MinExpected, e.MinExp)
					}
				case "fisher", "scipy_fisher":
					var tab [2][2]float64
					for i := range tab {
						copy(tab[i][:], c.Table[i])
					}
					r, err := FisherExact(tab)
					if err != nil {
						t.Fatal(err)
					}
					if relErr(r.P, e.P, 0) > 1e-12 {
						t.Errorf("p %.17g, want %.17g", r.P, e.P)
					}
					if c.Kind == "fisher" {
						if relErr(r.OddsRatio, e.OR, 0) > 1e-9 {
							t.Errorf("odds ratio %.17g, want %.17g", r.OddsRatio, e.OR)
						}
						checkVec(t, "conf.int", r.ConfInt[:], e.CI, 1e-9, 0)
					} else if got := tab[0][0] * tab[1][1] / (tab[0][1] * tab[1][0]); relErr(got, e.SampleOR, 0) > 1e-15 {
						t.Errorf("sample odds ratio %g, want %g", got, e.SampleOR)
					}
				default:
					t.Fatalf("unknown kind %q", c.Kind)
				}
			})
		}
	}
}

func TestContingencyBadInput(t *testing.T) {
	for _, tab := range [][][]float64{
		{{1, 2}},
		{{1, 2}, {3}},
		{{1, -2}, {3, 4}},
		{{1, nanv}, {3, 4}},
		{{0, 0}, {3, 4}},
	} {
		if _, err := ChiSquared(tab, true); err == nil {
			t.Errorf("ChiSquared(%v) accepted", tab)
		}
	}
	if _, err := FisherExact([2][2]float64{{1.5, 2}, {3, 4}}); err == nil {
		t.Error("FisherExact accepted a non-integer count")
	}
}
