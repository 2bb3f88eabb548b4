package display

import (
	"encoding/base64"
	"errors"
	"image"
	"image/color"
	"strings"
	"sync"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

type sink struct {
	mu     sync.Mutex
	outs   []Output
	clears []bool
}

func (s *sink) Display(o Output) { s.mu.Lock(); s.outs = append(s.outs, o); s.mu.Unlock() }
func (s *sink) Clear(w bool)     { s.mu.Lock(); s.clears = append(s.clears, w); s.mu.Unlock() }

type htmlOnly struct{}

func (htmlOnly) HTML() string { return "<i>h</i>" }

type both struct{}

func (both) HTML() string     { return "<b>b</b>" }
func (both) Markdown() string { return "**b**" }
func (both) String() string   { return "b" }

type pngV struct{ b []byte }

func (p pngV) PNG() []byte { return p.b }

type svgV struct{}

func (svgV) SVG() string { return "<svg/>" }

type jsonV struct{}

func (jsonV) JSON() any { return map[string]int{"n": 1} }

func TestRender(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.White)
	p := plot.New()
	p.Title.Text = "t"
	for _, c := range []struct {
		name  string
		v     any
		mimes []string
		text  string // "" = not checked
	}{
		{"int", 6, []string{"text/plain"}, "6"},
		{"string", "abab", []string{"text/plain"}, "abab"},
		{"nil", nil, []string{"text/plain"}, "<nil>"},
		{"error", errors.New("bad"), []string{"text/plain"}, "bad"},
		{"html", htmlOnly{}, []string{"text/html", "text/plain"}, "{}"},
		{"html+markdown+string", both{}, []string{"text/html", "text/markdown", "text/plain"}, "b"},
		{"png", pngV{[]byte("x")}, []string{"image/png", "text/plain"}, "<PNG image, 1 bytes>"},
		{"svg", svgV{}, []string{"image/svg+xml", "text/plain"}, ""},
		{"json", jsonV{}, []string{"application/json", "text/plain"}, ""},
		{"image", img, []string{"image/png", "text/plain"}, "<PNG image 3×2>"},
		{"plot", p, []string{"image/png", "text/plain"}, "<PNG image 567×378>"},
		{"matrix", mat.NewDense(2, 2, []float64{1, 2, 3, 4}), []string{"text/html", "text/plain"}, "⎡1  2⎤\n⎣3  4⎦"},
		{"bundle", AsMarkdown("# x"), []string{"text/markdown", "text/plain"}, "# x"},
		{"table", AsTable([][]string{{"a", "bb"}, {"ccc", "d"}}), []string{"text/html", "text/plain"}, "a    bb\n---  --\nccc  d"},
	} {
		b := Render(c.v)
		for _, m := range c.mimes {
			if _, ok := b[m]; !ok {
				t.Errorf("%s: no %s in %v", c.name, m, b)
			}
		}
		if len(b) != len(c.mimes) {
			t.Errorf("%s: got %d MIME types, want %v", c.name, len(b), c.mimes)
		}
		if c.text != "" && b.Text() != c.text {
			t.Errorf("%s: text/plain %q, want %q", c.name, b.Text(), c.text)
		}
	}
	if got := RenderAll(1, "a", nil).Text(); got != "1 a <nil>" {
		t.Errorf("RenderAll = %q", got)
	}
	raw, err := base64.StdEncoding.DecodeString(Render(img)["image/png"].(string))
	if err != nil || !strings.HasPrefix(string(raw), "\x89PNG") {
		t.Errorf("image/png is not base64 PNG: %v", err)
	}
	if s := AsPlotSVG(p, 4*vg.Centimeter, 3*vg.Centimeter)["image/svg+xml"].(string); !strings.Contains(s, "<svg") {
		t.Errorf("AsPlotSVG: %.80q", s)
	}
	if got := AsJSON(func() {}).Text(); !strings.Contains(got, "display: JSON") {
		t.Errorf("AsJSON of a func: %q", got)
	}
}

func TestSessionAndProgress(t *testing.T) {
	s := &sink{}
	sess := NewSession(s, "k-")
	sess.HTML("<b>x</b>")
	id := sess.NewID()
	sess.ShowID(id, "first")
	sess.Update(id, "second")
	sess.Clear(true)
	if len(s.outs) != 3 || s.outs[1].ID != id || !s.outs[2].Update || s.outs[2].Data.Text() != "second" || len(s.clears) != 1 {
		t.Fatalf("outputs %+v clears %v", s.outs, s.clears)
	}
	if !strings.HasPrefix(id, "k-") {
		t.Errorf("id %q lacks the session prefix", id)
	}

	s.outs = nil
	clock := time.Unix(0, 0)
	bar := sess.NewProgress("extract", 10)
	bar.now = func() time.Time { return clock }
	bar.start, bar.last = clock, clock
	for i := 0; i < 10; i++ {
		clock = clock.Add(60 * time.Millisecond)
		bar.Add(1)
	}
	bar.Done()
	bar.Done() // idempotent
	first, last := s.outs[0], s.outs[len(s.outs)-1]
	if first.Update || first.ID == "" {
		t.Errorf("first progress output %+v is not a new display", first)
	}
	updates := len(s.outs) - 2
	if updates < 3 || updates > 6 {
		t.Errorf("%d throttled updates for 10 steps 60ms apart, want about 5 (100ms interval)", updates)
	}
	for _, o := range s.outs[1:] {
		if !o.Update || o.ID != first.ID {
			t.Errorf("progress output %+v does not update %s", o, first.ID)
		}
	}
	for _, o := range s.outs { // elapsed times: radgo exec --check skips them
		if r, _ := o.Metadata["radgo"].(map[string]any); r["volatile"] != true {
			t.Errorf("progress output %+v not marked volatile", o)
		}
	}
	if want := "extract: 10/10 done in 600ms"; last.Data.Text() != want {
		t.Errorf("summary %q, want %q", last.Data.Text(), want)
	}
	mid := &Progress{label: "x", total: 4, done: 1, start: time.Unix(0, 0), now: func() time.Time { return time.Unix(0, 0) }}
	if got := mid.String(); got != "x [#####...............] 1/4 (25%) 0s" {
		t.Errorf("bar text %q", got)
	}
}
