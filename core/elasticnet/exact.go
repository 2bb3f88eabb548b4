package elasticnet

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"radgo/core/survival"
)

// ErrExactSigns is returned by ExactGaussian and ExactCox when the
// polished solution changes the sign of an active coefficient, so the
// active set of the path was not the optimal one.
var ErrExactSigns = errors.New("elasticnet: exact solution changes the sign of an active coefficient")

// ExactGaussian polishes the solution of a Gaussian path p at Lambda[k] to
// the exact optimum: with the active set and signs of the path fixed, the
// stationarity (KKT) equations on the standardised scale are a linear
// system, solved directly. x, y and s must be those of the fit. It returns
// coefficients on the input scale and the intercept; use it when glmnet's
// convergence threshold (KKT residual ~1e-4 at the default thresh) is too
// coarse. The solution is not checked for variables outside the active set.
func ExactGaussian(x mat.Matrix, y []float64, s Settings, p *Path, k int) ([]float64, float64, error) {
	n, _ := x.Dims()
	if len(y) != n {
		return nil, 0, fmt.Errorf("elasticnet: x has %d rows but y has %d values", n, len(y))
	}
	pr, err := newProblem(x, &s)
	if err != nil {
		return nil, 0, err
	}
	if k < 0 || k >= len(p.Lambda) {
		return nil, 0, fmt.Errorf("elasticnet: lambda index %d outside the path of %d", k, len(p.Lambda))
	}
	xm, xs := pr.standardize(pr.isd)
	ym := 0.0
	for _, v := range y {
		ym += v
	}
	ym /= float64(n)
	ys := 0.0
	for _, v := range y {
		ys += (v - ym) * (v - ym)
	}
	ys = math.Sqrt(ys / float64(n))
	act, sgn := active(p, k)
	na := len(act)
	coef := make([]float64, pr.p)
	if na == 0 {
		return coef, ym, nil
	}
	lam := p.Lambda[k] / ys
	A := mat.NewDense(na, na, nil)
	b := mat.NewVecDense(na, nil)
	for a, j := range act {
		for c := 0; c <= a; c++ {
			v := dot(pr.x[j], pr.x[act[c]]) / float64(n)
			A.Set(a, c, v)
			A.Set(c, a, v)
		}
		A.Set(a, a, A.At(a, a)+lam*(1-pr.alpha)*pr.vp[j])
		r := 0.0
		for i, xi := range pr.x[j] {
			r += xi * (y[i] - ym) / ys
		}
		b.SetVec(a, r/float64(n)-lam*pr.alpha*pr.vp[j]*sgn[a])
	}
	var sol mat.VecDense
	if err := sol.SolveVec(A, b); err != nil {
		return nil, 0, fmt.Errorf("elasticnet: active-set system: %w", err)
	}
	a0 := ym
	for a, j := range act {
		beta := sol.AtVec(a)
		if beta*sgn[a] <= 0 {
			err = ErrExactSigns
		}
		coef[j] = ys * beta / xs[j]
		a0 -= coef[j] * xm[j]
	}
	return coef, a0, err
}

// ExactCox polishes the solution of a Cox path p at Lambda[k] to the exact
// optimum: with the active set and signs fixed, Newton's method solves the
// stationarity equations of the Breslow partial likelihood (with glmnet's
// risk sets) on the standardised scale. x, d and s must be those of the fit.
func ExactCox(x mat.Matrix, d survival.Data, s Settings, p *Path, k int) ([]float64, float64, error) {
	n, _ := x.Dims()
	if err := d.Validate(); err != nil {
		return nil, 0, err
	}
	if d.Len() != n {
		return nil, 0, fmt.Errorf("elasticnet: x has %d rows but the survival data %d subjects", n, d.Len())
	}
	pr, err := newProblem(x, &s)
	if err != nil {
		return nil, 0, err
	}
	if k < 0 || k >= len(p.Lambda) {
		return nil, 0, fmt.Errorf("elasticnet: lambda index %d outside the path of %d", k, len(p.Lambda))
	}
	_, xs := pr.standardize(pr.isd)
	y, err := adjustTimes(d)
	if err != nil {
		return nil, 0, err
	}
	q := make([]float64, n)
	for i := range q {
		q[i] = 1
	}
	rk, err := newCoxRisk(y, d.Event, q)
	if err != nil {
		return nil, 0, err
	}
	act, sgn := active(p, k)
	na := len(act)
	coef := make([]float64, pr.p)
	if na == 0 {
		return coef, 0, nil
	}
	lam := p.Lambda[k]
	beta := make([]float64, na)
	for a, j := range act {
		beta[a] = p.Coef.At(j, k) * xs[j]
	}
	eta := make([]float64, n)
	e := make([]float64, n)
	s1 := make([]float64, na)
	s2 := make([]float64, na*na)
	grad := mat.NewVecDense(na, nil)
	H := mat.NewDense(na, na, nil)
	var step mat.VecDense
	fn := float64(n)
	for it := 0; it < 100; it++ {
		for i := range eta {
			v := 0.0
			for a, j := range act {
				v += pr.x[j][i] * beta[a]
			}
			eta[i] = v
			e[i] = math.Exp(v)
		}
		// Gradient and Hessian of the log partial likelihood.
		g := make([]float64, na)
		h := make([]float64, na*na)
		for i, di := range rk.dq {
			if di != 0 {
				for a, j := range act {
					g[a] += di * pr.x[j][i]
				}
			}
		}
		clear(s1)
		clear(s2)
		s0 := 0.0
		for kk := len(rk.kp) - 1; kk >= 0; kk-- {
			j1 := 0
			if kk > 0 {
				j1 = rk.kp[kk-1] + 1
			}
			for jj := rk.kp[kk]; jj >= j1; jj-- {
				i := rk.jp[jj]
				s0 += e[i]
				for a, ja := range act {
					xa := pr.x[ja][i] * e[i]
					s1[a] += xa
					for c := 0; c <= a; c++ {
						s2[a*na+c] += xa * pr.x[act[c]][i]
					}
				}
			}
			dk := rk.dk[kk]
			for a := 0; a < na; a++ {
				g[a] -= dk * s1[a] / s0
				for c := 0; c <= a; c++ {
					h[a*na+c] -= dk * (s2[a*na+c]/s0 - s1[a]*s1[c]/(s0*s0))
				}
			}
		}
		maxF := 0.0
		for a, j := range act {
			f := -g[a]/fn + lam*pr.vp[j]*(pr.alpha*sgn[a]+(1-pr.alpha)*beta[a])
			grad.SetVec(a, f)
			maxF = math.Max(maxF, math.Abs(f))
			for c := 0; c <= a; c++ {
				v := -h[a*na+c] / fn
				if a == c {
					v += lam * (1 - pr.alpha) * pr.vp[j]
				}
				H.Set(a, c, v)
				H.Set(c, a, v)
			}
		}
		if err := step.SolveVec(H, grad); err != nil {
			return nil, 0, fmt.Errorf("elasticnet: active-set Newton step: %w", err)
		}
		maxStep := 0.0
		for a := range beta {
			beta[a] -= step.AtVec(a)
			maxStep = math.Max(maxStep, math.Abs(step.AtVec(a))/math.Max(math.Abs(beta[a]), 1e-300))
		}
		if maxStep < 1e-13 || maxF == 0 {
			break
		}
	}
	for a, j := range act {
		if beta[a]*sgn[a] <= 0 {
			err = ErrExactSigns
		}
		coef[j] = beta[a] / xs[j]
	}
	return coef, 0, err
}

// active returns the indices and signs of the non-zero coefficients at k.
func active(p *Path, k int) ([]int, []float64) {
	idx, val := p.Nonzero(k)
	sgn := make([]float64, len(val))
	for a, v := range val {
		sgn[a] = math.Copysign(1, v)
	}
	return idx, sgn
}

// standardize centres the columns of pr.x with 1/n weights and, if scale,
// divides them by their 1/n standard deviation, returning means and scales.
func (pr *problem) standardize(scale bool) (xm, xs []float64) {
	n := float64(pr.n)
	xm = make([]float64, pr.p)
	xs = make([]float64, pr.p)
	for j, col := range pr.x {
		xs[j] = 1
		if !pr.ju[j] {
			continue
		}
		m := 0.0
		for _, v := range col {
			m += v / n
		}
		xm[j] = m
		ss := 0.0
		for i := range col {
			col[i] -= m
			ss += col[i] * col[i] / n
		}
		if scale {
			xs[j] = math.Sqrt(ss)
			for i := range col {
				col[i] /= xs[j]
			}
		}
	}
	return xm, xs
}
