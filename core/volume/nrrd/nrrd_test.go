package nrrd

import (
	"bytes"
	"compress/gzip"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"radgo/core/volume"
)

// shared returns a path under the project's ../shared/reference folder, or
// skips the test when it is absent.
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

// TestPyRadiomicsData checks every NRRD test case shipped with PyRadiomics.
// Expected values: Python 3.11 gzip + array decode of the same files
// (count, min, max, sum, non-zero count); exact.
func TestPyRadiomicsData(t *testing.T) {
	dir := shared(t, "pyradiomics/data")
	want := map[string][5]float64{
		"brain1_image.nrrd":                     {1638400, 0, 3057, 631859459, 1546861},
		"brain1_label.nrrd":                     {1638400, 0, 1, 4137, 4137},
		"brain2_image.nrrd":                     {1507328, 0, 1523, 356034155, 1412106},
		"brain2_label.nrrd":                     {1507328, 0, 1, 453, 453},
		"breast1_image.nrrd":                    {113400, 6, 248, 7187342, 113400},
		"breast1_label.nrrd":                    {113400, 0, 1, 143, 143},
		"lung1_label.nrrd":                      {12582912, 0, 1, 837, 837},
		"lung2_label.nrrd":                      {15990784, 0, 1, 24644, 24644},
		"prostate_phantom_subvolume-label.nrrd": {71422, 0, 9, 107126, 12423},
		"prostate_phantom_subvolume.nrrd":       {71422, 0, 2017, 27811967, 71369},
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.nrrd"))
	if len(files) == 0 {
		t.Skip("no NRRD files")
	}
	for _, f := range files {
		name := filepath.Base(f)
		t.Run(name, func(t *testing.T) {
			v, err := ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			w, ok := want[name]
			if !ok {
				t.Logf("%s: no expected values; size %v", name, v.Size)
				return
			}
			mn, mx, sum, nz := math.Inf(1), math.Inf(-1), 0.0, 0
			for _, x := range v.Voxels {
				mn, mx, sum = min(mn, x), max(mx, x), sum+x
				if x != 0 {
					nz++
				}
			}
			got := [5]float64{float64(len(v.Voxels)), mn, mx, sum, float64(nz)}
			if got != w {
				t.Errorf("count/min/max/sum/nonzero = %v, want %v", got, w)
			}
		})
	}
	// Geometry of one case, from its header (LPS, negative y direction).
	v, err := ReadFile(filepath.Join(dir, "brain1_image.nrrd"))
	if err != nil {
		t.Fatal(err)
	}
	if v.Size != [3]int{256, 256, 25} || math.Abs(v.Spacing[0]-0.78125) > 1e-12 || math.Abs(v.Spacing[2]-6.5) > 1e-12 ||
		v.Direction[1][1] != -1 || v.Direction[0][0] != 1 || math.Abs(v.Origin[0]+99.609375) > 1e-12 || math.Abs(v.Origin[2]+78) > 1e-12 {
		t.Errorf("brain1 geometry: size %v %v", v.Size, v.Geometry)
	}
}

func TestLabelMaps(t *testing.T) {
	for _, c := range []struct {
		file  string
		count map[uint8]int
	}{
		{"liver_seg.nrrd", map[uint8]int{1: 107098}},
		{"liver_spine_seg.nrrd", map[uint8]int{1: 107098, 2: 12439}},
		{"Segmentation.seg.nrrd", map[uint8]int{0: 318643, 1: 8487, 2: 1216, 3: 2712, 4: 3259, 5: 34450, 6: 33700, 7: 154589}},
	} {
		m, err := ReadMask(filepath.Join("testdata", c.file))
		if err != nil {
			t.Fatal(err)
		}
		h := m.Histogram()
		for l, n := range c.count {
			if h[l] != n {
				t.Errorf("%s label %d: %d voxels, want %d", c.file, l, h[l], n)
			}
		}
	}
}

func TestSegmentation(t *testing.T) {
	s, err := ReadSegmentation("testdata/Segmentation.seg.nrrd")
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"ribs", "cervical vertebral column", "thoracic vertebral column", "lumbar vertebral column", "right lung", "left lung", "tissue"}
	counts := []int{8487, 1216, 2712, 3259, 34450, 33700, 154589}
	if len(s.Segments) != len(names) {
		t.Fatalf("%d segments, want %d", len(s.Segments), len(names))
	}
	for i, seg := range s.Segments {
		if seg.Name != names[i] || seg.LabelValue != i+1 {
			t.Errorf("segment %d = %+v, want name %q label %d", i, seg, names[i], i+1)
		}
		if n := s.Mask(seg).Count(1); n != counts[i] {
			t.Errorf("segment %q: %d voxels, want %d", seg.Name, n, counts[i])
		}
	}
	g := s.Layers[0].Geometry
	if g.Direction[0][0] != -1 || g.Direction[1][1] != -1 || math.Abs(g.Spacing[0]-3.04687595367432) > 1e-12 {
		t.Errorf("geometry %v", g)
	}

	// 4-D layered: 8 segments over 2 layers; counts from a Python byte
	// decode of the file (layer 1 value 1: 19,139).
	o, err := ReadSegmentation("testdata/SegmentationOverlapping.seg.nrrd")
	if err != nil {
		t.Fatal(err)
	}
	if len(o.Layers) != 2 || len(o.Segments) != 8 || o.Layers[0].Size != [3]int{128, 128, 34} {
		t.Fatalf("%d layers, %d segments, size %v", len(o.Layers), len(o.Segments), o.Layers[0].Size)
	}
	sp, ok := o.Find("overlapping sphere")
	if !ok || sp.Layer != 1 {
		t.Fatalf("overlapping sphere: %+v %v", sp, ok)
	}
	if n := o.Mask(sp).Count(1); n != 19139 {
		t.Errorf("overlapping sphere: %d voxels, want 19139", n)
	}
	ribs, _ := o.Find("ribs")
	if n := o.Mask(ribs).Count(1); n != 8487 {
		t.Errorf("ribs in layered file: %d voxels, want 8487", n)
	}
}

func TestCTChest(t *testing.T) {
	f := shared(t, "imaging/slicer_seg_nrrd/CTChest4.nrrd")
	v, err := ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	s, err := ReadSegmentation("testdata/Segmentation.seg.nrrd")
	if err != nil {
		t.Fatal(err)
	}
	if err := volume.CheckGrid(v, s.Layers[0], volume.GridTolerance); err != nil {
		t.Error(err)
	}
}

func TestRoundTrip(t *testing.T) {
	g := volume.Geometry{Spacing: [3]float64{0.7, 0.8, 2.5}, Origin: [3]float64{-10, 20.5, 3},
		Direction: [3][3]float64{{0, 1, 0}, {-1, 0, 0}, {0, 0, 1}}}
	for _, vals := range [][]float64{{-1024, 0, 3071, 5, 6, 7}, {1e6, -1e6, 0, 1, 2, 3}, {0.5, 1.25, -2, 0, 0, 0}, {math.Pi, 0, 0, 0, 0, 0}} {
		for _, raw := range []bool{false, true} {
			v := &volume.Volume{Voxels: vals, Size: [3]int{3, 2, 1}, Geometry: g}
			var b bytes.Buffer
			if err := Encode(&b, v, &Options{Raw: raw}); err != nil {
				t.Fatal(err)
			}
			w, err := Decode(&b)
			if err != nil {
				t.Fatal(err)
			}
			if w.Size != v.Size || !w.Geometry.Close(v.Geometry, volume.Tolerance{Coordinate: 1e-15, Direction: 1e-15}) {
				t.Errorf("geometry %v, want %v", w.Geometry, v.Geometry)
			}
			for i := range vals {
				if w.Voxels[i] != vals[i] {
					t.Errorf("raw=%v voxel %d = %g, want %g", raw, i, w.Voxels[i], vals[i])
				}
			}
		}
	}
	m := volume.NewMask([3]int{4, 3, 2}, g)
	m.Labels[5], m.Labels[7] = 1, 2
	var b bytes.Buffer
	if err := EncodeSegmentation(&b, []*volume.Mask{m.Binary(1), m.Binary(2)}, []string{"GTV", "node"}, nil); err != nil {
		t.Fatal(err)
	}
	d, err := DecodeData(&b)
	if err != nil {
		t.Fatal(err)
	}
	s, err := d.Segmentation()
	if err != nil {
		t.Fatal(err)
	}
	if seg, ok := s.Find("node"); !ok || s.Mask(seg).Labels[7] != 1 || s.Mask(seg).Count(1) != 1 {
		t.Errorf("segment node lost: %+v", s.Segments)
	}
	// Overlapping segments: the 4-D layered form round-trips every mask.
	o, err := ReadSegmentation("testdata/SegmentationOverlapping.seg.nrrd")
	if err != nil {
		t.Fatal(err)
	}
	var masks []*volume.Mask
	var names []string
	for _, sg := range o.Segments {
		masks, names = append(masks, o.Mask(sg)), append(names, sg.Name)
	}
	b.Reset()
	if err := EncodeSegmentation(&b, masks, names, nil); err != nil {
		t.Fatal(err)
	}
	d, err = DecodeData(&b)
	if err != nil {
		t.Fatal(err)
	}
	back, err := d.Segmentation()
	if err != nil {
		t.Fatal(err)
	}
	if len(back.Layers) != 2 || len(back.Segments) != len(masks) {
		t.Fatalf("%d layers, %d segments", len(back.Layers), len(back.Segments))
	}
	for i, sg := range back.Segments {
		if sg.Name != names[i] || !bytes.Equal(back.Mask(sg).Labels, masks[i].Labels) || !back.Layers[0].Geometry.Close(o.Layers[0].Geometry, volume.GridTolerance) {
			t.Errorf("segment %d %q changed in the round trip", i, sg.Name)
		}
	}
}

func TestEncodingsAndSpaces(t *testing.T) {
	cases := []struct {
		name, header string
		data         []byte
		want         []float64
		origin0      float64
		dir00        float64
	}{
		{"ascii uchar", "type: uchar\ndimension: 3\nsizes: 2 1 1\nspacings: 1 2 3\nencoding: ascii\n", []byte("7 250\n"), []float64{7, 250}, 0, 1},
		{"big-endian short RAS", "type: short\ndimension: 3\nsizes: 2 1 1\nspace: RAS\nspace directions: (2,0,0) (0,1,0) (0,0,1)\nspace origin: (5,6,7)\nendian: big\nencoding: raw\n", []byte{0xff, 0xfe, 0x00, 0x03}, []float64{-2, 3}, -5, -1},
		{"hex ushort", "type: ushort\ndimension: 2\nsizes: 2 1\nendian: little\nencoding: hex\n", []byte("0100 ff\nff\n"), []float64{1, 65535}, 0, 1},
		{"double", "type: double\ndimension: 3\nsizes: 1 1 1\nendian: little\nencoding: raw\nbyte skip: 2\n", append([]byte{9, 9}, f64(-0.125)...), []float64{-0.125}, 0, 1},
		{"float gzip", "type: float\ndimension: 3\nsizes: 1 1 1\nendian: little\nencoding: gzip\n", gz(f32(1.5)), []float64{1.5}, 0, 1},
		{"int64", "type: int64\ndimension: 3\nsizes: 1 1 1\nendian: little\nencoding: raw\n", []byte{0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, []float64{-2}, 0, 1},
	}
	for _, c := range cases {
		v, err := Decode(bytes.NewReader(append([]byte("NRRD0004\n"+c.header+"\n"), c.data...)))
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		for i := range c.want {
			if v.Voxels[i] != c.want[i] {
				t.Errorf("%s: voxel %d = %g, want %g", c.name, i, v.Voxels[i], c.want[i])
			}
		}
		if v.Origin[0] != c.origin0 || v.Direction[0][0] != c.dir00 {
			t.Errorf("%s: geometry %v", c.name, v.Geometry)
		}
	}
}

func TestDetached(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.raw"), []byte{1, 0, 2, 0, 3, 0, 4, 0}, 0o644)
	os.WriteFile(filepath.Join(dir, "b.raw.gz"), gz([]byte{5, 0, 6, 0, 7, 0, 8, 0}), 0o644)
	os.WriteFile(filepath.Join(dir, "one.nhdr"), []byte("NRRD0004\ntype: short\ndimension: 3\nsizes: 2 2 1\nendian: little\nencoding: raw\ndata file: a.raw\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "skip.nhdr"), []byte("NRRD0004\ntype: short\ndimension: 3\nsizes: 1 1 1\nendian: little\nencoding: raw\nbyte skip: -1\ndata file: a.raw\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "list.nhdr"), []byte("NRRD0004\ntype: short\ndimension: 3\nsizes: 2 1 2\nendian: little\nencoding: raw\ndata file: LIST\na.raw\na.raw\n"), 0o644)
	// list.nhdr: each listed file supplies half the values (2 shorts), so
	// a.raw twice gives 1 2 1 2.
	for name, want := range map[string][]float64{"one.nhdr": {1, 2, 3, 4}, "skip.nhdr": {4}, "list.nhdr": {1, 2, 1, 2}} {
		v, err := ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i := range want {
			if v.Voxels[i] != want[i] {
				t.Errorf("%s voxel %d = %g, want %g", name, i, v.Voxels[i], want[i])
			}
		}
	}
}

func TestBadInput(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"empty", "", "empty file"},
		{"magic", "PNG\n", "magic"},
		{"no type", "NRRD0004\ndimension: 3\nsizes: 1 1 1\nencoding: raw\n\n", "type"},
		{"huge", "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 100000 100000 100000\nencoding: raw\n\n", "more than"},
		{"truncated", "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 10 10 10\nencoding: raw\n\nabc", "truncated"},
		{"truncated gzip", "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 10 10 10\nencoding: gzip\n\n\x1f\x8b", "gzip"},
		{"sizes", "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 10 -1 10\nencoding: raw\n\n", "bad size"},
		{"block", "NRRD0004\ntype: block\ndimension: 3\nsizes: 1 1 1\nencoding: raw\n\n", "block"},
		{"dirs", "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 1 1 1\nspace: LPS\nspace directions: (1,0,0) (0,1,0)\nencoding: raw\n\nx", "vectors"},
		{"space", "NRRD0004\ntype: uchar\ndimension: 3\nsizes: 1 1 1\nspace: mars\nencoding: raw\n\nx", "space mars"},
		{"endian", "NRRD0004\ntype: short\ndimension: 3\nsizes: 1 1 1\nencoding: raw\n\nxx", "endian"},
	} {
		_, err := Decode(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want it to mention %q", c.name, err, c.want)
		}
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "cut.nrrd")
	b, _ := os.ReadFile("testdata/liver_seg.nrrd")
	os.WriteFile(p, b[:len(b)/2], 0o644)
	_, err := ReadFile(p)
	if err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("truncated file: %v, want an error naming %s", err, p)
	}
	var fe FormatError
	if !errors.As(err, &fe) {
		t.Errorf("truncated file: %T, want FormatError", errors.Unwrap(err))
	}
}

func FuzzDecode(f *testing.F) {
	for _, n := range []string{"liver_seg.nrrd", "Segmentation.seg.nrrd"} {
		b, _ := os.ReadFile(filepath.Join("testdata", n))
		f.Add(b)
	}
	f.Add([]byte("NRRD0004\ntype: short\ndimension: 4\nsizes: 2 1 1 1\nspace directions: none (1,0,0) (0,1,0) (0,0,1)\nendian: big\nencoding: ascii\n\n1 2"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := DecodeHeader(bytes.NewReader(b))
		if err != nil || h.NumValues() > 1<<22 {
			return
		}
		d, err := DecodeData(bytes.NewReader(b))
		if err != nil {
			return
		}
		if len(d.Values) != d.Header.NumValues() {
			t.Fatalf("%d values, header declares %d", len(d.Values), d.Header.NumValues())
		}
		d.Volume()
		d.Segmentation()
	})
}

func f64(x float64) []byte {
	b := make([]byte, 8)
	u := math.Float64bits(x)
	for i := range b {
		b[i] = byte(u >> (8 * i))
	}
	return b
}

func f32(x float32) []byte {
	u := math.Float32bits(x)
	return []byte{byte(u), byte(u >> 8), byte(u >> 16), byte(u >> 24)}
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// BenchmarkReadFile reads a gzip label map (128×128×34) and a gzip CT
// (512×512×48 label map from ../shared when present).
func BenchmarkReadFile(b *testing.B) {
	files := []string{"testdata/Segmentation.seg.nrrd"}
	for _, f := range files {
		b.Run(filepath.Base(f), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := ReadData(f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
