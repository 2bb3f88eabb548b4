package provenance

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// Input is a file or folder that was read, with a hash of its content.
type Input struct {
	Path   string `json:"path"`            // as given to the reader
	SHA256 string `json:"sha256"`          // lower-case hex; see the package documentation
	Files  int    `json:"files,omitempty"` // regular files hashed, for a folder
	Reader string `json:"reader"`          // the function that read it, e.g. "table.ReadFile"
	Cell   int    `json:"-"`               // the Recorder's cell tag when it was first read
	Err    string `json:"error,omitempty"` // why the content could not be hashed
	// ModTime is the newest modification time of the file, or of the
	// files in the folder, when it was hashed: a caller that knows when
	// its run began can tell inputs from files the run wrote itself.
	ModTime time.Time `json:"-"`
	// Generated is for the caller to set: the input was written by the
	// run that read it (e.g. a synthetic cohort), so it is an
	// intermediate result rather than an input to compare.
	Generated bool `json:"generated,omitempty"`
}

// Seed is a random seed a function used.
type Seed struct {
	Func string `json:"func"` // e.g. "stats.Split"
	Seed uint64 `json:"seed"`
	Cell int    `json:"cell"` // the Recorder's cell tag when it was used
}

// MaxFolderFiles bounds the files hashed for one folder; a larger folder
// is recorded with an error instead of a hash.
const MaxFolderFiles = 20000

// Recorder collects the inputs and seeds reported to it. Its methods are
// safe for concurrent use; the zero value is ready to use.
type Recorder struct {
	mu     sync.Mutex
	cell   int
	inputs []Input
	index  map[string]int // path -> index in inputs
	stamp  map[string]stamp
	seeds  []Seed
}

// stamp identifies the version of a file that was hashed.
type stamp struct {
	size int64
	mod  time.Time
}

// SetCell sets the tag stored with the inputs and seeds reported from now
// on (e.g. the execution count of the running notebook cell).
func (r *Recorder) SetCell(n int) {
	r.mu.Lock()
	r.cell = n
	r.mu.Unlock()
}

// AddInput hashes the file or folder at path and records it under the
// reader's name. A path already recorded is hashed again only when it is
// a file whose size or modification time changed (the new hash replaces
// the old one). A path that cannot be hashed is recorded with Err set.
func (r *Recorder) AddInput(reader, path string) {
	st, statErr := os.Stat(path)
	r.mu.Lock()
	if _, ok := r.index[path]; ok {
		old, had := r.stamp[path]
		if statErr != nil || st.IsDir() || (had && old.size == st.Size() && old.mod.Equal(st.ModTime())) {
			r.mu.Unlock()
			return
		}
	}
	cell := r.cell
	r.mu.Unlock()

	in := Input{Path: path, Reader: reader, Cell: cell}
	if statErr != nil {
		in.Err = statErr.Error()
	} else {
		h, n, mod, err := hash(path)
		in.SHA256, in.Files, in.ModTime = h, n, mod
		if err != nil {
			in.Err = err.Error()
		}
	}

	r.mu.Lock()
	defer r.mu.Unlock()
	if r.index == nil {
		r.index, r.stamp = map[string]int{}, map[string]stamp{}
	}
	if statErr == nil && !st.IsDir() {
		r.stamp[path] = stamp{st.Size(), st.ModTime()}
	}
	if i, ok := r.index[path]; ok {
		in.Reader, in.Cell = r.inputs[i].Reader, r.inputs[i].Cell
		r.inputs[i] = in
		return
	}
	r.index[path] = len(r.inputs)
	r.inputs = append(r.inputs, in)
}

// AddSeed records that fn used seed.
func (r *Recorder) AddSeed(fn string, seed uint64) {
	r.mu.Lock()
	r.seeds = append(r.seeds, Seed{Func: fn, Seed: seed, Cell: r.cell})
	r.mu.Unlock()
}

// Inputs returns the recorded inputs sorted by path.
func (r *Recorder) Inputs() []Input {
	r.mu.Lock()
	out := append([]Input(nil), r.inputs...)
	r.mu.Unlock()
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// Seeds returns the recorded seeds in the order they were used.
func (r *Recorder) Seeds() []Seed {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Seed(nil), r.seeds...)
}

// Reset forgets everything recorded (the cell tag is kept).
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.inputs, r.index, r.stamp, r.seeds = nil, nil, nil, nil
	r.mu.Unlock()
}

// Process-wide observers (see the package documentation).
var (
	attachedMu sync.Mutex
	attached   []*Recorder
	nAttached  atomic.Int32
)

// Attach makes r receive every report of the process's readers until the
// returned function is called.
func Attach(r *Recorder) (detach func()) {
	attachedMu.Lock()
	attached = append(attached, r)
	nAttached.Store(int32(len(attached)))
	attachedMu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			attachedMu.Lock()
			defer attachedMu.Unlock()
			for i, a := range attached {
				if a == r {
					attached = append(attached[:i:i], attached[i+1:]...)
					break
				}
			}
			nAttached.Store(int32(len(attached)))
		})
	}
}

type ctxKey struct{}

// NewContext returns a copy of ctx carrying r: readers given the context
// report to r.
func NewContext(ctx context.Context, r *Recorder) context.Context {
	return context.WithValue(ctx, ctxKey{}, r)
}

// FromContext returns the Recorder carried by ctx, or nil.
func FromContext(ctx context.Context) *Recorder {
	if ctx == nil {
		return nil
	}
	r, _ := ctx.Value(ctxKey{}).(*Recorder)
	return r
}

// recorders returns the attached recorders plus the one of ctx, each once.
func recorders(ctx context.Context) []*Recorder {
	var rs []*Recorder
	if nAttached.Load() > 0 {
		attachedMu.Lock()
		rs = append(rs, attached...)
		attachedMu.Unlock()
	}
	if c := FromContext(ctx); c != nil {
		for _, r := range rs {
			if r == c {
				return rs
			}
		}
		rs = append(rs, c)
	}
	return rs
}

// Enabled reports whether a report with ctx would be recorded anywhere;
// readers may use it to skip work done only for reporting.
func Enabled(ctx context.Context) bool {
	return nAttached.Load() > 0 || FromContext(ctx) != nil
}

// RecordInput reports that reader read the file or folder at path.
func RecordInput(reader, path string) { RecordInputContext(context.Background(), reader, path) }

// RecordInputContext reports that reader read path, to ctx's Recorder and
// the attached ones.
func RecordInputContext(ctx context.Context, reader, path string) {
	for _, r := range recorders(ctx) {
		r.AddInput(reader, path)
	}
}

// RecordSeed reports that fn used seed.
func RecordSeed(fn string, seed uint64) { RecordSeedContext(context.Background(), fn, seed) }

// RecordSeedContext reports that fn used seed, to ctx's Recorder and the
// attached ones.
func RecordSeedContext(ctx context.Context, fn string, seed uint64) {
	for _, r := range recorders(ctx) {
		r.AddSeed(fn, seed)
	}
}

// Hash returns the SHA-256 of the file at path, or of the folder at path
// as described in the package documentation with the number of files
// hashed.
func Hash(path string) (sum string, files int, err error) {
	sum, files, _, err = hash(path)
	return sum, files, err
}

// hash is Hash that also returns the newest modification time.
func hash(path string) (sum string, files int, mod time.Time, err error) {
	fi, err := os.Stat(path)
	if err != nil {
		return "", 0, mod, err
	}
	if fi.Mode().IsRegular() {
		s, err := hashFile(path)
		return s, 0, fi.ModTime(), err
	}
	if !fi.IsDir() {
		return "", 0, mod, fmt.Errorf("provenance: %s is neither a file nor a folder", path)
	}
	h := sha256.New()
	err = filepath.WalkDir(path, func(q string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if files++; files > MaxFolderFiles {
			return fmt.Errorf("provenance: %s: more than %d files to hash", path, MaxFolderFiles)
		}
		s, err := hashFile(q)
		if err != nil {
			return err
		}
		if info, err := d.Info(); err == nil && info.ModTime().After(mod) {
			mod = info.ModTime()
		}
		rel, err := filepath.Rel(path, q)
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s %s\n", filepath.ToSlash(rel), s)
		return nil
	})
	if err != nil {
		return "", 0, mod, err
	}
	return hex.EncodeToString(h.Sum(nil)), files, mod, nil
}

func hashFile(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("provenance: %s: %w", p, err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
