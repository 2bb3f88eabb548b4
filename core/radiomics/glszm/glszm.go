package glszm

import (
	"math"

	"radgo/core/radiomics/discretize"
	"radgo/core/radiomics/internal/npmath"
)

// Features lists the feature names in PyRadiomics output order.
var Features = []string{
	"GrayLevelNonUniformity", "GrayLevelNonUniformityNormalized", "GrayLevelVariance",
	"HighGrayLevelZoneEmphasis", "LargeAreaEmphasis", "LargeAreaHighGrayLevelEmphasis",
	"LargeAreaLowGrayLevelEmphasis", "LowGrayLevelZoneEmphasis", "SizeZoneNonUniformity",
	"SizeZoneNonUniformityNormalized", "SmallAreaEmphasis", "SmallAreaHighGrayLevelEmphasis",
	"SmallAreaLowGrayLevelEmphasis", "ZoneEntropy", "ZonePercentage", "ZoneVariance",
}

// Deprecated names the features PyRadiomics computes only when named (none).
var Deprecated = map[string]bool{}

// Removed lists deprecated names that are never computed (none).
var Removed = []string{}

// Settings are the GLSZM options.
type Settings struct {
	Force2D    bool
	Force2DDim int
}

// Matrix is the size zone matrix: P[i*MaxSize+(size-1)] zones of level
// Levels[i] and the given size.
type Matrix struct {
	Levels  []float64
	MaxSize int
	P       []float64
	Np      int // ROI voxels
}

// Calculate returns the size zone matrix of the region.
func Calculate(r *discretize.Region, s Settings) *Matrix {
	dim := -1
	if s.Force2D {
		dim = s.Force2DDim
	}
	ang := discretize.Angles(r.Size, []int{1}, true, dim)
	nl := len(r.Levels)
	idx := make([]int32, r.Ng+1)
	for k, l := range r.Levels {
		idx[l] = int32(k)
	}
	sx, sy, sz := r.Size[0], r.Size[1], r.Size[2]
	done := make([]bool, len(r.Level))
	type zone struct {
		level int32
		size  int
	}
	var zones []zone
	stack := make([]int, 0, 64)
	maxSize := 0
	for start, l := range r.Level {
		if l == 0 || done[start] {
			continue
		}
		done[start] = true
		stack = append(stack[:0], start)
		size := 0
		for len(stack) > 0 {
			k := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			size++
			x := k % sx
			y := (k / sx) % sy
			z := k / (sx * sy)
			for _, o := range ang {
				nx, ny, nz := x+o[0], y+o[1], z+o[2]
				if nx < 0 || nx >= sx || ny < 0 || ny >= sy || nz < 0 || nz >= sz {
					continue
				}
				j := (nz*sy+ny)*sx + nx
				if !done[j] && r.Level[j] == l {
					done[j] = true
					stack = append(stack, j)
				}
			}
		}
		if size > maxSize {
			maxSize = size
		}
		zones = append(zones, zone{l, size})
	}
	if maxSize == 0 {
		maxSize = 1
	}
	P := make([]float64, nl*maxSize)
	for _, z := range zones {
		P[int(idx[z.level])*maxSize+z.size-1]++
	}
	lv := make([]float64, nl)
	for k, l := range r.Levels {
		lv[k] = float64(l)
	}
	return &Matrix{Levels: lv, MaxSize: maxSize, P: P, Np: r.Count}
}

// Compute returns the values of Features for the region.
func Compute(r *discretize.Region, s Settings) ([]float64, error) {
	return Calculate(r, s).Features(), nil
}

// Features computes the feature values (aligned with Features) of m.
func (m *Matrix) Features() []float64 {
	nl, ns := len(m.Levels), m.MaxSize
	ps := make([]float64, ns)
	pg := make([]float64, nl)
	var nz, salgle, sahgle, lalgle, lahgle float64
	for i := 0; i < nl; i++ {
		fi := m.Levels[i]
		i2 := fi * fi
		for j := 0; j < ns; j++ {
			v := m.P[i*ns+j]
			if v == 0 {
				continue
			}
			fj := float64(j + 1)
			j2 := fj * fj
			ps[j] += v
			pg[i] += v
			nz += v
			salgle += v / (i2 * j2)
			sahgle += v * i2 / j2
			lalgle += v * j2 / i2
			lahgle += v * i2 * j2
		}
	}
	if nz == 0 {
		nz = 1
	}
	var sae, lae, szn, ui, uj float64
	for j, v := range ps {
		fj := float64(j + 1)
		sae += v / (fj * fj)
		lae += v * fj * fj
		szn += v * v
		uj += v / nz * fj
	}
	var gln, lglze, hglze float64
	for i, v := range pg {
		fi := m.Levels[i]
		gln += v * v
		lglze += v / (fi * fi)
		hglze += v * fi * fi
		ui += v / nz * fi
	}
	var glv, zv, ze float64
	for i, v := range pg {
		d := m.Levels[i] - ui
		glv += v / nz * d * d
	}
	for j, v := range ps {
		d := float64(j+1) - uj
		zv += v / nz * d * d
	}
	for _, v := range m.P {
		q := v / nz
		ze -= q * math.Log2(q+npmath.Eps)
	}
	return []float64{gln / nz, gln / (nz * nz), glv, hglze / nz, lae / nz, lahgle / nz, lalgle / nz,
		lglze / nz, szn / nz, szn / (nz * nz), sae / nz, sahgle / nz, salgle / nz, ze, nz / float64(m.Np), zv}
}
