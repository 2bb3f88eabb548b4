package shape2d

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// Features lists the feature names in PyRadiomics output order.
var Features = []string{
	"Elongation", "MajorAxisLength", "MaximumDiameter", "MeshSurface", "MinorAxisLength",
	"Perimeter", "PerimeterSurfaceRatio", "PixelSurface", "SphericalDisproportion", "Sphericity",
}

// Deprecated names the features PyRadiomics computes only when named.
var Deprecated = map[string]bool{"SphericalDisproportion": true}

// Square corners (row, column) in PyRadiomics' order and the edge midpoints.
var sqCorners = [4][2]int{{0, 0}, {0, 1}, {1, 1}, {1, 0}}
var sqMid = [4][2]float64{{0, 0.5}, {0.5, 1}, {1, 0.5}, {0.5, 0}}

// segments[c] lists the contour segments (edge pairs, oriented with the
// inside on the left in (row, column) axes) of square configuration c. A
// corner k set means edges k-1 (edge (k+3)%4) and k are cut.
var segments [16][][2]int

func init() {
	for c := 1; c < 15; c++ {
		in := func(k int) bool { return c&(1<<((k+4)%4)) != 0 }
		for k := 0; k < 4; k++ {
			if !in(k) || in(k-1) {
				continue
			}
			j := k
			for in(j + 1) {
				j++
			}
			// run k..j inside: contour from edge j (leaving) to edge k-1 (entering).
			segments[c] = append(segments[c], [2]int{(k + 3) % 4, j % 4})
		}
	}
}

// Compute returns the values of Features for a 2-D mask of size (columns,
// rows) = (size[0], size[1]) with pixel spacing (columns, rows).
func Compute(size [2]int, inROI []bool, spacing [2]float64) []float64 {
	ny, nx := size[1]+2, size[0]+2
	sp := [2]float64{spacing[1], spacing[0]} // (row, column)
	m := make([]bool, ny*nx)
	n := 0
	for y := 0; y < size[1]; y++ {
		for x := 0; x < size[0]; x++ {
			if inROI[y*size[0]+x] {
				m[(y+1)*nx+x+1] = true
				n++
			}
		}
	}
	var perim, surf float64
	var verts [][2]float64
	for iy := 0; iy < ny-1; iy++ {
		for ix := 0; ix < nx-1; ix++ {
			c := 0
			for k, o := range sqCorners {
				if m[(iy+o[0])*nx+ix+o[1]] {
					c |= 1 << k
				}
			}
			if c == 0 || c == 15 {
				continue
			}
			for _, s := range segments[c] {
				a := [2]float64{(float64(iy) + sqMid[s[0]][0]) * sp[0], (float64(ix) + sqMid[s[0]][1]) * sp[1]}
				b := [2]float64{(float64(iy) + sqMid[s[1]][0]) * sp[0], (float64(ix) + sqMid[s[1]][1]) * sp[1]}
				surf += a[0]*b[1] - b[0]*a[1]
				d0, d1 := a[0]-b[0], a[1]-b[1]
				perim += math.Sqrt(d0*d0 + d1*d1)
			}
			f := c
			if f > 7 {
				f ^= 0xf
			}
			for t, p := range [2]int{0, 2} {
				if f&(1<<p) != 0 {
					e := [2]int{3, 2}[t]
					verts = append(verts, [2]float64{(float64(iy) + sqMid[e][0]) * sp[0], (float64(ix) + sqMid[e][1]) * sp[1]})
				}
			}
		}
	}
	surf = math.Abs(surf) / 2
	diam := 0.0
	for i := range verts {
		for j := i + 1; j < len(verts); j++ {
			d0, d1 := verts[i][0]-verts[j][0], verts[i][1]-verts[j][1]
			if d := d0*d0 + d1*d1; d > diam {
				diam = d
			}
		}
	}
	diam = math.Sqrt(diam)
	// PCA of pixel centres.
	var mean [2]float64
	for iy := 0; iy < ny; iy++ {
		for ix := 0; ix < nx; ix++ {
			if m[iy*nx+ix] {
				mean[0] += float64(iy) * sp[0]
				mean[1] += float64(ix) * sp[1]
			}
		}
	}
	mean[0] /= float64(n)
	mean[1] /= float64(n)
	var cov [2][2]float64
	sq := math.Sqrt(float64(n))
	for iy := 0; iy < ny; iy++ {
		for ix := 0; ix < nx; ix++ {
			if m[iy*nx+ix] {
				q := [2]float64{(float64(iy)*sp[0] - mean[0]) / sq, (float64(ix)*sp[1] - mean[1]) / sq}
				for i := 0; i < 2; i++ {
					for j := 0; j < 2; j++ {
						cov[i][j] += q[i] * q[j]
					}
				}
			}
		}
	}
	var es mat.EigenSym
	ev := []float64{math.NaN(), math.NaN()}
	if es.Factorize(mat.NewSymDense(2, []float64{cov[0][0], cov[0][1], cov[1][0], cov[1][1]}), false) {
		ev = es.Values(nil)
		for i := range ev {
			if ev[i] < 0 && ev[i] > -1e-10 {
				ev[i] = 0
			}
		}
		sort.Float64s(ev)
	}
	ax := func(v float64) float64 {
		if v < 0 {
			return math.NaN()
		}
		return math.Sqrt(v) * 4
	}
	pix := float64(n) * sp[0] * sp[1]
	sph := 2 * math.Sqrt(math.Pi*surf) / perim
	elong := math.NaN()
	if ev[1] > 0 {
		elong = math.Sqrt(ev[0] / ev[1])
	}
	return []float64{elong, ax(ev[1]), diam, surf, ax(ev[0]), perim, perim / surf, pix, 1 / sph, sph}
}
