package resample

import (
	"encoding/binary"
	"math"
	"os"
	"testing"

	"radgo/core/volume"
)

// The ITK references live with the filter package's (one generator for both):
// ../filter/testdata/itk, made by gen_itk.sh with ITK 5.2.1.
const itkDir = "../filter/testdata/itk/"

func readF64(t *testing.T, name string) []float64 {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	v := make([]float64, len(b)/8)
	for i := range v {
		v[i] = math.Float64frombits(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return v
}

func itkInput(t *testing.T) *volume.Volume {
	t.Helper()
	b, err := os.ReadFile(itkDir + "input.i16")
	if err != nil {
		t.Fatal(err)
	}
	g := volume.Identity([3]float64{0.7, 0.9, 2.0})
	g.Origin = [3]float64{-10, 5, 3}
	img := volume.New([3]int{13, 11, 9}, g)
	for i := range img.Voxels {
		img.Voxels[i] = float64(int16(binary.LittleEndian.Uint16(b[2*i:])))
	}
	return img
}

// TestITKResample compares Image with ITK 5.2.1's ResampleImageFilter
// (identity transform, default value 0) for B-spline, linear and nearest
// interpolation, int16 output (clamp + truncation) and double output, on
// an arbitrary grid partly outside the image (grid1) and on a grid whose
// continuous indices are all half-integers (grid2, the case where index
// rounding decides nearest-neighbour results). Every value must be
// bit-identical: the port follows ITK's arithmetic step by step.
func TestITKResample(t *testing.T) {
	img := itkInput(t)
	grids := []struct {
		dir             string
		size            [3]int
		spacing, origin [3]float64
	}{
		{"grid1", [3]int{10, 18, 15}, [3]float64{1.1, 0.6, 1.3}, [3]float64{-10.5, 4.8, 2.0}},
		{"grid2", [3]int{6, 5, 4}, [3]float64{1.4, 1.8, 4.0}, [3]float64{-9.65, 5.45, 4.0}},
	}
	cases := []struct {
		file   string
		interp Interpolator
		pt     PixelType
	}{
		{"bspline_int16.f64", BSpline, Int16},
		{"bspline_float64.f64", BSpline, Float64},
		{"linear_int16.f64", Linear, Int16},
		{"linear_float64.f64", Linear, Float64},
		{"nearest_int16.f64", Nearest, Int16},
	}
	for _, gr := range grids {
		g := volume.Identity(gr.spacing)
		g.Origin = gr.origin
		for _, c := range cases {
			want := readF64(t, itkDir+gr.dir+"/"+c.file)
			got, err := Image(img, g, gr.size, c.interp, c.pt)
			if err != nil {
				t.Fatal(err)
			}
			if len(want) != len(got.Voxels) {
				t.Fatalf("%s/%s: %d values, want %d", gr.dir, c.file, len(got.Voxels), len(want))
			}
			bad, exact, zeros := 0, 0, 0
			for i, w := range want {
				d := math.Abs(got.Voxels[i] - w)
				if got.Voxels[i] == w {
					exact++
				}
				if w == 0 {
					zeros++
				}
				if d != 0 {
					if bad < 3 {
						t.Errorf("%s/%s voxel %d: got %.17g, want %.17g", gr.dir, c.file, i, got.Voxels[i], w)
					}
					bad++
				}
			}
			t.Logf("%s/%s: %d/%d bit-identical, %d zeros", gr.dir, c.file, exact, len(want), zeros)
			if bad > 0 {
				t.Errorf("%s/%s: %d voxels differ", gr.dir, c.file, bad)
			}
		}
	}
}
