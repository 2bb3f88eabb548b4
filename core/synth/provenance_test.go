package synth

import (
	"testing"

	"radgo/core/provenance"
)

func TestGenerateRecordsSeed(t *testing.T) {
	var rec provenance.Recorder
	detach := provenance.Attach(&rec)
	_, err := Generate(Settings{Patients: 10, Seed: 77})
	detach()
	if err != nil {
		t.Fatal(err)
	}
	if s := rec.Seeds(); len(s) != 1 || s[0].Func != "synth.Generate" || s[0].Seed != 77 {
		t.Errorf("seeds %v, want synth.Generate 77", s)
	}
}
