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
version and commit, Go version, modules, platform, the seeding calls such as
rand.NewPCG(1, 2), and the SHA-256 of the input files and folders the
cells name in string literals) is stored in
the notebook metadata under "radgo".

By default the notebook is rewritten in place; it stops at the first
failing cell with a non-zero exit unless --allow-errors.

With --check the notebook is not rewritten: it is re-executed and every
output is compared with the stored one (text exactly, numbers within
--tol or a cell's metadata {"radgo": {"tol": T}}, images by pixels); the
exit code is non-zero when an output differs; an input file whose hash
changed since the stored run is named as the likely cause.

With --data DIRS, a recorded input that is missing at its path is looked
up by content under DIRS and used in its place (the substitution is
reported; the notebook keeps its original paths), so a notebook shared
with its data folder runs elsewhere.

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
	data := fs.String("data", "", "comma-separated `DIRS` to search for recorded inputs that moved (matched by content)")
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
	// Recorded inputs that moved are looked up by content under --data.
	restore := func() {}
	var subst map[string]string
	if *data != "" && stored != nil {
		var msgs []string
		subst, msgs = notebook.Relocate(stored.StoredInputs(), filepath.Dir(file), strings.Split(*data, ","))
		for _, m := range msgs {
			fmt.Fprintf(stderr, "radgo exec: %s: %s\n", file, m)
		}
		restore = nb.Substitute(subst)
	}
	inputs := notebook.FindInputs(nb, filepath.Dir(file))
	for i, in := range inputs { // record inputs under the names the notebook uses
		for old, repl := range subst {
			if in.Path == repl {
				inputs[i].Path = old
			}
		}
	}
	runErr := execNotebook(ctx, nb, filepath.Dir(file), inputs, notebook.RunOptions{
		AllowErrors: *allowErrors || *check, Timeout: *timeout, Progress: progress})
	restore()
	if runErr != nil && !errors.As(runErr, new(*notebook.CellError)) {
		return runErr
	}

	if *check {
		diffs := notebook.Compare(stored, nb, notebook.CompareOptions{Tol: *tol})
		changed := notebook.ChangedInputs(stored.StoredInputs(), inputs)
		for _, d := range diffs {
			fmt.Fprintf(stdout, "%s: %s\n", file, d)
		}
		if len(diffs) > 0 {
			for _, c := range changed {
				fmt.Fprintf(stdout, "%s: likely cause: %s\n", file, c)
			}
			return fmt.Errorf("%s: %d outputs differ from the stored ones", file, len(diffs))
		}
		for _, c := range changed {
			fmt.Fprintf(stdout, "%s: note: %s, but the outputs are the same\n", file, c)
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
func execNotebook(ctx context.Context, nb *notebook.Notebook, dir string, inputs []notebook.Input, opts notebook.RunOptions) error {
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
	pm := prov.Map()
	pm["inputs"] = notebook.InputsJSON(inputs)
	pm["seeds"] = notebook.SeedsJSON(notebook.FindSeeds(nb))
	r["provenance"] = pm
	nb.Metadata["radgo"] = r
	return runErr
}
