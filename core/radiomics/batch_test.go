package radiomics_test

import (
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"radgo/core/radiomics"
)

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func writeManifest(t *testing.T, dir string) string {
	t.Helper()
	abs, _ := filepath.Abs(refDir)
	m := "ID,Image,Mask,Label,Extra\n" +
		"breast1," + abs + "/data/breast1_image.nrrd," + abs + "/data/breast1_label.nrrd,,a\n" +
		"missing," + abs + "/data/nope_image.nrrd," + abs + "/data/breast1_label.nrrd,,b\n" +
		"prostate," + abs + "/data/prostate_phantom_subvolume.nrrd," + abs + "/data/prostate_phantom_subvolume-label.nrrd,1,c\n" +
		"prostate7," + abs + "/data/prostate_phantom_subvolume.nrrd," + abs + "/data/prostate_phantom_subvolume-label.nrrd,7,d\n"
	p := filepath.Join(dir, "cases.csv")
	if err := os.WriteFile(p, []byte(m), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestBatch: one row per case in manifest order, a failed case kept with its
// error, input columns carried through, a rerun skipping finished cases, and
// sharded runs merging to the same file as a single run.
func TestBatch(t *testing.T) {
	dir := t.TempDir()
	man := writeManifest(t, dir)
	e := radiomics.NewExtractor()
	out := filepath.Join(dir, "out.csv")
	sum, err := e.RunBatch(context.Background(), man, out, radiomics.BatchOptions{Jobs: 2})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Done != 3 || sum.Failed != 1 || sum.Skipped != 0 {
		t.Fatalf("summary %+v, want 3 done, 1 failed", sum)
	}
	recs := readCSV(t, out)
	if len(recs) != 5 {
		t.Fatalf("%d rows, want header + 4", len(recs))
	}
	h := recs[0]
	if strings.Join(h[:6], ",") != "ID,Image,Mask,Label,Extra,Error" {
		t.Fatalf("header starts %v", h[:6])
	}
	col := map[string]int{}
	for i, c := range h {
		col[c] = i
	}
	for i, id := range []string{"breast1", "missing", "prostate", "prostate7"} {
		r := recs[i+1]
		if r[0] != id {
			t.Errorf("row %d is %s, want %s (manifest order)", i+1, r[0], id)
		}
		if (r[col["Error"]] != "") != (id == "missing") {
			t.Errorf("%s: Error column %q", id, r[col["Error"]])
		}
	}
	if got := recs[3][col["diagnostics_Mask-original_VoxelNum"]]; got != "168" {
		t.Errorf("prostate label 1 voxels %s, want 168", got)
	}
	if recs[4][col["original_shape_VoxelVolume"]] == recs[3][col["original_shape_VoxelVolume"]] {
		t.Error("label 7 row equals label 1 row")
	}

	// Rerun: finished cases are skipped, the failed one retried.
	sum, err = e.RunBatch(context.Background(), man, out, radiomics.BatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Skipped != 3 || sum.Failed != 1 {
		t.Fatalf("rerun summary %+v, want 3 skipped, 1 failed", sum)
	}
	if again := readCSV(t, out); len(again) != 5 {
		t.Fatalf("rerun left %d rows, want 5", len(again))
	}

	// Shards 0/2 and 1/2 merge to the single-run file.
	var shards []string
	for k := 0; k < 2; k++ {
		p := filepath.Join(dir, "shard"+string(rune('0'+k))+".csv")
		if _, err := e.RunBatch(context.Background(), man, p, radiomics.BatchOptions{ShardIndex: k, ShardCount: 2}); err != nil {
			t.Fatal(err)
		}
		shards = append(shards, p)
	}
	merged := filepath.Join(dir, "merged.csv")
	if err := radiomics.MergeShards(man, shards, merged); err != nil {
		t.Fatal(err)
	}
	a, _ := os.ReadFile(out)
	b, _ := os.ReadFile(merged)
	if string(a) != string(b) {
		t.Error("merged shards differ from the single run")
	}
}

func TestShardFromEnv(t *testing.T) {
	t.Setenv("SLURM_ARRAY_TASK_ID", "")
	t.Setenv("JOB_COMPLETION_INDEX", "")
	if k, n, err := radiomics.ShardFromEnv("2/5", 0); err != nil || k != 2 || n != 5 {
		t.Errorf("--shard 2/5: %d/%d %v", k, n, err)
	}
	if _, _, err := radiomics.ShardFromEnv("5/5", 0); err == nil {
		t.Error("--shard 5/5 accepted")
	}
	t.Setenv("SLURM_ARRAY_TASK_ID", "4")
	t.Setenv("SLURM_ARRAY_TASK_COUNT", "4")
	t.Setenv("SLURM_ARRAY_TASK_MIN", "1")
	if k, n, err := radiomics.ShardFromEnv("", 0); err != nil || k != 3 || n != 4 {
		t.Errorf("Slurm 1-4 task 4: %d/%d %v", k, n, err)
	}
	t.Setenv("SLURM_ARRAY_TASK_ID", "")
	t.Setenv("JOB_COMPLETION_INDEX", "1")
	if k, n, err := radiomics.ShardFromEnv("", 3); err != nil || k != 1 || n != 3 {
		t.Errorf("JOB_COMPLETION_INDEX 1 of 3: %d/%d %v", k, n, err)
	}
	if _, _, err := radiomics.ShardFromEnv("", 0); err == nil {
		t.Error("JOB_COMPLETION_INDEX without a count accepted")
	}
}

func TestResultOutputs(t *testing.T) {
	img, m := smallCase()
	res, err := radiomics.NewExtractor().Extract(context.Background(), img, m)
	if err != nil {
		t.Fatal(err)
	}
	h := res.HTML()
	if !strings.HasPrefix(h, "<table>") || !strings.Contains(h, "<td>original_glcm_Idmn</td>") {
		t.Errorf("HTML: %.200s", h)
	}
	var b strings.Builder
	if err := res.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), `"original_firstorder_Mean": `) {
		t.Errorf("JSON: %.200s", b.String())
	}
	b.Reset()
	if err := radiomics.WriteCSV(&b, []*radiomics.Result{res}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(b.String())).ReadAll()
	if err != nil || len(rows) != 2 || len(rows[0]) != len(res.Diagnostics)+res.Len() {
		t.Fatalf("CSV: %d rows, err %v", len(rows), err)
	}
}
