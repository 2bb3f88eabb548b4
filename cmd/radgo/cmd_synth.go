package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"radgo/core/synth"
)

func cmdSynth(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("synth", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "cohort", "output folder")
	patients := fs.Int("patients", 118, "number of patients")
	seed := fs.Uint64("seed", 3, "random seed (the cohort is identical for a seed)")
	fs.Usage = func() {
		fmt.Fprintln(stderr, `Usage: radgo synth [-o DIR] [--patients 118] [--seed N]

Writes a synthetic oesophageal squamous cell carcinoma cohort shaped like
Cui et al. 2023: for each patient a thoracic CT series (DICOM) and the
primary tumour contoured by two readers (RTSTRUCT, ROI "GTV"), plus
clinical.csv (Table 1 variables, CHEK2/NOTCH2/HRR, PFS, Progression),
truth.csv and model.json (the generating model) and README.md.

Options:`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	c, err := synth.Generate(synth.Settings{Patients: *patients, Seed: *seed})
	if err != nil {
		return err
	}
	if err := c.Write(ctx, *out, nil); err != nil {
		return err
	}
	prog := 0
	for _, p := range c.Patients {
		if p.Progression {
			prog++
		}
	}
	fmt.Fprintf(stdout, "wrote %d patients (%d progressions) to %s in %.1f s; see %s/README.md\n",
		len(c.Patients), prog, *out, time.Since(start).Seconds(), *out)
	return nil
}
