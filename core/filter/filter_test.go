package filter

import (
	"errors"
	"math"
	"testing"

	"radgo/core/volume"
)

func rampVolume(size [3]int, sp [3]float64, f func(x, y, z float64) float64) *volume.Volume {
	v := volume.New(size, volume.Identity(sp))
	for k := 0; k < size[2]; k++ {
		for j := 0; j < size[1]; j++ {
			for i := 0; i < size[0]; i++ {
				v.Set(i, j, k, f(float64(i)*sp[0], float64(j)*sp[1], float64(k)*sp[2]))
			}
		}
	}
	return v
}

// TestLoGQuadratic: the scale-normalised LoG of x²+y²+z² is 6σ² away from
// the borders (the Deriche approximation is accurate to ~1e-3 there).
func TestLoGQuadratic(t *testing.T) {
	const tol = 2e-3
	sp := [3]float64{0.8, 1.1, 2}
	img := rampVolume([3]int{60, 50, 40}, sp, func(x, y, z float64) float64 { return x*x + y*y + z*z })
	for _, sigma := range []float64{1, 2.5} {
		out, err := LoG(img, sigma)
		if err != nil {
			t.Fatal(err)
		}
		want := 6 * sigma * sigma
		for _, p := range [][3]int{{30, 25, 20}, {25, 20, 18}, {35, 30, 22}} {
			got := out.At(p[0], p[1], p[2])
			if math.Abs(got-want)/want > tol {
				t.Errorf("sigma %g at %v: got %g, want %g (tol %g)", sigma, p, got, want, tol)
			}
		}
	}
}

func TestLoGSkipped(t *testing.T) {
	img := volume.New([3]int{10, 10, 3}, volume.Identity([3]float64{1, 1, 1}))
	if _, err := LoG(img, 1); !errors.Is(err, ErrLoGSkipped) {
		t.Errorf("size 3: err %v, want ErrLoGSkipped", err)
	}
	img = volume.New([3]int{10, 10, 5}, volume.Identity([3]float64{1, 1, 1}))
	if _, err := LoG(img, 0); !errors.Is(err, ErrLoGSkipped) {
		t.Errorf("sigma 0: err %v, want ErrLoGSkipped", err)
	}
	if _, err := LoG(img, 4.5); !errors.Is(err, ErrLoGSkipped) {
		t.Errorf("sigma 4.5 on 5 slices: err %v, want ErrLoGSkipped", err)
	}
	if _, err := LoG(img, 4); err != nil {
		t.Errorf("sigma 4 on 5 slices: %v", err)
	}
}

func TestLoGName(t *testing.T) {
	for _, c := range []struct {
		sigma   float64
		integer bool
		want    string
	}{
		{1, false, "log-sigma-1-0-mm-3D"},
		{1, true, "log-sigma-1-mm-3D"},
		{2.5, false, "log-sigma-2-5-mm-3D"},
		{0.25, false, "log-sigma-0-25-mm-3D"},
	} {
		if got := LoGName(c.sigma, c.integer); got != c.want {
			t.Errorf("LoGName(%g, %v) = %q, want %q", c.sigma, c.integer, got, c.want)
		}
	}
}

// TestIntensityFilters checks PyRadiomics' formulas on hand-computed values.
func TestIntensityFilters(t *testing.T) {
	const tol = 1e-15
	img := volume.New([3]int{4, 1, 1}, volume.Identity([3]float64{1, 1, 1}))
	copy(img.Voxels, []float64{-4, 0, 1, 16})
	cases := []struct {
		name string
		f    func(*volume.Volume) (*volume.Volume, error)
		want []float64
	}{
		// c = 1/sqrt(16) = 0.25: (0.25x)²
		{"Square", Square, []float64{1, 0, 0.0625, 16}},
		// c = 16: sign(x)·sqrt(16|x|)
		{"SquareRoot", SquareRoot, []float64{-8, 0, 4, 16}},
		// sign(x)·log(|x|+1)·16/log(17)
		{"Logarithm", Logarithm, []float64{-math.Log(5) * 16 / math.Log(17), 0, math.Log(2) * 16 / math.Log(17), 16}},
		// exp(x·log(16)/16)
		{"Exponential", Exponential, []float64{0.5, 1, math.Pow(16, 1.0/16), 16}},
	}
	for _, c := range cases {
		out, err := c.f(img)
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range c.want {
			if got := out.Voxels[i]; math.Abs(got-w) > tol*math.Max(1, math.Abs(w)) {
				t.Errorf("%s voxel %d: got %v, want %v", c.name, i, got, w)
			}
		}
	}
}

// TestGradient: a linear ramp has a constant gradient magnitude in the
// interior; at the border ITK's replicated edge halves the difference.
func TestGradient(t *testing.T) {
	const tol = 1e-12
	sp := [3]float64{0.5, 2, 3}
	img := rampVolume([3]int{5, 4, 3}, sp, func(x, y, z float64) float64 { return 3*x + 4*y })
	out, err := Gradient(img, true)
	if err != nil {
		t.Fatal(err)
	}
	if got := out.At(2, 1, 1); math.Abs(got-5) > tol {
		t.Errorf("interior: got %v, want 5", got)
	}
	if got, want := out.At(0, 1, 1), math.Hypot(1.5, 4); math.Abs(got-want) > tol {
		t.Errorf("x border: got %v, want %v", got, want)
	}
	out, err = Gradient(img, false)
	if err != nil {
		t.Fatal(err)
	}
	// per-index differences: 3·0.5 = 1.5 along x, 4·2 = 8 along y
	if got, want := out.At(2, 1, 1), math.Hypot(1.5, 8); math.Abs(got-want) > tol {
		t.Errorf("no spacing: got %v, want %v", got, want)
	}
}

// TestLoGBox: LoGBox equals LoG cropped to the box, bit for bit.
func TestLoGBox(t *testing.T) {
	img := rampVolume([3]int{23, 17, 11}, [3]float64{0.7, 0.9, 2}, func(x, y, z float64) float64 {
		return 100*math.Sin(x) + 30*y*math.Cos(z) + z*z
	})
	for _, c := range []struct{ lo, hi [3]int }{
		{[3]int{5, 4, 3}, [3]int{12, 10, 7}},
		{[3]int{0, 0, 0}, [3]int{22, 16, 10}},
		{[3]int{20, 0, 9}, [3]int{22, 3, 10}},
	} {
		full, err := LoG(img, 1.5)
		if err != nil {
			t.Fatal(err)
		}
		box, err := LoGBox(img, c.lo, c.hi, 1.5)
		if err != nil {
			t.Fatal(err)
		}
		size := [3]int{c.hi[0] - c.lo[0] + 1, c.hi[1] - c.lo[1] + 1, c.hi[2] - c.lo[2] + 1}
		want := crop(full, c.lo, size)
		if box.Size != size || box.Origin != want.Origin {
			t.Fatalf("box %v: size %v origin %v, want %v %v", c.lo, box.Size, box.Origin, size, want.Origin)
		}
		for i := range want.Voxels {
			if box.Voxels[i] != want.Voxels[i] {
				t.Fatalf("box %v voxel %d: got %v, want %v", c.lo, i, box.Voxels[i], want.Voxels[i])
			}
		}
	}
	if _, err := LoGBox(img, [3]int{0, 0, 0}, [3]int{23, 1, 1}, 1); err == nil {
		t.Error("box outside the image: no error")
	}
}
