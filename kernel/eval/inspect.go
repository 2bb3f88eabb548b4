package eval

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	yaegistd "github.com/traefik/yaegi/stdlib"

	"radgo/kernel"
	"radgo/stdlib"
)

// symbolTable returns the yaegi symbols of the package with import path p.
func symbolTable(p string) map[string]reflect.Value {
	name := p[strings.LastIndexByte(p, '/')+1:]
	for _, tables := range []map[string]map[string]reflect.Value{stdlib.Symbols, yaegistd.Symbols} {
		if t, ok := tables[p+"/"+name]; ok {
			return t
		}
		// math/rand/v2 is registered as "math/rand/v2/rand".
		for k, t := range tables {
			if strings.HasPrefix(k, p+"/") && !strings.Contains(k[len(p)+1:], "/") {
				return t
			}
		}
	}
	return nil
}

// packageMembers returns the exported names of package p, sorted.
func packageMembers(p string) []string {
	var out []string
	for n := range symbolTable(p) {
		if r, _ := utf8.DecodeRuneInString(n); unicode.IsUpper(r) {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// parseCell parses every chunk of a cell as the interpreter will.
func parseCell(code string) (bool, error) {
	fset := token.NewFileSet()
	for _, c := range splitCell(code) {
		var err error
		if c.kind == declChunk {
			_, err = parser.ParseFile(fset, "", "package main\n"+code[c.start:c.end], 0)
		} else {
			_, err = parser.ParseFile(fset, "", "package main; func main() {\n"+code[c.start:c.end]+"\n}", 0)
		}
		if err != nil {
			return false, err
		}
	}
	return true, nil
}

// wordAt returns the possibly qualified identifier ("fmt.Println", "x")
// around byte offset off.
func wordAt(code string, off int) (qual, name string) {
	start, end := off, off
	for start > 0 {
		r, n := utf8.DecodeLastRuneInString(code[:start])
		if !isIdentRune(r) {
			break
		}
		start -= n
	}
	for end < len(code) {
		r, n := utf8.DecodeRuneInString(code[end:])
		if !isIdentRune(r) {
			break
		}
		end += n
	}
	name = code[start:end]
	if start > 0 && code[start-1] == '.' {
		qs := start - 1
		for qs > 0 {
			r, n := utf8.DecodeLastRuneInString(code[:qs])
			if !isIdentRune(r) {
				break
			}
			qs -= n
		}
		qual = code[qs : start-1]
	}
	return qual, name
}

// Inspect answers an inspect_request with the documentation of the name
// under the cursor: a definition of an earlier cell, a package member
// (Go doc from GOROOT for the standard library, the embedded index for
// the project's and gonum's packages, else its signature), or a package.
func (ip *Interpreter) Inspect(code string, cursor, detailLevel int) (insp kernel.Inspection) {
	defer func() {
		if recover() != nil {
			insp = kernel.Inspection{}
		}
	}()
	off := byteOffset(code, cursor)
	qual, name := wordAt(code, off)
	if name == "" && off > 0 {
		qual, name = wordAt(code, off-1)
	}
	if name == "" {
		return kernel.Inspection{}
	}
	var text string
	if qual != "" {
		if s := ip.syms.lookup(qual); s != nil && s.kind == symPkg {
			text = memberDoc(s.path, name)
		} else if s != nil {
			text = ip.methodDoc(qual, name)
		}
	} else if s := ip.syms.lookup(name); s != nil {
		if s.kind == symPkg {
			text = packageDoc(s.path)
		} else {
			text = s.decl
			if s.doc != "" {
				text += "\n\n" + s.doc
			}
		}
	}
	if text == "" {
		return kernel.Inspection{}
	}
	return kernel.Inspection{Found: true, Data: kernel.MIMEBundle{"text/plain": strings.TrimRight(text, "\n")}}
}

// memberDoc documents pkg.name: Go doc when sources or the embedded index
// have it, else the reflected signature.
func memberDoc(pkgPath, name string) string {
	if d := lookupDoc(pkgPath, name); d != "" {
		return d
	}
	v, ok := symbolTable(pkgPath)[name]
	if !ok {
		return ""
	}
	short := pkgPath[strings.LastIndexByte(pkgPath, '/')+1:]
	switch {
	case v.Kind() == reflect.Func:
		return fmt.Sprintf("func %s.%s%s", short, name, strings.TrimPrefix(v.Type().String(), "func"))
	case v.Kind() == reflect.Ptr && v.IsNil():
		return fmt.Sprintf("type %s.%s %s", short, name, v.Type().Elem().Kind())
	default:
		return fmt.Sprintf("%s.%s %s", short, name, v.Type())
	}
}

// funcDeclText prints a declaration header without its body.
func funcDeclText(fset *token.FileSet, d *ast.FuncDecl) string {
	h := *d
	h.Body, h.Doc = nil, nil
	return nodeText(fset, &h)
}

// methodDoc documents field or method name of the global variable v when
// its type is a compiled named type (x.Mul for x of type *mat.Dense).
func (ip *Interpreter) methodDoc(v, name string) (doc string) {
	defer func() {
		if recover() != nil {
			doc = ""
		}
	}()
	val, ok := ip.in.Globals()[v]
	if !ok || !val.IsValid() {
		return ""
	}
	t := val.Type()
	for t.Kind() == reflect.Ptr {
		t = t.Elem()
	}
	if t.Name() == "" || t.PkgPath() == "" {
		return ""
	}
	if d := lookupDoc(t.PkgPath(), t.Name()+"."+name); d != "" {
		return d
	}
	if m, ok := reflect.PointerTo(t).MethodByName(name); ok {
		return fmt.Sprintf("func (%s) %s%s", t, name, strings.TrimPrefix(m.Type.String(), "func"))
	}
	return ""
}
