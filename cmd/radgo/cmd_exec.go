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
	"sort"
	"strings"

	"radgo/kernel/eval"
	"radgo/kernel/notebook"
)

const execUsage = `usage: radgo exec [flags] NOTEBOOK.ipynb

Execute every code cell of a notebook in process, with the interpreter of
the Jupyter kernel (no Python or Jupyter needed), and write the outputs,
execution counts and displays back in nbformat 4. Cells run with the
notebook's folder as working directory. The provenance of the run (radgo
version and commit, Go version, modules, platform; the SHA-256 of every
input file and folder that radgo's readers opened (table.ReadFile,
imageio.ReadImage/ReadMask/ReadPair, study.ExtractCohort, ...) or that the
cells name in string literals; the seeds that radgo's randomised functions
used (synth.Generate, stats.Split, stats.Bootstrap), each with its cell; and
the math/rand seeding calls written in cells, such as rand.NewPCG(1, 2)) is
stored in the notebook metadata under "radgo"."provenance".

Outputs whose metadata is {"radgo": {"volatile": true}} (the wall time of %time,
display.NewProgress bars, the block of %provenance) are not compared by
--check.

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
		io.WriteString(stderr, execUsage)
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
	inputs, runErr := execNotebook(ctx, nb, filepath.Dir(file), inputs, subst, notebook.RunOptions{
		AllowErrors: *allowErrors || *check, Timeout: *timeout, Progress: progress})
	restore()
	if runErr != nil && !errors.As(runErr, new(*notebook.CellError)) {
		return runErr
	}

	if *check {
		diffs := notebook.Compare(stored, nb, notebook.CompareOptions{Tol: *tol})
		changed := notebook.ChangedInputs(stored.StoredInputs(), currentInputs(stored.StoredInputs(), inputs, filepath.Dir(file), subst))
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
// directory and records the provenance in its metadata: the build and
// platform, the inputs (the paths named in string literals, given as
// inputs, and every file or folder the project's readers opened while the
// cells ran, with the index of the cell that first read it) and the seeds
// the project's randomised functions used, with their cells. Paths
// substituted by --data (subst: recorded → found) are recorded under their
// original names. It returns the inputs recorded.
func execNotebook(ctx context.Context, nb *notebook.Notebook, dir string, inputs []notebook.Input, subst map[string]string, opts notebook.RunOptions) ([]notebook.Input, error) {
	ip, err := eval.New(eval.Options{})
	if err != nil {
		return inputs, err
	}
	defer ip.Close()
	if dir != "" && dir != "." {
		wd, err := os.Getwd()
		if err != nil {
			return inputs, err
		}
		if err := os.Chdir(dir); err != nil {
			return inputs, err
		}
		defer os.Chdir(wd)
	}
	runErr := notebook.Run(ctx, nb, ip, opts)
	prov := ip.Provenance()

	// Run executes the non-empty code cells in order, so the n-th Execute
	// call of the interpreter is the cell with execution count n.
	cellOf := map[int]int{}
	for i, c := range nb.Cells {
		if c.ExecutionCount != nil {
			cellOf[*c.ExecutionCount] = i
		}
	}
	byPath := map[string]map[string]any{}
	var order []string
	for _, in := range inputs {
		in.Path = unsubstitute(in.Path, subst)
		byPath[in.Path] = notebook.InputsJSON([]notebook.Input{in})[0].(map[string]any)
		order = append(order, in.Path)
	}
	recorded := map[string]bool{}
	for _, in := range prov.Inputs {
		in.Path = unsubstitute(in.Path, subst)
		if recorded[in.Path] {
			continue
		}
		recorded[in.Path] = true
		if _, ok := byPath[in.Path]; !ok {
			order = append(order, in.Path)
		}
		byPath[in.Path] = eval.InputMap(in, cellOf[in.Cell]) // hashed when read: preferred
	}
	sort.Strings(order)
	list := make([]any, len(order))
	all := make([]notebook.Input, len(order))
	for i, p := range order {
		m := byPath[p]
		list[i] = m
		all[i].Path, _ = m["path"].(string)
		all[i].SHA256, _ = m["sha256"].(string)
		all[i].Files, _ = m["files"].(int)
		all[i].Generated, _ = m["generated"].(bool)
	}
	seeds := make([]any, len(prov.Seeds))
	for i, s := range prov.Seeds {
		seeds[i] = eval.SeedMap(s, cellOf[s.Cell])
	}

	r, _ := nb.Metadata["radgo"].(map[string]any)
	if r == nil {
		r = map[string]any{}
	}
	pm := prov.Map()
	pm["inputs"] = list
	pm["seeds"] = seeds
	pm["seed_calls"] = notebook.SeedsJSON(notebook.FindSeeds(nb))
	r["provenance"] = pm
	nb.Metadata["radgo"] = r
	return all, runErr
}

// unsubstitute maps a path read through a --data substitution back to
// the recorded path it replaced (a file, or a path inside a folder).
func unsubstitute(p string, subst map[string]string) string {
	for old, repl := range subst {
		if p == repl {
			return old
		}
		if rel, err := filepath.Rel(repl, p); err == nil && rel != "." && !strings.HasPrefix(rel, "..") && filepath.IsAbs(repl) == filepath.IsAbs(p) {
			return filepath.Join(old, rel)
		}
	}
	return p
}

// currentInputs completes the inputs of a re-run with the current hashes
// of the stored inputs the re-run did not read (e.g. a reader not reached
// because an earlier cell failed), so that a changed or missing stored
// input is named either way.
func currentInputs(stored, now []notebook.Input, dir string, subst map[string]string) []notebook.Input {
	have := map[string]bool{}
	for _, in := range now {
		have[in.Path] = true
	}
	out := append([]notebook.Input(nil), now...)
	for _, s := range stored {
		if have[s.Path] || s.Generated {
			continue
		}
		p := s.Path
		if q, ok := subst[p]; ok {
			p = q
		} else if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		if h, ok := notebook.HashInput(p); ok {
			h.Path = s.Path
			out = append(out, h)
		}
	}
	return out
}
