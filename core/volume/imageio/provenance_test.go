package imageio

import (
	"testing"

	"radgo/core/provenance"
)

// The readers report the image and mask paths they read.
func TestReadersRecordInputs(t *testing.T) {
	const p = "../nrrd/testdata/liver_spine_seg.nrrd"
	var rec provenance.Recorder
	detach := provenance.Attach(&rec)
	img, m, err := ReadPair(p, p, Label(1))
	detach()
	if err != nil || img == nil || m == nil {
		t.Fatal(err)
	}
	want, _, err := provenance.Hash(p)
	if err != nil {
		t.Fatal(err)
	}
	in := rec.Inputs()
	if len(in) != 1 || in[0].Path != p || in[0].SHA256 != want || in[0].Reader != "imageio.ReadImage" {
		t.Errorf("recorded %+v, want %s once (sha256 %s)", in, p, want)
	}
}
