package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"radgo/core/provenance"
	"radgo/kernel/eval"
	"radgo/kernel/notebook"
)

func preloaded(names ...string) bool {
	have := map[string]bool{}
	for _, p := range eval.Preloaded {
		have[p.Name] = true
	}
	for _, n := range names {
		if !have[n] {
			return false
		}
	}
	return true
}

// radgo exec records the files the project's readers open, even at a
// path computed at run time, and the seeds of its randomised functions,
// each with its cell; --check names a changed one as the cause of a
// difference; the HTML export ends with the provenance block.
func TestExecRecordsReadersAndSeeds(t *testing.T) {
	if !preloaded("table", "stats") {
		t.Skip("core/table and core/stats are not in stdlib/packages.txt yet")
	}
	dir := t.TempDir()
	writeFile(t, dir, "data.csv", "id,x\n1,2\n2,3\n3,4\n")
	// An input that existed before the run: older than the session (files
	// modified within about a second of its start count as its own).
	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "data.csv"), old, old); err != nil {
		t.Fatal(err)
	}
	nb := notebook.New()
	nb.AddCell(notebook.Code, `name := strings.Join([]string{"data", "csv"}, ".") // not a literal`)
	nb.AddCell(notebook.Code, "tab, err := table.ReadFile(name)\nif err != nil { panic(err) }\ntab.NRows()")
	nb.AddCell(notebook.Code, "part, _ := stats.Split(10, 0.3, nil, 42)\nlen(part.Train)")
	// A file the notebook writes, then reads: an intermediate, marked generated.
	nb.AddCell(notebook.Code, "tmp, _ := os.MkdirTemp(\"\", \"radgo-prov-test-\")\ndefer os.RemoveAll(tmp)\nos.WriteFile(tmp+\"/gen.csv\", []byte(\"a\\n1\\n\"), 0o644)\ng, _ := table.ReadFile(tmp + \"/gen.csv\")\ng.NRows()")
	src := filepath.Join(dir, "t.ipynb")
	if err := nb.WriteFile(src); err != nil {
		t.Fatal(err)
	}
	html := filepath.Join(dir, "t.html")
	var so, se bytes.Buffer
	if err := cmdExec([]string{"-q", "--html", html, src}, &so, &se); err != nil {
		t.Fatalf("exec: %v\n%s", err, se.String())
	}
	got, err := notebook.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	prov := got.StoredProvenance()
	want, _, _ := provenance.Hash(filepath.Join(dir, "data.csv"))
	ins, _ := prov["inputs"].([]any)
	if len(ins) != 2 || fmt.Sprint(ins[1]) != fmt.Sprint(map[string]any{"path": "data.csv", "sha256": want, "reader": "table.ReadFile", "cell": 1.0}) {
		t.Fatalf("inputs %v, want data.csv read by table.ReadFile in cell 1", ins)
	}
	if gen := ins[0].(map[string]any); gen["generated"] != true || !strings.HasSuffix(gen["path"].(string), "gen.csv") || gen["cell"] != 3.0 {
		t.Errorf("input written by the notebook: %v, want generated, cell 3", gen)
	}
	seeds, _ := prov["seeds"].([]any)
	if len(seeds) != 1 || fmt.Sprint(seeds[0]) != fmt.Sprint(map[string]any{"func": "stats.Split", "seed": 42.0, "cell": 2.0}) {
		t.Errorf("seeds %v, want stats.Split 42 in cell 2", seeds)
	}
	h, _ := os.ReadFile(html)
	if i := bytes.LastIndex(h, []byte(`<h3 id="provenance">`)); i < 0 || !bytes.Contains(h[i:], []byte("table.ReadFile")) || !bytes.Contains(h[i:], []byte(want)) {
		t.Errorf("HTML does not end with the provenance block naming the input")
	}

	so.Reset()
	if err := cmdExec([]string{"-q", "--check", src}, &so, &se); err != nil || strings.Contains(so.String(), "gen.csv") {
		t.Fatalf("check of a fresh run (the removed intermediate must not be reported): %v\n%s", err, so.String())
	}
	writeFile(t, dir, "data.csv", "id,x\n1,2\n2,3\n")
	so.Reset()
	err = cmdExec([]string{"-q", "--check", src}, &so, &se)
	if err == nil || !strings.Contains(so.String(), "cell 1, output 0") || !strings.Contains(so.String(), "likely cause: input data.csv changed") {
		t.Errorf("check after changing a file read at a computed path: %v\n%s", err, so.String())
	}
}

// Outputs that change by nature (%time, progress bars, %provenance) are
// marked volatile and do not fail --check.
func TestExecCheckSkipsVolatile(t *testing.T) {
	dir := t.TempDir()
	nb := notebook.New()
	nb.AddCell(notebook.Code, "%time\nsum := 0\nfor i := 0; i < 1000; i++ { sum += i }\nsum")
	nb.AddCell(notebook.Code, "bar := display.NewProgress(\"steps\", 3)\nfor i := 0; i < 3; i++ { time.Sleep(time.Millisecond); bar.Add(1) }\nbar.Done()")
	nb.AddCell(notebook.Code, "%provenance")
	src := filepath.Join(dir, "v.ipynb")
	if err := nb.WriteFile(src); err != nil {
		t.Fatal(err)
	}
	var so, se bytes.Buffer
	if err := cmdExec([]string{"-q", src}, &so, &se); err != nil {
		t.Fatalf("exec: %v\n%s", err, se.String())
	}
	got, _ := notebook.ReadFile(src)
	for i, c := range got.Cells {
		for _, o := range c.Outputs {
			if o.Type == notebook.DisplayData && !o.IsVolatile() {
				t.Errorf("cell %d: display %v not volatile", i, o.Data["text/plain"])
			}
		}
	}
	// Make the stored timings surely different from the next run's.
	got.Cells[0].Outputs[0].Data["text/plain"] = "Wall time: 999h"
	if err := got.WriteFile(src); err != nil {
		t.Fatal(err)
	}
	if err := cmdExec([]string{"-q", "--check", src}, &so, &se); err != nil {
		t.Errorf("check with volatile outputs: %v\n%s", err, so.String())
	}
}

// kernel/notebook hashes the paths named in cells as core/provenance
// hashes what the readers open, so the two can be compared.
func TestHashesAgree(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "d", "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "d/a.txt", "a")
	writeFile(t, dir, "d/sub/b.txt", "b")
	for _, p := range []string{"d", "d/a.txt"} {
		want, _, err := provenance.Hash(filepath.Join(dir, p))
		got, ok := notebook.HashInput(filepath.Join(dir, p))
		if err != nil || !ok || got.SHA256 != want {
			t.Errorf("%s: notebook %s, provenance %s (%v)", p, got.SHA256, want, err)
		}
	}
	if notebook.ProvenanceMIME != eval.ProvenanceMIME {
		t.Errorf("MIME types differ: %s, %s", notebook.ProvenanceMIME, eval.ProvenanceMIME)
	}
}

// radgo exec --check passes on every notebook of notebooks/, run by the
// command in a process with GOMAXPROCS=1 and GOMAXPROCS=2.
func TestCheckNotebooksGOMAXPROCS(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes every notebook twice")
	}
	files, err := filepath.Glob("../../notebooks/*.ipynb")
	if err != nil || len(files) == 0 {
		t.Fatalf("no notebooks: %v", err)
	}
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		for _, procs := range []int{1, 2} {
			t.Run(fmt.Sprintf("%s/GOMAXPROCS=%d", filepath.Base(f), procs), func(t *testing.T) {
				cmd := exec.Command(bin, "exec", "--check", "-q", f)
				cmd.Env = append(os.Environ(), asRadgoEnv+"=1", fmt.Sprintf("GOMAXPROCS=%d", procs))
				out, err := cmd.CombinedOutput()
				if err != nil || !bytes.Contains(out, []byte("all outputs match")) {
					t.Errorf("radgo exec --check %s: %v\n%s", f, err, out)
				}
			})
		}
	}
}
