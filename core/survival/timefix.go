package survival

import (
	"math"
	"sort"
)

// timefixTol is survival's aeqSurv tolerance, sqrt(.Machine$double.eps).
const timefixTol = 1.4901161193847656e-08

// timefix returns times with near-equal values merged as R survival's
// aeqSurv does (timefix = TRUE, the default of survfit, survdiff,
// concordance and coxph): consecutive distinct times closer than 1.5e-8,
// absolutely or relative to the mean absolute time, become the smallest of
// their run. Floating-point noise such as 30.000000000000004 vs 30 then
// ties as R sees it. The input is returned unchanged (not copied) when
// nothing merges.
func timefix(t []float64) []float64 {
	if len(t) < 2 {
		return t
	}
	y := append([]float64(nil), t...)
	sort.Float64s(y)
	u := y[:1]
	for _, v := range y[1:] {
		if v != u[len(u)-1] {
			u = append(u, v)
		}
	}
	mean := 0.0
	for _, v := range u {
		mean += math.Abs(v)
	}
	mean /= float64(len(u))
	cuts := []float64{u[0]}
	merged := false
	for k := 1; k < len(u); k++ {
		dy := u[k] - u[k-1]
		if dy <= timefixTol || dy/mean <= timefixTol {
			merged = true
			continue
		}
		cuts = append(cuts, u[k])
	}
	if !merged {
		return t
	}
	out := make([]float64, len(t))
	for i, v := range t {
		k := sort.Search(len(cuts), func(j int) bool { return cuts[j] > v }) - 1
		out[i] = cuts[k]
	}
	return out
}

// TimeFix returns times with near-equal values merged as R survival's
// aeqSurv (see the package documentation, "Ties"). Every function of this
// package and of package cox that R runs with timefix = TRUE applies it;
// RcorrCensC and TimeROC, like Hmisc and timeROC, do not.
func TimeFix(times []float64) []float64 { return timefix(times) }

// fixed returns d with its times passed through timefix.
func (d Data) fixed() Data {
	return Data{Time: timefix(d.Time), Event: d.Event}
}
