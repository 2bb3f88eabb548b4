package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInfo(t *testing.T) {
	var out, errb bytes.Buffer
	if err := cmdInfo([]string{"../../core/volume/dicom/testdata/sts019"}, &out, &errb); err != nil {
		t.Fatalf("%v\n%s", err, errb.String())
	}
	for _, want := range []string{"GTV_Mass_CT", "5564 voxels", "15 contours", "mean -676.0444 HU"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	// A truncated file: non-nil error, the file named, no panic.
	dir := t.TempDir()
	b, _ := os.ReadFile("../../core/volume/dicom/testdata/sts019/ct/000000.dcm")
	os.WriteFile(filepath.Join(dir, "cut.dcm"), b[:3000], 0o644)
	out.Reset()
	if err := cmdInfo([]string{dir}, &out, &errb); err == nil || !strings.Contains(out.String(), "cut.dcm") {
		t.Errorf("truncated: err %v, output:\n%s", err, out.String())
	}
	if err := cmdInfo(nil, &out, &errb); err != errUsage {
		t.Errorf("no arguments: %v, want errUsage", err)
	}
}
