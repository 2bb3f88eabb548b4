package elasticnet

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"radgo/core/survival"
)

// FitCox fits the elastic-net path of the Cox proportional-hazards model,
// minimising
//
//	-(1/n) * log PL(b) + lambda*(Alpha*|b|_1 + (1-Alpha)/2*|b|_2^2)
//
// where PL is the Breslow partial likelihood, by the coordinate descent of
// R's glmnet(x, Surv(time, event), family = "cox") (glmnet 4.1, Fortran
// coxnet; Simon et al. 2011): same lambda sequence, strong rules, inner
// IRLS loop, convergence threshold (Thresh times the null deviance) and
// early stopping (deviance-ratio change below 1e-3 or above 0.99). As in
// glmnet, censored times are moved 100 machine epsilons later so that a
// subject censored at an event time is in that event's risk set.
// DevRatio is (logPL(b) - logPL(0)) / (logPL_saturated - logPL(0)).
//
// Errors: invalid survival data (survival.Data.Validate), event times
// that are not positive, no events, too few subjects after the first event
// (glmnet's jerr 30000) and invalid settings return an error and no path.
// A path cut short returns the fitted part with a *TruncatedError.
func FitCox(ctx context.Context, x mat.Matrix, d survival.Data, s Settings) (*Path, error) {
	n, _ := x.Dims()
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if d.Len() != n {
		return nil, fmt.Errorf("elasticnet: x has %d rows but the survival data %d subjects", n, d.Len())
	}
	pr, err := newProblem(x, &s)
	if err != nil {
		return nil, err
	}
	return pr.cox(ctx, d, s.Progress)
}

// coxRisk holds glmnet's risk-set bookkeeping (subroutine groups).
type coxRisk struct {
	jp []int     // kept subjects in increasing time order
	kp []int     // kp[k] is the last position in jp of risk block k (inclusive)
	dk []float64 // weighted deaths of block k
	dq []float64 // d*q per subject
	t0 float64   // first death time
	u  []float64 // scratch: risk-set sums per block
}

var errCoxFewAfterFirst = errors.New("elasticnet: fewer than two subjects at risk after the first event time")

// newCoxRisk reproduces glmnet's groups and died on adjusted times y,
// events d and weights q.
func newCoxRisk(y []float64, d []bool, q []float64) (*coxRisk, error) {
	no := len(y)
	jp := psort7(y)[:0:no]
	for _, i := range psort7(y) {
		if q[i] > 0 {
			jp = append(jp, i)
		}
	}
	nj := len(jp)
	if nj == 0 {
		return nil, errors.New("elasticnet: all observation weights are zero")
	}
	j := 0
	for j < nj && !d[jp[j]] {
		j++
	}
	if j >= nj {
		return nil, survival.ErrNoEvents
	}
	if j >= nj-2 {
		return nil, errCoxFewAfterFirst
	}
	t0 := y[jp[j]]
	j0 := j - 1
	for j0 >= 0 && y[jp[j0]] >= t0 {
		j0--
	}
	if j0 >= 0 {
		jp = jp[j0+1:]
		nj = len(jp)
	}
	var kp []int
	yk := t0
	j = 1
	for {
		for j < nj && !(d[jp[j]] && y[jp[j]] > yk) {
			j++
		}
		kp = append(kp, j-1)
		if j >= nj {
			break
		}
		if j == nj-1 {
			kp = append(kp, nj-1)
			break
		}
		yk = y[jp[j]]
		j++
	}
	r := &coxRisk{jp: jp, kp: kp, t0: t0, dq: make([]float64, no), u: make([]float64, len(kp))}
	for i := range y {
		if d[i] {
			r.dq[i] = q[i]
		}
	}
	r.dk = make([]float64, len(kp))
	start := 0
	for k, end := range kp {
		s := 0.0
		for _, i := range jp[start : end+1] {
			s += r.dq[i]
		}
		r.dk[k] = s
		start = end + 1
	}
	return r, nil
}

// usk stores in r.u the sum of e over each block and all later blocks.
func (r *coxRisk) usk(e []float64) {
	h := 0.0
	for k := len(r.kp) - 1; k >= 0; k-- {
		j1 := 0
		if k > 0 {
			j1 = r.kp[k-1] + 1
		}
		for j := r.kp[k]; j >= j1; j-- {
			h += e[r.jp[j]]
		}
		r.u[k] = h
	}
}

// risk is glmnet's log partial likelihood sum(d*f) - sum(dk*log(u)).
func (r *coxRisk) risk(f, e []float64) float64 {
	r.usk(e)
	s := dot(r.dq, f)
	t := 0.0
	for k, dk := range r.dk {
		t += dk * math.Log(r.u[k])
	}
	return s - t
}

// outer computes the diagonal Hessian weights w and working residuals wr.
func (r *coxRisk) outer(e, wr, w []float64) error {
	r.usk(e)
	b, c := 0.0, 0.0
	start := 0
	for k, end := range r.kp {
		b += r.dk[k] / r.u[k]
		c += r.dk[k] / (r.u[k] * r.u[k])
		for _, i := range r.jp[start : end+1] {
			w[i] = e[i] * (b - e[i]*c)
			if !(w[i] > 0) {
				return errors.New("elasticnet: non-positive Cox Hessian weight (saturated fit)")
			}
			wr[i] = r.dq[i] - e[i]*b
		}
		start = end + 1
	}
	return nil
}

var coxFmax = math.Log(math.MaxFloat64 * 0.1)

func clampExp(f float64) float64 {
	return math.Exp(math.Copysign(math.Min(math.Abs(f), coxFmax), f))
}

// adjustTimes applies glmnet's ty + (1 - status)*100*eps.
func adjustTimes(d survival.Data) ([]float64, error) {
	y := make([]float64, d.Len())
	for i, t := range d.Time {
		if d.Event[i] {
			y[i] = t
		} else {
			y[i] = t + 100*2.220446049250313e-16
		}
		if y[i] <= 0 {
			return nil, fmt.Errorf("elasticnet: event time %v of subject %d is not positive (glmnet requires positive event times)", t, i)
		}
	}
	return y, nil
}

func (pr *problem) cox(ctx context.Context, d survival.Data, progress func(int, int)) (*Path, error) {
	no, ni := pr.n, pr.p
	y, err := adjustTimes(d)
	if err != nil {
		return nil, err
	}
	q := make([]float64, no)
	for i := range q {
		q[i] = 1 / float64(no)
	}
	// cstandard.
	xs := make([]float64, ni)
	for j := 0; j < ni; j++ {
		if !pr.ju[j] {
			continue
		}
		col := pr.x[j]
		xm := dot(q, col)
		for i := range col {
			col[i] -= xm
		}
		xs[j] = 1
		if pr.isd {
			ss := 0.0
			for i, v := range col {
				ss += q[i] * v * v
			}
			xs[j] = math.Sqrt(ss)
			for i := range col {
				col[i] /= xs[j]
			}
		}
	}
	rk, err := newCoxRisk(y, d.Event, q)
	if err != nil {
		return nil, err
	}
	// coxnet1.
	sml := glmFdev * 100
	// gfortran evaluates the REAL literals 0.99 and 0.999 in single precision.
	devmax := glmDevmax * float64(float32(0.99)) / float64(float32(0.999))
	alpha := pr.alpha
	oma := 1 - alpha
	f := make([]float64, no)
	e := append([]float64(nil), q...)
	r0 := rk.risk(f, e)
	rr := 0.0
	for _, dk := range rk.dk {
		rr += dk * math.Log(dk)
	}
	rr = -(rr + r0)
	dev0 := rr
	w := make([]float64, no)
	wr := make([]float64, no)
	if err := rk.outer(e, wr, w); err != nil {
		return nil, err
	}
	alf := pr.alf(true)
	mm := make([]int, ni)
	m := make([]int, 0, pr.nx)
	a := make([]float64, ni)
	as := make([]float64, ni)
	v := make([]float64, ni)
	ga := make([]float64, ni)
	ixx := make([]bool, ni)
	// wx[j] = w*x_j, computed on the first update of x_j after w changed
	// (wxGen[j] != gen), so that a coordinate update is two vectorised
	// axpys; xsq[j] = x_j^2 for v[j] = sum w*x_j^2 (glmnet's vars).
	wx := make([][]float64, ni)
	wxGen := make([]int, ni)
	xsq := make([][]float64, ni)
	gen := 0
	nlp := 0
	mnl := min(glmMnlam, pr.nlam)
	cthr := pr.thr * dev0
	for j := 0; j < ni; j++ {
		if pr.ju[j] {
			ga[j] = math.Abs(dot(wr, pr.x[j]))
		}
	}
	var (
		ao    [][]float64
		kin   []int
		devs  []float64
		alms  []float64
		trunc error
		al    float64
	)
	nin := func() int { return len(m) }
	update := func(j int, sa, omal float64) (float64, bool) {
		u := a[j]*v[j] + floats.Dot(wr, pr.x[j])
		at := 0.0
		if math.Abs(u) > pr.vp[j]*sa {
			at = math.Copysign(math.Abs(u)-pr.vp[j]*sa, u) / (v[j] + pr.vp[j]*omal)
		}
		if at == a[j] {
			return 0, false
		}
		del := at - a[j]
		a[j] = at
		if wxGen[j] != gen {
			if wx[j] == nil {
				wx[j] = make([]float64, no)
			}
			floats.MulTo(wx[j], w, pr.x[j])
			wxGen[j] = gen
		}
		floats.AddScaled(wr, -del, wx[j])
		return v[j] * del * del, true
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
			al0 /= math.Max(alpha, 1e-3)
			al = alf * al0
		}
		sa := alpha * al
		omal := oma * al
		tlam := alpha * (2*al - al0)
		for k := 0; k < ni; k++ {
			if !ixx[k] && pr.ju[k] && ga[k] > tlam*pr.vp[k] {
				ixx[k] = true
			}
		}
		overflow := false
	irls:
		for {
			if nlp > pr.maxit {
				trunc = &TruncatedError{At: ilm, Err: ErrNotConverged}
				break lambdas
			}
			for _, j := range m {
				as[j] = a[j]
			}
			gen++ // w changed
			for j := 0; j < ni; j++ {
				if ixx[j] {
					if xsq[j] == nil {
						xsq[j] = make([]float64, no)
						floats.MulTo(xsq[j], pr.x[j], pr.x[j])
					}
					v[j] = floats.Dot(w, xsq[j])
				}
			}
		cd:
			for {
				nlp++
				dli := 0.0
				for j := 0; j < ni; j++ {
					if !ixx[j] {
						continue
					}
					dl, changed := update(j, sa, omal)
					if !changed {
						continue
					}
					dli = math.Max(dli, dl)
					if mm[j] == 0 {
						if nin() >= pr.nx {
							overflow = true
							break cd
						}
						m = append(m, j)
						mm[j] = nin()
					}
				}
				if dli < cthr {
					break
				}
				if nlp > pr.maxit {
					trunc = &TruncatedError{At: ilm, Err: ErrNotConverged}
					break lambdas
				}
				for {
					nlp++
					dli := 0.0
					for _, j := range m {
						if dl, changed := update(j, sa, omal); changed {
							dli = math.Max(dli, dl)
						}
					}
					if dli < cthr {
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
			// The linear predictor is rebuilt from the active coefficients
			// once per IRLS step rather than updated with every coordinate
			// move as glmnet does: the same value up to rounding, one
			// vector pass fewer per update.
			clear(f)
			for _, j := range m {
				if a[j] != 0 {
					floats.AddScaled(f, a[j], pr.x[j])
				}
			}
			for i := range e {
				e[i] = q[i] * clampExp(f[i])
			}
			if err := rk.outer(e, wr, w); err != nil {
				trunc = &TruncatedError{At: ilm, Err: err}
				break lambdas
			}
			for _, k := range m {
				if dk := a[k] - as[k]; v[k]*dk*dk >= cthr {
					continue irls
				}
			}
			ix := false
			for k := 0; k < ni; k++ {
				if ixx[k] || !pr.ju[k] {
					continue
				}
				ga[k] = math.Abs(floats.Dot(wr, pr.x[k]))
				if ga[k] > sa*pr.vp[k] {
					ixx[k] = true
					ix = true
				}
			}
			if !ix {
				break irls
			}
		}
		if overflow {
			trunc = &TruncatedError{At: ilm, Err: ErrPMax}
			break
		}
		am := make([]float64, nin())
		for l, j := range m {
			am[l] = a[j]
		}
		ao = append(ao, am)
		kin = append(kin, nin())
		alms = append(alms, al)
		dv := (rk.risk(f, e) - r0) / rr
		devs = append(devs, dv)
		if progress != nil {
			progress(ilm+1, pr.nlam)
		}
		if ilm+1 < mnl || pr.flmin >= 1 {
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
		if (dv-devs[ilm-mnl+1])/dv < sml {
			break
		}
		if dv > devmax {
			break
		}
	}
	lmu := len(alms)
	path := &Path{
		Family:   Cox,
		Lambda:   alms,
		DevRatio: devs,
		Df:       make([]int, lmu),
		Passes:   nlp,
		NullDev:  2 * dev0 * float64(no),
	}
	if lmu == 0 {
		return path, trunc
	}
	path.Coef = mat.NewDense(ni, lmu, nil)
	for k := 0; k < lmu; k++ {
		for l := 0; l < kin[k]; l++ {
			j := m[l]
			b := ao[k][l] / xs[j]
			path.Coef.Set(j, k, b)
			if b != 0 {
				path.Df[k]++
			}
		}
	}
	if pr.flmin < 1 {
		fixLambda(path.Lambda)
	}
	return path, trunc
}

// CoxDeviance returns glmnet's coxnet.deviance for the linear predictor
// eta: 2*(loglik_saturated - loglik(eta)) with the Breslow partial
// likelihood and unit weights, as glmnet::coxnet.deviance(pred = eta, y).
func CoxDeviance(eta []float64, d survival.Data) (float64, error) {
	if err := d.Validate(); err != nil {
		return 0, err
	}
	if len(eta) != d.Len() {
		return 0, fmt.Errorf("elasticnet: %d linear predictors for %d subjects", len(eta), d.Len())
	}
	y, err := adjustTimes(d)
	if err != nil {
		return 0, err
	}
	return coxDeviance(eta, y, d.Event)
}

func coxDeviance(eta, y []float64, ev []bool) (float64, error) {
	cd, err := newCoxDev(y, ev)
	if err != nil {
		return 0, err
	}
	return cd.eval(eta), nil
}

// coxDev evaluates glmnet's coxnet.deviance on fixed survival data.
type coxDev struct {
	rk   *coxRisk
	lsat float64
	f, e []float64
}

func newCoxDev(y []float64, ev []bool) (*coxDev, error) {
	no := len(y)
	q := make([]float64, no)
	for i := range q {
		q[i] = 1
	}
	// Saturated log-likelihood: -sum wd*log(wd) over distinct death times.
	var td []float64
	for i, t := range y {
		if ev[i] {
			td = append(td, t)
		}
	}
	if len(td) == 0 {
		return nil, survival.ErrNoEvents
	}
	sort.Float64s(td)
	lsat := 0.0
	for i := 0; i < len(td); {
		j := i
		for j < len(td) && td[j] == td[i] {
			j++
		}
		wd := float64(j - i)
		lsat -= wd * math.Log(wd)
		i = j
	}
	rk, err := newCoxRisk(y, ev, q)
	if err != nil {
		if errors.Is(err, errCoxFewAfterFirst) {
			rk, err = newCoxRiskLoose(y, ev, q)
		}
		if err != nil {
			return nil, err
		}
	}
	return &coxDev{rk: rk, lsat: lsat, f: make([]float64, no), e: make([]float64, no)}, nil
}

func (cd *coxDev) eval(eta []float64) float64 {
	gm := 0.0
	for _, v := range eta {
		gm += v
	}
	gm /= float64(len(eta))
	for i, v := range eta {
		cd.f[i] = v - gm
		cd.e[i] = clampExp(cd.f[i])
	}
	return 2 * (cd.lsat - cd.rk.risk(cd.f, cd.e))
}

// newCoxRiskLoose builds the risk blocks without glmnet's requirement of
// two subjects after the first event (used only to evaluate deviances).
func newCoxRiskLoose(y []float64, d []bool, q []float64) (*coxRisk, error) {
	no := len(y)
	jp := psort7(y)
	var kp []int
	start := -1
	for p := 0; p < no; p++ {
		i := jp[p]
		if d[i] && (start < 0 || y[i] > y[jp[start]]) {
			if start >= 0 {
				kp = append(kp, p-1)
			}
			start = p
		}
	}
	if start < 0 {
		return nil, survival.ErrNoEvents
	}
	kp = append(kp, no-1)
	// Drop subjects before the first death.
	first := 0
	for !d[jp[first]] {
		first++
	}
	jp = jp[first:]
	for k := range kp {
		kp[k] -= first
	}
	r := &coxRisk{jp: jp, kp: kp, dq: make([]float64, no), u: make([]float64, len(kp))}
	for i := range y {
		if d[i] {
			r.dq[i] = q[i]
		}
	}
	r.dk = make([]float64, len(kp))
	s := 0
	for k, end := range kp {
		for _, i := range jp[s : end+1] {
			r.dk[k] += r.dq[i]
		}
		s = end + 1
	}
	return r, nil
}
