package stats

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"radgo/core/provenance"
)

// BootstrapCI is a nonparametric bootstrap estimate.
type BootstrapCI struct {
	Estimate     float64   // the statistic on the original rows
	Lower, Upper float64   // percentile interval at the requested level
	StdErr       float64   // standard deviation of the replicates
	Replicates   []float64 // the finite replicate values, in draw order
	Failed       int       // replicates where stat returned NaN or ±Inf
}

// Bootstrap resamples n rows with replacement b times, reproducibly from
// seed (PCG (seed, 0)), and returns stat on the original rows with the
// percentile confidence interval at level (e.g. 0.95) of the replicates,
// the quantiles taken as R's quantile(type = 7). stat receives the row
// indices of one resample (the original rows are 0..n-1 in order) and may
// return NaN for a degenerate resample, which is counted in Failed.
// Errors: n < 2, b < 2, level outside (0, 1), or fewer than 2 finite
// replicates.
func Bootstrap(n, b int, level float64, seed uint64, stat func(rows []int) float64) (*BootstrapCI, error) {
	if n < 2 || b < 2 {
		return nil, fmt.Errorf("stats: bootstrap needs n >= 2 and b >= 2, have %d and %d", n, b)
	}
	if !(level > 0 && level < 1) {
		return nil, fmt.Errorf("stats: confidence level %v outside (0, 1)", level)
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	res := &BootstrapCI{Estimate: stat(idx)}
	provenance.RecordSeed("stats.Bootstrap", seed)
	rnd := rand.New(rand.NewPCG(seed, 0))
	for r := 0; r < b; r++ {
		for i := range idx {
			idx[i] = rnd.IntN(n)
		}
		v := stat(idx)
		if math.IsNaN(v) || math.IsInf(v, 0) {
			res.Failed++
			continue
		}
		res.Replicates = append(res.Replicates, v)
	}
	if len(res.Replicates) < 2 {
		return nil, errors.New("stats: fewer than 2 finite bootstrap replicates")
	}
	s := append([]float64(nil), res.Replicates...)
	sort.Float64s(s)
	res.Lower = quantile7(s, (1-level)/2)
	res.Upper = quantile7(s, 1-(1-level)/2)
	_, v := meanVar(s)
	res.StdErr = math.Sqrt(v)
	return res, nil
}

// quantile7 is R's quantile(x, p, type = 7) of sorted x.
func quantile7(x []float64, p float64) float64 {
	h := float64(len(x)-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(x) {
		return x[len(x)-1]
	}
	return x[i] + (h-lo)*(x[i+1]-x[i])
}
