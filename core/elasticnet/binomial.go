package elasticnet

import (
	"context"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// FitBinomial fits the elastic-net path of logistic regression with an
// unpenalised intercept, minimising
//
//	-(1/n) * sum_i [y_i*eta_i - log(1 + exp(eta_i))] + lambda*(Alpha*|b|_1 + (1-Alpha)/2*|b|_2^2)
//
// by the proximal-Newton coordinate descent of R's glmnet(x, y, family =
// "binomial") (glmnet 4.1, type.logistic = "Newton"): same lambda
// sequence, strong rules, IRLS loop, probability clamping (pmin 1e-9) and
// early stopping (deviance-ratio change below 1e-5 or above 0.999). y[i]
// is true for the second class (R's second factor level). ctx is checked
// once per lambda.
//
// Errors: mismatched lengths, a class with fewer than 2 observations (as
// glmnet), non-finite x or invalid settings return an error and no path.
// A path cut short returns the fitted part with a *TruncatedError.
func FitBinomial(ctx context.Context, x mat.Matrix, y []bool, s Settings) (*Path, error) {
	n, _ := x.Dims()
	if len(y) != n {
		return nil, fmt.Errorf("elasticnet: x has %d rows but y has %d values", n, len(y))
	}
	ones := 0
	for _, v := range y {
		if v {
			ones++
		}
	}
	if ones < 2 || n-ones < 2 {
		return nil, fmt.Errorf("elasticnet: one binomial class has %d observations; glmnet needs at least 2", min(ones, n-ones))
	}
	pr, err := newProblem(x, &s)
	if err != nil {
		return nil, err
	}
	return pr.binomial(ctx, y, s.Progress)
}

const glmPmin = 1e-9

func (pr *problem) binomial(ctx context.Context, yb []bool, progress func(int, int)) (*Path, error) {
	no, ni := pr.n, pr.p
	w := make([]float64, no)
	y := make([]float64, no)
	for i := range w {
		w[i] = 1 / float64(no)
		if yb[i] {
			y[i] = 1
		}
	}
	// lstandard1 with an intercept.
	xm := make([]float64, ni)
	xs := make([]float64, ni)
	for j := 0; j < ni; j++ {
		xs[j] = 1
		if !pr.ju[j] {
			continue
		}
		col := pr.x[j]
		xm[j] = dot(w, col)
		for i := range col {
			col[i] -= xm[j]
		}
		if pr.isd {
			ss := 0.0
			for i, v := range col {
				ss += w[i] * v * v
			}
			xs[j] = math.Sqrt(ss)
			for i := range col {
				col[i] /= xs[j]
			}
		}
	}
	// lognet2n.
	fmax := math.Log(1/glmPmin - 1)
	fmin := -fmax
	vmin := (1 + glmPmin) * glmPmin * (1 - glmPmin)
	bta := pr.alpha
	omb := 1 - bta
	q0 := dot(w, y)
	bz := math.Log(q0 / (1 - q0))
	vi := q0 * (1 - q0)
	b := make([]float64, ni+1) // b[0] intercept, b[1+j] coefficient j
	bs := make([]float64, ni+1)
	b[0] = bz
	v := make([]float64, no)
	r := make([]float64, no)
	q := make([]float64, no)
	for i := range v {
		v[i] = vi * w[i]
		r[i] = w[i] * (y[i] - q0)
		q[i] = q0
	}
	xmz := vi
	dev1 := -(bz*q0 + math.Log(1-q0))
	dev0 := dev1 // binary y: the saturated term is zero
	alf := pr.alf(false)
	xv := make([]float64, ni)
	ga := make([]float64, ni)
	ixx := make([]bool, ni)
	mm := make([]int, ni)
	// vx[j] = v*x_j, computed on the first update of x_j after v changed;
	// xsq[j] = x_j^2 for xv[j] = sum v*x_j^2.
	vx := make([][]float64, ni)
	vxGen := make([]int, ni)
	xsq := make([][]float64, ni)
	gen := 0
	var m []int
	nlp := 0
	mnl := min(glmMnlam, pr.nlam)
	shr := pr.thr * dev0
	for j := 0; j < ni; j++ {
		if pr.ju[j] {
			ga[j] = math.Abs(dot(r, pr.x[j]))
		}
	}
	var (
		ao    [][]float64
		a0s   []float64
		devs  []float64
		alms  []float64
		trunc error
		al    float64
	)
	update := func(k int, al1, al2 float64) (float64, bool) {
		bk := b[1+k]
		gk := floats.Dot(r, pr.x[k])
		u := gk + xv[k]*bk
		au := math.Abs(u) - pr.vp[k]*al1
		if au <= 0 {
			b[1+k] = 0
		} else {
			b[1+k] = math.Copysign(au, u) / (xv[k] + pr.vp[k]*al2)
		}
		d := b[1+k] - bk
		if math.Abs(d) <= 0 {
			return 0, false
		}
		if vxGen[k] != gen {
			if vx[k] == nil {
				vx[k] = make([]float64, no)
			}
			floats.MulTo(vx[k], v, pr.x[k])
			vxGen[k] = gen
		}
		floats.AddScaled(r, -d, vx[k])
		return xv[k] * d * d, true
	}
	intercept := func(dlx float64) float64 {
		s := 0.0
		for _, ri := range r {
			s += ri
		}
		d := s / xmz
		if d != 0 {
			b[0] += d
			dlx = math.Max(dlx, xmz*d*d)
			for i := range r {
				r[i] -= d * v[i]
			}
		}
		return dlx
	}
lambdas:
	for ilm := 0; ilm < pr.nlam; ilm++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		al0 := al
		switch {
		case pr.flmin >= 1:
			al = pr.ulam[ilm]
		case ilm > 1:
			al *= alf
		case ilm == 0:
			al = glmBig
		default:
			al0 = 0
			for j := 0; j < ni; j++ {
				if pr.ju[j] && pr.vp[j] > 0 {
					al0 = math.Max(al0, ga[j]/pr.vp[j])
				}
			}
			al0 /= math.Max(bta, 1e-3)
			al = alf * al0
		}
		al2 := al * omb
		al1 := al * bta
		tlam := bta * (2*al - al0)
		for k := 0; k < ni; k++ {
			if !ixx[k] && pr.ju[k] && ga[k] > tlam*pr.vp[k] {
				ixx[k] = true
			}
		}
		overflow := false
	irls:
		for {
			bs[0] = b[0]
			for _, k := range m {
				bs[1+k] = b[1+k]
			}
			gen++ // v changed
			for j := 0; j < ni; j++ {
				if ixx[j] {
					if xsq[j] == nil {
						xsq[j] = make([]float64, no)
						floats.MulTo(xsq[j], pr.x[j], pr.x[j])
					}
					xv[j] = floats.Dot(v, xsq[j])
				}
			}
			for {
				nlp++
				dlx := 0.0
				for k := 0; k < ni; k++ {
					if !ixx[k] {
						continue
					}
					dl, changed := update(k, al1, al2)
					if !changed {
						continue
					}
					dlx = math.Max(dlx, dl)
					if mm[k] == 0 {
						if len(m) >= pr.nx {
							overflow = true
							break
						}
						m = append(m, k)
						mm[k] = len(m)
					}
				}
				if overflow {
					break
				}
				dlx = intercept(dlx)
				if dlx < shr {
					break
				}
				if nlp > pr.maxit {
					trunc = &TruncatedError{At: ilm, Err: ErrNotConverged}
					break lambdas
				}
				for {
					nlp++
					dlx := 0.0
					for _, k := range m {
						if dl, changed := update(k, al1, al2); changed {
							dlx = math.Max(dlx, dl)
						}
					}
					dlx = intercept(dlx)
					if dlx < shr {
						break
					}
					if nlp > pr.maxit {
						trunc = &TruncatedError{At: ilm, Err: ErrNotConverged}
						break lambdas
					}
				}
			}
			if overflow {
				break
			}
			for i := 0; i < no; i++ {
				fi := b[0]
				for _, k := range m {
					fi += b[1+k] * pr.x[k][i]
				}
				switch {
				case fi < fmin:
					q[i] = 0
				case fi > fmax:
					q[i] = 1
				default:
					q[i] = 1 / (1 + math.Exp(-fi))
				}
			}
			xmz = 0
			for i := range v {
				v[i] = w[i] * q[i] * (1 - q[i])
				xmz += v[i]
			}
			if xmz <= vmin {
				break
			}
			for i := range r {
				r[i] = w[i] * (y[i] - q[i])
			}
			if d := b[0] - bs[0]; xmz*d*d < shr {
				ix := false
				for _, k := range m {
					if d := b[1+k] - bs[1+k]; xv[k]*d*d >= shr {
						ix = true
						break
					}
				}
				if !ix {
					for k := 0; k < ni; k++ {
						if ixx[k] || !pr.ju[k] {
							continue
						}
						ga[k] = math.Abs(floats.Dot(r, pr.x[k]))
						if ga[k] > al1*pr.vp[k] {
							ixx[k] = true
							ix = true
						}
					}
					if !ix {
						break irls
					}
				}
			}
		}
		if overflow {
			trunc = &TruncatedError{At: ilm, Err: ErrPMax}
			break
		}
		am := make([]float64, len(m))
		for l, k := range m {
			am[l] = b[1+k]
		}
		ao = append(ao, am)
		a0s = append(a0s, b[0])
		alms = append(alms, al)
		devi := 0.0
		for i := range q {
			pi := math.Min(math.Max(glmPmin, q[i]), 1-glmPmin)
			devi -= w[i] * (y[i]*math.Log(pi) + (1-y[i])*math.Log(1-pi))
		}
		dv := (dev1 - devi) / dev0
		devs = append(devs, dv)
		if progress != nil {
			progress(ilm+1, pr.nlam)
		}
		if xmz <= vmin {
			break
		}
		if ilm+1 < mnl || pr.flmin >= 1 {
			continue
		}
		me := 0
		for _, c := range am {
			if c != 0 {
				me++
			}
		}
		if me > pr.ne {
			break
		}
		if dv > glmDevmax {
			break
		}
		if dv-devs[ilm-1] < glmFdev {
			break
		}
	}
	lmu := len(alms)
	path := &Path{
		Family:    Binomial,
		Lambda:    alms,
		DevRatio:  devs,
		Intercept: make([]float64, lmu),
		Df:        make([]int, lmu),
		Passes:    nlp,
		NullDev:   2 * dev0 * float64(no),
	}
	if lmu == 0 {
		return path, trunc
	}
	path.Coef = mat.NewDense(ni, lmu, nil)
	for k := 0; k < lmu; k++ {
		a0 := a0s[k]
		for l, c := range ao[k] {
			j := m[l]
			c /= xs[j]
			path.Coef.Set(j, k, c)
			a0 -= c * xm[j]
			if c != 0 {
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
