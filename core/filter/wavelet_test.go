package filter

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"radgo/core/volume"
)

type swtCase struct {
	Wavelet          string   `json:"wavelet"`
	Level            int      `json:"level"`
	StartLevel       int      `json:"start_level"`
	Float32          bool     `json:"float32"`
	Force2D          bool     `json:"force2D"`
	Force2DDimension int      `json:"force2Ddimension"`
	Size             [3]int   `json:"size"`
	Bands            []string `json:"bands"`
}

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

func loadSWTCase(t *testing.T, js string) (swtCase, *volume.Volume, [][]float64) {
	t.Helper()
	b, err := os.ReadFile(js)
	if err != nil {
		t.Fatal(err)
	}
	var c swtCase
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	raw := readF64(t, strings.TrimSuffix(js, ".json")+".f64")
	n := c.Size[0] * c.Size[1] * c.Size[2]
	if len(raw) != n*(1+len(c.Bands)) {
		t.Fatalf("%s: %d values, want %d", js, len(raw), n*(1+len(c.Bands)))
	}
	img := volume.New(c.Size, volume.Identity([3]float64{0.7, 0.8, 2.5}))
	copy(img.Voxels, raw[:n])
	var want [][]float64
	for b := range c.Bands {
		want = append(want, raw[n*(b+1):n*(b+2)])
	}
	return c, img, want
}

// TestWaveletPyWavelets compares every case in testdata/swt (PyRadiomics'
// _swt3 run with PyWavelets 1.1.1, see testdata/gen_reference.py) bit for
// bit: the convolution follows the C core's tap order, so no tolerance.
func TestWaveletPyWavelets(t *testing.T) {
	files, _ := filepath.Glob("testdata/swt/*.json")
	if len(files) == 0 {
		t.Fatal("no cases in testdata/swt")
	}
	for _, js := range files {
		t.Run(filepath.Base(js), func(t *testing.T) {
			c, img, want := loadSWTCase(t, js)
			s := WaveletSettings{Wavelet: c.Wavelet, Level: c.Level, StartLevel: c.StartLevel, Float32: c.Float32,
				Force2D: c.Force2D, Force2DDimension: c.Force2DDimension}
			bands, err := Wavelet(img, s)
			if err != nil {
				t.Fatal(err)
			}
			if len(bands) != len(c.Bands) {
				t.Fatalf("%d bands, want %d", len(bands), len(c.Bands))
			}
			for b, band := range bands {
				if band.Name != c.Bands[b] {
					t.Errorf("band %d: name %q, want %q", b, band.Name, c.Bands[b])
				}
				if band.Image.Size != img.Size || band.Image.Geometry != img.Geometry {
					t.Errorf("band %s: grid %v %v, want %v %v", band.Name, band.Image.Size, band.Image.Geometry, img.Size, img.Geometry)
				}
				bad := 0
				for i, got := range band.Image.Voxels {
					if got != want[b][i] {
						if bad < 3 {
							t.Errorf("band %s voxel %d: got %v, want %v (diff %g)", band.Name, i, got, want[b][i], got-want[b][i])
						}
						bad++
					}
				}
				if bad > 0 {
					t.Errorf("band %s: %d of %d voxels differ", band.Name, bad, len(want[b]))
				}
			}
		})
	}
}

// TestWaveletBox checks that WaveletBox equals Wavelet cropped to the box,
// exactly, for interior boxes (cropped transform) and boxes touching the
// image border (whole-axis transform with PyRadiomics' wrap-around).
func TestWaveletBox(t *testing.T) {
	size := [3]int{23, 20, 17}
	img := volume.New(size, volume.Identity([3]float64{1, 1.5, 3}))
	img.Origin = [3]float64{-10, 5, 2}
	for i := range img.Voxels {
		img.Voxels[i] = float64((i*7919)%2001 - 1000)
	}
	cases := []struct {
		s      WaveletSettings
		lo, hi [3]int
	}{
		{WaveletSettings{}, [3]int{8, 7, 6}, [3]int{12, 11, 9}},
		{WaveletSettings{}, [3]int{0, 7, 6}, [3]int{12, 11, 16}},
		{WaveletSettings{}, [3]int{3, 3, 3}, [3]int{19, 16, 13}},
		{WaveletSettings{Wavelet: "db3", Level: 2}, [3]int{9, 8, 7}, [3]int{12, 10, 8}},
		{WaveletSettings{Wavelet: "haar", StartLevel: 1, Force2D: true}, [3]int{5, 5, 0}, [3]int{10, 19, 3}},
		{WaveletSettings{Float32: true}, [3]int{7, 6, 5}, [3]int{15, 13, 11}},
	}
	for ci, c := range cases {
		full, err := Wavelet(img, c.s)
		if err != nil {
			t.Fatal(err)
		}
		box, err := WaveletBox(img, c.lo, c.hi, c.s)
		if err != nil {
			t.Fatal(err)
		}
		if len(box) != len(full) {
			t.Fatalf("case %d: %d bands, want %d", ci, len(box), len(full))
		}
		bs := [3]int{c.hi[0] - c.lo[0] + 1, c.hi[1] - c.lo[1] + 1, c.hi[2] - c.lo[2] + 1}
		for b := range box {
			want := crop(full[b].Image, c.lo, bs)
			got := box[b].Image
			if got.Size != bs || got.Origin != want.Origin {
				t.Fatalf("case %d band %s: size %v origin %v, want %v %v", ci, box[b].Name, got.Size, got.Origin, bs, want.Origin)
			}
			for i := range got.Voxels {
				if got.Voxels[i] != want.Voxels[i] {
					t.Fatalf("case %d band %s voxel %d: got %v, want %v", ci, box[b].Name, i, got.Voxels[i], want.Voxels[i])
				}
			}
		}
	}
}

func TestWaveletErrors(t *testing.T) {
	img := volume.New([3]int{4, 4, 4}, volume.Identity([3]float64{1, 1, 1}))
	bad := []WaveletSettings{
		{Wavelet: "coif99"},
		{Level: -1},
		{StartLevel: -2},
		{Force2D: true, Force2DDimension: 3},
	}
	for _, s := range bad {
		if _, err := Wavelet(img, s); err == nil {
			t.Errorf("Wavelet(%+v): no error", s)
		}
	}
	if _, err := Wavelet(&volume.Volume{Size: [3]int{2, 2, 2}}, WaveletSettings{}); err == nil {
		t.Error("Wavelet with missing voxels: no error")
	}
	if _, err := WaveletBox(img, [3]int{0, 0, 0}, [3]int{4, 1, 1}, WaveletSettings{}); err == nil {
		t.Error("WaveletBox outside the image: no error")
	}
}
