package eval

import (
	"context"
	"strings"
	"testing"
)

func TestDisplayValues(t *testing.T) {
	runSession(t, []cell{
		{code: "type H struct{ N int }\nfunc (h H) HTML() string { return \"<i>\" + fmt.Sprint(h.N) + \"</i>\" }\nH{3}", result: "{3}", mime: "text/html"},
		{code: "func mk() H { return H{4} }\nmk()", result: "{4}", mime: "text/html"},
		{code: "type H2 struct{ A, B int }\nfunc (h H2) HTML() string { return \"<i>h2</i>\" }\nH2{1, 2}", result: "{1 2}", mime: "text/html"},
		{code: "type S struct{ N int }\nfunc (s S) String() string { return fmt.Sprintf(\"S#%d\", s.N) }\nS{4}", result: "S#4"},
		{code: "type M struct{}\nfunc (M) Markdown() string { return \"*m*\" }\nM{}", result: "{}", mime: "text/markdown"},
		{code: "type V struct{}\nfunc (V) SVG() string { return `<svg xmlns=\"http://www.w3.org/2000/svg\"/>` }\nV{}", result: "<SVG image>", mime: "image/svg+xml"},
		{code: "type J struct{}\nfunc (J) JSON() any { return map[string]int{\"a\": 1} }\nJ{}", result: "{\n  \"a\": 1\n}", mime: "application/json"},
		{code: "import \"image\"\nimage.NewGray(image.Rect(0, 0, 2, 2))", result: "<PNG image 2×2>", mime: "image/png"},
		{code: "p := plot.New()\np", result: "<PNG image 567×378>", mime: "image/png"},
		{code: "1, 2", ename: "CompileError"},
		{code: "func two() (int, string) { return 1, \"a\" }\ntwo()", result: "1 a"},
		{code: "func none() {}\nnone()", result: ""},
		{code: "errors.New(\"e\")", result: "e"},
		{code: "var boxed any = H2{5, 6}\nboxed", result: "{5 6}"}, // boxed values lose methods (kernel.md §3)
	})
}

func TestDisplayFunctions(t *testing.T) {
	ip := newInterp(t)
	for _, c := range []struct {
		code  string
		mimes []string
		n     int
	}{
		{`display.HTML("<b>hi</b>")`, []string{"text/html"}, 1},
		{"display.SVG(`<svg xmlns=\"http://www.w3.org/2000/svg\"/>`)", []string{"image/svg+xml"}, 1},
		{`display.Markdown("# t")`, []string{"text/markdown"}, 1},
		{`display.JSON(map[string]int{"x": 1})`, []string{"application/json"}, 1},
		{`display.Table([][]string{{"a"}, {"1"}})`, []string{"text/html"}, 1},
		{"p := plot.New()\ndisplay.Plot(p, 5*vg.Centimeter, 4*vg.Centimeter)\ndisplay.PlotSVG(p, 5*vg.Centimeter, 4*vg.Centimeter)", []string{"image/png", "image/svg+xml"}, 2},
		{"type T struct{}\nfunc (T) HTML() string { return \"<p>t</p>\" }\ndisplay.Show(T{}, 7)", []string{"text/html", "text/plain"}, 2},
	} {
		rec := &recorder{}
		if _, err := ip.Execute(context.Background(), c.code, rec); err != nil {
			t.Errorf("%q: %v", c.code, err)
			continue
		}
		if len(rec.displays) != c.n {
			t.Errorf("%q: %d displays, want %d", c.code, len(rec.displays), c.n)
			continue
		}
		for i, m := range c.mimes {
			if rec.displays[i].Data[m] == nil {
				t.Errorf("%q: display %d has no %s: %v", c.code, i, m, keys(rec.displays[i].Data))
			}
			if rec.displays[i].Data["text/plain"] == nil {
				t.Errorf("%q: display %d has no text/plain", c.code, i)
			}
		}
	}
}

func TestDisplayUpdateProgressClear(t *testing.T) {
	ip := newInterp(t)
	rec := &recorder{}
	code := `id := display.NewID()
display.ShowID(id, "a")
display.Update(id, "b")
bar := display.NewProgress("steps", 3)
for i := 0; i < 3; i++ {
	bar.Add(1)
}
bar.Done()
display.Clear(true)`
	if _, err := ip.Execute(context.Background(), code, rec); err != nil {
		t.Fatal(err)
	}
	d := rec.displays
	if len(d) < 4 || d[0].ID == "" || d[1].ID != d[0].ID || !d[1].Update || d[1].Data["text/plain"] != "b" {
		t.Fatalf("ShowID/Update: %+v", d)
	}
	last := d[len(d)-1]
	if !last.Update || last.ID != d[2].ID || !strings.HasPrefix(last.Data["text/plain"].(string), "steps: 3/3 done in") {
		t.Errorf("progress did not end with its summary line: %+v", last)
	}
	if rec.clears != 1 {
		t.Errorf("%d clears, want 1", rec.clears)
	}
}

func TestMagics(t *testing.T) {
	ip := newInterp(t)
	dir := t.TempDir()
	for _, c := range []struct{ code, stdout, result string }{
		{"%help", "%%writefile", ""},
		{"%env RADGO_TEST_VAR=42", "RADGO_TEST_VAR=42", ""},
		{"%env RADGO_TEST_VAR", "42", ""},
		{`os.Getenv("RADGO_TEST_VAR")`, "", "42"},
		{"%%writefile " + dir + "/a.txt\nhello\n", "Writing", ""},
		{`b, _ := os.ReadFile("` + dir + `/a.txt")` + "\nstring(b)", "", "hello\n"},
		{"!echo shell-$RADGO_TEST_VAR", "shell-42", ""},
		{"answer := 42\nfunc f() {}", "", ""},
		{"%who", "var    var answer", ""},
		{"%time\nanswer + 1", "", "43"}, // the time is a volatile display: provenance_test.go
		{"%time answer + 2", "", "44"},
	} {
		rec := &recorder{}
		res, err := ip.Execute(context.Background(), c.code, rec)
		if err != nil {
			t.Errorf("%q: %v", c.code, err)
			continue
		}
		if !strings.Contains(rec.stdout.String(), c.stdout) {
			t.Errorf("%q: stdout %q, want %q in it", c.code, rec.stdout.String(), c.stdout)
		}
		if got, _ := res["text/plain"].(string); !strings.HasPrefix(got, c.result) || (c.result == "" && got != "") {
			t.Errorf("%q: result %q, want %q", c.code, got, c.result)
		}
	}
	if _, err := ip.Execute(context.Background(), "%nosuch", &recorder{}); err == nil {
		t.Error("unknown magic accepted")
	}
	if _, err := ip.Execute(context.Background(), "!exit 3", &recorder{}); err == nil {
		t.Error("failing shell command gave no error")
	}
}
