package stats

import (
	"math"
	"testing"
)

func outcomeMarker(t *testing.T, data, outcome, marker string, dropNaN bool) ([]bool, []float64) {
	tab := readCSV(t, data)
	var y []bool
	var m []float64
	for i, o := range tab[outcome] {
		v := tab[marker][i]
		if math.IsNaN(o) || dropNaN && math.IsNaN(v) {
			continue
		}
		y = append(y, o == 1)
		m = append(m, v)
	}
	return y, m
}

// youden_proc.json: pROC 1.18.0 under R 4.2.2. Closed forms: AUC and
// DeLong CI relative 1e-12, thresholds, sensitivities and specificities
// 1e-15 (they are midpoints and count ratios), best thresholds exact.
func TestROCReferencePROC(t *testing.T) {
	var ref struct {
		Cases []struct {
			ID       string `json:"id"`
			Data     string `json:"data"`
			Outcome  string `json:"outcome"`
			Marker   string `json:"marker"`
			Expected struct {
				AUC  float64   `json:"auc"`
				CI   []float64 `json:"auc_ci95_delong"`
				Best struct {
					Threshold []*float64 `json:"threshold"`
					InfSign   []int      `json:"threshold_inf_sign"`
					Spec      []float64  `json:"specificity"`
					Sens      []float64  `json:"sensitivity"`
					J         []float64  `json:"J"`
				} `json:"best"`
				All struct {
					Threshold []*float64 `json:"threshold"`
					InfSign   []int      `json:"threshold_inf_sign"`
					Spec      []float64  `json:"specificity"`
					Sens      []float64  `json:"sensitivity"`
				} `json:"all"`
			} `json:"expected"`
		}
	}
	readJSON(t, "youden_proc.json", &ref)
	if len(ref.Cases) == 0 {
		t.Fatal("no cases")
	}
	thresholds := func(v []*float64, sign []int) []float64 {
		out := make([]float64, len(v))
		for i, p := range v {
			if p == nil {
				out[i] = math.Inf(sign[i])
			} else {
				out[i] = *p
			}
		}
		return out
	}
	for _, c := range ref.Cases {
		t.Run(c.ID, func(t *testing.T) {
			y, m := outcomeMarker(t, c.Data, c.Outcome, c.Marker, false)
			r, err := NewROC(y, m)
			if err != nil {
				t.Fatal(err)
			}
			e := c.Expected
			if relErr(r.AUC, e.AUC, 0) > 1e-12 {
				t.Errorf("AUC %.17g, want %.17g", r.AUC, e.AUC)
			}
			checkVec(t, "DeLong CI", []float64{r.AUCLower, r.AUCUpper}, e.CI, 1e-12, 0)
			wantT := thresholds(e.All.Threshold, e.All.InfSign)
			if len(r.Thresholds) != len(wantT) {
				t.Fatalf("%d thresholds, want %d", len(r.Thresholds), len(wantT))
			}
			for k := range wantT {
				if r.Thresholds[k] != wantT[k] && relErr(r.Thresholds[k], wantT[k], 1e-300) > 1e-15 {
					t.Errorf("threshold[%d] = %g, want %g", k, r.Thresholds[k], wantT[k])
				}
			}
			checkVec(t, "sensitivity", r.Sensitivity, e.All.Sens, 1e-15, 1e-300)
			checkVec(t, "specificity", r.Specificity, e.All.Spec, 1e-15, 1e-300)
			bestT := thresholds(e.Best.Threshold, e.Best.InfSign)
			if len(r.Best) != len(bestT) {
				t.Fatalf("best thresholds %v, want %v", r.Best, bestT)
			}
			for i, k := range r.Best {
				if r.Thresholds[k] != bestT[i] && relErr(r.Thresholds[k], bestT[i], 0) > 1e-15 {
					t.Errorf("best threshold %d = %g, want %g", i, r.Thresholds[k], bestT[i])
				}
				if j := r.Sensitivity[k] + r.Specificity[k] - 1; relErr(j, e.Best.J[i], 0) > 1e-14 {
					t.Errorf("J = %g, want %g", j, e.Best.J[i])
				}
			}
		})
	}
}

// youden_sklearn.json: scikit-learn 1.2.1 roc_curve. Exact thresholds,
// rates at 1e-15, AUC at 1e-12.
func TestROCReferenceSklearn(t *testing.T) {
	var ref struct {
		Cases []struct {
			ID       string `json:"id"`
			Data     string `json:"data"`
			Outcome  string `json:"outcome"`
			Marker   string `json:"marker"`
			Expected struct {
				N      int       `json:"n"`
				AUC    float64   `json:"auc"`
				FPR    []float64 `json:"fpr"`
				TPR    []float64 `json:"tpr"`
				Thr    []float64 `json:"thresholds"`
				Index  int       `json:"youden_index_0based"`
				Cutoff float64   `json:"cutoff"`
				J      float64   `json:"J"`
				Drop   struct {
					Thr    []float64 `json:"thresholds"`
					Index  int       `json:"youden_index_0based"`
					Cutoff float64   `json:"cutoff"`
				} `json:"drop_intermediate_true"`
			} `json:"expected"`
		}
	}
	readJSON(t, "youden_sklearn.json", &ref)
	if len(ref.Cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range ref.Cases {
		t.Run(c.ID, func(t *testing.T) {
			y, m := outcomeMarker(t, c.Data, c.Outcome, c.Marker, true)
			e := c.Expected
			if len(y) != e.N {
				t.Fatalf("%d rows, want %d", len(y), e.N)
			}
			r, err := SklearnROC(y, m, false)
			if err != nil {
				t.Fatal(err)
			}
			checkVec(t, "thresholds", r.Thresholds, e.Thr, 0, 1e-300)
			checkVec(t, "fpr", r.FPR, e.FPR, 1e-15, 1e-300)
			checkVec(t, "tpr", r.TPR, e.TPR, 1e-15, 1e-300)
			if r.Youden != e.Index || r.Thresholds[r.Youden] != e.Cutoff {
				t.Errorf("Youden index %d cut-off %g, want %d %g", r.Youden, r.Thresholds[r.Youden], e.Index, e.Cutoff)
			}
			if j := r.TPR[r.Youden] - r.FPR[r.Youden]; relErr(j, e.J, 0) > 1e-14 {
				t.Errorf("J %g, want %g", j, e.J)
			}
			if relErr(r.AUC, e.AUC, 0) > 1e-12 {
				t.Errorf("AUC %.17g, want %.17g", r.AUC, e.AUC)
			}
			d, err := SklearnROC(y, m, true)
			if err != nil {
				t.Fatal(err)
			}
			checkVec(t, "thresholds (drop_intermediate)", d.Thresholds, e.Drop.Thr, 0, 1e-300)
			if d.Youden != e.Drop.Index || d.Thresholds[d.Youden] != e.Drop.Cutoff {
				t.Errorf("drop_intermediate Youden %d %g, want %d %g", d.Youden, d.Thresholds[d.Youden], e.Drop.Index, e.Drop.Cutoff)
			}
		})
	}
}

func TestROCBadInput(t *testing.T) {
	if _, err := NewROC([]bool{true, false}, []float64{1}); err == nil {
		t.Error("mismatched lengths accepted")
	}
	if _, err := NewROC([]bool{true, true}, []float64{1, 2}); err == nil {
		t.Error("no controls accepted")
	}
	if _, err := SklearnROC([]bool{true, false}, []float64{1, math.NaN()}, true); err == nil {
		t.Error("NaN score accepted")
	}
	r, err := NewROC([]bool{true, false, true}, []float64{2, 1, math.NaN()})
	if err != nil || r.Dropped != 1 || r.AUC != 1 {
		t.Errorf("NaN marker: %v %+v", err, r)
	}
}
