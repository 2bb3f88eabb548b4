package survival

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// TimeROCSettings configures [TimeROC]. A nil *TimeROCSettings computes
// the standard errors (iid = TRUE) with 95% intervals.
type TimeROCSettings struct {
	SkipIID   bool    // do not compute influence values and standard errors
	ConfLevel float64 // 0 means 0.95
}

// TimeROCResult is the cumulative/dynamic time-dependent ROC analysis of a
// marker at several times, field for field R timeROC::timeROC(T, delta,
// marker, cause = 1, weighting = "marginal", times, ROC = TRUE, iid = TRUE).
type TimeROCResult struct {
	N      int
	Curves []*TimeROCCurve // one per requested time, in the order given
	// SubjectG is G(T_i-), the censoring survival just before each
	// subject's time (timeROC's weights$IPCW.subjectTimes), in input order.
	SubjectG []float64
}

// TimeROCCurve is the ROC curve and AUC at one time t. Cases are subjects
// with an event strictly before t, controls those with a time strictly
// after t (timeROC's definition: a subject with time exactly t is
// neither). Case i is weighted 1/(n·G(T_i-)) and every control
// 1/(n·G(t)), G the censoring Kaplan–Meier estimate (events before
// censorings at tied times, as prodlim).
type TimeROCCurve struct {
	Time   float64
	AUC    float64 // NaN when there are no cases or no controls
	StdErr float64 // sd(IID)/sqrt(n); NaN when SkipIID
	Lower  float64 // AUC - z·StdErr
	Upper  float64 // AUC + z·StdErr

	Cases, Controls, Censored int     // Censored: neither case nor control at t
	CumulativeIncidence       float64 // sum of case weights, an estimate of F(t)
	SurvProb                  float64 // sum of control weights, an estimate of S(t)
	G                         float64 // G(t), timeROC's weights$IPCW.times

	// Cutoffs[k] is the threshold of ROC point k (positive if marker >=
	// cutoff): +Inf, then the distinct marker values in decreasing order.
	Cutoffs []float64
	TP, FP  []float64 // sensitivity and 1 - specificity at each cutoff

	// Youden is the index into TP/FP of the first maximum of TP - FP (R
	// which.max); YoudenJ its value and YoudenCutoff = Cutoffs[Youden].
	Youden       int
	YoudenJ      float64
	YoudenCutoff float64

	// IID holds each subject's influence value for the AUC (timeROC's
	// inference$mat_iid_rep_1 column), in input order.
	IID []float64
}

// TimeROC computes cumulative/dynamic time-dependent ROC curves, AUCs and
// their influence-function standard errors (Blanche, Dartigues &
// Jacqmin-Gadda 2013) at the given times with marginal Kaplan–Meier
// inverse-probability-of-censoring weights, matching R timeROC 0.4. Higher
// marker values are taken to mean earlier events. Unlike timeROC, which is
// O(n²) in memory and time, this is O(n log n) per time.
func TimeROC(marker []float64, d Data, times []float64, s *TimeROCSettings) (*TimeROCResult, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	n := d.Len()
	if len(marker) != n {
		return nil, fmt.Errorf("survival: %d marker values for %d subjects", len(marker), n)
	}
	for i, x := range marker {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("survival: marker %v of subject %d is not finite", x, i)
		}
	}
	if len(times) == 0 {
		return nil, fmt.Errorf("survival: TimeROC needs at least one time")
	}
	for _, t := range times {
		if math.IsNaN(t) || math.IsInf(t, 0) || t < 0 {
			return nil, fmt.Errorf("survival: ROC time %v is not a finite non-negative number", t)
		}
	}
	var set TimeROCSettings
	if s != nil {
		set = *s
	}
	lvl := set.ConfLevel
	if lvl == 0 {
		lvl = 0.95
	}
	if !(lvl > 0 && lvl < 1) {
		return nil, fmt.Errorf("survival: confidence level %v is not in (0, 1)", set.ConfLevel)
	}
	z := distuv.UnitNormal.Quantile(1 - (1-lvl)/2)

	g := censoringKM(d)
	res := &TimeROCResult{N: n, SubjectG: make([]float64, n)}
	for i := range res.SubjectG {
		res.SubjectG[i] = g.leftAt(d.Time[i])
	}
	// distinct marker values, decreasing
	mk, nm := ranks(marker) // rank 0 = smallest
	uniq := make([]float64, nm)
	for i, r := range mk {
		uniq[r] = marker[i]
	}
	var ic *iidKM
	if !set.SkipIID {
		ic = newIIDKM(d)
	}
	for _, t := range times {
		c := rocAt(marker, mk, uniq, d, t, g, res.SubjectG)
		c.StdErr, c.Lower, c.Upper = math.NaN(), math.NaN(), math.NaN()
		if ic != nil && !math.IsNaN(c.AUC) {
			c.IID = ic.aucIID(marker, d, t, c, res.SubjectG)
			c.StdErr = sdev(c.IID) / math.Sqrt(float64(n))
			c.Lower, c.Upper = c.AUC-z*c.StdErr, c.AUC+z*c.StdErr
		}
		res.Curves = append(res.Curves, c)
	}
	return res, nil
}

func sdev(x []float64) float64 {
	m := 0.0
	for _, v := range x {
		m += v
	}
	m /= float64(len(x))
	s := 0.0
	for _, v := range x {
		s += (v - m) * (v - m)
	}
	return math.Sqrt(s / float64(len(x)-1))
}

func rocAt(marker []float64, mk []int, uniq []float64, d Data, t float64, g stepFn, subjG []float64) *TimeROCCurve {
	n := d.Len()
	nf := float64(n)
	nm := len(uniq)
	c := &TimeROCCurve{Time: t, G: g.at(t)}
	// weights accumulated per distinct marker value
	wCase := make([]float64, nm)
	wCtrl := make([]float64, nm)
	wc := 1 / (c.G * nf)
	for i := 0; i < n; i++ {
		switch {
		case d.Time[i] < t && d.Event[i]:
			c.Cases++
			w := 1 / (subjG[i] * nf)
			wCase[mk[i]] += w
		case d.Time[i] > t:
			c.Controls++
			wCtrl[mk[i]] += wc
		}
	}
	c.Censored = n - c.Cases - c.Controls
	// cumulative sums from the largest marker down, in the order timeROC
	// adds them (subjects sorted by decreasing marker).
	c.Cutoffs = make([]float64, nm+1)
	c.TP = make([]float64, nm+1)
	c.FP = make([]float64, nm+1)
	c.Cutoffs[0] = math.Inf(1)
	var sc, sf float64
	cumC := make([]float64, nm+1)
	cumF := make([]float64, nm+1)
	for k := 0; k < nm; k++ {
		r := nm - 1 - k
		c.Cutoffs[k+1] = uniq[r]
		sc += wCase[r]
		sf += wCtrl[r]
		cumC[k+1], cumF[k+1] = sc, sf
	}
	c.CumulativeIncidence, c.SurvProb = sc, sf
	c.AUC = math.NaN()
	for k := range c.TP {
		c.TP[k] = cumC[k] / sc
		c.FP[k] = cumF[k] / sf
	}
	c.Youden, c.YoudenJ, c.YoudenCutoff = -1, math.NaN(), math.NaN()
	if sc == 0 || sf == 0 {
		nan := math.NaN()
		if sc == 0 {
			for k := range c.TP {
				c.TP[k] = nan
			}
		}
		if sf == 0 {
			for k := range c.FP {
				c.FP[k] = nan
			}
		}
		return c
	}
	auc := 0.0
	for k := 0; k < nm; k++ {
		auc += (c.FP[k+1] - c.FP[k]) * (c.TP[k] + c.TP[k+1]) / 2
	}
	c.AUC = auc
	for k := range c.TP {
		if j := c.TP[k] - c.FP[k]; c.Youden < 0 || j > c.YoudenJ {
			c.Youden, c.YoudenJ = k, j
		}
	}
	c.YoudenCutoff = c.Cutoffs[c.Youden]
	return c
}

// iidKM holds the part of timeROC's Compute.iid.KM that does not depend on
// t: subjects in R's order(T) (stable), their tie-group starts, and the
// cumulative compensator integral A.
type iidKM struct {
	ord   []int     // position -> subject
	pos   []int     // subject -> position
	first []int     // position -> first position of its tied-time group
	a     []float64 // A[p] = sum_{q<=p} n c_q/(n-q)^2
}

func newIIDKM(d Data) *iidKM {
	n := d.Len()
	ic := &iidKM{ord: make([]int, n), pos: make([]int, n), first: make([]int, n), a: make([]float64, n)}
	for i := range ic.ord {
		ic.ord[i] = i
	}
	sort.SliceStable(ic.ord, func(a, b int) bool { return d.Time[ic.ord[a]] < d.Time[ic.ord[b]] })
	nf := float64(n)
	acc := 0.0
	for p, i := range ic.ord {
		ic.pos[i] = p
		if p > 0 && d.Time[i] == d.Time[ic.ord[p-1]] {
			ic.first[p] = ic.first[p-1]
		} else {
			ic.first[p] = p
		}
		if !d.Event[i] {
			r := nf - float64(p)
			acc += nf / (r * r)
		}
		ic.a[p] = acc
	}
	return ic
}

// aucIID is timeROC's compute_iid_decomposition_survival rewritten with
// prefix sums: the n×n matrices it builds are never formed.
func (ic *iidKM) aucIID(marker []float64, d Data, t float64, c *TimeROCCurve, subjG []float64) []float64 {
	n := d.Len()
	nf := float64(n)
	gt := c.G
	F, St := c.CumulativeIncidence, c.SurvProb
	// R_i (cases) and C_j (controls): sums of h_ij = K_ij/(G_i G_t).
	var caseM, ctrlM []float64
	type cw struct{ m, w float64 }
	var cases []cw
	for i := 0; i < n; i++ {
		if d.Time[i] < t && d.Event[i] {
			cases = append(cases, cw{marker[i], 1 / subjG[i]})
			caseM = append(caseM, marker[i])
		} else if d.Time[i] > t {
			ctrlM = append(ctrlM, marker[i])
		}
	}
	sort.Float64s(ctrlM)
	sort.Slice(cases, func(a, b int) bool { return cases[a].m < cases[b].m })
	cum := make([]float64, len(cases)+1) // cum[k] = sum of w over cases[:k]
	for k, x := range cases {
		cum[k+1] = cum[k] + x.w
		caseM[k] = x.m
	}
	nCtrl := float64(len(ctrlM))
	rowR := make([]float64, n) // R_i by position
	colC := make([]float64, n) // C_j by position
	dvec := make([]float64, n) // d_i = 1/G_i for cases
	vT := make([]float64, n)
	sumR := 0.0
	for p, i := range ic.ord {
		m := marker[i]
		switch {
		case d.Time[i] < t && d.Event[i]:
			lo := sort.SearchFloat64s(ctrlM, m)
			hi := sort.Search(len(ctrlM), func(k int) bool { return ctrlM[k] > m })
			rowR[p] = (float64(lo) + 0.5*float64(hi-lo)) / (subjG[i] * gt)
			sumR += rowR[p]
			dvec[p] = 1 / subjG[i]
		case d.Time[i] > t:
			lo := sort.SearchFloat64s(caseM, m)
			hi := sort.Search(len(caseM), func(k int) bool { return caseM[k] > m })
			colC[p] = (cum[len(cases)] - cum[hi] + 0.5*(cum[hi]-cum[lo])) / gt
			vT[p] = nf / nCtrl
		}
	}
	H := sumR / (nf * nf)
	den := F * St
	// term 1: sum_i a_i M[i,k] with a_i = R_i/n - (H/F) d_i.
	av := make([]float64, n)
	for p := range av {
		av[p] = rowR[p]/nf - H/F*dvec[p]
	}
	suffix := make([]float64, n+1) // suffix[p] = sum_{i>=p} a_i
	for p := n - 1; p >= 0; p-- {
		suffix[p] = suffix[p+1] + av[p]
	}
	iid := make([]float64, n)
	prefAA := 0.0 // sum_{i<=k} a_i A[i]
	for k := 0; k < n; k++ {
		prefAA += av[k] * ic.a[k]
		s := -(prefAA + ic.a[k]*suffix[k+1])
		if !d.Event[ic.ord[k]] {
			f := ic.first[k]
			s += nf / (nf - float64(f)) * suffix[f]
		}
		t1 := s / den
		t2 := (colC[k] - nf*H) / den
		t3 := (rowR[k] - nf*H*(vT[k]+(dvec[k]-F)/F)) / den
		iid[ic.ord[k]] = (t1 + t2 + t3) / nf
	}
	return iid
}
