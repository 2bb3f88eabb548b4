package synth

import (
	"context"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"radgo/core/volume"
	"radgo/core/volume/dicom"
	"radgo/core/volume/rtstruct"
)

func TestMarginsExact(t *testing.T) {
	c, err := Generate(Settings{Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	count := func(f func(p Patient) bool) int {
		n := 0
		for _, p := range c.Patients {
			if f(p) {
				n++
			}
		}
		return n
	}
	checks := []struct {
		name string
		got  int
		want int
	}{
		{"male", count(func(p Patient) bool { return p.Gender == "Male" }), 87},
		{"middle thoracic", count(func(p Patient) bool { return p.Location == "Middle" }), 42},
		{"stage III", count(func(p Patient) bool { return p.Stage == "III" }), 100},
		{"dose 50.4-60", count(func(p Patient) bool { return p.Dose == "50.4-60" }), 77},
		{"HRR", count(func(p Patient) bool { return p.HRR }), 20},
		{"CHEK2", count(func(p Patient) bool { return p.CHEK2 }), 7},
		{"CHEK2 within HRR", count(func(p Patient) bool { return p.CHEK2 && p.HRR }), 7},
		{"NOTCH2", count(func(p Patient) bool { return p.NOTCH2 }), 10},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %d patients, want %d", c.name, c.got, c.want)
		}
	}
}

// The default model must give a cohort shaped like the study's on average:
// about 64% progressions, median PFS about 12 months, median follow-up
// about 33 months (reverse Kaplan–Meier would be more exact; the median
// censoring time of the uncensored-at-random design is close enough here).
func TestCohortShape(t *testing.T) {
	var frac, medPFS, medFU float64
	const seeds = 8
	for seed := uint64(1); seed <= seeds; seed++ {
		c, err := Generate(Settings{Seed: seed, Patients: 500})
		if err != nil {
			t.Fatal(err)
		}
		var prog int
		var fu []float64
		for _, p := range c.Patients {
			if p.Progression {
				prog++
			} else {
				fu = append(fu, p.PFS)
			}
		}
		frac += float64(prog) / 500
		medPFS += kmMedian(c.Patients)
		sort.Float64s(fu)
		medFU += fu[len(fu)/2]
	}
	frac, medPFS, medFU = frac/seeds, medPFS/seeds, medFU/seeds
	t.Logf("progressions %.3f, median PFS %.1f, median follow-up of censored %.1f", frac, medPFS, medFU)
	if math.Abs(frac-0.64) > 0.05 {
		t.Errorf("progression fraction %.3f, want 0.64 ± 0.05", frac)
	}
	if math.Abs(medPFS-12) > 2 {
		t.Errorf("median PFS %.1f months, want 12 ± 2", medPFS)
	}
	if math.Abs(medFU-33) > 5 {
		t.Errorf("median follow-up %.1f months, want 33 ± 5", medFU)
	}
}

// kmMedian is a small product-limit median, independent of core/survival.
func kmMedian(ps []Patient) float64 {
	idx := make([]int, len(ps))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return ps[idx[a]].PFS < ps[idx[b]].PFS })
	s, atRisk := 1.0, float64(len(ps))
	for _, i := range idx {
		if ps[i].Progression {
			s *= 1 - 1/atRisk
			if s <= 0.5 {
				return ps[i].PFS
			}
		}
		atRisk--
	}
	return math.Inf(1)
}

func TestDeterministic(t *testing.T) {
	a, _ := Generate(Settings{Seed: 3, Patients: 20})
	b, _ := Generate(Settings{Seed: 3, Patients: 20})
	for i := range a.Patients {
		if a.Patients[i] != b.Patients[i] {
			t.Fatalf("patient %d differs between two runs with the same seed", i)
		}
	}
	va, _ := a.CT(4)
	vb, _ := b.CT(4)
	for q := range va.Voxels {
		if va.Voxels[q] != vb.Voxels[q] {
			t.Fatalf("CT voxel %d differs between runs", q)
		}
	}
}

func TestWriteReadableByDCMTK(t *testing.T) {
	c, err := Generate(Settings{Seed: 1, Patients: 10})
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := c.Write(context.Background(), dir, nil); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{ClinicalFile, TruthFile, ModelFile, ReadmeFile} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	dcmdump, err := exec.LookPath("dcmdump")
	if err != nil {
		t.Skip("dcmdump (Debian dcmtk) not installed")
	}
	cts, _ := filepath.Glob(filepath.Join(CTDir(dir, "ESCC001"), "*.dcm"))
	if len(cts) != c.Image.Slices {
		t.Fatalf("%d CT files, want %d", len(cts), c.Image.Slices)
	}
	for _, f := range []string{cts[0], cts[len(cts)-1], RTStructPath(dir, "ESCC001", 1), RTStructPath(dir, "ESCC002", 2)} {
		out, err := exec.Command(dcmdump, "-q", "+E", f).CombinedOutput()
		if err != nil || len(out) == 0 {
			t.Errorf("dcmdump %s: %v\n%s", f, err, out)
		}
		if len(out) > 0 && (contains(out, "E: ") || contains(out, "W: ")) {
			t.Errorf("dcmdump %s reports problems:\n%s", f, out)
		}
	}
	// dciodvfy (Debian dicom3tools) checks the files against the CT Image
	// and RT Structure Set IODs: it must report no error and no warning.
	dciodvfy, err := exec.LookPath("dciodvfy")
	if err != nil {
		t.Log("dciodvfy (Debian dicom3tools) not installed: IODs not checked")
		return
	}
	for _, f := range []string{cts[0], cts[len(cts)-1], RTStructPath(dir, "ESCC001", 1), RTStructPath(dir, "ESCC002", 2)} {
		out, _ := exec.Command(dciodvfy, f).CombinedOutput()
		if contains(out, "Error") || contains(out, "Warning") {
			t.Errorf("dciodvfy %s:\n%s", f, out)
		}
	}
}

func contains(b []byte, s string) bool { return strings.Contains(string(b), s) }

// TestWrittenCohort reads a written cohort back with core/volume: the CT
// holds exactly the generated HU (stored as HU + 1024), the patient and
// study attributes are the patient's, both RTSTRUCTs share the CT's
// frame of reference, name their ROI "GTV" and reference the CT slice of
// every contour, and the UIDs depend on the seed and patient only.
func TestWrittenCohort(t *testing.T) {
	img := ImageSettings{Columns: 64, Rows: 64, PixelSpacing: 4.5, Slices: 12, SliceThickness: 5, NoiseHU: 10}
	write := func(seed uint64) (*Cohort, string) {
		c, err := Generate(Settings{Seed: seed, Patients: 10, Image: &img})
		if err != nil {
			t.Fatal(err)
		}
		dir := t.TempDir()
		if err := c.Write(context.Background(), dir, nil); err != nil {
			t.Fatal(err)
		}
		return c, dir
	}
	c, dir := write(5)
	uidsOf := map[string]string{}
	for i, p := range c.Patients {
		v, s, err := dicom.ReadSeries(CTDir(dir, p.ID))
		if err != nil {
			t.Fatal(err)
		}
		want, tum := c.CT(i)
		if v.Size != want.Size || !v.Geometry.Close(want.Geometry, volume.Tolerance{Coordinate: 1e-9, Direction: 1e-9}) {
			t.Fatalf("%s: CT %v %v, want %v %v", p.ID, v.Size, v.Geometry, want.Size, want.Geometry)
		}
		for q := range want.Voxels {
			if v.Voxels[q] != want.Voxels[q] {
				t.Fatalf("%s: voxel %d = %g HU, want %g", p.ID, q, v.Voxels[q], want.Voxels[q])
			}
		}
		ds, err := dicom.ParseFile(s.Slices[0].Instance.Path, dicom.HeaderOnly())
		if err != nil {
			t.Fatal(err)
		}
		sex := map[string]string{"Male": "M", "Female": "F"}[p.Gender]
		icpt, _ := ds.Float(dicom.TagRescaleIntercept, 0)
		if ds.String(dicom.TagPatientID) != p.ID || ds.String(0x00100040) != sex || icpt != -1024 {
			t.Errorf("%s: CT PatientID %q, sex %q (want %q), intercept %g", p.ID, ds.String(dicom.TagPatientID), ds.String(0x00100040), sex, icpt)
		}
		wc, _ := ds.Float(0x00281050, 0)
		ww, _ := ds.Float(0x00281051, 0)
		if wc != 40 || ww != 400 || ds.String(0x00080070) != Manufacturer || ds.String(dicom.TagSeriesDescription) != "Synthetic contrast-enhanced thorax CT" {
			t.Errorf("%s: CT window %g/%g, manufacturer %q, description %q", p.ID, wc, ww, ds.String(0x00080070), ds.String(dicom.TagSeriesDescription))
		}
		idx := s.SliceIndex()
		for r := 1; r <= 2; r++ {
			name := RTStructPath(dir, p.ID, r)
			ss, err := rtstruct.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			roi, err := ss.Pick(ROIName)
			if err != nil {
				t.Fatal(err)
			}
			drawn := c.ReaderContours(i, r, tum)
			if ss.FrameOfReferenceUID != s.FrameOfReferenceUID || roi.FrameOfReferenceUID != s.FrameOfReferenceUID || len(roi.Contours) != len(drawn) {
				t.Fatalf("%s: frame of reference %q / %q, want %q; %d contours, want %d", name, ss.FrameOfReferenceUID, roi.FrameOfReferenceUID, s.FrameOfReferenceUID, len(roi.Contours), len(drawn))
			}
			for n, ct := range roi.Contours {
				if k, ok := idx[ct.ReferencedSOP]; !ok || k != drawn[n].Slice {
					t.Errorf("%s: contour %d references slice %d (%v), want %d", name, n+1, k, ok, drawn[n].Slice)
				}
			}
			rs, err := dicom.ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if rs.String(dicom.TagStudyInstanceUID) != s.StudyUID || rs.String(dicom.TagPatientID) != p.ID || rs.String(0x00100040) != sex {
				t.Errorf("%s: study %q (CT %q), patient %q, sex %q", name, rs.String(dicom.TagStudyInstanceUID), s.StudyUID, rs.String(dicom.TagPatientID), rs.String(0x00100040))
			}
			// Study-level attributes must agree with the CT's (one study).
			for _, tag := range []dicom.Tag{0x00080020, 0x00080030, 0x00200010, 0x00080050, 0x00080090} {
				if rs.Find(tag) == nil || ds.Find(tag) == nil || rs.String(tag) != ds.String(tag) {
					t.Errorf("%s: study attribute %v = %q, CT's %q", name, tag, rs.String(tag), ds.String(tag))
				}
			}
			if want := fmt.Sprintf("Primary tumour, reader %d", r); rs.String(dicom.TagSeriesDescription) != want || rs.String(0x00080070) != Manufacturer {
				t.Errorf("%s: description %q (want %q), manufacturer %q", name, rs.String(dicom.TagSeriesDescription), want, rs.String(0x00080070))
			}
			uidsOf[name[len(dir):]] = rs.String(dicom.TagSOPInstanceUID)
		}
		uidsOf[p.ID] = s.UID
	}
	if len(uidsOf) != 3*len(c.Patients) {
		t.Errorf("%d distinct names, want %d", len(uidsOf), 3*len(c.Patients))
	}
	seen := map[string]bool{}
	for _, u := range uidsOf {
		seen[u] = true
	}
	if len(seen) != len(uidsOf) {
		t.Errorf("UIDs repeat across patients or readers: %v", uidsOf)
	}
	for _, seed := range []uint64{5, 6} {
		_, dir2 := write(seed)
		s, err := dicom.FindSeries(CTDir(dir2, c.Patients[0].ID))
		if err != nil {
			t.Fatal(err)
		}
		if same := s.UID == uidsOf[c.Patients[0].ID]; same != (seed == 5) {
			t.Errorf("seed %d: series UID %s, seed 5's %s", seed, s.UID, uidsOf[c.Patients[0].ID])
		}
	}
}
