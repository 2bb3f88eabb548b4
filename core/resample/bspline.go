package resample

import (
	"math"

	"radgo/core/volume"
)

// bspline holds B-spline coefficients of an image over the box [lo, hi]
// (inclusive), computed from whole image lines so they equal ITK's
// whole-image BSplineDecompositionImageFilter output there.
type bspline struct {
	order  int
	n      [3]int // image size
	lo     [3]int
	bs     [3]int // box size
	coef   []float64
	wts    [3][6]float64
	idx    [3][6]int
	stride [3]int
}

// splinePoles is BSplineDecompositionImageFilter::SetPoles.
func splinePoles(order int) []float64 {
	switch order {
	case 2:
		return []float64{math.Sqrt(8.0) - 3.0}
	case 3:
		return []float64{math.Sqrt(3.0) - 2.0}
	case 4:
		return []float64{math.Sqrt(664.0-math.Sqrt(438976.0)) + math.Sqrt(304.0) - 19.0,
			math.Sqrt(664.0+math.Sqrt(438976.0)) - math.Sqrt(304.0) - 19.0}
	case 5:
		return []float64{math.Sqrt(135.0/2.0-math.Sqrt(17745.0/4.0)) + math.Sqrt(105.0/4.0) - 13.0/2.0,
			math.Sqrt(135.0/2.0+math.Sqrt(17745.0/4.0)) - math.Sqrt(105.0/4.0) - 13.0/2.0}
	}
	return nil
}

// dataToCoefficients1D is BSplineDecompositionImageFilter::DataToCoefficients1D
// (mirror boundaries, tolerance 1e-10) applied in place to one line.
func dataToCoefficients1D(c []float64, poles []float64) {
	n := len(c)
	if n == 1 || len(poles) == 0 {
		return
	}
	c0 := 1.0
	for _, z := range poles {
		c0 = float64(c0*(1.0-z)) * (1.0 - 1.0/z)
	}
	for i := range c {
		c[i] *= c0
	}
	const tolerance = 1e-10
	for _, z := range poles {
		// causal initialisation
		horizon := n
		zn := z
		horizon = int(math.Ceil(math.Log(tolerance) / math.Log(math.Abs(z))))
		if horizon < n {
			sum := c[0]
			for i := 1; i < horizon; i++ {
				sum += float64(zn * c[i])
				zn *= z
			}
			c[0] = sum
		} else {
			iz := 1.0 / z
			z2n := math.Pow(z, float64(n-1))
			sum := c[0] + float64(z2n*c[n-1])
			z2n *= z2n * iz
			for i := 1; i <= n-2; i++ {
				sum += float64((zn + z2n) * c[i])
				zn *= z
				z2n *= iz
			}
			c[0] = sum / (1.0 - zn*zn)
		}
		for i := 1; i < n; i++ {
			c[i] += float64(z * c[i-1])
		}
		// anticausal initialisation
		c[n-1] = (z / (z*z - 1.0)) * (float64(z*c[n-2]) + c[n-1])
		for i := n - 2; i >= 0; i-- {
			c[i] = z * (c[i+1] - c[i])
		}
	}
}

func newBSpline(img *volume.Volume, order int, lo, hi [3]int) *bspline {
	n := img.Size
	b := &bspline{order: order, n: n, lo: lo}
	for a := 0; a < 3; a++ {
		b.bs[a] = hi[a] - lo[a] + 1
	}
	poles := splinePoles(order)
	line := make([]float64, max(n[0], n[1], n[2]))

	// Pass x over every line of the image, keep x in the box.
	bx := b.bs[0]
	px := make([]float64, bx*n[1]*n[2])
	for k := 0; k < n[2]; k++ {
		for j := 0; j < n[1]; j++ {
			l := line[:n[0]]
			copy(l, img.Voxels[(k*n[1]+j)*n[0]:(k*n[1]+j+1)*n[0]])
			dataToCoefficients1D(l, poles)
			copy(px[(k*n[1]+j)*bx:(k*n[1]+j+1)*bx], l[lo[0]:lo[0]+bx])
		}
	}
	// Pass y over the kept columns, keep y in the box.
	by := b.bs[1]
	py := make([]float64, bx*by*n[2])
	for k := 0; k < n[2]; k++ {
		for i := 0; i < bx; i++ {
			l := line[:n[1]]
			for j := range l {
				l[j] = px[(k*n[1]+j)*bx+i]
			}
			dataToCoefficients1D(l, poles)
			for j := 0; j < by; j++ {
				py[(k*by+j)*bx+i] = l[lo[1]+j]
			}
		}
	}
	// Pass z, keep z in the box.
	bz := b.bs[2]
	b.coef = make([]float64, bx*by*bz)
	for j := 0; j < by; j++ {
		for i := 0; i < bx; i++ {
			l := line[:n[2]]
			for k := range l {
				l[k] = py[(k*by+j)*bx+i]
			}
			dataToCoefficients1D(l, poles)
			for k := 0; k < bz; k++ {
				b.coef[(k*by+j)*bx+i] = l[lo[2]+k]
			}
		}
	}
	b.stride = [3]int{1, bx, bx * by}
	return b
}

// at is BSplineInterpolateImageFunction::EvaluateAtContinuousIndex.
func (b *bspline) at(x [3]float64) float64 {
	order := b.order
	halfOffset := float32(0.5)
	if order&1 == 1 {
		halfOffset = 0
	}
	for a := 0; a < 3; a++ {
		// DetermineRegionOfSupport: floor of the float32-rounded index.
		indx := int(math.Floor(float64(float32(x[a])+halfOffset))) - order/2
		for k := 0; k <= order; k++ {
			b.idx[a][k] = indx + k
		}
		w := &b.wts[a]
		switch order {
		case 0:
			w[0] = 1
		case 1:
			t := x[a] - float64(b.idx[a][0])
			w[1] = t
			w[0] = 1.0 - t
		case 2:
			t := x[a] - float64(b.idx[a][1])
			w[1] = 0.75 - t*t
			w[2] = 0.5 * (t - w[1] + 1.0)
			w[0] = 1.0 - w[1] - w[2]
		case 3:
			t := x[a] - float64(b.idx[a][1])
			w[3] = (1.0 / 6.0) * t * t * t
			w[0] = (1.0 / 6.0) + float64(0.5*t*(t-1.0)) - w[3]
			w[2] = t + w[0] - float64(2.0*w[3])
			w[1] = 1.0 - w[0] - w[2] - w[3]
		case 4:
			t := x[a] - float64(b.idx[a][2])
			t2 := t * t
			tt := (1.0 / 6.0) * t2
			w[0] = 0.5 - t
			w[0] *= w[0]
			w[0] *= (1.0 / 24.0) * w[0]
			t0 := t * (tt - 11.0/24.0)
			t1 := 19.0/96.0 + float64(t2*(0.25-tt))
			w[1] = t1 + t0
			w[3] = t1 - t0
			w[4] = w[0] + t0 + float64(0.5*t)
			w[2] = 1.0 - w[0] - w[1] - w[3] - w[4]
		case 5:
			t := x[a] - float64(b.idx[a][2])
			t2 := t * t
			w[5] = (1.0 / 120.0) * t * t2 * t2
			t2 -= t
			t4 := t2 * t2
			t -= 0.5
			tt := t2 * (t2 - 3.0)
			w[0] = (1.0/24.0)*(1.0/5.0+t2+t4) - w[5]
			t0 := (1.0 / 24.0) * (float64(t2*(t2-5.0)) + 46.0/5.0)
			t1 := (-1.0 / 12.0) * t * (tt + 4.0)
			w[2] = t0 + t1
			w[3] = t0 - t1
			t0 = (1.0 / 16.0) * (9.0/5.0 - tt)
			t1 = (1.0 / 24.0) * t * (t4 - t2 - 5.0)
			w[1] = t0 + t1
			w[4] = t0 - t1
		}
		// ApplyMirrorBoundaryConditions, then shift into the box.
		end := b.n[a] - 1
		for k := 0; k <= order; k++ {
			v := b.idx[a][k]
			if b.n[a] == 1 {
				v = 0
			} else {
				if v < 0 {
					v = -v
				}
				if v >= end {
					v = end - (v - end)
				}
				// ITK stops here and reads outside the buffer when the
				// support is wider than the image (fewer than 3 voxels for
				// order 3); keep reflecting instead.
				for v < 0 || v > end {
					if v < 0 {
						v = -v
					} else {
						v = 2*end - v
					}
				}
			}
			b.idx[a][k] = (v - b.lo[a]) * b.stride[a]
		}
	}
	sum := 0.0
	m := order + 1
	for k := 0; k < m; k++ {
		for j := 0; j < m; j++ {
			for i := 0; i < m; i++ {
				w := float64(float64(1.0*b.wts[0][i])*b.wts[1][j]) * b.wts[2][k]
				sum += float64(w * b.coef[b.idx[0][i]+b.idx[1][j]+b.idx[2][k]])
			}
		}
	}
	return sum
}
