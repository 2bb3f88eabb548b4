package notebook

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"radgo/kernel"
)

func TestRoundTripJupyter(t *testing.T) {
	files, _ := filepath.Glob("testdata/*.ipynb")
	files = append(files, must(filepath.Glob("../../notebooks/*.ipynb"))...)
	if len(files) == 0 {
		t.Fatal("no notebooks in testdata")
	}
	for _, f := range files {
		want, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		nb, err := Parse(want)
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		got, err := nb.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s: written back differently:\n%s", f, firstDiff(string(want), string(got)))
		}
		again, err := Parse(got)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(again, nb) {
			t.Errorf("%s: parse(write(nb)) != nb", f)
		}
	}
}

func must(s []string, err error) []string {
	if err != nil {
		panic(err)
	}
	return s
}

func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(al) && i < len(bl); i++ {
		if al[i] != bl[i] {
			return "line " + strconv.Itoa(i+1) + ":\n want " + al[i] + "\n got  " + bl[i]
		}
	}
	return "lengths differ"
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`{`, "JSON"},
		{`[]`, "JSON"},
		{`{"cells": []}`, "no nbformat"},
		{`{"nbformat": 3, "cells": []}`, "nbformat 3"},
		{`{"nbformat": 4}`, "no cells"},
		{`{"nbformat": 4, "cells": [{"source": ""}]}`, "no cell_type"},
		{`{"nbformat": 4, "cells": [{"cell_type": "python", "source": ""}]}`, "unknown cell_type"},
		{`{"nbformat": 4, "cells": [{"cell_type": "code", "source": 3}]}`, "source"},
		{`{"nbformat": 4, "cells": [{"cell_type": "code", "id": "a b", "source": ""}]}`, "cell id"},
		{`{"nbformat": 4, "cells": [{"cell_type": "code", "id": "a", "source": ""}, {"cell_type": "code", "id": "a", "source": ""}]}`, "duplicate cell id"},
		{`{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "weird"}]}]}`, "unknown output_type"},
		{`{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "stream", "name": "x"}]}]}`, "stream name"},
		{`{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "error"}]}]}`, "ename"},
		{`{"nbformat": 4, "cells": [{"cell_type": "code", "source": "", "outputs": [{"output_type": "display_data", "data": {"png": ""}}]}]}`, "no subtype"},
	} {
		_, err := Parse([]byte(c.src))
		if err == nil || !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%s) = %v, want an ErrFormat mentioning %q", c.src, err, c.want)
		}
	}
	if _, err := ReadFile("testdata/does-not-exist.ipynb"); err == nil || !strings.Contains(err.Error(), "does-not-exist") {
		t.Errorf("ReadFile of a missing file: %v", err)
	}
}

func FuzzParse(f *testing.F) {
	for _, p := range must(filepath.Glob("testdata/*.ipynb")) {
		b, _ := os.ReadFile(p)
		f.Add(b)
	}
	f.Add([]byte(`{"nbformat":4,"cells":[{"cell_type":"code","source":["a","b"],"outputs":[]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		nb, err := Parse(b)
		if err != nil {
			return
		}
		out, err := nb.Marshal()
		if err != nil {
			return // e.g. NaN is not representable; must not panic
		}
		nb2, err := Parse(out)
		if err != nil {
			t.Fatalf("re-parsing written notebook: %v\n%s", err, out)
		}
		out2, err := nb2.Marshal()
		if err != nil || !bytes.Equal(out, out2) {
			t.Fatalf("writing is not stable: %v", err)
		}
	})
}

// scripted is a kernel.Executor whose cells are Go funcs keyed by source.
type scripted map[string]func(out kernel.Output) (kernel.MIMEBundle, error)

func (s scripted) Execute(ctx context.Context, code string, out kernel.Output) (kernel.MIMEBundle, error) {
	f, ok := s[code]
	if !ok {
		return nil, &kernel.ExecError{Name: "CompileError", Value: "unknown cell " + code}
	}
	return f(out)
}
func (scripted) Complete(string, int) kernel.Completion     { return kernel.Completion{} }
func (scripted) Inspect(string, int, int) kernel.Inspection { return kernel.Inspection{} }
func (scripted) IsComplete(string) (string, string)         { return "complete", "" }

func testNotebook(sources ...string) *Notebook {
	nb := New()
	nb.AddCell(Markdown, "# t")
	for _, s := range sources {
		nb.AddCell(Code, s)
	}
	return nb
}

func TestRun(t *testing.T) {
	exec := scripted{
		"a": func(out kernel.Output) (kernel.MIMEBundle, error) {
			out.Stream("stdout", "x")
			out.Stream("stdout", "y\n")
			out.Stream("stderr", "e\n")
			out.Stream("stdout", "z\n")
			return kernel.MIMEBundle{"text/plain": "1"}, nil
		},
		"b": func(out kernel.Output) (kernel.MIMEBundle, error) {
			out.Display(kernel.Display{Data: kernel.MIMEBundle{"text/plain": "50%"}, ID: "bar"})
			out.Display(kernel.Display{Data: kernel.MIMEBundle{"text/plain": "other"}})
			out.Display(kernel.Display{Data: kernel.MIMEBundle{"text/plain": "done"}, ID: "bar", Update: true})
			return nil, nil
		},
		"c": func(out kernel.Output) (kernel.MIMEBundle, error) {
			out.Stream("stdout", "gone\n")
			out.Clear(false)
			out.Stream("stdout", "kept\n")
			out.Clear(true)
			out.Stream("stdout", "last\n")
			return nil, nil
		},
		"d": func(out kernel.Output) (kernel.MIMEBundle, error) {
			return nil, &kernel.ExecError{Name: "panic", Value: "boom", Traceback: []string{"panic: boom"}}
		},
		"e": func(out kernel.Output) (kernel.MIMEBundle, error) {
			return kernel.MIMEBundle{"text/plain": "after"}, nil
		},
	}
	nb := testNotebook("a", "b", "   ", "c", "d", "e")
	err := Run(context.Background(), nb, exec, RunOptions{})
	var ce *CellError
	if !errors.As(err, &ce) || ce.Index != 5 || ce.Err.Value != "boom" {
		t.Fatalf("Run = %v, want a CellError for cell 5", err)
	}
	c := nb.Cells
	if got := outputKinds(c[1].Outputs); got != "stream:stdout, stream:stderr, stream:stdout, execute_result" {
		t.Errorf("cell a outputs: %s", got)
	}
	if c[1].Outputs[0].Text != "xy\n" || *c[1].ExecutionCount != 1 || *c[1].Outputs[3].ExecutionCount != 1 {
		t.Errorf("cell a: merged stream %q, count %d", c[1].Outputs[0].Text, *c[1].ExecutionCount)
	}
	if len(c[2].Outputs) != 2 || c[2].Outputs[0].Data["text/plain"] != "done" || c[2].Outputs[1].Data["text/plain"] != "other" {
		t.Errorf("cell b: display update not applied in place: %+v", c[2].Outputs)
	}
	if c[3].ExecutionCount != nil || len(c[3].Outputs) != 0 {
		t.Errorf("empty cell was executed")
	}
	if len(c[4].Outputs) != 1 || c[4].Outputs[0].Text != "last\n" || *c[4].ExecutionCount != 3 {
		t.Errorf("cell c: clear_output: %+v", c[4].Outputs)
	}
	if o := c[5].Outputs; len(o) != 1 || o[0].Type != Error || o[0].EName != "panic" {
		t.Errorf("cell d: %+v", o)
	}
	if c[6].ExecutionCount != nil {
		t.Errorf("cell after the error ran without AllowErrors")
	}
	// With AllowErrors every cell runs and Run succeeds.
	nb = testNotebook("d", "e")
	if err := Run(context.Background(), nb, exec, RunOptions{AllowErrors: true}); err != nil {
		t.Fatal(err)
	}
	if nb.Cells[2].Outputs[0].Data["text/plain"] != "after" {
		t.Errorf("AllowErrors: last cell %+v", nb.Cells[2].Outputs)
	}
	// The result validates and round-trips.
	b, err := nb.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Parse(b); err != nil {
		t.Fatal(err)
	}
}

func TestRunTimeout(t *testing.T) {
	exec := scripted{"slow": func(out kernel.Output) (kernel.MIMEBundle, error) {
		return nil, &kernel.ExecError{Name: "Interrupted", Value: "interrupted"}
	}}
	nb := testNotebook("slow")
	err := Run(context.Background(), nb, slowExec{exec}, RunOptions{Timeout: 1})
	var ce *CellError
	if !errors.As(err, &ce) || ce.Err.Name != "Timeout" {
		t.Fatalf("Run = %v, want a Timeout cell error", err)
	}
}

// slowExec waits for the context like an interrupted cell.
type slowExec struct{ scripted }

func (s slowExec) Execute(ctx context.Context, code string, out kernel.Output) (kernel.MIMEBundle, error) {
	<-ctx.Done()
	return s.scripted.Execute(ctx, code, out)
}
