package elasticnet

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"radgo/core/survival"
)

// Measure is the cross-validation loss (cv.glmnet type.measure).
type Measure int

const (
	// Deviance: mean squared error for Gaussian fits; for Cox the grouped
	// partial-likelihood deviance of Verweij & van Houwelingen (1993) per
	// event, as cv.glmnet's default "deviance".
	Deviance Measure = iota
	// MSE is the mean squared error (Gaussian only; equal to Deviance).
	MSE
	// MAE is the mean absolute error (Gaussian only).
	MAE
	// CIndex is Harrell's concordance per fold, computed as
	// survival::concordance(y ~ -eta) (Cox only; type.measure = "C").
	// Larger is better: LambdaMin maximises it.
	CIndex
	// Class is the misclassification rate at probability 0.5 (binomial
	// only; type.measure = "class").
	Class
)

// String returns cv.glmnet's type.measure name.
func (m Measure) String() string {
	switch m {
	case Deviance:
		return "deviance"
	case MSE:
		return "mse"
	case MAE:
		return "mae"
	case CIndex:
		return "C"
	case Class:
		return "class"
	}
	return fmt.Sprintf("Measure(%d)", int(m))
}

// CV is a cross-validated path, cv.glmnet's result.
type CV struct {
	Measure Measure
	// Lambda is the full-data lambda sequence (Fit.Lambda).
	Lambda []float64
	// CVM is the mean cross-validated measure at each lambda, CVSD its
	// standard error, CVUp = CVM+CVSD and CVLo = CVM-CVSD.
	CVM, CVSD, CVUp, CVLo []float64
	// NZero[k] is the number of non-zero coefficients of Fit at Lambda[k].
	NZero []int
	// LambdaMin is the largest lambda with the best CVM; Lambda1SE the
	// largest lambda within one standard error of it (cv.glmnet's rule).
	LambdaMin, Lambda1SE float64
	// IndexMin and Index1SE are their 0-based indices in Lambda.
	IndexMin, Index1SE int
	// Fit is the path fitted on all observations.
	Fit *Path
	// Folds is the 1-based fold of each observation used.
	Folds []int
}

// RandomFolds assigns n observations to k folds of sizes differing by at
// most one, in random order drawn from rnd (the equivalent of R's
// sample(rep(seq(k), length = n)); the permutation differs from R's RNG).
// Folds are 1-based, like cv.glmnet's foldid.
func RandomFolds(n, k int, rnd *rand.Rand) []int {
	if n < 0 || k < 1 {
		panic("elasticnet: RandomFolds needs n >= 0 and k >= 1")
	}
	f := make([]int, n)
	for i := range f {
		f[i] = i%k + 1
	}
	rnd.Shuffle(n, func(i, j int) { f[i], f[j] = f[j], f[i] })
	return f
}

// ContiguousFolds assigns n observations to k folds of consecutive rows,
// as scikit-learn's KFold(k, shuffle=False): the first n%k folds have one
// extra row. Folds are 1-based.
func ContiguousFolds(n, k int) []int {
	if n < 0 || k < 1 {
		panic("elasticnet: ContiguousFolds needs n >= 0 and k >= 1")
	}
	f := make([]int, n)
	start := 0
	for fold := 0; fold < k; fold++ {
		size := n / k
		if fold < n%k {
			size++
		}
		for i := start; i < start+size; i++ {
			f[i] = fold + 1
		}
		start += size
	}
	return f
}

// checkFolds validates 1-based folds and returns their number.
func checkFolds(folds []int, n int) (int, error) {
	if len(folds) != n {
		return 0, fmt.Errorf("elasticnet: %d fold ids for %d observations", len(folds), n)
	}
	k := 0
	for i, f := range folds {
		if f < 1 {
			return 0, fmt.Errorf("elasticnet: fold id %d of observation %d is not a positive 1-based fold", f, i)
		}
		k = max(k, f)
	}
	seen := make([]bool, k+1)
	for _, f := range folds {
		seen[f] = true
	}
	for f := 1; f <= k; f++ {
		if !seen[f] {
			return 0, fmt.Errorf("elasticnet: fold %d of 1..%d has no observations", f, k)
		}
	}
	if k < 3 {
		return 0, fmt.Errorf("elasticnet: %d folds; cross-validation needs at least 3", k)
	}
	return k, nil
}

// rows returns the indices with (in == true) or without fold f.
func rows(folds []int, f int, in bool) []int {
	var r []int
	for i, g := range folds {
		if (g == f) == in {
			r = append(r, i)
		}
	}
	return r
}

type subMatrix struct {
	x    mat.Matrix
	rows []int
}

func (s subMatrix) Dims() (int, int)    { _, c := s.x.Dims(); return len(s.rows), c }
func (s subMatrix) At(i, j int) float64 { return s.x.At(s.rows[i], j) }
func (s subMatrix) T() mat.Matrix       { return mat.Transpose{Matrix: s} }

func subset(y []float64, idx []int) []float64 {
	s := make([]float64, len(idx))
	for k, i := range idx {
		s[k] = y[i]
	}
	return s
}

// foldSettings are the settings of a fold fit: as cv.glmnet, each fold
// computes its own lambda sequence unless one was given.
func foldSettings(s Settings) Settings {
	s.Progress = nil
	return s
}

func progressCV(s Settings, done, total int) {
	if s.Progress != nil {
		s.Progress(done, total)
	}
}

// cvFits fits the full data (index 0) and each fold's training rows
// (index f) concurrently. Fold fits compute their own lambda sequences, as
// cv.glmnet does; a fold path cut short (TruncatedError) is kept.
//
// A full-data path cut short is kept too, as glmnet keeps it: fullTrunc
// is then its *TruncatedError, which the CrossValidate functions return
// with their (usable) result.
func cvFits(ctx context.Context, nf int, folds []int, s Settings, fit func(train []int) (*Path, error)) (paths []*Path, fullTrunc *TruncatedError, err error) {
	paths = make([]*Path, nf+1)
	done := 0
	err = parallel(ctx, nf+1, func(i int) error {
		var train []int
		if i > 0 {
			train = rows(folds, i, false)
		}
		p, err := fit(train)
		var te *TruncatedError
		if i == 0 && err != nil && errors.As(err, &te) && p != nil && p.Coef != nil && len(p.Lambda) > 1 {
			// glmnet keeps a full-data path cut short and warns;
			// cv.glmnet then cross-validates the lambdas it has.
			fullTrunc = te
			err = nil
		}
		if err != nil && !(i > 0 && errors.As(err, &te) && p != nil && p.Coef != nil) {
			if i == 0 {
				return fmt.Errorf("elasticnet: full-data fit: %w", err)
			}
			return fmt.Errorf("elasticnet: fold %d: %w", i, err)
		}
		paths[i] = p
		return nil
	}, func() {
		done++
		progressCV(s, done, nf+1)
	})
	return paths, fullTrunc, err
}

// columnsOf copies x into columns, for fast prediction.
func columnsOf(x mat.Matrix) [][]float64 {
	n, p := x.Dims()
	cols := make([][]float64, p)
	for j := range cols {
		cols[j] = make([]float64, n)
		for i := range cols[j] {
			cols[j][i] = x.At(i, j)
		}
	}
	return cols
}

// predictRows stores a0 + x[i,:]·c for the given rows (all rows if nil).
func predictRows(dst []float64, cols [][]float64, idx []int, c []float64, a0 float64) {
	for k := range dst {
		dst[k] = a0
	}
	for j, b := range c {
		if b == 0 {
			continue
		}
		col := cols[j]
		if idx == nil {
			for i := range dst {
				dst[i] += col[i] * b
			}
			continue
		}
		for k, i := range idx {
			dst[k] += col[i] * b
		}
	}
}

// CrossValidateGaussian runs k-fold cross-validation of FitGaussian as R's
// cv.glmnet(x, y, foldid = folds, type.measure = measure) with grouped =
// TRUE: each fold's measure is the mean over its held-out rows, CVM the
// fold-size weighted mean over folds and CVSD the weighted standard error.
// folds are 1-based (at least 3 folds). Fold fits run concurrently (up to
// GOMAXPROCS); results do not depend on the schedule. ctx is checked per
// fold and lambda; s.Progress counts the fits (folds + 1).
func CrossValidateGaussian(ctx context.Context, x mat.Matrix, y []float64, s Settings, folds []int, measure Measure) (*CV, error) {
	n, _ := x.Dims()
	if measure != Deviance && measure != MSE && measure != MAE {
		return nil, fmt.Errorf("elasticnet: measure %v is not available for Gaussian fits", measure)
	}
	if len(y) != n {
		return nil, fmt.Errorf("elasticnet: x has %d rows but y has %d values", n, len(y))
	}
	nf, err := checkFolds(folds, n)
	if err != nil {
		return nil, err
	}
	fs := foldSettings(s)
	paths, trunc, err := cvFits(ctx, nf, folds, s, func(train []int) (*Path, error) {
		if train == nil {
			return FitGaussian(ctx, x, y, fs)
		}
		return FitGaussian(ctx, subMatrix{x, train}, subset(y, train), fs)
	})
	if err != nil {
		return nil, err
	}
	full := paths[0]
	lam := full.Lambda
	cols := columnsOf(x)
	raw := make([][]float64, nf) // raw[fold][lambda]
	weights := make([]float64, nf)
	err = parallel(ctx, nf, func(i int) error {
		f := i + 1
		test := rows(folds, f, true)
		raw[i] = make([]float64, len(lam))
		weights[i] = float64(len(test))
		pred := make([]float64, len(test))
		for k, l := range lam {
			c, a0 := paths[f].CoefAt(l)
			predictRows(pred, cols, test, c, a0)
			sum := 0.0
			for t, j := range test {
				r := y[j] - pred[t]
				if measure == MAE {
					sum += math.Abs(r)
				} else {
					sum += r * r
				}
			}
			raw[i][k] = sum / float64(len(test))
		}
		return nil
	}, nil)
	if err != nil {
		return nil, err
	}
	return finishCVTrunc(finishCV(measure, full, raw, weights, folds), trunc)
}

// CrossValidateBinomial runs k-fold cross-validation of FitBinomial as
// R's cv.glmnet(x, y, family = "binomial", foldid = folds, type.measure =
// measure) with grouped = TRUE. Deviance is the binomial deviance with
// held-out probabilities clamped to [1e-5, 1-1e-5]; MSE and MAE are those
// of the two class indicators (twice the squared / absolute error of the
// probability, as cv.glmnet reports them); Class is the misclassification
// rate. folds are 1-based (at least 3 folds); fold fits run concurrently.
func CrossValidateBinomial(ctx context.Context, x mat.Matrix, y []bool, s Settings, folds []int, measure Measure) (*CV, error) {
	n, _ := x.Dims()
	if measure != Deviance && measure != MSE && measure != MAE && measure != Class {
		return nil, fmt.Errorf("elasticnet: measure %v is not available for binomial fits", measure)
	}
	if len(y) != n {
		return nil, fmt.Errorf("elasticnet: x has %d rows but y has %d values", n, len(y))
	}
	nf, err := checkFolds(folds, n)
	if err != nil {
		return nil, err
	}
	fs := foldSettings(s)
	paths, trunc, err := cvFits(ctx, nf, folds, s, func(train []int) (*Path, error) {
		if train == nil {
			return FitBinomial(ctx, x, y, fs)
		}
		yt := make([]bool, len(train))
		for k, i := range train {
			yt[k] = y[i]
		}
		return FitBinomial(ctx, subMatrix{x, train}, yt, fs)
	})
	if err != nil {
		return nil, err
	}
	full := paths[0]
	lam := full.Lambda
	cols := columnsOf(x)
	raw := make([][]float64, nf)
	weights := make([]float64, nf)
	err = parallel(ctx, nf, func(i int) error {
		f := i + 1
		test := rows(folds, f, true)
		raw[i] = make([]float64, len(lam))
		weights[i] = float64(len(test))
		eta := make([]float64, len(test))
		for k, l := range lam {
			c, a0 := paths[f].CoefAt(l)
			predictRows(eta, cols, test, c, a0)
			sum := 0.0
			for t, j := range test {
				p := 1 / (1 + math.Exp(-eta[t]))
				yi := b2f(y[j])
				switch measure {
				case Deviance:
					p = math.Min(math.Max(p, 1e-5), 1-1e-5)
					sum += -2 * ((1-yi)*math.Log(1-p) + yi*math.Log(p))
				case MSE:
					sum += 2 * (yi - p) * (yi - p)
				case MAE:
					sum += 2 * math.Abs(yi-p)
				case Class:
					if y[j] && p <= 0.5 || !y[j] && p > 0.5 {
						sum++
					}
				}
			}
			raw[i][k] = sum / float64(len(test))
		}
		return nil
	}, nil)
	if err != nil {
		return nil, err
	}
	return finishCVTrunc(finishCV(measure, full, raw, weights, folds), trunc)
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// CrossValidateCox runs k-fold cross-validation of FitCox as R's
// cv.glmnet(x, Surv(time, event), family = "cox", foldid = folds,
// type.measure = measure). Deviance is the grouped deviance
// dev_all(b_-k) - dev_-k(b_-k) divided by the events of fold k, averaged
// with the events as weights (a fold without events has weight 0 but
// counts in the standard error, as in R); CIndex is Harrell's C per
// held-out fold weighted by fold size. folds are 1-based (at least 3
// folds); fold fits run concurrently.
//
// When the full-data path is cut short (a *TruncatedError: maxit or
// PMax), the result covers the lambdas fitted and is returned with that
// error, as glmnet returns its truncated path with a warning.
func CrossValidateCox(ctx context.Context, x mat.Matrix, d survival.Data, s Settings, folds []int, measure Measure) (*CV, error) {
	n, _ := x.Dims()
	if measure != Deviance && measure != CIndex {
		return nil, fmt.Errorf("elasticnet: measure %v is not available for Cox fits", measure)
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if d.Len() != n {
		return nil, fmt.Errorf("elasticnet: x has %d rows but the survival data %d subjects", n, d.Len())
	}
	nf, err := checkFolds(folds, n)
	if err != nil {
		return nil, err
	}
	y, err := adjustTimes(d)
	if err != nil {
		return nil, err
	}
	fs := foldSettings(s)
	paths, trunc, err := cvFits(ctx, nf, folds, s, func(train []int) (*Path, error) {
		if train == nil {
			return FitCox(ctx, x, d, fs)
		}
		return FitCox(ctx, subMatrix{x, train}, d.Subset(train), fs)
	})
	if err != nil {
		return nil, err
	}
	full := paths[0]
	lam := full.Lambda
	cols := columnsOf(x)
	raw := make([][]float64, nf)
	weights := make([]float64, nf)
	err = parallel(ctx, nf, func(i int) error {
		f := i + 1
		train, test := rows(folds, f, false), rows(folds, f, true)
		raw[i] = make([]float64, len(lam))
		ytest, etest := subset(y, test), make([]bool, len(test))
		events := 0
		for k, j := range test {
			etest[k] = d.Event[j]
			if etest[k] {
				events++
			}
		}
		var devAll, devTrain *coxDev // per fold: they hold scratch buffers
		if measure == Deviance {
			var err error
			if devAll, err = newCoxDev(y, d.Event); err != nil {
				return err
			}
			weights[i] = float64(events)
			et := make([]bool, len(train))
			for k, j := range train {
				et[k] = d.Event[j]
			}
			if devTrain, err = newCoxDev(subset(y, train), et); err != nil {
				return fmt.Errorf("elasticnet: fold %d deviance: %w", f, err)
			}
		} else {
			weights[i] = float64(len(test))
		}
		etaAll := make([]float64, n)
		etaTest := make([]float64, len(test))
		etaTrain := make([]float64, len(train))
		for k, l := range lam {
			c, _ := paths[f].CoefAt(l)
			if measure == CIndex {
				predictRows(etaTest, cols, test, c, 0)
				raw[i][k] = harrellC(etaTest, ytest, etest)
				continue
			}
			predictRows(etaAll, cols, nil, c, 0)
			for t, j := range train {
				etaTrain[t] = etaAll[j]
			}
			// ±Inf or NaN for a fold without events, as in R.
			raw[i][k] = (devAll.eval(etaAll) - devTrain.eval(etaTrain)) / weights[i]
		}
		return nil
	}, nil)
	if err != nil {
		return nil, err
	}
	return finishCVTrunc(finishCV(measure, full, raw, weights, folds), trunc)
}

// finishCV is cv.glmnet's cvstats and getOptcv.
// finishCVTrunc returns the result, with trunc as its error when the
// full-data path was cut short: the result is usable (over the lambdas
// fitted), the error says where the path stopped.
func finishCVTrunc(cv *CV, trunc *TruncatedError) (*CV, error) {
	if trunc != nil {
		return cv, trunc
	}
	return cv, nil
}

func finishCV(measure Measure, full *Path, raw [][]float64, weights []float64, folds []int) *CV {
	nl := len(full.Lambda)
	cv := &CV{
		Measure: measure,
		Lambda:  append([]float64(nil), full.Lambda...),
		CVM:     make([]float64, nl),
		CVSD:    make([]float64, nl),
		CVUp:    make([]float64, nl),
		CVLo:    make([]float64, nl),
		NZero:   append([]int(nil), full.Df...),
		Fit:     full,
		Folds:   append([]int(nil), folds...),
	}
	// R's weighted.mean(na.rm = TRUE) drops NaN values and zero-weight
	// terms; cvstats' N counts every fold whose value is not NaN (a fold
	// without events has weight 0 but still counts, as in cv.coxnet).
	for k := 0; k < nl; k++ {
		sw, sm, nok := 0.0, 0.0, 0
		for f := range raw {
			r := raw[f][k]
			if math.IsNaN(r) {
				continue
			}
			nok++
			if weights[f] == 0 {
				continue
			}
			sw += weights[f]
			sm += weights[f] * r
		}
		m := sm / sw
		ss := 0.0
		for f := range raw {
			r := raw[f][k]
			if math.IsNaN(r) || weights[f] == 0 {
				continue
			}
			ss += weights[f] * (r - m) * (r - m)
		}
		cv.CVM[k] = m
		cv.CVSD[k] = math.Sqrt(ss / sw / float64(nok-1))
		cv.CVUp[k] = m + cv.CVSD[k]
		cv.CVLo[k] = m - cv.CVSD[k]
	}
	sign := 1.0
	if measure == CIndex {
		sign = -1
	}
	best := math.Inf(1)
	for k := 0; k < nl; k++ {
		if v := sign * cv.CVM[k]; v < best {
			best = v
		}
	}
	// The lambdas decrease, so the first index attaining a bound is the
	// largest lambda.
	cv.IndexMin = -1
	for k := 0; k < nl; k++ {
		if sign*cv.CVM[k] <= best {
			cv.IndexMin = k
			break
		}
	}
	if cv.IndexMin < 0 {
		cv.IndexMin, cv.Index1SE = 0, 0
		cv.LambdaMin, cv.Lambda1SE = math.NaN(), math.NaN()
		return cv
	}
	semin := sign*cv.CVM[cv.IndexMin] + cv.CVSD[cv.IndexMin]
	for k := 0; k < nl; k++ {
		if sign*cv.CVM[k] <= semin {
			cv.Index1SE = k
			break
		}
	}
	cv.LambdaMin = cv.Lambda[cv.IndexMin]
	cv.Lambda1SE = cv.Lambda[cv.Index1SE]
	return cv
}

// harrellC is survival::concordance(Surv(y, ev) ~ -eta)$concordance:
// pairs ordered by time (an event before a censoring at the same time),
// ties in eta count one half, pairs of tied event times are not used.
func harrellC(eta, y []float64, ev []bool) float64 {
	var conc, disc, tie float64
	for i := range y {
		if !ev[i] {
			continue
		}
		for j := range y {
			if j == i {
				continue
			}
			// i is shorter than j when y_i < y_j, or equal times with j censored.
			if y[i] < y[j] || (y[i] == y[j] && !ev[j]) {
				switch {
				case eta[i] > eta[j]:
					conc++
				case eta[i] < eta[j]:
					disc++
				default:
					tie++
				}
			}
		}
	}
	return (conc + tie/2) / (conc + disc + tie)
}
