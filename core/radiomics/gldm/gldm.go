package gldm

import (
	"math"

	"radgo/core/radiomics/discretize"
	"radgo/core/radiomics/internal/npmath"
)

// Features lists the feature names in PyRadiomics output order.
var Features = []string{
	"DependenceEntropy", "DependenceNonUniformity", "DependenceNonUniformityNormalized",
	"DependenceVariance", "GrayLevelNonUniformity", "GrayLevelVariance", "HighGrayLevelEmphasis",
	"LargeDependenceEmphasis", "LargeDependenceHighGrayLevelEmphasis", "LargeDependenceLowGrayLevelEmphasis",
	"LowGrayLevelEmphasis", "SmallDependenceEmphasis", "SmallDependenceHighGrayLevelEmphasis",
	"SmallDependenceLowGrayLevelEmphasis",
}

// Deprecated names the features PyRadiomics computes only when named (none).
var Deprecated = map[string]bool{}

// Removed lists deprecated names PyRadiomics accepts but never computes.
var Removed = []string{"GrayLevelNonUniformityNormalized", "DependencePercentage"}

// Settings are the GLDM options.
type Settings struct {
	Distances  []int   // nil means [1]
	Alpha      float64 // "gldm_a", default 0
	Force2D    bool
	Force2DDim int
}

// Matrix is the dependence matrix: P[i*Nd+dep] voxels of level Levels[i]
// with dep dependent neighbours.
type Matrix struct {
	Levels []float64
	Nd     int
	P      []float64
	Np     int
}

// Calculate returns the dependence matrix of the region.
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
	nl := len(r.Levels)
	idx := make([]int32, r.Ng+1)
	for k, l := range r.Levels {
		idx[l] = int32(k)
	}
	nd := len(ang) + 1
	P := make([]float64, nl*nd)
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
	alpha := int32(math.Floor(min(s.Alpha, 1<<30))) // levels are integers: |d| <= a ⇔ |d| <= floor(a)
	for _, i32 := range r.ROI {
		i := int(i32)
		li := pad[i]
		dep := 0
		for _, off := range offs {
			// Branch-free: neighbours outside the ROI (<= 0) differ from li
			// by more than alpha only if li - lj > alpha, so test both.
			lj := pad[i+off]
			d := li - lj
			if d < 0 {
				d = -d
			}
			inc := 0
			if lj > 0 && d <= alpha {
				inc = 1
			}
			dep += inc
		}
		P[int(idx[li])*nd+dep]++
	}
	lvv := make([]float64, nl)
	for k, l := range r.Levels {
		lvv[k] = float64(l)
	}
	return &Matrix{Levels: lvv, Nd: nd, P: P, Np: r.Count}
}

// Compute returns the values of Features for the region.
func Compute(r *discretize.Region, s Settings) ([]float64, error) {
	return Calculate(r, s).Features(), nil
}

// Features computes the feature values (aligned with Features) of m.
func (m *Matrix) Features() []float64 {
	nl, nd := len(m.Levels), m.Nd
	pd := make([]float64, nd)
	pg := make([]float64, nl)
	var nz, sdlgle, sdhgle, ldlgle, ldhgle float64
	for i := 0; i < nl; i++ {
		fi := m.Levels[i]
		i2 := fi * fi
		for j := 0; j < nd; j++ {
			v := m.P[i*nd+j]
			if v == 0 {
				continue
			}
			fj := float64(j + 1)
			j2 := fj * fj
			pd[j] += v
			pg[i] += v
			nz += v
			sdlgle += v / (i2 * j2)
			sdhgle += v * i2 / j2
			ldlgle += v * j2 / i2
			ldhgle += v * j2 * i2
		}
	}
	var sde, lde, dn, ui, uj float64
	for j, v := range pd {
		fj := float64(j + 1)
		sde += v / (fj * fj)
		lde += v * fj * fj
		dn += v * v
		uj += v / nz * fj
	}
	var gln, lgle, hgle float64
	for i, v := range pg {
		fi := m.Levels[i]
		gln += v * v
		lgle += v / (fi * fi)
		hgle += v * fi * fi
		ui += v / nz * fi
	}
	var glv, dv, de float64
	for i, v := range pg {
		d := m.Levels[i] - ui
		glv += v / nz * d * d
	}
	for j, v := range pd {
		d := float64(j+1) - uj
		dv += v / nz * d * d
	}
	for _, v := range m.P {
		if v != 0 {
			q := v / nz
			de -= q * math.Log2(q+npmath.Eps)
		}
	}
	return []float64{de, dn / nz, dn / (nz * nz), dv, gln / nz, glv, hgle / nz, lde / nz, ldhgle / nz,
		ldlgle / nz, lgle / nz, sde / nz, sdhgle / nz, sdlgle / nz}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
