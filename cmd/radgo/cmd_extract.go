package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"radgo/core/radiomics"
)

const extractUsage = `usage: radgo extract IMAGE MASK [--params FILE] [--label N] [--roi NAME] [-o OUT] [--format csv|json|txt]
       radgo extract CASES.csv -o OUT.csv [--params FILE] [--jobs N] [--shard K/N]
       radgo extract --merge CASES.csv -o OUT.csv SHARD.csv...

Extracts PyRadiomics-compatible features. IMAGE is an NRRD or NIfTI file or a
DICOM series folder; MASK a label map (NRRD, NIfTI), a Slicer .seg.nrrd, an
RTSTRUCT (--roi NAME), a DICOM SEG or a folder holding one. --params reads a
PyRadiomics YAML/JSON parameter file (default: PyRadiomics defaults).

Single case: csv writes one header row and one value row (diagnostics, then
features, as PyRadiomics' batch output without its Image/Mask columns); txt
writes "name: value" lines; json one object.

Batch: CASES.csv has columns Image and Mask, optionally Label, ID and ROI;
other columns are carried through. One output row per case, in manifest
order; a failed case keeps its row with the error in the Error column and
the others go on. Rerunning skips cases already in OUT. --shard K/N (K from
0) extracts every N-th case starting at K; it defaults from
SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT or JOB_COMPLETION_INDEX with
--shard-count. --merge joins shard outputs in manifest order.
`

func cmdExtract(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, extractUsage) }
	params := fs.String("params", "", "PyRadiomics parameter file (YAML or JSON)")
	label := fs.Int("label", 0, "label value of the ROI (overrides the params file)")
	roi := fs.String("roi", "", "RTSTRUCT ROI / segment name")
	out := fs.String("o", "", "output file (default standard output)")
	format := fs.String("format", "csv", "csv, json or txt")
	jobs := fs.Int("jobs", 1, "cases extracted in parallel (batch mode)")
	shard := fs.String("shard", "", "K/N: extract shard K (0-based) of N (batch mode)")
	shardCount := fs.Int("shard-count", 0, "N when K comes from JOB_COMPLETION_INDEX")
	merge := fs.Bool("merge", false, "merge shard outputs: CASES.csv SHARD.csv... -o OUT.csv")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		return errUsage
	}
	e := radiomics.NewExtractor()
	if *params != "" {
		if e, err = radiomics.ReadParams(*params); err != nil {
			return err
		}
	}
	if *label != 0 {
		e.Settings.Label = *label
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()

	if *merge {
		if len(pos) < 2 || *out == "" {
			fmt.Fprint(stderr, extractUsage)
			return errUsage
		}
		return radiomics.MergeShards(pos[0], pos[1:], *out)
	}
	if len(pos) == 1 && strings.HasSuffix(strings.ToLower(pos[0]), ".csv") {
		if *out == "" {
			return errors.New("batch mode needs -o OUT.csv")
		}
		k, n, err := radiomics.ShardFromEnv(*shard, *shardCount)
		if err != nil {
			return err
		}
		opt := radiomics.BatchOptions{Jobs: *jobs, ShardIndex: k, ShardCount: n, Log: stderr}
		if f, ok := stderr.(*os.File); ok {
			if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
				opt.Progress = true
			}
		}
		sum, err := e.RunBatch(ctx, pos[0], *out, opt)
		if err != nil {
			return err
		}
		fmt.Fprintf(stderr, "radgo extract: %d cases done, %d skipped (already in %s), %d failed\n", sum.Done, sum.Skipped, *out, sum.Failed)
		if sum.Failed > 0 {
			return fmt.Errorf("%d of %d cases failed (see the Error column of %s)", sum.Failed, sum.Done+sum.Failed, *out)
		}
		return nil
	}
	if len(pos) != 2 {
		fmt.Fprint(stderr, extractUsage)
		return errUsage
	}
	res, err := e.ExtractCase(ctx, radiomics.Case{Image: pos[0], Mask: pos[1], ROI: *roi, Label: *label})
	if err != nil {
		return err
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	switch *format {
	case "csv":
		err = radiomics.WriteCSV(w, []*radiomics.Result{res})
	case "json":
		err = res.WriteJSON(w)
	case "txt":
		_, err = io.WriteString(w, res.String())
	default:
		return fmt.Errorf("unknown --format %q (want csv, json or txt)", *format)
	}
	if err != nil {
		return err
	}
	if f, ok := w.(*os.File); ok && f != os.Stdout {
		return f.Close()
	}
	return nil
}

// parseInterleaved parses flags that may follow positional arguments.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}
