package stats

import (
	"errors"
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"
)

// TTestResult is a two-sample t-test, with R t.test's fields.
type TTestResult struct {
	T, DF, P     float64
	MeanX, MeanY float64
	StdErr       float64    // standard error of MeanX - MeanY
	ConfInt      [2]float64 // 95% CI of MeanX - MeanY
}

// TTest is the two-sided two-sample t-test of equal means, as R's
// t.test(x, y) (Welch, equalVar false: Welch–Satterthwaite df) or
// t.test(x, y, var.equal = TRUE) (pooled variance). NaN values are
// dropped as R's na.omit; each group needs at least 2 values.
func TTest(x, y []float64, equalVar bool) (*TTestResult, error) {
	x, y = dropNaN(x), dropNaN(y)
	nx, ny := float64(len(x)), float64(len(y))
	if len(x) < 2 || len(y) < 2 {
		return nil, fmt.Errorf("stats: t-test needs at least 2 values per group, have %d and %d", len(x), len(y))
	}
	mx, vx := meanVar(x)
	my, vy := meanVar(y)
	r := &TTestResult{MeanX: mx, MeanY: my}
	if equalVar {
		r.DF = nx + ny - 2
		v := ((nx-1)*vx + (ny-1)*vy) / r.DF
		r.StdErr = math.Sqrt(v * (1/nx + 1/ny))
	} else {
		sx, sy := vx/nx, vy/ny
		r.StdErr = math.Sqrt(sx + sy)
		r.DF = math.Pow(r.StdErr, 4) / (sx*sx/(nx-1) + sy*sy/(ny-1))
	}
	if r.StdErr == 0 {
		return nil, errors.New("stats: t-test data are essentially constant")
	}
	r.T = (mx - my) / r.StdErr
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: r.DF}
	r.P = 2 * t.CDF(-math.Abs(r.T))
	q := t.Quantile(0.975)
	r.ConfInt = [2]float64{(r.T - q) * r.StdErr, (r.T + q) * r.StdErr}
	return r, nil
}

// MannWhitneyResult is a Wilcoxon rank-sum test, with R wilcox.test's fields.
type MannWhitneyResult struct {
	W     float64 // rank sum of x minus nx(nx+1)/2
	P     float64 // two-sided
	Exact bool    // exact null distribution (no ties, both groups < 50)
	Z     float64 // normal statistic with continuity correction (when not exact)
}

// MannWhitney is the two-sided Wilcoxon rank-sum (Mann–Whitney U) test as
// R's wilcox.test(x, y): the exact distribution when both groups have
// fewer than 50 values and there are no ties, else the normal
// approximation with tie-corrected variance and continuity correction.
// NaN values are dropped.
func MannWhitney(x, y []float64) (*MannWhitneyResult, error) {
	x, y = dropNaN(x), dropNaN(y)
	nx, ny := len(x), len(y)
	if nx == 0 || ny == 0 {
		return nil, fmt.Errorf("stats: Mann–Whitney needs values in both groups, have %d and %d", nx, ny)
	}
	all := append(append([]float64(nil), x...), y...)
	for _, v := range all {
		if math.IsInf(v, 0) {
			return nil, errors.New("stats: Mann–Whitney with infinite values")
		}
	}
	rank, ties := midranks(all)
	w := 0.0
	for i := 0; i < nx; i++ {
		w += rank[i]
	}
	fx, fy := float64(nx), float64(ny)
	w -= fx * (fx + 1) / 2
	r := &MannWhitneyResult{W: w}
	if nx < 50 && ny < 50 && len(ties) == 0 {
		r.Exact = true
		var p float64
		if w > fx*fy/2 {
			p = 1 - pwilcox(int(w)-1, nx, ny)
		} else {
			p = pwilcox(int(w), nx, ny)
		}
		r.P = math.Min(2*p, 1)
		return r, nil
	}
	z := w - fx*fy/2
	tc := 0.0
	for _, t := range ties {
		tc += t*t*t - t
	}
	sigma := math.Sqrt(fx * fy / 12 * ((fx + fy + 1) - tc/((fx+fy)*(fx+fy-1))))
	if sigma == 0 {
		return nil, errors.New("stats: Mann–Whitney: all values are tied")
	}
	corr := 0.0
	if z > 0 {
		corr = 0.5
	} else if z < 0 {
		corr = -0.5
	}
	r.Z = (z - corr) / sigma
	n := distuv.UnitNormal
	r.P = 2 * math.Min(n.CDF(r.Z), n.Survival(r.Z))
	return r, nil
}

// pwilcox is P(W <= q) under the null, by counting rank subsets.
func pwilcox(q, m, n int) float64 {
	if q < 0 {
		return 0
	}
	if q >= m*n {
		return 1
	}
	// f[k][s]: number of k-subsets of {1..N} with sum of (rank - position) = s,
	// built over N = m+n items; we need k = m, statistic U = sum - m(m+1)/2.
	maxU := m * n
	f := make([][]float64, m+1)
	for k := range f {
		f[k] = make([]float64, maxU+1)
	}
	f[0][0] = 1
	for item := 1; item <= m+n; item++ {
		for k := min(item, m); k >= 1; k-- {
			// choosing item as the k-th smallest adds item - k to U
			shift := item - k
			if shift > n {
				continue
			}
			for s := maxU; s >= shift; s-- {
				f[k][s] += f[k-1][s-shift]
			}
		}
	}
	total, below := 0.0, 0.0
	for s, c := range f[m] {
		total += c
		if s <= q {
			below += c
		}
	}
	return below / total
}

// midranks returns average ranks and the sizes of tie groups (> 1).
func midranks(v []float64) ([]float64, []float64) {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return v[idx[a]] < v[idx[b]] })
	rank := make([]float64, len(v))
	var ties []float64
	for i := 0; i < len(idx); {
		j := i
		for j < len(idx) && v[idx[j]] == v[idx[i]] {
			j++
		}
		r := float64(i+j+1) / 2
		for k := i; k < j; k++ {
			rank[idx[k]] = r
		}
		if j-i > 1 {
			ties = append(ties, float64(j-i))
		}
		i = j
	}
	return rank, ties
}

func dropNaN(v []float64) []float64 {
	out := make([]float64, 0, len(v))
	for _, x := range v {
		if !math.IsNaN(x) {
			out = append(out, x)
		}
	}
	return out
}

func meanVar(v []float64) (float64, float64) {
	m := 0.0
	for _, x := range v {
		m += x
	}
	m /= float64(len(v))
	s := 0.0
	for _, x := range v {
		s += (x - m) * (x - m)
	}
	return m, s / float64(len(v)-1)
}
