package cox

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"

	"radgo/core/survival"
)

// Ties selects the approximation of the partial likelihood for tied event
// times, as coxph's ties argument.
type Ties int

const (
	// Efron is coxph's default, ties = "efron".
	Efron Ties = iota
	// Breslow is ties = "breslow" (also glmnet's and many other tools').
	Breslow
)

// String returns R's name of the method.
func (t Ties) String() string {
	switch t {
	case Efron:
		return "efron"
	case Breslow:
		return "breslow"
	}
	return "Ties(" + strconv.Itoa(int(t)) + ")"
}

// Settings configures [Fit]. A nil *Settings or zero fields mean R
// coxph's defaults (coxph.control): Efron ties, eps = 1e-9, iter.max = 20,
// toler.chol = eps^0.75, 95% intervals, no weights, no strata, model-based
// (not robust) variance.
type Settings struct {
	Ties      Ties
	Weights   []float64 // case weights (coxph's weights); nil = all 1
	Strata    []string  // stratum of each subject (strata(...)); nil = none
	Robust    bool      // sandwich variance (robust = TRUE); implied by Cluster and, as in coxph, by non-integer Weights
	Cluster   []string  // cluster of each subject for the robust variance; implies Robust
	MaxIter   int       // 0 means 20
	Eps       float64   // relative change of the log-likelihood; 0 means 1e-9
	ConfLevel float64   // 0 means 0.95
}

// Test is a chi-squared test of the global null hypothesis beta = 0.
type Test struct {
	ChiSq float64
	DF    int
	P     float64
}

// Model is a fitted Cox proportional-hazards model, with the numbers of
// R's coxph and summary.coxph.
//
// When the partial likelihood is maximised at infinity (complete or
// quasi-complete separation: a covariate orders the event times
// perfectly), the affected coefficients are reported as ±Inf with
// Infinite set, their SE, z, p and CI as NaN, and a message in Warnings;
// the log-likelihood and the likelihood-ratio test remain valid. A fit
// that runs out of iterations (Converged false, a warning) reports the
// best iterate found; R reports the last trial point, which can be worse
// than beta = 0.
type Model struct {
	Names  []string
	Coef   []float64
	StdErr []float64 // robust when the fit was robust
	HR     []float64 // exp(Coef)
	Lower  []float64 // HR confidence limits, exp(Coef ∓ z·StdErr)
	Upper  []float64
	Z      []float64
	P      []float64 // 2·Φ(-|Z|)

	Var      [][]float64 // variance matrix of Coef (robust when robust)
	NaiveVar [][]float64 // model-based variance when robust, else nil
	NaiveSE  []float64   // model-based SE when robust, else nil

	LogLikNull, LogLik float64
	LR, Wald, Score    Test
	// RobustScore is the robust score test, computed only for robust fits.
	RobustScore *Test
	Concordance *survival.Concordance
	// R2 is the Nagelkerke/Cox–Snell R² that rms::cph reports as "R2":
	// (1 - exp(-LR/n)) / (1 - exp(2·LogLikNull/n)).
	R2 float64

	Means     []float64 // weighted covariate means, 0 for 0/1 covariates (coxph's means)
	N         int
	NEvents   int
	Iter      int
	Converged bool
	Infinite  []bool
	Warnings  []string
	Ties      Ties
	Robust    bool
	ConfLevel float64

	lp     []float64 // centred linear predictors
	prob   *problem
	strata []string
}

// ErrCollinear reports covariates that are constant or linear
// combinations of the others; R's coxph would give them NA coefficients.
var ErrCollinear = errors.New("cox: collinear or constant covariates")

// Fit fits a Cox proportional-hazards model by Newton–Raphson with step
// halving, reproducing R survival::coxph(Surv(time, event) ~ x1 + x2 + ...,
// ties, weights, strata, robust). x holds one column per covariate
// (x[j][i] is covariate j of subject i) and names labels the columns.
//
// Errors: invalid data (see survival.Data.Validate), no events, mismatched
// lengths, non-finite covariates or weights, and (wrapping [ErrCollinear])
// constant or collinear covariates, which includes p >= number of
// subjects. Non-convergence and infinite estimates are reported in
// Model.Warnings, not as errors.
func Fit(d survival.Data, x [][]float64, names []string, s *Settings) (*Model, error) {
	var set Settings
	if s != nil {
		set = *s
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	n := d.Len()
	if d.Events() == 0 {
		return nil, survival.ErrNoEvents
	}
	if len(x) == 0 {
		return nil, errors.New("cox: no covariates")
	}
	if len(names) != len(x) {
		return nil, fmt.Errorf("cox: %d names for %d covariates", len(names), len(x))
	}
	for j, col := range x {
		if len(col) != n {
			return nil, fmt.Errorf("cox: covariate %q has %d values for %d subjects", names[j], len(col), n)
		}
		for i, v := range col {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("cox: covariate %q of subject %d is %v (drop missing values first)", names[j], i, v)
			}
		}
	}
	w := set.Weights
	if w == nil {
		w = make([]float64, n)
		for i := range w {
			w[i] = 1
		}
	} else {
		if len(w) != n {
			return nil, fmt.Errorf("cox: %d weights for %d subjects", len(w), n)
		}
		for i, v := range w {
			if !(v > 0) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("cox: weight %v of subject %d is not a positive finite number", v, i)
			}
		}
	}
	if set.Strata != nil && len(set.Strata) != n {
		return nil, fmt.Errorf("cox: %d strata labels for %d subjects", len(set.Strata), n)
	}
	if !set.Robust {
		// coxph's default: robust variance with non-integer case weights
		for _, v := range set.Weights {
			if v != math.Floor(v) {
				set.Robust = true
				break
			}
		}
	}
	if set.Cluster != nil {
		if len(set.Cluster) != n {
			return nil, fmt.Errorf("cox: %d cluster labels for %d subjects", len(set.Cluster), n)
		}
		set.Robust = true
	}
	if set.Ties != Efron && set.Ties != Breslow {
		return nil, fmt.Errorf("cox: unknown ties method %d", int(set.Ties))
	}
	maxIter := set.MaxIter
	if maxIter == 0 {
		maxIter = 20
	}
	if maxIter < 0 {
		return nil, fmt.Errorf("cox: negative MaxIter %d", maxIter)
	}
	eps := set.Eps
	if eps == 0 {
		eps = 1e-9
	}
	if !(eps > 0) {
		return nil, fmt.Errorf("cox: Eps %v is not positive", set.Eps)
	}
	lvl := set.ConfLevel
	if lvl == 0 {
		lvl = 0.95
	}
	if !(lvl > 0 && lvl < 1) {
		return nil, fmt.Errorf("cox: confidence level %v is not in (0, 1)", set.ConfLevel)
	}
	p := len(x)
	if p >= n {
		return nil, fmt.Errorf("%w: %d covariates for %d subjects (use a penalised fit, core/elasticnet)", ErrCollinear, p, n)
	}
	// coxph's timefix = TRUE: merge times equal up to rounding noise
	pr := newProblem(survival.TimeFix(d.Time), d.Event, x, w, strataIndex(set.Strata, n), set.Ties == Efron)
	return fitProblem(pr, names, set, maxIter, eps, lvl)
}

func strataIndex(strata []string, n int) [][]int {
	if strata == nil {
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		return [][]int{all}
	}
	var out [][]int
	pos := map[string]int{}
	for _, lv := range survival.Levels(strata) {
		pos[lv] = len(out)
		out = append(out, nil)
	}
	for i, s := range strata {
		k := pos[s]
		out[k] = append(out[k], i)
	}
	return out
}

const tolChol = 1.8189894035458617e-12 // .Machine$double.eps^0.75

func fitProblem(pr *problem, names []string, set Settings, maxIter int, eps, lvl float64) (*Model, error) {
	p, n := pr.p, pr.n
	nr := pr.newton(maxIter, eps, tolChol)
	var bad []string
	for j, s := range nr.sing0 {
		if s {
			bad = append(bad, strconv.Quote(names[j]))
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%w: %v (constant, or a linear combination of the other covariates)", ErrCollinear, bad)
	}
	m := &Model{Names: append([]string(nil), names...), Means: pr.means, N: n, Iter: nr.iter,
		Converged: nr.converged, Ties: set.Ties, ConfLevel: lvl, prob: pr, strata: set.Strata,
		LogLikNull: nr.ll0, LogLik: nr.ll, Robust: set.Robust}
	for i := 0; i < n; i++ {
		if pr.event[i] {
			m.NEvents++
		}
	}
	fac := append([]float64(nil), nr.imat...)
	sing := cholesky2(fac, p, tolChol)
	for j, s := range sing {
		if s {
			bad = append(bad, strconv.Quote(names[j]))
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%w: information matrix singular at the estimate for %v", ErrCollinear, bad)
	}
	v := chinv(fac, p)
	beta := nr.beta
	if !nr.converged {
		m.Warnings = append(m.Warnings, fmt.Sprintf("Ran out of iterations and did not converge (%d iterations)", maxIter))
	}
	// coxph's check for infinite coefficients: the Newton step that would
	// follow is large relative to the coefficient.
	m.Infinite = make([]bool, p)
	if maxIter > 1 {
		for j := 0; j < p; j++ {
			step := 0.0
			for k := 0; k < p; k++ {
				step += nr.u[k] * v[k*p+j]
			}
			step = math.Abs(step)
			if step > eps && step > math.Sqrt(eps)*math.Abs(beta[j]) {
				m.Infinite[j] = true
				m.Warnings = append(m.Warnings, fmt.Sprintf("Loglik converged before variable %q; coefficient may be infinite", names[j]))
			}
		}
	}
	// tests
	m.LR = chiTest(2*(nr.ll-nr.ll0), p)
	{
		f0 := append([]float64(nil), nr.imat0...)
		cholesky2(f0, p, tolChol)
		y := append([]float64(nil), nr.u0...)
		chsolve2(f0, p, y)
		sc := 0.0
		for j := range y {
			sc += y[j] * nr.u0[j]
		}
		m.Score = chiTest(sc, p)
	}
	m.lp = make([]float64, n)
	for i := 0; i < n; i++ {
		e := 0.0
		for j := 0; j < p; j++ {
			e += pr.x[i*p+j] * beta[j]
		}
		m.lp[i] = e
	}
	if set.Robust {
		m.NaiveVar = square(v, p)
		m.NaiveSE = make([]float64, p)
		for j := range m.NaiveSE {
			m.NaiveSE[j] = math.Sqrt(v[j*p+j])
		}
		rv, rs := robust(pr, beta, v, set.Cluster)
		v = rv
		m.RobustScore = &rs
	}
	// Wald test with the reported variance (coxph uses the robust one
	// when robust = TRUE).
	{
		fv := append([]float64(nil), v...)
		cholesky2(fv, p, tolChol)
		y := append([]float64(nil), beta...)
		// solve V y = beta, then Wald = beta' y
		chsolve2(fv, p, y)
		wd := 0.0
		for j := range y {
			wd += y[j] * beta[j]
		}
		m.Wald = chiTest(wd, p)
	}
	m.Var = square(v, p)
	z := distuv.UnitNormal.Quantile(1 - (1-lvl)/2)
	m.Coef = make([]float64, p)
	m.StdErr, m.HR, m.Lower, m.Upper = make([]float64, p), make([]float64, p), make([]float64, p), make([]float64, p)
	m.Z, m.P = make([]float64, p), make([]float64, p)
	nan := math.NaN()
	for j := 0; j < p; j++ {
		if m.Infinite[j] {
			m.Coef[j] = math.Copysign(math.Inf(1), beta[j])
			m.HR[j] = math.Exp(m.Coef[j])
			m.StdErr[j], m.Lower[j], m.Upper[j], m.Z[j], m.P[j] = nan, nan, nan, nan, nan
			continue
		}
		b, se := beta[j], math.Sqrt(v[j*p+j])
		m.Coef[j], m.StdErr[j] = b, se
		m.HR[j] = math.Exp(b)
		m.Lower[j], m.Upper[j] = math.Exp(b-z*se), math.Exp(b+z*se)
		m.Z[j] = b / se
		m.P[j] = 2 * distuv.UnitNormal.CDF(-math.Abs(m.Z[j]))
	}
	m.R2 = (1 - math.Exp(-m.LR.ChiSq/float64(n))) / (1 - math.Exp(2*nr.ll0/float64(n)))
	c, err := survival.HarrellCStrata(m.lp, survival.Data{Time: pr.time, Event: pr.event}, set.Strata, set.Weights)
	if err == nil {
		m.Concordance = c
	}
	return m, nil
}

func chiTest(x float64, df int) Test {
	return Test{ChiSq: x, DF: df, P: distuv.ChiSquared{K: float64(df)}.Survival(x)}
}

func square(v []float64, p int) [][]float64 {
	out := make([][]float64, p)
	for j := range out {
		out[j] = append([]float64(nil), v[j*p:(j+1)*p]...)
	}
	return out
}

// LinearPredictors returns the centred linear predictors (x_i - means)·beta
// of the fitted subjects, as coxph's linear.predictors. Higher means
// higher risk.
func (m *Model) LinearPredictors() []float64 { return append([]float64(nil), m.lp...) }

// Predict returns the centred linear predictor (x - means)·beta of new
// subjects, x in the column layout of [Fit], like predict(fit, newdata,
// type = "lp"). Infinite coefficients give ±Inf or NaN.
func (m *Model) Predict(x [][]float64) ([]float64, error) {
	if len(x) != len(m.Coef) {
		return nil, fmt.Errorf("cox: %d covariate columns, model has %d", len(x), len(m.Coef))
	}
	if len(x) == 0 {
		return nil, nil
	}
	n := len(x[0])
	out := make([]float64, n)
	for j, col := range x {
		if len(col) != n {
			return nil, fmt.Errorf("cox: covariate %q has %d values, want %d", m.Names[j], len(col), n)
		}
		for i, v := range col {
			out[i] += (v - m.Means[j]) * m.Coef[j]
		}
	}
	return out, nil
}

// GIndex returns rms's g-index of the linear predictor: Gini's mean
// difference, the mean of |lp_i - lp_j| over all pairs i != j
// (Hmisc::GiniMd, the "g" of rms::cph's stats); exp(g) is "gr". O(n log n).
func (m *Model) GIndex() float64 {
	lp := append([]float64(nil), m.lp...)
	sort.Float64s(lp)
	n := float64(len(lp))
	if n < 2 {
		return math.NaN()
	}
	s := 0.0
	for i, v := range lp {
		s += (2*float64(i) - n + 1) * v
	}
	return 2 * s / (n * (n - 1))
}
