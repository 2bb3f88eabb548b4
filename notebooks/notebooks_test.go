package notebooks

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"radgo/kernel/eval"
	"radgo/kernel/notebook"
)

func TestNotebooksReproduce(t *testing.T) {
	files, err := filepath.Glob("*.ipynb")
	if err != nil || len(files) == 0 {
		t.Fatalf("no notebooks: %v", err)
	}
	// The outputs must not depend on the number of cores.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2} {
		runtime.GOMAXPROCS(procs)
		for _, f := range files {
			t.Run(fmt.Sprintf("%s/GOMAXPROCS=%d", f, procs), func(t *testing.T) { reproduce(t, f) })
		}
	}
}

// reproduce re-executes notebook f and compares its outputs with the
// stored ones.
func reproduce(t *testing.T, f string) {
	stored, err := notebook.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	nb, err := notebook.ReadFile(f)
	if err != nil {
		t.Fatal(err)
	}
	ip, err := eval.New(eval.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := notebook.Run(ctx, nb, ip, notebook.RunOptions{Timeout: time.Minute}); err != nil {
		t.Fatalf("%s: %v", f, err)
	}
	for _, d := range notebook.Compare(stored, nb, notebook.CompareOptions{}) {
		t.Errorf("%s: %s (re-run with: go run ./cmd/radgo exec notebooks/%s)", f, d, f)
	}
}
