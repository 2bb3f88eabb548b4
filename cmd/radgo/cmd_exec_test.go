package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"radgo/kernel/notebook"
)

func TestCmdExec(t *testing.T) {
	dir := t.TempDir()
	nb := notebook.New()
	nb.AddCell(notebook.Markdown, "# test")
	nb.AddCell(notebook.Code, "x := 2.5\nfmt.Println(\"x =\", x)\nx * 2")
	nb.AddCell(notebook.Code, "display.HTML(\"<b>hi</b>\")")
	nb.AddCell(notebook.Code, "import \"image\"\nimage.NewGray(image.Rect(0, 0, 3, 3))")
	nb.AddCell(notebook.Code, "b, _ := os.ReadFile(\"data.txt\")\nstring(b)") // relative to the notebook
	src := filepath.Join(dir, "t.ipynb")
	if err := nb.WriteFile(src); err != nil {
		t.Fatal(err)
	}
	writeFile(t, dir, "data.txt", "from the notebook folder")
	out := filepath.Join(dir, "out.ipynb")
	html := filepath.Join(dir, "out.html")
	var so, se bytes.Buffer
	if err := cmdExec([]string{"-q", "-o", out, "--html", html, src}, &so, &se); err != nil {
		t.Fatalf("exec: %v\n%s", err, se.String())
	}
	got, err := notebook.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	c := got.Cells
	if *c[1].ExecutionCount != 1 || c[1].Outputs[0].Text != "x = 2.5\n" || c[1].Outputs[1].Data["text/plain"] != "5" {
		t.Errorf("cell 1 outputs %+v", c[1].Outputs)
	}
	if c[2].Outputs[0].Type != notebook.DisplayData || c[2].Outputs[0].Data["text/html"] != "<b>hi</b>" {
		t.Errorf("cell 2 outputs %+v", c[2].Outputs[0])
	}
	if c[3].Outputs[0].Data["image/png"] == nil {
		t.Errorf("cell 3 has no PNG")
	}
	if c[4].Outputs[0].Data["text/plain"] != "from the notebook folder" {
		t.Errorf("cell 4 did not run in the notebook's folder: %+v", c[4].Outputs)
	}
	if _, ok := got.Metadata["radgo"].(map[string]any)["provenance"]; !ok {
		t.Errorf("no provenance in metadata: %v", got.Metadata)
	}
	if ins := got.StoredInputs(); len(ins) != 1 || ins[0].Path != "data.txt" || len(ins[0].SHA256) != 64 {
		t.Errorf("recorded inputs %+v, want data.txt with its hash", ins)
	}
	h, _ := os.ReadFile(html)
	for _, want := range []string{"<b>hi</b>", "data:image/png;base64,", "Provenance"} {
		if !bytes.Contains(h, []byte(want)) {
			t.Errorf("HTML lacks %q", want)
		}
	}

	// --check passes on the executed notebook and catches a changed number
	// and a changed image.
	so.Reset()
	if err := cmdExec([]string{"-q", "--check", out}, &so, &se); err != nil {
		t.Fatalf("check of a fresh run: %v\n%s", err, so.String())
	}
	got.Cells[1].Outputs[1].Data["text/plain"] = "5.0001"
	got.Cells[3].Outputs[0].Data["image/png"] = got.Cells[2].Outputs[0].Data["text/html"]
	changed := filepath.Join(dir, "changed.ipynb")
	if err := got.WriteFile(changed); err != nil {
		t.Fatal(err)
	}
	so.Reset()
	err = cmdExec([]string{"-q", "--check", changed}, &so, &se)
	if err == nil || !strings.Contains(so.String(), `stored "5.0001", now "5"`) || !strings.Contains(so.String(), "cell 3") {
		t.Errorf("check of a changed notebook: %v\n%s", err, so.String())
	}
	so.Reset()
	if err := cmdExec([]string{"-q", "--check", "--tol", "1e-3", changed}, &so, &se); err == nil || strings.Contains(so.String(), "5.0001") {
		t.Errorf("--tol 1e-3 should accept 5.0001 vs 5 and still fail on the image: %v\n%s", err, so.String())
	}

	// A changed input file is named as the cause of a difference.
	writeFile(t, dir, "data.txt", "changed data")
	so.Reset()
	err = cmdExec([]string{"-q", "--check", out}, &so, &se)
	if err == nil || !strings.Contains(so.String(), "likely cause: input data.txt changed") {
		t.Errorf("check after changing an input: %v\n%s", err, so.String())
	}

	// An input that moved is found by content with --data.
	writeFile(t, dir, "data.txt", "from the notebook folder")
	moved := filepath.Join(t.TempDir(), "elsewhere")
	os.MkdirAll(moved, 0o755)
	os.Rename(filepath.Join(dir, "data.txt"), filepath.Join(moved, "copy.txt"))
	so.Reset()
	se.Reset()
	if err := cmdExec([]string{"-q", "--check", "--data", moved, out}, &so, &se); err != nil {
		t.Errorf("check with a moved input: %v\n%s%s", err, so.String(), se.String())
	}
	if !strings.Contains(se.String(), "input data.txt is missing; using "+filepath.Join(moved, "copy.txt")) {
		t.Errorf("substitution not reported: %q", se.String())
	}

	// A failing cell stops the run with an error unless --allow-errors.
	nb2 := notebook.New()
	nb2.AddCell(notebook.Code, "panic(\"stop\")")
	nb2.AddCell(notebook.Code, "1")
	bad := filepath.Join(dir, "bad.ipynb")
	if err := nb2.WriteFile(bad); err != nil {
		t.Fatal(err)
	}
	if err := cmdExec([]string{"-q", bad}, &so, &se); err == nil || !strings.Contains(err.Error(), "stop") {
		t.Errorf("failing notebook: %v", err)
	}
	if err := cmdExec([]string{"-q", "--allow-errors", bad}, &so, &se); err != nil {
		t.Errorf("--allow-errors: %v", err)
	}
	r, _ := notebook.ReadFile(bad)
	if r.Cells[0].Outputs[0].Type != notebook.Error || r.Cells[1].Outputs[0].Data["text/plain"] != "1" {
		t.Errorf("--allow-errors outputs: %+v", r.Cells)
	}
	// Timeout and invalid files give clear errors.
	nb3 := notebook.New()
	nb3.AddCell(notebook.Code, "for {}")
	slow := filepath.Join(dir, "slow.ipynb")
	if err := nb3.WriteFile(slow); err != nil {
		t.Fatal(err)
	}
	if err := cmdExec([]string{"-q", "--timeout", "200ms", slow}, &so, &se); err == nil || !strings.Contains(err.Error(), "did not finish within 200ms") {
		t.Errorf("timeout: %v", err)
	}
	junk := writeFile(t, dir, "junk.ipynb", `{"nbformat": 3}`)
	if err := cmdExec([]string{junk}, &so, &se); err == nil || !strings.Contains(err.Error(), "junk.ipynb") {
		t.Errorf("invalid notebook: %v", err)
	}
}
