package eval

import (
	"go/ast"
	"go/parser"
	"go/token"
	"sort"
	"strconv"
)

// firstUndefined finds the first identifier of code that is used but
// defined nowhere (not in the cell, not by earlier cells, not a builtin or
// preloaded package), as "cell:L:C: undefined: name". yaegi reports such
// cells as "constant definition loop" (kernel.md §2.2).
func firstUndefined(code string, syms *symtab) string {
	known := map[string]bool{}
	for _, b := range goBuiltins {
		known[b] = true
	}
	for _, s := range syms.names() {
		known[s.name] = true
	}
	type use struct {
		name string
		off  int
	}
	var uses []use
	for _, c := range splitCell(code) {
		var f *ast.File
		var fset *token.FileSet
		var prefix int
		if c.kind == declChunk {
			var err error
			fset, f, err = parseDecls(code[c.start:c.end])
			if err != nil {
				return ""
			}
			prefix = len("package main\n")
		} else {
			fset = token.NewFileSet()
			src := "package p; func _() {\n" + code[c.start:c.end] + "\n}"
			var err error
			f, err = parserParse(fset, src)
			if err != nil {
				return ""
			}
			prefix = len("package p; func _() {\n")
		}
		base := fset.File(f.Pos()).Base()
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.SelectorExpr:
				ast.Inspect(n.X, func(m ast.Node) bool { // only the qualifier is a use
					if id, ok := m.(*ast.Ident); ok {
						uses = append(uses, use{id.Name, c.start + int(id.Pos()) - base - prefix})
					}
					return true
				})
				return false
			case *ast.KeyValueExpr:
				if _, ok := n.Key.(*ast.Ident); ok { // field names in struct literals
					ast.Inspect(n.Value, func(m ast.Node) bool {
						if id, ok := m.(*ast.Ident); ok {
							uses = append(uses, use{id.Name, c.start + int(id.Pos()) - base - prefix})
						}
						return true
					})
					return false
				}
			case *ast.Ident:
				uses = append(uses, use{n.Name, c.start + int(n.Pos()) - base - prefix})
			}
			return true
		})
		// Everything the chunk declares is known.
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE {
					for _, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok {
							known[id.Name] = true
						}
					}
				}
			case *ast.RangeStmt:
				for _, e := range []ast.Expr{n.Key, n.Value} {
					if id, ok := e.(*ast.Ident); ok {
						known[id.Name] = true
					}
				}
			case *ast.ValueSpec:
				for _, id := range n.Names {
					known[id.Name] = true
				}
			case *ast.TypeSpec:
				known[n.Name.Name] = true
			case *ast.FuncDecl:
				known[n.Name.Name] = true
			case *ast.Field:
				for _, id := range n.Names {
					known[id.Name] = true
				}
			case *ast.LabeledStmt:
				known[n.Label.Name] = true
			case *ast.ImportSpec:
				name, _ := importName(n)
				known[name] = true
			}
			return true
		})
	}
	known["_"], known["p"] = true, true
	sort.SliceStable(uses, func(i, j int) bool { return uses[i].off < uses[j].off })
	for _, u := range uses {
		if !known[u.name] && u.off >= 0 {
			l, c := lineCol(code, u.off)
			return "cell:" + itoa(l) + ":" + itoa(c) + ": undefined: " + u.name
		}
	}
	return ""
}

func parserParse(fset *token.FileSet, src string) (*ast.File, error) {
	return parser.ParseFile(fset, "", src, 0)
}

func itoa(i int) string { return strconv.Itoa(i) }
