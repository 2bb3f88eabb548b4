package eval

import (
	"go/scanner"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"radgo/kernel"
)

// Complete answers a complete_request: names in scope (the cell's
// definitions, preloaded packages, keywords and builtins) for a bare
// identifier, and the exported members of a package after "pkg.". cursor
// is in Unicode code points.
func (ip *Interpreter) Complete(code string, cursor int) (c kernel.Completion) {
	defer func() {
		if recover() != nil {
			c = kernel.Completion{Matches: []string{}, CursorStart: cursor, CursorEnd: cursor}
		}
	}()
	off := byteOffset(code, cursor)
	start := off
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(code[:start])
		if !isIdentRune(r) {
			break
		}
		start -= n
	}
	prefix := code[start:off]
	var matches []string
	if start > 0 && code[start-1] == '.' {
		// pkg.Prefix
		qs := start - 1
		for qs > 0 {
			r, n := utf8.DecodeLastRuneInString(code[:qs])
			if !isIdentRune(r) {
				break
			}
			qs -= n
		}
		qual := code[qs : start-1]
		for _, m := range ip.members(qual) {
			if strings.HasPrefix(m, prefix) {
				matches = append(matches, m)
			}
		}
		// Jupyter replaces [cursor_start, cursor_end) by a match: include
		// the qualifier so that "fmt.Sprin" completes to "fmt.Sprintf".
		for i, m := range matches {
			matches[i] = qual + "." + m
		}
		sort.Strings(matches)
		return kernel.Completion{Matches: matches, CursorStart: runeCount(code[:qs]), CursorEnd: cursor}
	}
	if prefix == "" {
		return kernel.Completion{Matches: []string{}, CursorStart: cursor, CursorEnd: cursor}
	}
	seen := map[string]bool{}
	add := func(n string) {
		if strings.HasPrefix(n, prefix) && !seen[n] && !strings.HasPrefix(n, "_radgo") {
			seen[n] = true
			matches = append(matches, n)
		}
	}
	for _, s := range ip.syms.names() {
		add(s.name)
	}
	for _, k := range goKeywords {
		add(k)
	}
	for _, b := range goBuiltins {
		add(b)
	}
	sort.Strings(matches)
	if matches == nil {
		matches = []string{}
	}
	return kernel.Completion{Matches: matches, CursorStart: runeCount(code[:start]), CursorEnd: cursor}
}

// members returns the exported names of the package known in the cells
// as qual.
func (ip *Interpreter) members(qual string) []string {
	s := ip.syms.lookup(qual)
	if s == nil {
		return nil
	}
	if s.kind == symPkg {
		return packageMembers(s.path)
	}
	return ip.valueMembers(qual)
}

// valueMembers returns the fields and methods of the global variable name
// by reflection (methods of interpreted types are not visible this way).
func (ip *Interpreter) valueMembers(name string) (out []string) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	v, ok := ip.in.Globals()[name]
	if !ok || !v.IsValid() {
		return nil
	}
	for v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	t := v.Type()
	seen := map[string]bool{}
	add := func(n string) {
		if r, _ := utf8.DecodeRuneInString(n); unicode.IsUpper(r) && !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	for i := 0; i < t.NumMethod(); i++ {
		add(t.Method(i).Name)
	}
	if t.Kind() != reflect.Ptr {
		pt := reflect.PointerTo(t)
		for i := 0; i < pt.NumMethod(); i++ {
			add(pt.Method(i).Name)
		}
	}
	st := t
	if st.Kind() == reflect.Ptr {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		for i := 0; i < st.NumField(); i++ {
			add(st.Field(i).Name)
		}
	}
	sort.Strings(out)
	return out
}

var goKeywords = func() []string {
	var ks []string
	for t := token.BREAK; t <= token.VAR; t++ {
		if t.IsKeyword() {
			ks = append(ks, t.String())
		}
	}
	return ks
}()

var goBuiltins = []string{"append", "cap", "close", "complex", "copy", "delete", "imag", "len", "make",
	"new", "panic", "print", "println", "real", "recover", "bool", "byte", "complex64", "complex128",
	"error", "float32", "float64", "int", "int8", "int16", "int32", "int64", "rune", "string", "uint",
	"uint8", "uint16", "uint32", "uint64", "uintptr", "any", "true", "false", "iota", "nil"}

func isIdentRune(r rune) bool { return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) }

// byteOffset converts a code-point offset into a byte offset, clamped.
func byteOffset(s string, cp int) int {
	if cp <= 0 {
		return 0
	}
	i := 0
	for off := range s {
		if i == cp {
			return off
		}
		i++
	}
	return len(s)
}

func runeCount(s string) int { return utf8.RuneCountInString(s) }

// IsComplete answers an is_complete_request by scanning the cell: open
// brackets, an unterminated raw string or a trailing binary operator mean
// "incomplete"; a cell that does not scan is "invalid".
func (ip *Interpreter) IsComplete(code string) (status, indent string) {
	defer func() {
		if recover() != nil {
			status, indent = "unknown", ""
		}
	}()
	if strings.TrimSpace(code) == "" {
		return "complete", ""
	}
	trimmed := strings.TrimSpace(code)
	if strings.HasPrefix(trimmed, "%") || strings.HasPrefix(trimmed, "!") {
		return "complete", ""
	}
	fset := token.NewFileSet()
	file := fset.AddFile("cell", -1, len(code))
	var s scanner.Scanner
	var errMsg string
	s.Init(file, []byte(code), func(_ token.Position, msg string) {
		if errMsg == "" {
			errMsg = msg
		}
	}, 0)
	depth := 0
	var last token.Token
	for {
		_, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		switch t {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			depth--
		}
		if !(t == token.SEMICOLON && lit == "\n") {
			last = t
		}
	}
	switch {
	case errMsg == "raw string literal not terminated", strings.Contains(errMsg, "comment not terminated"):
		return "incomplete", ""
	case errMsg != "":
		return "invalid", ""
	case depth > 0:
		return "incomplete", strings.Repeat("\t", depth)
	case depth < 0:
		return "invalid", ""
	}
	switch last {
	case token.ADD, token.SUB, token.MUL, token.QUO, token.REM, token.AND, token.OR, token.XOR,
		token.SHL, token.SHR, token.AND_NOT, token.LAND, token.LOR, token.EQL, token.LSS, token.GTR,
		token.ASSIGN, token.NOT, token.NEQ, token.LEQ, token.GEQ, token.DEFINE, token.COMMA, token.PERIOD,
		token.ADD_ASSIGN, token.SUB_ASSIGN, token.MUL_ASSIGN, token.QUO_ASSIGN, token.ARROW:
		return "incomplete", ""
	}
	// Balanced and scanned: a parse error now is a real error.
	if _, err := parseCell(code); err != nil {
		return "invalid", ""
	}
	return "complete", ""
}
