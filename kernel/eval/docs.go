package eval

import (
	_ "embed"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"radgo/kernel/eval/internal/godoc"
)

// docindex.json holds the docs of the packages in stdlib/packages.txt, so
// that inspect works from an installed binary without module sources.
//
//go:generate go run ./internal/docindex ../../stdlib/packages.txt docindex.json
//go:embed docindex.json
var docIndexJSON []byte

var (
	docIndexOnce sync.Once
	docIndex     map[string]*godoc.Package
	docCache     sync.Map // import path -> *godoc.Package from GOROOT
)

// loadDoc returns the documentation of package pkgPath: from the embedded
// index, else from GOROOT sources (standard library), else nil.
func loadDoc(pkgPath string) *godoc.Package {
	docIndexOnce.Do(func() {
		if err := json.Unmarshal(docIndexJSON, &docIndex); err != nil {
			docIndex = map[string]*godoc.Package{}
		}
	})
	if p, ok := docIndex[pkgPath]; ok {
		return p
	}
	if v, ok := docCache.Load(pkgPath); ok {
		return v.(*godoc.Package)
	}
	if strings.Contains(strings.SplitN(pkgPath, "/", 2)[0], ".") {
		return nil // not the standard library
	}
	root := os.Getenv("GOROOT")
	if root == "" {
		root = runtime.GOROOT()
	}
	if root == "" {
		return nil
	}
	p, err := godoc.Load(filepath.Join(root, "src", filepath.FromSlash(pkgPath)), pkgPath)
	if err != nil || len(p.Entries) == 0 {
		return nil
	}
	docCache.Store(pkgPath, p)
	return p
}

// lookupDoc returns the documentation of name ("Func", "Type" or
// "Type.Method") in package pkgPath, or "".
func lookupDoc(pkgPath, name string) string {
	if p := loadDoc(pkgPath); p != nil {
		return p.Entries[name]
	}
	return ""
}

func packageDoc(pkgPath string) string {
	p := loadDoc(pkgPath)
	if p == nil {
		return "package " + pkgPath
	}
	return "package " + pkgPath + "\n\n" + p.Doc
}
