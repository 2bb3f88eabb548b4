package notebooks

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"radgo/kernel/notebook"
)

// TestNotebooksThroughJupyter executes every notebook through the real
// kernel with nbclient (Debian python3-nbclient) and requires the same
// outputs as stored by radgo exec: text exactly, images by pixels. It is
// skipped under -short and when nbclient is missing.
func TestNotebooksThroughJupyter(t *testing.T) {
	if testing.Short() {
		t.Skip("builds radgo and starts Jupyter kernels")
	}
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import nbclient, nbformat").Run(); err != nil {
		t.Skip("python3-nbclient is not installed")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "radgo")
	build := exec.Command("go", "build", "-o", bin, "../cmd/radgo")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	prefix := filepath.Join(tmp, "prefix")
	if out, err := exec.Command(bin, "install", "--prefix", prefix).CombinedOutput(); err != nil {
		t.Fatalf("radgo install: %v\n%s", err, out)
	}
	files, _ := filepath.Glob("*.ipynb")
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			out := filepath.Join(tmp, f)
			script := `import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, kernel_name="radgo", timeout=120, resources={"metadata": {"path": "."}}).execute()
nbformat.write(nb, sys.argv[2])
`
			cmd := exec.Command(py, "-c", script, f, out)
			cmd.Env = append(os.Environ(), "JUPYTER_PATH="+filepath.Join(prefix, "share", "jupyter"),
				"JUPYTER_RUNTIME_DIR="+filepath.Join(tmp, "runtime"))
			if b, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("nbclient: %v\n%s", err, b)
			}
			stored, err := notebook.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			viaJupyter, err := notebook.ReadFile(out)
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range notebook.Compare(stored, viaJupyter, notebook.CompareOptions{}) {
				t.Errorf("%s through Jupyter: %s", f, d)
			}
		})
	}
}
