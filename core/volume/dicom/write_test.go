package dicom

import (
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
