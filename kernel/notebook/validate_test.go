package notebook

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"radgo/kernel"
)

// TestValidWithNbformat validates notebooks written by Run with the
// reference implementation, Debian's python3-nbformat (skipped when it is
// missing).
func TestValidWithNbformat(t *testing.T) {
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import nbformat").Run(); err != nil {
		t.Skip("python3-nbformat is not installed")
	}
	exec1 := scripted{
		"a": func(out kernel.Output) (kernel.MIMEBundle, error) {
			out.Stream("stdout", "x\n")
			out.Display(kernel.Display{Data: kernel.MIMEBundle{"text/plain": "p", "image/png": "iVBORw0KGgo=",
				"application/json": map[string]any{"k": []any{1.0, "v"}}}, ID: "d1"})
			return kernel.MIMEBundle{"text/plain": "1", "text/html": "<b>1</b>"}, nil
		},
		"b": func(out kernel.Output) (kernel.MIMEBundle, error) {
			return nil, &kernel.ExecError{Name: "panic", Value: "boom", Traceback: []string{"panic: boom"}}
		},
	}
	nb := testNotebook("a", "", "b")
	nb.AddCell(Raw, "raw")
	if err := Run(context.Background(), nb, exec1, RunOptions{AllowErrors: true}); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "nb.ipynb")
	if err := nb.WriteFile(file); err != nil {
		t.Fatal(err)
	}
	script := `import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
nbformat.validate(nb)
sys.stdout.write(nbformat.writes(nb) + "\n")`
	out, err := exec.Command(py, "-c", script, file).CombinedOutput()
	if err != nil {
		t.Fatalf("nbformat rejects the notebook: %v\n%s", err, out)
	}
	b, _ := os.ReadFile(file)
	if string(out) != string(b) {
		t.Errorf("nbformat writes the notebook differently:\n%s", firstDiff(string(b), string(out)))
	}
}
