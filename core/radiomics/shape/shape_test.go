package shape

import (
	"math"
	"math/rand"
	"testing"
)

// TestCaseSurfaces checks every cube configuration: each patch's boundary
// runs along cube faces (orientation and area are checked against
// PyRadiomics' output by the radiomics conformance tests).
func TestCaseSurfaces(t *testing.T) {
	for c := 1; c < 128; c++ {
		if len(triangles[c]) == 0 {
			t.Fatalf("configuration %d has no triangles", c)
		}
		cnt := map[[2]int]int{}
		for _, tr := range triangles[c] {
			for k := 0; k < 3; k++ {
				a, b := tr[k], tr[(k+1)%3]
				if a > b {
					a, b = b, a
				}
				cnt[[2]int{a, b}]++
			}
		}
		for e, k := range cnt {
			if k != 1 {
				continue
			}
			pa, pb := edgeMid(e[0]), edgeMid(e[1])
			onFace := false
			for d := 0; d < 3; d++ {
				if pa[d] == pb[d] && (pa[d] == 0 || pa[d] == 1) {
					onFace = true
				}
			}
			if !onFace {
				t.Errorf("configuration %08b: boundary edge %v not on a cube face", c, e)
			}
		}
	}
}

func TestSimpleShapes(t *testing.T) {
	const tol = 1e-12
	for _, tc := range []struct {
		size           [3]int
		area, vol, d3d float64
	}{
		// A single voxel: 8 corner triangles of side sqrt(1/2) (area sqrt(3)),
		// an octahedron of volume 4/3 * (1/2)^3, vertices 1 apart.
		{[3]int{1, 1, 1}, math.Sqrt(3), 1.0 / 6, 1},
		// A 3x3x3 cube (interior planar faces plus edge and corner bevels).
		{[3]int{3, 3, 3}, 42.70261355604606, 23.166666666666668, math.Sqrt(17)},
	} {
		n := tc.size[0] * tc.size[1] * tc.size[2]
		f := make([]bool, n)
		for i := range f {
			f[i] = true
		}
		c := Calculate(tc.size, f, [3]float64{1, 1, 1})
		if math.Abs(c.SurfaceArea-tc.area) > tol || math.Abs(c.Volume-tc.vol) > tol || math.Abs(c.Diameters[3]-tc.d3d) > tol {
			t.Errorf("box %v: area %v volume %v diameter %v; want %v %v %v", tc.size, c.SurfaceArea, c.Volume, c.Diameters[3], tc.area, tc.vol, tc.d3d)
		}
	}
}

// TestDiametersMatchBruteForce compares the pruned diameter search with the
// quadratic loop PyRadiomics runs, on random masks.
func TestDiametersMatchBruteForce(t *testing.T) {
	rnd := rand.New(rand.NewSource(1))
	for trial := 0; trial < 20; trial++ {
		var v [][3]float64
		for i := 0; i < 300; i++ {
			v = append(v, [3]float64{float64(rnd.Intn(8)) * 0.5 * 3, float64(rnd.Intn(12)) * 0.5 * 0.7, float64(rnd.Intn(12)) * 0.5 * 0.7})
		}
		got := diameters(v)
		var want [4]float64
		for i := range v {
			for j := i + 1; j < len(v); j++ {
				a, b := v[i], v[j]
				d := (a[0]-b[0])*(a[0]-b[0]) + (a[1]-b[1])*(a[1]-b[1]) + (a[2]-b[2])*(a[2]-b[2])
				for k := 0; k < 3; k++ {
					if a[k] == b[k] && d > want[k] {
						want[k] = d
					}
				}
				if d > want[3] {
					want[3] = d
				}
			}
		}
		for k := range want {
			want[k] = math.Sqrt(want[k])
			if got[k] != want[k] {
				t.Errorf("trial %d diameter %d: got %v, want %v", trial, k, got[k], want[k])
			}
		}
	}
}
