package eval

import (
	"go/ast"
	"go/token"
	"sort"
	"strconv"
	"strings"
)

// rewriteLoopVars gives loops whose body can capture the loop variables
// (a func literal, go or defer inside) Go 1.22's per-iteration variables,
// which yaegi v0.16.1 lacks (closures would all see the last value). The
// header variables are renamed and copied at the start of each iteration:
//
//	for i, v := range xs { go f(func() { use(i, v) }) }
//	for _radgoL1i, _radgoL1v := range xs { i, v := _radgoL1i, _radgoL1v; go ... }
//
// (a plain "v := v" does not work at the top level of a yaegi cell). Only
// range loops are rewritten: in a three-clause loop yaegi reuses one slot
// for a variable declared in the body, so the copy does not help there and
// closures still see the last value. It reports whether anything changed.
func rewriteLoopVars(text string, decl bool) (string, bool) {
	var f *ast.File
	var fset *token.FileSet
	var prefix int
	var err error
	if decl {
		fset, f, err = parseDecls(text)
		prefix = len("package main\n")
	} else {
		fset = token.NewFileSet()
		f, err = parserParse(fset, "package p; func _() {\n"+text+"\n}")
		prefix = len("package p; func _() {\n")
	}
	if err != nil {
		return text, false
	}
	base := fset.File(f.Pos()).Base()
	off := func(p token.Pos) int { return int(p) - base - prefix }
	type edit struct {
		at, to int // replace text[at:to]
		repl   string
	}
	var edits []edit
	n := 0
	ast.Inspect(f, func(node ast.Node) bool {
		var names []*ast.Ident
		var body *ast.BlockStmt
		switch l := node.(type) {
		case *ast.RangeStmt:
			if l.Tok != token.DEFINE {
				return true
			}
			for _, e := range []ast.Expr{l.Key, l.Value} {
				if id, ok := e.(*ast.Ident); ok && id.Name != "_" {
					names = append(names, id)
				}
			}
			body = l.Body
		default:
			return true
		}
		if len(names) == 0 || !captures(body) {
			return true
		}
		n++
		fresh := make([]string, len(names))
		for i, id := range names {
			fresh[i] = "_radgoL" + strconv.Itoa(n) + id.Name
			edits = append(edits, edit{off(id.Pos()), off(id.End()), fresh[i]})
		}
		var lhs []string
		for _, id := range names {
			lhs = append(lhs, id.Name)
		}
		at := off(body.Lbrace) + 1
		edits = append(edits, edit{at, at, " " + strings.Join(lhs, ", ") + " := " + strings.Join(fresh, ", ") + ";"})
		return true
	})
	if len(edits) == 0 {
		return text, false
	}
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].at > edits[j].at })
	out := text
	for _, e := range edits {
		if e.at < 0 || e.to > len(out) || e.at > e.to {
			return text, false
		}
		out = out[:e.at] + e.repl + out[e.to:]
	}
	return out, true
}

// captures reports whether a loop body has a func literal, go or defer
// statement, through which a loop variable can outlive its iteration.
func captures(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			found = true
		}
		return !found
	})
	return found
}
