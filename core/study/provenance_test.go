package study

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"radgo/core/provenance"
)

// ExtractCohort reports the clinical table and each patient's inputs to
// the recorder of its context (here the first patient's folder is absent,
// so the extraction fails after recording it), and ReadInputs its tables.
func TestInputsRecorded(t *testing.T) {
	dir := t.TempDir()
	clin := filepath.Join(dir, "clinical.csv")
	if err := os.WriteFile(clin, []byte("ID,PFS\nP01,3\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var rec provenance.Recorder
	ctx := provenance.NewContext(context.Background(), &rec)
	if _, err := ExtractCohort(ctx, dir, CohortLayout{}, Columns{}, nil, nil); err == nil {
		t.Fatal("cohort without patient folders extracted")
	}
	in := rec.Inputs()
	paths := map[string]provenance.Input{}
	for _, i := range in {
		paths[i.Path] = i
	}
	want, _, _ := provenance.Hash(clin)
	if c, ok := paths[clin]; !ok || c.SHA256 != want {
		t.Errorf("clinical table not recorded with its hash: %+v", in)
	}
	if ct, ok := paths[filepath.Join(dir, "P01", "CT")]; !ok || ct.Err == "" {
		t.Errorf("missing CT folder not recorded with an error: %+v", in)
	}

	var att provenance.Recorder
	detach := provenance.Attach(&att)
	_, err := ReadInputs(clin, clin, clin, Columns{})
	detach()
	if err != nil {
		t.Fatal(err)
	}
	if in := att.Inputs(); len(in) != 1 || in[0].Path != clin || in[0].SHA256 != want {
		t.Errorf("ReadInputs recorded %+v", in)
	}
}
