package resample

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"radgo/core/volume"
)

// Interpolator selects how image values are sampled between voxels.
type Interpolator int

// The zero value is PyRadiomics' default, sitkBSpline (cubic B-spline).
const (
	BSpline  Interpolator = iota // sitkBSpline: B-spline of order 3
	Nearest                      // sitkNearestNeighbor
	Linear                       // sitkLinear
	BSpline0                     // B-spline of order 0 (float32-rounded nearest)
	BSpline1                     // B-spline of order 1
	BSpline2                     // B-spline of order 2
	BSpline4                     // B-spline of order 4
	BSpline5                     // B-spline of order 5
)

var interpolatorNames = map[Interpolator]string{
	BSpline: "sitkBSpline", Nearest: "sitkNearestNeighbor", Linear: "sitkLinear",
	BSpline0: "sitkBSpline0", BSpline1: "sitkBSpline1", BSpline2: "sitkBSpline2",
	BSpline4: "sitkBSpline4", BSpline5: "sitkBSpline5",
}

// String returns the SimpleITK name.
func (i Interpolator) String() string {
	if s, ok := interpolatorNames[i]; ok {
		return s
	}
	return "Interpolator(" + strconv.Itoa(int(i)) + ")"
}

// splineOrder returns the B-spline order, or -1 for Nearest and Linear.
func (i Interpolator) splineOrder() int {
	switch i {
	case BSpline:
		return 3
	case BSpline0:
		return 0
	case BSpline1:
		return 1
	case BSpline2:
		return 2
	case BSpline4:
		return 4
	case BSpline5:
		return 5
	}
	return -1
}

// ErrUnsupportedInterpolator is returned for SimpleITK interpolators radgo
// does not implement (Gaussian, label Gaussian, windowed sinc).
var ErrUnsupportedInterpolator = errors.New("resample: interpolator not supported")

// ParseInterpolator reads a PyRadiomics "interpolator" setting: a SimpleITK
// name ("sitkBSpline", "sitkLinear", "sitkNearestNeighbor", also
// "sitkBSpline1"–"sitkBSpline5") or its integer code (1 nearest, 2 linear,
// 3 B-spline; 4–10 are Gaussian and windowed-sinc interpolators, which
// return ErrUnsupportedInterpolator).
func ParseInterpolator(s string) (Interpolator, error) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		switch n {
		case 1:
			return Nearest, nil
		case 2:
			return Linear, nil
		case 3:
			return BSpline, nil
		case 4, 5, 6, 7, 8, 9, 10:
			return 0, fmt.Errorf("%w: SimpleITK interpolator code %d", ErrUnsupportedInterpolator, n)
		}
		return 0, fmt.Errorf("resample: unknown SimpleITK interpolator code %d", n)
	}
	if s == "sitkBSpline3" {
		return BSpline, nil
	}
	for i, name := range interpolatorNames {
		if name == s {
			return i, nil
		}
	}
	switch s {
	case "sitkGaussian", "sitkLabelGaussian", "sitkHammingWindowedSinc", "sitkCosineWindowedSinc",
		"sitkWelchWindowedSinc", "sitkLanczosWindowedSinc", "sitkBlackmanWindowedSinc":
		return 0, fmt.Errorf("%w: %s", ErrUnsupportedInterpolator, s)
	}
	return 0, fmt.Errorf("resample: unknown interpolator %q (want sitkBSpline, sitkLinear or sitkNearestNeighbor)", s)
}

// PixelType is the stored pixel type of an image, which SimpleITK keeps
// when resampling: interpolated values are clamped to its range and, for
// integer types, truncated toward zero.
type PixelType int

// Pixel types. The zero value, Float64, leaves values unchanged.
const (
	Float64 PixelType = iota
	Float32
	Int8
	UInt8
	Int16
	UInt16
	Int32
	UInt32
	Int64
	UInt64
)

// Cast converts an interpolated value as ITK's ResampleImageFilter does
// (CastPixelWithBoundsChecking): clamp to the type's range, then
// static_cast (truncation toward zero for integers).
func (t PixelType) Cast(v float64) float64 {
	var lo, hi float64
	switch t {
	case Float64:
		return v
	case Float32:
		if v < -math.MaxFloat32 {
			return -math.MaxFloat32
		}
		if v > math.MaxFloat32 {
			return math.MaxFloat32
		}
		return float64(float32(v))
	case Int8:
		lo, hi = math.MinInt8, math.MaxInt8
	case UInt8:
		lo, hi = 0, math.MaxUint8
	case Int16:
		lo, hi = math.MinInt16, math.MaxInt16
	case UInt16:
		lo, hi = 0, math.MaxUint16
	case Int32:
		lo, hi = math.MinInt32, math.MaxInt32
	case UInt32:
		lo, hi = 0, math.MaxUint32
	case Int64:
		lo, hi = math.MinInt64, math.MaxInt64
	case UInt64:
		lo, hi = 0, math.MaxUint64
	default:
		panic("resample: unknown PixelType")
	}
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return math.Trunc(v)
}

// Settings configures [Resample]. Zero is meaningful for PadDistance, so
// start from [DefaultSettings].
type Settings struct {
	// Spacing is PyRadiomics resampledPixelSpacing in mm (x, y, z); a 0
	// entry keeps the mask's spacing along that axis.
	Spacing [3]float64
	// Interpolator samples the image (PyRadiomics interpolator).
	Interpolator Interpolator
	// PadDistance is the number of new voxels kept around the ROI bounding
	// box (PyRadiomics padDistance, default 5).
	PadDistance int
	// Label is the ROI label whose bounding box defines the grid.
	Label uint8
	// PixelType is the image's stored pixel type.
	PixelType PixelType
}

// DefaultSettings returns PyRadiomics' defaults: B-spline, padDistance 5,
// label 1, float64 pixels, Spacing unset (fill it in).
func DefaultSettings() Settings {
	return Settings{Interpolator: BSpline, PadDistance: 5, Label: 1}
}

// ErrLabelAbsent is returned when the mask has no voxel with the label.
var ErrLabelAbsent = errors.New("resample: label not present in mask")

// Resample returns image and mask on PyRadiomics' resampled grid
// (resampleImage). Both share the returned grid; the mask is sampled with
// nearest neighbour.
func Resample(img *volume.Volume, mask *volume.Mask, s Settings) (*volume.Volume, *volume.Mask, error) {
	if err := check(img, mask); err != nil {
		return nil, nil, err
	}
	if s.PadDistance < 0 {
		return nil, nil, fmt.Errorf("resample: padDistance %d is negative", s.PadDistance)
	}
	maskSp := mask.Spacing
	newSp := s.Spacing
	for a := 0; a < 3; a++ {
		if newSp[a] < 0 || math.IsNaN(newSp[a]) || math.IsInf(newSp[a], 0) {
			return nil, nil, fmt.Errorf("resample: resampledPixelSpacing %v is not a list of non-negative numbers", s.Spacing)
		}
		if newSp[a] == 0 {
			newSp[a] = maskSp[a]
		}
	}
	lo, hi, err := checkROI(img, mask, s.Label)
	if err != nil {
		return nil, nil, err
	}
	var bbSize [3]int
	for a := 0; a < 3; a++ {
		bbSize[a] = hi[a] - lo[a] + 1
		if bbSize[a] == 1 {
			newSp[a] = maskSp[a]
		}
	}
	if allClose(img.Spacing, newSp) {
		m := maskOnto(mask, img.Geometry, img.Size)
		lo, hi, ok := m.Bounds(s.Label)
		if !ok {
			return nil, nil, fmt.Errorf("%w: label %d vanishes when the mask is mapped onto the image grid", ErrLabelAbsent, s.Label)
		}
		ci, cm := cropBox(img, m, lo, hi, s.PadDistance)
		return ci, cm, nil
	}
	var ratio, newLo, newHi [3]float64
	var size [3]int
	var originIndex [3]float64
	for a := 0; a < 3; a++ {
		ratio[a] = maskSp[a] / newSp[a]
		newLo[a] = math.Floor((float64(lo[a])-0.5)*ratio[a] - float64(s.PadDistance))
		newHi[a] = math.Ceil((float64(lo[a]+bbSize[a])-0.5)*ratio[a] + float64(s.PadDistance))
		maxU := math.Ceil(float64(mask.Size[a])*ratio[a]) - 1
		if newLo[a] < 0 {
			newLo[a] = 0
		}
		if newHi[a] > maxU {
			newHi[a] = maxU
		}
		size[a] = int(newHi[a] - newLo[a] + 1)
		if size[a] < 1 {
			return nil, nil, fmt.Errorf("resample: empty grid along axis %d", a)
		}
		originIndex[a] = 0.5*(newSp[a]-maskSp[a])/maskSp[a] + newLo[a]/ratio[a]
	}
	mg := newITKGrid(mask.Geometry)
	g := volume.Geometry{Spacing: newSp, Origin: mg.continuousIndexToPoint(originIndex), Direction: mask.Direction}
	out, err := Image(img, g, size, s.Interpolator, s.PixelType)
	if err != nil {
		return nil, nil, err
	}
	return out, maskOnto(mask, g, size), nil
}

// Crop returns image and mask cut to the bounding box of label ± pad voxels,
// clamped to the image (PyRadiomics cropToTumorMask). Image and mask must
// share the grid.
func Crop(img *volume.Volume, mask *volume.Mask, label uint8, pad int) (*volume.Volume, *volume.Mask, error) {
	if err := check(img, mask); err != nil {
		return nil, nil, err
	}
	if img.Size != mask.Size {
		return nil, nil, fmt.Errorf("resample: image size %v and mask size %v differ", img.Size, mask.Size)
	}
	if pad < 0 {
		return nil, nil, fmt.Errorf("resample: pad distance %d is negative", pad)
	}
	lo, hi, ok := mask.Bounds(label)
	if !ok {
		return nil, nil, fmt.Errorf("%w: label %d", ErrLabelAbsent, label)
	}
	ci, cm := cropBox(img, mask, lo, hi, pad)
	return ci, cm, nil
}

func cropBox(img *volume.Volume, mask *volume.Mask, lo, hi [3]int, pad int) (*volume.Volume, *volume.Mask) {
	var clo, size [3]int
	for a := 0; a < 3; a++ {
		l := max(lo[a]-pad, 0)
		h := min(hi[a]+pad, img.Size[a]-1)
		clo[a], size[a] = l, h-l+1
	}
	g := img.Geometry
	g.Origin = newITKGrid(img.Geometry).indexToPoint(clo)
	ci := volume.New(size, g)
	cm := volume.NewMask(size, g)
	for k := 0; k < size[2]; k++ {
		for j := 0; j < size[1]; j++ {
			src := img.Offset(clo[0], clo[1]+j, clo[2]+k)
			dst := (k*size[1] + j) * size[0]
			copy(ci.Voxels[dst:dst+size[0]], img.Voxels[src:src+size[0]])
			copy(cm.Labels[dst:dst+size[0]], mask.Labels[src:src+size[0]])
		}
	}
	return ci, cm
}

func check(img *volume.Volume, mask *volume.Mask) error {
	if img == nil || mask == nil {
		return errors.New("resample: nil image or mask")
	}
	if n := img.Size[0] * img.Size[1] * img.Size[2]; len(img.Voxels) != n || n == 0 {
		return fmt.Errorf("resample: image has %d voxels for size %v", len(img.Voxels), img.Size)
	}
	if n := mask.Size[0] * mask.Size[1] * mask.Size[2]; len(mask.Labels) != n || n == 0 {
		return fmt.Errorf("resample: mask has %d voxels for size %v", len(mask.Labels), mask.Size)
	}
	for a := 0; a < 3; a++ {
		if !(img.Spacing[a] > 0) || !(mask.Spacing[a] > 0) {
			return fmt.Errorf("resample: spacing must be positive (image %v, mask %v)", img.Spacing, mask.Spacing)
		}
	}
	return nil
}

// checkROI is PyRadiomics _checkROI: the label's bounding box, which must
// lie within the image's physical extent (tolerance 1e-3 voxel).
func checkROI(img *volume.Volume, mask *volume.Mask, label uint8) (lo, hi [3]int, err error) {
	lo, hi, ok := mask.Bounds(label)
	if !ok {
		return lo, hi, fmt.Errorf("%w: label %d", ErrLabelAbsent, label)
	}
	mg, ig := newITKGrid(mask.Geometry), newITKGrid(img.Geometry)
	var c0, c1 [3]float64
	for a := 0; a < 3; a++ {
		c0[a] = float64(lo[a]) - 0.5
		c1[a] = float64(hi[a]+1) - 0.5
	}
	b0 := ig.pointToContinuousIndex(mg.continuousIndexToPoint(c0))
	b1 := ig.pointToContinuousIndex(mg.continuousIndexToPoint(c1))
	const tol = 1e-3
	for a := 0; a < 3; a++ {
		if math.Min(b0[a], b1[a]) < -0.5-tol || math.Max(b0[a], b1[a]) > float64(img.Size[a])-0.5+tol {
			return lo, hi, fmt.Errorf("resample: bounding box of ROI is larger than image space: ROI bounds %v–%v (image index space), image size %v", b0, b1, img.Size)
		}
	}
	return lo, hi, nil
}

// allClose is numpy.allclose(a, b): |a-b| <= 1e-8 + 1e-5·|b|.
func allClose(a, b [3]float64) bool {
	for i := range a {
		if !(math.Abs(a[i]-b[i]) <= 1e-8+1e-5*math.Abs(b[i])) {
			return false
		}
	}
	return true
}
