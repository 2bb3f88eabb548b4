package cox

import (
	"fmt"
	"math"

	"radgo/core/survival"
)

// Column is one named covariate of a table given to [FitColumns]: numeric
// (Values) or categorical (Categories, one label per subject).
type Column struct {
	Name       string
	Values     []float64 // numeric values; ignored when Categories is set
	Categories []string  // categorical labels; expanded to treatment dummies
	// Ref is the reference level of a categorical column; "" means the
	// first level in R's factor order ([survival.Levels]).
	Ref string
}

// Design expands columns into covariate columns and names the way R's
// model.matrix does with treatment contrasts: a numeric column keeps its
// name; a categorical column with levels L1 (reference), L2, ... becomes
// 0/1 dummies named Name+L2, Name+L3, ... (R's "locationMiddle").
func Design(cols []Column) (x [][]float64, names []string, err error) {
	n := -1
	for _, c := range cols {
		m := len(c.Values)
		if c.Categories != nil {
			m = len(c.Categories)
		}
		if n < 0 {
			n = m
		} else if m != n {
			return nil, nil, fmt.Errorf("cox: column %q has %d values, column %q has %d", c.Name, m, cols[0].Name, n)
		}
		if c.Categories == nil {
			for i, v := range c.Values {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					return nil, nil, fmt.Errorf("cox: column %q row %d is %v (drop missing values first)", c.Name, i, v)
				}
			}
			x = append(x, c.Values)
			names = append(names, c.Name)
			continue
		}
		levels := survival.Levels(c.Categories)
		ref := c.Ref
		if ref == "" {
			ref = levels[0]
		}
		found := false
		for _, l := range levels {
			if l == ref {
				found = true
			}
		}
		if !found {
			return nil, nil, fmt.Errorf("cox: reference level %q of column %q does not occur (levels %q)", ref, c.Name, levels)
		}
		if len(levels) < 2 {
			return nil, nil, fmt.Errorf("cox: categorical column %q has a single level %q", c.Name, ref)
		}
		for _, l := range levels {
			if l == ref {
				continue
			}
			col := make([]float64, n)
			for i, v := range c.Categories {
				if v == l {
					col[i] = 1
				}
			}
			x = append(x, col)
			names = append(names, c.Name+l)
		}
	}
	if len(x) == 0 {
		return nil, nil, fmt.Errorf("cox: no columns")
	}
	return x, names, nil
}

// FitColumns fits a Cox model on named numeric and categorical columns,
// as coxph(Surv(time, event) ~ a + factor(b) + ...); see [Design] for the
// coefficient names and [Fit] for the fit.
func FitColumns(d survival.Data, cols []Column, s *Settings) (*Model, error) {
	x, names, err := Design(cols)
	if err != nil {
		return nil, err
	}
	return Fit(d, x, names, s)
}

// ScreenRow is one univariate fit of [Screen].
type ScreenRow struct {
	Name               string
	Coef, StdErr, HR   float64
	Lower, Upper, Z, P float64
	LRP                float64 // likelihood-ratio test p
	C                  float64 // Harrell's C of the covariate's linear predictor
	Warnings           []string
	Err                error // set (and the numbers NaN) when the fit failed, e.g. a constant covariate
}

// Screen fits one univariate Cox model per covariate, coxph(Surv(time,
// event) ~ x_j) for each column j, with the settings s, and returns one row
// per covariate in input order. A covariate whose fit fails (constant,
// non-finite values) gets its error in the row instead of stopping the
// screen. The data are validated and sorted once.
func Screen(d survival.Data, x [][]float64, names []string, s *Settings) ([]ScreenRow, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if len(names) != len(x) {
		return nil, fmt.Errorf("cox: %d names for %d covariates", len(names), len(x))
	}
	if d.Events() == 0 {
		return nil, survival.ErrNoEvents
	}
	out := make([]ScreenRow, len(x))
	nan := math.NaN()
	for j := range x {
		m, err := Fit(d, x[j:j+1], names[j:j+1], s)
		r := ScreenRow{Name: names[j], Err: err}
		if err != nil {
			r.Coef, r.StdErr, r.HR, r.Lower, r.Upper, r.Z, r.P, r.LRP, r.C = nan, nan, nan, nan, nan, nan, nan, nan, nan
			out[j] = r
			continue
		}
		r.Coef, r.StdErr, r.HR = m.Coef[0], m.StdErr[0], m.HR[0]
		r.Lower, r.Upper, r.Z, r.P = m.Lower[0], m.Upper[0], m.Z[0], m.P[0]
		r.LRP = m.LR.P
		r.C = nan
		if m.Concordance != nil {
			r.C = m.Concordance.C
		}
		r.Warnings = m.Warnings
		out[j] = r
	}
	return out, nil
}
