package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"radgo/kernel/eval"
	"radgo/kernel/notebook"
)

const execUsage = `usage: radgo exec [flags] NOTEBOOK.ipynb

Execute every code cell of a notebook in process, with the interpreter of
the Jupyter kernel (no Python or Jupyter needed), and write the outputs,
execution counts and displays back in nbformat 4. Cells run with the
notebook's folder as working directory. The provenance of the run (radgo
version and commit, Go version, modules, platform) is stored in the
notebook metadata under "radgo".

By default the notebook is rewritten in place; it stops at the first
failing cell with a non-zero exit unless --allow-errors.

With --check the notebook is not rewritten: it is re-executed and every
output is compared with the stored one (text exactly, numbers within
--tol or a cell's metadata {"radgo": {"tol": T}}, images by pixels); the
exit code is non-zero when an output differs.

Flags:
`

func cmdExec(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("exec", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "", "write the executed notebook to `FILE` instead of in place")
	htmlOut := fs.String("html", "", "also write an HTML rendering to `FILE`")
	allowErrors := fs.Bool("allow-errors", false, "run every cell even after one fails, exit 0")
	timeout := fs.Duration("timeout", 0, "fail a cell that runs longer than `D` (e.g. 10m; 0: no limit)")
	check := fs.Bool("check", false, "compare the re-executed outputs with the stored ones; write nothing")
	tol := fs.Float64("tol", 0, "with --check, relative tolerance for numbers in text outputs (0: exact)")
	quiet := fs.Bool("q", false, "do not report progress on stderr")
	fs.Usage = func() {
		fmt.Fprint(stderr, execUsage)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errUsage
	}
	file := fs.Arg(0)
	nb, err := notebook.ReadFile(file)
	if err != nil {
		return err
	}
	stored, _ := notebook.ReadFile(file)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	var progress func(int)
	if !*quiet {
		progress = func(i int) { fmt.Fprintf(stderr, "radgo exec: %s: cell %d\n", filepath.Base(file), i) }
	}
	runErr := execNotebook(ctx, nb, filepath.Dir(file), notebook.RunOptions{
		AllowErrors: *allowErrors || *check, Timeout: *timeout, Progress: progress})
	if runErr != nil && !errors.As(runErr, new(*notebook.CellError)) {
		return runErr
	}

	if *check {
		diffs := notebook.Compare(stored, nb, notebook.CompareOptions{Tol: *tol})
		for _, d := range diffs {
			fmt.Fprintf(stdout, "%s: %s\n", file, d)
		}
		if len(diffs) > 0 {
			return fmt.Errorf("%s: %d outputs differ from the stored ones", file, len(diffs))
		}
		fmt.Fprintf(stdout, "%s: all outputs match\n", file)
		return nil
	}

	target := file
	if *out != "" {
		target = *out
	}
	if err := nb.WriteFile(target); err != nil {
		return err
	}
	if *htmlOut != "" {
		f, err := os.Create(*htmlOut)
		if err != nil {
			return err
		}
		title := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
		if err := nb.WriteHTML(f, title); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	if runErr != nil && !*allowErrors {
		return fmt.Errorf("%s: %w (outputs written to %s)", file, runErr, target)
	}
	return nil
}

// execNotebook runs nb in a fresh interpreter with dir as the working
// directory and records the provenance in its metadata.
func execNotebook(ctx context.Context, nb *notebook.Notebook, dir string, opts notebook.RunOptions) error {
	ip, err := eval.New(eval.Options{})
	if err != nil {
		return err
	}
	if dir != "" && dir != "." {
		wd, err := os.Getwd()
		if err != nil {
			return err
		}
		if err := os.Chdir(dir); err != nil {
			return err
		}
		defer os.Chdir(wd)
	}
	runErr := notebook.Run(ctx, nb, ip, opts)
	prov := eval.CurrentProvenance()
	r, _ := nb.Metadata["radgo"].(map[string]any)
	if r == nil {
		r = map[string]any{}
	}
	r["provenance"] = prov.Map()
	nb.Metadata["radgo"] = r
	return runErr
}
