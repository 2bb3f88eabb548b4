package nifti

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"radgo/core/volume"
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

func TestDigitalPhantom(t *testing.T) {
	v, err := ReadFile("testdata/digital_phantom.nii.gz")
	if err != nil {
		t.Fatal(err)
	}
	m, err := ReadMask("testdata/digital_phantom_mask.nii.gz")
	if err != nil {
		t.Fatal(err)
	}
	if err := volume.CheckGrid(v, m, volume.GridTolerance); err != nil {
		t.Fatal(err)
	}
	// sform diag(-2,-2,2) in RAS → identity direction in LPS, 2 mm.
	want := volume.Identity([3]float64{2, 2, 2})
	if v.Size != [3]int{5, 4, 4} || !v.Geometry.Close(want, volume.GridTolerance) {
		t.Errorf("size %v geometry %v", v.Size, v.Geometry)
	}
	n, sum := 0, 0.0
	for i, l := range m.Labels {
		if l == 1 {
			n++
			sum += v.Voxels[i]
		}
	}
	// IBSI 1 digital phantom: 74 voxels, mean 2.149 (table 2.15).
	if n != 74 || sum != 159 {
		t.Errorf("mask %d voxels, sum %g; want 74, 159", n, sum)
	}
}

func TestQformOnly(t *testing.T) {
	m, err := ReadMask("testdata/sts019_mask.nii.gz")
	if err != nil {
		t.Fatal(err)
	}
	if n := m.Count(1); n != 5564 {
		t.Errorf("STS_019 mask: %d voxels, want 5564", n)
	}
	// qform (0,0,1) = 180° about z: RAS x,y flipped = LPS identity;
	// origin = −qoffset x, y (float32 values of the header).
	const tol = 1e-9
	want := [3]float64{-87.89071, -143.55475, -225.63} // float32 header values, shortest decimal
	if m.Spacing != [3]float64{0.976562, 0.976562, 3.27} {
		t.Errorf("spacing %v, want the decimal values 0.976562 0.976562 3.27", m.Spacing)
	}
	for a := 0; a < 3; a++ {
		if math.Abs(m.Origin[a]-want[a]) > tol || math.Abs(m.Direction[a][a]-1) > tol {
			t.Errorf("geometry %v, want origin %v and identity", m.Geometry, want)
		}
	}
	if math.Abs(m.Spacing[2]-3.27) > 1e-6 || math.Abs(m.Spacing[0]-0.976562) > 1e-6 {
		t.Errorf("spacing %v", m.Spacing)
	}
}

// TestSformAndQformAgree reads the IBSI CT phantom (qform 2 and sform 1):
// both transforms must give the same LPS grid.
func TestSformAndQformAgree(t *testing.T) {
	p := shared(t, "imaging/ibsi1_ct_phantom/nifti/image/phantom.nii.gz")
	f, _ := os.Open(p)
	defer f.Close()
	zr, _ := gzip.NewReader(f)
	h, err := DecodeHeader(zr)
	if err != nil {
		t.Fatal(err)
	}
	gs, _ := h.Geometry()
	h.SformCode = 0
	gq, _ := h.Geometry()
	if !gs.Close(gq, volume.Tolerance{Coordinate: 1e-6, Direction: 1e-6}) {
		t.Errorf("sform %v\nqform %v", gs, gq)
	}
	v, err := ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	mn, mx, sum := math.Inf(1), math.Inf(-1), 0.0
	for _, x := range v.Voxels {
		mn, mx, sum = min(mn, x), max(mx, x), sum+x
	}
	// IBSI CT phantom HU: mean −266.4704, min −1000, max 3065 (guide §2.1).
	if mn != -1000 || mx != 3065 || math.Abs(sum/float64(len(v.Voxels))+266.4704) > 5e-5 {
		t.Errorf("HU min %g max %g mean %g", mn, mx, sum/float64(len(v.Voxels)))
	}
}

func TestRoundTrip(t *testing.T) {
	dirs := [][3][3]float64{
		{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
		{{-1, 0, 0}, {0, -1, 0}, {0, 0, 1}},
		{{0, 0, 1}, {1, 0, 0}, {0, 1, 0}},
		{{1, 0, 0}, {0, 1, 0}, {0, 0, -1}}, // left-handed: qfac −1
		{{math.Cos(0.3), -math.Sin(0.3), 0}, {math.Sin(0.3), math.Cos(0.3), 0}, {0, 0, 1}},
	}
	for n, d := range dirs {
		g := volume.Geometry{Spacing: [3]float64{0.75, 0.5, 3}, Origin: [3]float64{-100.5, 20.25, 7}, Direction: d}
		v := &volume.Volume{Voxels: []float64{-1024, 0, 1, 2, 3, 3071}, Size: [3]int{3, 2, 1}, Geometry: g}
		var b bytes.Buffer
		if err := Encode(&b, v); err != nil {
			t.Fatal(err)
		}
		for _, qonly := range []bool{false, true} {
			bb := append([]byte(nil), b.Bytes()...)
			if qonly {
				binary.LittleEndian.PutUint16(bb[254:], 0)
			}
			w, err := Decode(bytes.NewReader(bb))
			if err != nil {
				t.Fatal(err)
			}
			// Header floats are float32: 1e-6 relative.
			if !w.Geometry.Close(g, volume.Tolerance{Coordinate: 1e-5, Direction: 1e-6}) {
				t.Errorf("case %d qform-only=%v: geometry %v, want %v", n, qonly, w.Geometry, g)
			}
			for i := range v.Voxels {
				if w.Voxels[i] != v.Voxels[i] {
					t.Errorf("voxel %d = %g, want %g", i, w.Voxels[i], v.Voxels[i])
				}
			}
		}
	}
	// Mask through a .nii.gz file.
	m := volume.NewMask([3]int{2, 2, 2}, volume.Identity([3]float64{1, 1, 1}))
	m.Labels[3] = 7
	p := filepath.Join(t.TempDir(), "m.nii.gz")
	if err := WriteMask(p, m); err != nil {
		t.Fatal(err)
	}
	got, err := ReadMask(p)
	if err != nil || got.Labels[3] != 7 || got.Count(7) != 1 {
		t.Errorf("mask round trip: %v %v", err, got)
	}
}

// nifti2 builds a minimal NIfTI-2 file (little or big endian) holding
// float64 values.
func nifti2(big bool, vals []float64, size [3]int) []byte {
	var bo binary.AppendByteOrder = binary.LittleEndian
	if big {
		bo = binary.BigEndian
	}
	h := make([]byte, 544)
	bo.(binary.ByteOrder).PutUint32(h[0:], 540)
	copy(h[4:], "n+2\x00\r\n\x1a\n")
	bo.(binary.ByteOrder).PutUint16(h[12:], Float64)
	bo.(binary.ByteOrder).PutUint16(h[14:], 64)
	dims := []int64{3, int64(size[0]), int64(size[1]), int64(size[2]), 1, 1, 1, 1}
	for i, d := range dims {
		bo.(binary.ByteOrder).PutUint64(h[16+8*i:], uint64(d))
	}
	pix := []float64{1, 0.5, 0.5, 2}
	for i, p := range pix {
		bo.(binary.ByteOrder).PutUint64(h[104+8*i:], math.Float64bits(p))
	}
	bo.(binary.ByteOrder).PutUint64(h[168:], 544)
	bo.(binary.ByteOrder).PutUint32(h[344:], 0)
	bo.(binary.ByteOrder).PutUint32(h[348:], 1)
	srow := [3][4]float64{{-0.5, 0, 0, 10}, {0, -0.5, 0, 20}, {0, 0, 2, 30}}
	for r := 0; r < 3; r++ {
		for c := 0; c < 4; c++ {
			bo.(binary.ByteOrder).PutUint64(h[400+32*r+8*c:], math.Float64bits(srow[r][c]))
		}
	}
	for _, v := range vals {
		h = bo.AppendUint64(h, math.Float64bits(v))
	}
	return h
}

func TestNIfTI2(t *testing.T) {
	for _, big := range []bool{false, true} {
		v, err := Decode(bytes.NewReader(nifti2(big, []float64{1.5, -2, 3, 4}, [3]int{2, 2, 1})))
		if err != nil {
			t.Fatal(err)
		}
		want := volume.Geometry{Spacing: [3]float64{0.5, 0.5, 2}, Origin: [3]float64{-10, -20, 30}, Direction: [3][3]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}}
		if !v.Geometry.Close(want, volume.GridTolerance) || v.Voxels[0] != 1.5 || v.Voxels[3] != 4 {
			t.Errorf("big=%v: %v %v", big, v.Geometry, v.Voxels)
		}
	}
}

func TestBadInput(t *testing.T) {
	good, _ := os.ReadFile("testdata/digital_phantom.nii.gz")
	zr, _ := gzip.NewReader(bytes.NewReader(good))
	var raw bytes.Buffer
	raw.ReadFrom(zr)
	huge := append([]byte(nil), raw.Bytes()...)
	binary.LittleEndian.PutUint16(huge[42:], 30000)
	binary.LittleEndian.PutUint16(huge[44:], 30000)
	binary.LittleEndian.PutUint16(huge[46:], 30000)
	dt := append([]byte(nil), raw.Bytes()...)
	binary.LittleEndian.PutUint16(dt[70:], 128) // RGB
	fourD := append([]byte(nil), raw.Bytes()...)
	binary.LittleEndian.PutUint16(fourD[40:], 4)
	binary.LittleEndian.PutUint16(fourD[48:], 2)
	for _, c := range []struct {
		name string
		in   []byte
		want string
	}{
		{"empty", nil, "truncated header"},
		{"not nifti", []byte(strings.Repeat("x", 400)), "sizeof_hdr"},
		{"truncated data", raw.Bytes()[:400], "truncated data"},
		{"huge", huge, "more than"},
		{"datatype", dt, "datatype 128"},
		{"4-D", fourD, "only 3-D"},
	} {
		_, err := Decode(bytes.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want an error mentioning %q", c.name, err, c.want)
		}
	}
	p := filepath.Join(t.TempDir(), "cut.nii.gz")
	os.WriteFile(p, good[:len(good)-20], 0o644)
	if _, err := ReadFile(p); err == nil || !strings.Contains(err.Error(), p) {
		t.Errorf("truncated gzip: %v, want an error naming the file", err)
	}
}

func FuzzDecode(f *testing.F) {
	for _, n := range []string{"digital_phantom.nii.gz", "sts019_mask.nii.gz"} {
		b, _ := os.ReadFile(filepath.Join("testdata", n))
		zr, _ := gzip.NewReader(bytes.NewReader(b))
		var raw bytes.Buffer
		raw.ReadFrom(zr)
		f.Add(raw.Bytes()[:min(raw.Len(), 2000)])
	}
	f.Add(nifti2(true, []float64{1, 2}, [3]int{2, 1, 1}))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, err := DecodeHeader(bytes.NewReader(b))
		if err != nil {
			return
		}
		s := h.Size()
		if s[0]*s[1]*s[2] > 1<<22 {
			return
		}
		v, err := Decode(bytes.NewReader(b))
		if err == nil && len(v.Voxels) != s[0]*s[1]*s[2] {
			t.Fatalf("%d voxels for size %v", len(v.Voxels), s)
		}
	})
}
