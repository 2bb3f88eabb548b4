package study

import (
	"fmt"
	"math"

	"radgo/core/chart"
)

// Figure is one figure of the report.
type Figure struct {
	Name    string // file stem, e.g. "fig5_radiomics_training"
	Caption string
	Chart   *chart.Chart
}

// Figures draws the paper's figures from the result: the ICC distribution
// (Fig. 3), the LASSO cross-validation curve and coefficient paths
// (Fig. 4), Kaplan–Meier curves per model and set (Fig. 5), time-dependent
// ROC curves per model and set (Fig. 6) and the multivariate forest plot.
func (r *Result) Figures() ([]Figure, error) {
	var figs []Figure
	add := func(name, caption string, c *chart.Chart, err error) error {
		if err != nil {
			return fmt.Errorf("study: figure %s: %w", name, err)
		}
		figs = append(figs, Figure{name, caption, c})
		return nil
	}
	var icc []float64
	for _, f := range r.ICC {
		if !math.IsNaN(f.ICC) {
			icc = append(icc, f.ICC)
		}
	}
	c, err := chart.Histogram(icc, &chart.HistOptions{Title: "Inter-reader agreement", XLabel: "ICC(2,1)", Bins: 20, Min: math.Min(0, minOf(icc)), Max: 1,
		VLines: []float64{r.Options.ICCThreshold}, VLineLabels: []string{fmt.Sprintf("ICC = %.2f", r.Options.ICCThreshold)}})
	if err := add("fig3_icc", fmt.Sprintf("Fig. 3. ICC(2,1) of the %d features between the two readers on %d patients; %d features with ICC ≥ %.2f were kept.",
		r.Features, r.ICCPatientsN, r.StableCount, r.Options.ICCThreshold), c, err); err != nil {
		return nil, err
	}
	l := r.Lasso
	c, err = chart.CVCurve(chart.CVData{Lambda: l.Lambda, Mean: l.CVM, SE: l.CVSD, NonZero: l.NZero, LambdaMin: l.LambdaMin, Lambda1SE: l.Lambda1SE},
		&chart.LassoOptions{Title: fmt.Sprintf("LASSO %d-fold cross-validation", r.Options.Folds), YLabel: l.Measure})
	if err := add("fig4a_lasso_cv", "Fig. 4a. Cross-validated "+l.Measure+" against log(λ); the dashed lines mark λ at the minimum and within one SE.", c, err); err != nil {
		return nil, err
	}
	if l.path != nil {
		p, k := l.path.Coef.Dims()
		coef := make([][]float64, p)
		for j := 0; j < p; j++ {
			coef[j] = make([]float64, k)
			for q := 0; q < k; q++ {
				coef[j][q] = l.path.Coef.At(j, q)
			}
		}
		c, err = chart.CoefPaths(chart.PathData{Lambda: l.path.Lambda, Coef: coef, Names: l.stable, LambdaMin: l.LambdaMin, Lambda1SE: l.Lambda1SE},
			&chart.LassoOptions{Title: "LASSO coefficient paths"})
		if err := add("fig4b_lasso_paths", "Fig. 4b. Coefficient paths of the stable features; the selected features are labelled.", c, err); err != nil {
			return nil, err
		}
	}
	for _, m := range r.Models {
		for s, sr := range []*SetResult{&m.Training, &m.Test} {
			set := [...]string{"training", "validation"}[s]
			stem := fmt.Sprintf("%s_%s", lower(m.Name), set)
			var series []chart.KMSeries
			for _, cv := range sr.curves {
				series = append(series, chart.KMSeriesOf(cv))
			}
			opt := &chart.KMOptions{Title: fmt.Sprintf("%s model, %s set", m.Name, set), RiskTimes: []float64{0, 12, 24, 36, 48}, XMax: 48}
			if sr.LogRank != nil {
				opt.PValue, opt.ShowPValue = sr.LogRank.P, true
			}
			c, err := chart.KaplanMeier(series, opt)
			if err := add("fig5_km_"+stem, fmt.Sprintf("Fig. 5. Kaplan–Meier PFS by %s risk group, %s set (n = %d).", lower(m.Name), set, sr.N), c, err); err != nil {
				return nil, err
			}
			var rocs []chart.ROCCurve
			for _, tc := range sr.timeROC.Curves {
				if math.IsNaN(tc.AUC) {
					continue
				}
				rocs = append(rocs, chart.ROCCurve{Name: fmt.Sprintf("%g-year", tc.Time/12), FPR: tc.FP, TPR: tc.TP, AUC: tc.AUC})
			}
			if len(rocs) > 0 {
				c, err := chart.ROC(rocs, &chart.ROCOptions{Title: fmt.Sprintf("%s model, %s set", m.Name, set)})
				if err := add("fig6_roc_"+stem, fmt.Sprintf("Fig. 6. Time-dependent ROC curves of the %s model at 1, 2 and 3 years, %s set.", lower(m.Name), set), c, err); err != nil {
					return nil, err
				}
			}
		}
	}
	if len(r.Multivariate) > 0 {
		var rows []chart.HR
		for _, x := range r.Multivariate {
			rows = append(rows, chart.HR{Name: x.Label, HR: x.HR, Lower: x.Lower, Upper: x.Upper, P: x.P})
		}
		c, err := chart.Forest(rows, &chart.ForestOptions{Title: "Multivariate Cox model (training set)"})
		if err := add("table3_forest", "Multivariate Cox regression on the training set: hazard ratios with 95% CI.", c, err); err != nil {
			return nil, err
		}
	}
	return figs, nil
}

func minOf(x []float64) float64 {
	m := math.Inf(1)
	for _, v := range x {
		m = math.Min(m, v)
	}
	if math.IsInf(m, 1) {
		return 0
	}
	return m
}

func lower(s string) string {
	b := []byte(s)
	if len(b) > 0 && b[0] >= 'A' && b[0] <= 'Z' {
		b[0] += 'a' - 'A'
	}
	return string(b)
}
