package eval

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"radgo/kernel"
)

// recorder is a kernel.Output that keeps everything a cell sends.
type recorder struct {
	mu       sync.Mutex
	stdout   strings.Builder
	stderr   strings.Builder
	displays []kernel.Display
	clears   int
	input    []string
}

func (r *recorder) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if name == "stderr" {
		r.stderr.WriteString(text)
	} else {
		r.stdout.WriteString(text)
	}
}

func (r *recorder) Display(d kernel.Display) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.displays = append(r.displays, d)
}

func (r *recorder) Clear(bool) { r.mu.Lock(); r.clears++; r.mu.Unlock() }

func (r *recorder) Input(prompt string, password bool) (string, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.input) == 0 {
		return "", kernel.ErrNoStdin
	}
	s := r.input[0]
	r.input = r.input[1:]
	return s, nil
}

func newInterp(t *testing.T) *Interpreter {
	t.Helper()
	ip, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ip.Close() })
	return ip
}

// cell is one step of a session test: the code and what it must give.
type cell struct {
	code   string
	result string // text/plain of the result; "" means no result
	stdout string // substring of stdout ("" = not checked)
	ename  string // error name; "" means success
	evalue string // substring of the error value
	mime   string // a MIME type the result must hold
	stderr string // substring of stderr
	// nostdout must not appear on stdout
	nostdout string
}

func runSession(t *testing.T, cells []cell) {
	t.Helper()
	ip := newInterp(t)
	for i, c := range cells {
		rec := &recorder{}
		res, err := ip.Execute(context.Background(), c.code, rec)
		checkCell(t, i, c, res, err, rec)
	}
}

func checkCell(t *testing.T, i int, c cell, res kernel.MIMEBundle, err error, rec *recorder) {
	t.Helper()
	var ee *kernel.ExecError
	if err != nil && !errors.As(err, &ee) {
		t.Errorf("cell %d %q: error %v is not a *kernel.ExecError", i, c.code, err)
		return
	}
	switch {
	case c.ename == "" && err != nil:
		t.Errorf("cell %d %q: unexpected error %v", i, c.code, err)
		return
	case c.ename != "" && err == nil:
		t.Errorf("cell %d %q: got no error, want %s", i, c.code, c.ename)
		return
	case c.ename != "":
		if ee.Name != c.ename || !strings.Contains(ee.Value, c.evalue) {
			t.Errorf("cell %d %q: error %s: %q, want %s containing %q", i, c.code, ee.Name, ee.Value, c.ename, c.evalue)
		}
		if len(ee.Traceback) == 0 {
			t.Errorf("cell %d %q: empty traceback", i, c.code)
		}
		return
	}
	got, _ := res["text/plain"].(string)
	if got != c.result {
		t.Errorf("cell %d %q: result %q, want %q", i, c.code, got, c.result)
	}
	if c.mime != "" && res[c.mime] == nil {
		t.Errorf("cell %d %q: result has no %s: %v", i, c.code, c.mime, keys(res))
	}
	if c.stdout != "" && !strings.Contains(rec.stdout.String(), c.stdout) {
		t.Errorf("cell %d %q: stdout %q, want it to contain %q", i, c.code, rec.stdout.String(), c.stdout)
	}
	if c.stderr != "" && !strings.Contains(rec.stderr.String(), c.stderr) {
		t.Errorf("cell %d %q: stderr %q, want it to contain %q", i, c.code, rec.stderr.String(), c.stderr)
	}
	if c.nostdout != "" && strings.Contains(rec.stdout.String(), c.nostdout) {
		t.Errorf("cell %d %q: stdout %q contains %q", i, c.code, rec.stdout.String(), c.nostdout)
	}
	if strings.Contains(rec.stderr.String(), "panic: main") {
		t.Errorf("cell %d %q: interpreter noise on stderr: %q", i, c.code, rec.stderr.String())
	}
}

func keys(b kernel.MIMEBundle) []string {
	var ks []string
	for k := range b {
		ks = append(ks, k)
	}
	return ks
}

func TestMixedCells(t *testing.T) {
	runSession(t, []cell{
		{code: "1+2+3", result: "6"},
		{code: `strings.Repeat("ab", 2)`, result: "abab"},
		{code: "import \"fmt\"; import \"math\"; x := math.Sqrt(4); fmt.Sprint(x)", result: "2"},
		{code: "y := 1\nfunc f() int { return 41 }\ny + f()", result: "42"},
		{code: "type P struct{X, Y int}\np := P{1, 2}\np.X + p.Y", result: "3"},
		{code: "var q = P{X: 2}\nq.X", result: "2"},
		{code: "r := 5\ntype R struct{A int}\nrr := R{r}\nrr.A", result: "5"},
		{code: "func (p P) Sum() int { return p.X + p.Y }\nP{3, 4}.Sum()", result: "7"},
		{code: "// a comment first\nz := []int{1,\n\t2,\n\t3}\nlen(z)", result: "3"},
		{code: "func() { fmt.Println(\"iife\") }()", stdout: "iife"},
		{code: "n := 0\nfunc() { n++ }()\nn", result: "1"}, // the IIFE must not re-run
		{code: "n", result: "1"},
		{code: "[]int{\n\t1,\n\t2,\n}", result: "[1 2]"}, // a multi-line last expression
		{code: "struct{ X, Y int }{\n\t1,\n\t2,\n}", result: "{1 2}"},
		{code: "fmt.Sprint(\n\t\"a\",\n\t\"b\")", result: "ab"},
		{code: `fmt.Println("hello, world")`, stdout: "hello, world"},
		{code: `fmt.Fprintln(os.Stdout, "to os.Stdout")`, stdout: "to os.Stdout\n"},
		{code: `os.Stdout.WriteString("written\n")`, stdout: "written\n"},
		{code: `fmt.Fprintln(os.Stderr, "oops")`, stderr: "oops\n"},
		{code: "import \"log\"\nlog.Print(\"logged\")", stderr: "logged\n"},
		{code: `strconv.Atoi("12")`, result: "12 <nil>"},
		{code: "defer fmt.Println(\"deferred\")\nfmt.Println(\"body\")", stdout: "body\ndeferred\n"},
		{code: "fmt.Println(\"next\")", stdout: "next\n", nostdout: "deferred"}, // a top-level defer runs once
		{code: "early := 5\nif early > 3 {\n\tfmt.Println(\"leaving\")\n\treturn\n}\nfmt.Println(\"not reached\")", stdout: "leaving\n", nostdout: "not reached"},
		{code: "early", result: "5"},
		{code: "x := 7", result: ""},
		{code: "if x > 3 { x = 3 }", result: ""},
		{code: "x", result: "3"},
		{code: "func main() {}", ename: "CompileError", evalue: "func main"},
		{code: "s := 0\nfor i := 0; i < 10; i++ { s += i }\ns", result: "45"},
		{code: "rand.IntN(5) < 5", result: "true"},
		// Range over an integer (Go 1.22) is rewritten into a counted loop.
		{code: "t := 0\nfor i := range 4 { t += i }\nt", result: "6"},
		{code: "func tri(n int) int { t := 0; for i := range n { for j := range i { t += j } }; return t }\ntri(4)", result: "4"},
		{code: "c := 0\nfor range 3 { c++ }\nc", result: "3"},
		// Per-iteration loop variables (Go 1.22) for closures.
		{code: "var fs []func() int\nfor _, v := range []int{1, 2, 3} {\n\tfs = append(fs, func() int { return v })\n}\nfs[0]() + 10*fs[1]() + 100*fs[2]()", result: "321"},
		{code: "var gs []func() int\nfor i := 0; i < 3; i++ {\n\tgs = append(gs, func() int { return i })\n}\ngs[0]() + 10*gs[1]() + 100*gs[2]()", result: "333"}, // three-clause loops keep yaegi's pre-1.22 semantics
		{code: "func loops() int {\n\tvar hs []func() int\n\tfor i, v := range []int{4, 5} {\n\t\ths = append(hs, func() int { return i*10 + v })\n\t}\n\treturn hs[0]() + hs[1]()\n}\nloops()", result: "19"},
		{code: "xs := []string{\"a\", \"b\"}\nk := 0\nfor i := range xs { k += i }\nk", result: "1"},
		{code: "mat.NewDense(1, 2, []float64{1, 2}).At(0, 1)", result: "2"},
		{code: "stat.Mean([]float64{1, 2, 3}, nil)", result: "2"},
		{code: "floats.Sum([]float64{1, 2, 3})", result: "6"},
		{code: `sort.Strings([]string{"b", "a"})`, result: ""},
		{code: "time.Duration(1500) * time.Millisecond", result: "1.5s"},
	})
}

func TestImports(t *testing.T) {
	runSession(t, []cell{
		{code: "import \"fmt\"\nfmt.Sprint(1)", result: "1"},
		{code: "import \"fmt\"\nfmt.Sprint(2)", result: "2"}, // a repeated import is fine
		{code: "import (\n\t\"fmt\"\n\t\"unicode\"\n)\nunicode.IsUpper('A')", result: "true"},
		{code: "import \"math/rand\"\nrand.New(rand.NewSource(1)) != nil", result: "true"}, // shadows the preloaded v2
		{code: "import m2 \"math\"\nm2.Abs(-2)", result: "2"},
		{code: `import "no/such/pkg"`, ename: "CompileError", evalue: "no/such/pkg"},
	})
}

func TestRedefinition(t *testing.T) {
	runSession(t, []cell{
		{code: "x := 1", result: ""},
		{code: `x := "s"`, result: ""},
		{code: "x + \"t\"", result: "st"},
		{code: "func f() int { return 1 }\nfunc g() int { return f() * 10 }\ng()", result: "10"},
		{code: "func f() int { return 2 }\ng()", result: "20"}, // g sees the new f
		{code: "func h() int { return g() + 1 }\nh()", result: "21"},
		{code: "func f() int { return 3 }\nh()", result: "31"}, // through g, transitively
		{code: "var k = 1\nfunc getk() int { return k }\ngetk()", result: "1"},
		{code: "var k = 100\ngetk()", result: "100"},
		{code: "k := 7\ngetk()", result: "7"},
		{code: "type T struct{A int}\nT{A: 1}.A", result: "1"},
		{code: "type T struct{A int}\nT{A: 2}.A", result: "2"}, // same definition again
		{code: "type T struct{B int}", ename: "RedefinitionError", evalue: "type T"},
		{code: "func (t T) M() int { return 1 }\nT{}.M()", result: "1"},
		{code: "func (t T) M() int { return 1 }\nT{}.M()", result: "1"},
		{code: "func (t T) M() int { return 2 }", ename: "RedefinitionError", evalue: "method T.M"},
		{code: "type W struct{ A int }\nfunc (w W) Show() string { return nosuchpkg.F(w.A) }", ename: "CompileError", evalue: "undefined: nosuchpkg"},
		{code: "type W struct{ A int }\nfunc (w W) Show() string { return fmt.Sprint(w.A) }", ename: "RedefinitionError", evalue: "half-defined"},
		{code: "type Fine struct{}\nfunc (Fine) M() { x := := 1 }", ename: "CompileError"}, // a parse error registers nothing
		{code: "type Fine struct{}\nfunc (Fine) M() {}", result: ""},
		{code: "%reset"},
		{code: "type T struct{B int}\nT{B: 5}.B", result: "5"},
		{code: "type W struct{ A int }\nfunc (w W) Show() string { return fmt.Sprint(w.A) }\nW{3}.Show()", result: "3"},
	})
}

func TestErrors(t *testing.T) {
	runSession(t, []cell{
		{code: "undefinedThing", ename: "CompileError", evalue: "cell:1:1: undefined: undefinedThing"},
		{code: "a := 1\n\nb := a + undefinedVar", ename: "CompileError", evalue: "cell:3:10: undefined: undefinedVar"},
		{code: "type U struct{}\n\n\tvar u U = 3", ename: "CompileError", evalue: "cell:3"},
		{code: "x := := 1", ename: "CompileError", evalue: "cell:1:"},
		{code: "1 +\n\n\"s\"", ename: "CompileError", evalue: "cell:1:"},
		{code: `panic("boom")`, ename: "panic", evalue: "boom"},
		{code: `panic(fmt.Errorf("wrapped: %w", errors.New("bad")))`, ename: "panic", evalue: "wrapped: bad"},
		{code: "func thrower() { panic(42) }\nthrower()", ename: "panic", evalue: "42"},
		{code: "var m map[string]int\nm[\"a\"] = 1", ename: "panic", evalue: "nil map"},
		{code: "s := []int{1}\ni := 5\ns[i]", ename: "panic", evalue: "out of range"},
		{code: "var p *struct{X int}\np.X", ename: "panic", evalue: "nil pointer"},
		{code: "os.Exit(3)", ename: "panic", evalue: "os.Exit(3)"},
		{code: "f := func() {}\nfor range f { }", ename: "InternalError", evalue: "range over an integer or a function"},
		{code: "min(1, 2)", ename: "CompileError", evalue: "math.Min"},
		{code: "switch v := sh.(type) {\ncase int:\n\t_ = v\n}", ename: "CompileError", evalue: "cell:1:13: undefined: sh"},
		{code: "q := P{3, 4}", ename: "CompileError", evalue: "cell:1:6: undefined: P"},
		{code: "func Sum[T int | float64](xs ...T) T { var s T; for _, x := range xs { s += x }; return s }\nSum(1.5, 2.5)", ename: "CompileError", evalue: "Sum[float64]"},
		{code: "Sum[float64](1.5, 2.5)", result: "4"},
		{code: "1 + 1", result: "2"}, // still usable
	})
}

func TestInterrupt(t *testing.T) {
	ip := newInterp(t)
	for _, code := range []string{"for {}", "x := 0\nfor { x++ }", "ch := make(chan int)\n<-ch",
		"func fib(n int) int { if n < 2 { return n }; return fib(n-1) + fib(n-2) }\nfib(60)"} {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		start := time.Now()
		_, err := ip.Execute(ctx, code, &recorder{})
		cancel()
		var ee *kernel.ExecError
		if !errors.As(err, &ee) || ee.Name != "Interrupted" {
			t.Errorf("%q: got %v, want an Interrupted error", code, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%q: returned after %v, want promptly after the 200ms deadline", code, d)
		}
	}
	res, err := ip.Execute(context.Background(), "40 + 2", &recorder{})
	if err != nil || res["text/plain"] != "42" {
		t.Errorf("after interrupts: got %v, %v; want 42", res, err)
	}
}

func TestCellContext(t *testing.T) {
	ip := newInterp(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	res, err := ip.Execute(ctx, "display.Context() != nil && display.Context().Err() == nil", &recorder{})
	if err != nil || res["text/plain"] != "true" {
		t.Fatalf("got %v, %v; want true", res, err)
	}
	// A compiled call waiting on the cell context returns when the cell is
	// interrupted.
	ctx2, cancel2 := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel2()
	rec := &recorder{}
	_, err = ip.Execute(ctx2, "c := display.Context()\n<-c.Done()\nfmt.Println(\"never\")", rec)
	var ee *kernel.ExecError
	if !errors.As(err, &ee) || ee.Name != "Interrupted" {
		t.Errorf("got %v, want Interrupted", err)
	}
}

func TestStdin(t *testing.T) {
	ip := newInterp(t)
	rec := &recorder{input: []string{"Ada 36"}}
	res, err := ip.Execute(context.Background(), "var name string\nvar age int\nfmt.Scanln(&name, &age)\nfmt.Sprint(name, \":\", age)", rec)
	if err != nil || res["text/plain"] != "Ada:36" {
		t.Errorf("got %v, %v; want Ada:36", res, err)
	}
}

func TestIsComplete(t *testing.T) {
	ip := newInterp(t)
	for _, c := range []struct{ code, want string }{
		{"1", "complete"},
		{`fmt.Println("x")`, "complete"},
		{"func f() int { return 1 }", "complete"},
		{"func f() int {", "incomplete"},
		{"x := []int{1,", "incomplete"},
		{"x := 1 +", "incomplete"},
		{"s := `raw", "incomplete"},
		{"x := := 1", "invalid"},
		{"}", "invalid"},
		{"%time", "complete"},
		{"", "complete"},
	} {
		if got, _ := ip.IsComplete(c.code); got != c.want {
			t.Errorf("IsComplete(%q) = %s, want %s", c.code, got, c.want)
		}
	}
}

func TestComplete(t *testing.T) {
	ip := newInterp(t)
	if _, err := ip.Execute(context.Background(), "myVariable := 1\nfunc myFunc() {}\ntype myType int\ndense := mat.NewDense(2, 2, nil)\ntype Rec struct{ Alpha, Beta int }\nrec := Rec{1, 2}", &recorder{}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		code  string
		want  []string
		start int
	}{
		{"fmt.Sprin", []string{"fmt.Sprint", "fmt.Sprintf", "fmt.Sprintln"}, 0},
		{"x := my", []string{"myFunc", "myType", "myVariable"}, 5},
		{"mat.NewDe", []string{"mat.NewDense"}, 0},
		{"a + display.Mark", []string{"display.Markdown", "display.Markdowner"}, 4},
		{"strings.Repl", []string{"strings.Replace", "strings.ReplaceAll", "strings.Replacer"}, 0},
		{"nosuchpkg.X", nil, 0},
		{"dense.RawM", []string{"dense.RawMatrix"}, 0},
		{"rec.Al", []string{"rec.Alpha"}, 0},
	} {
		got := ip.Complete(c.code, len([]rune(c.code)))
		if strings.Join(got.Matches, ",") != strings.Join(c.want, ",") {
			t.Errorf("Complete(%q) = %v, want %v", c.code, got.Matches, c.want)
		}
		if c.want != nil && (got.CursorStart != c.start || got.CursorEnd != len([]rune(c.code))) {
			t.Errorf("Complete(%q) range [%d,%d), want [%d,%d)", c.code, got.CursorStart, got.CursorEnd, c.start, len(c.code))
		}
	}
}

func TestInspect(t *testing.T) {
	ip := newInterp(t)
	if _, err := ip.Execute(context.Background(), "// area returns the area of a disc.\nfunc area(r float64) float64 { return math.Pi * r * r }\nm := mat.NewDense(1, 1, nil)", &recorder{}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ code, want string }{
		{"fmt.Println", "Println formats using the default formats"},
		{"area", "area returns the area of a disc"},
		{"strings.Split(", "func Split(s, sep string) []string"},
		{"mat.NewDense", "NewDense"},
		{"display.HTML", "HTML"},
		{"m.Mul", "func (m *Dense) Mul(a, b Matrix)"},
	} {
		got := ip.Inspect(c.code, len([]rune(c.code)), 0)
		text, _ := got.Data["text/plain"].(string)
		if !got.Found || !strings.Contains(text, c.want) {
			t.Errorf("Inspect(%q) = %v %q, want it to contain %q", c.code, got.Found, text, c.want)
		}
	}
	if got := ip.Inspect("   ", 1, 0); got.Found {
		t.Errorf("Inspect of blanks found %v", got.Data)
	}
}
