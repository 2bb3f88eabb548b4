package resample

import (
	"encoding/json"
	"errors"
	"math"
	"os"
	"testing"

	"radgo/core/volume"
)

// TestInterpolatorsScipy compares B-spline orders 2–5 and linear
// interpolation with scipy.ndimage.map_coordinates (testdata/gen_scipy.py).
// scipy initialises the B-spline recursion differently (its own boundary
// sums), so agreement is to rounding, not bit for bit: tol 1e-9 relative to
// the data range.
func TestInterpolatorsScipy(t *testing.T) {
	const tol = 1e-9
	b, err := os.ReadFile("testdata/interp_scipy.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref map[string]json.RawMessage
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	var size [3]int
	var vox []float64
	var pts [][3]float64
	json.Unmarshal(ref["size"], &size)
	json.Unmarshal(ref["voxels"], &vox)
	json.Unmarshal(ref["points"], &pts)
	img := &volume.Volume{Voxels: vox, Size: size, Geometry: volume.Identity([3]float64{1, 1, 1})}
	cases := map[string]Interpolator{"bspline2": BSpline2, "bspline3": BSpline, "bspline4": BSpline4, "bspline5": BSpline5, "linear": Linear}
	for key, interp := range cases {
		var want []float64
		if err := json.Unmarshal(ref[key], &want); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
		var bs *bspline
		if o := interp.splineOrder(); o >= 0 {
			bs = newBSpline(img, o, [3]int{}, [3]int{size[0] - 1, size[1] - 1, size[2] - 1})
		}
		for i, p := range pts {
			var got float64
			if bs != nil {
				got = bs.at(p)
			} else {
				got = linearAt(img, p)
			}
			if math.Abs(got-want[i]) > tol*2000 {
				t.Errorf("%s point %v: got %.12g, want %.12g", key, p, got, want[i])
			}
		}
	}
}

// TestBSplineBox: coefficients decomposed for a sub-box equal those of the
// whole image exactly (whole lines are always filtered).
func TestBSplineBox(t *testing.T) {
	n := [3]int{17, 13, 11}
	img := volume.New(n, volume.Identity([3]float64{1, 1, 1}))
	for i := range img.Voxels {
		img.Voxels[i] = float64((i*7919)%1009) - 300
	}
	full := newBSpline(img, 3, [3]int{}, [3]int{16, 12, 10})
	box := newBSpline(img, 3, [3]int{4, 3, 2}, [3]int{12, 9, 8})
	for _, p := range [][3]float64{{6.3, 5.2, 4.9}, {8, 6, 5}, {9.99, 4.01, 5.5}} {
		if a, b := full.at(p), box.at(p); a != b {
			t.Errorf("at %v: box %v, full %v", p, b, a)
		}
	}
}

// TestBSplineInterpolates: a cubic spline passes through the data.
func TestBSplineInterpolates(t *testing.T) {
	const tol = 1e-9
	n := [3]int{9, 8, 7}
	img := volume.New(n, volume.Identity([3]float64{1, 1, 1}))
	for i := range img.Voxels {
		img.Voxels[i] = float64((i * 37) % 101)
	}
	bs := newBSpline(img, 3, [3]int{}, [3]int{8, 7, 6})
	for _, p := range [][3]int{{0, 0, 0}, {4, 3, 2}, {8, 7, 6}, {1, 6, 3}} {
		got := bs.at([3]float64{float64(p[0]), float64(p[1]), float64(p[2])})
		if want := img.At(p[0], p[1], p[2]); math.Abs(got-want) > tol {
			t.Errorf("at %v: got %v, want %v", p, got, want)
		}
	}
}

func TestPixelTypeCast(t *testing.T) {
	cases := []struct {
		pt      PixelType
		in, out float64
	}{
		{Int16, 101.999, 101},
		{Int16, -2.7, -2},
		{Int16, 40000, 32767},
		{UInt16, -3, 0},
		{UInt8, 255.9, 255},
		{Float32, 0.1, float64(float32(0.1))},
		{Float64, 0.1, 0.1},
	}
	for _, c := range cases {
		if got := c.pt.Cast(c.in); got != c.out {
			t.Errorf("PixelType(%d).Cast(%v) = %v, want %v", c.pt, c.in, got, c.out)
		}
	}
}

func TestParseInterpolator(t *testing.T) {
	good := map[string]Interpolator{"sitkBSpline": BSpline, "3": BSpline, "sitkLinear": Linear, "2": Linear,
		"sitkNearestNeighbor": Nearest, "1": Nearest, "sitkBSpline5": BSpline5, "sitkBSpline3": BSpline}
	for s, want := range good {
		if got, err := ParseInterpolator(s); err != nil || got != want {
			t.Errorf("ParseInterpolator(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, s := range []string{"sitkGaussian", "9"} {
		if _, err := ParseInterpolator(s); !errors.Is(err, ErrUnsupportedInterpolator) {
			t.Errorf("ParseInterpolator(%q): err %v, want ErrUnsupportedInterpolator", s, err)
		}
	}
	for _, s := range []string{"bspline", "0", "sitkFoo"} {
		if _, err := ParseInterpolator(s); err == nil {
			t.Errorf("ParseInterpolator(%q): no error", s)
		}
	}
}

func cube(size [3]int, sp [3]float64, lo, hi [3]int) (*volume.Volume, *volume.Mask) {
	g := volume.Identity(sp)
	g.Origin = [3]float64{-20, 10, 3}
	img := volume.New(size, g)
	mask := volume.NewMask(size, g)
	for k := 0; k < size[2]; k++ {
		for j := 0; j < size[1]; j++ {
			for i := 0; i < size[0]; i++ {
				o := img.Offset(i, j, k)
				img.Voxels[o] = float64(3*i + 5*j - 7*k)
				if i >= lo[0] && i <= hi[0] && j >= lo[1] && j <= hi[1] && k >= lo[2] && k <= hi[2] {
					mask.Labels[o] = 1
				}
			}
		}
	}
	return img, mask
}

// TestResampleGrid checks PyRadiomics' grid arithmetic on a hand-computed
// case: spacing 1 → 2 mm, ROI 10..14 (size 5), padDistance 5, 40 voxels:
// lower floor(9.5·0.5 − 5) = −1 → 0, upper ceil(14.5·0.5 + 5) = 13 (max 19),
// so 14 voxels; origin index 0.5·(2−1)/1 + 0 = 0.5.
func TestResampleGrid(t *testing.T) {
	img, mask := cube([3]int{40, 40, 40}, [3]float64{1, 1, 1}, [3]int{10, 10, 10}, [3]int{14, 14, 14})
	s := DefaultSettings()
	s.Spacing = [3]float64{2, 2, 0}
	ri, rm, err := Resample(img, mask, s)
	if err != nil {
		t.Fatal(err)
	}
	if want := [3]int{14, 14, 17}; ri.Size != want || rm.Size != want {
		t.Fatalf("size %v / %v, want %v", ri.Size, rm.Size, want)
	}
	// z keeps spacing 1: lower floor(9.5−5) = 4, upper ceil(14.5+5) = 20, 17 voxels
	if want := [3]float64{-19.5, 10.5, 3 + 4}; ri.Origin != want {
		t.Errorf("origin %v, want %v", ri.Origin, want)
	}
	if ri.Spacing != [3]float64{2, 2, 1} {
		t.Errorf("spacing %v", ri.Spacing)
	}
	// The image is linear, so the cubic B-spline reproduces it in the
	// interior, up to the mirror boundary's influence, which decays as
	// 0.268^distance: voxel (9, 9, 16) sits at original index (18.5, 18.5, 20).
	if got, want := ri.At(9, 9, 16), 3*18.5+5*18.5-7*20.0; math.Abs(got-want) > 1e-6 {
		t.Errorf("interior value %v, want %v", got, want)
	}
	if n := rm.Count(1); n == 0 {
		t.Error("resampled mask is empty")
	}
}

func TestResampleSameSpacingCrops(t *testing.T) {
	img, mask := cube([3]int{30, 20, 10}, [3]float64{0.5, 0.5, 2}, [3]int{3, 5, 2}, [3]int{8, 9, 4})
	s := DefaultSettings()
	s.Spacing = [3]float64{0.5, 0.5, 2}
	ri, rm, err := Resample(img, mask, s)
	if err != nil {
		t.Fatal(err)
	}
	// bbox ± 5 clamped: x 0..13, y 0..14, z 0..9
	if want := [3]int{14, 15, 10}; ri.Size != want {
		t.Fatalf("size %v, want %v", ri.Size, want)
	}
	if ri.At(2, 3, 4) != img.At(2, 3, 4) || rm.Count(1) != mask.Count(1) {
		t.Error("crop changed values")
	}
}

func TestResampleTruncates(t *testing.T) {
	img, mask := cube([3]int{20, 20, 20}, [3]float64{1, 1, 1}, [3]int{8, 8, 8}, [3]int{11, 11, 11})
	for i := range img.Voxels {
		img.Voxels[i] = -img.Voxels[i] / 3
	}
	s := DefaultSettings()
	s.Spacing = [3]float64{1.5, 1.5, 1.5}
	s.Interpolator = Linear
	f, _, err := Resample(img, mask, s)
	if err != nil {
		t.Fatal(err)
	}
	s.PixelType = Int16
	q, _, err := Resample(img, mask, s)
	if err != nil {
		t.Fatal(err)
	}
	frac := 0
	for i := range f.Voxels {
		if q.Voxels[i] != math.Trunc(f.Voxels[i]) {
			t.Fatalf("voxel %d: int16 %v, float %v", i, q.Voxels[i], f.Voxels[i])
		}
		if f.Voxels[i] != math.Trunc(f.Voxels[i]) {
			frac++
		}
	}
	if frac == 0 {
		t.Error("no fractional values: test does not exercise truncation")
	}
}

func TestResampleErrors(t *testing.T) {
	img, mask := cube([3]int{10, 10, 10}, [3]float64{1, 1, 1}, [3]int{2, 2, 2}, [3]int{4, 4, 4})
	s := DefaultSettings()
	s.Spacing = [3]float64{2, 2, 2}
	s.Label = 3
	if _, _, err := Resample(img, mask, s); !errors.Is(err, ErrLabelAbsent) {
		t.Errorf("absent label: %v", err)
	}
	s.Label = 1
	s.Spacing = [3]float64{-1, 2, 2}
	if _, _, err := Resample(img, mask, s); err == nil {
		t.Error("negative spacing: no error")
	}
	s.Spacing = [3]float64{2, 2, 2}
	shifted := *mask
	shifted.Origin = [3]float64{100, 0, 0}
	if _, _, err := Resample(img, &shifted, s); err == nil {
		t.Error("ROI outside image: no error")
	}
	if _, _, err := Crop(img, mask, 9, 0); !errors.Is(err, ErrLabelAbsent) {
		t.Errorf("Crop absent label: %v", err)
	}
}

// TestBSplineTinyImage: with fewer voxels than the spline support, ITK's
// single mirror step leaves indices outside the image; Image keeps
// reflecting and stays finite.
func TestBSplineTinyImage(t *testing.T) {
	img := volume.New([3]int{2, 2, 2}, volume.Identity([3]float64{1, 1, 1}))
	for i := range img.Voxels {
		img.Voxels[i] = float64(i)
	}
	g := volume.Identity([3]float64{0.25, 0.25, 0.25})
	g.Origin = [3]float64{-0.5, -0.5, -0.5}
	for _, ip := range []Interpolator{BSpline, BSpline4, BSpline5} {
		out, err := Image(img, g, [3]int{8, 8, 8}, ip, Float64)
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range out.Voxels {
			if math.IsNaN(v) || math.Abs(v) > 100 {
				t.Fatalf("%v: value %v", ip, v)
			}
		}
	}
}
