package stats

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"
	"gonum.org/v1/gonum/stat/distuv"
)

// ICCType names one of the six intraclass correlations, in psych::ICC's
// row order.
type ICCType int

const (
	ICC1  ICCType = iota // one-way random, single rater: Shrout–Fleiss ICC(1,1)
	ICC2                 // two-way random, absolute agreement, single: ICC(2,1)
	ICC3                 // two-way mixed, consistency, single: ICC(3,1)
	ICC1k                // one-way random, mean of k raters: ICC(1,k)
	ICC2k                // two-way random, absolute agreement, mean of k: ICC(2,k)
	ICC3k                // two-way mixed, consistency, mean of k: ICC(3,k)
	numICC
)

var iccNames = [...]string{"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"}

// String returns psych's name of the ICC ("ICC1", …, "ICC3k").
func (t ICCType) String() string {
	if t >= 0 && t < numICC {
		return iccNames[t]
	}
	return fmt.Sprintf("ICCType(%d)", int(t))
}

// ICCRow is one row of psych::ICC's results table.
type ICCRow struct {
	Type         ICCType
	ICC          float64
	F            float64
	DF1, DF2     float64
	P            float64 // upper-tail F test of ICC = 0
	Lower, Upper float64 // 95% confidence bounds
}

// ICCResult is the output of ICC.
type ICCResult struct {
	Rows [numICC]ICCRow // indexed by ICCType
	// Mean squares: between subjects, between raters (judges), residual,
	// and within subjects (one-way).
	MSB, MSJ, MSE, MSW float64
	Subjects, Raters   int
	Dropped            int // rows dropped for missing (NaN) ratings
}

// ICC computes the six intraclass correlations of an n subjects × k
// raters matrix from the two-way ANOVA mean squares, with F tests and 95%
// confidence intervals, as R's psych::ICC(x, lmer = FALSE) (psych 2.2.9;
// Shrout & Fleiss 1979, McGraw & Wong 1996). Rows with a NaN rating are
// dropped (complete cases) and counted in Dropped.
func ICC(x mat.Matrix) (*ICCResult, error) {
	n0, k := x.Dims()
	if k < 2 {
		return nil, fmt.Errorf("stats: ICC needs at least 2 raters (columns), have %d", k)
	}
	var data [][]float64
	for i := 0; i < n0; i++ {
		row := make([]float64, k)
		ok := true
		for j := range row {
			row[j] = x.At(i, j)
			if math.IsNaN(row[j]) {
				ok = false
			} else if math.IsInf(row[j], 0) {
				return nil, fmt.Errorf("stats: rating [%d, %d] is infinite", i, j)
			}
		}
		if ok {
			data = append(data, row)
		}
	}
	n := len(data)
	if n < 2 {
		return nil, fmt.Errorf("stats: ICC needs at least 2 complete subjects, have %d", n)
	}
	r := &ICCResult{Subjects: n, Raters: k, Dropped: n0 - n}
	gm := 0.0
	for _, row := range data {
		for _, v := range row {
			gm += v
		}
	}
	fn, fk := float64(n), float64(k)
	gm /= fn * fk
	var ssb, ssj, sst float64
	colm := make([]float64, k)
	for _, row := range data {
		rm := 0.0
		for j, v := range row {
			rm += v
			colm[j] += v
			sst += (v - gm) * (v - gm)
		}
		rm /= fk
		ssb += (rm - gm) * (rm - gm)
	}
	ssb *= fk
	for j := range colm {
		colm[j] /= fn
		ssj += (colm[j] - gm) * (colm[j] - gm)
	}
	ssj *= fn
	sse := sst - ssb - ssj
	ssw := sst - ssb
	MSB := ssb / (fn - 1)
	MSJ := ssj / (fk - 1)
	MSE := sse / ((fn - 1) * (fk - 1))
	MSW := ssw / (fn * (fk - 1))
	r.MSB, r.MSJ, r.MSE, r.MSW = MSB, MSJ, MSE, MSW
	if MSB == 0 && MSW == 0 {
		return nil, errors.New("stats: ICC undefined: all ratings are equal")
	}
	icc1 := (MSB - MSW) / (MSB + (fk-1)*MSW)
	icc2 := (MSB - MSE) / (MSB + (fk-1)*MSE + fk*(MSJ-MSE)/fn)
	icc3 := (MSB - MSE) / (MSB + (fk-1)*MSE)
	icc1k := (MSB - MSW) / MSB
	icc2k := (MSB - MSE) / (MSB + (MSJ-MSE)/fn)
	icc3k := (MSB - MSE) / MSB

	F11 := MSB / MSW
	df11n, df11d := fn-1, fn*(fk-1)
	F21 := MSB / MSE
	df21n, df21d := fn-1, (fn-1)*(fk-1)
	p11 := fSurvival(F11, df11n, df11d)
	p21 := fSurvival(F21, df21n, df21d)
	const alpha = 0.05
	// distuv.F panics for degrees of freedom that are zero, negative or
	// NaN, which the Satterthwaite df v of ICC(2,1) becomes when the
	// raters agree exactly (MSE = 0) or the ICC is 0: R gives NA bounds then.
	qf := func(p, d1, d2 float64) float64 {
		if !(d1 > 0) || !(d2 > 0) || math.IsInf(d1, 0) || math.IsInf(d2, 0) {
			return math.NaN()
		}
		return distuv.F{D1: d1, D2: d2}.Quantile(p)
	}
	F1L := F11 / qf(1-alpha/2, df11n, df11d)
	F1U := F11 * qf(1-alpha/2, df11d, df11n)
	L1 := (F1L - 1) / (F1L + (fk - 1))
	U1 := (F1U - 1) / (F1U + fk - 1)
	F3L := F21 / qf(1-alpha/2, df21n, df21d)
	F3U := F21 * qf(1-alpha/2, df21d, df21n)
	L3 := (F3L - 1) / (F3L + fk - 1)
	U3 := (F3U - 1) / (F3U + fk - 1)
	L1k, U1k := 1-1/F1L, 1-1/F1U
	L3k, U3k := 1-1/F3L, 1-1/F3U
	fj := MSJ / MSE
	vn := (fk - 1) * (fn - 1) * math.Pow(fk*icc2*fj+fn*(1+(fk-1)*icc2)-fk*icc2, 2)
	vd := (fn-1)*fk*fk*icc2*icc2*fj*fj + math.Pow(fn*(1+(fk-1)*icc2)-fk*icc2, 2)
	v := vn / vd
	F2U := qf(1-alpha/2, fn-1, v)
	F2L := qf(1-alpha/2, v, fn-1)
	L2 := fn * (MSB - F2U*MSE) / (F2U*(fk*MSJ+(fk*fn-fk-fn)*MSE) + fn*MSB)
	U2 := fn * (F2L*MSB - MSE) / (fk*MSJ + (fk*fn-fk-fn)*MSE + fn*F2L*MSB)
	L2k := L2 * fk / (1 + L2*(fk-1))
	U2k := U2 * fk / (1 + U2*(fk-1))
	r.Rows = [numICC]ICCRow{
		{ICC1, icc1, F11, df11n, df11d, p11, L1, U1},
		{ICC2, icc2, F21, df21n, df21d, p21, L2, U2},
		{ICC3, icc3, F21, df21n, df21d, p21, L3, U3},
		{ICC1k, icc1k, F11, df11n, df11d, p11, L1k, U1k},
		{ICC2k, icc2k, F21, df21n, df21d, p21, L2k, U2k},
		{ICC3k, icc3k, F21, df21n, df21d, p21, L3k, U3k},
	}
	return r, nil
}

// FeatureICC is the ICC of one feature measured by two readers.
type FeatureICC struct {
	Name   string
	Result *ICCResult // nil when Err is set
	Err    error      // e.g. a constant feature
}

// ICCByFeature computes ICC per feature from two readers' subjects ×
// features matrices (same subjects in the same row order, same feature
// columns): column j of reader1 and reader2 form the n × 2 ratings of
// feature j. names labels the features (nil: "f1", "f2", …). A feature
// whose ICC is undefined gets Err instead of failing the call.
func ICCByFeature(reader1, reader2 mat.Matrix, names []string) ([]FeatureICC, error) {
	n1, p1 := reader1.Dims()
	n2, p2 := reader2.Dims()
	if n1 != n2 || p1 != p2 {
		return nil, fmt.Errorf("stats: reader tables differ in shape: %d×%d and %d×%d", n1, p1, n2, p2)
	}
	if names != nil && len(names) != p1 {
		return nil, fmt.Errorf("stats: %d names for %d features", len(names), p1)
	}
	out := make([]FeatureICC, p1)
	m := mat.NewDense(n1, 2, nil)
	for j := 0; j < p1; j++ {
		for i := 0; i < n1; i++ {
			m.Set(i, 0, reader1.At(i, j))
			m.Set(i, 1, reader2.At(i, j))
		}
		name := fmt.Sprintf("f%d", j+1)
		if names != nil {
			name = names[j]
		}
		res, err := ICC(m)
		out[j] = FeatureICC{Name: name, Result: res, Err: err}
	}
	return out, nil
}

// KeepICC returns the names of the features whose ICC of the given type is
// at least threshold (the study keeps ICC >= 0.8).
func KeepICC(features []FeatureICC, t ICCType, threshold float64) []string {
	var keep []string
	for _, f := range features {
		if f.Err == nil && f.Result.Rows[t].ICC >= threshold {
			keep = append(keep, f.Name)
		}
	}
	return keep
}

// fSurvival is the upper tail P(F > f) of the F(d1, d2) distribution,
// computed directly as I_{d2/(d2+d1 f)}(d2/2, d1/2) so that small p-values
// keep their relative precision (1 - CDF would round them to zero).
func fSurvival(f, d1, d2 float64) float64 {
	if f <= 0 {
		return 1
	}
	if math.IsInf(f, 1) {
		return 0
	}
	return mathext.RegIncBeta(d2/2, d1/2, d2/(d2+d1*f))
}
