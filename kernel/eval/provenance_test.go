package eval

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"radgo/core/provenance"
	"radgo/kernel"
)

func isVolatile(d kernel.Display) bool {
	r, _ := d.Metadata["radgo"].(map[string]any)
	v, _ := r["volatile"].(bool)
	return v
}

// %time shows the wall time as a display marked volatile, after the
// cell's own output.
func TestTimeIsVolatile(t *testing.T) {
	ip := newInterp(t)
	rec := &recorder{}
	res, err := ip.Execute(context.Background(), "%time\nfmt.Println(\"hi\")\n6*7", rec)
	if err != nil {
		t.Fatal(err)
	}
	if res["text/plain"] != "42" || rec.stdout.String() != "hi\n" {
		t.Errorf("result %v, stdout %q", res, rec.stdout.String())
	}
	if len(rec.displays) != 1 || !isVolatile(rec.displays[0]) ||
		!strings.HasPrefix(rec.displays[0].Data["text/plain"].(string), "Wall time: ") {
		t.Errorf("displays %+v, want one volatile Wall time", rec.displays)
	}
}

// The inputs and seeds reported by the project's packages while cells
// run are in the session's provenance with the execution number of their
// cell, and %provenance shows them in text and in the JSON block.
func TestProvenanceRecordsInputsAndSeeds(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "clinical.csv")
	if err := os.WriteFile(f, []byte("id,x\n1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour) // surely before the session began
	if err := os.Chtimes(f, old, old); err != nil {
		t.Fatal(err)
	}
	ip := newInterp(t)
	run := func(code string) {
		t.Helper()
		if _, err := ip.Execute(context.Background(), code, &recorder{}); err != nil {
			t.Fatalf("%s: %v", code, err)
		}
	}
	run("x := 1")
	// What a core reader does when a cell calls it (the interpreted code
	// calls compiled code in this process).
	provenance.RecordInput("table.ReadFile", f)
	run("y := 2")
	provenance.RecordSeedContext(ip.session.Context(), "stats.Split", 2024)
	// A file the session writes and then reads is marked generated.
	g := filepath.Join(dir, "gen.csv")
	if err := os.WriteFile(g, []byte("a\n1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	provenance.RecordInput("table.ReadFile", g)
	if p := ip.Provenance(); len(p.Inputs) != 2 || p.Inputs[0].Path != f || p.Inputs[0].Cell != 1 || p.Inputs[0].Generated || p.Inputs[1].Path != g || !p.Inputs[1].Generated {
		t.Errorf("generated flags: %+v", p.Inputs)
	}
	ip.rec.Reset()
	provenance.RecordInput("table.ReadFile", f)
	provenance.RecordSeedContext(ip.session.Context(), "stats.Split", 2024)

	p := ip.Provenance()
	want, _, _ := provenance.Hash(f)
	if len(p.Inputs) != 1 || p.Inputs[0].Path != f || p.Inputs[0].SHA256 != want || p.Inputs[0].Cell != 2 {
		t.Errorf("inputs %+v, want %s (cell 2)", p.Inputs, f)
	}
	// The seed came through the cell's context: recorded once, not twice.
	if len(p.Seeds) != 1 || p.Seeds[0].Seed != 2024 || p.Seeds[0].Cell != 2 {
		t.Errorf("seeds %+v, want stats.Split 2024 once (cell 2)", p.Seeds)
	}

	rec := &recorder{}
	res, err := ip.Execute(context.Background(), "%provenance", rec)
	if err != nil || res != nil || len(rec.displays) != 1 {
		t.Fatalf("%%provenance: %v, result %v, %d displays", err, res, len(rec.displays))
	}
	d := rec.displays[0]
	text, _ := d.Data["text/plain"].(string)
	for _, s := range []string{"radgo ", "go ", "input    " + f + " sha256 " + want, "seed     2024 (stats.Split, cell 2)"} {
		if !strings.Contains(text, s) {
			t.Errorf("%%provenance text lacks %q:\n%s", s, text)
		}
	}
	if !isVolatile(d) {
		t.Errorf("the %%provenance output is not marked volatile")
	}
	// The JSON block survives a round trip through JSON (as in a message).
	b, err := json.Marshal(d.Data[ProvenanceMIME])
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	ins, _ := m["inputs"].([]any)
	seeds, _ := m["seeds"].([]any)
	if len(ins) != 1 || len(seeds) != 1 || !reflect.DeepEqual(ins[0].(map[string]any)["sha256"], want) {
		t.Errorf("JSON block inputs %v, seeds %v", ins, seeds)
	}

	// After Close the interpreter no longer observes.
	ip.Close()
	provenance.RecordSeed("stats.Split", 1)
	if n := len(ip.Provenance().Seeds); n != 1 {
		t.Errorf("%d seeds after Close, want 1", n)
	}
}
