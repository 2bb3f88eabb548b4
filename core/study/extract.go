package study

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"

	"radgo/core/provenance"
	"radgo/core/radiomics"
	"radgo/core/table"
	"radgo/core/volume/imageio"
)

// CohortLayout says where a cohort folder keeps each patient's files. The
// zero value is radgo synth's layout.
type CohortLayout struct {
	Clinical string // clinical CSV, relative to the cohort folder: "clinical.csv"
	CT       string // CT series folder per patient: "<ID>/CT"
	Reader1  string // reader 1's RTSTRUCT: "<ID>/RS_reader1.dcm"
	Reader2  string // reader 2's RTSTRUCT: "<ID>/RS_reader2.dcm"
	ROI      string // ROI name in the RTSTRUCTs: "GTV"
}

func (l CohortLayout) defaults() CohortLayout {
	if l.Clinical == "" {
		l.Clinical = "clinical.csv"
	}
	if l.CT == "" {
		l.CT = "CT"
	}
	if l.Reader1 == "" {
		l.Reader1 = "RS_reader1.dcm"
	}
	if l.Reader2 == "" {
		l.Reader2 = "RS_reader2.dcm"
	}
	if l.ROI == "" {
		l.ROI = "GTV"
	}
	return l
}

// StudyExtractor returns the study's feature extractor: PyRadiomics
// defaults (bin width 25, no resampling) with the Original and Wavelet
// (coif1, 8 sub-bands) image types, 851 features per ROI.
func StudyExtractor() *radiomics.Extractor {
	e := radiomics.NewExtractor()
	if err := e.EnableImageType("Wavelet", nil); err != nil {
		panic(err) // Wavelet is a built-in image type
	}
	return e
}

// ExtractCohort reads a cohort folder — a clinical CSV and, per patient, a
// CT series and two readers' RTSTRUCTs — and extracts both readers'
// features with ext (StudyExtractor when nil). Patients are processed in
// parallel; the tables are in clinical-table order, so the result does not
// depend on GOMAXPROCS. progress, if not nil, is called after each patient.
func ExtractCohort(ctx context.Context, dir string, layout CohortLayout, cols Columns, ext *radiomics.Extractor, progress func(done, total int)) (*Inputs, error) {
	layout = layout.defaults()
	if cols.ID == "" {
		cols = DefaultColumns()
	}
	if ext == nil {
		ext = StudyExtractor()
	}
	clinPath := filepath.Join(dir, layout.Clinical)
	provenance.RecordInputContext(ctx, "study.ExtractCohort", clinPath) // the readers below report to attached recorders; this reaches ctx's too
	clin, err := table.ReadFile(clinPath, table.WithType(cols.ID, table.String))
	if err != nil {
		return nil, err
	}
	if !clin.Has(cols.ID) {
		return nil, fmt.Errorf("study: %s has no %q column", clinPath, cols.ID)
	}
	ids, err := clin.Strings(cols.ID)
	if err != nil {
		return nil, err
	}
	n := len(ids)
	results := make([][2]*radiomics.Result, n)
	errs := make([]error, n)
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i], errs[i] = extractPatient(ctx, filepath.Join(dir, ids[i]), layout, ext)
				if errs[i] != nil {
					errs[i] = fmt.Errorf("study: patient %s: %w", ids[i], errs[i])
					cancel()
				}
				mu.Lock()
				done++
				if progress != nil {
					progress(done, n)
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for i := 0; i < n; i++ {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	in := &Inputs{Clinical: clin, Files: []string{clinPath}}
	for r := 0; r < 2; r++ {
		rs := make([]*radiomics.Result, n)
		for i := range results {
			rs[i] = results[i][r]
		}
		t, err := featureTable(cols.ID, ids, rs)
		if err != nil {
			return nil, err
		}
		if r == 0 {
			in.Reader1 = t
		} else {
			in.Reader2 = t
		}
	}
	for _, id := range ids {
		in.Files = append(in.Files, filepath.Join(dir, id, layout.CT), filepath.Join(dir, id, layout.Reader1), filepath.Join(dir, id, layout.Reader2))
	}
	return in, nil
}

func extractPatient(ctx context.Context, dir string, layout CohortLayout, ext *radiomics.Extractor) ([2]*radiomics.Result, error) {
	var out [2]*radiomics.Result
	defer func() { // after the readers, which name themselves to attached recorders
		for _, p := range []string{layout.CT, layout.Reader1, layout.Reader2} {
			provenance.RecordInputContext(ctx, "study.ExtractCohort", filepath.Join(dir, p))
		}
	}()
	img, err := imageio.ReadImage(filepath.Join(dir, layout.CT))
	if err != nil {
		return out, err
	}
	for r, rs := range []string{layout.Reader1, layout.Reader2} {
		mask, err := imageio.ReadMask(filepath.Join(dir, rs), img, imageio.ROI(layout.ROI))
		if err != nil {
			return out, err
		}
		if out[r], err = ext.Extract(ctx, img, mask); err != nil {
			return out, fmt.Errorf("reader %d: %w", r+1, err)
		}
	}
	return out, nil
}

// featureTable builds an ID + feature table from per-patient results,
// which must all have the same feature names.
func featureTable(idCol string, ids []string, rs []*radiomics.Result) (*table.Table, error) {
	names := rs[0].Names()
	cols := []*table.Column{table.NewString(idCol, ids)}
	vals := make([][]float64, len(names))
	for j := range vals {
		vals[j] = make([]float64, len(rs))
	}
	for i, r := range rs {
		v := r.Values()
		if len(v) != len(names) {
			return nil, fmt.Errorf("study: patient %s has %d features, patient %s %d", ids[i], len(v), ids[0], len(names))
		}
		for j := range names {
			vals[j][i] = v[j]
		}
	}
	for j, nm := range names {
		cols = append(cols, table.NewFloat(nm, vals[j]))
	}
	return table.New(cols...)
}

// WriteFeatures writes the two readers' feature tables as
// PyRadiomics-style CSVs (ID column then features) under dir.
func (in *Inputs) WriteFeatures(dir string) (reader1, reader2 string, err error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", err
	}
	reader1, reader2 = filepath.Join(dir, "reader1.csv"), filepath.Join(dir, "reader2.csv")
	if err := in.Reader1.WriteFile(reader1); err != nil {
		return "", "", err
	}
	if err := in.Reader2.WriteFile(reader2); err != nil {
		return "", "", err
	}
	return reader1, reader2, nil
}
