package volume

import (
	"strings"
	"testing"
)

func TestCheckGrid(t *testing.T) {
	g := Geometry{Spacing: [3]float64{0.5, 0.5, 2}, Origin: [3]float64{-10, 5, 3}, Direction: [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}
	v := New([3]int{4, 3, 2}, g)
	for _, c := range []struct {
		name string
		mod  func(m *Mask)
		want string // "" = same grid
	}{
		{"same", func(m *Mask) {}, ""},
		{"within tolerance", func(m *Mask) { m.Origin[0] += 4e-7 }, ""}, // < 1e-6 × 0.5 mm
		{"origin", func(m *Mask) { m.Origin[0] += 6e-7 }, "origin"},
		{"spacing", func(m *Mask) { m.Spacing[2] = 2.5 }, "spacing"},
		{"direction", func(m *Mask) { m.Direction[0][0] = -1 }, "direction"},
		{"size", func(m *Mask) { m.Size[2] = 3; m.Labels = make([]uint8, 36) }, "size [4 3 2] (image) vs [4 3 3] (mask)"},
	} {
		m := NewMask(v.Size, g)
		c.mod(m)
		err := CheckGrid(v, m, GridTolerance)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}

func TestCropAndResample(t *testing.T) {
	g := Geometry{Spacing: [3]float64{1, 2, 3}, Origin: [3]float64{10, 20, 30}, Direction: [3][3]float64{{0, -1, 0}, {1, 0, 0}, {0, 0, 1}}}
	v := New([3]int{5, 4, 3}, g)
	m := NewMask(v.Size, g)
	for i := range v.Voxels {
		v.Voxels[i] = float64(i)
	}
	m.Labels[m.Offset(2, 1, 1)] = 1
	m.Labels[m.Offset(3, 2, 1)] = 1
	lo, hi, ok := m.Bounds(1)
	if !ok || lo != [3]int{2, 1, 1} || hi != [3]int{3, 2, 1} {
		t.Fatalf("bounds %v %v", lo, hi)
	}
	plo, phi := PadBounds(lo, hi, 2, m.Size)
	if plo != [3]int{0, 0, 0} || phi != [3]int{4, 3, 2} {
		t.Errorf("padded %v %v", plo, phi)
	}
	cv, cm := v.Crop(lo, hi), m.Crop(lo, hi)
	if cv.Size != [3]int{2, 2, 1} || cm.Count(1) != 2 || cv.At(0, 0, 0) != v.At(2, 1, 1) || cv.At(1, 1, 0) != v.At(3, 2, 1) {
		t.Errorf("crop: size %v, voxels %v", cv.Size, cv.Voxels)
	}
	// Every cropped voxel keeps its physical position.
	if p, q := cv.Point(1, 1, 0), v.Point(3, 2, 1); p != q {
		t.Errorf("cropped point %v, original %v", p, q)
	}
	// Resampling the crop back onto the full grid restores the mask.
	r := ResampleNearest(cm, m.Size, m.Geometry)
	for i := range r.Labels {
		if r.Labels[i] != m.Labels[i] {
			t.Fatalf("resampled label %d = %d, want %d", i, r.Labels[i], m.Labels[i])
		}
	}
	// Onto a grid twice as fine: each voxel covers 2×2×2 (8 per voxel,
	// less what falls outside).
	fine := g
	fine.Spacing = [3]float64{0.5, 1, 1.5}
	fine.Origin = g.Point(-0.25, -0.25, -0.25)
	f := ResampleNearest(m, [3]int{10, 8, 6}, fine)
	if n := f.Count(1); n != 16 {
		t.Errorf("fine grid: %d voxels, want 16", n)
	}
}
