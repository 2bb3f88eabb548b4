package filter

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"sort"

	"radgo/core/volume"
)

// LBP3DSettings configures [LBP3D]; the zero value is PyRadiomics' default.
type LBP3DSettings struct {
	// Levels is lbp3DLevels, the number of spherical-harmonic degrees and
	// of "m" images; 0 means 2.
	Levels int
	// Radius is lbp3DIcosphereRadius in voxels; 0 means 1.
	Radius float64
	// Subdivisions is lbp3DIcosphereSubdivision; 0 means 1 (PyRadiomics'
	// default), -1 the bare icosahedron.
	Subdivisions int
	// Samples is the image's stored pixel type, which scipy's
	// map_coordinates keeps for the sphere samples.
	Samples SampleType
}

// SampleType says how interpolated values are stored, as scipy.ndimage
// does when the output array has the input's dtype.
type SampleType int

// Sample types; the zero value keeps float64 values.
const (
	SampleFloat64  SampleType = iota
	SampleFloat32             // rounded to float32
	SampleSigned              // signed integer image: rounded half away from zero
	SampleUnsigned            // unsigned integer image: negative to 0, else rounded half up
)

func (t SampleType) store(v float64) float64 {
	switch t {
	case SampleFloat32:
		return float64(float32(v))
	case SampleSigned:
		if v > 0 {
			return math.Trunc(v + 0.5)
		}
		return math.Trunc(v - 0.5)
	case SampleUnsigned:
		if v > 0 {
			return math.Trunc(v + 0.5)
		}
		return 0
	}
	return v
}

// NamedImage is a derived image with its PyRadiomics image type name.
type NamedImage struct {
	Name  string // "lbp-3D-m1", ..., "lbp-3D-k"
	Image *volume.Volume
}

// LBP3D returns PyRadiomics' 3-D local binary pattern images
// (getLBP3DImage, after Banerjee et al. 2013): for every ROI voxel the image
// is sampled with a cubic spline (scipy.ndimage.map_coordinates, order 3,
// mode "constant": 0 beyond the image; stored in the image's type, so
// rounded for integer images: set Samples) at the vertices of an icosphere
// around it; "lbp-3D-k" is the kurtosis of the samples (NaN when they are
// constant), and "lbp-3D-m<l>" the L2 norm over the vertices of the degree
// l-1 spherical-harmonic part of the binary pattern samples >= centre.
// Voxels outside the ROI are 0. Index offsets are in voxels, not mm, as in
// PyRadiomics.
func LBP3D(img *volume.Volume, mask *volume.Mask, label uint8, s LBP3DSettings) ([]NamedImage, error) {
	if err := checkVolume(img); err != nil {
		return nil, err
	}
	if mask == nil || mask.Size != img.Size || len(mask.Labels) != len(img.Voxels) {
		return nil, errors.New("filter: LBP3D needs a mask on the image grid")
	}
	levels := s.Levels
	if levels == 0 {
		levels = 2
	}
	if levels < 1 || levels > 10 {
		return nil, fmt.Errorf("filter: lbp3DLevels %d outside 1..10", levels)
	}
	radius := s.Radius
	if radius == 0 {
		radius = 1
	}
	if s.Samples < SampleFloat64 || s.Samples > SampleUnsigned {
		return nil, fmt.Errorf("filter: unknown LBP3D sample type %d", s.Samples)
	}
	if !(radius > 0) || math.IsInf(radius, 0) {
		return nil, fmt.Errorf("filter: lbp3DIcosphereRadius %g must be positive", s.Radius)
	}
	sub := s.Subdivisions
	switch {
	case sub == 0:
		sub = 1
	case sub == -1:
		sub = 0
	case sub < 0 || sub > 4:
		return nil, fmt.Errorf("filter: lbp3DIcosphereSubdivision %d outside 0..4", s.Subdivisions)
	}
	verts := icosphere(sub, radius)
	nv := len(verts)

	// Spherical harmonics at the vertices, columns (n, m) for n < levels.
	type col struct{ n, m int }
	var cols []col
	for n := 0; n < levels; n++ {
		for m := -n; m <= n; m++ {
			cols = append(cols, col{n, m})
		}
	}
	Y := make([][]complex128, nv)
	for v, p := range verts {
		theta := math.Acos(p[2] / radius)
		phi := math.Atan2(p[1], p[0])
		Y[v] = make([]complex128, len(cols))
		for c, nm := range cols {
			Y[v][c] = sphHarm(nm.m, nm.n, theta, phi)
		}
	}

	sp := newScipySpline(img)
	n := img.Size
	outs := make([]*volume.Volume, levels+1)
	for i := range outs {
		outs[i] = like(img)
	}
	f := make([]float64, nv)
	cacc := make([]complex128, len(cols))
	for k := 0; k < n[2]; k++ {
		for j := 0; j < n[1]; j++ {
			for i := 0; i < n[0]; i++ {
				o := img.Offset(i, j, k)
				if mask.Labels[o] != label {
					continue
				}
				// numpy order (z, y, x): vertex column c offsets axis c.
				for v, p := range verts {
					f[v] = s.Samples.store(sp.at(float64(k)+p[0], float64(j)+p[1], float64(i)+p[2]))
				}
				if s.Samples == SampleFloat32 {
					outs[levels].Voxels[o] = float64(kurtosis32(f))
				} else {
					outs[levels].Voxels[o] = kurtosis(f)
				}
				centre := img.Voxels[o]
				for c := range cacc {
					cacc[c] = 0
				}
				// numpy sums the products f·Y over the vertices in order; a
				// 0 pattern bit contributes (signed) zeros only.
				for v := range verts {
					if f[v] >= centre {
						for c := range cacc {
							cacc[c] += Y[v][c]
						}
					}
				}
				for l := 0; l < levels; l++ {
					var sum complex128
					for v := range verts {
						var g complex128
						first := true
						for c, nm := range cols {
							if nm.n != l {
								continue
							}
							t := cacc[c] * Y[v][c]
							if first {
								g, first = t, false
							} else {
								g += t
							}
						}
						sum += g * g
					}
					outs[l].Voxels[o] = real(cmplx.Sqrt(sum))
				}
			}
		}
	}
	res := make([]NamedImage, 0, levels+1)
	for l := 0; l < levels; l++ {
		res = append(res, NamedImage{Name: fmt.Sprintf("lbp-3D-m%d", l+1), Image: outs[l]})
	}
	return append(res, NamedImage{Name: "lbp-3D-k", Image: outs[levels]}), nil
}

// icosphere ports trimesh.creation.icosphere: the icosahedron, subdivided
// (edge midpoints, in sorted-edge order) and pushed onto the sphere after
// every subdivision.
func icosphere(subdivisions int, radius float64) [][3]float64 {
	t := (1.0 + math.Sqrt(5.0)) / 2.0
	raw := [][3]float64{{-1, t, 0}, {1, t, 0}, {-1, -t, 0}, {1, -t, 0}, {0, -1, t}, {0, 1, t},
		{0, -1, -t}, {0, 1, -t}, {t, 0, -1}, {t, 0, 1}, {-t, 0, -1}, {-t, 0, 1}}
	norm := math.Sqrt(2.0 + t)
	verts := make([][3]float64, len(raw))
	for i, r := range raw {
		verts[i] = [3]float64{r[0] / norm, r[1] / norm, r[2] / norm}
	}
	faces := [][3]int{{0, 11, 5}, {0, 5, 1}, {0, 1, 7}, {0, 7, 10}, {0, 10, 11},
		{1, 5, 9}, {5, 11, 4}, {11, 10, 2}, {10, 7, 6}, {7, 1, 8},
		{3, 9, 4}, {3, 4, 2}, {3, 2, 6}, {3, 6, 8}, {3, 8, 9},
		{4, 9, 5}, {2, 4, 11}, {6, 2, 10}, {8, 6, 7}, {9, 8, 1}}
	for s := 0; s < subdivisions; s++ {
		type edge struct{ a, b int }
		mk := func(a, b int) edge {
			if a > b {
				a, b = b, a
			}
			return edge{a, b}
		}
		set := map[edge]bool{}
		for _, f := range faces {
			set[mk(f[0], f[1])], set[mk(f[1], f[2])], set[mk(f[2], f[0])] = true, true, true
		}
		edges := make([]edge, 0, len(set))
		for e := range set {
			edges = append(edges, e)
		}
		sort.Slice(edges, func(i, j int) bool {
			if edges[i].a != edges[j].a {
				return edges[i].a < edges[j].a
			}
			return edges[i].b < edges[j].b
		})
		idx := map[edge]int{}
		base := len(verts)
		for i, e := range edges {
			idx[e] = base + i
			p, q := verts[e.a], verts[e.b]
			verts = append(verts, [3]float64{(p[0] + q[0]) / 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2})
		}
		var nf [][3]int
		for _, f := range faces {
			m0, m1, m2 := idx[mk(f[0], f[1])], idx[mk(f[1], f[2])], idx[mk(f[2], f[0])]
			nf = append(nf, [3]int{f[0], m0, m2}, [3]int{m0, f[1], m1}, [3]int{m2, m1, f[2]}, [3]int{m0, m1, m2})
		}
		faces = nf
		for i, v := range verts {
			scalar := math.Sqrt(v[0]*v[0] + v[1]*v[1] + v[2]*v[2])
			off := radius - scalar
			for c := 0; c < 3; c++ {
				verts[i][c] = v[c] + float64(v[c]/scalar)*off
			}
		}
	}
	// With no subdivision trimesh returns the unit icosahedron whatever the
	// radius, and so does this.
	return verts
}

// sphHarm is scipy.special.sph_harm(m, n, theta, phi): theta azimuthal,
// phi polar, Condon–Shortley phase included.
func sphHarm(m, n int, theta, phi float64) complex128 {
	x := math.Cos(phi)
	mp := m
	pre := 1.0
	if m < 0 {
		mp = -m
		pre = math.Pow(-1, float64(mp)) * poch(float64(n+mp+1), float64(-2*mp))
	}
	val := legendreP(mp, n, x)
	if m < 0 {
		val *= pre
	}
	val *= math.Sqrt(float64(2*n+1) / 4.0 / math.Pi)
	val *= math.Sqrt(poch(float64(n+m+1), float64(-2*m)))
	return complex(val, 0) * cmplx.Exp(complex(0, float64(m)*theta))
}

// poch is the Pochhammer symbol Γ(a+k)/Γ(a) for integer k.
func poch(a, k float64) float64 {
	r := 1.0
	if k >= 0 {
		for i := 0.0; i < k; i++ {
			r *= a + i
		}
		return r
	}
	for i := 1.0; i <= -k; i++ {
		r /= a - i
	}
	return r
}

// legendreP is the associated Legendre function P_n^m(x), m >= 0, with the
// Condon–Shortley phase (scipy lpmv).
func legendreP(m, n int, x float64) float64 {
	if m > n {
		return 0
	}
	pmm := 1.0
	if m > 0 {
		s := math.Sqrt((1 - x) * (1 + x))
		f := 1.0
		for i := 1; i <= m; i++ {
			pmm *= -f * s
			f += 2
		}
	}
	if n == m {
		return pmm
	}
	p1 := x * float64(2*m+1) * pmm
	if n == m+1 {
		return p1
	}
	p0 := pmm
	for l := m + 2; l <= n; l++ {
		p := (x*float64(2*l-1)*p1 - float64(l+m-1)*p0) / float64(l-m)
		p0, p1 = p1, p
	}
	return p1
}

// npSum is numpy's pairwise summation for a contiguous row (n <= 128:
// eight accumulators, then the tail).
func npSum(a []float64) float64 {
	n := len(a)
	if n < 8 {
		s := 0.0
		for _, x := range a {
			s += x
		}
		return s
	}
	var r [8]float64
	copy(r[:], a[:8])
	i := 8
	for ; i < n-n%8; i += 8 {
		for j := 0; j < 8; j++ {
			r[j] += a[i+j]
		}
	}
	s := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
	for ; i < n; i++ {
		s += a[i]
	}
	return s
}

// kurtosis is scipy.stats.kurtosis (Fisher, biased) of a, NaN when a is
// constant.
func kurtosis(a []float64) float64 {
	n := float64(len(a))
	mean := npSum(a) / n
	d2 := make([]float64, len(a))
	d4 := make([]float64, len(a))
	for i, x := range a {
		z := x - mean
		d2[i] = float64(z * z)
		d4[i] = float64(d2[i] * d2[i])
	}
	m2 := npSum(d2) / n
	m4 := npSum(d4) / n
	const resolution = 1e-15
	if m2 <= (resolution*mean)*(resolution*mean) {
		return math.NaN()
	}
	return m4/(m2*m2) - 3
}

// npSum32 is npSum in float32 arithmetic.
func npSum32(a []float32) float32 {
	n := len(a)
	if n < 8 {
		var s float32
		for _, x := range a {
			s += x
		}
		return s
	}
	var r [8]float32
	copy(r[:], a[:8])
	i := 8
	for ; i < n-n%8; i += 8 {
		for j := 0; j < 8; j++ {
			r[j] += a[i+j]
		}
	}
	s := ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
	for ; i < n; i++ {
		s += a[i]
	}
	return s
}

// kurtosis32 is scipy.stats.kurtosis of a float32 array: numpy keeps
// float32 throughout.
func kurtosis32(a64 []float64) float32 {
	a := make([]float32, len(a64))
	for i, x := range a64 {
		a[i] = float32(x)
	}
	n := float32(len(a))
	mean := npSum32(a) / n
	d2 := make([]float32, len(a))
	d4 := make([]float32, len(a))
	for i, x := range a {
		z := x - mean
		d2[i] = z * z
		d4[i] = d2[i] * d2[i]
	}
	m2 := npSum32(d2) / n
	m4 := npSum32(d4) / n
	const resolution = 1e-6
	if m2 <= (resolution*mean)*(resolution*mean) {
		return float32(math.NaN())
	}
	return m4/(m2*m2) - 3
}

// scipySpline is scipy.ndimage's cubic spline (spline_filter with mirror
// initialisation, then map_coordinates evaluation in mode "constant").
type scipySpline struct {
	n    [3]int // numpy order: z, y, x
	coef []float64
}

const scipyPole3 = -0.267949192431122706472553658494127633

func newScipySpline(img *volume.Volume) *scipySpline {
	s := &scipySpline{n: [3]int{img.Size[2], img.Size[1], img.Size[0]}, coef: append([]float64(nil), img.Voxels...)}
	stride := [3]int{img.Size[0] * img.Size[1], img.Size[0], 1} // numpy axis strides
	line := make([]float64, max(s.n[0], s.n[1], s.n[2]))
	for ax := 0; ax < 3; ax++ {
		ln := s.n[ax]
		if ln <= 1 {
			continue
		}
		o1, o2 := (ax+1)%3, (ax+2)%3
		for p := 0; p < s.n[o1]; p++ {
			for q := 0; q < s.n[o2]; q++ {
				base := p*stride[o1] + q*stride[o2]
				l := line[:ln]
				for t := range l {
					l[t] = s.coef[base+t*stride[ax]]
				}
				scipyFilter(l)
				for t, v := range l {
					s.coef[base+t*stride[ax]] = v
				}
			}
		}
	}
	return s
}

// scipyFilter is ni_splines.c apply_filter for order 3 with mirror
// initialisation.
func scipyFilter(c []float64) {
	n := len(c)
	z := scipyPole3
	gain := 1.0
	gain *= float64((1.0 - z) * (1.0 - 1.0/z))
	for i := range c {
		c[i] *= gain
	}
	zi := z
	zn1 := math.Pow(z, float64(n-1))
	c[0] = c[0] + float64(zn1*c[n-1])
	for i := 1; i < n-1; i++ {
		c[0] += float64(zi * (c[i] + float64(zn1*c[n-1-i])))
		zi *= z
	}
	c[0] /= 1 - float64(zn1*zn1)
	for i := 1; i < n; i++ {
		c[i] += float64(z * c[i-1])
	}
	c[n-1] = float64(float64(z*c[n-2])+c[n-1]) * z / (float64(z*z) - 1)
	for i := n - 2; i >= 0; i-- {
		c[i] = z * (c[i+1] - c[i])
	}
}

// at evaluates the spline at the numpy-order coordinate (x0, x1, x2).
func (s *scipySpline) at(x0, x1, x2 float64) float64 {
	xs := [3]float64{x0, x1, x2}
	var idx [3][4]int
	var w [3][4]float64
	for a := 0; a < 3; a++ {
		ln := s.n[a]
		cc := xs[a]
		if cc < 0 || cc > float64(ln-1) {
			return 0 // mode "constant", cval 0
		}
		start := int(math.Floor(cc)) - 1
		for l := 0; l < 4; l++ {
			v := start + l
			if ln <= 1 {
				v = 0
			} else if v < 0 || v >= ln {
				s2 := 2*ln - 2
				if v < 0 {
					v = s2*(-v/s2) + v
					if v <= 1-ln {
						v += s2
					} else {
						v = -v
					}
				} else {
					v -= s2 * (v / s2)
					if v >= ln {
						v = s2 - v
					}
				}
			}
			idx[a][l] = v
		}
		x := cc - math.Floor(cc)
		y, z := x, 1.0-x
		// Explicit conversions keep every product rounded (no FMA).
		w[a][1] = (float64(y*y*(y-2.0)*3.0) + 4.0) / 6.0
		w[a][2] = (float64(z*z*(z-2.0)*3.0) + 4.0) / 6.0
		w[a][0] = z * z * z / 6.0
		w[a][3] = 1.0 - w[a][0] - w[a][1] - w[a][2]
	}
	nx := s.n[2]
	ny := s.n[1]
	t := 0.0
	for i := 0; i < 4; i++ {
		for j := 0; j < 4; j++ {
			for k := 0; k < 4; k++ {
				c := s.coef[(idx[0][i]*ny+idx[1][j])*nx+idx[2][k]]
				c = float64(c * w[0][i])
				c = float64(c * w[1][j])
				t += float64(c * w[2][k])
			}
		}
	}
	return t
}
