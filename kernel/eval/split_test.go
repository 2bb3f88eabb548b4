package eval

import (
	"strings"
	"testing"
)

func TestSplitCell(t *testing.T) {
	for _, c := range []struct {
		code  string
		kinds string
	}{
		{"1+2", "expr"},
		{"x := 1", "stmt"},
		{"import \"fmt\"; import \"math\"; x := math.Sqrt(2); fmt.Sprint(x)", "decl stmt expr"},
		{"y := 1\nfunc f() int { return 1 }\ny + f()", "stmt decl expr"},
		{"type P struct{X, Y int}\np := P{1, 2}", "decl stmt"},
		{"func (p P) M() {}\nfunc() {}()", "decl expr"},
		{"func (p P) M() {}\nfunc(a int) int { return a }(1)", "decl expr"},
		{"var (\n\ta = 1\n)\nconst c = 2\nfunc g() {}", "decl"},
		{"// doc\nfunc h() {}\n// trailing", "decl"},
		{"if true {\n}\nfor {\n\tbreak\n}", "stmt"},
		{"", ""},
	} {
		var kinds []string
		for _, ch := range splitCell(c.code) {
			kinds = append(kinds, ch.kind.String())
		}
		if got := strings.Join(kinds, " "); got != c.kinds {
			t.Errorf("splitCell(%q) kinds %q, want %q", c.code, got, c.kinds)
		}
	}
	// A doc comment belongs to its declaration.
	code := "x := 1\n// f doubles.\nfunc f() {}"
	ch := splitCell(code)
	if len(ch) != 2 || !strings.HasPrefix(code[ch[1].start:ch[1].end], "// f doubles.") {
		t.Errorf("doc comment not kept: %+v", ch)
	}
}

func FuzzSplitCell(f *testing.F) {
	for _, s := range []string{"1+2", "x := 1\nfunc f() {}\nf()", "type T struct{}\n// c\nfunc (T) M() {}", "for i := range 3 {}", "\"unterminated", "a := []int{1,\n2}\n`raw\nraw`"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		prev := 0
		for _, c := range splitCell(code) {
			if c.start < prev || c.end < c.start || c.end > len(code) {
				t.Fatalf("chunk %+v out of order or bounds in %q", c, code)
			}
			prev = c.end
			p := padded(code, c)
			if !strings.HasSuffix(p, code[c.start:c.end]) {
				t.Fatalf("padded chunk does not end with the chunk")
			}
			if l, _ := lineCol(code, c.start); strings.Count(p, "\n")-strings.Count(code[c.start:c.end], "\n") != l-1 {
				t.Fatalf("padding puts chunk %+v on the wrong line", c)
			}
		}
		IsCompleteNoInterp(code)
		rewriteLoopVars(code, false)
		rewriteDefers(code)
		rewriteRangeInt(code, false)
	})
}

// IsCompleteNoInterp runs IsComplete without an interpreter (it needs
// none).
func IsCompleteNoInterp(code string) { (&Interpreter{}).IsComplete(code) }
