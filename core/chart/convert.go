package chart

import (
	"fmt"
	"math"
	"strconv"

	"radgo/core/elasticnet"
	"radgo/core/survival"
)

// KMSeriesOf returns the curve as a [KMSeries] named by its stratum (or
// "All" for an unstratified curve).
func KMSeriesOf(c *survival.Curve) KMSeries {
	name := c.Stratum
	if name == "" {
		name = "All"
	}
	return KMSeries{Name: name, Time: c.Time, Surv: c.Survival, Lower: c.Lower, Upper: c.Upper, AtRisk: c.AtRisk, Censored: c.Censored}
}

// KaplanMeierByGroup computes one Kaplan–Meier curve per group level (R's
// factor order, log-transformed 95% limits as survfit) and, for two or more
// groups, the log-rank test, and draws them with the p in the legend. With
// a nil group it draws the single curve of all subjects. Options other than
// the p-value are taken from opt.
func KaplanMeierByGroup(d survival.Data, group []string, opt *KMOptions) (*Chart, error) {
	var o KMOptions
	if opt != nil {
		o = *opt
	}
	var curves []*survival.Curve
	if group == nil {
		c, err := survival.KaplanMeier(d, nil)
		if err != nil {
			return nil, fmt.Errorf("chart: %w", err)
		}
		curves = []*survival.Curve{c}
	} else {
		var err error
		if curves, err = survival.KaplanMeierStrata(d, group, nil); err != nil {
			return nil, fmt.Errorf("chart: %w", err)
		}
		if len(curves) > 1 {
			lr, err := survival.LogRank(d, group, nil)
			if err != nil {
				return nil, fmt.Errorf("chart: %w", err)
			}
			o.PValue, o.ShowPValue = lr.P, true
		}
	}
	series := make([]KMSeries, len(curves))
	for k, c := range curves {
		series[k] = KMSeriesOf(c)
	}
	return KaplanMeier(series, &o)
}

// ROCCurvesOf returns the time-dependent ROC curves of r, named names[k]
// or, without names, "t = <time>". Curves whose AUC is NaN (no cases or no
// controls at that time) are left out.
func ROCCurvesOf(r *survival.TimeROCResult, names ...string) []ROCCurve {
	var out []ROCCurve
	for k, c := range r.Curves {
		if math.IsNaN(c.AUC) {
			continue
		}
		name := "t = " + strconv.FormatFloat(c.Time, 'g', -1, 64)
		if k < len(names) {
			name = names[k]
		}
		out = append(out, ROCCurve{Name: name, FPR: c.FP, TPR: c.TP, Thresholds: c.Cutoffs, AUC: c.AUC})
	}
	return out
}

// CVDataOf returns the cross-validation curve of cv.
func CVDataOf(cv *elasticnet.CV) CVData {
	return CVData{Lambda: cv.Lambda, Mean: cv.CVM, SE: cv.CVSD, NonZero: cv.NZero, LambdaMin: cv.LambdaMin, Lambda1SE: cv.Lambda1SE}
}

// measureLabel names a CV measure for the y axis, as plot.cv.glmnet does.
func measureLabel(cv *elasticnet.CV) string {
	switch cv.Measure {
	case elasticnet.Deviance:
		if cv.Fit != nil && cv.Fit.Family == elasticnet.Gaussian {
			return "Mean-squared error"
		}
		if cv.Fit != nil && cv.Fit.Family == elasticnet.Cox {
			return "Partial likelihood deviance"
		}
		return "Deviance"
	case elasticnet.MSE:
		return "Mean-squared error"
	case elasticnet.MAE:
		return "Mean absolute error"
	case elasticnet.CIndex:
		return "C-index"
	case elasticnet.Class:
		return "Misclassification error"
	}
	return cv.Measure.String()
}

// LassoCV draws the cross-validation curve of cv with the y axis named
// after its measure (unless opt sets YLabel).
func LassoCV(cv *elasticnet.CV, opt *LassoOptions) (*Chart, error) {
	var o LassoOptions
	if opt != nil {
		o = *opt
	}
	if o.YLabel == "" {
		o.YLabel = measureLabel(cv)
	}
	return CVCurve(CVDataOf(cv), &o)
}

// PathDataOf returns the coefficient paths of p with the feature names
// (nil for "feature 1", …) and the chosen lambdas (zero for none).
func PathDataOf(p *elasticnet.Path, names []string, lambdaMin, lambda1SE float64) PathData {
	r, c := p.Coef.Dims()
	coef := make([][]float64, r)
	for j := range r {
		coef[j] = make([]float64, c)
		for k := range c {
			coef[j][k] = p.Coef.At(j, k)
		}
	}
	return PathData{Lambda: p.Lambda, Coef: coef, Names: names, LambdaMin: lambdaMin, Lambda1SE: lambda1SE}
}

// LassoPaths draws the coefficient paths of the full-data fit of cv, with
// its lambda.min and lambda.1se marked.
func LassoPaths(cv *elasticnet.CV, names []string, opt *LassoOptions) (*Chart, error) {
	if cv.Fit == nil {
		return nil, fmt.Errorf("chart: LassoPaths: the CV result has no full-data fit")
	}
	return CoefPaths(PathDataOf(cv.Fit, names, cv.LambdaMin, cv.Lambda1SE), opt)
}
