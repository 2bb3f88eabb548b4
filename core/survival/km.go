package survival

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
)

// ConfType selects the transformation used for pointwise confidence
// intervals of a survival curve, as survfit's conf.type.
type ConfType int

const (
	// LogCI is exp(log S ± z·se), R's default conf.type = "log".
	LogCI ConfType = iota
	// LogLogCI is S^exp(±z·se/log S), conf.type = "log-log" (Stata, lifelines).
	LogLogCI
	// PlainCI is S ± z·S·se clipped to [0, 1], conf.type = "plain".
	PlainCI
)

// String returns R's name of the confidence-interval type.
func (c ConfType) String() string {
	switch c {
	case LogCI:
		return "log"
	case LogLogCI:
		return "log-log"
	case PlainCI:
		return "plain"
	}
	return "ConfType(" + strconv.Itoa(int(c)) + ")"
}

// KMSettings configures [KaplanMeier]. A nil *KMSettings or zero fields
// mean R's defaults: conf.type = "log", conf.int = 0.95.
type KMSettings struct {
	ConfType  ConfType
	ConfLevel float64 // two-sided level in (0, 1); 0 means 0.95
}

func (s *KMSettings) resolve() (ConfType, float64, error) {
	if s == nil {
		return LogCI, 0.95, nil
	}
	lvl := s.ConfLevel
	if lvl == 0 {
		lvl = 0.95
	}
	if !(lvl > 0 && lvl < 1) {
		return 0, 0, fmt.Errorf("survival: confidence level %v is not in (0, 1)", s.ConfLevel)
	}
	if s.ConfType < LogCI || s.ConfType > PlainCI {
		return 0, 0, fmt.Errorf("survival: unknown confidence interval type %d", int(s.ConfType))
	}
	return s.ConfType, lvl, nil
}

// Curve is a Kaplan–Meier estimate: one row per distinct observed time
// (event or censoring), exactly as the rows of R's survfit object.
//
// StdErr is survfit's std.err, the Greenwood standard error of -log S(t),
// sqrt(sum_{s<=t} d_s/(n_s(n_s-d_s))); multiply by Survival for the SE of
// S(t) that summary.survfit prints ([Curve.StdErrSurvival]). Values R
// reports as NA (the SE where S = 0, log-log limits where S is 0 or 1) are
// NaN.
type Curve struct {
	Stratum   string // "" for an unstratified curve, else the group level
	N         int    // subjects
	NEvents   int    // observed events
	Time      []float64
	AtRisk    []int
	Events    []int
	Censored  []int
	Survival  []float64
	StdErr    []float64
	Lower     []float64
	Upper     []float64
	ConfType  ConfType
	ConfLevel float64
}

// KaplanMeier computes the product-limit estimate of the survival function
// with Greenwood standard errors and pointwise confidence limits. It
// reproduces R survival::survfit(Surv(time, event) ~ 1, conf.type = ...).
// Censored subjects at an event time are at risk at that time.
func KaplanMeier(d Data, s *KMSettings) (*Curve, error) {
	ct, lvl, err := s.resolve()
	if err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	return kaplanMeier(d.fixed(), ct, lvl), nil
}

func kaplanMeier(d Data, ct ConfType, lvl float64) *Curve {
	n := d.Len()
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return d.Time[idx[a]] < d.Time[idx[b]] })
	c := &Curve{N: n, ConfType: ct, ConfLevel: lvl}
	surv, vsum := 1.0, 0.0
	atRisk := n
	for k := 0; k < n; {
		t := d.Time[idx[k]]
		ev, ce := 0, 0
		j := k
		for ; j < n && d.Time[idx[j]] == t; j++ {
			if d.Event[idx[j]] {
				ev++
			} else {
				ce++
			}
		}
		if ev > 0 {
			surv *= 1 - float64(ev)/float64(atRisk)
			if ev < atRisk {
				vsum += float64(ev) / (float64(atRisk) * float64(atRisk-ev))
			} else {
				vsum = math.Inf(1)
			}
		}
		se := math.Sqrt(vsum)
		if surv == 0 {
			se = math.NaN()
		}
		c.Time = append(c.Time, t)
		c.AtRisk = append(c.AtRisk, atRisk)
		c.Events = append(c.Events, ev)
		c.Censored = append(c.Censored, ce)
		c.Survival = append(c.Survival, surv)
		c.StdErr = append(c.StdErr, se)
		c.NEvents += ev
		atRisk -= j - k
		k = j
	}
	c.Lower, c.Upper = confLimits(c.Survival, c.StdErr, ct, lvl)
	return c
}

// confLimits follows survival:::survfit_confint with logse = TRUE.
func confLimits(p, se []float64, ct ConfType, lvl float64) (lo, hi []float64) {
	z := distuv.UnitNormal.Quantile(1 - (1-lvl)/2)
	lo = make([]float64, len(p))
	hi = make([]float64, len(p))
	nan := math.NaN()
	for i, s := range p {
		e := se[i]
		switch ct {
		case PlainCI:
			se2 := e * s * z
			lo[i] = math.Max(s-se2, 0)
			hi[i] = math.Min(s+se2, 1)
			if math.IsNaN(se2) {
				lo[i], hi[i] = nan, nan
			}
		case LogCI:
			if s == 0 || math.IsNaN(e) {
				lo[i], hi[i] = nan, nan
				continue
			}
			se2 := z * e
			lo[i] = math.Exp(math.Log(s) - se2)
			hi[i] = math.Min(math.Exp(math.Log(s)+se2), 1)
		case LogLogCI:
			if s == 0 || s == 1 || math.IsNaN(e) {
				lo[i], hi[i] = nan, nan
				continue
			}
			se2 := z * e / math.Log(s)
			ll := math.Log(-math.Log(s))
			lo[i] = math.Exp(-math.Exp(ll - se2))
			hi[i] = math.Exp(-math.Exp(ll + se2))
		}
	}
	return lo, hi
}

// KaplanMeierStrata computes one Kaplan–Meier curve per level of group, in
// the order of [Levels] (R's sorted factor levels), like
// survfit(Surv(time, event) ~ group). Each curve's Stratum is its level.
func KaplanMeierStrata(d Data, group []string, s *KMSettings) ([]*Curve, error) {
	ct, lvl, err := s.resolve()
	if err != nil {
		return nil, err
	}
	if err := d.Validate(); err != nil {
		return nil, err
	}
	if len(group) != d.Len() {
		return nil, fmt.Errorf("survival: %d group labels for %d subjects", len(group), d.Len())
	}
	d = d.fixed()
	levels := Levels(group)
	out := make([]*Curve, len(levels))
	for k, lv := range levels {
		var idx []int
		for i, g := range group {
			if g == lv {
				idx = append(idx, i)
			}
		}
		c := kaplanMeier(d.Subset(idx), ct, lvl)
		c.Stratum = lv
		out[k] = c
	}
	return out, nil
}

// Levels returns the distinct values of group in R's factor order: numeric
// order when every label parses as a number, else lexical order.
func Levels(group []string) []string {
	seen := map[string]bool{}
	var lv []string
	numeric := true
	for _, g := range group {
		if !seen[g] {
			seen[g] = true
			lv = append(lv, g)
			if _, err := strconv.ParseFloat(g, 64); err != nil {
				numeric = false
			}
		}
	}
	if numeric {
		sort.Slice(lv, func(a, b int) bool {
			x, _ := strconv.ParseFloat(lv[a], 64)
			y, _ := strconv.ParseFloat(lv[b], 64)
			if x < y || y < x {
				return x < y
			}
			return lv[a] < lv[b] // "1" vs "1.0", NaN: a deterministic order
		})
	} else {
		sort.Strings(lv)
	}
	return lv
}

// At returns the estimated survival S(t), a right-continuous step function
// (1 before the first time), like summary(fit, times = t)$surv.
func (c *Curve) At(t float64) float64 {
	k := sort.SearchFloat64s(c.Time, t) // first Time >= t
	if k < len(c.Time) && c.Time[k] == t {
		return c.Survival[k]
	}
	if k == 0 {
		return 1
	}
	return c.Survival[k-1]
}

// Point is the curve evaluated at one time, as a row of
// summary(fit, times = ...): survival, its standard error (of S) and the
// confidence limits.
type Point struct {
	Time, Survival, StdErr, Lower, Upper float64
}

// Points evaluates the curve at the given times, carrying the last row
// forward (summary.survfit with extend = TRUE).
func (c *Curve) Points(times []float64) []Point {
	out := make([]Point, len(times))
	for i, t := range times {
		k := sort.SearchFloat64s(c.Time, t)
		if !(k < len(c.Time) && c.Time[k] == t) {
			k--
		}
		if k < 0 {
			out[i] = Point{Time: t, Survival: 1, StdErr: 0, Lower: 1, Upper: 1}
			continue
		}
		out[i] = Point{Time: t, Survival: c.Survival[k], StdErr: c.Survival[k] * c.StdErr[k], Lower: c.Lower[k], Upper: c.Upper[k]}
	}
	return out
}

// StdErrSurvival returns the standard error of S(t) at each row,
// S(t)·StdErr (the column summary.survfit prints).
func (c *Curve) StdErrSurvival() []float64 {
	out := make([]float64, len(c.Survival))
	for i := range out {
		out[i] = c.Survival[i] * c.StdErr[i]
	}
	return out
}

// Quantile is a survival-time quantile with its confidence limits; NaN
// means not reached (R's NA).
type Quantile struct {
	Prob, Time, Lower, Upper float64
}

// Median returns the median survival time with its confidence interval,
// as summary(survfit(...))$table's median, 0.95LCL and 0.95UCL.
func (c *Curve) Median() Quantile { return c.Quantile(0.5) }

// Quantile returns the time at which 1 - S(t) first reaches p, following
// R's quantile.survfit: when S(t) equals 1-p (within sqrt(machine eps)) on
// a flat stretch the midpoint of the stretch is returned. The limits apply
// the same rule to the lower and upper confidence curves.
func (c *Curve) Quantile(p float64) Quantile {
	x := append([]float64{0}, c.Time...)
	q := Quantile{Prob: p}
	q.Time = findq(x, oneMinus(c.Survival), p)
	q.Lower = findq(x, oneMinus(c.Lower), p)
	q.Upper = findq(x, oneMinus(c.Upper), p)
	return q
}

func oneMinus(s []float64) []float64 {
	y := make([]float64, len(s)+1)
	for i, v := range s {
		y[i+1] = 1 - v
	}
	return y
}

// findq is survival:::findq for one probability.
func findq(x, y []float64, p float64) float64 {
	const tol = 1.4901161193847656e-08 // sqrt(.Machine$double.eps)
	nan := math.NaN()
	maxy := math.Inf(-1)
	for _, v := range y {
		if !math.IsNaN(v) && v > maxy {
			maxy = v
		}
	}
	if maxy < p {
		return nan
	}
	xmax := x[len(x)-1]
	// drop duplicated y, first occurrence kept, NaN equal to NaN (R's
	// duplicated); the confidence curves need not be monotone.
	var xs, ys []float64
	seen := make(map[float64]bool, len(y))
	seenNaN := false
	for i, v := range y {
		if math.IsNaN(v) {
			if seenNaN {
				continue
			}
			seenNaN = true
		} else {
			if seen[v] {
				continue
			}
			seen[v] = true
		}
		xs = append(xs, x[i])
		ys = append(ys, v)
	}
	if p == 0 {
		return xs[0]
	}
	// approx(y ± tol, 1:n, p, "constant", f = 1) sorts the points by value
	// and returns the index of the smallest value >= p, ignoring NA points
	// (NA when no value reaches p).
	first := func(off float64) int {
		best := -1
		for k, v := range ys {
			if !math.IsNaN(v) && v+off >= p && (best < 0 || v < ys[best]) {
				best = k
			}
		}
		return best
	}
	i1, i2 := first(tol), first(-tol)
	// approx returns NA below the smallest non-NA value too
	q := nan
	if i1 >= 0 && i2 >= 0 {
		q = (xs[i1] + xs[i2]) / 2
	}
	last := ys[len(ys)-1]
	if !math.IsNaN(last) && math.Abs(p-last) < tol && i1 >= 0 {
		q = (xs[i1] + xmax) / 2
	}
	return q
}
