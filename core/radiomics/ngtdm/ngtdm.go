package ngtdm

import (
	"math"

	"radgo/core/radiomics/discretize"
)

// Features lists the feature names in PyRadiomics output order.
var Features = []string{"Busyness", "Coarseness", "Complexity", "Contrast", "Strength"}

// Deprecated names the features PyRadiomics computes only when named (none).
var Deprecated = map[string]bool{}

// Removed lists deprecated names that are never computed (none).
var Removed = []string{}

// Settings are the NGTDM options.
type Settings struct {
	Distances  []int
	Force2D    bool
	Force2DDim int
}

// Matrix holds, per grey level present: N voxels, S summed differences.
type Matrix struct {
	Levels []float64
	N, S   []float64
}

// Calculate returns the NGTDM of the region.
func Calculate(r *discretize.Region, s Settings) *Matrix {
	dim := -1
	if s.Force2D {
		dim = s.Force2DDim
	}
	dist := s.Distances
	if len(dist) == 0 {
		dist = []int{1}
	}
	ang := discretize.Angles(r.Size, dist, true, dim)
	N := make([]float64, r.Ng)
	S := make([]float64, r.Ng)
	md := 1
	for _, o := range ang {
		md = max(md, abs(o[0]), abs(o[1]), abs(o[2]))
	}
	r.SetMargin(md)
	offs := make([]int, len(ang))
	for a, o := range ang {
		offs[a] = r.Stride(o)
	}
	pad := r.Pad
	for _, i32 := range r.ROI {
		i := int(i32)
		li := pad[i]
		count, sum := 0.0, 0.0
		for _, off := range offs {
			if lj := pad[i+off]; lj > 0 {
				count++
				sum += float64(lj)
			}
		}
		diff := 0.0
		if count != 0 {
			diff = math.Abs(float64(li) - sum/count)
		}
		N[li-1]++
		S[li-1] += diff
	}
	return FromSums(N, S)
}

// FromSums builds the matrix from per-level voxel counts N and summed
// differences S (index level-1), dropping absent levels.
func FromSums(N, S []float64) *Matrix {
	m := &Matrix{}
	for k := range N {
		if N[k] == 0 {
			continue
		}
		m.Levels = append(m.Levels, float64(k+1))
		m.N = append(m.N, N[k])
		m.S = append(m.S, S[k])
	}
	return m
}

// Compute returns the values of Features for the region.
func Compute(r *discretize.Region, s Settings) ([]float64, error) {
	return Calculate(r, s).Features(), nil
}

// Features computes the feature values (aligned with Features) of m.
func (m *Matrix) Features() []float64 {
	ng := len(m.Levels)
	nvp := 0.0
	for _, n := range m.N {
		nvp += n
	}
	p := make([]float64, ng)
	for k, n := range m.N {
		p[k] = n / nvp
	}
	var sumPS, sumS float64
	for k := range p {
		sumPS += p[k] * m.S[k]
		sumS += m.S[k]
	}
	coarse := 1000000.0
	if sumPS != 0 {
		coarse = 1 / sumPS
	}
	var absdiff, cont, complexity, strength float64
	for i := 0; i < ng; i++ {
		for j := 0; j < ng; j++ {
			d := m.Levels[i] - m.Levels[j]
			absdiff += math.Abs(m.Levels[i]*p[i] - m.Levels[j]*p[j])
			cont += p[i] * p[j] * d * d
			complexity += math.Abs(d) * ((p[i]*m.S[i] + p[j]*m.S[j]) / (p[i] + p[j]))
			strength += (p[i] + p[j]) * d * d
		}
	}
	busy := 0.0
	if absdiff != 0 {
		busy = sumPS / absdiff
	}
	contrast := 0.0
	if ng > 1 {
		contrast = cont / float64(ng*(ng-1)) * (sumS / nvp)
	}
	str := 0.0
	if sumS != 0 {
		str = strength / sumS
	}
	return []float64{busy, coarse, complexity / nvp, contrast, str}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
