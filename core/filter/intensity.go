package filter

import (
	"math"

	"radgo/core/volume"
)

// maxAbs returns max |x| over the voxels.
func maxAbs(v []float64) float64 {
	m := 0.0
	for _, x := range v {
		m = max(m, math.Abs(x))
	}
	return m
}

func like(img *volume.Volume) *volume.Volume {
	return volume.New(img.Size, img.Geometry)
}

// Square returns PyRadiomics' "square" image: (c·x)² with c = 1/sqrt(max|x|)
// over the whole given image (getSquareImage). As in PyRadiomics, an
// all-zero image gives NaN voxels.
func Square(img *volume.Volume) (*volume.Volume, error) {
	if err := checkVolume(img); err != nil {
		return nil, err
	}
	c := 1 / math.Sqrt(maxAbs(img.Voxels))
	out := like(img)
	for i, x := range img.Voxels {
		y := c * x
		out.Voxels[i] = y * y
	}
	return out, nil
}

// SquareRoot returns PyRadiomics' "squareroot" image: sqrt(c·x) for x > 0,
// -sqrt(-x·c) for x < 0, 0 for x = 0, with c = max|x| (getSquareRootImage).
func SquareRoot(img *volume.Volume) (*volume.Volume, error) {
	if err := checkVolume(img); err != nil {
		return nil, err
	}
	c := maxAbs(img.Voxels)
	out := like(img)
	for i, x := range img.Voxels {
		switch {
		case x > 0:
			out.Voxels[i] = math.Sqrt(x * c)
		case x < 0:
			out.Voxels[i] = -math.Sqrt(-x * c)
		default:
			out.Voxels[i] = x
		}
	}
	return out, nil
}

// Logarithm returns PyRadiomics' "logarithm" image: log(x+1) for x > 0,
// -log(-(x-1)) for x < 0, then scaled by max|x| / max|result|
// (getLogarithmImage). An all-zero image gives NaN voxels, as in PyRadiomics.
func Logarithm(img *volume.Volume) (*volume.Volume, error) {
	if err := checkVolume(img); err != nil {
		return nil, err
	}
	imMax := maxAbs(img.Voxels)
	out := like(img)
	for i, x := range img.Voxels {
		switch {
		case x > 0:
			out.Voxels[i] = math.Log(x + 1)
		case x < 0:
			out.Voxels[i] = -math.Log(-(x - 1))
		default:
			out.Voxels[i] = x
		}
	}
	s := imMax / maxAbs(out.Voxels)
	for i := range out.Voxels {
		out.Voxels[i] *= s
	}
	return out, nil
}

// Exponential returns PyRadiomics' "exponential" image: exp(c·x) with
// c = log(max|x|)/max|x| (getExponentialImage).
func Exponential(img *volume.Volume) (*volume.Volume, error) {
	if err := checkVolume(img); err != nil {
		return nil, err
	}
	imMax := maxAbs(img.Voxels)
	c := math.Log(imMax) / imMax
	out := like(img)
	for i, x := range img.Voxels {
		out.Voxels[i] = math.Exp(c * x)
	}
	return out, nil
}

// Gradient returns the gradient magnitude as SimpleITK's
// GradientMagnitudeImageFilter computes it for PyRadiomics' "gradient"
// image: central differences (x[i+1] - x[i-1]) · 0.5/spacing (0.5 when
// useSpacing is false, PyRadiomics gradientUseSpacing), the edge voxel
// repeated beyond the border (ITK's zero-flux Neumann condition),
// sqrt(gx² + gy² + gz²) in float64.
func Gradient(img *volume.Volume, useSpacing bool) (*volume.Volume, error) {
	if err := checkVolume(img); err != nil {
		return nil, err
	}
	var c [3]float64
	for a := 0; a < 3; a++ {
		c[a] = 0.5
		if useSpacing {
			c[a] = 0.5 * (1.0 / img.Spacing[a])
		}
	}
	n := img.Size
	out := like(img)
	v := img.Voxels
	stride := [3]int{1, n[0], n[0] * n[1]}
	for k := 0; k < n[2]; k++ {
		for j := 0; j < n[1]; j++ {
			for i := 0; i < n[0]; i++ {
				idx := [3]int{i, j, k}
				o := (k*n[1]+j)*n[0] + i
				a := 0.0
				for d := 0; d < 3; d++ {
					lo, hi := o, o
					if idx[d] > 0 {
						lo -= stride[d]
					}
					if idx[d] < n[d]-1 {
						hi += stride[d]
					}
					// ITK's inner product over the 3-tap slice, in order.
					g := 0 + float64(-c[d]*v[lo]) + float64(0*v[o]) + float64(c[d]*v[hi])
					a += float64(g * g)
				}
				out.Voxels[o] = math.Sqrt(a)
			}
		}
	}
	return out, nil
}
