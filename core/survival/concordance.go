package survival

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// Concordance is a concordance index with its pair counts and standard
// error, in the form of R survival::concordance. Counts are sums of pair
// weights (plain pair counts for Harrell's C).
type Concordance struct {
	C      float64 // (Concordant + TiedRisk/2) / (Concordant + Discordant + TiedRisk)
	Var    float64 // infinitesimal-jackknife variance of C (survival's var)
	StdErr float64 // sqrt(Var)
	Lower  float64 // C - z·StdErr, z = qnorm(0.975)
	Upper  float64 // C + z·StdErr

	Concordant float64 // comparable pairs where the earlier event has the higher risk
	Discordant float64 // comparable pairs where it has the lower risk
	TiedRisk   float64 // comparable pairs with equal risk (survival's tied.x)
	TiedTime   float64 // pairs of events at the same time, different risk (tied.y)
	TiedBoth   float64 // pairs of events at the same time and risk (tied.xy)
}

// pairCounts holds the totals and each subject's share of the comparable
// pairs it belongs to (survival's influence matrix, columns 1-3).
type pairCounts struct {
	conc, disc, tie, tiedY, tiedXY float64
	ci, di, ti                     []float64
}

// fenwick is a binary indexed tree of float64 sums over ranks 0..n-1.
type fenwick []float64

func (f fenwick) add(i int, v float64) {
	for i++; i < len(f); i += i & -i {
		f[i] += v
	}
}

// sum returns the total over ranks < i.
func (f fenwick) sum(i int) float64 {
	s := 0.0
	for ; i > 0; i -= i & -i {
		s += f[i]
	}
	return s
}

// ranks maps x to dense ranks 0..m-1 of its distinct values.
func ranks(x []float64) ([]int, int) {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	r := make([]int, len(x))
	m := 0
	for k, i := range idx {
		if k > 0 && x[i] != x[idx[k-1]] {
			m++
		}
		r[i] = m
	}
	return r, m + 1
}

// countPairs counts comparable pairs in O(n log n). A pair (i, j) is
// comparable when T_i < T_j and i is an event, or T_i == T_j with i an
// event and j censored; its weight is w[i]·w[j]·tw[i], w the case weights
// and tw the time weight of i's event time (1 for Harrell, 1/G² for Uno).
// Higher risk with the earlier event is concordant. The per-subject sums
// are over the pairs a subject belongs to, of the full pair weight.
func countPairs(risk []float64, d Data, w, tw []float64) pairCounts {
	n := d.Len()
	r, m := ranks(risk)
	ord := make([]int, n)
	for i := range ord {
		ord[i] = i
	}
	sort.Slice(ord, func(a, b int) bool { return d.Time[ord[a]] < d.Time[ord[b]] })
	pc := pairCounts{ci: make([]float64, n), di: make([]float64, n), ti: make([]float64, n)}

	// Pass 1, descending time: each event against the later subjects.
	later := make(fenwick, m+1)
	wLater := 0.0
	type tieSum struct{ s, s2 float64 }
	tieW := map[int]tieSum{}
	for b := n; b > 0; {
		a := b - 1
		t := d.Time[ord[a]]
		for a > 0 && d.Time[ord[a-1]] == t {
			a--
		}
		for _, i := range ord[a:b] {
			if !d.Event[i] {
				later.add(r[i], w[i])
				wLater += w[i]
			}
		}
		var sw, sw2, tau float64
		clear(tieW)
		for _, i := range ord[a:b] {
			if !d.Event[i] {
				continue
			}
			tau = tw[i]
			ew := w[i] * tau
			less := later.sum(r[i])
			leq := later.sum(r[i] + 1)
			eq := leq - less
			greater := wLater - leq
			pc.conc += ew * less
			pc.disc += ew * greater
			pc.tie += ew * eq
			pc.ci[i] += ew * less
			pc.di[i] += ew * greater
			pc.ti[i] += ew * eq
			sw += w[i]
			sw2 += w[i] * w[i]
			ts := tieW[r[i]]
			ts.s += w[i]
			ts.s2 += w[i] * w[i]
			tieW[r[i]] = ts
		}
		if sw > 0 {
			xy := 0.0
			for _, ts := range tieW {
				xy += (ts.s*ts.s - ts.s2) / 2
			}
			pc.tiedXY += tau * xy
			pc.tiedY += tau * ((sw*sw-sw2)/2 - xy)
		}
		for _, i := range ord[a:b] {
			if d.Event[i] {
				later.add(r[i], w[i])
				wLater += w[i]
			}
		}
		b = a
	}

	// Pass 2, ascending time: each subject against the earlier events.
	earlier := make(fenwick, m+1)
	wEarlier := 0.0
	query := func(j int) {
		less := earlier.sum(r[j])
		leq := earlier.sum(r[j] + 1)
		pc.ci[j] += w[j] * (wEarlier - leq) // earlier event with higher risk
		pc.di[j] += w[j] * less
		pc.ti[j] += w[j] * (leq - less)
	}
	for a := 0; a < n; {
		t := d.Time[ord[a]]
		b := a
		for b < n && d.Time[ord[b]] == t {
			b++
		}
		for _, j := range ord[a:b] {
			if d.Event[j] {
				query(j)
			}
		}
		for _, i := range ord[a:b] {
			if d.Event[i] {
				earlier.add(r[i], w[i]*tw[i])
				wEarlier += w[i] * tw[i]
			}
		}
		for _, j := range ord[a:b] {
			if !d.Event[j] {
				query(j)
			}
		}
		a = b
	}
	return pc
}

func ones(n int) []float64 {
	o := make([]float64, n)
	for i := range o {
		o[i] = 1
	}
	return o
}

func checkRisk(risk []float64, d Data) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if len(risk) != d.Len() {
		return fmt.Errorf("survival: %d risk scores for %d subjects", len(risk), d.Len())
	}
	for i, x := range risk {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("survival: risk score %v of subject %d is not finite", x, i)
		}
	}
	if d.Events() == 0 {
		return ErrNoEvents
	}
	return nil
}

func (pc pairCounts) concordance() (*Concordance, error) {
	npair := pc.conc + pc.disc + pc.tie
	if npair == 0 {
		return nil, fmt.Errorf("survival: no comparable pairs")
	}
	somer := (pc.conc - pc.disc) / npair
	v := 0.0
	for k := range pc.ci {
		db := (pc.ci[k]-pc.di[k])/npair - somer/npair*(pc.ci[k]+pc.di[k]+pc.ti[k])
		v += db * db
	}
	v /= 4
	c := &Concordance{C: (somer + 1) / 2, Var: v, StdErr: math.Sqrt(v),
		Concordant: pc.conc, Discordant: pc.disc, TiedRisk: pc.tie, TiedTime: pc.tiedY, TiedBoth: pc.tiedXY}
	z := distuv.UnitNormal.Quantile(0.975)
	c.Lower, c.Upper = c.C-z*c.StdErr, c.C+z*c.StdErr
	return c, nil
}

// HarrellC computes Harrell's concordance index between a risk score
// (higher = shorter survival) and right-censored survival, with the
// infinitesimal-jackknife standard error, exactly as R
// survival::concordance(Surv(time, event) ~ risk, reverse = TRUE). A pair
// is comparable when the shorter time is an event; an event and a
// censoring at the same time are comparable (event first), two events at
// the same time are not; ties in risk count 1/2. O(n log n).
func HarrellC(risk []float64, d Data) (*Concordance, error) {
	if err := checkRisk(risk, d); err != nil {
		return nil, err
	}
	d = d.fixed()
	return countPairs(risk, d, ones(d.Len()), ones(d.Len())).concordance()
}

// RcorrCens is Hmisc::rcorr.cens's result for a risk score.
type RcorrCens struct {
	C   float64 // "C Index", equal to Harrell's C of [HarrellC]
	Dxy float64 // Somers' Dxy = 2(C - 0.5)
	// SD is rcorr.cens's "S.D.": the standard deviation of Dxy, not of C.
	SD            float64
	N             int
	RelevantPairs float64 // ordered pairs: each comparable pair twice
	Concordant    float64 // ordered pairs, ties counted 1/2
	Uncertain     float64 // ordered pairs not comparable because of censoring
	StdErr        float64 // standard error of C, SD/2
	Lower, Upper  float64 // C ∓ z·SD/2 (not the common mistake C ∓ z·SD)
}

// RcorrCensC computes Harrell's C with Hmisc's U-statistic standard error,
// reproducing Hmisc::rcorr.cens(-risk, Surv(time, event)) (the sign
// because rcorr.cens expects a predictor of longer survival). Its C equals
// [HarrellC]'s; the standard error differs: Hmisc's S.D. is that of Dxy
// (Quade's formula), and the SE of C is half of it. O(n log n).
func RcorrCensC(risk []float64, d Data) (*RcorrCens, error) {
	if err := checkRisk(risk, d); err != nil {
		return nil, err
	}
	n := d.Len()
	pc := countPairs(risk, d, ones(n), ones(n))
	var sumr, sumr2, sumw, sumw2, sumrw float64
	for k := 0; k < n; k++ {
		ri := pc.ci[k] + pc.di[k] + pc.ti[k]
		wi := pc.ci[k] - pc.di[k]
		sumr += ri
		sumr2 += ri * ri
		sumw += wi
		sumw2 += wi * wi
		sumrw += ri * wi
	}
	nrel := 2 * (pc.conc + pc.disc + pc.tie)
	if nrel == 0 {
		return nil, fmt.Errorf("survival: no comparable pairs")
	}
	res := &RcorrCens{N: n, RelevantPairs: nrel, Concordant: 2 * (pc.conc + pc.tie/2)}
	res.C = res.Concordant / nrel
	res.Dxy = 2 * (res.C - 0.5)
	nf := float64(n)
	res.Uncertain = nf*(nf-1) - nrel - 2*(pc.tiedY+pc.tiedXY)
	sd := sumr2*sumw*sumw - 2*sumr*sumw*sumrw + sumw2*sumr*sumr
	res.SD = 2 * math.Sqrt(sd) / sumr / sumr
	res.StdErr = res.SD / 2
	z := distuv.UnitNormal.Quantile(0.975)
	res.Lower, res.Upper = res.C-z*res.StdErr, res.C+z*res.StdErr
	return res, nil
}

// UnoC computes Uno's IPCW concordance index truncated at tau: each
// comparable pair with the earlier event at time t_i <= tau is weighted by
// 1/G(t_i)^2, G the Kaplan–Meier estimate of the censoring distribution.
// It matches R survival::concordance(Surv(time, event) ~ risk,
// reverse = TRUE, timewt = "n/G2", ymax = tau); the standard error is
// survival's infinitesimal jackknife with G held fixed. tau <= 0 or +Inf
// means no truncation. O(n log n).
func UnoC(risk []float64, d Data, tau float64) (*Concordance, error) {
	if err := checkRisk(risk, d); err != nil {
		return nil, err
	}
	if math.IsNaN(tau) {
		return nil, fmt.Errorf("survival: tau is NaN")
	}
	if tau <= 0 {
		tau = math.Inf(1)
	}
	d = d.fixed()
	g := censoringKM(d)
	wt := make([]float64, d.Len())
	for i := range wt {
		if d.Event[i] && d.Time[i] <= tau {
			gi := g.leftAt(d.Time[i])
			wt[i] = 1 / (gi * gi)
		}
	}
	return countPairs(risk, d, ones(d.Len()), wt).concordance()
}

// HarrellCStrata is [HarrellC] with pairs formed only within strata and
// optional case weights (a pair weighs w_i·w_j), as
// survival::concordance(Surv(time, event) ~ risk + strata(s), weights = w,
// reverse = TRUE) and coxph's concordance. nil strata means one stratum,
// nil weights all 1.
func HarrellCStrata(risk []float64, d Data, strata []string, weights []float64) (*Concordance, error) {
	if err := checkRisk(risk, d); err != nil {
		return nil, err
	}
	n := d.Len()
	if strata != nil && len(strata) != n {
		return nil, fmt.Errorf("survival: %d strata labels for %d subjects", len(strata), n)
	}
	if weights == nil {
		weights = ones(n)
	} else if len(weights) != n {
		return nil, fmt.Errorf("survival: %d weights for %d subjects", len(weights), n)
	}
	d = d.fixed()
	if strata == nil {
		return countPairs(risk, d, weights, ones(n)).concordance()
	}
	var tot pairCounts
	for _, lv := range Levels(strata) {
		var idx []int
		for i, s := range strata {
			if s == lv {
				idx = append(idx, i)
			}
		}
		sub := d.Subset(idx)
		sr := make([]float64, len(idx))
		sw := make([]float64, len(idx))
		for k, i := range idx {
			sr[k] = risk[i]
			sw[k] = weights[i]
		}
		pc := countPairs(sr, sub, sw, ones(len(idx)))
		tot.conc += pc.conc
		tot.disc += pc.disc
		tot.tie += pc.tie
		tot.tiedY += pc.tiedY
		tot.tiedXY += pc.tiedXY
		tot.ci = append(tot.ci, pc.ci...)
		tot.di = append(tot.di, pc.di...)
		tot.ti = append(tot.ti, pc.ti...)
	}
	return tot.concordance()
}
