// Package godoc extracts the documentation of a Go package from its
// sources with go/doc, as one text entry per exported name: the
// declaration followed by its doc comment. Methods are keyed "Type.Method".
package godoc

import (
	"bytes"
	"go/ast"
	"go/build"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"strings"
)

// Package is the documentation of one package.
type Package struct {
	Doc     string            `json:"doc"`
	Entries map[string]string `json:"entries"`
}

// buildContext selects the files whose docs are read: a fixed platform
// and no extra tags, so that the result does not depend on the machine
// (gonum defines some methods twice, under "bounds"/"!bounds" tags).
var buildContext = func() build.Context {
	c := build.Default
	c.GOOS, c.GOARCH, c.CgoEnabled, c.BuildTags = "linux", "amd64", false, nil
	return c
}()

// Load parses the non-test Go files in dir that build on linux/amd64 as
// package importPath.
func Load(dir, importPath string) (*Package, error) {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool {
		if strings.HasSuffix(fi.Name(), "_test.go") {
			return false
		}
		ok, err := buildContext.MatchFile(dir, fi.Name())
		return err == nil && ok
	}, parser.ParseComments)
	if err != nil {
		return nil, err
	}
	var files []*ast.File
	for name, p := range pkgs {
		if strings.HasSuffix(name, "_test") || name == "main" || name == "documentation" {
			continue
		}
		for _, f := range p.Files {
			files = append(files, f)
		}
	}
	dp, err := doc.NewFromFiles(fset, files, importPath)
	if err != nil {
		return nil, err
	}
	pd := &Package{Doc: dp.Doc, Entries: map[string]string{}}
	put := func(name, decl, text string) {
		e := decl
		if text != "" {
			e += "\n\n" + text
		}
		pd.Entries[name] = strings.TrimRight(e, "\n")
	}
	values := func(vs []*doc.Value) {
		for _, v := range vs {
			for _, n := range v.Names {
				if ast.IsExported(n) {
					put(n, text(fset, v.Decl), v.Doc)
				}
			}
		}
	}
	for _, f := range dp.Funcs {
		put(f.Name, funcHeader(fset, f.Decl), f.Doc)
	}
	values(dp.Consts)
	values(dp.Vars)
	for _, t := range dp.Types {
		put(t.Name, text(fset, t.Decl), t.Doc)
		for _, f := range t.Funcs {
			put(f.Name, funcHeader(fset, f.Decl), f.Doc)
		}
		for _, m := range t.Methods {
			put(t.Name+"."+m.Name, funcHeader(fset, m.Decl), m.Doc)
		}
		values(t.Consts)
		values(t.Vars)
	}
	return pd, nil
}

// Shorten keeps the first paragraph of each doc comment, at most max
// bytes of it, and of the package doc (to keep an embedded index small).
func (p *Package) Shorten(max int) {
	p.Doc = firstPara(p.Doc, max)
	for k, e := range p.Entries {
		decl, d, ok := strings.Cut(e, "\n\n")
		if len(decl) > 2*max { // a long struct or const block: its first line
			first, _, _ := strings.Cut(decl, "\n")
			decl = first + " …"
		}
		if !ok {
			p.Entries[k] = decl
			continue
		}
		p.Entries[k] = decl + "\n\n" + firstPara(d, max)
	}
}

func firstPara(s string, max int) string {
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	if len(s) > max {
		cut := strings.LastIndexByte(s[:max], ' ')
		if cut < max/2 {
			cut = max
		}
		s = s[:cut] + " …"
	}
	return s
}

func funcHeader(fset *token.FileSet, d *ast.FuncDecl) string {
	h := *d
	h.Body, h.Doc = nil, nil
	return text(fset, &h)
}

func text(fset *token.FileSet, n any) string {
	var b bytes.Buffer
	if err := (&printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}).Fprint(&b, fset, n); err != nil {
		return ""
	}
	return b.String()
}
