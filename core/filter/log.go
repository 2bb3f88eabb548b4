package filter

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"radgo/core/volume"
)

// ErrLoGSkipped is returned (wrapped) by [LoG] for the cases where
// PyRadiomics' getLoGImage logs a warning and yields no image: an image
// smaller than 4 voxels along an axis, sigma <= 0, or an image smaller than
// ceil(sigma/spacing)+1 voxels along an axis. Extractors skip the image type.
var ErrLoGSkipped = errors.New("filter: LoG image not computed")

// LoGName returns PyRadiomics' image type name for sigma,
// "log-sigma-<str(sigma) with '.' replaced by '-'>-mm-3D". Python prints an
// integer sigma from a params file as "1" and a float one as "1.0", so the
// caller says which it was: LoGName(1, true) is "log-sigma-1-mm-3D",
// LoGName(1, false) "log-sigma-1-0-mm-3D".
func LoGName(sigma float64, integer bool) string {
	var s string
	if integer {
		s = strconv.FormatFloat(sigma, 'f', 0, 64)
	} else {
		s = pyFloatRepr(sigma)
	}
	return "log-sigma-" + strings.ReplaceAll(s, ".", "-") + "-mm-3D"
}

// pyFloatRepr formats x as Python's repr(float).
func pyFloatRepr(x float64) string {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return map[bool]string{true: "inf", false: "nan"}[math.IsInf(x, 1)]
	}
	ax := math.Abs(x)
	if ax != 0 && (ax < 1e-4 || ax >= 1e16) {
		s := strconv.FormatFloat(x, 'e', -1, 64) // 1e-05, 1.5e+16
		mant, exp, _ := strings.Cut(s, "e")
		sign := exp[0]
		exp = strings.TrimLeft(exp[1:], "0")
		if len(exp) < 2 {
			exp = strings.Repeat("0", 2-len(exp)) + exp
		}
		return mant + "e" + string(sign) + exp
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// LoG returns the Laplacian of Gaussian image PyRadiomics computes for sigma
// (mm): SimpleITK's LaplacianRecursiveGaussianImageFilter with
// NormalizeAcrossScale on. It follows ITK's implementation step by step:
// for each axis d, a Deriche recursive second-derivative Gaussian along d
// (input read as float64), then zero-order recursive Gaussians along the
// other axes in ascending order, each 1-D pass computed in float64 and
// stored as float32 (ITK's InternalRealType), the result scaled by
// 1/spacing[d]² and accumulated in float32. Outside the image the signal is
// taken as constant (ITK's recursive filter border initialisation).
//
// The conditions under which PyRadiomics skips an image return an error
// wrapping [ErrLoGSkipped].
//
// Not yet checked against SimpleITK output (no SimpleITK here): the
// arithmetic follows ITK 5.4 sources, the libm sin/cos/exp used for the
// coefficients may differ from Go's by an ulp.
func LoG(img *volume.Volume, sigma float64) (*volume.Volume, error) {
	if err := checkLoG(img, sigma); err != nil {
		return nil, err
	}
	n := img.Size
	out, err := LoGBox(img, [3]int{}, [3]int{n[0] - 1, n[1] - 1, n[2] - 1}, sigma)
	if err != nil {
		return nil, err
	}
	out.Geometry = img.Geometry
	return out, nil
}

// checkLoG applies PyRadiomics' getLoGImage conditions.
func checkLoG(img *volume.Volume, sigma float64) error {
	if err := checkVolume(img); err != nil {
		return err
	}
	n := img.Size
	if min(n[0], n[1], n[2]) < 4 {
		return fmt.Errorf("%w: image too small (size %v, need 4 voxels per axis)", ErrLoGSkipped, n)
	}
	if !(sigma > 0) {
		return fmt.Errorf("%w: sigma %g must be greater than 0", ErrLoGSkipped, sigma)
	}
	for a := 0; a < 3; a++ {
		if !(img.Spacing[a] > 0) {
			return fmt.Errorf("filter: spacing %v must be positive", img.Spacing)
		}
		if float64(n[a]) < math.Ceil(sigma/img.Spacing[a])+1 {
			return fmt.Errorf("%w: sigma %g mm / spacing %v + 1 exceeds the size %v", ErrLoGSkipped, sigma, img.Spacing, n)
		}
	}
	return nil
}

// iirCoeffs are the coefficients of ITK's RecursiveSeparableImageFilter.
type iirCoeffs struct {
	n0, n1, n2, n3, d1, d2, d3, d4, m1, m2, m3, m4 float64
	bn1, bn2, bn3, bn4, bm1, bm2, bm3, bm4         float64
}

// recursiveGaussian mirrors itk::RecursiveGaussianImageFilter::SetUp with
// NormalizeAcrossScale on, for order 0 or 2.
func recursiveGaussian(sigma, spacing float64, order int) iirCoeffs {
	var c iirCoeffs
	sigmad := sigma / spacing
	const (
		w1, l1, w2, l2 = 0.6681, -1.3932, 2.0787, -1.3732
	)
	a1 := [3]float64{1.3530, -0.6724, -1.3563}
	b1 := [3]float64{1.8151, -3.4327, 5.2318}
	a2 := [3]float64{-0.3531, 0.6724, 0.3446}
	b2 := [3]float64{0.0902, 0.6100, -2.2355}

	// ComputeDCoefficients
	cos1, cos2 := math.Cos(w1/sigmad), math.Cos(w2/sigmad)
	exp1, exp2 := math.Exp(l1/sigmad), math.Exp(l2/sigmad)
	c.d4 = exp1 * exp1 * exp2 * exp2
	c.d3 = -2 * cos1 * exp1 * exp2 * exp2
	c.d3 += -2 * cos2 * exp2 * exp1 * exp1
	c.d2 = 4 * cos2 * cos1 * exp1 * exp2
	c.d2 += exp1*exp1 + exp2*exp2
	c.d1 = -2 * (exp2*cos2 + exp1*cos1)
	sd := 1.0 + c.d1 + c.d2 + c.d3 + c.d4
	dd := c.d1 + 2*c.d2 + 3*c.d3 + 4*c.d4
	ed := c.d1 + 4*c.d2 + 9*c.d3 + 16*c.d4

	nco := func(a1, b1, a2, b2 float64) (n0, n1, n2, n3, sn, dn, en float64) {
		sin1, sin2 := math.Sin(w1/sigmad), math.Sin(w2/sigmad)
		cos1, cos2 := math.Cos(w1/sigmad), math.Cos(w2/sigmad)
		exp1, exp2 := math.Exp(l1/sigmad), math.Exp(l2/sigmad)
		n0 = a1 + a2
		n1 = exp2 * (b2*sin2 - (a2+2*a1)*cos2)
		n1 += exp1 * (b1*sin1 - (a1+2*a2)*cos1)
		n2 = (a1 + a2) * cos2 * cos1
		n2 -= b1*cos2*sin1 + b2*cos1*sin2
		n2 *= 2 * exp1 * exp2
		n2 += a2*exp1*exp1 + a1*exp2*exp2
		n3 = exp2 * exp1 * exp1 * (b2*sin2 - a2*cos2)
		n3 += exp1 * exp2 * exp2 * (b1*sin1 - a1*cos1)
		sn = n0 + n1 + n2 + n3
		dn = n1 + 2*n2 + 3*n3
		en = n1 + 4*n2 + 9*n3
		return
	}
	switch order {
	case 0:
		var sn float64
		c.n0, c.n1, c.n2, c.n3, sn, _, _ = nco(a1[0], b1[0], a2[0], b2[0])
		alpha0 := 2*sn/sd - c.n0
		c.n0 *= 1.0 / alpha0
		c.n1 *= 1.0 / alpha0
		c.n2 *= 1.0 / alpha0
		c.n3 *= 1.0 / alpha0
	case 2:
		across := sigma * sigma
		n00, n10, n20, n30, sn0, dn0, en0 := nco(a1[0], b1[0], a2[0], b2[0])
		n02, n12, n22, n32, sn2, dn2, en2 := nco(a1[2], b1[2], a2[2], b2[2])
		beta := -(2*sn2 - sd*n02) / (2*sn0 - sd*n00)
		c.n0 = n02 + beta*n00
		c.n1 = n12 + beta*n10
		c.n2 = n22 + beta*n20
		c.n3 = n32 + beta*n30
		sn := sn2 + beta*sn0
		dn := dn2 + beta*dn0
		en := en2 + beta*en0
		alpha2 := en*sd*sd - ed*sn*sd - 2*dn*dd*sd + 2*dd*dd*sn
		alpha2 /= sd * sd * sd
		c.n0 *= across / alpha2
		c.n1 *= across / alpha2
		c.n2 *= across / alpha2
		c.n3 *= across / alpha2
	default:
		panic("filter: recursive Gaussian order must be 0 or 2")
	}
	// ComputeRemainingCoefficients(symmetric = true)
	c.m1 = c.n1 - c.d1*c.n0
	c.m2 = c.n2 - c.d2*c.n0
	c.m3 = c.n3 - c.d3*c.n0
	c.m4 = -c.d4 * c.n0
	sn := c.n0 + c.n1 + c.n2 + c.n3
	sm := c.m1 + c.m2 + c.m3 + c.m4
	sd = 1.0 + c.d1 + c.d2 + c.d3 + c.d4
	c.bn1, c.bn2, c.bn3, c.bn4 = c.d1*sn/sd, c.d2*sn/sd, c.d3*sn/sd, c.d4*sn/sd
	c.bm1, c.bm2, c.bm3, c.bm4 = c.d1*sm/sd, c.d2*sm/sd, c.d3*sm/sd, c.d4*sm/sd
	return c
}

type iirScratch struct{ inps, outs, scratch, block []float64 }

// ema is ITK's MathEMAMAMAM: a1*b1 + a2*b2 + a3*b3 + a4*b4, left to right,
// with every product rounded (no fused multiply-add).
func ema(a1, b1, a2, b2, a3, b3, a4, b4 float64) float64 {
	return float64(float64(float64(a1*b1)+float64(a2*b2))+float64(a3*b3)) + float64(a4*b4)
}

// filterLine is itk::RecursiveSeparableImageFilter::FilterDataArray.
func (c *iirCoeffs) filterLine(outs, data, scratch []float64) {
	ln := len(data)
	s1, s2 := outs, scratch
	v1 := data[0]
	s1[0] = ema(v1, c.n0, v1, c.n1, v1, c.n2, v1, c.n3)
	s1[1] = ema(data[1], c.n0, v1, c.n1, v1, c.n2, v1, c.n3)
	s1[2] = ema(data[2], c.n0, data[1], c.n1, v1, c.n2, v1, c.n3)
	s1[3] = ema(data[3], c.n0, data[2], c.n1, data[1], c.n2, v1, c.n3)
	s1[0] -= ema(v1, c.bn1, v1, c.bn2, v1, c.bn3, v1, c.bn4)
	s1[1] -= ema(s1[0], c.d1, v1, c.bn2, v1, c.bn3, v1, c.bn4)
	s1[2] -= ema(s1[1], c.d1, s1[0], c.d2, v1, c.bn3, v1, c.bn4)
	s1[3] -= ema(s1[2], c.d1, s1[1], c.d2, s1[0], c.d3, v1, c.bn4)
	for i := 4; i < ln; i++ {
		s1[i] = ema(data[i], c.n0, data[i-1], c.n1, data[i-2], c.n2, data[i-3], c.n3)
		s1[i] -= ema(s1[i-1], c.d1, s1[i-2], c.d2, s1[i-3], c.d3, s1[i-4], c.d4)
	}
	v2 := data[ln-1]
	s2[ln-1] = ema(v2, c.m1, v2, c.m2, v2, c.m3, v2, c.m4)
	s2[ln-2] = ema(data[ln-1], c.m1, v2, c.m2, v2, c.m3, v2, c.m4)
	s2[ln-3] = ema(data[ln-2], c.m1, data[ln-1], c.m2, v2, c.m3, v2, c.m4)
	s2[ln-4] = ema(data[ln-3], c.m1, data[ln-2], c.m2, data[ln-1], c.m3, v2, c.m4)
	s2[ln-1] -= ema(v2, c.bm1, v2, c.bm2, v2, c.bm3, v2, c.bm4)
	s2[ln-2] -= ema(s2[ln-1], c.d1, v2, c.bm2, v2, c.bm3, v2, c.bm4)
	s2[ln-3] -= ema(s2[ln-2], c.d1, s2[ln-1], c.d2, v2, c.bm3, v2, c.bm4)
	s2[ln-4] -= ema(s2[ln-3], c.d1, s2[ln-2], c.d2, s2[ln-1], c.d3, v2, c.bm4)
	for i := ln - 4; i > 0; i-- {
		s2[i-1] = ema(data[i], c.m1, data[i+1], c.m2, data[i+2], c.m3, data[i+3], c.m4)
		s2[i-1] -= ema(s2[i], c.d1, s2[i+1], c.d2, s2[i+2], c.d3, s2[i+3], c.d4)
	}
	for i := range outs {
		outs[i] += s2[i]
	}
}
