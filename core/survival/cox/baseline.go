package cox

import "math"

// BaselineHazard is the cumulative baseline hazard of one stratum at the
// covariate means (R basehaz(fit, centered = TRUE)): one row per distinct
// time, events or censorings, as survfit.coxph. With Efron ties the
// increments use Efron's correction (survfit's ctype = 2); with Breslow
// ties they are Breslow's d/sum(w·exp(lp)).
type BaselineHazard struct {
	Stratum   string // "" when the model has no strata
	Time      []float64
	CumHazard []float64
}

// Survival returns exp(-CumHazard·exp(lp)) at each time: the survival
// curve of a subject with centred linear predictor lp.
func (b BaselineHazard) Survival(lp float64) []float64 {
	out := make([]float64, len(b.CumHazard))
	r := math.Exp(lp)
	for i, h := range b.CumHazard {
		out[i] = math.Exp(-h * r)
	}
	return out
}

// BaselineHazard returns the cumulative baseline hazard per stratum, in
// stratum order (R's sorted levels).
func (m *Model) BaselineHazard() []BaselineHazard {
	pr := m.prob
	var levels []string
	if m.strata != nil {
		seen := map[string]bool{}
		for _, ord := range pr.strata {
			if len(ord) > 0 && !seen[m.strata[ord[0]]] {
				seen[m.strata[ord[0]]] = true
				levels = append(levels, m.strata[ord[0]])
			}
		}
	}
	r := make([]float64, pr.n)
	for i := range r {
		r[i] = pr.w[i] * math.Exp(m.lp[i])
	}
	var out []BaselineHazard
	for s, ord := range pr.strata {
		var bh BaselineHazard
		if levels != nil {
			bh.Stratum = levels[s]
		}
		// increments are computed in decreasing time (risk sets grow),
		// then accumulated in increasing time.
		var times, inc []float64
		s0 := 0.0
		for g := 0; g < len(ord); {
			t := pr.time[ord[g]]
			h := g
			nd := 0
			e0, dw := 0.0, 0.0
			for ; h < len(ord) && pr.time[ord[h]] == t; h++ {
				i := ord[h]
				s0 += r[i]
				if pr.event[i] {
					nd++
					e0 += r[i]
					dw += pr.w[i]
				}
			}
			g = h
			dh := 0.0
			if nd > 0 {
				if !pr.efron || nd == 1 {
					dh = dw / s0
				} else {
					mw := dw / float64(nd)
					for k := 0; k < nd; k++ {
						dh += mw / (s0 - float64(k)/float64(nd)*e0)
					}
				}
			}
			times = append(times, t)
			inc = append(inc, dh)
		}
		cum := 0.0
		for k := len(times) - 1; k >= 0; k-- {
			cum += inc[k]
			bh.Time = append(bh.Time, times[k])
			bh.CumHazard = append(bh.CumHazard, cum)
		}
		out = append(out, bh)
	}
	return out
}
