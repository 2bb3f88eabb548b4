package seg

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"radgo/core/volume"
	"radgo/core/volume/dicom"
	"radgo/core/volume/nrrd"
)

func same(a, b *volume.Mask) int {
	d := 0
	for i := range a.Labels {
		if (a.Labels[i] != 0) != (b.Labels[i] != 0) {
			d++
		}
	}
	return d
}

func TestLiver(t *testing.T) {
	ref, err := nrrd.ReadMask("../nrrd/testdata/liver_seg.nrrd")
	if err != nil {
		t.Fatal(err)
	}
	s, err := ReadFile("testdata/liver_seg.dcm")
	if err != nil {
		t.Fatal(err)
	}
	sg, err := s.Pick("", 0, false)
	if err != nil || sg.Label != "Liver" {
		t.Fatalf("%v %+v", err, sg)
	}
	for name, get := range map[string]func() (*volume.Mask, error){
		"on the NRRD grid": func() (*volume.Mask, error) { return s.MaskOn(sg, ref.Geometry, ref.Size) },
		"on its own grid":  func() (*volume.Mask, error) { return s.Mask(sg) },
	} {
		m, err := get()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if m.Size != ref.Size {
			t.Fatalf("%s: size %v, want %v", name, m.Size, ref.Size)
		}
		if n := m.Count(1); n != 107098 {
			t.Errorf("%s: %d voxels, want 107098", name, n)
		}
		if d := same(m, ref); d != 0 {
			t.Errorf("%s: %d voxels differ from liver_seg.nrrd", name, d)
		}
	}
}

// TestBitOrder: the one-frame SEG equals slice 0 of the NRRD pixel for
// pixel; unpacking MSB first would flip 1,746 pixels.
func TestBitOrder(t *testing.T) {
	ref, _ := nrrd.ReadMask("../nrrd/testdata/liver_seg.nrrd")
	s, err := ReadFile("../dicom/testdata/single/liver_1frame.dcm")
	if err != nil {
		t.Fatal(err)
	}
	plane := s.Rows * s.Columns
	lsb, msb := 0, 0
	for p := 0; p < plane; p++ {
		want := ref.Labels[p] != 0
		if s.frameHas(0, p, 1) != want {
			lsb++
		}
		if (s.pixels[p>>3]>>(7-p&7)&1 != 0) != want {
			msb++
		}
	}
	if lsb != 0 || msb != 1746 {
		t.Errorf("LSB-first: %d pixels differ (want 0); MSB-first: %d (want 1746)", lsb, msb)
	}
}

func TestOverlaps(t *testing.T) {
	s, err := ReadFile("testdata/partial_overlaps_seg.dcm")
	if err != nil {
		t.Fatal(err)
	}
	want := []int{9602, 11888, 10743, 6693, 4713}
	if len(s.Segments) != len(want) {
		t.Fatalf("%d segments", len(s.Segments))
	}
	var masks []*volume.Mask
	ref, _ := nrrd.ReadMask("testdata/partial_overlaps-1.nrrd")
	for i, sg := range s.Segments {
		m, err := s.MaskOn(sg, ref.Geometry, ref.Size)
		if err != nil {
			t.Fatal(err)
		}
		if n := m.Count(1); n != want[i] {
			t.Errorf("segment %d %q: %d voxels, want %d", sg.Number, sg.Label, n, want[i])
		}
		masks = append(masks, m)
	}
	// Every label of every split NRRD equals one SEG segment exactly.
	files, _ := filepath.Glob("testdata/partial_overlaps-*.nrrd")
	matched := 0
	for _, f := range files {
		lm, err := nrrd.ReadMask(f)
		if err != nil {
			t.Fatal(err)
		}
		h := lm.Histogram()
		for l := 1; l < 256; l++ {
			if h[l] == 0 {
				continue
			}
			b := lm.Binary(uint8(l))
			found := false
			for _, m := range masks {
				if same(m, b) == 0 {
					found = true
				}
			}
			if !found {
				t.Errorf("%s label %d (%d voxels) matches no SEG segment", f, l, h[l])
			}
			matched++
		}
	}
	if matched != 5 {
		t.Errorf("%d NRRD labels, want 5", matched)
	}
}

func TestLabelmap(t *testing.T) {
	s, err := ReadFile("testdata/sparse-labelmap-noppv.dcm")
	if err != nil {
		t.Fatal(err)
	}
	if s.Type != "LABELMAP" {
		t.Errorf("type %q", s.Type)
	}
	img, _, err := dicom.ReadSeries("testdata/labelmap_image")
	if err != nil {
		t.Fatal(err)
	}
	sg, err := s.Pick("Liver", 0, false)
	if err != nil {
		t.Fatal(err)
	}
	m, err := s.MaskOn(sg, img.Geometry, img.Size)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := nrrd.ReadMask("testdata/sparse_labelmap_noppv_seg.nrrd")
	if err != nil {
		t.Fatal(err)
	}
	if n := m.Count(1); n != 630 {
		t.Errorf("%d voxels, want 630", n)
	}
	if err := volume.CheckGrid(img, ref, volume.Tolerance{Coordinate: 1e-4, Direction: 1e-6}); err == nil {
		if d := same(m, ref); d != 0 {
			t.Errorf("%d voxels differ from the NRRD", d)
		}
	} else {
		t.Errorf("NRRD grid: %v", err)
	}
}

func TestRefused(t *testing.T) {
	b, _ := os.ReadFile("../dicom/testdata/single/liver_1frame.dcm")
	ds, err := dicom.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	ds.Find(tagSegmentationType).Value = []byte("FRACTIONAL")
	if _, err := FromDataset(ds); err == nil || !strings.Contains(err.Error(), "FRACTIONAL") || !strings.Contains(err.Error(), "MaximumFractionalValue") {
		t.Errorf("fractional: %v", err)
	}
	s, _ := ReadFile("testdata/partial_overlaps_seg.dcm")
	if _, err := s.Pick("", 0, false); err == nil || !strings.Contains(err.Error(), "GREEN") {
		t.Errorf("ambiguous pick: %v, want the segment list", err)
	}
	if _, err := s.Pick("", 9, true); err == nil {
		t.Error("segment 9 found")
	}
	// A grid that does not hold the frames.
	g := volume.Identity([3]float64{1, 1, 1})
	if _, err := s.MaskOn(s.Segments[0], g, [3]int{4, 4, 4}); err == nil {
		t.Error("MaskOn a foreign grid succeeded")
	}
	for n := 0; n < len(b); n += 1009 {
		Decode(b[:n]) // must not panic
	}
}

func FuzzDecode(f *testing.F) {
	for _, p := range []string{"../dicom/testdata/single/liver_1frame.dcm", "testdata/sparse-labelmap-noppv.dcm"} {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Decode(b)
		if err != nil {
			return
		}
		for _, sg := range s.Segments {
			s.Count(sg)
			if _, size, err := s.Grid(); err == nil && size[0]*size[1]*size[2] < 1<<22 {
				s.Mask(sg)
			}
		}
	})
}

// TestUnalignedFrames: 3×3 frames (9 bits) are packed without padding, so
// frame 1 starts at bit 1 of byte 1 (the case suyashkumar/dicom refuses).
func TestUnalignedFrames(t *testing.T) {
	// frame 0: pixels 0 and 8 set (bits 0, 8); frame 1: pixel 0 and 4 (bits 9, 13)
	s := &Segmentation{Type: "BINARY", Rows: 3, Columns: 3, bits: 1,
		pixels: []byte{0b00000001, 0b00100011, 0b00000000}, Frames: []Frame{{Segment: 1}, {Segment: 1}}}
	var got [2][9]bool
	for f := 0; f < 2; f++ {
		for p := 0; p < 9; p++ {
			got[f][p] = s.frameHas(f, p, 1)
		}
	}
	want := [2][9]bool{{0: true, 8: true}, {0: true, 4: true}}
	if got != want {
		t.Errorf("unpacked %v, want %v", got, want)
	}
}
