package rtstruct

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"radgo/core/volume"
	"radgo/core/volume/dicom"
	"radgo/core/volume/nifti"
)

func shared(t testing.TB, rel string) string {
	t.Helper()
	dir, _ := os.Getwd()
	for ; dir != "/" && dir != "."; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
	}
	p := filepath.Join(dir, "..", "shared", "reference", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s absent", p)
	}
	return p
}

// TestIBSIMasks rasterises each RTSTRUCT onto its CT series and compares
// voxel for voxel with the IBSI NIfTI mask (exact: Dice 1.0).
func TestIBSIMasks(t *testing.T) {
	cases := []struct {
		name, ct, rs, mask, roi string
		voxels                  int
		fromShared              bool
	}{
		{"STS_019", "../dicom/testdata/sts019/ct", "../dicom/testdata/sts019/RS.dcm", "../nifti/testdata/sts019_mask.nii.gz", "GTV_Mass_CT", 5564, false},
		{"IBSI CT phantom", "imaging/ibsi1_ct_phantom/dicom/image", "imaging/ibsi1_ct_phantom/dicom/mask/DCM_RS_00060.dcm", "imaging/ibsi1_ct_phantom/nifti/mask/mask.nii.gz", "GTV-1", 125256, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ct, rs, mk := c.ct, c.rs, c.mask
			if c.fromShared {
				ct, rs, mk = shared(t, ct), shared(t, rs), shared(t, mk)
			}
			img, s, err := dicom.ReadSeries(ct)
			if err != nil {
				t.Fatal(err)
			}
			ss, err := ReadFile(rs)
			if err != nil {
				t.Fatal(err)
			}
			roi, err := ss.Pick(c.roi)
			if err != nil {
				t.Fatal(err)
			}
			ref, err := nifti.ReadMask(mk)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range []*Options{
				{Slices: s.SliceIndex(), FrameOfReferenceUID: s.FrameOfReferenceUID}, // by SOP reference
				nil,               // by position only
				{CombineOR: true}, // one contour per slice here: OR = XOR
			} {
				m, warn, err := roi.Mask(img.Geometry, img.Size, o)
				if err != nil {
					t.Fatal(err)
				}
				if len(warn) > 0 {
					t.Errorf("warnings %v", warn)
				}
				if n := m.Count(1); n != c.voxels {
					t.Errorf("%d voxels, want %d", n, c.voxels)
				}
				diff := 0
				for i := range m.Labels {
					if m.Labels[i] != ref.Labels[i] {
						diff++
					}
				}
				if diff != 0 {
					t.Errorf("%d voxels differ from the IBSI mask", diff)
				}
				if c.fromShared {
					// IBSI 1 configuration A diagnostics for the phantom: ROI
					// bounding box 100×99×26, mean −46.9 (−46.883), min −1000,
					// max 723 HU (reference manual table, 1 decimal).
					lo, hi, _ := m.Bounds(1)
					box := [3]int{hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1}
					mn, mx, sum := math.Inf(1), math.Inf(-1), 0.0
					for i, l := range m.Labels {
						if l == 1 {
							x := img.Voxels[i]
							mn, mx, sum = min(mn, x), max(mx, x), sum+x
						}
					}
					if mean := sum / float64(c.voxels); box != [3]int{100, 99, 26} || mn != -1000 || mx != 723 || math.Abs(mean+46.883) > 5e-4 {
						t.Errorf("ROI box %v, min %g, max %g, mean %.4f; want [100 99 26], -1000, 723, -46.883", box, mn, mx, mean)
					}
				}
			}
		})
	}
}

func square(x0, y0, x1, y1, z float64) Contour {
	return Contour{Type: "CLOSED_PLANAR", Points: [][3]float64{{x0, y0, z}, {x1, y0, z}, {x1, y1, z}, {x0, y1, z}}}
}

// TestSemantics: pixel-centre, half-open and XOR/OR rules on a 1 mm grid
// where index = millimetres. Counts are by hand.
func TestSemantics(t *testing.T) {
	g := volume.Identity([3]float64{1, 1, 1})
	size := [3]int{12, 12, 3}
	for _, c := range []struct {
		name     string
		contours []Contour
		or       bool
		want     int
	}{
		{"centres on the boundary: half-open", []Contour{square(0, 0, 2, 2, 1)}, false, 4},
		{"voxel edges", []Contour{square(-0.5, -0.5, 2.5, 2.5, 1)}, false, 9},
		{"nested squares XOR = ring", []Contour{square(0.5, 0.5, 9.5, 9.5, 1), square(2.5, 2.5, 6.5, 6.5, 1)}, false, 81 - 16},
		{"nested squares OR = filled", []Contour{square(0.5, 0.5, 9.5, 9.5, 1), square(2.5, 2.5, 6.5, 6.5, 1)}, true, 81},
		{"CLOSEDPLANAR_XOR stays XOR under OR", []Contour{square(0.5, 0.5, 9.5, 9.5, 1), {Type: "CLOSEDPLANAR_XOR", Points: square(2.5, 2.5, 6.5, 6.5, 1).Points}}, true, 81 - 16},
		{"islands", []Contour{square(0.5, 0.5, 2.5, 2.5, 0), square(5.5, 5.5, 7.5, 7.5, 0), square(0.5, 0.5, 1.5, 1.5, 2)}, false, 4 + 4 + 1},
		{"keyhole", []Contour{{Type: "CLOSED_PLANAR", Points: [][3]float64{{0.5, 0.5, 1}, {5.5, 0.5, 1}, {5.5, 5.5, 1}, {3.1, 5.5, 1}, {3.1, 2.5, 1}, {2.9, 2.5, 1}, {2.9, 5.5, 1}, {0.5, 5.5, 1}}}}, false, 25 - 3},
		{"point contour skipped", []Contour{{Type: "POINT", Points: [][3]float64{{1, 1, 1}}}}, false, 0},
	} {
		roi := &ROI{Name: c.name, Contours: c.contours}
		m, _, err := roi.Mask(g, size, &Options{CombineOR: c.or})
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if n := m.Count(1); n != c.want {
			t.Errorf("%s: %d voxels, want %d", c.name, n, c.want)
		}
	}
	// Clipping is reported.
	roi := &ROI{Name: "edge", Contours: []Contour{square(-3, -3, 2.5, 2.5, 1)}}
	m, warn, err := roi.Mask(g, size, nil)
	if err != nil || m.Count(1) != 9 || len(warn) != 1 || !strings.Contains(warn[0], "clipped") {
		t.Errorf("clipped contour: %v, %d voxels, warnings %v", err, m.Count(1), warn)
	}
}

func TestErrors(t *testing.T) {
	g := volume.Identity([3]float64{1, 1, 2})
	size := [3]int{8, 8, 4}
	for _, c := range []struct {
		name string
		roi  *ROI
		o    *Options
		want string
	}{
		{"non-planar", &ROI{Name: "a", Contours: []Contour{{Type: "CLOSED_PLANAR", Points: [][3]float64{{1, 1, 2}, {4, 1, 2}, {4, 4, 4}}}}}, nil, "not planar"},
		{"between slices", &ROI{Name: "a", Contours: []Contour{square(1, 1, 4, 4, 3)}}, nil, "between slices 1 and 2"},
		{"outside", &ROI{Name: "a", Contours: []Contour{square(1, 1, 4, 4, 12)}}, nil, "outside the image"},
		{"frame of reference", &ROI{Name: "a", FrameOfReferenceUID: "1.2", Contours: []Contour{square(1, 1, 4, 4, 2)}}, &Options{FrameOfReferenceUID: "3.4"}, "FrameOfReferenceUID"},
		{"wrong referenced slice", &ROI{Name: "a", Contours: []Contour{{Type: "CLOSED_PLANAR", ReferencedSOP: "x", Points: square(1, 1, 4, 4, 2).Points}}}, &Options{Slices: map[string]int{"x": 3}}, "references slice 3"},
	} {
		_, _, err := c.roi.Mask(g, size, c.o)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error mentioning %q", c.name, err, c.want)
		}
	}
	ss, err := ReadFile("../dicom/testdata/sts019/RS.dcm")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ss.Pick("GTV"); err == nil || !strings.Contains(err.Error(), `"GTV_Mass_CT"`) {
		t.Errorf("unknown ROI: %v, want the list of ROIs", err)
	}
	if r, err := ss.Pick("gtv_mass_ct"); err != nil || r.Name != "GTV_Mass_CT" {
		t.Errorf("case-insensitive pick: %v", err)
	}
	if _, err := ReadFile("../dicom/testdata/sts019/ct/000000.dcm"); err == nil || !strings.Contains(err.Error(), "not RTSTRUCT") {
		t.Errorf("CT as RTSTRUCT: %v", err)
	}
	b, _ := os.ReadFile("../dicom/testdata/sts019/RS.dcm")
	for n := 0; n < len(b); n += 997 {
		Decode(b[:n]) // must not panic
	}
}

func TestContourData(t *testing.T) {
	ss, err := ReadFile("../dicom/testdata/sts019/RS.dcm")
	if err != nil {
		t.Fatal(err)
	}
	r, _ := ss.Pick("")
	if r.Name != "GTV_Mass_CT" || len(r.Contours) != 15 || r.Contours[0].ReferencedSOP == "" || r.FrameOfReferenceUID == "" {
		t.Errorf("ROI %q, %d contours, SOP %q, FoR %q", r.Name, len(r.Contours), r.Contours[0].ReferencedSOP, r.FrameOfReferenceUID)
	}
	for _, c := range r.Contours {
		for _, p := range c.Points {
			if math.Abs(p[2]-c.Points[0][2]) > 1e-9 {
				t.Fatalf("contour not planar in z")
			}
		}
	}
}

func FuzzDecode(f *testing.F) {
	b, _ := os.ReadFile("../dicom/testdata/sts019/RS.dcm")
	f.Add(b)
	f.Fuzz(func(t *testing.T, b []byte) {
		ss, err := Decode(b)
		if err != nil {
			return
		}
		g := volume.Identity([3]float64{1, 1, 1})
		for _, r := range ss.ROIs {
			r.Mask(g, [3]int{16, 16, 4}, nil)
		}
	})
}

// BenchmarkMask rasterises the STS_019 GTV (15 contours) onto its series.
func BenchmarkMask(b *testing.B) {
	img, s, err := dicom.ReadSeries("../dicom/testdata/sts019/ct")
	if err != nil {
		b.Fatal(err)
	}
	ss, _ := ReadFile("../dicom/testdata/sts019/RS.dcm")
	roi, _ := ss.Pick("")
	o := &Options{Slices: s.SliceIndex()}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, _, err := roi.Mask(img.Geometry, img.Size, o); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadFile parses the 100 KB RTSTRUCT.
func BenchmarkReadFile(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := ReadFile("../dicom/testdata/sts019/RS.dcm"); err != nil {
			b.Fatal(err)
		}
	}
}
