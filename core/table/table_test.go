package table

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func mustRead(t *testing.T, text string, opts ...Option) *Table {
	t.Helper()
	tb, err := Read(strings.NewReader(text), "test.csv", opts...)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func TestInference(t *testing.T) {
	const in = "id,age,score,flag,site,empty\n" +
		"P1,61,1.5,true,upper,\n" +
		"P2,NA,2,FALSE,middle,NA\n" +
		"P3,70,NaN,,lower,\n"
	tb := mustRead(t, in)
	want := map[string]Kind{"id": String, "age": Int, "score": Float, "flag": Bool, "site": String, "empty": Float}
	for name, k := range want {
		if got := tb.Col(name).Kind(); got != k {
			t.Errorf("column %s: kind %v, want %v", name, got, k)
		}
	}
	if r, c := tb.Shape(); r != 3 || c != 6 {
		t.Errorf("shape %d×%d, want 3×6", r, c)
	}
	for _, tc := range []struct {
		col string
		row int
		na  bool
	}{{"age", 1, true}, {"age", 0, false}, {"score", 2, true}, {"flag", 2, true}, {"flag", 1, false}, {"empty", 0, true}} {
		if got := tb.Col(tc.col).IsNA(tc.row); got != tc.na {
			t.Errorf("%s[%d] IsNA = %v, want %v", tc.col, tc.row, got, tc.na)
		}
	}
	if v, _ := tb.Col("age").Int(2); v != 70 {
		t.Errorf("age[2] = %d, want 70", v)
	}
	if v, _ := tb.Col("flag").Bool(1); v {
		t.Errorf("flag[1] = true, want false")
	}
	if n := tb.Col("age").NA(); n != 1 {
		t.Errorf("age NA count %d, want 1", n)
	}
}

func TestOverridesAndNA(t *testing.T) {
	const in = "id,x\n007,1\n010,-\n"
	tb := mustRead(t, in, WithType("id", String), WithNA("-"))
	if got := tb.Col("id").Text(0); got != "007" {
		t.Errorf("id[0] = %q, want 007", got)
	}
	if !tb.Col("x").IsNA(1) {
		t.Errorf("x[1] not missing with WithNA(\"-\")")
	}
	tb = mustRead(t, in, WithType("id", Categorical))
	if got := tb.Col("id").Levels(); len(got) != 2 || got[0] != "007" {
		t.Errorf("levels %q", got)
	}
	if _, err := Read(strings.NewReader(in), "x.csv", WithType("nope", Int)); err == nil {
		t.Errorf("WithType of an unknown column: no error")
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		opts     []Option
		line     int
		col      int
	}{
		{"field count", "a,b\n1,2\n3\n", nil, 3, 1},
		{"bad quote", "a,b\n1,\"x\"y\n", nil, 2, 5},
		{"forced int", "a,b\n1,2\n3,x\n", []Option{WithType("b", Int)}, 3, 2},
		{"forced float", "a,b\n1,2\n3,4\n5,six\n", []Option{WithType("b", Float)}, 4, 2},
		{"duplicate header", "a,a\n1,2\n", nil, 1, 2},
		{"empty", "", nil, 1, 0},
	} {
		_, err := Read(strings.NewReader(tc.in), "clin.csv", tc.opts...)
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("%s: error %v, want a *ParseError", tc.name, err)
			continue
		}
		if pe.File != "clin.csv" || pe.Line != tc.line || pe.Column != tc.col {
			t.Errorf("%s: error at %s:%d:%d, want clin.csv:%d:%d (%v)", tc.name, pe.File, pe.Line, pe.Column, tc.line, tc.col, err)
		}
		if !strings.Contains(err.Error(), "clin.csv:") {
			t.Errorf("%s: message %q does not name the file", tc.name, err)
		}
	}
}

func TestFilesRoundTrip(t *testing.T) {
	dir := t.TempDir()
	orig := mustRead(t, "id,t,e,g\nA,1.25,1,x\nB,NA,0,\"y, z\"\nC,3,1,NA\n")
	for _, name := range []string{"a.csv", "a.tsv", "a.csv.gz", "a.tsv.gz"} {
		path := filepath.Join(dir, name)
		if err := orig.WriteFile(path); err != nil {
			t.Fatal(err)
		}
		raw, _ := os.ReadFile(path)
		if strings.HasSuffix(name, ".gz") {
			zr, err := gzip.NewReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatalf("%s: not gzip: %v", name, err)
			}
			var b bytes.Buffer
			b.ReadFrom(zr)
			raw = b.Bytes()
		}
		if strings.Contains(name, ".tsv") != bytes.Contains(raw, []byte("\t")) {
			t.Errorf("%s: delimiter wrong:\n%s", name, raw)
		}
		back, err := ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := back.String(), orig.String(); got != want {
			t.Errorf("%s: round trip\n%s\nwant\n%s", name, got, want)
		}
	}
	var b bytes.Buffer
	orig.WriteCSV(&b)
	const want = "id,t,e,g\nA,1.25,1,x\nB,NA,0,\"y, z\"\nC,3,1,NA\n"
	if b.String() != want {
		t.Errorf("WriteCSV:\n%s\nwant\n%s", b.String(), want)
	}
	if _, err := ReadFile(filepath.Join(dir, "missing.csv")); err == nil || !strings.Contains(err.Error(), "missing.csv") {
		t.Errorf("missing file error %v", err)
	}
}

func clinical(t *testing.T) *Table {
	return mustRead(t, "id,age,sex,time,event\nP1,60,M,10,1\nP2,55,F,20,0\nP3,NA,M,5,1\nP4,70,F,30,1\nP5,48,M,25,0\n")
}

func TestSelectFilterSortDerive(t *testing.T) {
	tb := clinical(t)
	s, err := tb.Select("time", "id")
	if err != nil || strings.Join(s.Names(), ",") != "time,id" {
		t.Fatalf("Select: %v %v", s.Names(), err)
	}
	if _, err := tb.Select("nope"); err == nil || !strings.Contains(err.Error(), `"nope"`) {
		t.Errorf("Select unknown: %v", err)
	}
	d, _ := tb.Drop("sex", "event")
	if strings.Join(d.Names(), ",") != "id,age,time" {
		t.Errorf("Drop: %v", d.Names())
	}
	men := tb.Filter(func(r Row) bool { return r.String("sex") == "M" })
	if got, _ := men.Strings("id"); strings.Join(got, ",") != "P1,P3,P5" {
		t.Errorf("Filter: %v", got)
	}
	srt, _ := tb.Sort(Desc("age"))
	if got, _ := srt.Strings("id"); strings.Join(got, ",") != "P4,P1,P2,P5,P3" {
		t.Errorf("Sort desc with NA last: %v", got)
	}
	srt, _ = tb.Sort(Asc("sex"), Desc("time"))
	if got, _ := srt.Strings("id"); strings.Join(got, ",") != "P4,P2,P5,P1,P3" {
		t.Errorf("Sort two keys: %v", got)
	}
	dv, err := tb.DeriveFloat("years", func(r Row) float64 { return r.Float("time") / 12 })
	if err != nil {
		t.Fatal(err)
	}
	if got := dv.Col("years").Float(1); math.Abs(got-20.0/12) > 1e-15 {
		t.Errorf("derived years[1] = %v", got)
	}
	dn, _ := tb.DropNA()
	if dn.NRows() != 4 {
		t.Errorf("DropNA rows %d, want 4", dn.NRows())
	}
	if h := tb.Head(2); h.NRows() != 2 || h.Col("id").Text(1) != "P2" {
		t.Errorf("Head")
	}
	if tl := tb.Tail(2); tl.NRows() != 2 || tl.Col("id").Text(0) != "P4" {
		t.Errorf("Tail")
	}
	rn, _ := tb.Rename("id", "patient")
	if !rn.Has("patient") || rn.Has("id") || !tb.Has("id") {
		t.Errorf("Rename changed receiver or failed: %v", rn.Names())
	}
	func() {
		defer func() {
			if recover() == nil {
				t.Errorf("Row.Float of an unknown column did not panic")
			}
		}()
		tb.Filter(func(r Row) bool { return r.Float("agee") > 1 })
	}()
}

func TestJoin(t *testing.T) {
	clin := clinical(t)
	feat := mustRead(t, "id,f1,age\nP3,0.3,1\nP1,0.1,2\nP9,0.9,3\n")
	in, err := clin.Join(feat, "id", Inner)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := in.Strings("id"); strings.Join(got, ",") != "P1,P3" {
		t.Errorf("inner ids %v", got)
	}
	if strings.Join(in.Names(), ",") != "id,age,sex,time,event,f1,age_right" {
		t.Errorf("inner names %v", in.Names())
	}
	if got := in.Col("f1").Float(1); got != 0.3 {
		t.Errorf("f1 of P3 = %v", got)
	}
	lj, err := clin.Join(feat, "id", Left)
	if err != nil {
		t.Fatal(err)
	}
	if lj.NRows() != 5 || !lj.Col("f1").IsNA(1) || lj.Col("f1").Float(0) != 0.1 {
		t.Errorf("left join:\n%v", lj)
	}
	dup := mustRead(t, "id,f1\nP1,1\nP2,2\nP1,3\n")
	_, err = clin.Join(dup, "id", Inner)
	if err == nil || !strings.Contains(err.Error(), `"P1"`) || !strings.Contains(err.Error(), "rows 0 and 2") {
		t.Errorf("duplicate key error %v", err)
	}
	// int key on one side, string key on the other
	num := mustRead(t, "pid,v\n1,a\n2,b\n")
	str := mustRead(t, "key,w\n2,x\n1,y\n", WithType("key", String))
	j, err := num.JoinOn(str, "pid", "key", Inner)
	if err != nil || j.Col("w").Text(0) != "y" {
		t.Errorf("JoinOn int/string: %v %v", err, j)
	}
}

func TestGroupSummarise(t *testing.T) {
	tb := clinical(t)
	g, err := tb.GroupBy("sex")
	if err != nil {
		t.Fatal(err)
	}
	s, err := g.Summarise(Count(), Mean("age"), Median("time"), Sum("event"), NMissing("age"), SD("time"), Min("age"), Max("age").As("oldest"))
	if err != nil {
		t.Fatal(err)
	}
	// F: P2 (55, 20, 0), P4 (70, 30, 1); M: P1 (60,10,1), P3 (NA,5,1), P5 (48,25,0)
	want := map[string][]float64{
		"n":             {2, 3},
		"mean_age":      {62.5, 54},
		"median_time":   {25, 10},
		"sum_event":     {1, 2},
		"n_missing_age": {0, 1},
		"sd_time":       {math.Sqrt(50), math.Sqrt(325.0 / 3)},
		"min_age":       {55, 48},
		"oldest":        {70, 60},
	}
	if got, _ := s.Strings("sex"); strings.Join(got, ",") != "F,M" {
		t.Errorf("groups %v", got)
	}
	const tol = 1e-12
	for name, w := range want {
		got, err := s.Floats(name)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		for k := range w {
			if math.Abs(got[k]-w[k]) > tol {
				t.Errorf("%s[%d] = %v, want %v (tol %g)", name, k, got[k], w[k], tol)
			}
		}
	}
	if _, err := g.Summarise(Mean("sex")); err == nil {
		t.Errorf("mean of text: no error")
	}
	all, _ := tb.Summarise(Count(), Mean("time"))
	if all.NRows() != 1 || all.Col("mean_time").Float(0) != 18 {
		t.Errorf("whole-table summary %v", all)
	}
}

func TestDummiesVeteran(t *testing.T) {
	tb, err := ReadFile("testdata/veteran.csv")
	if err != nil {
		t.Fatal(err)
	}
	levels := []string{"squamous", "smallcell", "adeno", "large"}
	// The file holds R's model.matrix dummies; dummy-coding must refuse to
	// overwrite them, then reproduce them once they are dropped.
	if _, err := tb.Dummies("celltype"); err == nil {
		t.Errorf("Dummies over existing columns of the same names: no error")
	}
	bare, _ := tb.Drop("celltype_smallcell", "celltype_adeno", "celltype_large")
	ct, err := bare.AsCategorical("celltype", levels...)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ct.Dummies("celltype")
	if err != nil {
		t.Fatal(err)
	}
	if d.Has("celltype") || d.Has("celltype_squamous") {
		t.Errorf("dummies kept the column or the reference level: %v", d.Names())
	}
	if got := strings.Join(d.Names()[:4], ","); got != "row,trt,celltype_smallcell,celltype_adeno" {
		t.Errorf("dummies not in place: %v", d.Names())
	}
	n := 0
	for _, l := range levels[1:] {
		name := "celltype_" + l
		for r := range d.NRows() {
			if g, w := d.Col(name).Float(r), tb.Col(name).Float(r); g != w {
				t.Errorf("%s row %d: %v, want %v (R model.matrix)", name, r, g, w)
			}
			n++
		}
	}
	if n != 3*137 {
		t.Errorf("compared %d cells, want %d", n, 3*137)
	}
	tb = bare
	ref, _ := tb.SetReference("celltype", "large")
	d2, _ := ref.Dummies("celltype")
	if !d2.Has("celltype_squamous") || d2.Has("celltype_large_right") {
		t.Errorf("SetReference dummies: %v", d2.Names())
	}
	if _, err := tb.SetReference("celltype", "nope"); err == nil {
		t.Errorf("SetReference to an unknown level: no error")
	}
}

func TestMatrixAndSurv(t *testing.T) {
	tb := clinical(t)
	if _, err := tb.Matrix("age", "time"); err == nil || !strings.Contains(err.Error(), "row 2") {
		t.Errorf("matrix with NA: %v", err)
	}
	if _, err := tb.Matrix("sex"); err == nil {
		t.Errorf("matrix of text: no error")
	}
	dn, _ := tb.DropNA("age")
	m, err := dn.Matrix("age", "time")
	if err != nil {
		t.Fatal(err)
	}
	if r, c := m.Dims(); r != 4 || c != 2 || m.At(2, 0) != 70 || m.At(2, 1) != 30 {
		t.Errorf("matrix %v", m)
	}
	d, err := tb.Surv("time", "event")
	if err != nil {
		t.Fatal(err)
	}
	if d.Len() != 5 || d.Events() != 3 || d.Time[3] != 30 || !d.Event[3] || d.Event[1] {
		t.Errorf("surv %+v", d)
	}
	onetwo := mustRead(t, "time,status\n1,2\n2,1\n3,2\n")
	d, _ = onetwo.Surv("time", "status")
	if !d.Event[0] || d.Event[1] {
		t.Errorf("1/2 coding: %+v", d)
	}
	ones := mustRead(t, "time,status\n1,1\n2,1\n")
	d, _ = ones.Surv("time", "status")
	if !d.Event[0] || !d.Event[1] {
		t.Errorf("all-ones event column read as 1/2 coding: %+v", d)
	}
	for _, in := range []string{"time,status\n1,3\n", "time,status\n-1,1\n", "time,status\nNA,1\n", "time,status\n1,0\n2,2\n", "time,status\nx,1\n"} {
		if _, err := mustRead(t, in).Surv("time", "status"); err == nil {
			t.Errorf("Surv(%q): no error", in)
		}
	}
}

func TestPivotPyRadiomics(t *testing.T) {
	var parts []*Table
	for _, c := range []string{"brain1", "brain2", "breast1"} {
		tb, err := ReadFile("testdata/pyradiomics/" + c + ".csv")
		if err != nil {
			t.Fatal(err)
		}
		tb, _ = tb.DeriveString("case", func(Row) string { return c })
		parts = append(parts, tb)
	}
	long, err := parts[0].Concat(parts[1:]...)
	if err != nil {
		t.Fatal(err)
	}
	wide, err := long.Wider("case", "feature", "value")
	if err != nil {
		t.Fatal(err)
	}
	if r := wide.NRows(); r != 3 {
		t.Fatalf("wide rows %d", r)
	}
	if k := wide.Col("diagnostics_Versions_PyRadiomics").Kind(); k != String {
		t.Errorf("diagnostics column kind %v", k)
	}
	ref, err := ReadFile("testdata/pyradiomics/wide_features.csv")
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for i := range ref.NRows() {
		name := ref.Col("feature").Text(i)
		col := wide.Col(name)
		if col == nil {
			t.Errorf("feature %s missing after Wider", name)
			continue
		}
		if col.Kind() != Float {
			t.Errorf("feature %s is %v", name, col.Kind())
		}
		for r, c := range []string{"brain1", "brain2", "breast1"} {
			if got, want := col.Float(r), ref.Col(c).Float(i); got != want {
				t.Errorf("%s %s = %v, want %v", c, name, got, want)
			}
			checked++
		}
	}
	if checked != 851*3 {
		t.Errorf("checked %d values, want %d", checked, 851*3)
	}
	// Transpose of the reference (feature per row) equals the wide table.
	tr, err := ref.Transpose("feature", "case")
	if err != nil {
		t.Fatal(err)
	}
	fe, _ := wide.Select(append([]string{"case"}, ref.Col("feature").Strings()...)...)
	if tr.String() != fe.String() {
		t.Errorf("Transpose != Wider:\n%v\n%v", tr, fe)
	}
	// Longer back to long (numeric features only) and Wider again is the identity.
	back, err := fe.Longer([]string{"case"}, "feature", "value")
	if err != nil {
		t.Fatal(err)
	}
	if back.Col("value").Kind() != Float || back.NRows() != 3*851 {
		t.Errorf("Longer: %v rows, value %v", back.NRows(), back.Col("value").Kind())
	}
	again, _ := back.Wider("case", "feature", "value")
	var b1, b2 bytes.Buffer
	again.WriteCSV(&b1)
	fe.WriteCSV(&b2)
	if b1.String() != b2.String() {
		t.Errorf("Longer then Wider is not the identity")
	}
	dup, _ := long.Concat(parts[0])
	if _, err := dup.Wider("case", "feature", "value"); err == nil {
		t.Errorf("Wider with duplicates: no error")
	}
}

func TestDisplay(t *testing.T) {
	tb := clinical(t)
	s := tb.String()
	if !strings.HasPrefix(s, "5 rows × 5 columns\n") || !strings.Contains(s, "<int>") || !strings.Contains(s, "NA") {
		t.Errorf("String:\n%s", s)
	}
	lines := strings.Split(s, "\n")
	if len(lines) != 1+2+5 {
		t.Errorf("String has %d lines:\n%s", len(lines), s)
	}
	// the last column is numeric (right-aligned): every line equally wide
	for _, l := range lines[2:] {
		if len([]rune(l)) != len([]rune(lines[1])) {
			t.Errorf("line %q not as wide as the header %q", l, lines[1])
		}
	}
	n := 1000
	v := make([]float64, n)
	for i := range v {
		v[i] = float64(i)
	}
	big, _ := New(NewFloat("x", v))
	bs := big.String()
	if !strings.Contains(bs, "1000 rows × 1 columns") || !strings.Contains(bs, "…") || !strings.Contains(bs, "999") || strings.Contains(bs, "500") {
		t.Errorf("long String:\n%s", bs)
	}
	h := big.HTML()
	if strings.Count(h, "<tr>") != DisplayRows+2 || !strings.Contains(h, "1000 rows × 1 columns") {
		t.Errorf("HTML rows %d:\n%s", strings.Count(h, "<tr>"), h)
	}
	var wide []*Column
	for j := range 300 {
		wide = append(wide, NewFloat(fmt.Sprintf("original_firstorder_feature%03d", j), []float64{float64(j)}))
	}
	wt, _ := New(wide...)
	ws := wt.String()
	for _, l := range strings.Split(ws, "\n") {
		if n := len([]rune(l)); n > TextWidth {
			t.Errorf("line of %d characters > TextWidth %d", n, TextWidth)
		}
		if strings.HasSuffix(l, " ") {
			t.Errorf("trailing space in %q", l)
		}
	}
	if !strings.Contains(ws, "1 rows × 300 columns (") || !strings.Contains(ws, "columns not shown)") {
		t.Errorf("wide String:\n%s", ws)
	}
	esc, _ := New(NewString("<b>", []string{"a&b"}))
	if strings.Contains(esc.HTML(), "<b>") || !strings.Contains(esc.HTML(), "a&amp;b") {
		t.Errorf("HTML not escaped: %s", esc.HTML())
	}
}

func TestNewErrors(t *testing.T) {
	if _, err := New(NewFloat("a", []float64{1}), NewFloat("a", []float64{2})); err == nil {
		t.Errorf("duplicate names: no error")
	}
	if _, err := New(NewFloat("a", []float64{1}), NewFloat("b", []float64{1, 2})); err == nil {
		t.Errorf("unequal lengths: no error")
	}
	if _, err := NewCategorical("c", []string{"x", "z"}, "x", "y"); err == nil {
		t.Errorf("value outside levels: no error")
	}
}

func TestAsCategoricalNumericOrder(t *testing.T) {
	tb := mustRead(t, "stage\n10\n2\n1\n2\n")
	c, _ := tb.AsCategorical("stage")
	if got := strings.Join(c.Col("stage").Levels(), ","); got != "1,2,10" {
		t.Errorf("levels %s, want numeric order 1,2,10", got)
	}
	d, _ := c.Dummies()
	if strings.Join(d.Names(), ",") != "stage_2,stage_10" {
		t.Errorf("dummies %v", d.Names())
	}
	_ = strconv.Itoa
}
