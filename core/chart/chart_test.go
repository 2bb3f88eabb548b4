package chart

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"image"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"radgo/core/elasticnet"
	"radgo/core/survival"
	"radgo/core/table"
	"radgo/core/volume"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// svgSummary is the structural content of an SVG document: the number of
// elements of each name and the text strings in document order.
func svgSummary(t *testing.T, svg string) string {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(svg))
	counts := map[string]int{}
	var texts []string
	inText := false
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse as XML: %v", err)
		}
		switch e := tok.(type) {
		case xml.StartElement:
			counts[e.Name.Local]++
			inText = e.Name.Local == "text"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if s := strings.TrimSpace(string(e)); inText && s != "" {
				texts = append(texts, s)
			}
		}
	}
	var b strings.Builder
	names := make([]string, 0, len(counts))
	for n := range counts {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "element %s: %d\n", n, counts[n])
	}
	for _, s := range texts {
		fmt.Fprintf(&b, "text: %s\n", s)
	}
	return b.String()
}

// svgTexts returns the text strings of an SVG document.
func svgTexts(t *testing.T, svg string) []string {
	var out []string
	for _, l := range strings.Split(svgSummary(t, svg), "\n") {
		if s, ok := strings.CutPrefix(l, "text: "); ok {
			out = append(out, s)
		}
	}
	return out
}

// Pixel tolerance for PNG goldens: a pixel differs when a channel differs
// by more than pixelTol (of 255); at most diffFraction of the pixels may
// differ. Anti-aliased edges and glyphs move by a pixel between platforms
// (FMA on arm64, freetype rounding), a wrong curve or label moves far more
// than 1% of a 40-dpi image.
const (
	pixelTol     = 48
	diffFraction = 0.01
)

func comparePNG(got, want []byte) (float64, error) {
	a, err := png.Decode(bytes.NewReader(got))
	if err != nil {
		return 1, fmt.Errorf("decoding rendered PNG: %w", err)
	}
	b, err := png.Decode(bytes.NewReader(want))
	if err != nil {
		return 1, fmt.Errorf("decoding golden PNG: %w", err)
	}
	if a.Bounds() != b.Bounds() {
		return 1, fmt.Errorf("size %v, golden %v", a.Bounds(), b.Bounds())
	}
	diff := 0
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if !pixelClose(a, b, x, y) {
				diff++
			}
		}
	}
	return float64(diff) / float64(r.Dx()*r.Dy()), nil
}

func pixelClose(a, b image.Image, x, y int) bool {
	r1, g1, b1, a1 := a.At(x, y).RGBA()
	r2, g2, b2, a2 := b.At(x, y).RGBA()
	d := func(p, q uint32) bool { return math.Abs(float64(p>>8)-float64(q>>8)) <= pixelTol }
	return d(r1, r2) && d(g1, g2) && d(b1, b2) && d(a1, a2)
}

// checkGolden compares a chart's SVG structure and PNG pixels with
// testdata/golden/name.{txt,png}.
func checkGolden(t *testing.T, name string, ch *Chart) {
	t.Helper()
	ch.DPI = 40
	svg := svgSummary(t, ch.SVG())
	pngb := ch.PNG()
	if !bytes.HasPrefix(pngb, []byte("\x89PNG")) {
		t.Fatalf("%s: PNG() is not a PNG", name)
	}
	txt := filepath.Join("testdata", "golden", name+".txt")
	img := filepath.Join("testdata", "golden", name+".png")
	if *update {
		os.WriteFile(txt, []byte(svg), 0o644)
		os.WriteFile(img, pngb, 0o644)
		return
	}
	want, err := os.ReadFile(txt)
	if err != nil {
		t.Fatalf("%s: %v (run with -update to create)", name, err)
	}
	if svg != string(want) {
		t.Errorf("%s: SVG structure differs from %s:\n%s", name, txt, lineDiff(string(want), svg))
	}
	wantPNG, err := os.ReadFile(img)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	frac, err := comparePNG(pngb, wantPNG)
	if err != nil || frac > diffFraction {
		out := filepath.Join(t.TempDir(), name+".png")
		os.WriteFile(out, pngb, 0o644)
		t.Errorf("%s: PNG differs from %s in %.2f%% of pixels (tol %.2f%%), err %v; rendered image in %s", name, img, 100*frac, 100*diffFraction, err, out)
	}
}

func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for k := 0; k < max(len(w), len(g)); k++ {
		var a, c string
		if k < len(w) {
			a = w[k]
		}
		if k < len(g) {
			c = g[k]
		}
		if a != c {
			fmt.Fprintf(&b, "line %d: want %q, got %q\n", k+1, a, c)
		}
	}
	return b.String()
}

// kmCase is a case of testdata/km.json.
type kmCase struct {
	ID       string  `json:"id"`
	Data     string  `json:"data"`
	Time     string  `json:"time"`
	Event    string  `json:"event"`
	Group    *string `json:"group"`
	Notes    string  `json:"notes"`
	Expected struct {
		ByConfType map[string][]struct {
			Stratum string     `json:"stratum"`
			Time    []float64  `json:"time"`
			NRisk   []int      `json:"n_risk"`
			NCensor []int      `json:"n_censor"`
			Surv    []float64  `json:"surv"`
			Lower   []*float64 `json:"lower"`
			Upper   []*float64 `json:"upper"`
		} `json:"by_conf_type"`
	} `json:"expected"`
}

func loadKM(t *testing.T) []kmCase {
	raw, err := os.ReadFile("testdata/km.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Cases []kmCase `json:"cases"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Cases
}

func nullable(v []*float64) []float64 {
	out := make([]float64, len(v))
	for k, p := range v {
		out[k] = math.NaN()
		if p != nil {
			out[k] = *p
		}
	}
	return out
}

// rSeries returns the log-CI KM series of a km.json case as KMSeries.
func rSeries(c kmCase) []KMSeries {
	var out []KMSeries
	for _, s := range c.Expected.ByConfType["log"] {
		out = append(out, KMSeries{Name: s.Stratum, Time: s.Time, Surv: s.Surv, Lower: nullable(s.Lower), Upper: nullable(s.Upper), AtRisk: s.NRisk, Censored: s.NCensor})
	}
	return out
}

// TestKMConformance draws every case of km.json from R's survfit numbers
// and checks the number-at-risk table against counts from the raw data.
func TestKMConformance(t *testing.T) {
	cases := loadKM(t)
	if len(cases) == 0 {
		t.Fatal("no cases in km.json")
	}
	checked := 0
	for _, c := range cases {
		t.Run(c.ID, func(t *testing.T) {
			d, err := table.ReadFile(filepath.Join("testdata", filepath.Base(c.Data)))
			if err != nil {
				t.Fatal(err)
			}
			if d, err = d.DropNA(c.Time, c.Event); err != nil {
				t.Fatal(err)
			}
			// a case on a subset says so in its notes: "rows with group == 'A' only"
			if m := subsetRE.FindStringSubmatch(c.Notes); m != nil {
				d = d.Filter(func(r table.Row) bool { return r.String(m[1]) == m[2] })
			}
			series := rSeries(c)
			tmax := 0.0
			for _, s := range series {
				tmax = math.Max(tmax, s.Time[len(s.Time)-1])
			}
			var times []float64
			for k := 0; k <= 5; k++ {
				times = append(times, math.Round(tmax*float64(k)/5))
			}
			ch, err := KaplanMeier(series, &KMOptions{RiskTimes: times, PValue: 0.5})
			if err != nil {
				t.Fatal(err)
			}
			texts := svgTexts(t, ch.SVG())
			k := indexOf(texts, "Number at risk")
			if k < 0 {
				t.Fatalf("no risk table in %q", texts)
			}
			rest := texts[k+1:]
			time, _ := d.Floats(c.Time)
			for si, s := range series {
				var group []string
				if c.Group != nil {
					group, _ = d.Strings(*c.Group)
				}
				row := rest
				if len(row) > 0 && row[0] == s.Name {
					row = row[1:] // the name, when it fits
				}
				if len(row) < len(times) {
					t.Fatalf("stratum %s: risk row %q too short", s.Name, row)
				}
				for ti, tt := range times {
					want := 0
					for i, x := range time {
						if x >= tt && (group == nil || *c.Group+"="+group[i] == s.Name) {
							want++
						}
					}
					if got, _ := strconv.Atoi(row[ti]); got != want {
						t.Errorf("stratum %s (%d): at risk at %v = %s, want %d", s.Name, si, tt, row[ti], want)
					}
					checked++
				}
				rest = row[len(times):]
			}
			for si, s := range series {
				want := fmt.Sprintf("%s (n = %d)", s.Name, s.AtRisk[0])
				if indexOf(texts, want) < 0 {
					t.Errorf("legend entry %q (series %d) missing", want, si)
				}
			}
			if indexOf(texts, "Log-rank p = 0.50") < 0 {
				t.Errorf("p-value line missing from %q", texts)
			}
		})
	}
	t.Logf("%d cases, %d at-risk cells checked", len(cases), checked)
}

var subsetRE = regexp.MustCompile(`rows with (\w+) == '([^']*)' only`)

func indexOf(s []string, x string) int {
	for k, v := range s {
		if v == x {
			return k
		}
	}
	return -1
}

// TestEmpiricalROCpROC compares AUC and the Youden point with pROC for
// every case of youden_proc.json.
func TestEmpiricalROCpROC(t *testing.T) {
	raw, err := os.ReadFile("testdata/youden_proc.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Cases []struct {
			ID       string `json:"id"`
			Data     string `json:"data"`
			Outcome  string `json:"outcome"`
			Marker   string `json:"marker"`
			Expected struct {
				AUC  float64 `json:"auc"`
				Best struct {
					Spec []float64 `json:"specificity"`
					Sens []float64 `json:"sensitivity"`
					J    []float64 `json:"J"`
				} `json:"best"`
			} `json:"expected"`
		} `json:"cases"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	const tol = 1e-12
	for _, c := range doc.Cases {
		d, err := table.ReadFile(filepath.Join("testdata", filepath.Base(c.Data)))
		if err != nil {
			t.Fatal(err)
		}
		d, _ = d.DropNA(c.Outcome, c.Marker)
		m, _ := d.Floats(c.Marker)
		o, _ := d.Floats(c.Outcome)
		pos := make([]bool, len(o))
		for i, v := range o {
			pos[i] = v == 1
		}
		roc, err := EmpiricalROC(c.ID, m, pos)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(roc.AUC-c.Expected.AUC) > tol {
			t.Errorf("%s: AUC %v, pROC %v (tol %g)", c.ID, roc.AUC, c.Expected.AUC, tol)
		}
		j := roc.Youden()
		gotJ := roc.TPR[j] - roc.FPR[j]
		if math.Abs(gotJ-c.Expected.Best.J[0]) > tol || math.Abs(roc.TPR[j]-c.Expected.Best.Sens[0]) > tol || math.Abs(1-roc.FPR[j]-c.Expected.Best.Spec[0]) > tol {
			t.Errorf("%s: Youden J %v sens %v spec %v; pROC %v %v %v (tol %g)", c.ID, gotJ, roc.TPR[j], 1-roc.FPR[j], c.Expected.Best.J, c.Expected.Best.Sens, c.Expected.Best.Spec, tol)
		}
	}
}

func TestFormatP(t *testing.T) {
	for _, tc := range []struct {
		p    float64
		want string
	}{{0.0123, "p = 0.012"}, {0.5, "p = 0.50"}, {0.0004, "p < 0.001"}, {0, "p < 0.001"}, {0.049, "p = 0.049"}, {math.NaN(), "p = NA"}} {
		if got := FormatP(tc.p); got != tc.want {
			t.Errorf("FormatP(%v) = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestErrors(t *testing.T) {
	bad := []struct {
		name string
		err  error
	}{}
	add := func(name string, _ *Chart, err error) {
		bad = append(bad, struct {
			name string
			err  error
		}{name, err})
	}
	ch, err := KaplanMeier(nil, nil)
	add("KM no series", ch, err)
	ch, err = KaplanMeier([]KMSeries{{Name: "a", Time: []float64{1, 2}, Surv: []float64{1}}}, nil)
	add("KM length", ch, err)
	ch, err = KaplanMeier([]KMSeries{{Name: "a", Time: []float64{2, 1}, Surv: []float64{1, 1}, AtRisk: []int{2, 1}}}, nil)
	add("KM order", ch, err)
	ch, err = KaplanMeier([]KMSeries{{Name: "a", Time: []float64{1}, Surv: []float64{1}}}, nil)
	add("KM risk table without counts", ch, err)
	ch, err = ROC([]ROCCurve{{Name: "a", FPR: []float64{0.5}, TPR: []float64{1.5}}}, nil)
	add("ROC outside", ch, err)
	ch, err = CVCurve(CVData{Lambda: []float64{1, 0.5}, Mean: []float64{1}}, nil)
	add("CV length", ch, err)
	ch, err = CoefPaths(PathData{Lambda: []float64{1, 0}, Coef: [][]float64{{0, 1}}}, nil)
	add("paths lambda 0", ch, err)
	ch, err = Forest([]HR{{Name: "x", HR: 2, Lower: 3, Upper: 4}}, nil)
	add("forest HR outside CI", ch, err)
	ch, err = Histogram([]float64{math.NaN()}, nil)
	add("hist no finite", ch, err)
	ch, err = Heatmap(mat.NewDense(2, 3, nil), []string{"a", "b"}, nil)
	add("heatmap names", ch, err)
	v := volume.New([3]int{4, 4, 4}, volume.Identity([3]float64{1, 1, 1}))
	ch, err = Slice(v, volume.NewMask([3]int{4, 4, 3}, v.Geometry), Axial, 0, nil)
	add("slice mask size", ch, err)
	ch, err = Slice(v, nil, Axial, 9, nil)
	add("slice index", ch, err)
	_, err = EmpiricalROC("x", []float64{1, 2}, []bool{true, true})
	add("roc one class", nil, err)
	for _, b := range bad {
		if b.err == nil {
			t.Errorf("%s: no error", b.name)
		} else if !strings.HasPrefix(b.err.Error(), "chart: ") {
			t.Errorf("%s: error %q lacks the package prefix", b.name, b.err)
		}
	}
	if _, err := (&Chart{Plot: newPlot("", "", "")}).Render("bmp"); err == nil {
		t.Errorf("Render(bmp): no error")
	}
}

func TestEmpiricalROCMannWhitney(t *testing.T) {
	a, b := cohort(200, 2, 3)
	var m []float64
	var y []bool
	for k := range a.Time {
		m = append(m, a.Time[k]) // any marker with ties
		y = append(y, k%3 == 0)
	}
	for k := range b.Time {
		m = append(m, math.Round(b.Time[k]))
		y = append(y, k%2 == 0)
	}
	roc, err := EmpiricalROC("x", m, y)
	if err != nil {
		t.Fatal(err)
	}
	var s float64
	var np, nn int
	for i := range m {
		for j := range m {
			if y[i] && !y[j] {
				switch {
				case m[i] > m[j]:
					s++
				case m[i] == m[j]:
					s += 0.5
				}
			}
		}
		if y[i] {
			np++
		} else {
			nn++
		}
	}
	const tol = 1e-12
	if want := s / float64(np*nn); math.Abs(roc.AUC-want) > tol {
		t.Errorf("AUC %v, Mann–Whitney %v (tol %g)", roc.AUC, want, tol)
	}
}

func TestSliceContour(t *testing.T) {
	// a 3×2 voxel block in one slice: the contour has 2·(3+2) unit edges
	v := volume.New([3]int{8, 6, 3}, volume.Identity([3]float64{1, 2, 3}))
	m := volume.NewMask(v.Size, v.Geometry)
	for i := 2; i < 5; i++ {
		for j := 1; j < 3; j++ {
			m.Labels[m.Offset(i, j, 1)] = 1
		}
	}
	m.Labels[m.Offset(7, 5, 2)] = 2 // another label elsewhere
	ch, err := Slice(v, m, Axial, -1, &SliceOptions{Label: 1})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ch.Plot.Title.Text, "k = 1") {
		t.Errorf("auto slice title %q, want k = 1", ch.Plot.Title.Text)
	}
	var segs [][2]float64
	if ch.sliceContour == nil {
		t.Fatal("no contour")
	}
	for _, s := range ch.sliceContour.segs {
		segs = append(segs, [2]float64{math.Abs(s[1].X - s[0].X), math.Abs(s[1].Y - s[0].Y)})
	}
	if len(segs) != 10 {
		t.Fatalf("%d contour edges, want 10", len(segs))
	}
	var lx, ly float64
	for _, s := range segs {
		lx += s[0]
		ly += s[1]
	}
	// perimeter in mm: 2·3 voxels × 1 mm across, 2·2 voxels × 2 mm down
	if lx != 6 || ly != 8 {
		t.Errorf("contour lengths %v (across) and %v (down), want 6 and 8", lx, ly)
	}
	// the window maps level−width/2 to black and level+width/2 to white
	v.Set(0, 0, 1, -160)
	v.Set(1, 0, 1, 240)
	ch, _ = Slice(v, nil, Axial, 1, &SliceOptions{Window: SoftTissue})
	img := ch.sliceImage
	if img.Pix[0] != 0 || img.Pix[img.Rect.Dx()/8] != 255 {
		t.Errorf("window: pixels %d and %d, want 0 and 255", img.Pix[0], img.Pix[img.Rect.Dx()/8])
	}
}

func TestConversions(t *testing.T) {
	vet, err := table.ReadFile("testdata/veteran.csv")
	if err != nil {
		t.Fatal(err)
	}
	d, err := vet.Surv("time", "event")
	if err != nil {
		t.Fatal(err)
	}
	trt, _ := vet.Strings("trt")
	ch, err := KaplanMeierByGroup(d, trt, &KMOptions{XLabel: "Time (days)"})
	if err != nil {
		t.Fatal(err)
	}
	texts := svgTexts(t, ch.SVG())
	// R: survdiff(Surv(time, status) ~ trt, veteran) gives chisq 0.00823, p = 0.928
	for _, want := range []string{"1 (n = 69)", "2 (n = 68)", "Log-rank p = 0.93", "Time (days)", "Number at risk"} {
		if indexOf(texts, want) < 0 {
			t.Errorf("KaplanMeierByGroup: %q missing from %q", want, texts)
		}
	}

	lp, _ := vet.Floats("lp_cox")
	r, err := survival.TimeROC(lp, d, []float64{30, 90, 180}, nil)
	if err != nil {
		t.Fatal(err)
	}
	curves := ROCCurvesOf(r, "1 month", "3 months", "6 months")
	if len(curves) != 3 {
		t.Fatalf("%d curves", len(curves))
	}
	ch, err = ROC(curves, &ROCOptions{Youden: true})
	if err != nil {
		t.Fatal(err)
	}
	texts = svgTexts(t, ch.SVG())
	for k, c := range r.Curves {
		want := fmt.Sprintf("%s: AUC = %.3f", []string{"1 month", "3 months", "6 months"}[k], c.AUC)
		if indexOf(texts, want) < 0 {
			t.Errorf("time ROC legend %q missing from %q", want, texts)
		}
	}

	x, err := vet.Matrix("trt", "karno", "diagtime", "age", "prior")
	if err != nil {
		t.Fatal(err)
	}
	folds := elasticnet.RandomFolds(d.Len(), 5, rand.New(rand.NewPCG(1, 2)))
	cv, err := elasticnet.CrossValidateCox(context.Background(), x, d, elasticnet.DefaultSettings(), folds, elasticnet.Deviance)
	if err != nil {
		t.Fatal(err)
	}
	ch, err = LassoCV(cv, nil)
	if err != nil {
		t.Fatal(err)
	}
	texts = svgTexts(t, ch.SVG())
	if indexOf(texts, "Partial likelihood deviance") < 0 || indexOf(texts, fmt.Sprintf("λ min = %.3g (log %.2f)", cv.LambdaMin, math.Log(cv.LambdaMin))) < 0 {
		t.Errorf("LassoCV texts %q", texts)
	}
	names := []string{"trt", "karno", "diagtime", "age", "prior"}
	ch, err = LassoPaths(cv, names, nil)
	if err != nil {
		t.Fatal(err)
	}
	texts = svgTexts(t, ch.SVG())
	k := cv.IndexMin
	for j, n := range names {
		active := cv.Fit.Coef.At(j, k) != 0
		if got := indexOf(texts, n) >= 0; got != active {
			t.Errorf("paths legend has %q: %v, coefficient at lambda.min non-zero: %v", n, got, active)
		}
	}
}
