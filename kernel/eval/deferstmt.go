package eval

import (
	"go/ast"
	"go/token"
	"sort"
)

// rewriteDefers turns the defer statements of a statement chunk that are
// not inside a function literal into calls registering the deferred call
// with the evaluator, which runs them (last first) when the cell ends:
//
//	defer f.Close()   →   _radgoCell.Defer(func() { f.Close() })
//
// yaegi attaches a top-level defer of a cell to its main function and runs
// it again after every later cell. The arguments are evaluated when the
// cell ends rather than at the defer statement, the one difference from
// Go. A bare return at the top level (which yaegi fails on) becomes a
// panic with the evaluator's stop value, which ends the cell without an
// error. It reports whether anything changed.
func rewriteDefers(text string) (string, bool) {
	fset := token.NewFileSet()
	const prefix = "package p; func _() {\n"
	f, err := parserParse(fset, prefix+text+"\n}")
	if err != nil {
		return text, false
	}
	base := fset.File(f.Pos()).Base()
	off := func(p token.Pos) int { return int(p) - base - len(prefix) }
	type edit struct {
		at, to int
		repl   string
	}
	var edits []edit
	ast.Inspect(f.Decls[0].(*ast.FuncDecl).Body, func(n ast.Node) bool {
		switch d := n.(type) {
		case *ast.FuncLit:
			return false // a defer in there belongs to that function
		case *ast.ReturnStmt:
			// return at the top level of a cell ends the cell.
			if len(d.Results) == 0 {
				edits = append(edits, edit{off(d.Return), off(d.End()), "panic(" + resultAlias + ".Stop)"})
			}
		case *ast.DeferStmt:
			edits = append(edits,
				edit{off(d.Defer), off(d.Call.Pos()), resultAlias + ".Defer(func() { "},
				edit{off(d.Call.End()), off(d.Call.End()), " })"})
		}
		return true
	})
	if len(edits) == 0 {
		return text, false
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].at > edits[j].at })
	out := text
	for _, e := range edits {
		out = out[:e.at] + e.repl + out[e.to:]
	}
	return out, true
}
