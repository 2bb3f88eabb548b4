package table_test

import (
	"os"
	"path/filepath"
	"testing"

	"radgo/core/provenance"
	"radgo/core/table"
)

// ReadFile reports the file it read, with its hash, to attached recorders.
func TestReadFileRecordsInput(t *testing.T) {
	p := filepath.Join(t.TempDir(), "c.csv")
	if err := os.WriteFile(p, []byte("id,x\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var rec provenance.Recorder
	detach := provenance.Attach(&rec)
	_, err := table.ReadFile(p)
	_, err2 := table.ReadFile(p + ".missing")
	detach()
	if err != nil || err2 == nil {
		t.Fatalf("ReadFile: %v, missing file: %v", err, err2)
	}
	want, _, _ := provenance.Hash(p)
	in := rec.Inputs()
	if len(in) != 1 || in[0].Path != p || in[0].SHA256 != want || in[0].Reader != "table.ReadFile" {
		t.Errorf("recorded %+v, want only %s with sha256 %s", in, p, want)
	}
}
