package dicom

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
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

func stats(v []float64) (mn, mx, mean float64) {
	mn, mx = math.Inf(1), math.Inf(-1)
	s := 0.0
	for _, x := range v {
		mn, mx, s = min(mn, x), max(mx, x), s+x
	}
	return mn, mx, s / float64(len(v))
}

// TestCTSeries checks the HU anchors of ../shared/guides/imaging.md §2.1
// (pydicom 2.3.1 and DCMTK 3.6.7 agree on them to 4 decimals).
func TestCTSeries(t *testing.T) {
	const meanTol = 5e-5 // the anchors are given to 4 decimals
	cases := []struct {
		name, dir    string
		size         [3]int
		spacing      [3]float64
		mn, mx, mean float64
		fromShared   bool
		originZ      float64
	}{
		{"STS_019", "testdata/sts019/ct", [3]int{136, 134, 47}, [3]float64{0.976562, 0.976562, 3.27}, -1000, 1478, -676.0444, false, -225.63},
		{"IBSI CT phantom", "imaging/ibsi1_ct_phantom/dicom/image", [3]int{204, 201, 60}, [3]float64{0.977, 0.977, 3}, -1000, 3065, -266.4704, true, -100.4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := c.dir
			if c.fromShared {
				dir = shared(t, c.dir)
			}
			v, s, err := ReadSeries(dir)
			if err != nil {
				t.Fatal(err)
			}
			if v.Size != c.size {
				t.Errorf("size %v, want %v", v.Size, c.size)
			}
			for a := 0; a < 3; a++ {
				if math.Abs(v.Spacing[a]-c.spacing[a]) > 1e-6 {
					t.Errorf("spacing %v, want %v", v.Spacing, c.spacing)
				}
			}
			if math.Abs(v.Origin[2]-c.originZ) > 1e-4 {
				t.Errorf("origin %v: want the lowest slice (z %g) first", v.Origin, c.originZ)
			}
			for k := 1; k < len(s.Positions); k++ {
				if s.Positions[k] <= s.Positions[k-1] {
					t.Fatalf("positions not increasing at %d: %v", k, s.Positions[k-1:k+1])
				}
			}
			if lo, hi, integer := s.RescaledRange(); !integer || lo > c.mn || hi < c.mx || hi-lo > 65535 {
				t.Errorf("RescaledRange %g..%g integer %v: want an int16-sized integer range holding the data", lo, hi, integer)
			}
			mn, mx, mean := stats(v.Voxels)
			if mn != c.mn || mx != c.mx || math.Abs(mean-c.mean) > meanTol {
				t.Errorf("HU min %g max %g mean %.6f, want %g %g %.4f (tol %g)", mn, mx, mean, c.mn, c.mx, c.mean, meanTol)
			}
		})
	}
}

// TestTransferSyntaxes: every re-encoding of STS_019 decodes to exactly the
// implicit-VR HU, or is refused naming the syntax and a conversion tool.
// The two-slice copies in testdata always run; the full series run when
// ../shared is present. Data-driven: a new folder is tested unchanged.
func TestTransferSyntaxes(t *testing.T) {
	ref, refSeries, err := ReadSeries("testdata/sts019/ct")
	if err != nil {
		t.Fatal(err)
	}
	idx := refSeries.SliceIndex()
	plane := ref.Size[0] * ref.Size[1]
	refused := map[string][]string{
		"jpegls_lossless": {"JPEG-LS", "dcmdjpls", "gdcmconv --raw"},
		"j2k_lossless":    {"JPEG 2000", "gdcmconv --raw"},
	}
	check := func(t *testing.T, dir, name string) {
		v, s, err := ReadSeries(dir)
		if words, ok := refused[name]; ok {
			var ue *UnsupportedError
			if err == nil || !errors.As(err, &ue) {
				t.Fatalf("%s: err %v, want an UnsupportedError", name, err)
			}
			for _, w := range words {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%s: error %q does not mention %q", name, err, w)
				}
			}
			return
		}
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for k, sl := range s.Slices {
			rk, ok := idx[sl.Instance.SOPInstanceUID]
			if !ok {
				t.Fatalf("%s: SOP %s not in the reference series", name, sl.Instance.SOPInstanceUID)
			}
			got, want := v.Voxels[k*plane:(k+1)*plane], ref.Voxels[rk*plane:(rk+1)*plane]
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("%s: slice %d voxel %d = %g, want %g", name, rk, i, got[i], want[i])
				}
			}
		}
	}
	dirs, _ := filepath.Glob("testdata/syntaxes/*")
	for _, d := range dirs {
		t.Run("testdata/"+filepath.Base(d), func(t *testing.T) { check(t, d, filepath.Base(d)) })
	}
	root := filepath.Join("imaging", "transfer_syntaxes", "sts019_ct_series")
	t.Run("shared", func(t *testing.T) {
		full, _ := filepath.Glob(filepath.Join(shared(t, root), "*"))
		for _, d := range full {
			t.Run(filepath.Base(d), func(t *testing.T) { check(t, d, filepath.Base(d)) })
		}
	})
}

// TestSingleFiles: the pydicom MR_small set decodes to identical pixels in
// every supported encoding; the others are refused by name.
func TestSingleFiles(t *testing.T) {
	load := func(name string) ([]float64, error) {
		ds, err := ParseFile(filepath.Join("testdata/single", name))
		if err != nil {
			return nil, err
		}
		pi, err := ds.Pixels()
		if err != nil {
			return nil, err
		}
		dst := make([]float64, pi.Rows*pi.Columns)
		return dst, ds.DecodeFrame(pi, 0, dst, 1, 0)
	}
	ref, err := load("MR_small.dcm")
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob("testdata/single/MR_small*.dcm")
	for _, f := range files {
		name := filepath.Base(f)
		got, err := load(name)
		switch {
		case strings.Contains(name, "jpeg_ls"):
			if err == nil || !strings.Contains(err.Error(), "JPEG-LS") {
				t.Errorf("%s: %v, want a JPEG-LS refusal", name, err)
			}
		case strings.Contains(name, "jp2k"):
			if err == nil || !strings.Contains(err.Error(), "JPEG 2000") {
				t.Errorf("%s: %v, want a JPEG 2000 refusal", name, err)
			}
		case err != nil:
			t.Errorf("%s: %v", name, err)
		default:
			for i := range ref {
				if got[i] != ref[i] {
					t.Errorf("%s: pixel %d = %g, want %g", name, i, got[i], ref[i])
					break
				}
			}
		}
	}
	if v, err := load("image_dfl.dcm"); err != nil || len(v) != 512*512 {
		t.Errorf("deflated 8-bit image: %v", err)
	}
	if _, err := load("SC_rgb_jpeg_dcmtk.dcm"); err == nil || !strings.Contains(err.Error(), "grayscale") {
		t.Errorf("RGB JPEG: %v, want a refusal naming grayscale", err)
	}
	if _, err := load("JPGExtended.dcm"); err == nil || !strings.Contains(err.Error(), "dcmdjpeg") {
		t.Errorf("JPEG extended 12-bit: %v, want a refusal naming dcmdjpeg", err)
	}
}

// TestAllVRUN: the file that panics suyashkumar/dicom parses here, and its
// JPEG 2000 pixels are refused by name.
func TestAllVRUN(t *testing.T) {
	p := "testdata/single/sts019_000000_j2k_all_vr_UN.dcm"
	ds, err := ParseFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if ds.Int(TagRows, 0) != 134 || ds.Int(TagColumns, 0) != 136 || ds.Modality() != "CT" {
		t.Errorf("Rows %d Columns %d Modality %q", ds.Int(TagRows, 0), ds.Int(TagColumns, 0), ds.Modality())
	}
	if _, _, err := ReadSeries(p); err == nil || !strings.Contains(err.Error(), "JPEG 2000") {
		t.Errorf("ReadSeries: %v, want a JPEG 2000 refusal", err)
	}
}

// TestTruncated cuts a slice at many lengths: every cut gives an error (or,
// for cuts inside trailing padding, a valid file), never a panic.
func TestTruncated(t *testing.T) {
	for _, f := range []string{"testdata/sts019/ct/000010.dcm", "testdata/syntaxes/rle/000020.dcm", "testdata/syntaxes/deflate/000020.dcm", "testdata/single/liver_1frame.dcm"} {
		b, _ := os.ReadFile(f)
		for n := 0; n < len(b); n += 1 + n/20 {
			ds, err := Parse(b[:n])
			if err != nil {
				continue
			}
			if pi, err := ds.Pixels(); err == nil && pi.BitsAllocated > 1 {
				dst := make([]float64, pi.Rows*pi.Columns)
				if ds.DecodeFrame(pi, 0, dst, 1, 0) == nil && n < len(b)-16 {
					t.Errorf("%s cut at %d of %d bytes decodes without error", f, n, len(b))
				}
			}
		}
	}
	dir := t.TempDir()
	files, _ := filepath.Glob("testdata/sts019/ct/*.dcm")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(dir, filepath.Base(f)), b[:3000], 0o644)
	}
	_, _, err := ReadSeries(dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "000000.dcm")) || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("truncated series: %v, want an error naming 000000.dcm and truncation", err)
	}
}

// element encodes one implicit VR little endian element.
func element(tag Tag, value string) []byte {
	if len(value)%2 == 1 {
		value += " "
	}
	b := binary.LittleEndian.AppendUint16(nil, tag.Group())
	b = binary.LittleEndian.AppendUint16(b, tag.Element())
	b = binary.LittleEndian.AppendUint32(b, uint32(len(value)))
	return append(b, value...)
}

func us(v uint16) string { return string([]byte{byte(v), byte(v >> 8)}) }

type slice struct {
	series, sop string
	ipp, iop    string
	rows, cols  int
	pixels      []int16
	slope, icpt string
	bitsStored  int
	unsigned    bool
	modality    string
	frames      int
	extra       map[Tag]string
}

// writeSlice writes a minimal implicit VR little endian CT file (no meta
// group, as older archives do).
func writeSlice(t testing.TB, path string, s slice) {
	t.Helper()
	if s.rows == 0 {
		s.rows, s.cols = 2, 3
	}
	if s.iop == "" {
		s.iop = `1\0\0\0\1\0`
	}
	if s.series == "" {
		s.series = "1.2.3"
	}
	if s.bitsStored == 0 {
		s.bitsStored = 16
	}
	pr := uint16(1)
	if s.unsigned {
		pr = 0
	}
	var b []byte
	add := func(tag Tag, v string) { b = append(b, element(tag, v)...) }
	add(TagSOPClassUID, "1.2.840.10008.5.1.4.1.1.2")
	add(TagSOPInstanceUID, s.sop)
	if s.modality == "" {
		s.modality = "CT"
	}
	if s.frames == 0 {
		s.frames = 1
	}
	add(TagModality, s.modality)
	add(TagSeriesInstanceUID, s.series)
	add(TagImagePosition, s.ipp)
	add(TagImageOrientation, s.iop)
	add(TagFrameOfReferenceUID, "9.9")
	add(TagSamplesPerPixel, us(1))
	if s.frames > 1 {
		add(TagNumberOfFrames, fmt.Sprint(s.frames))
	}
	add(TagPhotometric, "MONOCHROME2")
	add(TagRows, us(uint16(s.rows)))
	add(TagColumns, us(uint16(s.cols)))
	add(TagPixelSpacing, `0.5\0.25`)
	add(TagBitsAllocated, us(16))
	add(TagBitsStored, us(uint16(s.bitsStored)))
	add(TagHighBit, us(uint16(s.bitsStored-1)))
	add(TagPixelRepresentation, us(pr))
	if s.icpt != "" {
		add(TagRescaleIntercept, s.icpt)
		add(TagRescaleSlope, s.slope)
	}
	for tag, v := range s.extra {
		add(tag, v) // tags above (0028,xxxx) only: elements stay in order
	}
	px := make([]byte, 0, 2*s.rows*s.cols*s.frames)
	for i := 0; i < s.rows*s.cols*s.frames; i++ {
		v := int16(i)
		if i < len(s.pixels) {
			v = s.pixels[i]
		}
		px = binary.LittleEndian.AppendUint16(px, uint16(v))
	}
	add(TagPixelData, string(px))
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestSeriesChecks(t *testing.T) {
	mk := func(t *testing.T, zs []float64, mod func(i int, s *slice)) string {
		dir := t.TempDir()
		for i, z := range zs {
			s := slice{sop: fmt.Sprintf("1.2.3.%d", i), ipp: fmt.Sprintf(`-10\20\%g`, z)}
			if mod != nil {
				mod(i, &s)
			}
			// File names in reverse order: sorting must use positions.
			writeSlice(t, filepath.Join(dir, fmt.Sprintf("f%02d.dcm", len(zs)-i)), s)
		}
		return dir
	}
	t.Run("regular", func(t *testing.T) {
		v, _, err := ReadSeries(mk(t, []float64{5, 7, 9, 11}, nil))
		if err != nil {
			t.Fatal(err)
		}
		if v.Size != [3]int{3, 2, 4} || v.Spacing != [3]float64{0.25, 0.5, 2} || v.Origin != [3]float64{-10, 20, 5} {
			t.Errorf("size %v geometry %v", v.Size, v.Geometry)
		}
	})
	for _, c := range []struct {
		name string
		zs   []float64
		mod  func(i int, s *slice)
		want string
	}{
		{"missing slice", []float64{0, 2, 4, 8, 10}, nil, "1 missing slices"},
		{"duplicate", []float64{0, 2, 2, 4}, nil, "same position"},
		{"mixed orientation", []float64{0, 2, 4}, func(i int, s *slice) {
			if i == 1 {
				s.iop = `0\1\0\1\0\0`
			}
		}, "mixed orientation"},
		{"gantry tilt", []float64{0, 2, 4}, func(i int, s *slice) { s.ipp = fmt.Sprintf(`-10\%g\%d`, 20+0.3*float64(i), 2*i) }, "gantry tilt"},
		{"size", []float64{0, 2}, func(i int, s *slice) {
			if i == 1 {
				s.rows, s.cols = 3, 3
			}
		}, "is 3×3"},
		{"no position", []float64{0, 2}, func(i int, s *slice) { s.ipp = "" }, "no ImagePositionPatient"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := ReadSeries(mk(t, c.zs, c.mod))
			var se *SeriesError
			if err == nil || !errors.As(err, &se) || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), ".dcm") {
				t.Errorf("err %v, want a SeriesError naming files and %q", err, c.want)
			}
		})
	}
	t.Run("file list", func(t *testing.T) {
		dir := mk(t, []float64{0, 2, 4, 6}, nil)
		files, _ := filepath.Glob(filepath.Join(dir, "*.dcm"))
		v, _, err := ReadFiles(files[1:3])
		if err != nil || v.Size[2] != 2 {
			t.Errorf("ReadFiles: %v %v", err, v)
		}
		if _, _, err := ReadFiles(nil); err == nil {
			t.Error("no files accepted")
		}
	})
	t.Run("allow uneven", func(t *testing.T) {
		v, s, err := ReadSeries(mk(t, []float64{0, 2, 4, 8}, nil), AllowUnevenSpacing())
		if err != nil || len(s.Warnings) != 1 || math.Abs(v.Spacing[2]-8.0/3) > 1e-12 {
			t.Errorf("err %v, warnings %v, spacing %v", err, s.Warnings, v.Spacing)
		}
	})
	t.Run("rtdose next to CT", func(t *testing.T) {
		dir := mk(t, []float64{0, 2, 4}, nil)
		writeSlice(t, filepath.Join(dir, "dose.dcm"), slice{series: "8.8", sop: "8.8.1", ipp: `0\0\1`, modality: "RTDOSE", frames: 3,
			unsigned: true, extra: map[Tag]string{tagGridFrameOffsets: `0\2.5\5`, tagDoseGridScaling: "0.5"}})
		v, s, err := ReadSeries(dir)
		if err != nil || s.Modality != "CT" || v.Size[2] != 3 {
			t.Fatalf("CT preferred over RTDOSE: %v %v", err, s)
		}
		d, ds, err := ReadSeries(dir, WithSeriesUID("8.8"))
		if err != nil {
			t.Fatal(err)
		}
		if ds.Modality != "RTDOSE" || d.Spacing[2] != 2.5 || d.Origin[2] != 1 || d.At(1, 0, 2) != 0.5*float64(2*6+1) {
			t.Errorf("dose grid: spacing %v origin %v value %g", d.Spacing, d.Origin, d.At(1, 0, 2))
		}
	})
	t.Run("stray files", func(t *testing.T) {
		dir := mk(t, []float64{0, 2}, nil)
		os.WriteFile(filepath.Join(dir, "README"), []byte("hi"), 0o644)
		os.WriteFile(filepath.Join(dir, "empty"), nil, 0o644)
		os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("scanned on the 3rd, reader 2"), 0o644)
		if _, _, err := ReadSeries(dir); err != nil {
			t.Errorf("non-DICOM files in the folder: %v", err)
		}
	})
	t.Run("two series", func(t *testing.T) {
		dir := mk(t, []float64{0, 2}, nil)
		writeSlice(t, filepath.Join(dir, "other.dcm"), slice{series: "7.7", sop: "7.7.1", ipp: `0\0\0`})
		if _, _, err := ReadSeries(dir); err == nil || !strings.Contains(err.Error(), "7.7") || !strings.Contains(err.Error(), "1.2.3") {
			t.Errorf("err %v, want both series listed", err)
		}
		v, _, err := ReadSeries(dir, WithSeriesUID("7.7"))
		if err != nil || v.Size[2] != 1 {
			t.Errorf("WithSeriesUID: %v %v", err, v)
		}
	})
	t.Run("rescale and bits stored", func(t *testing.T) {
		dir := mk(t, []float64{0}, func(i int, s *slice) {
			s.unsigned, s.bitsStored, s.slope, s.icpt = true, 12, "2", "-1024"
			s.pixels = []int16{0, 4095, -1, 100, 0x1001, 7} // -1 = 0xFFFF masks to 4095, 0x1001 to 1
		})
		v, _, err := ReadSeries(dir)
		if err != nil {
			t.Fatal(err)
		}
		want := []float64{-1024, 7166, 7166, -824, -1022, -1010}
		for i, w := range want {
			if v.Voxels[i] != w {
				t.Errorf("voxel %d = %g, want %g", i, v.Voxels[i], w)
			}
		}
		dir = mk(t, []float64{0}, func(i int, s *slice) {
			s.bitsStored = 12
			s.pixels = []int16{0x0FFF, 0x0800, 0x07FF, -2048}
		})
		v, _, _ = ReadSeries(dir)
		for i, w := range []float64{-1, -2048, 2047, -2048} {
			if v.Voxels[i] != w {
				t.Errorf("signed 12-bit voxel %d = %g, want %g", i, v.Voxels[i], w)
			}
		}
	})
}

func TestBadInput(t *testing.T) {
	for _, c := range []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "not a DICOM file (0 bytes: too short)"},
		{"text", []byte("hello, this is not dicom at all........"), "not a DICOM file"},
		{"huge length", append(make([]byte, 128), append([]byte("DICM"), 2, 0, 0x10, 0, 'U', 'I', 0xff, 0x7f)...), "exceeds"},
		{"deep nesting", nest(40), "nested deeper"},
	} {
		_, err := Parse(c.in)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error mentioning %q", c.name, err, c.want)
		}
	}
}

// nest builds implicit VR sequences nested n deep (undefined lengths).
func nest(n int) []byte {
	var b bytes.Buffer
	b.Write(element(TagModality, "CT"))
	for i := 0; i < n; i++ {
		b.Write([]byte{0x08, 0x00, 0x15, 0x11, 0xff, 0xff, 0xff, 0xff}) // (0008,1115) undefined
		b.Write([]byte{0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff}) // item, undefined
	}
	return b.Bytes()
}

func FuzzParse(f *testing.F) {
	for _, p := range []string{"testdata/syntaxes/rle/000020.dcm", "testdata/syntaxes/jpeg_lossless_sv1/000020.dcm", "testdata/syntaxes/explicit_be/000020.dcm",
		"testdata/syntaxes/deflate/000020.dcm", "testdata/single/sts019_000000_j2k_all_vr_UN.dcm", "testdata/single/MR_small.dcm"} {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add(nest(3))
	f.Fuzz(func(t *testing.T, b []byte) {
		ds, err := Parse(b)
		if err != nil {
			return
		}
		pi, err := ds.Pixels()
		if err != nil || pi.Rows*pi.Columns > 1<<20 || pi.BitsAllocated == 1 {
			return
		}
		dst := make([]float64, pi.Rows*pi.Columns)
		ds.DecodeFrame(pi, 0, dst, 1, 0)
		ds.Floats(TagImagePosition)
		ds.Strings(TagImageOrientation)
	})
}
