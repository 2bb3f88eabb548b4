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
	"runtime"
	"strings"
	"time"

	"radgo/core/study"
	"radgo/core/synth"
	"radgo/core/table"
)

const studyUsage = `Usage: radgo study [options]

Runs the workflow of Cui et al., Biomarker Research 2023, 11:44 — 851
PyRadiomics features from two readers, ICC ≥ 0.8, z-score, LASSO with
10-fold CV, Rad-score with a Youden cut-off, univariate and multivariate
Cox, Kaplan–Meier with log-rank, time-dependent AUC at 1/2/3 years and
Harrell's C — and writes a report.

Inputs, one of:
  (none)                      generate the synthetic cohort (radgo synth) into OUT/cohort
  --cohort DIR                a cohort folder: clinical.csv and per patient
                              <ID>/CT (DICOM series), <ID>/RS_reader1.dcm, <ID>/RS_reader2.dcm
  --clinical F --features1 F1 --features2 F2
                              a clinical CSV and two PyRadiomics-format feature CSVs
                              (one row per patient, keyed by the ID column)

Outputs under OUT (default radgo-study): report/report.html (self-contained),
report/results.json, report/figures/*.png|svg, report/selected_features.csv,
and features/reader{1,2}.csv when features were extracted.

--published applies the paper's Table 2 Rad-score and its 0.36 cut-off to the
patients instead (z-scores from --reference, or from the patients themselves).

Options:
`

func cmdStudy(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("study", flag.ContinueOnError)
	fs.SetOutput(stderr)
	out := fs.String("o", "radgo-study", "output folder")
	cohort := fs.String("cohort", "", "cohort folder (images + RTSTRUCTs + clinical.csv)")
	clinical := fs.String("clinical", "", "clinical CSV (with --features1 and --features2)")
	f1 := fs.String("features1", "", "reader 1's feature CSV (PyRadiomics format)")
	f2 := fs.String("features2", "", "reader 2's feature CSV")
	patients := fs.Int("patients", 118, "patients of the generated cohort")
	seed := fs.Uint64("seed", 3, "seed of the generated cohort, the split, the ICC subset and the CV folds")
	target := fs.String("lasso-target", "cox", "LASSO response: cox (Cox partial likelihood), status (progression 0/1) or time (PFS)")
	folds := fs.Int("folds", 10, "cross-validation folds")
	iccThreshold := fs.Float64("icc-threshold", 0.8, "minimum ICC(2,1) between readers")
	iccPatients := fs.Int("icc-patients", 20, "patients whose two readings give the ICC (-1: all)")
	trainFraction := fs.Float64("train-fraction", 0.7, "fraction of patients in the training set")
	idCol := fs.String("id", "ID", "clinical column: patient ID")
	timeCol := fs.String("time", "PFS", "clinical column: PFS in months")
	eventCol := fs.String("event", "Progression", "clinical column: progression 1/0")
	hrrCol := fs.String("hrr", "HRR", "clinical column: HRR pathway altered 1/0")
	published := fs.Bool("published", false, "apply the paper's published Rad-score model instead of fitting one")
	reference := fs.String("reference", "", "with --published: feature CSV of the reference cohort for the z-scores")
	fs.Usage = func() { fmt.Fprint(stderr, studyUsage); fs.PrintDefaults() }
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return errUsage
	}
	lt, err := study.ParseLassoTarget(*target)
	if err != nil {
		return err
	}
	cols := study.DefaultColumns()
	cols.ID, cols.Time, cols.Event, cols.HRR = *idCol, *timeCol, *eventCol, *hrrCol
	opt := study.Options{Columns: cols, Seed: *seed, LassoTarget: lt, Folds: *folds, ICCThreshold: *iccThreshold, ICCPatients: *iccPatients, TrainFraction: *trainFraction}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	start := time.Now()
	logf := func(format string, a ...any) {
		fmt.Fprintf(stdout, "[%5.1fs] ", time.Since(start).Seconds())
		fmt.Fprintf(stdout, format+"\n", a...)
	}

	var in *study.Inputs
	featureInput := *clinical != "" || *f1 != "" || *f2 != ""
	switch {
	case featureInput && *cohort != "":
		return errors.New("give either --cohort or --clinical/--features1/--features2, not both")
	case featureInput:
		if *clinical == "" || *f1 == "" || *f2 == "" {
			return errors.New("--clinical, --features1 and --features2 go together")
		}
		if in, err = study.ReadInputs(*clinical, *f1, *f2, cols); err != nil {
			return err
		}
		logf("read %s and the two readers' features", *clinical)
	default:
		dir := *cohort
		if dir == "" {
			dir = filepath.Join(*out, "cohort")
			c, err := synth.Generate(synth.Settings{Patients: *patients, Seed: *seed})
			if err != nil {
				return err
			}
			if err := c.Write(ctx, dir, nil); err != nil {
				return err
			}
			logf("generated the synthetic cohort (%d patients, seed %d) in %s", *patients, *seed, dir)
		}
		progress := func(done, total int) {
			if done%10 == 0 || done == total {
				logf("extracted features of %d/%d patients (2 readers, %d workers)", done, total, runtime.GOMAXPROCS(0))
			}
		}
		if in, err = study.ExtractCohort(ctx, dir, study.CohortLayout{}, cols, nil, progress); err != nil {
			return err
		}
		r1, r2, err := in.WriteFeatures(filepath.Join(*out, "features"))
		if err != nil {
			return err
		}
		logf("wrote %s and %s", r1, r2)
	}

	if *published {
		return runPublished(in, *reference, cols, *out, stdout)
	}
	res, err := study.Run(ctx, in, opt)
	if err != nil {
		return err
	}
	logf("analysis done")
	hashes, err := study.HashInputs(in.Files)
	if err != nil {
		return err
	}
	prov := &study.Provenance{
		Command: "radgo study " + strings.Join(args, " "),
		Inputs:  hashes,
		Extra:   map[string]string{"go": runtime.Version(), "radgo": versionString(), "GOMAXPROCS": fmt.Sprint(runtime.GOMAXPROCS(0))},
	}
	reportDir := filepath.Join(*out, "report")
	if err := res.WriteReport(reportDir, prov); err != nil {
		return err
	}
	fmt.Fprint(stdout, res.String())
	logf("report: %s", filepath.Join(reportDir, "report.html"))
	return nil
}

func runPublished(in *study.Inputs, reference string, cols study.Columns, out string, stdout io.Writer) error {
	ref := in.Reader1
	if reference != "" {
		var err error
		if ref, err = table.ReadFile(reference, table.WithType(cols.ID, table.String)); err != nil {
			return err
		}
	}
	ids, err := in.Clinical.Strings(cols.ID)
	if err != nil {
		return err
	}
	h, err := in.Clinical.Floats(cols.HRR)
	if err != nil {
		return fmt.Errorf("clinical column %s: %w", cols.HRR, err)
	}
	hrr := map[string]bool{}
	for i, id := range ids {
		hrr[id] = h[i] == 1
	}
	t, err := study.Published(in.Reader1, ref, cols.ID, hrr)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	path := filepath.Join(out, "published_risk.csv")
	if err := t.WriteFile(path); err != nil {
		return err
	}
	fmt.Fprintln(stdout, "Caveat:", study.PublishedCaveat)
	fmt.Fprintln(stdout, t.String())
	fmt.Fprintln(stdout, "wrote", path)
	return nil
}
