package eval

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
)

// docCache holds parsed package documentation by import path.
var docCache sync.Map // string -> *pkgDoc

type pkgDoc struct {
	synopsis string
	text     string
	entries  map[string]string // name -> "decl\n\ndoc"
}

// lookupDoc returns the documentation of name in package pkgPath from
// GOROOT sources (standard library), or "" when unavailable.
func lookupDoc(pkgPath, name string) string {
	pd := loadDoc(pkgPath)
	if pd == nil {
		return ""
	}
	return pd.entries[name]
}

func packageDoc(pkgPath string) string {
	pd := loadDoc(pkgPath)
	if pd == nil {
		return "package " + pkgPath
	}
	return "package " + pkgPath + "\n\n" + pd.text
}

func loadDoc(pkgPath string) *pkgDoc {
	if v, ok := docCache.Load(pkgPath); ok {
		return v.(*pkgDoc)
	}
	pd := readDoc(pkgPath)
	if pd != nil {
		docCache.Store(pkgPath, pd)
	}
	return pd
}

// readDoc parses the package's sources from GOROOT (standard library).
func readDoc(pkgPath string) *pkgDoc {
	if strings.Contains(strings.SplitN(pkgPath, "/", 2)[0], ".") {
		return nil // not the standard library
	}
	root := runtime.GOROOT()
	if r := os.Getenv("GOROOT"); r != "" {
		root = r
	}
	if root == "" {
		return nil
	}
	dir := filepath.Join(root, "src", filepath.FromSlash(pkgPath))
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool {
		return !strings.HasSuffix(fi.Name(), "_test.go")
	}, parser.ParseComments)
	if err != nil || len(pkgs) == 0 {
		return nil
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
	dp, err := doc.NewFromFiles(fset, files, pkgPath)
	if err != nil {
		return nil
	}
	return fromDocPackage(fset, dp)
}

func fromDocPackage(fset *token.FileSet, dp *doc.Package) *pkgDoc {
	pd := &pkgDoc{synopsis: dp.Synopsis(dp.Doc), text: dp.Doc, entries: map[string]string{}}
	put := func(name, decl, text string) {
		e := decl
		if text != "" {
			e += "\n\n" + text
		}
		pd.entries[name] = e
	}
	for _, f := range dp.Funcs {
		put(f.Name, funcDeclText(fset, f.Decl), f.Doc)
	}
	for _, v := range append(dp.Consts, dp.Vars...) {
		for _, n := range v.Names {
			put(n, nodeText(fset, v.Decl), v.Doc)
		}
	}
	for _, t := range dp.Types {
		put(t.Name, nodeText(fset, t.Decl), t.Doc)
		for _, f := range t.Funcs {
			put(f.Name, funcDeclText(fset, f.Decl), f.Doc)
		}
		for _, m := range t.Methods {
			put(t.Name+"."+m.Name, funcDeclText(fset, m.Decl), m.Doc)
		}
		for _, v := range append(t.Consts, t.Vars...) {
			for _, n := range v.Names {
				put(n, nodeText(fset, v.Decl), v.Doc)
			}
		}
	}
	return pd
}
