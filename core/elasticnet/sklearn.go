package elasticnet

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// LassoCVSettings configures LassoCV with scikit-learn's names and
// defaults (LassoCV / ElasticNetCV, scikit-learn 1.2).
type LassoCVSettings struct {
	// L1Ratio is ElasticNetCV's l1_ratio; zero means 1 (the lasso).
	L1Ratio float64
	// NAlphas is the length of the alpha grid (n_alphas; zero: 100).
	NAlphas int
	// Eps is alpha_min/alpha_max (eps; zero: 1e-3).
	Eps float64
	// Alphas is an explicit decreasing grid; it overrides NAlphas and Eps.
	Alphas []float64
	// Tol is the duality-gap tolerance, relative to ||y - mean(y)||^2
	// (tol; zero: 1e-4).
	Tol float64
	// MaxIter caps coordinate-descent epochs per alpha (max_iter; zero: 1000).
	MaxIter int
}

func (s *LassoCVSettings) defaults() LassoCVSettings {
	d := *s
	if d.L1Ratio == 0 {
		d.L1Ratio = 1
	}
	if d.NAlphas == 0 {
		d.NAlphas = 100
	}
	if d.Eps == 0 {
		d.Eps = 1e-3
	}
	if d.Tol == 0 {
		d.Tol = 1e-4
	}
	if d.MaxIter == 0 {
		d.MaxIter = 1000
	}
	return d
}

// LassoCVResult holds the attributes of a fitted scikit-learn LassoCV.
type LassoCVResult struct {
	Alphas     []float64  // alphas_, decreasing
	MSEPath    *mat.Dense // mse_path_: len(Alphas) × folds, columns in fold order 1, 2, …
	MSEMean    []float64  // mean of MSEPath over folds (unweighted)
	Alpha      float64    // alpha_ = Alphas[Index]
	Index      int        // argmin of MSEMean (first minimum: the largest alpha on ties)
	Coef       []float64  // coef_ of the refit on all rows at Alpha
	Intercept  float64    // intercept_
	NIter      int        // n_iter_ of the refit
	DualGap    float64    // dual_gap_ of the refit (scaled by 1/n as scikit-learn)
	RadScore   []float64  // X·Coef + Intercept on the training rows
	Tol        float64    // the tolerance used
	FoldsCount int        // number of folds
}

// LassoCV reproduces scikit-learn's LassoCV (L1Ratio 1) and ElasticNetCV
// (L1Ratio < 1) with fit_intercept=True: the objective
//
//	1/(2n)·||y - b0 - Xb||^2 + alpha·L1Ratio·|b|_1 + alpha·(1-L1Ratio)/2·|b|_2^2,
//
// the alpha grid alpha_max = max|Xc'yc|/(n·L1Ratio) down to Eps·alpha_max
// in NAlphas log-spaced values computed once on all rows, per-fold paths
// on training rows centred (not scaled) with their own means, warm-started
// cyclic coordinate descent stopping on scikit-learn's duality-gap rule,
// mean squared error on the held-out rows, and a cold refit on all rows at
// the best alpha. folds are 1-based (PredefinedSplit test_fold + 1; use
// ContiguousFolds(n, k) for cv=k, i.e. KFold without shuffling).
//
// Note that this objective equals glmnet's Gaussian objective with
// lambda = alpha and glmnet alpha = L1Ratio on population-standardised X
// (for L1Ratio < 1 only if y also has unit population SD: glmnet scales y
// internally, which divides its effective ridge penalty by sd(y)).
// scikit-learn does not standardise: scale X first (stats.FitZScore) to
// match the study.
func LassoCV(ctx context.Context, x mat.Matrix, y []float64, s LassoCVSettings, folds []int) (*LassoCVResult, error) {
	n, p := x.Dims()
	if len(y) != n {
		return nil, fmt.Errorf("elasticnet: x has %d rows but y has %d values", n, len(y))
	}
	st := s.defaults()
	if st.L1Ratio < 0 || st.L1Ratio > 1 || math.IsNaN(st.L1Ratio) {
		return nil, fmt.Errorf("elasticnet: L1Ratio %v outside (0, 1]", s.L1Ratio)
	}
	nf, err := checkFoldsSK(folds, n)
	if err != nil {
		return nil, err
	}
	cols, err := columns(x)
	if err != nil {
		return nil, err
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("elasticnet: y[%d] = %v is not finite", i, v)
		}
	}
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	alphas := st.Alphas
	if alphas == nil {
		c := newCentred(cols, y, all)
		amax := 0.0
		for j := 0; j < p; j++ {
			amax = math.Max(amax, math.Abs(c.xy[j]))
		}
		amax /= float64(n) * st.L1Ratio
		alphas = logspaceDesc(math.Log10(amax*st.Eps), math.Log10(amax), st.NAlphas)
	}
	res := &LassoCVResult{
		Alphas:     append([]float64(nil), alphas...),
		MSEPath:    mat.NewDense(len(alphas), nf, nil),
		MSEMean:    make([]float64, len(alphas)),
		Tol:        st.Tol,
		FoldsCount: nf,
	}
	for f := 1; f <= nf; f++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		train, test := rows(folds, f, false), rows(folds, f, true)
		c := newCentred(cols, y, train)
		w := make([]float64, p)
		for k, a := range alphas {
			c.solve(w, a, st)
			icpt := c.ym
			for j, b := range w {
				icpt -= b * c.xm[j]
			}
			mse := 0.0
			for _, i := range test {
				r := icpt - y[i]
				for j, b := range w {
					if b != 0 {
						r += cols[j][i] * b
					}
				}
				mse += r * r
			}
			res.MSEPath.Set(k, f-1, mse/float64(len(test)))
		}
	}
	best := math.Inf(1)
	for k := range alphas {
		m := 0.0
		for f := 0; f < nf; f++ {
			m += res.MSEPath.At(k, f)
		}
		m /= float64(nf)
		res.MSEMean[k] = m
		if m < best {
			best, res.Index = m, k
		}
	}
	res.Alpha = alphas[res.Index]
	res.Coef, res.Intercept, res.NIter, res.DualGap = lassoFit(cols, y, all, res.Alpha, st)
	res.RadScore = make([]float64, n)
	for i := range res.RadScore {
		v := res.Intercept
		for j, b := range res.Coef {
			v += cols[j][i] * b
		}
		res.RadScore[i] = v
	}
	return res, nil
}

// Lasso fits scikit-learn's Lasso (L1Ratio 1) or ElasticNet at one alpha
// with fit_intercept=True from a zero start, returning coef_, intercept_,
// n_iter_ and dual_gap_. Zero fields of s take scikit-learn's defaults
// (tol 1e-4, max_iter 1000).
func Lasso(x mat.Matrix, y []float64, alpha float64, s LassoCVSettings) (coef []float64, intercept float64, nIter int, dualGap float64, err error) {
	n, _ := x.Dims()
	if len(y) != n {
		return nil, 0, 0, 0, fmt.Errorf("elasticnet: x has %d rows but y has %d values", n, len(y))
	}
	if alpha < 0 || math.IsNaN(alpha) {
		return nil, 0, 0, 0, fmt.Errorf("elasticnet: alpha %v < 0", alpha)
	}
	cols, err := columns(x)
	if err != nil {
		return nil, 0, 0, 0, err
	}
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	coef, intercept, nIter, dualGap = lassoFit(cols, y, all, alpha, s.defaults())
	return coef, intercept, nIter, dualGap, nil
}

func lassoFit(cols [][]float64, y []float64, idx []int, alpha float64, st LassoCVSettings) ([]float64, float64, int, float64) {
	c := newCentred(cols, y, idx)
	w := make([]float64, len(cols))
	it, gap := c.solve(w, alpha, st)
	icpt := c.ym
	for j, b := range w {
		icpt -= b * c.xm[j]
	}
	return w, icpt, it, gap / float64(c.n)
}

func columns(x mat.Matrix) ([][]float64, error) {
	n, p := x.Dims()
	cols := make([][]float64, p)
	for j := range cols {
		cols[j] = make([]float64, n)
		for i := range cols[j] {
			v := x.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("elasticnet: x[%d, %d] = %v is not finite", i, j, v)
			}
			cols[j][i] = v
		}
	}
	return cols, nil
}

func checkFoldsSK(folds []int, n int) (int, error) {
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
	if k < 2 {
		return 0, fmt.Errorf("elasticnet: %d folds; cross-validation needs at least 2", k)
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
	return k, nil
}

// logspaceDesc is numpy's logspace(start, stop, num)[::-1].
func logspaceDesc(start, stop float64, num int) []float64 {
	out := make([]float64, num)
	if num == 1 {
		out[0] = math.Pow(10, stop)
		return out
	}
	step := (stop - start) / float64(num-1)
	for i := 0; i < num; i++ {
		v := float64(i)*step + start
		if i == num-1 {
			v = stop
		}
		out[num-1-i] = math.Pow(10, v)
	}
	return out
}

// centred is the training data of one scikit-learn fit: X and y centred
// with the means of the rows used, plus the Gram matrix when n > p
// (precompute='auto').
type centred struct {
	n, p   int
	x      [][]float64 // centred columns over the rows used
	y      []float64
	xm     []float64
	ym     float64
	xy     []float64 // X'y
	gram   []float64 // p×p, nil when n <= p
	ynorm2 float64
	colsq  []float64
}

func newCentred(cols [][]float64, yall []float64, idx []int) *centred {
	n, p := len(idx), len(cols)
	c := &centred{n: n, p: p, x: make([][]float64, p), y: make([]float64, n), xm: make([]float64, p), xy: make([]float64, p), colsq: make([]float64, p)}
	for _, i := range idx {
		c.ym += yall[i]
	}
	c.ym /= float64(n)
	for k, i := range idx {
		c.y[k] = yall[i] - c.ym
	}
	c.ynorm2 = dot(c.y, c.y)
	for j := range cols {
		m := 0.0
		for _, i := range idx {
			m += cols[j][i]
		}
		m /= float64(n)
		c.xm[j] = m
		col := make([]float64, n)
		for k, i := range idx {
			col[k] = cols[j][i] - m
		}
		c.x[j] = col
		c.xy[j] = dot(col, c.y)
		c.colsq[j] = dot(col, col)
	}
	if n > p {
		c.gram = make([]float64, p*p)
		for a := 0; a < p; a++ {
			for b := 0; b <= a; b++ {
				v := dot(c.x[a], c.x[b])
				c.gram[a*p+b] = v
				c.gram[b*p+a] = v
			}
		}
	}
	return c
}

// solve runs scikit-learn's enet_coordinate_descent (or its _gram variant)
// from the start w, returning the epochs used and the duality gap.
func (c *centred) solve(w []float64, alpha float64, st LassoCVSettings) (int, float64) {
	fn := float64(c.n)
	l1 := alpha * st.L1Ratio * fn
	l2 := alpha * (1 - st.L1Ratio) * fn
	tol := st.Tol * c.ynorm2
	p := c.p
	if c.gram != nil {
		H := make([]float64, p) // Q·w
		for a := 0; a < p; a++ {
			if w[a] != 0 {
				for b := 0; b < p; b++ {
					H[b] += c.gram[a*p+b] * w[a]
				}
			}
		}
		gap := 0.0
		for it := 0; it < st.MaxIter; it++ {
			wmax, dwmax := 0.0, 0.0
			for ii := 0; ii < p; ii++ {
				qii := c.gram[ii*p+ii]
				if qii == 0 {
					continue
				}
				wii := w[ii]
				row := c.gram[ii*p : (ii+1)*p]
				if wii != 0 {
					for b := range H {
						H[b] -= wii * row[b]
					}
				}
				tmp := c.xy[ii] - H[ii]
				w[ii] = math.Copysign(math.Max(math.Abs(tmp)-l1, 0), tmp) / (qii + l2)
				if w[ii] != 0 {
					for b := range H {
						H[b] += w[ii] * row[b]
					}
				}
				dwmax = math.Max(dwmax, math.Abs(w[ii]-wii))
				wmax = math.Max(wmax, math.Abs(w[ii]))
			}
			if wmax == 0 || dwmax/wmax < st.Tol || it == st.MaxIter-1 {
				qw := dot(w, c.xy)
				dual := 0.0
				for b := 0; b < p; b++ {
					dual = math.Max(dual, math.Abs(c.xy[b]-H[b]-l2*w[b]))
				}
				rnorm2 := c.ynorm2 - 2*qw + dot(w, H)
				gap = c.gapValue(w, dual, rnorm2, c.ynorm2-qw, l1, l2)
				if gap < tol {
					return it + 1, gap
				}
			}
		}
		return st.MaxIter, gap
	}
	R := append([]float64(nil), c.y...)
	for j, b := range w {
		if b != 0 {
			for i, v := range c.x[j] {
				R[i] -= v * b
			}
		}
	}
	gap := 0.0
	for it := 0; it < st.MaxIter; it++ {
		wmax, dwmax := 0.0, 0.0
		for ii := 0; ii < p; ii++ {
			if c.colsq[ii] == 0 {
				continue
			}
			wii := w[ii]
			xi := c.x[ii]
			if wii != 0 {
				for i, v := range xi {
					R[i] += wii * v
				}
			}
			tmp := dot(xi, R)
			w[ii] = math.Copysign(math.Max(math.Abs(tmp)-l1, 0), tmp) / (c.colsq[ii] + l2)
			if w[ii] != 0 {
				for i, v := range xi {
					R[i] -= w[ii] * v
				}
			}
			dwmax = math.Max(dwmax, math.Abs(w[ii]-wii))
			wmax = math.Max(wmax, math.Abs(w[ii]))
		}
		if wmax == 0 || dwmax/wmax < st.Tol || it == st.MaxIter-1 {
			dual := 0.0
			for j := 0; j < p; j++ {
				dual = math.Max(dual, math.Abs(dot(c.x[j], R)-l2*w[j]))
			}
			gap = c.gapValue(w, dual, dot(R, R), dot(R, c.y), l1, l2)
			if gap < tol {
				return it + 1, gap
			}
		}
	}
	return st.MaxIter, gap
}

func (c *centred) gapValue(w []float64, dual, rnorm2, ry, l1, l2 float64) float64 {
	var cst, gap float64
	if dual > l1 {
		cst = l1 / dual
		gap = 0.5 * (rnorm2 + rnorm2*cst*cst)
	} else {
		cst = 1
		gap = rnorm2
	}
	l1n := 0.0
	for _, b := range w {
		l1n += math.Abs(b)
	}
	return gap + l1*l1n - cst*ry + 0.5*l2*(1+cst*cst)*dot(w, w)
}
