package notebook

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Relocate looks for the stored inputs that are missing at their recorded
// path (relative to base) under the folders dirs: a file with the same
// SHA-256, or a folder with the same name and content hash. It returns the
// substitutions (recorded path → found path) and a message for each.
func Relocate(stored []Input, base string, dirs []string) (map[string]string, []string) {
	subst := map[string]string{}
	var msgs []string
	var missing []Input
	for _, in := range stored {
		if in.Generated {
			continue // written by the run itself
		}
		p := in.Path
		if !filepath.IsAbs(p) {
			p = filepath.Join(base, p)
		}
		if _, err := os.Stat(p); err != nil {
			missing = append(missing, in)
		}
	}
	if len(missing) == 0 {
		return subst, nil
	}
	for _, d := range dirs {
		filepath.WalkDir(d, func(q string, e fs.DirEntry, err error) error {
			if err != nil || len(subst) == len(missing) {
				return nil
			}
			for _, in := range missing {
				if _, done := subst[in.Path]; done {
					continue
				}
				if in.Files > 0 { // a folder: same name and content
					if e.IsDir() && e.Name() == filepath.Base(in.Path) {
						if h, ok := hashInput(q); ok && h.SHA256 == in.SHA256 {
							subst[in.Path] = q
						}
					}
					continue
				}
				if e.Type().IsRegular() {
					if h, err := hashFile(q); err == nil && h == in.SHA256 {
						subst[in.Path] = q
					}
				}
			}
			return nil
		})
	}
	for _, in := range missing {
		if q, ok := subst[in.Path]; ok {
			msgs = append(msgs, fmt.Sprintf("input %s is missing; using %s (same content)", in.Path, q))
		} else {
			msgs = append(msgs, fmt.Sprintf("input %s is missing and no file with its content was found under %s", in.Path, strings.Join(dirs, ", ")))
		}
	}
	return subst, msgs
}

// Substitute replaces, in the code cells, the string literals naming a
// key of subst by its value, and returns a function restoring the cells'
// original sources.
func (nb *Notebook) Substitute(subst map[string]string) (restore func()) {
	saved := make([]string, len(nb.Cells))
	for i, c := range nb.Cells {
		saved[i] = c.Source
		if c.Type != Code {
			continue
		}
		for old, repl := range subst {
			c.Source = strings.ReplaceAll(c.Source, strconv.Quote(old), strconv.Quote(repl))
			c.Source = strings.ReplaceAll(c.Source, "`"+old+"`", strconv.Quote(repl))
		}
	}
	return func() {
		for i, c := range nb.Cells {
			c.Source = saved[i]
		}
	}
}
