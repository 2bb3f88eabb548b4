package stats

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// ROC is the empirical ROC curve of a marker for a binary outcome, with
// higher marker values indicating a case (pROC direction "<").
type ROC struct {
	// Thresholds increase from -Inf to +Inf: -Inf, the midpoints between
	// consecutive distinct marker values, +Inf (pROC's thresholds). A
	// subject is called positive when its marker exceeds the threshold.
	Thresholds []float64
	// Sensitivity[k] and Specificity[k] at Thresholds[k].
	Sensitivity, Specificity []float64
	// AUC is the area under the curve (the Mann–Whitney probability that a
	// case's marker exceeds a control's, ties counting one half).
	AUC float64
	// AUCVar is DeLong's variance of AUC; AUCLower and AUCUpper the 95%
	// confidence interval AUC ± z·sqrt(AUCVar), truncated to [0, 1], as
	// pROC::ci.auc(method = "delong").
	AUCVar, AUCLower, AUCUpper float64
	// Best holds the indices of the Youden-optimal thresholds (maximal
	// Sensitivity + Specificity), in increasing threshold order; several
	// when they tie, as pROC::coords(x = "best", best.method = "youden").
	Best []int
	// Cases, Controls and Dropped (NaN markers) count the subjects.
	Cases, Controls, Dropped int
}

// NewROC computes the ROC curve, AUC with DeLong CI and the Youden-optimal
// thresholds of marker for outcome (true = case), as R's
// pROC::roc(response, predictor, levels = c(0, 1), direction = "<") with
// ci.auc(method = "delong") and coords(best.method = "youden") (pROC
// 1.18). Subjects with a NaN marker are dropped. Errors: mismatched
// lengths, no cases or no controls, infinite markers.
func NewROC(outcome []bool, marker []float64) (*ROC, error) {
	if len(outcome) != len(marker) {
		return nil, fmt.Errorf("stats: %d outcomes but %d marker values", len(outcome), len(marker))
	}
	r := &ROC{}
	var cases, controls []float64
	for i, m := range marker {
		switch {
		case math.IsNaN(m):
			r.Dropped++
			continue
		case math.IsInf(m, 0):
			return nil, fmt.Errorf("stats: marker value %d is infinite", i)
		}
		if outcome[i] {
			cases = append(cases, m)
		} else {
			controls = append(controls, m)
		}
	}
	r.Cases, r.Controls = len(cases), len(controls)
	if r.Cases == 0 || r.Controls == 0 {
		return nil, errors.New("stats: ROC needs at least one case and one control")
	}
	sort.Float64s(cases)
	sort.Float64s(controls)
	all := append(append([]float64(nil), cases...), controls...)
	sort.Float64s(all)
	uniq := all[:1]
	for _, v := range all[1:] {
		if v != uniq[len(uniq)-1] {
			uniq = append(uniq, v)
		}
	}
	nt := len(uniq) + 1
	r.Thresholds = make([]float64, nt)
	r.Sensitivity = make([]float64, nt)
	r.Specificity = make([]float64, nt)
	r.Thresholds[0] = math.Inf(-1)
	r.Thresholds[nt-1] = math.Inf(1)
	for k := 1; k < nt-1; k++ {
		r.Thresholds[k] = (uniq[k-1] + uniq[k]) / 2
	}
	nc, nn := float64(r.Cases), float64(r.Controls)
	best := math.Inf(-1)
	for k, t := range r.Thresholds {
		// cases above t, controls at or below t
		above := len(cases) - sort.Search(len(cases), func(i int) bool { return cases[i] > t })
		below := sort.Search(len(controls), func(i int) bool { return controls[i] > t })
		r.Sensitivity[k] = float64(above) / nc
		r.Specificity[k] = float64(below) / nn
		best = math.Max(best, r.Sensitivity[k]+r.Specificity[k])
	}
	for k := range r.Thresholds {
		if r.Sensitivity[k]+r.Specificity[k] == best {
			r.Best = append(r.Best, k)
		}
	}
	// DeLong placements: V10 per case, V01 per control.
	v10 := make([]float64, len(cases))
	v01 := make([]float64, len(controls))
	for i, x := range cases {
		lo := sort.SearchFloat64s(controls, x)
		hi := sort.Search(len(controls), func(j int) bool { return controls[j] > x })
		v10[i] = (float64(lo) + 0.5*float64(hi-lo)) / nn
	}
	for j, y := range controls {
		lo := sort.SearchFloat64s(cases, y)
		hi := sort.Search(len(cases), func(i int) bool { return cases[i] > y })
		v01[j] = (float64(len(cases)-hi) + 0.5*float64(hi-lo)) / nc
	}
	auc := 0.0
	for _, v := range v10 {
		auc += v
	}
	auc /= nc
	r.AUC = auc
	r.AUCVar = sampleVar(v10)/nc + sampleVar(v01)/nn
	if r.Cases < 2 || r.Controls < 2 {
		r.AUCVar = math.NaN()
	}
	z := distuv.UnitNormal.Quantile(0.975)
	sd := math.Sqrt(r.AUCVar)
	r.AUCLower = math.Max(0, auc-z*sd)
	r.AUCUpper = math.Min(1, auc+z*sd)
	return r, nil
}

// Youden returns the first (lowest) Youden-optimal threshold with its
// sensitivity and specificity, and J = Sensitivity + Specificity - 1.
func (r *ROC) Youden() (threshold, sensitivity, specificity, j float64) {
	k := r.Best[0]
	return r.Thresholds[k], r.Sensitivity[k], r.Specificity[k], r.Sensitivity[k] + r.Specificity[k] - 1
}

func sampleVar(v []float64) float64 {
	if len(v) < 2 {
		return math.NaN()
	}
	m := 0.0
	for _, x := range v {
		m += x
	}
	m /= float64(len(v))
	s := 0.0
	for _, x := range v {
		s += (x - m) * (x - m)
	}
	return s / float64(len(v)-1)
}

// SklearnROCCurve is scikit-learn's roc_curve output.
type SklearnROCCurve struct {
	// FPR, TPR and Thresholds, thresholds decreasing; Thresholds[0] is
	// max(score) + 1 as in scikit-learn 1.2 (np.inf from 1.3 on). A subject
	// is positive when score >= threshold.
	FPR, TPR, Thresholds []float64
	// AUC by the trapezoidal rule (roc_auc_score).
	AUC float64
	// Youden is argmax(TPR - FPR), the first maximum (highest threshold).
	Youden int
}

// SklearnROC reproduces sklearn.metrics.roc_curve(y, score,
// drop_intermediate) (scikit-learn 1.2) and the Youden cut-off
// thresholds[argmax(tpr - fpr)]. Unlike pROC the thresholds are observed
// scores. Errors: mismatched lengths, NaN or infinite scores, no
// positives or no negatives.
func SklearnROC(y []bool, score []float64, dropIntermediate bool) (*SklearnROCCurve, error) {
	if len(y) != len(score) {
		return nil, fmt.Errorf("stats: %d outcomes but %d scores", len(y), len(score))
	}
	n := len(y)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
		if math.IsNaN(score[i]) || math.IsInf(score[i], 0) {
			return nil, fmt.Errorf("stats: score %d is %v", i, score[i])
		}
	}
	// np.argsort(kind="mergesort")[::-1]: stable ascending, reversed.
	sort.SliceStable(idx, func(a, b int) bool { return score[idx[a]] < score[idx[b]] })
	for i, j := 0, n-1; i < j; i, j = i+1, j-1 {
		idx[i], idx[j] = idx[j], idx[i]
	}
	var tps, fps, thr []float64
	tp := 0.0
	for k, i := range idx {
		if y[i] {
			tp++
		}
		if k == n-1 || score[idx[k+1]] != score[i] {
			tps = append(tps, tp)
			fps = append(fps, float64(k+1)-tp)
			thr = append(thr, score[i])
		}
	}
	if tp == 0 || tp == float64(n) {
		return nil, errors.New("stats: ROC needs at least one positive and one negative")
	}
	if dropIntermediate && len(fps) > 2 {
		keep := []int{0}
		for k := 1; k < len(fps)-1; k++ {
			if fps[k+1]-2*fps[k]+fps[k-1] != 0 || tps[k+1]-2*tps[k]+tps[k-1] != 0 {
				keep = append(keep, k)
			}
		}
		keep = append(keep, len(fps)-1)
		var t2, f2, h2 []float64
		for _, k := range keep {
			t2, f2, h2 = append(t2, tps[k]), append(f2, fps[k]), append(h2, thr[k])
		}
		tps, fps, thr = t2, f2, h2
	}
	c := &SklearnROCCurve{
		Thresholds: append([]float64{thr[0] + 1}, thr...),
		TPR:        make([]float64, len(tps)+1),
		FPR:        make([]float64, len(fps)+1),
	}
	pos, neg := tps[len(tps)-1], fps[len(fps)-1]
	for k := range tps {
		c.TPR[k+1] = tps[k] / pos
		c.FPR[k+1] = fps[k] / neg
	}
	bestJ := math.Inf(-1)
	for k := range c.TPR {
		if j := c.TPR[k] - c.FPR[k]; j > bestJ {
			bestJ, c.Youden = j, k
		}
	}
	// np.trapz on the curve with drop_intermediate=True, as roc_auc_score.
	fpr, tpr := c.FPR, c.TPR
	if !dropIntermediate {
		d, err := SklearnROC(y, score, true)
		if err != nil {
			return nil, err
		}
		fpr, tpr = d.FPR, d.TPR
	}
	for k := 1; k < len(fpr); k++ {
		c.AUC += (fpr[k] - fpr[k-1]) * (tpr[k] + tpr[k-1]) / 2
	}
	return c, nil
}
