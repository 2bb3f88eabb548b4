package provenance_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"radgo/core/provenance"
)

func sha(b string) string {
	s := sha256.Sum256([]byte(b))
	return hex.EncodeToString(s[:])
}

func TestHash(t *testing.T) {
	dir := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(dir, "d", "sub"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "d", "b.txt"), []byte("bee"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "d", "sub", "a.txt"), []byte("a"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "f.csv"), []byte("x,y\n1,2\n"), 0o644))
	tests := []struct {
		path  string
		want  string
		files int
		err   bool
	}{
		{"f.csv", sha("x,y\n1,2\n"), 0, false},
		// lexical order of the relative paths, slash-separated
		{"d", sha("b.txt " + sha("bee") + "\nsub/a.txt " + sha("a") + "\n"), 2, false},
		{"missing", "", 0, true},
	}
	for _, tc := range tests {
		got, n, err := provenance.Hash(filepath.Join(dir, tc.path))
		if (err != nil) != tc.err || got != tc.want || n != tc.files {
			t.Errorf("Hash(%s) = %s, %d, %v; want %s, %d, error %v", tc.path, got, n, err, tc.want, tc.files, tc.err)
		}
	}
}

func TestRecorderAttachAndContext(t *testing.T) {
	dir := t.TempDir()
	f := filepath.Join(dir, "t.csv")
	must(t, os.WriteFile(f, []byte("one"), 0o644))

	// Nothing attached, no context recorder: nothing is recorded anywhere.
	if provenance.Enabled(context.Background()) {
		t.Fatal("Enabled with no recorder")
	}
	provenance.RecordInput("test.Read", f)

	var att, viaCtx provenance.Recorder
	detach := provenance.Attach(&att)
	att.SetCell(3)
	provenance.RecordInput("test.Read", f)
	provenance.RecordInput("test.Read", f) // once
	provenance.RecordSeed("test.Split", 42)
	ctx := provenance.NewContext(context.Background(), &viaCtx)
	provenance.RecordSeedContext(ctx, "test.Boot", 7)
	detach()
	detach()                                // idempotent
	provenance.RecordSeed("test.Split", 99) // after detach: not recorded

	in := att.Inputs()
	if len(in) != 1 || in[0].Path != f || in[0].SHA256 != sha("one") || in[0].Reader != "test.Read" || in[0].Cell != 3 {
		t.Errorf("attached inputs = %+v", in)
	}
	want := []provenance.Seed{{"test.Split", 42, 3}, {"test.Boot", 7, 3}}
	if got := att.Seeds(); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("attached seeds = %v, want %v", got, want)
	}
	if got := viaCtx.Seeds(); len(got) != 1 || got[0].Func != "test.Boot" || got[0].Cell != 0 {
		t.Errorf("context seeds = %v", got)
	}

	// Same recorder attached and in the context: recorded once.
	var both provenance.Recorder
	detach = provenance.Attach(&both)
	provenance.RecordSeedContext(provenance.NewContext(context.Background(), &both), "x", 1)
	detach()
	if n := len(both.Seeds()); n != 1 {
		t.Errorf("recorder both attached and in context got %d seeds, want 1", n)
	}
}

func TestRecorderRehashesChangedFile(t *testing.T) {
	f := filepath.Join(t.TempDir(), "t.csv")
	must(t, os.WriteFile(f, []byte("one"), 0o644))
	var r provenance.Recorder
	r.AddInput("a", f)
	must(t, os.WriteFile(f, []byte("two!"), 0o644))
	must(t, os.Chtimes(f, time.Now(), time.Now().Add(time.Hour)))
	r.AddInput("b", f)
	in := r.Inputs()
	if st, _ := os.Stat(f); !in[0].ModTime.Equal(st.ModTime()) {
		t.Errorf("ModTime %v, want %v", in[0].ModTime, st.ModTime())
	}
	if len(in) != 1 || in[0].SHA256 != sha("two!") || in[0].Reader != "a" {
		t.Errorf("inputs after a change = %+v", in)
	}
	r.AddInput("c", filepath.Join(t.TempDir(), "nope"))
	if in := r.Inputs(); len(in) != 2 || in[1].Err == "" && in[0].Err == "" {
		t.Errorf("missing input not recorded with an error: %+v", in)
	}
	r.Reset()
	if len(r.Inputs())+len(r.Seeds()) != 0 {
		t.Error("Reset kept records")
	}
}

func TestConcurrent(t *testing.T) {
	f := filepath.Join(t.TempDir(), "t.csv")
	must(t, os.WriteFile(f, []byte("one"), 0o644))
	var r provenance.Recorder
	detach := provenance.Attach(&r)
	defer detach()
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			provenance.RecordInput("r", f)
			provenance.RecordSeed("s", uint64(i))
		}()
	}
	wg.Wait()
	if len(r.Inputs()) != 1 || len(r.Seeds()) != 8 {
		t.Errorf("got %d inputs, %d seeds; want 1, 8", len(r.Inputs()), len(r.Seeds()))
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
