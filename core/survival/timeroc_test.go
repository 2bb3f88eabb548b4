package survival

import (
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"testing"
)

type timerocCase struct {
	ID       string `json:"id"`
	Data     string `json:"data"`
	Time     string `json:"time"`
	Event    string `json:"event"`
	Marker   string `json:"marker"`
	Notes    string `json:"notes"`
	Expected struct {
		N       int `json:"n"`
		PerTime []struct {
			Time     float64 `json:"time"`
			AUC      nf      `json:"auc"`
			SE       nf      `json:"se"`
			Lo       nf      `json:"ci95_lower"`
			Hi       nf      `json:"ci95_upper"`
			Cases    int     `json:"cases"`
			Surv     int     `json:"survivors"`
			Cens     int     `json:"censored_before_t"`
			CumInc   nf      `json:"cumulative_incidence"`
			SurvProb nf      `json:"surv_prob"`
			G        nf      `json:"ipcw_G_at_t"`
			TP       []nf    `json:"TP"`
			FP       []nf    `json:"FP"`
			Youden   struct {
				Index  *int `json:"index_in_TP"`
				J      nf   `json:"J"`
				Cutoff nf   `json:"cutoff"`
			} `json:"youden"`
		} `json:"per_time"`
		SubjectG []nf   `json:"ipcw_G_subject_times_lag1_sorted_by_time"`
		IID      [][]nf `json:"iid_AUC_by_time_subjects_sorted_by_time"`
	} `json:"expected"`
}

// TestTimeROCReference checks every case of testdata/timeroc.json (R
// timeROC 0.4.1, weighting = "marginal", iid = TRUE), including the ROC
// points, the IPCW weights and every subject's iid value. Tolerance 1e-10
// relative, 1e-12 absolute (closed form); counts exact.
func TestTimeROCReference(t *testing.T) {
	const rel, abs = 1e-10, 1e-12
	var f struct{ Cases []timerocCase }
	loadJSON(t, "timeroc.json", &f)
	if len(f.Cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range f.Cases {
		t.Run(c.ID, func(t *testing.T) {
			tb := readTable(t, c.Data)
			rows := tb.rows(t, c.Notes, c.Time, c.Event, c.Marker)
			d := tb.data(t, c.Time, c.Event, rows)
			marker := tb.floats(t, c.Marker, rows)
			var times []float64
			for _, p := range c.Expected.PerTime {
				times = append(times, p.Time)
			}
			r, err := TimeROC(marker, d, times, nil)
			if err != nil {
				t.Fatal(err)
			}
			if r.N != c.Expected.N {
				t.Errorf("n = %d, want %d", r.N, c.Expected.N)
			}
			ord := make([]int, d.Len())
			for i := range ord {
				ord[i] = i
			}
			sort.SliceStable(ord, func(a, b int) bool { return d.Time[ord[a]] < d.Time[ord[b]] })
			byTime := func(v []float64) []float64 {
				out := make([]float64, len(v))
				for k, i := range ord {
					out[k] = v[i]
				}
				return out
			}
			checkVec(t, "G(T-)", byTime(r.SubjectG), c.Expected.SubjectG, rel, abs)
			for k, w := range c.Expected.PerTime {
				g := r.Curves[k]
				p := "t=" + ftoa(w.Time) + " "
				checkNum(t, p+"AUC", g.AUC, w.AUC, rel, abs)
				checkNum(t, p+"se", g.StdErr, w.SE, rel, abs)
				checkNum(t, p+"lower", g.Lower, w.Lo, rel, abs)
				checkNum(t, p+"upper", g.Upper, w.Hi, rel, abs)
				if g.Cases != w.Cases || g.Controls != w.Surv || g.Censored != w.Cens {
					t.Errorf("%scases/controls/censored = %d/%d/%d, want %d/%d/%d", p, g.Cases, g.Controls, g.Censored, w.Cases, w.Surv, w.Cens)
				}
				checkNum(t, p+"cumulative incidence", g.CumulativeIncidence, w.CumInc, rel, abs)
				checkNum(t, p+"survProb", g.SurvProb, w.SurvProb, rel, abs)
				checkNum(t, p+"G(t)", g.G, w.G, rel, abs)
				checkVec(t, p+"TP", g.TP, w.TP, rel, abs)
				checkVec(t, p+"FP", g.FP, w.FP, rel, abs)
				if w.Youden.Index != nil {
					if g.Youden+1 != *w.Youden.Index {
						t.Errorf("%sYouden index %d, want %d (1-based)", p, g.Youden+1, *w.Youden.Index)
					}
					checkNum(t, p+"Youden J", g.YoudenJ, w.Youden.J, rel, abs)
					checkNum(t, p+"Youden cutoff", g.YoudenCutoff, w.Youden.Cutoff, rel, abs)
				}
				if k < len(c.Expected.IID) && !math.IsNaN(g.AUC) {
					checkVec(t, p+"iid", byTime(g.IID), c.Expected.IID[k], 1e-9, 1e-12)
				}
			}
		})
	}
}

func ftoa(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// bruteAUC is the pairwise definition of the IPCW cumulative/dynamic AUC.
func bruteAUC(marker []float64, d Data, t float64) float64 {
	g := censoringKM(d)
	var num, den float64
	for i := range marker {
		if !(d.Time[i] < t && d.Event[i]) {
			continue
		}
		wi := 1 / g.leftAt(d.Time[i])
		for j := range marker {
			if !(d.Time[j] > t) {
				continue
			}
			w := wi / g.at(t)
			den += w
			if marker[i] > marker[j] {
				num += w
			} else if marker[i] == marker[j] {
				num += w / 2
			}
		}
	}
	return num / den
}

func TestTimeROCProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for k := 0; k < 30; k++ {
		marker, d := randomData(rng, 10+rng.IntN(80), k%2 == 0)
		tt := d.Time[rng.IntN(d.Len())] + 0.25
		r, err := TimeROC(marker, d, []float64{tt}, nil)
		if err != nil {
			t.Fatal(err)
		}
		c := r.Curves[0]
		if math.IsNaN(c.AUC) {
			continue
		}
		if want := bruteAUC(marker, d, tt); math.Abs(c.AUC-want) > 1e-12 {
			t.Errorf("case %d: AUC %v, pairwise %v", k, c.AUC, want)
		}
		if math.IsNaN(c.StdErr) || c.StdErr < 0 {
			t.Errorf("case %d: se %v", k, c.StdErr)
		}
	}
}

func TestTimeROCBadInput(t *testing.T) {
	d := Data{Time: []float64{1, 2, 3}, Event: []bool{true, false, true}}
	if _, err := TimeROC([]float64{1, 2}, d, []float64{2}, nil); err == nil {
		t.Error("length mismatch accepted")
	}
	if _, err := TimeROC([]float64{1, 2, 3}, d, nil, nil); err == nil {
		t.Error("no times accepted")
	}
	if _, err := TimeROC([]float64{1, 2, 3}, d, []float64{math.NaN()}, nil); err == nil {
		t.Error("NaN time accepted")
	}
	r, err := TimeROC([]float64{1, 2, 3}, d, []float64{0.5}, nil)
	if err != nil || !math.IsNaN(r.Curves[0].AUC) {
		t.Errorf("no cases: AUC %v, err %v; want NaN, nil", r.Curves[0].AUC, err)
	}
}
