package resample

import (
	"fmt"
	"math"

	"radgo/core/volume"
)

// itkGrid holds ITK's index↔physical matrices of an image.
type itkGrid struct {
	origin [3]float64
	m, inv [3][3]float64 // index→physical (Direction·diag(Spacing)) and its inverse
}

func newITKGrid(g volume.Geometry) itkGrid {
	var t itkGrid
	t.origin = g.Origin
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			t.m[r][c] = g.Direction[r][c] * g.Spacing[c]
			// inverse of D·S for orthonormal D: S⁻¹·Dᵀ
			t.inv[c][r] = (1 / g.Spacing[c]) * g.Direction[r][c]
		}
	}
	return t
}

// indexToPoint is ImageBase::TransformIndexToPhysicalPoint.
func (t itkGrid) indexToPoint(idx [3]int) [3]float64 {
	var p [3]float64
	for r := 0; r < 3; r++ {
		p[r] = t.origin[r]
		for c := 0; c < 3; c++ {
			p[r] += float64(t.m[r][c] * float64(idx[c]))
		}
	}
	return p
}

// continuousIndexToPoint is ImageBase::TransformContinuousIndexToPhysicalPoint.
func (t itkGrid) continuousIndexToPoint(idx [3]float64) [3]float64 {
	var p [3]float64
	for r := 0; r < 3; r++ {
		sum := 0.0
		for c := 0; c < 3; c++ {
			sum += float64(t.m[r][c] * idx[c])
		}
		p[r] = sum + t.origin[r]
	}
	return p
}

// pointToContinuousIndex is ImageBase::TransformPhysicalPointToContinuousIndex.
func (t itkGrid) pointToContinuousIndex(p [3]float64) [3]float64 {
	var d, idx [3]float64
	for r := 0; r < 3; r++ {
		d[r] = p[r] - t.origin[r]
	}
	for r := 0; r < 3; r++ {
		sum := 0.0
		for c := 0; c < 3; c++ {
			sum += float64(t.inv[r][c] * d[c])
		}
		idx[r] = sum
	}
	return idx
}

// scanlines calls f with the continuous input index of every output voxel
// in Voxels order, using ResampleImageFilter's linear scan-line scheme
// (ITK 5.2): start + alpha·(end − start) with alpha = i/size[0], where start
// and end are the mapped indices of voxel 0 and voxel size[0] of the row.
func scanlines(in, out itkGrid, size [3]int, f func(o int, ci [3]float64)) {
	o := 0
	for k := 0; k < size[2]; k++ {
		for j := 0; j < size[1]; j++ {
			start := in.pointToContinuousIndex(out.indexToPoint([3]int{0, j, k}))
			end := in.pointToContinuousIndex(out.indexToPoint([3]int{size[0], j, k}))
			for i := 0; i < size[0]; i++ {
				alpha := float64(i) / float64(size[0])
				ci := start
				for a := 0; a < 3; a++ {
					ci[a] += float64(alpha * (end[a] - start[a]))
				}
				f(o, ci)
				o++
			}
		}
	}
}

// inside is InterpolateImageFunction::IsInsideBuffer for a continuous index.
func inside(ci [3]float64, size [3]int) bool {
	for a := 0; a < 3; a++ {
		if !(ci[a] >= -0.5 && ci[a] < float64(size[a])-0.5) {
			return false
		}
	}
	return true
}

// roundHalfUp is itk::Math::RoundHalfIntegerUp as built with SSE2:
// round-half-even of 2x+0.5, halved with an arithmetic shift.
func roundHalfUp(x float64) int {
	return int(int64(math.RoundToEven(2*x+0.5)) >> 1)
}

// maskOnto samples mask on the grid g of the given size by nearest
// neighbour (0 outside).
func maskOnto(mask *volume.Mask, g volume.Geometry, size [3]int) *volume.Mask {
	out := volume.NewMask(size, g)
	if g == mask.Geometry && size == mask.Size {
		copy(out.Labels, mask.Labels)
		return out
	}
	n := mask.Size
	scanlines(newITKGrid(mask.Geometry), newITKGrid(g), size, func(o int, ci [3]float64) {
		if !inside(ci, n) {
			return
		}
		i, j, k := roundHalfUp(ci[0]), roundHalfUp(ci[1]), roundHalfUp(ci[2])
		out.Labels[o] = mask.Labels[(k*n[1]+j)*n[0]+i]
	})
	return out
}

// Image resamples img onto the grid g of the given size with interpolator
// interp, casting every value to pt as SimpleITK does; voxels outside the
// input get 0.
func Image(img *volume.Volume, g volume.Geometry, size [3]int, interp Interpolator, pt PixelType) (*volume.Volume, error) {
	if n := img.Size[0] * img.Size[1] * img.Size[2]; len(img.Voxels) != n || n == 0 {
		return nil, fmt.Errorf("resample: image has %d voxels for size %v", len(img.Voxels), img.Size)
	}
	if pt < Float64 || pt > UInt64 {
		return nil, fmt.Errorf("resample: unknown pixel type %d", pt)
	}
	out := volume.New(size, g)
	in, og := newITKGrid(img.Geometry), newITKGrid(g)
	n := img.Size
	v := img.Voxels
	switch interp {
	case Nearest:
		scanlines(in, og, size, func(o int, ci [3]float64) {
			if inside(ci, n) {
				i, j, k := roundHalfUp(ci[0]), roundHalfUp(ci[1]), roundHalfUp(ci[2])
				out.Voxels[o] = pt.Cast(v[(k*n[1]+j)*n[0]+i])
			}
		})
	case Linear:
		scanlines(in, og, size, func(o int, ci [3]float64) {
			if inside(ci, n) {
				out.Voxels[o] = pt.Cast(linearAt(img, ci))
			}
		})
	default:
		order := interp.splineOrder()
		if order < 0 {
			return nil, fmt.Errorf("resample: unknown interpolator %v", interp)
		}
		// Continuous index range actually evaluated, to decompose only the
		// coefficients that are read.
		lo := [3]float64{math.Inf(1), math.Inf(1), math.Inf(1)}
		hi := [3]float64{math.Inf(-1), math.Inf(-1), math.Inf(-1)}
		any := false
		scanlines(in, og, size, func(o int, ci [3]float64) {
			if inside(ci, n) {
				any = true
				for a := 0; a < 3; a++ {
					lo[a], hi[a] = math.Min(lo[a], ci[a]), math.Max(hi[a], ci[a])
				}
			}
		})
		if !any {
			return out, nil
		}
		var blo, bhi [3]int
		for a := 0; a < 3; a++ {
			blo[a] = max(int(math.Floor(lo[a]))-order-1, 0)
			bhi[a] = min(int(math.Floor(hi[a]))+order+2, n[a]-1)
		}
		bs := newBSpline(img, order, blo, bhi)
		scanlines(in, og, size, func(o int, ci [3]float64) {
			if inside(ci, n) {
				out.Voxels[o] = pt.Cast(bs.at(ci))
			}
		})
	}
	return out, nil
}

// linearAt is itk::LinearInterpolateImageFunction: neighbours beyond the
// last voxel repeat it, a base index below 0 is raised to 0 and the axis is
// then not interpolated; lerps along x, then y, then z.
func linearAt(img *volume.Volume, ci [3]float64) float64 {
	n := img.Size
	var b0, b1 [3]int
	var d [3]float64
	for a := 0; a < 3; a++ {
		b := int(math.Floor(ci[a]))
		if b < 0 {
			b = 0
		}
		d[a] = ci[a] - float64(b)
		if d[a] < 0 {
			d[a] = 0
		}
		b0[a], b1[a] = b, min(b+1, n[a]-1)
		if d[a] == 0 {
			b1[a] = b
		}
	}
	at := func(i, j, k int) float64 { return img.Voxels[(k*n[1]+j)*n[0]+i] }
	lerp := func(a, b, t float64) float64 {
		if t == 0 {
			return a
		}
		return a + float64((b-a)*t)
	}
	x00 := lerp(at(b0[0], b0[1], b0[2]), at(b1[0], b0[1], b0[2]), d[0])
	x10 := lerp(at(b0[0], b1[1], b0[2]), at(b1[0], b1[1], b0[2]), d[0])
	x01 := lerp(at(b0[0], b0[1], b1[2]), at(b1[0], b0[1], b1[2]), d[0])
	x11 := lerp(at(b0[0], b1[1], b1[2]), at(b1[0], b1[1], b1[2]), d[0])
	xx0 := lerp(x00, x10, d[1])
	xx1 := lerp(x01, x11, d[1])
	return lerp(xx0, xx1, d[2])
}
