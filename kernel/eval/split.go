package eval

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
	"unicode/utf8"
)

// chunkKind says how yaegi must compile a chunk of a cell.
type chunkKind int

const (
	declChunk chunkKind = iota // import, type, const, var, func declarations
	stmtChunk                  // statements
	exprChunk                  // the cell's trailing expression statement
)

func (k chunkKind) String() string {
	switch k {
	case declChunk:
		return "decl"
	case stmtChunk:
		return "stmt"
	}
	return "expr"
}

// chunk is a run of top-level items of one kind; start and end are byte
// offsets into the cell, line and col the 1-based position of start.
type chunk struct {
	kind       chunkKind
	start, end int
	line, col  int
	imports    bool // a declaration chunk holding import declarations
}

// item is one top-level declaration or statement of a cell.
type item struct {
	kind       chunkKind
	start, end int
	first      token.Token
}

type tok struct {
	pos int // byte offset
	end int
	tok token.Token
	lit string
}

// scanCell returns the tokens of src (comments skipped) and whether the
// scanner reported an error.
func scanCell(src string) ([]tok, bool) {
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(src))
	var s scanner.Scanner
	bad := false
	s.Init(file, []byte(src), func(token.Position, string) { bad = true }, 0)
	var toks []tok
	for {
		p, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		off := file.Offset(p)
		n := len(lit)
		switch {
		case t == token.SEMICOLON && lit == "\n":
			n = 0 // automatic semicolon: occupies no text
		case t == token.ILLEGAL:
			// lit is the decoded rune (U+FFFD for invalid UTF-8), not
			// the source bytes.
			_, n = utf8.DecodeRuneInString(src[off:])
		case lit == "":
			n = len(t.String())
		}
		toks = append(toks, tok{pos: off, end: min(off+n, len(src)), tok: t, lit: lit})
	}
	return toks, bad
}

// splitItems cuts a cell into its top-level items (kernel.md §2.3).
func splitItems(src string) []item {
	toks, _ := scanCell(src)
	var items []item
	depth := 0
	startIdx := -1
	flush := func(endIdx int) { // tokens [startIdx, endIdx)
		if startIdx < 0 {
			return
		}
		last := endIdx - 1
		for last > startIdx && toks[last].tok == token.SEMICOLON {
			last--
		}
		items = append(items, item{
			kind:  classify(toks[startIdx:endIdx]),
			start: toks[startIdx].pos,
			end:   toks[last].end,
			first: toks[startIdx].tok,
		})
		startIdx = -1
	}
	for i, t := range toks {
		if startIdx < 0 {
			if t.tok == token.SEMICOLON {
				continue
			}
			startIdx = i
		}
		switch t.tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if depth > 0 {
				depth--
			}
		case token.SEMICOLON:
			if depth == 0 {
				flush(i + 1)
			}
		}
	}
	flush(len(toks))
	return items
}

// classify returns declChunk for a declaration and stmtChunk otherwise.
func classify(ts []tok) chunkKind {
	if len(ts) == 0 {
		return stmtChunk
	}
	switch ts[0].tok {
	case token.IMPORT, token.TYPE, token.CONST, token.VAR:
		return declChunk
	case token.FUNC:
		if len(ts) > 1 && ts[1].tok == token.IDENT {
			return declChunk // func Name(
		}
		if len(ts) > 1 && ts[1].tok == token.LPAREN {
			// func (recv T) Name( is a method; func (args) ... is a literal.
			depth := 0
			for i := 1; i < len(ts); i++ {
				switch ts[i].tok {
				case token.LPAREN:
					depth++
				case token.RPAREN:
					depth--
					if depth == 0 {
						if i+2 < len(ts) && ts[i+1].tok == token.IDENT &&
							(ts[i+2].tok == token.LPAREN || ts[i+2].tok == token.LBRACK) {
							return declChunk
						}
						return stmtChunk
					}
				}
			}
		}
	}
	return stmtChunk
}

// splitCell groups the items of a cell into chunks: consecutive items of
// one kind are merged, and a trailing expression statement becomes its own
// exprChunk so that its value can be displayed.
func splitCell(src string) []chunk {
	items := splitItems(src)
	if n := len(items); n > 0 && items[n-1].kind == stmtChunk && isExprStmt(src[items[n-1].start:items[n-1].end]) {
		items[n-1].kind = exprChunk
	}
	// A declaration keeps the // comment lines right above it (its doc).
	for i := range items {
		if items[i].kind != declChunk {
			continue
		}
		floor := 0
		if i > 0 {
			floor = items[i-1].end
		}
		items[i].start = docStart(src, items[i].start, floor)
	}
	var chunks []chunk
	for _, it := range items {
		if n := len(chunks); n > 0 && chunks[n-1].kind == it.kind && it.kind != exprChunk {
			chunks[n-1].end = it.end
			chunks[n-1].imports = chunks[n-1].imports || it.first == token.IMPORT
			continue
		}
		line, col := lineCol(src, it.start)
		chunks = append(chunks, chunk{kind: it.kind, start: it.start, end: it.end, line: line, col: col,
			imports: it.first == token.IMPORT})
	}
	return chunks
}

// isExprStmt reports whether stmt parses as a single expression statement.
func isExprStmt(stmt string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p; func _() {\n"+stmt+"\n}", 0)
	if err != nil {
		return false
	}
	body := f.Decls[0].(*ast.FuncDecl).Body.List
	if len(body) != 1 {
		return false
	}
	_, ok := body[0].(*ast.ExprStmt)
	return ok
}

// lineCol returns the 1-based line and column (in bytes) of offset off.
func lineCol(src string, off int) (line, col int) {
	line = 1 + strings.Count(src[:off], "\n")
	col = off - (strings.LastIndexByte(src[:off], '\n') + 1) + 1
	return line, col
}

// padded returns the text of c preceded by blank lines and spaces so that
// after a one-line prefix it sits at its own line and column of the cell.
func padded(src string, c chunk) string {
	var b strings.Builder
	b.WriteString(strings.Repeat("\n", c.line-1))
	// Keep tabs in the indentation so that columns (counted in bytes) match.
	lineStart := c.start - (c.col - 1)
	for _, r := range src[lineStart:c.start] {
		if r == '\t' {
			b.WriteByte('\t')
		} else {
			b.WriteString(strings.Repeat(" ", len(string(r))))
		}
	}
	b.WriteString(src[c.start:c.end])
	return b.String()
}

// docStart moves start back to the first of the "//" comment lines directly
// above the line holding start, not before floor.
func docStart(src string, start, floor int) int {
	ls := strings.LastIndexByte(src[:start], '\n') + 1
	if strings.TrimSpace(src[ls:start]) != "" {
		return start
	}
	for ls > floor {
		prev := strings.LastIndexByte(src[:ls-1], '\n') + 1
		if prev < floor {
			break
		}
		line := strings.TrimSpace(src[prev : ls-1])
		if !strings.HasPrefix(line, "//") {
			break
		}
		start, ls = prev+len(src[prev:ls-1])-len(strings.TrimLeft(src[prev:ls-1], " \t")), prev
	}
	return start
}
