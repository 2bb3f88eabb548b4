package dicom

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// modTestdata returns suyashkumar/dicom v1.1.0's testdata folder in the
// module cache, or skips.
func modTestdata(t *testing.T) string {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Skip("go env GOMODCACHE failed")
	}
	p := filepath.Join(strings.TrimSpace(string(out)), "github.com", "suyashkumar", "dicom@v1.1.0", "testdata")
	if _, err := os.Stat(p); err != nil {
		t.Skipf("%s absent", p)
	}
	return p
}

// TestEnhancedCT reads the 2-frame Enhanced CT 5.dcm: per-frame positions
// and rescale from the functional groups (values checked against DCMTK
// 3.6.7 dcmdump of the same file: 2 frames of 512², spacing 0.388672 mm,
// frame positions 10 mm apart, HU range −1024..172).
func TestEnhancedCT(t *testing.T) {
	v, s, err := ReadSeries(filepath.Join(modTestdata(t), "5.dcm"))
	if err != nil {
		t.Fatal(err)
	}
	mn, mx, _ := stats(v.Voxels)
	if v.Size != [3]int{512, 512, 2} || len(s.Slices) != 2 || v.Spacing[2] != 10 || mn != -1024 || mx != 172 {
		t.Errorf("size %v spacing %v min %g max %g", v.Size, v.Spacing, mn, mx)
	}
}

// TestLone2D: a single image without geometry (secondary capture) loads
// with a warning instead of failing.
func TestLone2D(t *testing.T) {
	v, s, err := ReadSeries("testdata/single/image_dfl.dcm")
	if err != nil {
		t.Fatal(err)
	}
	if v.Size != [3]int{512, 512, 1} || len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], "ImagePositionPatient") {
		t.Errorf("size %v warnings %v", v.Size, s.Warnings)
	}
}
