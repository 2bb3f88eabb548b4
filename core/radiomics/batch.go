package radiomics

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// WriteCSV writes results as PyRadiomics' batch layout without input
// columns: one header row (diagnostics, then features, of the first result)
// and one row per result.
func WriteCSV(w io.Writer, results []*Result) error {
	if len(results) == 0 {
		return errors.New("radiomics: no results to write")
	}
	cw := csv.NewWriter(w)
	var header []string
	for _, row := range results[0].Rows() {
		header = append(header, row[0])
	}
	cw.Write(header)
	for _, r := range results {
		vals := map[string]string{}
		for _, row := range r.Rows() {
			vals[row[0]] = row[1]
		}
		rec := make([]string, len(header))
		for i, h := range header {
			rec[i] = vals[h]
		}
		cw.Write(rec)
	}
	cw.Flush()
	return cw.Error()
}

// BatchOptions configure [Extractor.RunBatch].
type BatchOptions struct {
	Jobs       int       // cases extracted in parallel; < 1 means 1
	ShardIndex int       // this shard, 0-based
	ShardCount int       // number of shards; < 2 means no sharding
	Log        io.Writer // failures and progress (may be nil)
	Progress   bool      // draw a progress bar on Log
}

// BatchSummary counts the cases of a batch run.
type BatchSummary struct {
	Done, Skipped, Failed int
}

// ErrorColumn is the output column holding a failed case's error.
const ErrorColumn = "Error"

type manifest struct {
	header []string
	rows   [][]string
	col    map[string]int
}

func readManifest(path string) (*manifest, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("%s: empty manifest", path)
	}
	m := &manifest{header: recs[0], col: map[string]int{}}
	for i, h := range m.header {
		m.col[strings.TrimSpace(h)] = i
	}
	for _, need := range []string{"Image", "Mask"} {
		if _, ok := m.col[need]; !ok {
			return nil, fmt.Errorf("%s: no %q column (header %v)", path, need, m.header)
		}
	}
	for i, rec := range recs[1:] {
		if len(rec) != len(m.header) {
			return nil, fmt.Errorf("%s: line %d has %d fields, header has %d", path, i+2, len(rec), len(m.header))
		}
		m.rows = append(m.rows, rec)
	}
	return m, nil
}

func (m *manifest) get(rec []string, name string) string {
	if i, ok := m.col[name]; ok {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// key identifies a case across runs and shards.
func (m *manifest) key(rec []string) string {
	if id := m.get(rec, "ID"); id != "" {
		return "id:" + id
	}
	return strings.Join([]string{m.get(rec, "Image"), m.get(rec, "Mask"), m.get(rec, "Label"), m.get(rec, "ROI")}, "\x00")
}

func (m *manifest) caseAt(i int, dir string) (Case, error) {
	rec := m.rows[i]
	c := Case{ID: m.get(rec, "ID"), Image: m.get(rec, "Image"), Mask: m.get(rec, "Mask"), ROI: m.get(rec, "ROI")}
	for _, p := range []*string{&c.Image, &c.Mask} {
		if *p != "" && !filepath.IsAbs(*p) {
			*p = filepath.Join(dir, *p)
		}
	}
	if l := m.get(rec, "Label"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil {
			return c, fmt.Errorf("line %d: Label %q is not an integer", i+2, l)
		}
		c.Label = n
	}
	return c, nil
}

// existing reads an output file written by RunBatch: its header and rows.
func readOutput(path string) ([]string, [][]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		// A crash can leave a truncated last line: keep what parses.
		var pe *csv.ParseError
		if !errors.As(err, &pe) {
			return nil, nil, err
		}
	}
	if len(recs) == 0 {
		return nil, nil, nil
	}
	return recs[0], recs[1:], nil
}

// RunBatch extracts every case of the manifest (PyRadiomics batch CSV) into
// out, one row per case: the manifest's columns, Error, then diagnostics and
// features. Rows are appended as cases finish, so a crash loses nothing
// already written; a rerun skips cases present in out without an error.
// When all cases are done the file is rewritten in manifest order.
func (e *Extractor) RunBatch(ctx context.Context, manifestPath, out string, o BatchOptions) (BatchSummary, error) {
	var sum BatchSummary
	m, err := readManifest(manifestPath)
	if err != nil {
		return sum, err
	}
	dir := filepath.Dir(manifestPath)
	header, old, err := readOutput(out)
	if err != nil {
		return sum, err
	}
	done := map[string]bool{}
	if header != nil {
		hm := &manifest{header: header, col: map[string]int{}}
		for i, h := range header {
			hm.col[h] = i
		}
		for _, r := range old {
			if len(r) == len(header) && hm.get(r, ErrorColumn) == "" {
				done[hm.key(r)] = true
			}
		}
	}
	var todo []int
	for i, rec := range m.rows {
		if o.ShardCount > 1 && i%o.ShardCount != o.ShardIndex {
			continue
		}
		if done[m.key(rec)] {
			sum.Skipped++
			continue
		}
		todo = append(todo, i)
	}
	f, err := os.OpenFile(out, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	cw := csv.NewWriter(f)

	type outcome struct {
		i   int
		res *Result
		err error
	}
	jobs := max(o.Jobs, 1)
	if jobs > 1 && e.Workers == 0 {
		ex := *e
		ex.Workers = 1 // parallel across cases, not within
		e = &ex
	}
	work := make(chan int)
	results := make(chan outcome)
	var wg sync.WaitGroup
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				c, err := m.caseAt(i, dir)
				var res *Result
				if err == nil {
					res, err = e.ExtractCase(ctx, c)
				}
				results <- outcome{i, res, err}
			}
		}()
	}
	go func() {
		defer close(work)
		for _, i := range todo {
			select {
			case work <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	var pending []outcome // rows waiting for a header
	writeRow := func(oc outcome) {
		rec := append([]string(nil), m.rows[oc.i]...)
		vals := map[string]string{}
		if oc.err != nil {
			vals[ErrorColumn] = oc.err.Error()
		} else {
			for _, row := range oc.res.Rows() {
				vals[row[0]] = row[1]
			}
		}
		full := make([]string, len(header))
		for k, h := range header {
			if k < len(rec) {
				full[k] = rec[k]
			}
			if v, ok := vals[h]; ok {
				full[k] = v
			}
		}
		cw.Write(full)
		cw.Flush()
	}
	n := 0
	for oc := range results {
		n++
		if oc.err != nil {
			sum.Failed++
			if o.Log != nil {
				fmt.Fprintf(o.Log, "\rradgo: %v\n", oc.err)
			}
		} else {
			sum.Done++
		}
		if header == nil {
			if oc.err != nil {
				pending = append(pending, oc)
				continue
			}
			header = append(append(append([]string(nil), m.header...), ErrorColumn), names(oc.res)...)
			cw.Write(header)
			for _, p := range pending {
				writeRow(p)
			}
			pending = nil
		}
		writeRow(oc)
		if o.Progress && o.Log != nil {
			progress(o.Log, n, len(todo))
		}
	}
	if header == nil && len(pending) > 0 {
		header = append(append([]string(nil), m.header...), ErrorColumn)
		cw.Write(header)
		for _, p := range pending {
			writeRow(p)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return sum, err
	}
	if o.Progress && o.Log != nil && len(todo) > 0 {
		fmt.Fprintln(o.Log)
	}
	if err := ctx.Err(); err != nil {
		return sum, err
	}
	if err := f.Close(); err != nil {
		return sum, err
	}
	if o.ShardCount > 1 {
		return sum, sortOutput(m, out, []string{out}, o.ShardIndex, o.ShardCount)
	}
	return sum, sortOutput(m, out, []string{out}, 0, 1)
}

func names(r *Result) []string {
	var out []string
	for _, row := range r.Rows() {
		out = append(out, row[0])
	}
	return out
}

func progress(w io.Writer, k, n int) {
	const width = 30
	fill := 0
	if n > 0 {
		fill = k * width / n
	}
	fmt.Fprintf(w, "\r[%s%s] %d/%d cases", strings.Repeat("#", fill), strings.Repeat(" ", width-fill), k, n)
}

// sortOutput rewrites out from the rows of files, one row per case of the
// manifest (the last successful row wins, else the last error), in manifest
// order, restricted to the shard.
func sortOutput(m *manifest, out string, files []string, shard, count int) error {
	var header []string
	best := map[string][]string{}
	for _, file := range files {
		h, rows, err := readOutput(file)
		if err != nil {
			return err
		}
		if h == nil {
			continue
		}
		if header == nil {
			header = h
		} else if strings.Join(h, ",") != strings.Join(header, ",") {
			return fmt.Errorf("%s: header differs from %s", file, files[0])
		}
		hm := &manifest{header: h, col: map[string]int{}}
		for i, c := range h {
			hm.col[c] = i
		}
		for _, r := range rows {
			if len(r) != len(h) {
				continue // truncated by a crash
			}
			k := hm.key(r)
			if prev, ok := best[k]; ok && hm.get(prev, ErrorColumn) == "" && hm.get(r, ErrorColumn) != "" {
				continue
			}
			best[k] = r
		}
	}
	if header == nil {
		return nil
	}
	tmp := out + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(f)
	cw.Write(header)
	for i, rec := range m.rows {
		if count > 1 && i%count != shard {
			continue
		}
		if r, ok := best[m.key(rec)]; ok {
			cw.Write(r)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, out)
}

// MergeShards joins the outputs of a sharded batch run into out, in
// manifest order; the result equals an unsharded run's output.
func MergeShards(manifestPath string, shards []string, out string) error {
	m, err := readManifest(manifestPath)
	if err != nil {
		return err
	}
	return sortOutput(m, out, shards, 0, 1)
}

// ShardFromEnv resolves the shard: flag "K/N" if given, else Slurm's
// SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (task IDs from
// SLURM_ARRAY_TASK_MIN are shifted to 0), else Kubernetes'
// JOB_COMPLETION_INDEX with count (the Job's completions).
func ShardFromEnv(flag string, count int) (k, n int, err error) {
	parse := func(ks, ns, src string) (int, int, error) {
		k, err1 := strconv.Atoi(strings.TrimSpace(ks))
		n, err2 := strconv.Atoi(strings.TrimSpace(ns))
		if err1 != nil || err2 != nil || n < 1 || k < 0 || k >= n {
			return 0, 0, fmt.Errorf("radiomics: shard %s/%s from %s: want K/N with 0 <= K < N", ks, ns, src)
		}
		return k, n, nil
	}
	if flag != "" {
		ks, ns, ok := strings.Cut(flag, "/")
		if !ok {
			return 0, 0, fmt.Errorf("radiomics: --shard %q: want K/N", flag)
		}
		return parse(ks, ns, "--shard")
	}
	if id := os.Getenv("SLURM_ARRAY_TASK_ID"); id != "" {
		cnt := os.Getenv("SLURM_ARRAY_TASK_COUNT")
		if mn := os.Getenv("SLURM_ARRAY_TASK_MIN"); mn != "" {
			a, _ := strconv.Atoi(id)
			b, _ := strconv.Atoi(mn)
			id = strconv.Itoa(a - b)
		}
		return parse(id, cnt, "SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT")
	}
	if id := os.Getenv("JOB_COMPLETION_INDEX"); id != "" {
		if count < 1 {
			return 0, 0, errors.New("radiomics: JOB_COMPLETION_INDEX is set: give the number of shards with --shard-count")
		}
		return parse(id, strconv.Itoa(count), "JOB_COMPLETION_INDEX")
	}
	return 0, 1, nil
}
