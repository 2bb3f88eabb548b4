package dicom

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"radgo/core/volume"
)

var tol14 = volume.Tolerance{Coordinate: 1e-12, Direction: 1e-12}

func TestFormatDS(t *testing.T) {
	for _, v := range []float64{-87.890707999999, 0.976562, 3.27, -225.63, 1e-17, -1234567.123456789, 0, 1} {
		s := formatDS(v)
		x, err := strconv.ParseFloat(s, 64)
		if len(s) > 16 || err != nil || (len(strconv.FormatFloat(v, 'g', -1, 64)) <= 16 && x != v) {
			t.Errorf("formatDS(%v) = %q", v, s)
		}
	}
}

// TestWriteSeries writes STS_019 back out and reads it again: same HU,
// same geometry; DCMTK's dcmdump (when installed) reads every file without
// error.
func TestWriteSeries(t *testing.T) {
	v, _, err := ReadSeries("testdata/sts019/ct")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	uids, err := WriteSeries(dir, v, SeriesInfo{PatientID: "STS_019", SeriesDescription: "round trip"})
	if err != nil {
		t.Fatal(err)
	}
	w, s, err := ReadSeries(dir)
	if err != nil {
		t.Fatal(err)
	}
	if w.Size != v.Size || w.Geometry != v.Geometry && !w.Geometry.Close(v.Geometry, tol14) {
		t.Errorf("geometry %v, want %v", w.Geometry, v.Geometry)
	}
	for i := range v.Voxels {
		if w.Voxels[i] != v.Voxels[i] {
			t.Fatalf("voxel %d = %g, want %g", i, w.Voxels[i], v.Voxels[i])
		}
	}
	if s.Slices[3].Instance.SOPInstanceUID != uids[3] || !strings.HasPrefix(uids[3], "2.25.") || len(uids[3]) > 64 {
		t.Errorf("UIDs %v", uids[:4])
	}
	if again, _ := WriteSeries(t.TempDir(), v, SeriesInfo{PatientID: "STS_019", SeriesDescription: "round trip"}); again[0] != uids[0] {
		t.Error("UIDs are not reproducible")
	}
	if bin, err := exec.LookPath("dcmdump"); err == nil {
		out, err := exec.Command(bin, "-q", filepath.Join(dir, "slice0000.dcm")).CombinedOutput()
		if err != nil || strings.Contains(string(out), "E:") || strings.Contains(string(out), "W:") {
			t.Errorf("dcmdump: %v\n%s", err, out)
		}
	}
	v.Voxels[0] = 0.5
	if _, err := WriteSeries(t.TempDir(), v, SeriesInfo{}); err == nil {
		t.Error("non-integer HU written")
	}
	os.RemoveAll(dir)
}

// TestWriteSeriesIntercept writes a small volume with each rescale
// intercept: the values read back are the ones written, the stored values
// are the voxel minus the intercept, and PatientSex is written; a value
// whose stored form leaves the int16 range is refused.
func TestWriteSeriesIntercept(t *testing.T) {
	v := volume.New([3]int{3, 2, 2}, volume.Identity([3]float64{0.5, 0.5, 2}))
	for i := range v.Voxels {
		v.Voxels[i] = float64(-1024 + 300*i)
	}
	cases := []struct {
		intercept float64
		sex       string
		maxHU     float64 // a value that just fits
		tooBig    float64 // a value that does not
	}{
		{0, "", 32767, 32768},
		{-1024, "F", 32767 - 1024, 32767 - 1023},
		{-1000, "M", 31767, 31768},
	}
	for _, c := range cases {
		dir := t.TempDir()
		v.Voxels[len(v.Voxels)-1] = c.maxHU
		if _, err := WriteSeries(dir, v, SeriesInfo{PatientID: "P", PatientSex: c.sex, RescaleIntercept: c.intercept}); err != nil {
			t.Fatalf("intercept %g: %v", c.intercept, err)
		}
		w, _, err := ReadSeries(dir)
		if err != nil {
			t.Fatal(err)
		}
		for i := range v.Voxels {
			if w.Voxels[i] != v.Voxels[i] {
				t.Errorf("intercept %g: voxel %d = %g, want %g", c.intercept, i, w.Voxels[i], v.Voxels[i])
			}
		}
		ds, err := ParseFile(filepath.Join(dir, "slice0000.dcm"))
		if err != nil {
			t.Fatal(err)
		}
		icpt, err := ds.Float(TagRescaleIntercept, 99)
		if err != nil || icpt != c.intercept {
			t.Errorf("RescaleIntercept %g (%v), want %g", icpt, err, c.intercept)
		}
		if sex := ds.String(0x00100040); sex != c.sex {
			t.Errorf("PatientSex %q, want %q", sex, c.sex)
		}
		px := ds.Find(TagPixelData).Value
		if stored := int16(uint16(px[0]) | uint16(px[1])<<8); float64(stored) != v.Voxels[0]-c.intercept {
			t.Errorf("intercept %g: stored value %d for %g", c.intercept, stored, v.Voxels[0])
		}
		v.Voxels[len(v.Voxels)-1] = c.tooBig
		if _, err := WriteSeries(t.TempDir(), v, SeriesInfo{RescaleIntercept: c.intercept}); err == nil {
			t.Errorf("intercept %g: %g written although its stored value leaves int16", c.intercept, c.tooBig)
		}
	}
}

// TestWriteSeriesAttributes checks that every slice holds the Type 1 and
// Type 2 attributes of the CT Image IOD's modules (PS3.3 A.3), with the
// SeriesInfo values when given and empty (but present) when not, that the
// optional window and body part are written only when set, and that
// dciodvfy (Debian dicom3tools, when installed) reports no error.
func TestWriteSeriesAttributes(t *testing.T) {
	v := volume.New([3]int{4, 3, 2}, volume.Identity([3]float64{0.75, 0.75, 2.5}))
	full := SeriesInfo{PatientID: "P7", PatientName: "Doe^John", PatientSex: "M", StudyDate: "20200101", StudyTime: "093000",
		StudyID: "S1", SeriesDescription: "thorax", Manufacturer: "radgo test", PatientPosition: "HFS", BodyPartExamined: "CHEST",
		RescaleIntercept: -1024, WindowCenter: 40, WindowWidth: 400}
	for _, c := range []struct {
		name string
		info SeriesInfo
		want map[Tag]string // value of each attribute that must be present
		omit []Tag          // attributes that must be absent
	}{
		{"empty", SeriesInfo{}, map[Tag]string{
			0x00100010: "", TagPatientID: "ANON", 0x00100030: "", 0x00100040: "",
			0x00080020: "", 0x00080030: "", 0x00080090: "", 0x00200010: "", 0x00080050: "",
			TagModality: "CT", 0x00200011: "1", 0x00185100: "", 0x00200060: "",
			0x00201040: "", 0x00080070: "", TagInstanceNumber: "1",
			0x00080008: "DERIVED\\SECONDARY\\AXIAL", TagSliceThickness: "2.5", TagPixelSpacing: "0.75\\0.75",
			TagImagePosition: "0\\0\\0", TagImageOrientation: "1\\0\\0\\0\\1\\0", 0x00201041: "0",
			TagPhotometric: "MONOCHROME2", 0x00180060: "", 0x00200012: "",
			TagRescaleIntercept: "0", TagRescaleSlope: "1", 0x00281054: "HU",
		}, []Tag{0x00281050, 0x00281051, 0x00180015}},
		{"full", full, map[Tag]string{
			0x00100010: "Doe^John", TagPatientID: "P7", 0x00100040: "M", 0x00080020: "20200101", 0x00080030: "093000",
			0x00200010: "S1", TagSeriesDescription: "thorax", 0x00080070: "radgo test", 0x00185100: "HFS",
			0x00180015: "CHEST", 0x00281050: "40", 0x00281051: "400", TagRescaleIntercept: "-1024",
		}, []Tag{0x00200060}},
	} {
		dir := t.TempDir()
		if _, err := WriteSeries(dir, v, c.info); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for k := range v.Size[2] {
			name := filepath.Join(dir, fmt.Sprintf("slice%04d.dcm", k))
			ds, err := ParseFile(name)
			if err != nil {
				t.Fatal(err)
			}
			for _, tag := range []Tag{TagStudyInstanceUID, TagSeriesInstanceUID, TagFrameOfReferenceUID, TagSOPInstanceUID, TagRows, TagColumns, TagPixelData} {
				if ds.Find(tag) == nil || len(ds.Find(tag).Value) == 0 {
					t.Errorf("%s slice %d: Type 1 %v missing or empty", c.name, k, tag)
				}
			}
			if ds.String(TagSOPClassUID) != CTImageStorage {
				t.Errorf("%s: SOP class %q", c.name, ds.String(TagSOPClassUID))
			}
			if got := ds.String(0x00201041); k == 1 && got != "2.5" {
				t.Errorf("%s: slice 1 SliceLocation %q, want 2.5", c.name, got)
			}
			if k > 0 {
				continue
			}
			for tag, want := range c.want {
				if ds.Find(tag) == nil {
					t.Errorf("%s: %v absent", c.name, tag)
				} else if got := ds.String(tag); got != want {
					t.Errorf("%s: %v = %q, want %q", c.name, tag, got, want)
				}
			}
			for _, tag := range c.omit {
				if ds.Find(tag) != nil {
					t.Errorf("%s: %v written although not set", c.name, tag)
				}
			}
			// With every field set, dciodvfy must be silent; without them
			// it may only warn (of empty Laterality and of the empty
			// StudyTime and StudyID a DICOMDIR would need).
			if msgs := dciodvfy(t, name); c.name == "full" && len(msgs) > 0 || strings.Contains(strings.Join(msgs, "\n"), "Error") {
				t.Errorf("%s: dciodvfy:\n%s", c.name, strings.Join(msgs, "\n"))
			}
		}
	}
	for _, w := range [][2]float64{{40, -1}, {40, 0.5}, {math.NaN(), 400}, {40, math.Inf(1)}, {math.Inf(-1), 400}} {
		if _, err := WriteSeries(t.TempDir(), v, SeriesInfo{WindowCenter: w[0], WindowWidth: w[1]}); err == nil {
			t.Errorf("window %v accepted", w)
		}
	}
}

// dciodvfy returns the errors and warnings dciodvfy (Debian dicom3tools)
// reports for file; nil when dciodvfy is not installed.
func dciodvfy(t *testing.T, file string) []string {
	t.Helper()
	bin, err := exec.LookPath("dciodvfy")
	if err != nil {
		return nil
	}
	out, _ := exec.Command(bin, file).CombinedOutput()
	var msgs []string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "Error") || strings.HasPrefix(l, "Warning") {
			msgs = append(msgs, l)
		}
	}
	return msgs
}
