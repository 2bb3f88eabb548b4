package chart

import (
	"math"
	"math/rand/v2"
	"sort"
)

// kmFromData is a test-only Kaplan–Meier estimator (Greenwood variance,
// log-transformed 95% limits, R survfit's default conf.type = "log").
func kmFromData(name string, time []float64, event []bool) KMSeries {
	idx := make([]int, len(time))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return time[idx[a]] < time[idx[b]] })
	s := KMSeries{Name: name}
	surv, v := 1.0, 0.0
	n := len(time)
	for k := 0; k < len(idx); {
		t := time[idx[k]]
		d, c := 0, 0
		j := k
		for ; j < len(idx) && time[idx[j]] == t; j++ {
			if event[idx[j]] {
				d++
			} else {
				c++
			}
		}
		atRisk := n - k
		if d > 0 {
			surv *= 1 - float64(d)/float64(atRisk)
			if atRisk > d {
				v += float64(d) / float64(atRisk*(atRisk-d))
			}
		}
		se := math.Sqrt(v)
		lo, up := surv*math.Exp(-1.96*se), math.Min(1, surv*math.Exp(1.96*se))
		if surv == 0 {
			lo, up = math.NaN(), math.NaN()
		}
		s.Time = append(s.Time, t)
		s.Surv = append(s.Surv, surv)
		s.Lower = append(s.Lower, lo)
		s.Upper = append(s.Upper, up)
		s.AtRisk = append(s.AtRisk, atRisk)
		s.Censored = append(s.Censored, c)
		k = j
	}
	return s
}

// cohort simulates n exponential PFS times (months) with uniform censoring
// for two groups with hazard ratio hr.
func cohort(n int, hr float64, seed uint64) (a, b KMSeries) { return cohortRounded(n, hr, seed, 10) }

// cohortRounded rounds times to 1/perMonth months; 0 keeps them exact.
func cohortRounded(n int, hr float64, seed uint64, perMonth float64) (a, b KMSeries) {
	rnd := rand.New(rand.NewPCG(seed, 2))
	var ta, tb []float64
	var ea, eb []bool
	for i := range n {
		rate := 1 / 14.0
		if i%2 == 1 {
			rate *= hr
		}
		t := rnd.ExpFloat64() / rate
		c := rnd.Float64() * 60
		tt := math.Min(t, c)
		if perMonth > 0 {
			tt = math.Round(tt*perMonth) / perMonth
		}
		if i%2 == 0 {
			ta, ea = append(ta, tt), append(ea, t <= c)
		} else {
			tb, eb = append(tb, tt), append(eb, t <= c)
		}
	}
	return kmFromData("Rad-score < 0.36", ta, ea), kmFromData("Rad-score ≥ 0.36", tb, eb)
}
