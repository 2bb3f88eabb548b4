package eval

import (
	"go/ast"
	"go/token"
	"sort"
	"strings"
)

// rewriteRangeInt rewrites the range loops of a chunk that may range over
// an integer (Go 1.22; yaegi v0.16.1 panics on them, yaegi #1701) into
// three-clause loops: "for i := range n {" becomes
// "for i := 0; i < (n); i++ {". Only loops without a value variable are
// candidates; it reports false when there is none. The caller tries the
// result and keeps the original error if it does not compile (a range
// over a slice's indices then fails with a type mismatch).
func rewriteRangeInt(text string, decl bool) (string, bool) {
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
		from, to int
		repl     string
	}
	var edits []edit
	ast.Inspect(f, func(n ast.Node) bool {
		r, ok := n.(*ast.RangeStmt)
		if !ok || r.Value != nil {
			return true
		}
		key, tok := "_radgoI", ":="
		if id, ok := r.Key.(*ast.Ident); ok && id.Name != "_" {
			key = id.Name
			if r.Tok == token.ASSIGN {
				tok = "="
			}
		} else if r.Key != nil && !ok {
			return true // for x.f = range ...: leave it
		}
		x := text[off(r.X.Pos()):off(r.X.End())]
		edits = append(edits, edit{off(r.For), off(r.Body.Lbrace),
			"for " + key + " " + tok + " 0; " + key + " < (" + x + "); " + key + "++ "})
		return true
	})
	if len(edits) == 0 {
		return text, false
	}
	// Apply from the end; nested loops are rewritten outer-first on
	// disjoint spans (a header never contains another loop's header).
	sort.Slice(edits, func(i, j int) bool { return edits[i].from > edits[j].from })
	var b strings.Builder
	out := text
	for _, e := range edits {
		if e.from < 0 || e.to > len(out) || e.from > e.to {
			return text, false
		}
		b.Reset()
		b.WriteString(out[:e.from])
		b.WriteString(e.repl)
		b.WriteString(out[e.to:])
		out = b.String()
	}
	return out, true
}
