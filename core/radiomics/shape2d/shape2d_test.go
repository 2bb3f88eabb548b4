package shape2d

import (
	"math"
	"testing"
)

func TestSquare(t *testing.T) {
	// A 3x3 pixel square: the contour through edge midpoints cuts each
	// corner by a right triangle with legs 1/2.
	f := make([]bool, 9)
	for i := range f {
		f[i] = true
	}
	v := Compute([2]int{3, 3}, f, [2]float64{1, 1})
	got := map[string]float64{}
	for i, n := range Features {
		got[n] = v[i]
	}
	want := map[string]float64{
		"MeshSurface":  8.5,
		"PixelSurface": 9,
		"Perimeter":    8 + 4*math.Sqrt(0.5),
		// Farthest contour vertices: (-0.5, 0) to (2.5, 2)... e.g. (0,-0.5)-(2,2.5): sqrt(4+9).
		"MaximumDiameter": math.Sqrt(13),
		"Elongation":      1,
	}
	for k, w := range want {
		if math.Abs(got[k]-w) > 1e-12 {
			t.Errorf("%s: got %v, want %v", k, got[k], w)
		}
	}
	if s := got["Sphericity"]; math.Abs(s-2*math.Sqrt(math.Pi*8.5)/(8+4*math.Sqrt(0.5))) > 1e-12 {
		t.Errorf("Sphericity %v", s)
	}
}

func TestSegmentsOriented(t *testing.T) {
	// Every configuration's segments, joined over a ring of squares, must
	// enclose positive area; here: each square's segments form one or two
	// chains whose ends lie on distinct edges.
	for c := 1; c < 15; c++ {
		if len(segments[c]) == 0 {
			t.Errorf("configuration %04b has no segment", c)
		}
		for _, s := range segments[c] {
			if s[0] == s[1] {
				t.Errorf("configuration %04b: degenerate segment %v", c, s)
			}
		}
	}
}
