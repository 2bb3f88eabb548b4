package cox

import (
	"math"

	"radgo/core/survival"
)

// scoreResid returns the score residuals (n×p, row-major) at beta, as R's
// residuals(fit, type = "score") for right-censored data: for Efron ties
// the tied deaths share the risk set with weights 1 - k/d, as coxscore2.
// It runs in O(n p) per stratum with cumulative hazard sums.
func (pr *problem) scoreResid(beta []float64) []float64 {
	n, p := pr.n, pr.p
	res := make([]float64, n*p)
	risk := make([]float64, n) // exp(eta), unweighted
	for i := 0; i < n; i++ {
		e := 0.0
		for j, b := range beta {
			e += pr.x[i*p+j] * b
		}
		risk[i] = math.Exp(e)
	}
	type group struct {
		lo, hi          int // positions in the descending order
		dLF, dLD        float64
		dXF, dXD, xbarM []float64
	}
	s1 := make([]float64, p)
	e1 := make([]float64, p)
	xb := make([]float64, p)
	for _, ord := range pr.strata {
		var groups []group
		s0 := 0.0
		clear(s1)
		for g := 0; g < len(ord); {
			t := pr.time[ord[g]]
			h := g
			nd := 0
			e0, dw := 0.0, 0.0
			clear(e1)
			for ; h < len(ord) && pr.time[ord[h]] == t; h++ {
				i := ord[h]
				ri := pr.w[i] * risk[i]
				s0 += ri
				for j := 0; j < p; j++ {
					s1[j] += ri * pr.x[i*p+j]
				}
				if pr.event[i] {
					nd++
					dw += pr.w[i]
					e0 += ri
					for j := 0; j < p; j++ {
						e1[j] += ri * pr.x[i*p+j]
					}
				}
			}
			gr := group{lo: g, hi: h, dXF: make([]float64, p), dXD: make([]float64, p), xbarM: make([]float64, p)}
			g = h
			if nd > 0 {
				if !pr.efron || nd == 1 {
					hz := dw / s0
					gr.dLF, gr.dLD = hz, hz
					for j := 0; j < p; j++ {
						xbj := s1[j] / s0
						gr.dXF[j], gr.dXD[j], gr.xbarM[j] = hz*xbj, hz*xbj, xbj
					}
				} else {
					mw := dw / float64(nd)
					for k := 0; k < nd; k++ {
						tmp := float64(k) / float64(nd)
						d2 := s0 - tmp*e0
						hz := mw / d2
						gr.dLF += hz
						gr.dLD += (1 - tmp) * hz
						for j := 0; j < p; j++ {
							xb[j] = (s1[j] - tmp*e1[j]) / d2
							gr.dXF[j] += hz * xb[j]
							gr.dXD[j] += (1 - tmp) * hz * xb[j]
							gr.xbarM[j] += xb[j] / float64(nd)
						}
					}
				}
			}
			groups = append(groups, gr)
		}
		// ascending time: cumulative sums over earlier death times
		cumL := 0.0
		cumX := make([]float64, p)
		for k := len(groups) - 1; k >= 0; k-- {
			gr := groups[k]
			for _, i := range ord[gr.lo:gr.hi] {
				xi := pr.x[i*p : i*p+p]
				ri := res[i*p : i*p+p]
				if pr.event[i] {
					L := cumL + gr.dLD
					for j := 0; j < p; j++ {
						ri[j] = xi[j] - gr.xbarM[j] - risk[i]*(xi[j]*L-(cumX[j]+gr.dXD[j]))
					}
				} else {
					L := cumL + gr.dLF
					for j := 0; j < p; j++ {
						ri[j] = -risk[i] * (xi[j]*L - (cumX[j] + gr.dXF[j]))
					}
				}
			}
			cumL += gr.dLF
			for j := 0; j < p; j++ {
				cumX[j] += gr.dXF[j]
			}
		}
	}
	return res
}

// collapse returns D'D where D has rows w_i·resid_i summed within clusters
// (each subject its own cluster when cluster is nil).
func collapse(pr *problem, resid []float64, cluster []string) []float64 {
	p := pr.p
	rows := map[int][]float64{}
	var keys []int
	if cluster != nil {
		id := map[string]int{}
		for _, lv := range survival.Levels(cluster) {
			id[lv] = len(id)
		}
		for i := 0; i < pr.n; i++ {
			k := id[cluster[i]]
			r, ok := rows[k]
			if !ok {
				r = make([]float64, p)
				rows[k] = r
				keys = append(keys, k)
			}
			for j := 0; j < p; j++ {
				r[j] += pr.w[i] * resid[i*p+j]
			}
		}
	}
	dd := make([]float64, p*p)
	add := func(r []float64) {
		for a := 0; a < p; a++ {
			for b := 0; b < p; b++ {
				dd[a*p+b] += r[a] * r[b]
			}
		}
	}
	if cluster == nil {
		r := make([]float64, p)
		for i := 0; i < pr.n; i++ {
			for j := 0; j < p; j++ {
				r[j] = pr.w[i] * resid[i*p+j]
			}
			add(r)
		}
	} else {
		for _, k := range keys {
			add(rows[k])
		}
	}
	return dd
}

// robust returns the sandwich variance V (D'D) V, D the (clustered)
// weighted score residuals at beta, and the robust score test
// u0' (D0'D0)^-1 u0 at beta = 0, as coxph(robust = TRUE).
func robust(pr *problem, beta, v []float64, cluster []string) ([]float64, Test) {
	p := pr.p
	dd := collapse(pr, pr.scoreResid(beta), cluster)
	tmp := make([]float64, p*p)
	for a := 0; a < p; a++ {
		for b := 0; b < p; b++ {
			s := 0.0
			for k := 0; k < p; k++ {
				s += dd[a*p+k] * v[k*p+b]
			}
			tmp[a*p+b] = s
		}
	}
	rv := make([]float64, p*p)
	for a := 0; a < p; a++ {
		for b := 0; b < p; b++ {
			s := 0.0
			for k := 0; k < p; k++ {
				s += v[a*p+k] * tmp[k*p+b]
			}
			rv[a*p+b] = s
		}
	}
	zero := make([]float64, p)
	r0 := pr.scoreResid(zero)
	d0 := collapse(pr, r0, cluster)
	u0 := make([]float64, p)
	for i := 0; i < pr.n; i++ {
		for j := 0; j < p; j++ {
			u0[j] += pr.w[i] * r0[i*p+j]
		}
	}
	cholesky2(d0, p, tolChol)
	y := append([]float64(nil), u0...)
	chsolve2(d0, p, y)
	sc := 0.0
	for j := range y {
		sc += y[j] * u0[j]
	}
	return rv, chiTest(sc, p)
}
