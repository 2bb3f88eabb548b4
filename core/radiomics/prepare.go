package radiomics

import (
	"fmt"
	"math"
	"sort"

	"radgo/core/resample"
	"radgo/core/volume"
)

func validateSettings(s *Settings) error {
	if s.BinCount < 0 {
		return inputErr("binCount %d must be positive", s.BinCount)
	}
	if s.BinCount == 0 && !(s.BinWidth > 0) {
		return inputErr("binWidth %v must be positive", s.BinWidth)
	}
	if s.MinimumROIDimensions < 1 || s.MinimumROIDimensions > 3 {
		return inputErr("minimumROIDimensions %d outside 1..3", s.MinimumROIDimensions)
	}
	if s.PadDistance < 0 {
		return inputErr("padDistance %d must be >= 0", s.PadDistance)
	}
	if len(s.Distances) == 0 {
		s.Distances = []int{1}
	}
	for _, d := range s.Distances {
		if d < 1 {
			return inputErr("distances %v: each must be >= 1", s.Distances)
		}
	}
	if s.Force2DDimension < 0 || s.Force2DDimension > 2 {
		return inputErr("force2Ddimension %d outside 0..2", s.Force2DDimension)
	}
	switch s.WeightingNorm {
	case "", "manhattan", "euclidean", "infinity", "no_weighting":
	default:
		return inputErr("weightingNorm %q: want manhattan, euclidean, infinity or no_weighting", s.WeightingNorm)
	}
	switch s.ResegmentMode {
	case "", "absolute", "relative", "sigma":
	default:
		return inputErr("resegmentMode %q: want absolute, relative or sigma", s.ResegmentMode)
	}
	if n := len(s.ResegmentRange); n > 2 {
		return inputErr("resegmentRange %v: want 1 or 2 values", s.ResegmentRange)
	}
	if n := len(s.ResampledPixelSpacing); n != 0 && n != 3 {
		return inputErr("resampledPixelSpacing %v: want 3 values", s.ResampledPixelSpacing)
	}
	return nil
}

// checkGeometry compares image and mask grids with SimpleITK's tolerances
// (origin and spacing 1e-6 × spacing[0], direction 1e-6; geometryTolerance
// replaces both).
func checkGeometry(img *volume.Volume, m *volume.Mask, tol float64) error {
	if img.Size != m.Size {
		return inputErr("image/mask size mismatch: image %v, mask %v (enable correctMask to resample the mask)", img.Size, m.Size)
	}
	ct, dt := 1e-6*img.Spacing[0], 1e-6
	if tol > 0 {
		ct, dt = tol*img.Spacing[0], tol
	}
	for k := 0; k < 3; k++ {
		if math.Abs(img.Spacing[k]-m.Spacing[k]) > ct || math.Abs(img.Origin[k]-m.Origin[k]) > ct {
			return inputErr("image/mask geometry mismatch: image %v; mask %v (increase geometryTolerance or enable correctMask)", img.Geometry, m.Geometry)
		}
		for j := 0; j < 3; j++ {
			if math.Abs(img.Direction[k][j]-m.Direction[k][j]) > dt {
				return inputErr("image/mask direction mismatch: image %v; mask %v (increase geometryTolerance or enable correctMask)", img.Direction, m.Direction)
			}
		}
	}
	return nil
}

func labelsPresent(m *volume.Mask) []int {
	var seen [256]bool
	for _, l := range m.Labels {
		seen[l] = true
	}
	var out []int
	for l := 1; l < 256; l++ {
		if seen[l] {
			out = append(out, l)
		}
	}
	return out
}

// checkROI applies minimumROIDimensions and minimumROISize (imageoperations.checkMask).
func checkROI(bb box, count int, s Settings) error {
	sz := bb.size()
	nd := 0
	for _, n := range sz {
		if n > 1 {
			nd++
		}
	}
	if nd == 0 {
		return inputErr("mask only contains 1 segmented voxel: cannot extract features for a single voxel")
	}
	if nd < s.MinimumROIDimensions {
		return inputErr("mask has too few dimensions (ROI bounding box %v has %d dimensions, minimumROIDimensions %d)", sz, nd, s.MinimumROIDimensions)
	}
	if s.MinimumROISize > 0 && count <= s.MinimumROISize {
		return inputErr("ROI too small: %d voxels, minimumROISize %d", count, s.MinimumROISize)
	}
	return nil
}

func roiFlags(m *volume.Mask, label uint8) []bool {
	f := make([]bool, len(m.Labels))
	for i, l := range m.Labels {
		f[i] = l == label
	}
	return f
}

func flagBounds(f []bool, size [3]int) (lo, hi [3]int, n int) {
	lo = size
	hi = [3]int{-1, -1, -1}
	for i, in := range f {
		if !in {
			continue
		}
		n++
		p := [3]int{i % size[0], (i / size[0]) % size[1], i / (size[0] * size[1])}
		for a := 0; a < 3; a++ {
			lo[a] = min(lo[a], p[a])
			hi[a] = max(hi[a], p[a])
		}
	}
	return lo, hi, n
}

// padBox grows b by pad voxels on every side, clipped to the grid
// (imageoperations.cropToTumorMask).
func padBox(b box, pad int, size [3]int) box {
	var o box
	for a := 0; a < 3; a++ {
		o.lo[a] = max(b.lo[a]-pad, 0)
		o.hi[a] = min(b.hi[a]+pad, size[a]-1)
	}
	return o
}

func cropFlags(f []bool, size [3]int, b box) []bool {
	sz := b.size()
	out := make([]bool, sz[0]*sz[1]*sz[2])
	for k := 0; k < sz[2]; k++ {
		for j := 0; j < sz[1]; j++ {
			src := ((b.lo[2]+k)*size[1]+b.lo[1]+j)*size[0] + b.lo[0]
			copy(out[(k*sz[1]+j)*sz[0]:(k*sz[1]+j+1)*sz[0]], f[src:src+sz[0]])
		}
	}
	return out
}

func cropValues(v []float64, size [3]int, b box) []float64 {
	sz := b.size()
	out := make([]float64, sz[0]*sz[1]*sz[2])
	for k := 0; k < sz[2]; k++ {
		for j := 0; j < sz[1]; j++ {
			src := ((b.lo[2]+k)*size[1]+b.lo[1]+j)*size[0] + b.lo[0]
			copy(out[(k*sz[1]+j)*sz[0]:(k*sz[1]+j+1)*sz[0]], v[src:src+sz[0]])
		}
	}
	return out
}

// normalize reproduces imageoperations.normalizeImage: SimpleITK's
// Normalize (zero mean, unit sample standard deviation over the whole image),
// optional clipping at ±removeOutliers, then scaling.
func normalize(img *volume.Volume, scale, outliers float64) *volume.Volume {
	n := float64(len(img.Voxels))
	sum := 0.0
	for _, v := range img.Voxels {
		sum += v
	}
	mean := sum / n
	ss := 0.0
	for _, v := range img.Voxels {
		d := v - mean
		ss += d * d
	}
	sd := math.Sqrt(ss / (n - 1))
	out := &volume.Volume{Voxels: make([]float64, len(img.Voxels)), Size: img.Size, Geometry: img.Geometry}
	for i, v := range img.Voxels {
		x := (v - mean) / sd
		if outliers > 0 {
			x = math.Max(-outliers, math.Min(outliers, x))
		}
		out.Voxels[i] = x * scale
	}
	return out
}

// resegment applies resegmentRange to the ROI (imageoperations.resegmentMask).
func resegment(img *volume.Volume, roi []bool, bb box, s Settings) ([]bool, error) {
	r := append([]float64(nil), s.ResegmentRange...)
	sort.Float64s(r)
	var vals []float64
	for i, in := range roi {
		if in {
			vals = append(vals, img.Voxels[i])
		}
	}
	th := r
	switch s.ResegmentMode {
	case "relative":
		mx := math.Inf(-1)
		for _, v := range vals {
			mx = math.Max(mx, v)
		}
		th = []float64{}
		for _, t := range r {
			th = append(th, mx*t)
		}
	case "sigma":
		mean, sd := meanStd(vals)
		th = []float64{}
		for _, t := range r {
			th = append(th, mean+sd*t)
		}
	}
	out := make([]bool, len(roi))
	for i, in := range roi {
		if !in {
			continue
		}
		v := img.Voxels[i]
		keep := v >= th[0]
		if len(th) > 1 {
			keep = keep && v <= th[1]
		}
		out[i] = keep
	}
	return out, nil
}

func meanStd(v []float64) (float64, float64) {
	s := 0.0
	for _, x := range v {
		s += x
	}
	m := s / float64(len(v))
	ss := 0.0
	for _, x := range v {
		ss += (x - m) * (x - m)
	}
	return m, math.Sqrt(ss / float64(len(v)))
}

// typeSettings merges an image type's custom settings over the extractor's.
func (e *Extractor) typeSettings(it ImageType) (Settings, error) {
	s := e.Settings
	if len(it.Settings) == 0 {
		return s, nil
	}
	if err := applySettings(&s, it.Settings, "imageType "+it.Name); err != nil {
		return s, err
	}
	return s, nil
}

func fmtTuple(v []float64) string {
	out := "("
	for i, x := range v {
		if i > 0 {
			out += ", "
		}
		out += pyRepr(x)
	}
	return out + ")"
}

func fmtIntTuple(v []int) string {
	out := "("
	for i, x := range v {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprint(x)
	}
	return out + ")"
}

// resampleCase resamples image and mask to resampledPixelSpacing on the
// grid PyRadiomics builds around the ROI (core/resample).
func resampleCase(img *volume.Volume, m *volume.Mask, label uint8, s Settings, pt resample.PixelType) (*volume.Volume, *volume.Mask, error) {
	interp, err := resample.ParseInterpolator(s.Interpolator)
	if err != nil {
		return nil, nil, inputErr("interpolator %q: %v", s.Interpolator, err)
	}
	rs := resample.Settings{Interpolator: interp, PadDistance: s.PadDistance, Label: label, PixelType: pt}
	copy(rs.Spacing[:], s.ResampledPixelSpacing)
	ri, rm, err := resample.Resample(img, m, rs)
	if err != nil {
		return nil, nil, inputErr("resampling to %v mm: %v", s.ResampledPixelSpacing, err)
	}
	return ri, rm, nil
}

func sub3(a, b [3]int) [3]int { return [3]int{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }

// cropVolume returns the box b of v with the matching origin.
func cropVolume(v *volume.Volume, b box) *volume.Volume {
	g := v.Geometry
	g.Origin = v.Point(float64(b.lo[0]), float64(b.lo[1]), float64(b.lo[2]))
	return &volume.Volume{Voxels: cropValues(v.Voxels, v.Size, b), Size: b.size(), Geometry: g}
}

// cropMask returns the box b of m with the matching origin.
func cropMask(m *volume.Mask, b box) *volume.Mask {
	g := m.Geometry
	g.Origin = m.Point(float64(b.lo[0]), float64(b.lo[1]), float64(b.lo[2]))
	sz := b.size()
	out := volume.NewMask(sz, g)
	for k := 0; k < sz[2]; k++ {
		for j := 0; j < sz[1]; j++ {
			src := m.Offset(b.lo[0], b.lo[1]+j, b.lo[2]+k)
			copy(out.Labels[(k*sz[1]+j)*sz[0]:(k*sz[1]+j+1)*sz[0]], m.Labels[src:src+sz[0]])
		}
	}
	return out
}
