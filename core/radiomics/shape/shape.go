package shape

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// Features lists the feature names in PyRadiomics output order, deprecated
// ones included at their place.
var Features = []string{
	"Compactness1", "Compactness2", "Elongation", "Flatness", "LeastAxisLength", "MajorAxisLength",
	"Maximum2DDiameterColumn", "Maximum2DDiameterRow", "Maximum2DDiameterSlice", "Maximum3DDiameter",
	"MeshVolume", "MinorAxisLength", "SphericalDisproportion", "Sphericity", "SurfaceArea",
	"SurfaceVolumeRatio", "VoxelVolume",
}

// Deprecated names the features PyRadiomics computes only when named.
var Deprecated = map[string]bool{"Compactness1": true, "Compactness2": true, "SphericalDisproportion": true}

// Coefficients are the mesh and PCA quantities the features derive from.
type Coefficients struct {
	SurfaceArea, Volume float64
	Diameters           [4]float64 // slice (same z), column (same y), row (same x), 3-D
	Eigen               [3]float64 // covariance eigenvalues, increasing
	VoxelCount          int
	VoxelVolume         float64
}

// Compute returns the values of Features for the mask box: size along x, y,
// z, inROI one flag per box voxel (x fastest) and the spacing along x, y, z.
func Compute(size [3]int, inROI []bool, spacing [3]float64) []float64 {
	return Calculate(size, inROI, spacing).Features()
}

// Calculate computes the mesh and PCA coefficients of the mask box.
func Calculate(size [3]int, inROI []bool, spacing [3]float64) *Coefficients {
	// Pad by one voxel on every side and switch to PyRadiomics' (z, y, x) order.
	sz, sy, sx := size[2]+2, size[1]+2, size[0]+2
	sp := [3]float64{spacing[2], spacing[1], spacing[0]}
	m := make([]bool, sz*sy*sx)
	n := 0
	var sum [3]float64
	for z := 0; z < size[2]; z++ {
		for y := 0; y < size[1]; y++ {
			for x := 0; x < size[0]; x++ {
				if inROI[(z*size[1]+y)*size[0]+x] {
					m[((z+1)*sy+y+1)*sx+x+1] = true
					n++
				}
			}
		}
	}
	c := &Coefficients{VoxelCount: n, VoxelVolume: float64(n) * (sp[0] * sp[2] * sp[1])}
	if n == 0 {
		return c
	}
	strideZ, strideY := sy*sx, sx
	var area, vol float64
	var verts [][3]float64
	for iz := 0; iz < sz-1; iz++ {
		for iy := 0; iy < sy-1; iy++ {
			for ix := 0; ix < sx-1; ix++ {
				idx := 0
				base := iz*strideZ + iy*strideY + ix
				for k, o := range corners {
					if m[base+o[0]*strideZ+o[1]*strideY+o[2]] {
						idx |= 1 << k
					}
				}
				sign := 1.0
				if idx&0x80 != 0 {
					idx ^= 0xff
					sign = -1
				}
				// Vertices on edges 6, 7 and 11, recorded once per lattice edge.
				for t, p := range [3]int{6, 4, 3} {
					if idx&(1<<p) != 0 {
						e := [3]int{6, 7, 11}[t]
						mid := edgeMid(e)
						verts = append(verts, [3]float64{
							(float64(iz) + mid[0]) * sp[0],
							(float64(iy) + mid[1]) * sp[1],
							(float64(ix) + mid[2]) * sp[2]})
					}
				}
				if idx == 0 {
					continue
				}
				for _, t := range triangles[idx] {
					var a, b, cc [3]float64
					pa, pb, pc := edgeMid(t[0]), edgeMid(t[1]), edgeMid(t[2])
					for d := 0; d < 3; d++ {
						o := float64([3]int{iz, iy, ix}[d])
						a[d] = (o + pa[d]) * sp[d]
						b[d] = (o + pb[d]) * sp[d]
						cc[d] = (o + pc[d]) * sp[d]
					}
					ab := cross(a, b)
					vol += sign * dot(ab, cc)
					for d := 0; d < 3; d++ {
						a[d] -= cc[d]
						b[d] -= cc[d]
					}
					ab = cross(a, b)
					area += 0.5 * math.Sqrt(ab[0]*ab[0]+ab[1]*ab[1]+ab[2]*ab[2])
				}
			}
		}
	}
	c.SurfaceArea = area
	c.Volume = vol / 6
	c.Diameters = diameters(verts)

	// PCA of the physical voxel coordinates (z, y, x).
	coords := make([][3]float64, 0, n)
	for iz := 0; iz < sz; iz++ {
		for iy := 0; iy < sy; iy++ {
			for ix := 0; ix < sx; ix++ {
				if m[iz*strideZ+iy*strideY+ix] {
					p := [3]float64{float64(iz) * sp[0], float64(iy) * sp[1], float64(ix) * sp[2]}
					coords = append(coords, p)
					for d := 0; d < 3; d++ {
						sum[d] += p[d]
					}
				}
			}
		}
	}
	var mean [3]float64
	for d := range mean {
		col := make([]float64, n)
		for i, p := range coords {
			col[i] = p[d]
		}
		mean[d] = pairwiseSum(col) / float64(n)
	}
	sq := math.Sqrt(float64(n))
	var cov [3][3]float64
	for _, p := range coords {
		var q [3]float64
		for d := 0; d < 3; d++ {
			q[d] = (p[d] - mean[d]) / sq
		}
		for i := 0; i < 3; i++ {
			for j := 0; j < 3; j++ {
				cov[i][j] += q[i] * q[j]
			}
		}
	}
	sym := mat.NewSymDense(3, []float64{cov[0][0], cov[0][1], cov[0][2], cov[1][0], cov[1][1], cov[1][2], cov[2][0], cov[2][1], cov[2][2]})
	var es mat.EigenSym
	if es.Factorize(sym, false) {
		ev := es.Values(nil)
		for i := range ev {
			if ev[i] < 0 && ev[i] > -1e-10 {
				ev[i] = 0
			}
		}
		sort.Float64s(ev)
		copy(c.Eigen[:], ev)
	} else {
		c.Eigen = [3]float64{math.NaN(), math.NaN(), math.NaN()}
	}
	return c
}

func pairwiseSum(x []float64) float64 {
	if len(x) <= 128 {
		s := 0.0
		for _, v := range x {
			s += v
		}
		return s
	}
	h := len(x) / 2
	h -= h % 8
	return pairwiseSum(x[:h]) + pairwiseSum(x[h:])
}

func axis(ev float64) float64 {
	if ev < 0 {
		return math.NaN()
	}
	return math.Sqrt(ev) * 4
}

// Features returns the feature values (aligned with Features).
func (c *Coefficients) Features() []float64 {
	A, V := c.SurfaceArea, c.Volume
	e := c.Eigen
	elong, flat := math.NaN(), math.NaN()
	if e[2] > 0 {
		elong = math.Sqrt(e[1] / e[2])
		flat = math.Sqrt(e[0] / e[2])
	}
	sph := math.Pow(36*math.Pi*V*V, 1.0/3.0) / A
	return []float64{
		V / (math.Pow(A, 3.0/2.0) * math.Sqrt(math.Pi)),
		(36.0 * math.Pi) * (V * V) / (A * A * A),
		elong, flat, axis(e[0]), axis(e[2]),
		c.Diameters[1], c.Diameters[2], c.Diameters[0], c.Diameters[3],
		V, axis(e[1]),
		A / math.Pow(36*math.Pi*V*V, 1.0/3.0),
		sph, A, A / V, c.VoxelVolume,
	}
}
