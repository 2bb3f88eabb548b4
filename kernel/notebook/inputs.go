package notebook

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/scanner"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// Input is a file or folder a notebook reads, with a hash of its content.
type Input struct {
	Path   string `json:"path"`            // as written in the notebook
	SHA256 string `json:"sha256"`          // of the file, or of a folder's listing and file hashes
	Files  int    `json:"files,omitempty"` // files hashed, for a folder
	// Generated marks a file the run wrote before reading it (e.g. a
	// synthetic cohort in a temporary folder): an intermediate, not an
	// input, so it is not looked for or compared by --check and --data.
	Generated bool `json:"generated,omitempty"`
}

// maxFolderFiles bounds the files hashed for one folder input.
const maxFolderFiles = 20000

// FindInputs returns the existing files and folders named by string
// literals in the notebook's code cells (relative paths resolved against
// dir), with their content hashes, sorted by path. Call it before running
// the notebook so that files the notebook writes are not taken for inputs.
// Paths computed at run time are not seen.
func FindInputs(nb *Notebook, dir string) []Input {
	seen := map[string]bool{}
	var out []Input
	for _, c := range nb.Cells {
		if c.Type != Code {
			continue
		}
		for _, lit := range stringLiterals(c.Source) {
			if seen[lit] || lit == "" || len(lit) > 4096 || strings.ContainsAny(lit, "\n\x00") || isRoot(lit) {
				continue
			}
			seen[lit] = true
			p := lit
			if !filepath.IsAbs(p) {
				p = filepath.Join(dir, p)
			}
			if in, ok := hashInput(p); ok {
				in.Path = lit
				out = append(out, in)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// isRoot reports whether a literal names the working folder, its parent
// or the file system root ("." in strings.Join(parts, ".") is no input).
func isRoot(lit string) bool {
	c := filepath.Clean(lit)
	return c == "." || c == ".." || c == string(filepath.Separator)
}

func stringLiterals(src string) []string {
	fset := token.NewFileSet()
	f := fset.AddFile("cell", -1, len(src))
	var s scanner.Scanner
	s.Init(f, []byte(src), func(token.Position, string) {}, 0)
	var lits []string
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			return lits
		}
		if t == token.STRING {
			if u, err := strconv.Unquote(lit); err == nil {
				lits = append(lits, u)
			}
		}
	}
}

func hashInput(p string) (Input, bool) {
	fi, err := os.Stat(p)
	if err != nil {
		return Input{}, false
	}
	if fi.Mode().IsRegular() {
		h, err := hashFile(p)
		return Input{SHA256: h}, err == nil
	}
	if !fi.IsDir() || p == "." || p == "/" {
		return Input{}, false
	}
	sum := sha256.New()
	n := 0
	err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if n++; n > maxFolderFiles {
			return fmt.Errorf("more than %d files", maxFolderFiles)
		}
		h, err := hashFile(q)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(p, q)
		fmt.Fprintf(sum, "%s %s\n", filepath.ToSlash(rel), h)
		return nil
	})
	if err != nil || n == 0 {
		return Input{}, false
	}
	return Input{SHA256: hex.EncodeToString(sum.Sum(nil)), Files: n}, true
}

func hashFile(p string) (string, error) {
	f, err := os.Open(p)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// ProvenanceMIME is the MIME type of the provenance block the radgo
// kernel's %provenance magic displays (kernel/eval.ProvenanceMIME).
const ProvenanceMIME = "application/vnd.radgo.provenance+json"

// StoredProvenance returns the provenance block stored in the notebook:
// metadata.radgo.provenance, written by radgo exec, or else the last
// %provenance output (a display with ProvenanceMIME data), which is what a
// notebook run in Jupyter keeps, since a kernel cannot write the notebook's
// metadata. It returns nil when there is neither.
func (nb *Notebook) StoredProvenance() map[string]any {
	r, _ := nb.Metadata["radgo"].(map[string]any)
	if p, ok := r["provenance"].(map[string]any); ok {
		return p
	}
	var last map[string]any
	for _, c := range nb.Cells {
		for _, o := range c.Outputs {
			if p, ok := o.Data[ProvenanceMIME].(map[string]any); ok {
				last = p
			}
		}
	}
	return last
}

// StoredInputs returns the inputs recorded in the notebook's provenance
// (see StoredProvenance).
func (nb *Notebook) StoredInputs() []Input {
	p := nb.StoredProvenance()
	list, _ := p["inputs"].([]any)
	var out []Input
	for _, v := range list {
		m, _ := v.(map[string]any)
		path, _ := m["path"].(string)
		sum, _ := m["sha256"].(string)
		files, _ := m["files"].(float64)
		gen, _ := m["generated"].(bool)
		if path != "" {
			out = append(out, Input{Path: path, SHA256: sum, Files: int(files), Generated: gen})
		}
	}
	return out
}

// ChangedInputs compares recorded inputs with the current ones and
// describes each input that changed or disappeared.
func ChangedInputs(stored, now []Input) []string {
	cur := map[string]Input{}
	for _, in := range now {
		cur[in.Path] = in
	}
	var out []string
	for _, s := range stored {
		if s.Generated {
			continue
		}
		c, ok := cur[s.Path]
		switch {
		case !ok:
			out = append(out, fmt.Sprintf("input %s is missing (it was read when the outputs were stored)", s.Path))
		case c.SHA256 != s.SHA256:
			out = append(out, fmt.Sprintf("input %s changed since the outputs were stored (sha256 %.12s… now %.12s…)", s.Path, s.SHA256, c.SHA256))
		}
	}
	return out
}

// InputsJSON converts inputs to the JSON-ready form stored in metadata.
func InputsJSON(ins []Input) []any {
	out := make([]any, len(ins))
	for i, in := range ins {
		m := map[string]any{"path": in.Path, "sha256": in.SHA256}
		if in.Files > 0 {
			m["files"] = in.Files
		}
		if in.Generated {
			m["generated"] = true
		}
		out[i] = m
	}
	return out
}

// HashInput returns the content hash of the file or non-empty folder at
// p, as recorded in Input (the same hash as core/provenance.Hash), and
// whether p could be hashed.
func HashInput(p string) (Input, bool) { return hashInput(p) }
