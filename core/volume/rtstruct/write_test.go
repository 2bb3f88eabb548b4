package rtstruct

import (
	"bytes"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"radgo/core/volume/dicom"
)

// TestWriteRoundTrip writes the STS_019 CT and its GTV to new files, reads
// both back and rasterises: the mask must be the original 5,564 voxels,
// voxel for voxel, with every contour referencing its slice.
func TestWriteRoundTrip(t *testing.T) {
	img, _, err := dicom.ReadSeries("../dicom/testdata/sts019/ct")
	if err != nil {
		t.Fatal(err)
	}
	ss, err := ReadFile("../dicom/testdata/sts019/RS.dcm")
	if err != nil {
		t.Fatal(err)
	}
	roi, _ := ss.Pick("GTV_Mass_CT")
	want, _, err := roi.Mask(img.Geometry, img.Size, nil)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	info := dicom.SeriesInfo{PatientID: "STS_019", SeriesDescription: "CT"}
	uids, err := dicom.WriteSeries(filepath.Join(dir, "ct"), img, info)
	if err != nil {
		t.Fatal(err)
	}
	series, err := dicom.FindSeries(filepath.Join(dir, "ct"))
	if err != nil {
		t.Fatal(err)
	}
	ref := Reference{PatientID: "STS_019", StudyInstanceUID: series.StudyUID, SeriesInstanceUID: series.UID,
		FrameOfReferenceUID: series.FrameOfReferenceUID, SOPInstanceUIDs: uids, Geometry: img.Geometry}
	out := filepath.Join(dir, "rs.dcm")
	if err := WriteFile(out, &StructureSet{Label: "GTV", ROIs: []*ROI{roi}}, ref); err != nil {
		t.Fatal(err)
	}
	back, err := ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	r, err := back.Pick("GTV_Mass_CT")
	if err != nil {
		t.Fatal(err)
	}
	if r.FrameOfReferenceUID != series.FrameOfReferenceUID || len(r.Contours) != len(roi.Contours) {
		t.Fatalf("FoR %q, %d contours", r.FrameOfReferenceUID, len(r.Contours))
	}
	img2, s2, err := dicom.ReadSeries(filepath.Join(dir, "ct"))
	if err != nil {
		t.Fatal(err)
	}
	idx := s2.SliceIndex()
	for i, c := range r.Contours {
		if _, ok := idx[c.ReferencedSOP]; !ok {
			t.Errorf("contour %d references %q, not a slice of the series", i, c.ReferencedSOP)
		}
	}
	got, _, err := r.Mask(img2.Geometry, img2.Size, &Options{Slices: idx, FrameOfReferenceUID: s2.FrameOfReferenceUID})
	if err != nil {
		t.Fatal(err)
	}
	if got.Count(1) != 5564 || !bytes.Equal(got.Labels, want.Labels) {
		t.Errorf("round-trip mask: %d voxels, equal %v", got.Count(1), bytes.Equal(got.Labels, want.Labels))
	}
	if bin, err := exec.LookPath("dcmdump"); err == nil {
		b, err := exec.Command(bin, "-q", out).CombinedOutput()
		if err != nil || strings.Contains(string(b), "E:") || strings.Contains(string(b), "W:") {
			t.Errorf("dcmdump: %v\n%s", err, b)
		}
	}
}
