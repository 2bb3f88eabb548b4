package notebook

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFindInputs(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "clinical.csv"), []byte("id,t\n1,2\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "series", "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "series", "a.dcm"), []byte("A"), 0o644)
	os.WriteFile(filepath.Join(dir, "series", "sub", "b.dcm"), []byte("B"), 0o644)
	nb := New()
	nb.AddCell(Code, "t := table.ReadCSV(\"clinical.csv\")\ns := load(`series`)\nx := \"not a file\"\ny := \"clinical.csv\"\nz := strings.Join(p, \".\") + \"./\" + \"..\"") // "." names no input
	nb.AddCell(Markdown, "\"ignored.txt\"")
	ins := FindInputs(nb, dir)
	if len(ins) != 2 || ins[0].Path != "clinical.csv" || ins[1].Path != "series" || ins[1].Files != 2 {
		t.Fatalf("inputs %+v", ins)
	}
	before := ins[1].SHA256
	os.WriteFile(filepath.Join(dir, "series", "sub", "b.dcm"), []byte("B2"), 0o644)
	now := FindInputs(nb, dir)
	changed := ChangedInputs(ins, now)
	if len(changed) != 1 || !strings.Contains(changed[0], "input series changed") || now[1].SHA256 == before {
		t.Errorf("changed %v", changed)
	}
	os.Remove(filepath.Join(dir, "clinical.csv"))
	if c := ChangedInputs(ins, FindInputs(nb, dir)); len(c) != 2 || !strings.Contains(strings.Join(c, ";"), "clinical.csv is missing") {
		t.Errorf("missing input: %v", c)
	}
	// Round trip through metadata.
	nb.Metadata["radgo"] = map[string]any{"provenance": map[string]any{"inputs": InputsJSON(ins)}}
	b, _ := nb.Marshal()
	back, err := Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if got := back.StoredInputs(); len(got) != 2 || got[1] != ins[1] {
		t.Errorf("stored inputs %+v, want %+v", got, ins)
	}
}

func TestFindSeeds(t *testing.T) {
	nb := New()
	nb.AddCell(Code, "rng := rand.New(rand.NewPCG(1, 2))\nx := rng.Float64()")
	nb.AddCell(Code, "%time\nimport \"math/rand\"\nr := rand.New(rand.NewSource(42))\nfunc f() {}")
	nb.AddCell(Code, "no seeds here")
	got := FindSeeds(nb)
	if len(got) != 2 || got[0] != (Seed{0, "rand.NewPCG(1, 2)"}) || got[1] != (Seed{1, "rand.NewSource(42)"}) {
		t.Errorf("seeds %+v", got)
	}
}

func TestRelocate(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte("x\n1\n"), 0o644)
	os.MkdirAll(filepath.Join(dir, "scan"), 0o755)
	os.WriteFile(filepath.Join(dir, "scan", "1.dcm"), []byte("s"), 0o644)
	nb := New()
	nb.AddCell(Code, "a := read(\"a.csv\")\nb := load(`scan`)")
	stored := FindInputs(nb, dir)
	moved := filepath.Join(t.TempDir(), "shared")
	os.MkdirAll(filepath.Join(moved, "deep", "scan"), 0o755)
	os.Rename(filepath.Join(dir, "a.csv"), filepath.Join(moved, "deep", "renamed.csv"))
	os.Rename(filepath.Join(dir, "scan", "1.dcm"), filepath.Join(moved, "deep", "scan", "1.dcm"))
	os.Remove(filepath.Join(dir, "scan"))
	subst, msgs := Relocate(stored, dir, []string{moved})
	if subst["a.csv"] != filepath.Join(moved, "deep", "renamed.csv") || subst["scan"] != filepath.Join(moved, "deep", "scan") || len(msgs) != 2 {
		t.Fatalf("subst %v msgs %v", subst, msgs)
	}
	restore := nb.Substitute(subst)
	if !strings.Contains(nb.Cells[0].Source, "renamed.csv") || strings.Contains(nb.Cells[0].Source, "`scan`") {
		t.Errorf("substituted source %q", nb.Cells[0].Source)
	}
	restore()
	if nb.Cells[0].Source != "a := read(\"a.csv\")\nb := load(`scan`)" {
		t.Errorf("restored source %q", nb.Cells[0].Source)
	}
	if _, msgs := Relocate(stored, dir, []string{t.TempDir()}); len(msgs) != 2 || !strings.Contains(msgs[0], "no file with its content") {
		t.Errorf("not found: %v", msgs)
	}
}
