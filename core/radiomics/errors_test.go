package radiomics_test

import (
	"context"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"radgo/core/radiomics"
	"radgo/core/volume"
)

func smallCase() (*volume.Volume, *volume.Mask) {
	g := volume.Identity([3]float64{1, 1, 2})
	img := volume.New([3]int{8, 8, 6}, g)
	m := volume.NewMask([3]int{8, 8, 6}, g)
	for i := range img.Voxels {
		img.Voxels[i] = float64((i * 37) % 101)
	}
	for k := 1; k < 5; k++ {
		for j := 2; j < 6; j++ {
			for i := 2; i < 6; i++ {
				m.Labels[m.Offset(i, j, k)] = 1
			}
		}
	}
	return img, m
}

// TestBadInput checks that every kind of bad input is a clear error, never a
// panic or a silently wrong number.
func TestBadInput(t *testing.T) {
	for _, tc := range []struct {
		name  string
		edit  func(e *radiomics.Extractor, img *volume.Volume, m *volume.Mask) (*volume.Volume, *volume.Mask)
		want  string
		input bool // expect *InputError
	}{
		{"geometry", func(e *radiomics.Extractor, img *volume.Volume, m *volume.Mask) (*volume.Volume, *volume.Mask) {
			m.Spacing[0] = 1.01
			return img, m
		}, "geometry mismatch", true},
		{"size", func(e *radiomics.Extractor, img *volume.Volume, m *volume.Mask) (*volume.Volume, *volume.Mask) {
			return img, volume.NewMask([3]int{8, 8, 5}, m.Geometry)
		}, "size mismatch", true},
		{"empty mask", func(e *radiomics.Extractor, img *volume.Volume, m *volume.Mask) (*volume.Volume, *volume.Mask) {
			return img, volume.NewMask(m.Size, m.Geometry)
		}, "mask is empty", true},
		{"label absent", func(e *radiomics.Extractor, img *volume.Volume, m *volume.Mask) (*volume.Volume, *volume.Mask) {
			e.Settings.Label = 3
			return img, m
		}, "label 3 not present in mask (labels present: [1])", true},
		{"single voxel", func(e *radiomics.Extractor, img *volume.Volume, m *volume.Mask) (*volume.Volume, *volume.Mask) {
			m = volume.NewMask(m.Size, m.Geometry)
			m.Labels[m.Offset(3, 3, 3)] = 1
			return img, m
		}, "only contains 1 segmented voxel", true},
		{"too few dimensions", func(e *radiomics.Extractor, img *volume.Volume, m *volume.Mask) (*volume.Volume, *volume.Mask) {
			e.Settings.MinimumROIDimensions = 3
			for i := range m.Labels {
				if i/(m.Size[0]*m.Size[1]) != 2 {
					m.Labels[i] = 0
				}
			}
			return img, m
		}, "too few dimensions", true},
		{"too small", func(e *radiomics.Extractor, img *volume.Volume, m *volume.Mask) (*volume.Volume, *volume.Mask) {
			e.Settings.MinimumROISize = 100
			return img, m
		}, "ROI too small: 64 voxels, minimumROISize 100", true},
		{"NaN voxel", func(e *radiomics.Extractor, img *volume.Volume, m *volume.Mask) (*volume.Volume, *volume.Mask) {
			img.Voxels[img.Offset(3, 4, 2)] = math.NaN()
			return img, m
		}, "NaN voxel inside the ROI at index (3, 4, 2)", true},
		{"bad binWidth", func(e *radiomics.Extractor, img *volume.Volume, m *volume.Mask) (*volume.Volume, *volume.Mask) {
			e.Settings.BinWidth = -1
			return img, m
		}, "binWidth -1 must be positive", true},
		{"resegment everything away", func(e *radiomics.Extractor, img *volume.Volume, m *volume.Mask) (*volume.Volume, *volume.Mask) {
			e.Settings.ResegmentRange = []float64{1000, 2000}
			return img, m
		}, "leaves no voxel", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			img, m := smallCase()
			e := radiomics.NewExtractor()
			img, m = tc.edit(e, img, m)
			res, err := e.Extract(context.Background(), img, m)
			if err == nil {
				t.Fatalf("no error, %d features", res.Len())
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
			var ie *radiomics.InputError
			if tc.input && !errors.As(err, &ie) {
				t.Errorf("error %v is not an *InputError", err)
			}
		})
	}
}

func TestCancel(t *testing.T) {
	img, m := smallCase()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := radiomics.NewExtractor().Extract(ctx, img, m); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestParamsErrors(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"setting:\n  binwidth: 25\n", `p.yaml: setting: unknown setting "binwidth" (did you mean binWidth?)`},
		{"setting:\n  binWidth: twenty\n", "p.yaml: setting.binWidth: want a number, got a string"},
		{"setting:\n  label: 1.5\n", "p.yaml: setting.label: want an integer, got a number"},
		{"setting:\n  resampledPixelSpacing: [1, 1]\n", "p.yaml: setting.resampledPixelSpacing: want 3 numbers, got 2"},
		{"setting:\n  weightingNorm: cosine\n", `p.yaml: setting.weightingNorm: "cosine": want one of manhattan, euclidean, infinity, no_weighting`},
		{"imageType:\n  Wavelett: {}\n", `p.yaml: imageType: unknown image type "Wavelett"`},
		{"imageType:\n  LoG:\n    sigma: [0]\n", "p.yaml: imageType.LoG.sigma: element 0: want a number > 0, got 0"},
		{"featureClass:\n  glcm: [Idmnn]\n", `p.yaml: featureClass.glcm: unknown feature "Idmnn" (did you mean Idmn?)`},
		{"featureClass:\n  texture:\n", `p.yaml: featureClass: unknown feature class "texture"`},
		{"settings:\n  binWidth: 25\n", `p.yaml: unknown section "settings"`},
		{"setting: [1, 2]\n", "p.yaml: setting: want a mapping, got a list"},
		{"setting:\n  binWidth: [\n", "p.yaml: not valid YAML/JSON"},
	} {
		_, err := radiomics.ParseParams([]byte(tc.yaml), "p.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got error %v, want %q", tc.yaml, err, tc.want)
		}
	}
}

// TestExampleParams parses every upstream example parameter file.
func TestExampleParams(t *testing.T) {
	files, _ := filepath.Glob("testdata/pyradiomics/params/*.yaml")
	if len(files) < 5 {
		t.Fatalf("only %d parameter files", len(files))
	}
	for _, f := range files {
		if strings.HasSuffix(f, "paramSchema.yaml") {
			continue
		}
		e, err := radiomics.ReadParams(f)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		if len(e.ImageTypes) == 0 || len(e.Classes) == 0 {
			t.Errorf("%s: %d image types, %d classes", f, len(e.ImageTypes), len(e.Classes))
		}
	}
	// Params.yaml: glcm lists every feature but SumAverage, in file order.
	e, err := radiomics.ReadParams("testdata/pyradiomics/params/Params.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range e.Classes {
		if c.Class == "glcm" && (len(c.Features) != 22 || c.Features[1] != "JointAverage") {
			t.Errorf("glcm selection %v", c.Features)
		}
	}
}

func FuzzParseParams(f *testing.F) {
	files, _ := filepath.Glob("testdata/pyradiomics/params/*.yaml")
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"setting": {"binWidth": 5, "label": 2}, "imageType": {"Original": {}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := radiomics.ParseParams(data, "fuzz.yaml")
		if err == nil && e == nil {
			t.Fatal("nil extractor without error")
		}
	})
}

// TestShape2D runs shape2D on a single-slice ROI with force2D, as
// PyRadiomics' shape2D configuration does.
func TestShape2D(t *testing.T) {
	img, m := smallCase()
	for i := range m.Labels {
		if i/(m.Size[0]*m.Size[1]) != 2 {
			m.Labels[i] = 0
		}
	}
	e := radiomics.NewExtractor()
	e.Settings.Force2D = true
	e.Classes = []radiomics.ClassSelection{{Class: "shape2D"}, {Class: "glcm"}}
	res, err := e.Extract(context.Background(), img, m)
	if err != nil {
		t.Fatal(err)
	}
	// A 4x4 pixel square: mesh surface 16 - 4/8, pixel surface 16.
	if v, _ := res.Get("original_shape2D_MeshSurface"); math.Abs(v-15.5) > 1e-12 {
		t.Errorf("MeshSurface %v, want 15.5", v)
	}
	if v, _ := res.Get("original_shape2D_PixelSurface"); v != 16 {
		t.Errorf("PixelSurface %v, want 16", v)
	}
	if res.Len() != 9+24 {
		t.Errorf("%d features, want 9 shape2D + 24 glcm", res.Len())
	}
	// Without force2D PyRadiomics refuses shape2D.
	e.Settings.Force2D = false
	if _, err := e.Extract(context.Background(), img, m); err == nil || !strings.Contains(err.Error(), "force2D") {
		t.Errorf("shape2D without force2D: %v", err)
	}
}

// TestHugeBinning: a bin width far too small for the grey range is an error,
// not an allocation failure.
func TestHugeBinning(t *testing.T) {
	img, m := smallCase()
	e := radiomics.NewExtractor()
	e.Settings.BinWidth = 1e-9
	if _, err := e.Extract(context.Background(), img, m); err == nil || !strings.Contains(err.Error(), "increase binWidth") {
		t.Errorf("binWidth 1e-9: %v", err)
	}
}
