package eval

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// symKind is the kind of a name a cell defined.
type symKind string

const (
	symVar   symKind = "var"
	symConst symKind = "const"
	symFunc  symKind = "func"
	symType  symKind = "type"
	symPkg   symKind = "package"
)

// symbol is a top-level name defined by a cell (or a preloaded import),
// kept from the cells' source because yaegi has no API listing functions
// and types (kernel.md §10).
type symbol struct {
	name    string
	kind    symKind
	decl    string // declaration header, e.g. "func f(x int) int"
	doc     string
	src     string          // full source of a func or type declaration
	refs    map[string]bool // identifiers a func body uses
	path    string          // import path of a package name
	user    bool            // a package imported by a cell (not preloaded)
	results int             // number of results of a func
}

// symtab records the names defined so far, in definition order.
type symtab struct {
	mu      sync.Mutex
	syms    map[string]*symbol
	order   []string
	methods map[string]string // "T.M" -> source
	broken  map[string]bool   // types a failed cell left half-defined
}

func newSymtab() *symtab {
	return &symtab{syms: map[string]*symbol{}, methods: map[string]string{}, broken: map[string]bool{}}
}

func (t *symtab) put(s *symbol) {
	if _, ok := t.syms[s.name]; !ok {
		t.order = append(t.order, s.name)
	}
	t.syms[s.name] = s
}

func (t *symtab) lookup(name string) *symbol {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.syms[name]
}

// names returns the defined names of the given kinds (all when none), in
// definition order.
func (t *symtab) names(kinds ...symKind) []*symbol {
	t.mu.Lock()
	defer t.mu.Unlock()
	var out []*symbol
	for _, n := range t.order {
		s := t.syms[n]
		if len(kinds) == 0 {
			out = append(out, s)
			continue
		}
		for _, k := range kinds {
			if s.kind == k {
				out = append(out, s)
			}
		}
	}
	return out
}

// addPackage records a preloaded package.
func (t *symtab) addPackage(name, path string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.put(&symbol{name: name, kind: symPkg, path: path, decl: "package " + name + " (" + strconv.Quote(path) + ")"})
}

func (t *symtab) addImport(is *ast.ImportSpec) {
	name, p := importName(is)
	if name == "_" || name == "." {
		return
	}
	t.put(&symbol{name: name, kind: symPkg, path: p, decl: "package " + name + " (" + strconv.Quote(p) + ")", user: true})
}

// importName returns the name an import spec binds.
func importName(is *ast.ImportSpec) (name, path string) {
	path, _ = strconv.Unquote(is.Path.Value)
	if is.Name != nil {
		return is.Name.Name, path
	}
	name = path[strings.LastIndexByte(path, '/')+1:]
	if strings.HasPrefix(name, "v") && isDigits(name[1:]) && strings.Contains(path, "/") {
		q := path[:strings.LastIndexByte(path, '/')]
		name = q[strings.LastIndexByte(q, '/')+1:]
	}
	return name, path
}

// dropRepeatedImports blanks out (with spaces, keeping every offset) the
// import specs of code that an earlier cell already made with the same
// name and path: yaegi refuses a second import of a name, but re-running
// a cell must work.
func (t *symtab) dropRepeatedImports(code string, chunks []chunk) string {
	b := []byte(code)
	for _, c := range chunks {
		if !c.imports {
			continue
		}
		text := code[c.start:c.end]
		fset, f, err := parseDecls(text)
		if err != nil {
			continue
		}
		base := fset.File(f.Pos()).Base()
		off := func(p token.Pos) int { return c.start + int(p) - base - len("package main\n") }
		blank := func(from, to token.Pos) {
			for i := off(from); i < off(to); i++ {
				if b[i] != '\n' {
					b[i] = ' '
				}
			}
		}
		t.mu.Lock()
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.IMPORT {
				continue
			}
			dropped := 0
			for _, s := range gd.Specs {
				is := s.(*ast.ImportSpec)
				name, path := importName(is)
				if old, ok := t.syms[name]; ok && old.kind == symPkg && old.user && old.path == path {
					blank(is.Pos(), is.End())
					dropped++
				}
			}
			if dropped == len(gd.Specs) {
				blankDecl(b, off(gd.Pos()), off(gd.End()))
			}
		}
		t.mu.Unlock()
	}
	return string(b)
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// parseDecls parses declaration source.
func parseDecls(src string) (*token.FileSet, *ast.File, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package main\n"+src, parser.ParseComments)
	return fset, f, err
}

func nodeText(fset *token.FileSet, n any) string {
	var b bytes.Buffer
	if err := printer.Fprint(&b, fset, n); err != nil {
		return ""
	}
	return b.String()
}

// poison records the new types of a declaration chunk that parsed but
// failed to compile: yaegi keeps such a type registered (without its
// methods) and silently ignores a corrected definition.
func (t *symtab) poison(src string) {
	_, f, err := parseDecls(src)
	if err != nil {
		return // nothing was registered
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
			for _, s := range gd.Specs {
				name := s.(*ast.TypeSpec).Name.Name
				if _, defined := t.syms[name]; !defined {
					t.broken[name] = true
				}
			}
		}
	}
}

// check refuses what yaegi would get silently wrong: redefining a type or
// a method with a different body (yaegi #1410 keeps the old one), and
// func main (which yaegi would run again after every later cell).
func (t *symtab) check(code string) error {
	for _, c := range splitCell(code) {
		if c.kind != declChunk {
			continue
		}
		fset, f, err := parseDecls(code[c.start:c.end])
		if err != nil {
			continue // the interpreter reports it with the cell position
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && d.Name.Name == "main" {
					return execErr("CompileError", "func main cannot be declared in a cell: the cell itself is the main program (rename it, e.g. run)")
				}
				if d.Recv != nil {
					key := recvName(d.Recv) + "." + d.Name.Name
					t.mu.Lock()
					old, ok := t.methods[key]
					t.mu.Unlock()
					if ok && old != nodeText(fset, d) {
						return execErr("RedefinitionError", fmt.Sprintf(
							"method %s is already defined with another body; the interpreter cannot replace a method (yaegi v0.16.1): run %%reset and re-run the cells, or use a new type name", key))
					}
				}
			case *ast.GenDecl:
				if d.Tok != token.TYPE {
					continue
				}
				for _, s := range d.Specs {
					ts := s.(*ast.TypeSpec)
					t.mu.Lock()
					broken := t.broken[ts.Name.Name]
					t.mu.Unlock()
					if broken {
						return execErr("RedefinitionError", fmt.Sprintf(
							"type %s was left half-defined by an earlier cell that failed, and the interpreter cannot redefine it (yaegi v0.16.1): run %%reset and re-run the cells, or use a new name", ts.Name.Name))
					}
					old := t.lookup(ts.Name.Name)
					if old != nil && old.kind == symType && old.src != nodeText(fset, ts) {
						return execErr("RedefinitionError", fmt.Sprintf(
							"type %s is already defined differently in an earlier cell; the interpreter cannot redefine a type (yaegi v0.16.1): run %%reset and re-run the cells, or use a new name", ts.Name.Name))
					}
				}
			}
		}
	}
	return nil
}

func recvName(fl *ast.FieldList) string {
	if fl == nil || len(fl.List) == 0 {
		return ""
	}
	e := fl.List[0].Type
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// addDecls records the declarations of a chunk that ran; it returns the
// names of funcs, vars and consts that were defined before (so that
// functions using them must be recompiled).
func (t *symtab) addDecls(src string) (redefined []string) {
	fset, f, err := parseDecls(src)
	if err != nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	define := func(s *symbol) {
		if old, ok := t.syms[s.name]; ok && old.kind != symPkg && old.kind != symType {
			redefined = append(redefined, s.name)
		}
		t.put(s)
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			text := nodeText(fset, d)
			if d.Recv != nil {
				t.methods[recvName(d.Recv)+"."+d.Name.Name] = text
				continue
			}
			hdr := *d
			hdr.Body, hdr.Doc = nil, nil
			define(&symbol{name: d.Name.Name, kind: symFunc, decl: nodeText(fset, &hdr),
				doc: d.Doc.Text(), src: text, refs: identsIn(d.Body), results: d.Type.Results.NumFields()})
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.ImportSpec:
					t.addImport(s)
				case *ast.TypeSpec:
					doc := s.Doc.Text()
					if doc == "" {
						doc = d.Doc.Text()
					}
					t.put(&symbol{name: s.Name.Name, kind: symType, decl: "type " + nodeText(fset, s),
						doc: doc, src: nodeText(fset, s)})
				case *ast.ValueSpec:
					kind := symVar
					if d.Tok == token.CONST {
						kind = symConst
					}
					doc := s.Doc.Text()
					if doc == "" {
						doc = d.Doc.Text()
					}
					for _, n := range s.Names {
						if n.Name == "_" {
							continue
						}
						decl := string(kind) + " " + n.Name
						if s.Type != nil {
							decl += " " + nodeText(fset, s.Type)
						}
						define(&symbol{name: n.Name, kind: kind, decl: decl, doc: doc})
					}
				}
			}
		}
	}
	return redefined
}

// addStmts records the variables that top-level := and var statements of
// a chunk defined; it returns those defined before.
func (t *symtab) addStmts(src string) (redefined []string) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package p; func _() {\n"+src+"\n}", 0)
	if err != nil {
		return nil
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	define := func(name, decl string) {
		if name == "_" {
			return
		}
		if old, ok := t.syms[name]; ok && old.kind != symPkg {
			redefined = append(redefined, name)
		}
		t.put(&symbol{name: name, kind: symVar, decl: decl})
	}
	for _, st := range f.Decls[0].(*ast.FuncDecl).Body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE {
				continue
			}
			for _, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					define(id.Name, "var "+id.Name)
				}
			}
		case *ast.DeclStmt:
			gd, ok := st.Decl.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, s := range gd.Specs {
				if vs, ok := s.(*ast.ValueSpec); ok {
					for _, n := range vs.Names {
						decl := gd.Tok.String() + " " + n.Name
						if vs.Type != nil {
							decl += " " + nodeText(fset, vs.Type)
						}
						define(n.Name, decl)
					}
				}
			}
		}
	}
	return redefined
}

// identsIn returns the identifiers used in n.
func identsIn(n ast.Node) map[string]bool {
	refs := map[string]bool{}
	if n == nil {
		return refs
	}
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			refs[id.Name] = true
		}
		return true
	})
	return refs
}

// dependents returns, in definition order, the sources of the functions
// that use one of names directly or through other such functions,
// excluding the functions in skip (just defined).
func (t *symtab) dependents(names []string, skip map[string]bool) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	changed := map[string]bool{}
	for _, n := range names {
		changed[n] = true
	}
	picked := map[string]bool{}
	for grew := true; grew; {
		grew = false
		for _, n := range t.order {
			s := t.syms[n]
			if s.kind != symFunc || picked[n] || skip[n] {
				continue
			}
			for r := range s.refs {
				if changed[r] && r != n {
					picked[n], changed[n], grew = true, true, true
					break
				}
			}
		}
	}
	var srcs []string
	for _, n := range t.order {
		if picked[n] {
			srcs = append(srcs, t.syms[n].src)
		}
	}
	return srcs
}

// sortedNames returns the names of syms, sorted.
func sortedNames(syms []*symbol) []string {
	out := make([]string, len(syms))
	for i, s := range syms {
		out[i] = s.name
	}
	sort.Strings(out)
	return out
}
