package cox

import (
	"math"
	"sort"
)

// problem is a Cox fit's data prepared once: centred covariates in
// row-major order, weights, and the subjects of each stratum sorted by
// decreasing time.
type problem struct {
	n, p    int
	x       []float64 // centred: x[i*p+j] = X_ij - mean_j
	means   []float64
	w       []float64
	time    []float64
	event   []bool
	strata  [][]int // per stratum, subject indices by decreasing time
	efron   bool
	scratch struct {
		eta, r, s1, s2, e1, e2, a, xb []float64
	}
}

func newProblem(time []float64, event []bool, x [][]float64, w []float64, strata [][]int, efron bool) *problem {
	n, p := len(time), len(x)
	pr := &problem{n: n, p: p, x: make([]float64, n*p), means: make([]float64, p), w: w,
		time: time, event: event, efron: efron}
	for j, col := range x {
		// weighted mean, as coxph's means
		m, sw := 0.0, 0.0
		for i, v := range col {
			m += w[i] * v
			sw += w[i]
		}
		m /= sw
		// survival 3.x does not centre 0/1 covariates: their mean is
		// reported (and used for linear predictors) as 0.
		zeroOne := true
		for _, v := range col {
			if v != 0 && v != 1 {
				zeroOne = false
				break
			}
		}
		if zeroOne {
			m = 0
		}
		pr.means[j] = m
		for i, v := range col {
			pr.x[i*p+j] = v - m
		}
	}
	pr.strata = make([][]int, len(strata))
	for s, idx := range strata {
		o := append([]int(nil), idx...)
		sort.SliceStable(o, func(a, b int) bool { return time[o[a]] > time[o[b]] })
		pr.strata[s] = o
	}
	sc := &pr.scratch
	sc.eta, sc.r = make([]float64, n), make([]float64, n)
	sc.s1, sc.e1, sc.a, sc.xb = make([]float64, p), make([]float64, p), make([]float64, p), make([]float64, p)
	sc.s2, sc.e2 = make([]float64, p*p), make([]float64, p*p)
	return pr
}

// eval computes the log partial likelihood at beta and, when u and imat
// are not nil, its gradient and the information matrix (p×p, row-major).
// Efron's or Breslow's approximation handles tied event times; weights
// enter as in R's coxph (Efron with the mean weight of the tied deaths).
func (pr *problem) eval(beta, u, imat []float64) float64 {
	p := pr.p
	sc := &pr.scratch
	for i := 0; i < pr.n; i++ {
		e := 0.0
		xi := pr.x[i*p : i*p+p]
		for j, b := range beta {
			e += xi[j] * b
		}
		sc.eta[i] = e
		sc.r[i] = pr.w[i] * math.Exp(e)
	}
	want := u != nil
	if want {
		clear(u)
		clear(imat)
	}
	ll := 0.0
	s1, s2, e1, e2, a, xb := sc.s1, sc.s2, sc.e1, sc.e2, sc.a, sc.xb
	for _, ord := range pr.strata {
		s0 := 0.0
		if want {
			clear(s1)
			clear(s2)
		}
		for g := 0; g < len(ord); {
			t := pr.time[ord[g]]
			h := g
			nd := 0
			e0, dw := 0.0, 0.0
			if want {
				clear(e1)
				clear(e2)
			}
			for ; h < len(ord) && pr.time[ord[h]] == t; h++ {
				i := ord[h]
				ri := sc.r[i]
				xi := pr.x[i*p : i*p+p]
				s0 += ri
				if want {
					for j := 0; j < p; j++ {
						rx := ri * xi[j]
						s1[j] += rx
						row := s2[j*p : j*p+p]
						for k := 0; k <= j; k++ {
							row[k] += rx * xi[k]
						}
					}
				}
				if pr.event[i] {
					nd++
					e0 += ri
					dw += pr.w[i]
					ll += pr.w[i] * sc.eta[i]
					if want {
						for j := 0; j < p; j++ {
							u[j] += pr.w[i] * xi[j]
							rx := ri * xi[j]
							e1[j] += rx
							row := e2[j*p : j*p+p]
							for k := 0; k <= j; k++ {
								row[k] += rx * xi[k]
							}
						}
					}
				}
			}
			g = h
			if nd == 0 {
				continue
			}
			if !pr.efron || nd == 1 {
				ll -= dw * math.Log(s0)
				if want {
					for j := 0; j < p; j++ {
						xb[j] = s1[j] / s0
						u[j] -= dw * xb[j]
					}
					for j := 0; j < p; j++ {
						for k := 0; k <= j; k++ {
							imat[j*p+k] += dw * (s2[j*p+k]/s0 - xb[j]*xb[k])
						}
					}
				}
				continue
			}
			mw := dw / float64(nd)
			for k := 0; k < nd; k++ {
				tmp := float64(k) / float64(nd)
				d2 := s0 - tmp*e0
				ll -= mw * math.Log(d2)
				if want {
					for j := 0; j < p; j++ {
						a[j] = s1[j] - tmp*e1[j]
						xb[j] = a[j] / d2
						u[j] -= mw * xb[j]
					}
					for j := 0; j < p; j++ {
						for l := 0; l <= j; l++ {
							imat[j*p+l] += mw * ((s2[j*p+l]-tmp*e2[j*p+l])/d2 - xb[j]*xb[l])
						}
					}
				}
			}
		}
	}
	if want {
		for j := 0; j < p; j++ {
			for k := 0; k < j; k++ {
				imat[k*p+j] = imat[j*p+k]
			}
		}
	}
	return ll
}

// cholesky2 factors the symmetric matrix a (p×p, row-major) in place as R
// survival's cholesky2: a = L D L', with columns whose pivot is below
// toler times the largest diagonal treated as singular (zeroed). It
// returns the flags of the singular columns.
func cholesky2(a []float64, p int, toler float64) []bool {
	sing := make([]bool, p)
	eps := 0.0
	for i := 0; i < p; i++ {
		if v := a[i*p+i]; v > eps {
			eps = v
		}
	}
	if eps == 0 {
		eps = toler
	} else {
		eps *= toler
	}
	for i := 0; i < p; i++ {
		pivot := a[i*p+i]
		if !(pivot > eps) || math.IsInf(pivot, 0) {
			a[i*p+i] = 0
			sing[i] = true
			for j := i + 1; j < p; j++ {
				a[j*p+i] = 0
			}
			continue
		}
		for j := i + 1; j < p; j++ {
			temp := a[j*p+i] / pivot
			a[j*p+i] = temp
			a[j*p+j] -= temp * temp * pivot
			for k := j + 1; k < p; k++ {
				a[k*p+j] -= temp * a[k*p+i]
			}
		}
	}
	return sing
}

// chsolve2 solves (L D L') x = y in place using the factor of cholesky2
// (lower triangle); singular columns get 0.
func chsolve2(a []float64, p int, y []float64) {
	for i := 0; i < p; i++ {
		t := y[i]
		for j := 0; j < i; j++ {
			t -= y[j] * a[i*p+j]
		}
		y[i] = t
	}
	for i := p - 1; i >= 0; i-- {
		if a[i*p+i] == 0 {
			y[i] = 0
			continue
		}
		t := y[i] / a[i*p+i]
		for j := i + 1; j < p; j++ {
			t -= y[j] * a[j*p+i]
		}
		y[i] = t
	}
}

// chinv returns the inverse of the matrix whose cholesky2 factor is a, with
// zero rows and columns for singular columns.
func chinv(a []float64, p int) []float64 {
	inv := make([]float64, p*p)
	col := make([]float64, p)
	for j := 0; j < p; j++ {
		clear(col)
		col[j] = 1
		chsolve2(a, p, col)
		for i := 0; i < p; i++ {
			inv[i*p+j] = col[i]
		}
	}
	for j := 0; j < p; j++ {
		if a[j*p+j] == 0 {
			for i := 0; i < p; i++ {
				inv[i*p+j], inv[j*p+i] = 0, 0
			}
		}
	}
	return inv
}

// newton maximises the partial likelihood from beta = 0 exactly as R
// survival's coxfit6: Newton–Raphson with step halving, stopping when the
// relative change of the log-likelihood is at most eps.
type newtonResult struct {
	beta      []float64
	ll0, ll   float64
	u0        []float64
	imat0     []float64
	imat      []float64 // information at beta (not factored)
	u         []float64 // gradient at beta
	iter      int
	converged bool
	sing0     []bool
}

func (pr *problem) newton(maxIter int, eps, tolChol float64) newtonResult {
	p := pr.p
	var res newtonResult
	beta := make([]float64, p)
	u := make([]float64, p)
	imat := make([]float64, p*p)
	ll := pr.eval(beta, u, imat)
	res.ll0 = ll
	res.u0 = append([]float64(nil), u...)
	res.imat0 = append([]float64(nil), imat...)
	fac := append([]float64(nil), imat...)
	res.sing0 = cholesky2(fac, p, tolChol)
	step := append([]float64(nil), u...)
	chsolve2(fac, p, step)
	newbeta := make([]float64, p)
	for j := range newbeta {
		newbeta[j] = beta[j] + step[j]
	}
	nu := make([]float64, p)
	nimat := make([]float64, p*p)
	halving := false
	res.iter = 0
	for iter := 1; iter <= maxIter; iter++ {
		res.iter = iter
		newll := pr.eval(newbeta, nu, nimat)
		finite := !math.IsNaN(newll) && !math.IsInf(newll, 0)
		if finite && !halving && math.Abs(1-ll/newll) <= eps {
			res.beta, res.ll, res.u, res.imat, res.converged = newbeta, newll, nu, nimat, true
			return res
		}
		if iter == maxIter {
			break
		}
		if !finite || newll < ll {
			halving = true
			for j := range newbeta {
				newbeta[j] = (newbeta[j] + beta[j]) / 2
			}
			continue
		}
		halving = false
		ll = newll
		copy(u, nu)
		copy(imat, nimat)
		copy(fac, nimat)
		cholesky2(fac, p, tolChol)
		copy(step, nu)
		chsolve2(fac, p, step)
		copy(beta, newbeta)
		for j := range newbeta {
			newbeta[j] += step[j]
		}
	}
	// Not converged. R returns the last trial point newbeta even when it
	// was worse than the last accepted iterate (mid step-halving); we
	// return whichever of the two has the larger log-likelihood, so a
	// non-converged fit is never worse than its starting point.
	newll := pr.eval(newbeta, nu, nimat)
	if !math.IsNaN(newll) && !math.IsInf(newll, 0) && newll >= ll {
		res.beta, res.ll, res.u, res.imat = newbeta, newll, nu, nimat
		return res
	}
	ll = pr.eval(beta, u, imat)
	res.beta, res.ll, res.u, res.imat = beta, ll, u, imat
	return res
}
