package study

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"gonum.org/v1/gonum/mat"

	"radgo/core/elasticnet"
	"radgo/core/stats"
	"radgo/core/survival"
	"radgo/core/survival/cox"
)

// Result holds every number of the analysis, laid out like the paper.
type Result struct {
	Options  Options
	N        int
	Training []string // patient IDs of the training set, in clinical-table order
	Test     []string // validation set

	Table1 []Table1Row

	Features     int // features extracted per patient
	ICC          []FeatureICC
	StableCount  int // features with ICC >= threshold
	ICCPatientsN int // patients the ICC was computed on

	Lasso    *LassoResult
	RadScore RadScore

	Univariate   []CoxRow // Table 3 left: every clinical and genomic variable + Rad-score group
	Multivariate []CoxRow // Table 3 right: those with p < Alpha
	MultiNote    string

	Models []ModelResult // radiomics, genomics, integrated
	// IntegratedCoef are the Cox coefficients of Rad-score and HRR that
	// give the integrated model's linear predictor.
	IntegratedCoef []float64

	// Per-patient values, in clinical-table order.
	IDs          []string
	RadScores    []float64
	InTraining   []bool
	Warnings     []string
	survTraining survival.Data
	survTest     survival.Data
}

// Table1Row is one level of a Table 1 variable.
type Table1Row struct {
	Variable, Level string
	Training, Test  int
	P               float64 // on the first level of each variable; NaN on the others
	Method          string  // "chi-squared", "chi-squared (Yates)" or "Fisher" (first level only)
	first           bool
}

// FeatureICC is the inter-reader agreement of one feature.
type FeatureICC struct {
	Feature string
	ICC     float64 // ICC(2,1), NaN when undefined (constant feature)
	Stable  bool
}

// LassoResult is the cross-validated LASSO.
type LassoResult struct {
	Target      string
	Lambda      []float64
	CVM, CVSD   []float64
	NZero       []int
	LambdaMin   float64
	IndexMin    int
	Lambda1SE   float64
	Measure     string
	Warning     string // set when the fit did not fully converge
	Selected    []string
	Coefficient []float64
	path        *elasticnet.Path
	stable      []string
}

// RadScore is the fitted signature.
type RadScore struct {
	Features     []string
	Coefficients []float64
	Intercept    float64 // Gaussian LASSO only
	// Mean and SD of each selected feature on the training set: the
	// z-score constants, which the paper did not publish.
	Mean, SD []float64
	Cutoff   float64 // Youden-optimal on the training ROC vs progression
	AUC      float64 // training ROC AUC of the Rad-score vs progression status
	AUCLower float64
	AUCUpper float64
}

// CoxRow is one line of Table 3.
type CoxRow struct {
	Variable string // R-style coefficient name, e.g. "LocationMiddle"
	Label    string
	HR       float64
	Lower    float64
	Upper    float64
	P        float64
	Note     string
}

// ModelResult is one prediction model evaluated on both sets.
type ModelResult struct {
	Name     string // "Radiomics", "Genomics", "Integrated"
	Groups   []string
	Training SetResult
	Test     SetResult
}

// SetResult evaluates a model on one set.
type SetResult struct {
	N       int
	Groups  []GroupSummary
	LogRank *survival.LogRankTest
	AUC     []TimeAUC
	C       float64
	CLower  float64
	CUpper  float64
	marker  []float64
	group   []string
	data    survival.Data
	curves  []*survival.Curve
	timeROC *survival.TimeROCResult
}

// GroupSummary is a risk group's KM summary.
type GroupSummary struct {
	Group       string
	N, Events   int
	Median      float64 // NaN when not reached
	MedianLower float64
	MedianUpper float64
}

// TimeAUC is a time-dependent AUC with its 95% CI.
type TimeAUC struct {
	Time, AUC, Lower, Upper float64
}

// Run performs the analysis on inputs. It checks ctx between steps and
// inside the cross-validation.
func Run(ctx context.Context, in *Inputs, opt Options) (*Result, error) {
	opt = opt.Defaults()
	if err := opt.validate(); err != nil {
		return nil, err
	}
	p, err := prepare(in, opt.Columns)
	if err != nil {
		return nil, err
	}
	n := len(p.ids)
	if n < 20 {
		return nil, fmt.Errorf("study: %d patients; the workflow needs at least 20", n)
	}
	res := &Result{Options: opt, N: n, IDs: p.ids, Features: len(p.features)}

	// 1. Split.
	part, err := stats.Split(n, 1-opt.TrainFraction, nil, opt.Seed)
	if err != nil {
		return nil, fmt.Errorf("study: %w", err)
	}
	train, test := part.Train, part.Validation
	res.InTraining = make([]bool, n)
	for _, i := range train {
		res.InTraining[i] = true
		res.Training = append(res.Training, p.ids[i])
	}
	for _, i := range test {
		res.Test = append(res.Test, p.ids[i])
	}
	all := survival.Data{Time: p.data.time, Event: p.data.event}
	res.survTraining, res.survTest = all.Subset(train), all.Subset(test)
	if res.survTraining.Events() < 5 {
		return nil, fmt.Errorf("study: only %d progressions in the training set", res.survTraining.Events())
	}
	if res.Table1, err = table1(p, opt, res.InTraining); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// 2. ICC between readers.
	iccIdx := iccSubset(n, opt)
	res.ICCPatientsN = len(iccIdx)
	m1 := rowsMatrix(p.x1, iccIdx, nil)
	m2 := rowsMatrix(p.x2, iccIdx, nil)
	iccs, err := stats.ICCByFeature(m1, m2, p.features)
	if err != nil {
		return nil, fmt.Errorf("study: ICC: %w", err)
	}
	var stable []int
	for j, f := range iccs {
		v := math.NaN()
		if f.Err == nil && f.Result != nil {
			v = f.Result.Rows[stats.ICC2].ICC
		}
		ok := v >= opt.ICCThreshold
		res.ICC = append(res.ICC, FeatureICC{Feature: p.features[j], ICC: v, Stable: ok})
		if ok {
			stable = append(stable, j)
		}
	}
	res.StableCount = len(stable)
	if len(stable) == 0 {
		return nil, fmt.Errorf("study: no feature reaches ICC %.2f between the readers", opt.ICCThreshold)
	}

	// 3. z-scores on training (reader 1's values, the study's primary reader).
	xTrain := rowsMatrix(p.x1, train, stable)
	xAll := rowsMatrix(p.x1, allIdx(n), stable)
	zs, err := stats.FitZScore(xTrain, true)
	if err != nil {
		return nil, fmt.Errorf("study: z-score: %w", err)
	}
	// Constant training columns cannot be standardised: drop them.
	var keep []int
	for j := range stable {
		if zs.SD[j] > 0 && !math.IsNaN(zs.SD[j]) {
			keep = append(keep, j)
		}
	}
	if len(keep) < len(stable) {
		res.Warnings = append(res.Warnings, fmt.Sprintf("%d stable features are constant in the training set and were dropped", len(stable)-len(keep)))
		sub := make([]int, len(keep))
		for k, j := range keep {
			sub[k] = stable[j]
		}
		stable = sub
		xTrain = rowsMatrix(p.x1, train, stable)
		xAll = rowsMatrix(p.x1, allIdx(n), stable)
		if zs, err = stats.FitZScore(xTrain, true); err != nil {
			return nil, fmt.Errorf("study: z-score: %w", err)
		}
	}
	zTrain, err := zs.Apply(xTrain)
	if err != nil {
		return nil, err
	}
	zAll, err := zs.Apply(xAll)
	if err != nil {
		return nil, err
	}
	stableNames := make([]string, len(stable))
	for k, j := range stable {
		stableNames[k] = p.features[j]
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// 4. LASSO with k-fold CV at the minimum CV error.
	lasso, err := runLasso(ctx, zTrain, res.survTraining, opt, stableNames)
	if err != nil {
		return nil, err
	}
	res.Lasso = lasso
	if lasso.Warning != "" {
		res.Warnings = append(res.Warnings, lasso.Warning)
	}
	rs := RadScore{}
	for k, name := range lasso.Selected {
		j := indexOf(stableNames, name)
		rs.Features = append(rs.Features, name)
		rs.Coefficients = append(rs.Coefficients, lasso.Coefficient[k])
		rs.Mean = append(rs.Mean, zs.Mean[j])
		rs.SD = append(rs.SD, zs.SD[j])
	}
	res.RadScores = make([]float64, n)
	for i := 0; i < n; i++ {
		s := 0.0
		for k, name := range lasso.Selected {
			s += lasso.Coefficient[k] * zAll.At(i, indexOf(stableNames, name))
		}
		res.RadScores[i] = s
	}
	// 5. Youden cut-off on the training ROC against progression status.
	trainScore := pick(res.RadScores, train)
	roc, err := stats.NewROC(res.survTraining.Event, trainScore)
	if err != nil {
		return nil, fmt.Errorf("study: Rad-score ROC: %w", err)
	}
	rs.Cutoff, _, _, _ = roc.Youden()
	rs.AUC, rs.AUCLower, rs.AUCUpper = roc.AUC, roc.AUCLower, roc.AUCUpper
	res.RadScore = rs
	if len(lasso.Selected) == 0 {
		res.Warnings = append(res.Warnings, "the cross-validated LASSO selected no feature: the Rad-score is constant and the radiomics model carries no information")
	}

	// 6. Cox models on the training set (Table 3).
	radHigh := make([]float64, n)
	for i, s := range res.RadScores {
		if s > rs.Cutoff {
			radHigh[i] = 1
		}
	}
	if err := coxTables(res, p, opt, train, radHigh); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// 7. The three models on both sets.
	integrated := make([]float64, n)
	for i := range integrated {
		integrated[i] = radHigh[i] + p.hrr[i]
	}
	// The integrated model's marker for discrimination (C-index, time
	// ROC) is the linear predictor of a training-set Cox model on the
	// Rad-score and HRR status; its risk groups count the risk factors.
	integratedLP, err := integratedPredictor(res, p, train)
	if err != nil {
		return nil, err
	}
	models := []struct {
		name   string
		group  []float64
		labels []string
		marker []float64
	}{
		{"Radiomics", radHigh, []string{"Low risk", "High risk"}, res.RadScores},
		{"Genomics", p.hrr, []string{"HRR wild type", "HRR altered"}, p.hrr},
		{"Integrated", integrated, []string{"0 risk factors", "1 risk factor", "2 risk factors"}, integratedLP},
	}
	for _, m := range models {
		mr := ModelResult{Name: m.name, Groups: m.labels}
		for s, idx := range [][]int{train, test} {
			sr, err := evaluate(pick(m.marker, idx), pick(m.group, idx), m.labels, all.Subset(idx), opt)
			if err != nil {
				return nil, fmt.Errorf("study: %s model, %s set: %w", m.name, [...]string{"training", "validation"}[s], err)
			}
			if s == 0 {
				mr.Training = *sr
			} else {
				mr.Test = *sr
			}
		}
		res.Models = append(res.Models, mr)
	}
	return res, nil
}

// iccSubset picks the patients whose two readings give the ICC.
func iccSubset(n int, opt Options) []int {
	if opt.ICCPatients < 0 || opt.ICCPatients >= n {
		return allIdx(n)
	}
	rng := rand.New(rand.NewPCG(opt.Seed, 0x696363)) // "icc"
	idx := rng.Perm(n)[:opt.ICCPatients]
	sort.Ints(idx)
	return idx
}

func allIdx(n int) []int {
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	return idx
}

func rowsMatrix(x [][]float64, rows, cols []int) *mat.Dense {
	if cols == nil {
		cols = allIdx(len(x[0]))
	}
	m := mat.NewDense(len(rows), len(cols), nil)
	for a, i := range rows {
		for b, j := range cols {
			m.Set(a, b, x[i][j])
		}
	}
	return m
}

func pick(v []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for k, i := range idx {
		out[k] = v[i]
	}
	return out
}

func indexOf(s []string, x string) int {
	for i, v := range s {
		if v == x {
			return i
		}
	}
	return -1
}

func runLasso(ctx context.Context, z *mat.Dense, d survival.Data, opt Options, names []string) (*LassoResult, error) {
	n, _ := z.Dims()
	rng := rand.New(rand.NewPCG(opt.Seed, 0x666f6c6473)) // "folds"
	folds := elasticnet.RandomFolds(n, opt.Folds, rng)
	s := elasticnet.DefaultSettings()
	var cv *elasticnet.CV
	var err error
	lr := &LassoResult{Target: opt.LassoTarget.String(), stable: names}
	switch opt.LassoTarget {
	case CoxLasso:
		cv, err = elasticnet.CrossValidateCox(ctx, z, d, s, folds, elasticnet.Deviance)
		lr.Measure = "partial-likelihood deviance"
	case StatusLasso, TimeLasso:
		y := make([]float64, n)
		for i := range y {
			if opt.LassoTarget == StatusLasso {
				if d.Event[i] {
					y[i] = 1
				}
			} else {
				y[i] = d.Time[i]
			}
		}
		cv, err = elasticnet.CrossValidateGaussian(ctx, z, y, s, folds, elasticnet.MSE)
		lr.Measure = "mean squared error"
	default:
		return nil, fmt.Errorf("study: unknown LASSO target %v", opt.LassoTarget)
	}
	switch {
	case err != nil && (cv == nil || !errors.As(err, new(*elasticnet.TruncatedError))):
		return nil, fmt.Errorf("study: LASSO (%s): %w", lr.Target, err)
	case err != nil:
		lr.Warning = fmt.Sprintf("LASSO (%s): %v; the path is used as far as it converged", lr.Target, err)
	}
	lr.Lambda, lr.CVM, lr.CVSD, lr.NZero = cv.Lambda, cv.CVM, cv.CVSD, cv.NZero
	lr.LambdaMin, lr.IndexMin, lr.Lambda1SE = cv.LambdaMin, cv.IndexMin, cv.Lambda1SE
	lr.path = cv.Fit
	for j, name := range names {
		if b := cv.Fit.Coef.At(j, cv.IndexMin); b != 0 {
			lr.Selected = append(lr.Selected, name)
			lr.Coefficient = append(lr.Coefficient, b)
		}
	}
	return lr, nil
}

// integratedPredictor fits Cox(PFS ~ Rad-score + HRR) on the training set
// and returns its linear predictor for every patient.
func integratedPredictor(res *Result, p *prepared, train []int) ([]float64, error) {
	n := len(p.ids)
	x := [][]float64{pick(res.RadScores, train), pick(p.hrr, train)} // covariate-major
	m, err := cox.Fit(res.survTraining, x, []string{"RadScore", "HRR"}, nil)
	if err != nil {
		return nil, fmt.Errorf("study: integrated model: %w", err)
	}
	res.IntegratedCoef = m.Coef
	lp := make([]float64, n)
	for i := range lp {
		lp[i] = m.Coef[0]*res.RadScores[i] + m.Coef[1]*p.hrr[i]
	}
	return lp, nil
}
