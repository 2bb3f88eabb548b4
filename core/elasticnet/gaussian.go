package elasticnet

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// FitGaussian fits the elastic-net path of least squares with an
// unpenalised intercept, minimising
//
//	1/(2n) * sum_i (y_i - b0 - x_i·b)^2 + lambda*(Alpha*|b|_1 + (1-Alpha)/2*|b|_2^2)
//
// by covariance-updating coordinate descent with the lambda sequence,
// standardisation, convergence rule and early stopping of R's
// glmnet(x, y, family = "gaussian") (glmnet 4.1, type.gaussian =
// "covariance"). ctx is checked once per lambda.
//
// Errors: mismatched lengths, non-finite input or invalid settings return
// an error and no path; a constant y returns an error as glmnet does. A
// path cut short returns the fitted part with a *TruncatedError.
func FitGaussian(ctx context.Context, x mat.Matrix, y []float64, s Settings) (*Path, error) {
	n, _ := x.Dims()
	if len(y) != n {
		return nil, fmt.Errorf("elasticnet: x has %d rows but y has %d values", n, len(y))
	}
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("elasticnet: y[%d] = %v is not finite", i, v)
		}
	}
	pr, err := newProblem(x, &s)
	if err != nil {
		return nil, err
	}
	return pr.gaussian(ctx, y, s.Progress)
}

func (pr *problem) gaussian(ctx context.Context, yin []float64, progress func(int, int)) (*Path, error) {
	n, ni := pr.n, pr.p
	// standard(): weights 1/n, v = sqrt(w).
	w := 1 / float64(n)
	v := math.Sqrt(w)
	xm := make([]float64, ni)
	xs := make([]float64, ni)
	xv := make([]float64, ni)
	for j := 0; j < ni; j++ {
		if !pr.ju[j] {
			continue
		}
		col := pr.x[j]
		m := 0.0
		for _, a := range col {
			m += w * a
		}
		xm[j] = m
		ss := 0.0
		for i, a := range col {
			c := v * (a - m)
			col[i] = c
			ss += c * c
		}
		xv[j] = ss
		if pr.isd {
			xs[j] = math.Sqrt(ss)
		} else {
			xs[j] = 1
		}
	}
	if pr.isd {
		for j := 0; j < ni; j++ {
			if !pr.ju[j] {
				continue
			}
			col := pr.x[j]
			for i := range col {
				col[i] /= xs[j]
			}
			xv[j] = 1
		}
	}
	ym := 0.0
	for _, a := range yin {
		ym += w * a
	}
	y := make([]float64, n)
	for i, a := range yin {
		y[i] = v * (a - ym)
	}
	ys := math.Sqrt(dot(y, y))
	if ys == 0 {
		return nil, fmt.Errorf("elasticnet: y is constant; gaussian fit fails at standardisation")
	}
	for i := range y {
		y[i] /= ys
	}
	g := make([]float64, ni)
	for j := 0; j < ni; j++ {
		if pr.ju[j] {
			g[j] = dot(y, pr.x[j])
		}
	}
	ulam := pr.ulam
	if pr.flmin >= 1 {
		ulam = make([]float64, len(pr.ulam))
		for k, l := range pr.ulam {
			ulam[k] = l / ys
		}
	}
	var r elnetResult
	var err error
	if ni >= 500 {
		r, err = pr.elnetNaive(ctx, y, xv, ulam, progress)
	} else {
		r, err = pr.elnetCovariance(ctx, g, xv, ulam, progress)
	}
	if err != nil {
		return nil, err
	}
	ao, kin, ia, rsqo, almo, nlp, trunc := r.ao, r.kin, r.ia, r.rsqo, r.almo, r.nlp, r.trunc

	lmu := len(almo)
	path := &Path{
		Family:    Gaussian,
		Lambda:    make([]float64, lmu),
		DevRatio:  rsqo,
		Intercept: make([]float64, lmu),
		Df:        make([]int, lmu),
		Passes:    nlp,
	}
	// nulldev = sum (y - ybar)^2 with unit weights = n * ys^2 (ys is the
	// 1/n-weighted SD).
	path.NullDev = float64(n) * ys * ys
	if lmu == 0 {
		path.Coef = nil
		return path, trunc
	}
	path.Coef = mat.NewDense(ni, lmu, nil)
	for k := 0; k < lmu; k++ {
		path.Lambda[k] = ys * almo[k]
		a0 := ym
		for l := 0; l < kin[k]; l++ {
			j := ia[l]
			b := ys * ao[k][l] / xs[j]
			path.Coef.Set(j, k, b)
			a0 -= b * xm[j]
			if b != 0 {
				path.Df[k]++
			}
		}
		path.Intercept[k] = a0
	}
	if pr.flmin < 1 {
		fixLambda(path.Lambda)
	}
	return path, trunc
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// elnetResult is the raw output of glmnet's elnet1/elnet2 on the
// standardised scale.
type elnetResult struct {
	ao    [][]float64 // ao[m][l]: coefficient of ia[l] at lambda m
	kin   []int
	ia    []int
	rsqo  []float64
	almo  []float64
	nlp   int
	trunc error
}

// elnetCovariance is glmnet's elnet1 ("covariance" updates, glmnet's
// choice for p < 500): g holds the gradients x_j'y on entry.
func (pr *problem) elnetCovariance(ctx context.Context, g, xv, ulam []float64, progress func(int, int)) (elnetResult, error) {
	ni := pr.p
	bta := pr.alpha
	omb := 1 - bta
	alf := pr.alf(false)
	nx := pr.nx
	a := make([]float64, ni)
	mm := make([]int, ni) // 1-based position in the active set, 0 = never active
	ia := make([]int, 0, nx)
	c := make([][]float64, 0, nx) // c[l][j] = <x_j, x_ia[l]>
	da := make([]float64, nx)
	mnl := min(glmMnlam, pr.nlam)
	rsq, alm := 0.0, 0.0
	nlp := 0
	iz := false
	var (
		ao    [][]float64 // ao[m] active coefficients (standardised scale) at lambda m
		kin   []int
		rsqo  []float64
		almo  []float64
		trunc error
	)
lambdas:
	for m := 0; m < pr.nlam; m++ {
		if err := ctx.Err(); err != nil {
			return elnetResult{}, err
		}
		switch {
		case pr.flmin >= 1:
			alm = ulam[m]
		case m > 1:
			alm *= alf
		case m == 0:
			alm = glmBig
		default:
			alm = 0
			for j := 0; j < ni; j++ {
				if pr.ju[j] && pr.vp[j] > 0 {
					alm = math.Max(alm, math.Abs(g[j])/pr.vp[j])
				}
			}
			alm = alf * alm / math.Max(bta, 1e-3)
		}
		dem := alm * omb
		ab := alm * bta
		rsq0 := rsq
		jz := true
		for {
			if !(iz && jz) {
				nlp++
				dlx := 0.0
				for k := 0; k < ni; k++ {
					if !pr.ju[k] {
						continue
					}
					ak := a[k]
					u := g[k] + ak*xv[k]
					vv := math.Abs(u) - pr.vp[k]*ab
					a[k] = 0
					if vv > 0 {
						a[k] = math.Copysign(vv, u) / (xv[k] + pr.vp[k]*dem)
					}
					if a[k] == ak {
						continue
					}
					if mm[k] == 0 {
						if len(ia) >= nx {
							a[k] = ak
							trunc = &TruncatedError{At: m, Err: ErrPMax}
							break lambdas
						}
						col := make([]float64, ni)
						xk := pr.x[k]
						for j := 0; j < ni; j++ {
							if !pr.ju[j] {
								continue
							}
							switch {
							case mm[j] != 0:
								col[j] = c[mm[j]-1][k]
							case j == k:
								col[j] = xv[j]
							default:
								col[j] = floats.Dot(pr.x[j], xk)
							}
						}
						c = append(c, col)
						ia = append(ia, k)
						mm[k] = len(ia)
					}
					del := a[k] - ak
					rsq += del * (2*g[k] - del*xv[k])
					dlx = math.Max(xv[k]*del*del, dlx)
					// c[.][j] is zero for constant columns, so the update
					// leaves their (zero) gradient unchanged.
					floats.AddScaled(g, -del, c[mm[k]-1])
				}
				if dlx < pr.thr {
					break
				}
				if nlp > pr.maxit {
					trunc = &TruncatedError{At: m, Err: ErrNotConverged}
					break lambdas
				}
			}
			// Inner loop over the active set.
			iz = true
			nin := len(ia)
			for l := 0; l < nin; l++ {
				da[l] = a[ia[l]]
			}
			for {
				nlp++
				dlx := 0.0
				for l := 0; l < nin; l++ {
					k := ia[l]
					ak := a[k]
					u := g[k] + ak*xv[k]
					vv := math.Abs(u) - pr.vp[k]*ab
					a[k] = 0
					if vv > 0 {
						a[k] = math.Copysign(vv, u) / (xv[k] + pr.vp[k]*dem)
					}
					if a[k] == ak {
						continue
					}
					del := a[k] - ak
					rsq += del * (2*g[k] - del*xv[k])
					dlx = math.Max(xv[k]*del*del, dlx)
					ck := c[mm[k]-1]
					for j := 0; j < nin; j++ {
						g[ia[j]] -= ck[ia[j]] * del
					}
				}
				if dlx < pr.thr {
					break
				}
				if nlp > pr.maxit {
					trunc = &TruncatedError{At: m, Err: ErrNotConverged}
					break lambdas
				}
			}
			for l := 0; l < nin; l++ {
				da[l] = a[ia[l]] - da[l]
			}
			for j := 0; j < ni; j++ {
				if mm[j] != 0 || !pr.ju[j] {
					continue
				}
				s := 0.0
				for l := 0; l < nin; l++ {
					s += da[l] * c[l][j]
				}
				g[j] -= s
			}
			jz = false
		}
		nin := len(ia)
		am := make([]float64, nin)
		for l := 0; l < nin; l++ {
			am[l] = a[ia[l]]
		}
		ao = append(ao, am)
		kin = append(kin, nin)
		rsqo = append(rsqo, rsq)
		almo = append(almo, alm)
		if progress != nil {
			progress(m+1, pr.nlam)
		}
		if m+1 < mnl || pr.flmin >= 1 {
			continue
		}
		me := 0
		for _, b := range am {
			if b != 0 {
				me++
			}
		}
		if me > pr.ne {
			break
		}
		if rsq-rsq0 < glmFdev*rsq {
			break
		}
		if rsq > glmDevmax {
			break
		}
	}
	return elnetResult{ao: ao, kin: kin, ia: ia, rsqo: rsqo, almo: almo, nlp: nlp, trunc: trunc}, nil
}

// elnetNaive is glmnet's elnet2 ("naive" updates with strong rules,
// glmnet's choice for p >= 500): y holds the standardised response and is
// used as the residual.
func (pr *problem) elnetNaive(ctx context.Context, y, xv, ulam []float64, progress func(int, int)) (elnetResult, error) {
	ni := pr.p
	bta := pr.alpha
	omb := 1 - bta
	alf := pr.alf(false)
	nx := pr.nx
	a := make([]float64, ni)
	mm := make([]int, ni)
	ia := make([]int, 0, nx)
	g := make([]float64, ni)
	ix := make([]bool, ni)
	for j := 0; j < ni; j++ {
		if pr.ju[j] {
			g[j] = math.Abs(floats.Dot(y, pr.x[j]))
		}
	}
	mnl := min(glmMnlam, pr.nlam)
	rsq, alm := 0.0, 0.0
	nlp := 0
	iz := false
	var res elnetResult
	update := func(k int, ab, dem float64) (float64, bool) {
		xk := pr.x[k]
		gk := floats.Dot(y, xk)
		ak := a[k]
		u := gk + ak*xv[k]
		vv := math.Abs(u) - pr.vp[k]*ab
		a[k] = 0
		if vv > 0 {
			a[k] = math.Copysign(vv, u) / (xv[k] + pr.vp[k]*dem)
		}
		if a[k] == ak {
			return 0, false
		}
		del := a[k] - ak
		rsq += del * (2*gk - del*xv[k])
		floats.AddScaled(y, -del, xk)
		return xv[k] * del * del, true
	}
lambdas:
	for m := 0; m < pr.nlam; m++ {
		if err := ctx.Err(); err != nil {
			return elnetResult{}, err
		}
		alm0 := alm
		switch {
		case pr.flmin >= 1:
			alm = ulam[m]
		case m > 1:
			alm *= alf
		case m == 0:
			alm = glmBig
		default:
			alm0 = 0
			for j := 0; j < ni; j++ {
				if pr.ju[j] && pr.vp[j] > 0 {
					alm0 = math.Max(alm0, g[j]/pr.vp[j])
				}
			}
			alm0 /= math.Max(bta, 1e-3)
			alm = alf * alm0
		}
		dem := alm * omb
		ab := alm * bta
		rsq0 := rsq
		jz := true
		tlam := bta * (2*alm - alm0)
		for k := 0; k < ni; k++ {
			if !ix[k] && pr.ju[k] && g[k] > tlam*pr.vp[k] {
				ix[k] = true
			}
		}
	outer:
		for {
			if !(iz && jz) {
				for { // :again:
					nlp++
					dlx := 0.0
					for k := 0; k < ni; k++ {
						if !ix[k] {
							continue
						}
						dl, changed := update(k, ab, dem)
						if !changed {
							continue
						}
						if mm[k] == 0 {
							if len(ia) >= nx {
								res.trunc = &TruncatedError{At: m, Err: ErrPMax}
								break lambdas
							}
							ia = append(ia, k)
							mm[k] = len(ia)
						}
						dlx = math.Max(dlx, dl)
					}
					if dlx < pr.thr {
						ixx := false
						for k := 0; k < ni; k++ {
							if ix[k] || !pr.ju[k] {
								continue
							}
							g[k] = math.Abs(floats.Dot(y, pr.x[k]))
							if g[k] > ab*pr.vp[k] {
								ix[k] = true
								ixx = true
							}
						}
						if ixx {
							continue
						}
						break outer
					}
					if nlp > pr.maxit {
						res.trunc = &TruncatedError{At: m, Err: ErrNotConverged}
						break lambdas
					}
					break
				}
			}
			iz = true
			for {
				nlp++
				dlx := 0.0
				for _, k := range ia {
					if dl, changed := update(k, ab, dem); changed {
						dlx = math.Max(dlx, dl)
					}
				}
				if dlx < pr.thr {
					break
				}
				if nlp > pr.maxit {
					res.trunc = &TruncatedError{At: m, Err: ErrNotConverged}
					break lambdas
				}
			}
			jz = false
		}
		nin := len(ia)
		am := make([]float64, nin)
		for l := 0; l < nin; l++ {
			am[l] = a[ia[l]]
		}
		res.ao = append(res.ao, am)
		res.kin = append(res.kin, nin)
		res.rsqo = append(res.rsqo, rsq)
		res.almo = append(res.almo, alm)
		if progress != nil {
			progress(m+1, pr.nlam)
		}
		if m+1 < mnl || pr.flmin >= 1 {
			continue
		}
		me := 0
		for _, b := range am {
			if b != 0 {
				me++
			}
		}
		if me > pr.ne || rsq-rsq0 < glmFdev*rsq || rsq > glmDevmax {
			break
		}
	}
	res.ia = ia
	res.nlp = nlp
	return res, nil
}
