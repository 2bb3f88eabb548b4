package imageio

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"radgo/core/volume"
	"radgo/core/volume/nifti"
	"radgo/core/volume/nrrd"
)

const (
	sts019CT   = "../dicom/testdata/sts019/ct"
	sts019RS   = "../dicom/testdata/sts019/RS.dcm"
	sts019Mask = "../nifti/testdata/sts019_mask.nii.gz"
	slicerSeg  = "../nrrd/testdata/Segmentation.seg.nrrd"
)

func TestKind(t *testing.T) {
	for path, want := range map[string]string{
		sts019CT:                          KindDICOMFolder,
		sts019RS:                          KindRTStruct,
		sts019CT + "/000000.dcm":          KindDICOMImage,
		sts019Mask:                        KindNIfTI,
		slicerSeg:                         KindSlicerSeg,
		"../nrrd/testdata/liver_seg.nrrd": KindNRRD,
		"../seg/testdata/liver_seg.dcm":   KindSEG,
		"../nifti/testdata/digital_phantom.nii.gz": KindNIfTI,
	} {
		got, err := Kind(path)
		if err != nil || got != want {
			t.Errorf("Kind(%s) = %q, %v; want %q", path, got, err, want)
		}
	}
}

func TestReadPair(t *testing.T) {
	img, m, err := ReadPair(sts019CT, sts019RS, ROI("GTV_Mass_CT"))
	if err != nil {
		t.Fatal(err)
	}
	if n := m.Count(1); n != 5564 {
		t.Errorf("RTSTRUCT: %d voxels, want 5564", n)
	}
	// The same mask through ReadMask (by position) and from the folder.
	for _, p := range []string{sts019RS, filepath.Dir(sts019RS)} {
		m2, err := ReadMask(p, img, ROI("GTV_Mass_CT"))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(m.Labels, m2.Labels) {
			t.Errorf("ReadMask(%s) differs from ReadPair", p)
		}
	}
	// NIfTI mask on the DICOM grid: the float32 header rounds the origin
	// by ~1e-5 mm, beyond the default 1e-6 × spacing.
	if _, err := ReadMask(sts019Mask, img); err == nil || !strings.Contains(err.Error(), "origin") {
		t.Errorf("NIfTI mask at default tolerance: %v, want an origin mismatch", err)
	}
	nm, err := ReadMask(sts019Mask, img, Tolerance(volume.Tolerance{Coordinate: 1e-4, Direction: 1e-6}))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(nm.Labels, m.Labels) {
		t.Errorf("NIfTI mask and RTSTRUCT mask differ")
	}
	if _, err := ReadMask(sts019RS, nil); err == nil || !strings.Contains(err.Error(), "needs the image") {
		t.Errorf("RTSTRUCT without image: %v", err)
	}
	if _, err := ReadMask(sts019RS, img, ROI("nope")); err == nil || !strings.Contains(err.Error(), "GTV_Mass_CT") {
		t.Errorf("unknown ROI: %v", err)
	}
}

func TestLabelMapsAndSegments(t *testing.T) {
	img, err := ReadImage("../nrrd/testdata/liver_spine_seg.nrrd")
	if err != nil {
		t.Fatal(err)
	}
	for label, want := range map[int]int{1: 107098, 2: 12439} {
		m, err := ReadMask("../nrrd/testdata/liver_spine_seg.nrrd", img, Label(label))
		if err != nil || m.Count(1) != want {
			t.Errorf("label %d: %v, want %d voxels", label, err, want)
		}
	}
	if _, err := ReadMask("../nrrd/testdata/liver_spine_seg.nrrd", img, Label(3)); err == nil || !strings.Contains(err.Error(), "labels present: 1, 2") {
		t.Errorf("absent label: %v", err)
	}
	if _, err := ReadMask("../nrrd/testdata/liver_spine_seg.nrrd", img, ROI("liver")); err == nil {
		t.Error("ROI name on a plain label map accepted")
	}
	// SEG onto the NRRD grid (same CT).
	m, err := ReadMask("../seg/testdata/liver_seg.dcm", img)
	if err != nil || m.Count(1) != 107098 {
		t.Errorf("SEG: %v", err)
	}
	// Slicer segments by name and by label value.
	for _, o := range []Option{ROI("left lung"), Label(6)} {
		m, err := ReadMask(slicerSeg, nil, o)
		if err != nil || m.Count(1) != 33700 {
			t.Errorf("Slicer segment: %v", err)
		}
	}
	if _, err := ReadMask(slicerSeg, nil); err == nil || !strings.Contains(err.Error(), "ribs") {
		t.Errorf("ambiguous Slicer segmentation: %v", err)
	}
}

func TestGridMismatch(t *testing.T) {
	img, err := ReadImage("../nifti/testdata/digital_phantom.nii.gz")
	if err != nil {
		t.Fatal(err)
	}
	// A mask on a grid shifted by one voxel and twice as fine.
	g := img.Geometry
	g.Spacing = [3]float64{1, 1, 1}
	m := volume.NewMask([3]int{10, 8, 8}, g)
	for i := range m.Labels {
		m.Labels[i] = 1
	}
	p := filepath.Join(t.TempDir(), "fine.nrrd")
	if err := nrrd.WriteMask(p, m, nil); err != nil {
		t.Fatal(err)
	}
	_, err = ReadMask(p, img)
	var ge *volume.GridError
	if err == nil || !strings.Contains(err.Error(), "spacing") || !asGrid(err, &ge) {
		t.Fatalf("grid mismatch: %v", err)
	}
	r, err := ReadMask(p, img, ResampleToImage())
	if err != nil || r.Size != img.Size || r.Count(1) != 5*4*4 {
		t.Errorf("resampled: %v, %d voxels", err, r.Count(1))
	}
}

func asGrid(err error, ge **volume.GridError) bool {
	for ; err != nil; err = unwrap(err) {
		if g, ok := err.(*volume.GridError); ok {
			*ge = g
			return true
		}
	}
	return false
}

func unwrap(err error) error {
	u, ok := err.(interface{ Unwrap() error })
	if !ok {
		return nil
	}
	return u.Unwrap()
}

// TestWriteForSlicer: an RTSTRUCT mask written as NRRD and NIfTI reads
// back on the image grid.
func TestWriteForSlicer(t *testing.T) {
	img, m, err := ReadPair(sts019CT, sts019RS)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := nrrd.WriteMask(filepath.Join(dir, "gtv.nrrd"), m, nil); err != nil {
		t.Fatal(err)
	}
	if err := nifti.WriteMask(filepath.Join(dir, "gtv.nii.gz"), m); err != nil {
		t.Fatal(err)
	}
	if err := nrrd.WriteFile(filepath.Join(dir, "ct.nrrd"), img, nil); err != nil {
		t.Fatal(err)
	}
	back, err := ReadImage(filepath.Join(dir, "ct.nrrd"))
	if err != nil {
		t.Fatal(err)
	}
	for i := range img.Voxels {
		if back.Voxels[i] != img.Voxels[i] {
			t.Fatalf("NRRD CT voxel %d = %g, want %g", i, back.Voxels[i], img.Voxels[i])
		}
	}
	for _, f := range []string{"gtv.nrrd", "gtv.nii.gz"} {
		r, err := ReadMask(filepath.Join(dir, f), img, Tolerance(volume.Tolerance{Coordinate: 1e-4, Direction: 1e-6}))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if !bytes.Equal(r.Labels, m.Labels) {
			t.Errorf("%s: mask changed", f)
		}
	}
}

func TestInspect(t *testing.T) {
	info, err := Inspect(filepath.Dir(sts019CT))
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	info.WriteText(&b)
	for _, want := range []string{"GTV_Mass_CT", "5564 voxels", "136 × 134 × 47", "min -1000, max 1478, mean -676.0444 HU"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("info lacks %q:\n%s", want, b.String())
		}
	}
	if len(info.Problems) != 0 {
		t.Errorf("problems: %v", info.Problems)
	}
	info, _ = Inspect(slicerSeg)
	b.Reset()
	info.WriteText(&b)
	if !strings.Contains(b.String(), `"right lung"`) || !strings.Contains(b.String(), "34450 voxels") {
		t.Errorf("Slicer info:\n%s", b.String())
	}
	// Truncated series: problems name the files, no panic.
	dir := t.TempDir()
	files, _ := filepath.Glob(sts019CT + "/*.dcm")
	for _, f := range files[:5] {
		bb, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(dir, filepath.Base(f)), bb[:3000], 0o644)
	}
	info, err = Inspect(dir)
	if err != nil || len(info.Problems) != 5 || !strings.Contains(info.Problems[0], "truncated") {
		t.Errorf("truncated: %v %v", err, info.Problems)
	}
}

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

// TestSEGPairs: dcmqi CT + SEG (from ../shared), and a SEG paired with the
// wrong series is refused by FrameOfReferenceUID.
func TestSEGPairs(t *testing.T) {
	if _, m, err := ReadPair("../seg/testdata/labelmap_image", "../seg/testdata/sparse-labelmap-noppv.dcm"); err != nil || m.Count(1) != 630 {
		t.Errorf("labelmap SEG pair: %v", err)
	}
	if _, _, err := ReadPair("../seg/testdata/labelmap_image", "../seg/testdata/liver_seg.dcm"); err == nil || !strings.Contains(err.Error(), "FrameOfReferenceUID") {
		t.Errorf("SEG on the wrong series: %v", err)
	}
	ct := shared(t, "imaging/dcmqi_ct3slice/ct")
	for seg, want := range map[string]int{"liver_seg.dcm": 107098} {
		_, m, err := ReadPair(ct, "../seg/testdata/"+seg)
		if err != nil || m.Count(1) != want {
			t.Errorf("%s: %v, want %d voxels", seg, err, want)
		}
	}
	_, m, err := ReadPair(ct, "../seg/testdata/partial_overlaps_seg.dcm", ROI("PURPLE"))
	if err != nil || m.Count(1) != 10743 {
		t.Errorf("overlapping segment PURPLE: %v", err)
	}
}
