package stats

import (
	"fmt"
	"testing"

	"radgo/core/provenance"
)

// Split and Bootstrap report the seeds they use; recording changes nothing.
func TestSeedsRecorded(t *testing.T) {
	before, err := Split(20, 0.3, nil, 11)
	if err != nil {
		t.Fatal(err)
	}
	var rec provenance.Recorder
	detach := provenance.Attach(&rec)
	after, _ := Split(20, 0.3, nil, 11)
	_, err = Bootstrap(10, 5, 0.9, 12, func(rows []int) float64 { return float64(len(rows)) })
	detach()
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("recording changed the split: %v vs %v", before, after)
	}
	want := []provenance.Seed{{Func: "stats.Split", Seed: 11}, {Func: "stats.Bootstrap", Seed: 12}}
	if got := rec.Seeds(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("seeds %v, want %v", got, want)
	}
}
