package stats

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"radgo/core/provenance"
)

// Partition is a train/validation split of row indices, each sorted
// increasingly.
type Partition struct {
	Train, Validation []int
}

// Split divides n rows into training and validation sets with the given
// validation fraction (e.g. 0.3 for a 7:3 split), reproducibly from seed
// (a PCG generator seeded with (seed, 0): no global random state). With
// strata nil the split is simple random sampling of round(fraction*n)
// rows; with strata (one label per row, e.g. the event indicator) each
// stratum contributes round(fraction*size) validation rows, so the
// proportions are preserved. Errors: fraction outside (0, 1), strata of
// the wrong length, or a split leaving either side empty.
func Split(n int, fraction float64, strata []int, seed uint64) (*Partition, error) {
	if n < 2 {
		return nil, fmt.Errorf("stats: cannot split %d rows", n)
	}
	if !(fraction > 0 && fraction < 1) {
		return nil, fmt.Errorf("stats: validation fraction %v outside (0, 1)", fraction)
	}
	if strata != nil && len(strata) != n {
		return nil, fmt.Errorf("stats: %d strata labels for %d rows", len(strata), n)
	}
	provenance.RecordSeed("stats.Split", seed)
	rnd := rand.New(rand.NewPCG(seed, 0))
	groups := map[int][]int{}
	var labels []int
	for i := 0; i < n; i++ {
		l := 0
		if strata != nil {
			l = strata[i]
		}
		if _, ok := groups[l]; !ok {
			labels = append(labels, l)
		}
		groups[l] = append(groups[l], i)
	}
	sort.Ints(labels) // fixed order: the map is never iterated
	p := &Partition{}
	for _, l := range labels {
		g := groups[l]
		rnd.Shuffle(len(g), func(i, j int) { g[i], g[j] = g[j], g[i] })
		k := int(math.Round(fraction * float64(len(g))))
		p.Validation = append(p.Validation, g[:k]...)
		p.Train = append(p.Train, g[k:]...)
	}
	if len(p.Train) == 0 || len(p.Validation) == 0 {
		return nil, fmt.Errorf("stats: split of %d rows with fraction %v leaves a side empty", n, fraction)
	}
	sort.Ints(p.Train)
	sort.Ints(p.Validation)
	return p, nil
}
