package survival

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// LogRankSettings configures [LogRank]. The zero value is the log-rank
// test without strata.
type LogRankSettings struct {
	// Rho selects the G-rho family of Harrington and Fleming: each event
	// time is weighted by S(t-)^Rho, S the pooled Kaplan–Meier estimate
	// within the stratum. 0 is the log-rank test, 1 the Peto & Peto
	// modification of the Gehan–Wilcoxon test (survdiff's rho).
	Rho float64
	// Strata, if not nil, gives each subject's stratum: observed, expected
	// and variance are summed over strata (survdiff with strata(...)).
	Strata []string
}

// LogRankTest is the result of [LogRank], field for field R's survdiff.
type LogRankTest struct {
	Groups   []string    // group levels in R's order ([Levels])
	N        []int       // subjects per group
	Observed []float64   // (weighted) observed events per group
	Expected []float64   // (weighted) expected events per group
	Var      [][]float64 // variance matrix of Observed - Expected
	ChiSq    float64
	DF       int // groups with Expected > 0, minus one
	P        float64
	Rho      float64
}

// LogRank tests equality of the survival curves of two or more groups,
// reproducing R survival::survdiff(Surv(time, event) ~ group, rho = Rho).
// The statistic is the quadratic form of Observed - Expected in the
// inverse variance with the first group of positive expectation dropped,
// referred to chi-squared on DF degrees of freedom.
func LogRank(d Data, group []string, s *LogRankSettings) (*LogRankTest, error) {
	if err := d.Validate(); err != nil {
		return nil, err
	}
	n := d.Len()
	if len(group) != n {
		return nil, fmt.Errorf("survival: %d group labels for %d subjects", len(group), n)
	}
	var set LogRankSettings
	if s != nil {
		set = *s
	}
	if set.Strata != nil && len(set.Strata) != n {
		return nil, fmt.Errorf("survival: %d strata labels for %d subjects", len(set.Strata), n)
	}
	if math.IsNaN(set.Rho) || math.IsInf(set.Rho, 0) {
		return nil, fmt.Errorf("survival: rho %v is not finite", set.Rho)
	}
	if d.Events() == 0 {
		return nil, ErrNoEvents
	}
	d = d.fixed()
	levels := Levels(group)
	if len(levels) < 2 {
		return nil, fmt.Errorf("survival: log-rank test needs at least 2 groups, have %d", len(levels))
	}
	gi := make(map[string]int, len(levels))
	for k, l := range levels {
		gi[l] = k
	}
	ng := len(levels)
	res := &LogRankTest{Groups: levels, N: make([]int, ng), Observed: make([]float64, ng),
		Expected: make([]float64, ng), Rho: set.Rho}
	v := make([]float64, ng*ng)
	g := make([]int, n)
	for i, lab := range group {
		g[i] = gi[lab]
		res.N[g[i]]++
	}
	// strata → index lists
	var strata [][]int
	if set.Strata == nil {
		all := make([]int, n)
		for i := range all {
			all[i] = i
		}
		strata = [][]int{all}
	} else {
		for _, lv := range Levels(set.Strata) {
			var idx []int
			for i, sv := range set.Strata {
				if sv == lv {
					idx = append(idx, i)
				}
			}
			strata = append(strata, idx)
		}
	}
	risk := make([]float64, ng)
	dead := make([]float64, ng)
	for _, idx := range strata {
		sort.SliceStable(idx, func(a, b int) bool { return d.Time[idx[a]] < d.Time[idx[b]] })
		for k := range risk {
			risk[k] = 0
		}
		for _, i := range idx {
			risk[g[i]]++
		}
		nrisk := float64(len(idx))
		km := 1.0
		for a := 0; a < len(idx); {
			t := d.Time[idx[a]]
			b := a
			for k := range dead {
				dead[k] = 0
			}
			deaths := 0.0
			for ; b < len(idx) && d.Time[idx[b]] == t; b++ {
				if d.Event[idx[b]] {
					dead[g[idx[b]]]++
					deaths++
				}
			}
			if deaths > 0 {
				wt := 1.0
				if set.Rho != 0 {
					wt = math.Pow(km, set.Rho)
				}
				for j := 0; j < ng; j++ {
					res.Observed[j] += wt * dead[j]
					res.Expected[j] += wt * deaths * risk[j] / nrisk
				}
				if nrisk > 1 {
					kvar := wt * wt * deaths * (nrisk - deaths) / (nrisk * (nrisk - 1))
					for j := 0; j < ng; j++ {
						tmp := kvar * risk[j]
						v[j*ng+j] += tmp
						for k := 0; k < ng; k++ {
							v[j*ng+k] -= tmp * risk[k] / nrisk
						}
					}
				}
				km *= (nrisk - deaths) / nrisk
			}
			for c := a; c < b; c++ {
				risk[g[idx[c]]]--
			}
			nrisk -= float64(b - a)
			a = b
		}
	}
	res.Var = make([][]float64, ng)
	for j := range res.Var {
		res.Var[j] = v[j*ng : (j+1)*ng : (j+1)*ng]
	}
	var keep []int
	for j, e := range res.Expected {
		if e > 0 {
			keep = append(keep, j)
		}
	}
	res.DF = len(keep) - 1
	if len(keep) < 2 {
		res.P = 1
		return res, nil
	}
	keep = keep[1:]
	m := len(keep)
	vv := mat.NewDense(m, m, nil)
	dv := mat.NewVecDense(m, nil)
	for a, j := range keep {
		dv.SetVec(a, res.Observed[j]-res.Expected[j])
		for b, k := range keep {
			vv.Set(a, b, v[j*ng+k])
		}
	}
	var x mat.VecDense
	if err := x.SolveVec(vv, dv); err != nil {
		return nil, fmt.Errorf("survival: log-rank variance matrix is singular: %w", err)
	}
	res.ChiSq = mat.Dot(&x, dv)
	res.P = distuv.ChiSquared{K: float64(res.DF)}.Survival(res.ChiSq)
	return res, nil
}
