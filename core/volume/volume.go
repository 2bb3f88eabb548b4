package volume

import "fmt"

// Geometry places a voxel grid in patient space (LPS, millimetres).
type Geometry struct {
	Spacing   [3]float64    // voxel size along i, j, k in mm; all > 0
	Origin    [3]float64    // physical position of the centre of voxel (0, 0, 0)
	Direction [3][3]float64 // Direction[r][c]: row r (x, y, z) of the unit vector of index axis c
}

// Identity returns a geometry with the given spacing, zero origin and
// identity direction.
func Identity(spacing [3]float64) Geometry {
	return Geometry{Spacing: spacing, Direction: [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}
}

// Point returns the physical position of the continuous index (i, j, k).
func (g Geometry) Point(i, j, k float64) [3]float64 {
	idx := [3]float64{i * g.Spacing[0], j * g.Spacing[1], k * g.Spacing[2]}
	var p [3]float64
	for r := 0; r < 3; r++ {
		p[r] = g.Origin[r] + g.Direction[r][0]*idx[0] + g.Direction[r][1]*idx[1] + g.Direction[r][2]*idx[2]
	}
	return p
}

// Index returns the continuous index of the physical point p. Direction is
// assumed orthonormal, so its inverse is its transpose.
func (g Geometry) Index(p [3]float64) [3]float64 {
	d := [3]float64{p[0] - g.Origin[0], p[1] - g.Origin[1], p[2] - g.Origin[2]}
	var idx [3]float64
	for c := 0; c < 3; c++ {
		idx[c] = (g.Direction[0][c]*d[0] + g.Direction[1][c]*d[1] + g.Direction[2][c]*d[2]) / g.Spacing[c]
	}
	return idx
}

// Volume is a 3-D scalar image, for CT in Hounsfield units.
// The voxel at (i, j, k) is Voxels[(k*Size[1]+j)*Size[0]+i].
type Volume struct {
	Voxels []float64
	Size   [3]int
	Geometry
}

// New returns a zero-filled volume of the given size and geometry.
func New(size [3]int, g Geometry) *Volume {
	return &Volume{Voxels: make([]float64, size[0]*size[1]*size[2]), Size: size, Geometry: g}
}

// Offset returns the index into Voxels of voxel (i, j, k).
func (v *Volume) Offset(i, j, k int) int { return (k*v.Size[1]+j)*v.Size[0] + i }

// At returns the value of voxel (i, j, k).
func (v *Volume) At(i, j, k int) float64 { return v.Voxels[v.Offset(i, j, k)] }

// Set sets the value of voxel (i, j, k).
func (v *Volume) Set(i, j, k int, x float64) { v.Voxels[v.Offset(i, j, k)] = x }

// Mask is a label map on a voxel grid: 0 is background, any other value a
// label. Layout and geometry conventions are those of Volume.
type Mask struct {
	Labels []uint8
	Size   [3]int
	Geometry
}

// NewMask returns an empty mask of the given size and geometry.
func NewMask(size [3]int, g Geometry) *Mask {
	return &Mask{Labels: make([]uint8, size[0]*size[1]*size[2]), Size: size, Geometry: g}
}

// Offset returns the index into Labels of voxel (i, j, k).
func (m *Mask) Offset(i, j, k int) int { return (k*m.Size[1]+j)*m.Size[0] + i }

// Count returns the number of voxels carrying label.
func (m *Mask) Count(label uint8) int {
	n := 0
	for _, l := range m.Labels {
		if l == label {
			n++
		}
	}
	return n
}

// Bounds returns the inclusive index bounding box of the voxels carrying
// label; ok is false when there are none.
func (m *Mask) Bounds(label uint8) (lo, hi [3]int, ok bool) {
	lo = m.Size
	hi = [3]int{-1, -1, -1}
	for k := 0; k < m.Size[2]; k++ {
		for j := 0; j < m.Size[1]; j++ {
			row := (k*m.Size[1] + j) * m.Size[0]
			for i := 0; i < m.Size[0]; i++ {
				if m.Labels[row+i] != label {
					continue
				}
				p := [3]int{i, j, k}
				for a := 0; a < 3; a++ {
					lo[a] = min(lo[a], p[a])
					hi[a] = max(hi[a], p[a])
				}
			}
		}
	}
	return lo, hi, hi[0] >= 0
}

// String describes the grid for error messages and notebooks.
func (g Geometry) String() string {
	return fmt.Sprintf("spacing %v mm, origin %v mm, direction %v", g.Spacing, g.Origin, g.Direction)
}
