package notebooks

import (
	"context"
	"path/filepath"
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
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
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
		})
	}
}
