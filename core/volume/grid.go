package volume

import (
	"fmt"
	"math"
	"strings"
)

// Tolerance bounds the differences under which two grids are the same.
// Coordinate is relative to the first axis' spacing and applies to spacing
// and origin; Direction is absolute on the direction cosines. These are the
// semantics of ITK's ImageToImageFilter check that PyRadiomics relies on
// (its geometryTolerance setting sets both).
type Tolerance struct {
	Coordinate float64
	Direction  float64
}

// GridTolerance is ITK's and PyRadiomics' default: 1e-6 for both.
var GridTolerance = Tolerance{Coordinate: 1e-6, Direction: 1e-6}

// Close reports whether g and h describe the same placement within tol.
func (g Geometry) Close(h Geometry, tol Tolerance) bool {
	return len(g.differences(h, tol)) == 0
}

func (g Geometry) differences(h Geometry, tol Tolerance) []string {
	var d []string
	ct := tol.Coordinate * g.Spacing[0]
	for a := 0; a < 3; a++ {
		if math.Abs(g.Spacing[a]-h.Spacing[a]) > ct || math.IsNaN(g.Spacing[a]-h.Spacing[a]) {
			d = append(d, fmt.Sprintf("spacing %v vs %v mm", g.Spacing, h.Spacing))
			break
		}
	}
	for a := 0; a < 3; a++ {
		if math.Abs(g.Origin[a]-h.Origin[a]) > ct || math.IsNaN(g.Origin[a]-h.Origin[a]) {
			d = append(d, fmt.Sprintf("origin %v vs %v mm", g.Origin, h.Origin))
			break
		}
	}
dir:
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			if math.Abs(g.Direction[r][c]-h.Direction[r][c]) > tol.Direction || math.IsNaN(g.Direction[r][c]-h.Direction[r][c]) {
				d = append(d, fmt.Sprintf("direction %v vs %v", g.Direction, h.Direction))
				break dir
			}
		}
	}
	return d
}

// GridError reports that a mask is not on its image's grid.
type GridError struct {
	Differences []string // e.g. "size [136 134 47] vs [136 134 46]"
}

func (e *GridError) Error() string {
	return "volume: mask is not on the image grid: " + strings.Join(e.Differences, "; ") +
		" (if the files hold the same grid rounded differently, raise the tolerance as PyRadiomics' geometryTolerance does; if not, resample the mask with ResampleNearest)"
}

// CheckGrid returns nil when m lies on the grid of v (same size, and
// geometry within tol), else a *GridError naming every difference.
func CheckGrid(v *Volume, m *Mask, tol Tolerance) error {
	var d []string
	if v.Size != m.Size {
		d = append(d, fmt.Sprintf("size %v (image) vs %v (mask)", v.Size, m.Size))
	}
	d = append(d, v.Geometry.differences(m.Geometry, tol)...)
	if len(d) > 0 {
		return &GridError{Differences: d}
	}
	return nil
}

// ResampleNearest returns m resampled onto the grid (size, g) by nearest
// neighbour: each target voxel centre takes the label of the source voxel
// whose centre is nearest (rounding half away from zero in index space), or
// 0 outside the source.
func ResampleNearest(m *Mask, size [3]int, g Geometry) *Mask {
	out := NewMask(size, g)
	for k := 0; k < size[2]; k++ {
		for j := 0; j < size[1]; j++ {
			for i := 0; i < size[0]; i++ {
				idx := m.Index(g.Point(float64(i), float64(j), float64(k)))
				si, sj, sk := int(math.Round(idx[0])), int(math.Round(idx[1])), int(math.Round(idx[2]))
				if si < 0 || sj < 0 || sk < 0 || si >= m.Size[0] || sj >= m.Size[1] || sk >= m.Size[2] {
					continue
				}
				out.Labels[(k*size[1]+j)*size[0]+i] = m.Labels[m.Offset(si, sj, sk)]
			}
		}
	}
	return out
}

// PadBounds widens the inclusive box lo..hi by pad voxels on every side,
// clipped to a grid of the given size.
func PadBounds(lo, hi [3]int, pad int, size [3]int) ([3]int, [3]int) {
	for a := 0; a < 3; a++ {
		lo[a] = max(0, lo[a]-pad)
		hi[a] = min(size[a]-1, hi[a]+pad)
	}
	return lo, hi
}

// Sub returns the geometry of the sub-grid starting at voxel lo.
func (g Geometry) Sub(lo [3]int) Geometry {
	s := g
	s.Origin = g.Point(float64(lo[0]), float64(lo[1]), float64(lo[2]))
	return s
}

// Crop returns a copy of the inclusive box lo..hi of v (clipped to v) with
// its origin moved so that every voxel keeps its physical position. It
// panics if the clipped box is empty.
func (v *Volume) Crop(lo, hi [3]int) *Volume {
	lo, hi = PadBounds(lo, hi, 0, v.Size)
	size := [3]int{hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1}
	if size[0] <= 0 || size[1] <= 0 || size[2] <= 0 {
		panic("volume: empty crop box")
	}
	out := New(size, v.Sub(lo))
	for k := 0; k < size[2]; k++ {
		for j := 0; j < size[1]; j++ {
			src := v.Offset(lo[0], lo[1]+j, lo[2]+k)
			copy(out.Voxels[(k*size[1]+j)*size[0]:][:size[0]], v.Voxels[src:src+size[0]])
		}
	}
	return out
}

// Crop returns a copy of the inclusive box lo..hi of m (clipped to m), as
// Volume.Crop does.
func (m *Mask) Crop(lo, hi [3]int) *Mask {
	lo, hi = PadBounds(lo, hi, 0, m.Size)
	size := [3]int{hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1}
	if size[0] <= 0 || size[1] <= 0 || size[2] <= 0 {
		panic("volume: empty crop box")
	}
	out := NewMask(size, m.Sub(lo))
	for k := 0; k < size[2]; k++ {
		for j := 0; j < size[1]; j++ {
			src := m.Offset(lo[0], lo[1]+j, lo[2]+k)
			copy(out.Labels[(k*size[1]+j)*size[0]:][:size[0]], m.Labels[src:src+size[0]])
		}
	}
	return out
}

// Binary returns a mask with 1 where m carries label and 0 elsewhere.
func (m *Mask) Binary(label uint8) *Mask {
	out := NewMask(m.Size, m.Geometry)
	for i, l := range m.Labels {
		if l == label {
			out.Labels[i] = 1
		}
	}
	return out
}

// Histogram returns the voxel count of every label value.
func (m *Mask) Histogram() [256]int {
	var h [256]int
	for _, l := range m.Labels {
		h[l]++
	}
	return h
}
