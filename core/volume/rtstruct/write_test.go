package rtstruct

import (
	"bytes"
	"math"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"radgo/core/volume"
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

// TestWritePatientStudy checks that the patient and study attributes of the
// Reference are written as given.
func TestWritePatientStudy(t *testing.T) {
	ref := Reference{PatientID: "P1", PatientName: "Doe^Jane", PatientSex: "F", StudyDate: "20200101",
		StudyInstanceUID: "1.2.3", SeriesInstanceUID: "1.2.3.4", FrameOfReferenceUID: "1.2.3.5",
		SOPInstanceUIDs: []string{"1.2.3.4.1"}, Geometry: volume.Identity([3]float64{1, 1, 1})}
	ss := &StructureSet{Label: "R1", ROIs: []*ROI{{Name: "GTV", Contours: []Contour{{Points: [][3]float64{{0, 0, 0}, {1, 0, 0}, {1, 1, 0}}}}}}}
	b, err := Encode(ss, ref)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := dicom.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		tag  dicom.Tag
		want string
	}{
		{dicom.TagPatientID, "P1"}, {0x00100010, "Doe^Jane"}, {0x00100040, "F"},
		{0x00080020, "20200101"}, {dicom.TagStudyInstanceUID, "1.2.3"},
	} {
		if got := ds.String(c.tag); got != c.want {
			t.Errorf("%v = %q, want %q", c.tag, got, c.want)
		}
	}
	back, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	if r, err := back.Pick("GTV"); err != nil || len(r.Contours) != 1 || r.Contours[0].ReferencedSOP != "1.2.3.4.1" {
		t.Errorf("GTV %+v, %v", r, err)
	}
}

// TestWriteAttributes checks that an encoded structure set holds the Type 1
// and Type 2 attributes of the RT Structure Set IOD's modules (PS3.3 A.19),
// with the Reference values when given and empty (but present) when not,
// top level and in the ROI, contour and observation items; SeriesDescription
// is written only when set; dciodvfy (Debian dicom3tools, when installed)
// reports no error, and nothing at all when every field is set.
func TestWriteAttributes(t *testing.T) {
	base := Reference{PatientID: "P1", StudyInstanceUID: "1.2.3", SeriesInstanceUID: "1.2.3.4", FrameOfReferenceUID: "1.2.3.5",
		SOPInstanceUIDs: []string{"1.2.3.4.1", "1.2.3.4.2"}, Geometry: volume.Identity([3]float64{1, 1, 1})}
	full := base
	full.PatientName, full.PatientSex, full.StudyDate, full.StudyTime, full.StudyID = "Doe^Jane", "F", "20200101", "093000", "S1"
	full.SeriesDescription, full.Manufacturer = "Primary tumour, reader 1", "radgo test"
	square := func(z float64) Contour {
		return Contour{Points: [][3]float64{{0, 0, z}, {2, 0, z}, {2, 2, z}, {0, 2, z}}}
	}
	ss := &StructureSet{Label: "R1", ROIs: []*ROI{{Name: "GTV", Contours: []Contour{square(0), square(1)}}}}
	for _, c := range []struct {
		name string
		ref  Reference
		want map[dicom.Tag]string
		omit []dicom.Tag
	}{
		{"empty", base, map[dicom.Tag]string{
			0x00100010: "", dicom.TagPatientID: "P1", 0x00100030: "", 0x00100040: "",
			dicom.TagStudyInstanceUID: "1.2.3", 0x00080020: "", 0x00080030: "", 0x00080090: "", 0x00200010: "", 0x00080050: "",
			dicom.TagModality: "RTSTRUCT", 0x00200011: "1000", 0x00081070: "",
			dicom.TagFrameOfReferenceUID: "1.2.3.5", 0x00201040: "", 0x00080070: "",
			tagStructureSetLabel: "R1", 0x30060008: "", 0x30060009: "",
		}, []dicom.Tag{dicom.TagSeriesDescription}},
		{"full", full, map[dicom.Tag]string{
			0x00100010: "Doe^Jane", 0x00100040: "F", 0x00080020: "20200101", 0x00080030: "093000", 0x00200010: "S1",
			dicom.TagSeriesDescription: "Primary tumour, reader 1", 0x00080070: "radgo test",
		}, nil},
	} {
		b, err := Encode(ss, c.ref)
		if err != nil {
			t.Fatal(err)
		}
		ds, err := dicom.Parse(b)
		if err != nil {
			t.Fatal(err)
		}
		if ds.String(dicom.TagSOPClassUID) != RTStructureSetStorage || ds.String(dicom.TagSOPInstanceUID) == "" || ds.String(dicom.TagSeriesInstanceUID) == "" {
			t.Errorf("%s: SOP class %q, instance %q, series %q", c.name, ds.String(dicom.TagSOPClassUID), ds.String(dicom.TagSOPInstanceUID), ds.String(dicom.TagSeriesInstanceUID))
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
		items := []struct {
			what string
			item *dicom.Dataset
			want map[dicom.Tag]string
		}{
			{"StructureSetROI", ds.Item(tagStructureSetROISeq, 0), map[dicom.Tag]string{tagROINumber: "1", tagRefFrameOfRefUID: "1.2.3.5", tagROIName: "GTV", 0x30060036: "MANUAL"}},
			{"ROIContour", ds.Item(tagROIContourSeq, 0), map[dicom.Tag]string{tagRefROINumber: "1", tagROIDisplayColor: "255\\0\\0"}},
			{"Contour 2", ds.Item(tagROIContourSeq, 0).Item(tagContourSeq, 1), map[dicom.Tag]string{0x30060048: "2", tagContourGeomType: "CLOSED_PLANAR", tagNumContourPoints: "4"}},
			{"ContourImage", ds.Item(tagROIContourSeq, 0).Item(tagContourSeq, 1).Item(tagContourImageSeq, 0), map[dicom.Tag]string{dicom.TagReferencedSOPInst: "1.2.3.4.2"}},
			{"RTROIObservations", ds.Item(tagROIObservationsSeq, 0), map[dicom.Tag]string{0x30060082: "1", tagObsRefROINumber: "1", tagInterpretedType: "GTV", 0x300600A6: ""}},
		}
		for _, it := range items {
			if it.item == nil {
				t.Errorf("%s: no %s item", c.name, it.what)
				continue
			}
			for tag, want := range it.want {
				if it.item.Find(tag) == nil {
					t.Errorf("%s: %s %v absent", c.name, it.what, tag)
				} else if got := it.item.String(tag); got != want {
					t.Errorf("%s: %s %v = %q, want %q", c.name, it.what, tag, got, want)
				}
			}
		}
		if bin, err := exec.LookPath("dciodvfy"); err == nil {
			name := filepath.Join(t.TempDir(), "rs.dcm")
			if err := WriteFile(name, ss, c.ref); err != nil {
				t.Fatal(err)
			}
			out, _ := exec.Command(bin, name).CombinedOutput()
			var msgs []string
			for _, l := range strings.Split(string(out), "\n") {
				if strings.HasPrefix(l, "Error") || strings.HasPrefix(l, "Warning") {
					msgs = append(msgs, l)
				}
			}
			// Without StudyTime and StudyID dciodvfy warns that a DICOMDIR
			// needs them; errors are never allowed.
			if c.name == "full" && len(msgs) > 0 || strings.Contains(string(out), "Error") {
				t.Errorf("%s: dciodvfy:\n%s", c.name, strings.Join(msgs, "\n"))
			}
		}
	}
}

// A structure set is written in Explicit VR Little Endian, and in Implicit
// VR only when a contour's ContourData exceeds explicit VR's 64 KB; both
// read back with every point.
func TestEncodeTransferSyntax(t *testing.T) {
	geom := volume.Identity([3]float64{1, 1, 1})
	ref := Reference{PatientID: "P", StudyInstanceUID: "1.2.3", SeriesInstanceUID: "1.2.3.4", FrameOfReferenceUID: "1.2.3.5",
		SOPInstanceUIDs: []string{"1.2.3.6"}, Geometry: geom}
	circle := func(n int) Contour {
		c := Contour{Type: "CLOSED_PLANAR"}
		for i := 0; i < n; i++ {
			a := 2 * math.Pi * float64(i) / float64(n)
			c.Points = append(c.Points, [3]float64{10 + 5.123456789*math.Cos(a), 10 + 5.123456789*math.Sin(a), 0})
		}
		return c
	}
	for _, tc := range []struct {
		points int
		syntax string
	}{{64, "1.2.840.10008.1.2.1"}, {4000, "1.2.840.10008.1.2\x00"}} {
		ss := &StructureSet{Label: "T", ROIs: []*ROI{{Number: 1, Name: "GTV", FrameOfReferenceUID: "1.2.3.5", Contours: []Contour{circle(tc.points)}}}}
		b, err := Encode(ss, ref)
		if err != nil {
			t.Fatalf("%d points: %v", tc.points, err)
		}
		if !bytes.Contains(b[:300], []byte(tc.syntax)) {
			t.Errorf("%d points: transfer syntax %q not in the file meta", tc.points, tc.syntax)
		}
		dir := t.TempDir()
		name := filepath.Join(dir, "rs.dcm")
		if err := WriteFile(name, ss, ref); err != nil {
			t.Fatal(err)
		}
		back, err := ReadFile(name)
		if err != nil {
			t.Fatalf("%d points: %v", tc.points, err)
		}
		if got := len(back.ROIs[0].Contours[0].Points); got != tc.points {
			t.Errorf("read back %d points, want %d", got, tc.points)
		}
	}
}
