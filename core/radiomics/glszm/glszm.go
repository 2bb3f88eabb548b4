package glszm

import (
	"math"
	"sort"

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

// Matrix is the size zone matrix, stored sparsely: Zones lists the
// non-zero entries (a zone of one ROI voxel can make the dense matrix as
// large as levels × ROI voxels).
type Matrix struct {
	Levels  []float64
	MaxSize int
	Zones   []Entry // non-zero entries, by level index then size
	Np      int     // ROI voxels
}

// Entry is one non-zero element of the size zone matrix.
type Entry struct {
	Level int     // index into Levels
	Size  int     // zone size in voxels
	Count float64 // number of zones
}

// Dense returns the matrix as P[i*MaxSize+(size-1)].
func (m *Matrix) Dense() []float64 {
	p := make([]float64, len(m.Levels)*m.MaxSize)
	for _, e := range m.Zones {
		p[e.Level*m.MaxSize+e.Size-1] += e.Count
	}
	return p
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
	r.SetMargin(1)
	offs := make([]int, len(ang))
	for a, o := range ang {
		offs[a] = r.Stride(o)
	}
	// Zones: connected same-level voxels (the bidirectional angles), by union-find.
	zones, maxSize := unionZones(r.Pad, r.ROI, offs)
	if maxSize == 0 {
		maxSize = 1
	}
	counts := map[[2]int]float64{}
	for _, z := range zones {
		counts[[2]int{int(idx[z.level]), z.size}]++
	}
	entries := make([]Entry, 0, len(counts))
	for k, c := range counts {
		entries = append(entries, Entry{k[0], k[1], c})
	}
	sort.Slice(entries, func(i, j int) bool {
		if entries[i].Level != entries[j].Level {
			return entries[i].Level < entries[j].Level
		}
		return entries[i].Size < entries[j].Size
	})
	lv := make([]float64, nl)
	for k, l := range r.Levels {
		lv[k] = float64(l)
	}
	return &Matrix{Levels: lv, MaxSize: maxSize, Zones: entries, Np: r.Count}
}

type zone struct {
	level int32
	size  int
}

// unionZones returns the zones (level, size) of the ROI voxels of pad and
// the largest size: one pass in memory order joins each voxel with its
// already visited neighbours (negative offsets) of the same level in a
// union-find forest (path halving, the smaller index is the root), then the
// voxels are counted per root. The zones are those of a flood fill; only
// their order differs, and the caller sorts them.
func unionZones(pad []int32, roi []int32, offs []int) ([]zone, int) {
	var back []int
	for _, off := range offs {
		if off < 0 {
			back = append(back, off)
		}
	}
	parent := make([]int32, len(pad))
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, i := range roi {
		parent[i] = i
		l := pad[i]
		ri := i
		for _, off := range back {
			j := int(i) + off
			if pad[j] != l {
				continue
			}
			rj := find(int32(j))
			if rj == ri {
				continue
			}
			if rj < ri {
				parent[ri] = rj
				ri = rj
			} else {
				parent[rj] = ri
			}
		}
	}
	size := make([]int32, len(pad))
	for _, i := range roi {
		size[find(i)]++
	}
	var zones []zone
	maxSize := 0
	for _, i := range roi {
		if parent[i] == i {
			n := int(size[i])
			zones = append(zones, zone{pad[i], n})
			maxSize = max(maxSize, n)
		}
	}
	return zones, maxSize
}

// Compute returns the values of Features for the region.
func Compute(r *discretize.Region, s Settings) ([]float64, error) {
	return Calculate(r, s).Features(), nil
}

// Features computes the feature values (aligned with Features) of m.
func (m *Matrix) Features() []float64 {
	nl := len(m.Levels)
	ps := map[int]float64{}
	pg := make([]float64, nl)
	var nz, salgle, sahgle, lalgle, lahgle float64
	for _, e := range m.Zones {
		fi := m.Levels[e.Level]
		i2 := fi * fi
		fj := float64(e.Size)
		j2 := fj * fj
		v := e.Count
		ps[e.Size] += v
		pg[e.Level] += v
		nz += v
		salgle += v / (i2 * j2)
		sahgle += v * i2 / j2
		lalgle += v * j2 / i2
		lahgle += v * i2 * j2
	}
	if nz == 0 {
		nz = 1
	}
	sizes := make([]int, 0, len(ps))
	for j := range ps {
		sizes = append(sizes, j)
	}
	sort.Ints(sizes)
	var sae, lae, szn, ui, uj float64
	for _, j := range sizes {
		v := ps[j]
		fj := float64(j)
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
	for _, j := range sizes {
		d := float64(j) - uj
		zv += ps[j] / nz * d * d
	}
	for _, e := range m.Zones {
		q := e.Count / nz
		ze -= q * math.Log2(q+npmath.Eps)
	}
	return []float64{gln / nz, gln / (nz * nz), glv, hglze / nz, lae / nz, lahgle / nz, lalgle / nz,
		lglze / nz, szn / nz, szn / (nz * nz), sae / nz, sahgle / nz, salgle / nz, ze, nz / float64(m.Np), zv}
}
