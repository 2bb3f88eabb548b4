package notebook

import (
	"bytes"
	"encoding/base64"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

func pngB64(t *testing.T, c color.Color) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for y := 0; y < 3; y++ {
		for x := 0; x < 4; x++ {
			img.Set(x, y, color.White)
		}
	}
	img.Set(2, 1, c)
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

func volatile(text string) *Output {
	return &Output{Type: DisplayData, Data: map[string]any{"text/plain": text}, Metadata: map[string]any{"radgo": map[string]any{"volatile": true}}}
}

func oneCell(outs ...*Output) *Notebook {
	nb := New()
	c := nb.AddCell(Code, "x")
	c.Outputs = outs
	return nb
}

func TestCompare(t *testing.T) {
	black, red := pngB64(t, color.Black), pngB64(t, color.RGBA{255, 0, 0, 255})
	stream := func(s string) *Output { return &Output{Type: Stream, Name: "stdout", Text: s} }
	result := func(d map[string]any) *Output { return &Output{Type: ExecuteResult, Data: d} }
	for _, c := range []struct {
		name      string
		want, got *Notebook
		tol       float64
		reason    string // "" = equal
	}{
		{"same text", oneCell(stream("a 1.5\n")), oneCell(stream("a 1.5\n")), 0, ""},
		{"changed number", oneCell(stream("HR 1.2345\n")), oneCell(stream("HR 1.2346\n")), 0, `stored "HR 1.2345", now "HR 1.2346"`},
		{"number within tol", oneCell(stream("HR 1.2345\n")), oneCell(stream("HR 1.2346\n")), 1e-3, ""},
		{"number beyond tol", oneCell(stream("HR 1.2345\n")), oneCell(stream("HR 1.3\n")), 1e-3, "number 1.2345 stored, 1.3 now"},
		{"text around numbers", oneCell(stream("HR 1.2345\n")), oneCell(stream("OR 1.2345\n")), 1e-3, "line 1"},
		{"same image", oneCell(result(map[string]any{"image/png": black})), oneCell(result(map[string]any{"image/png": black})), 0, ""},
		{"changed image", oneCell(result(map[string]any{"image/png": black})), oneCell(result(map[string]any{"image/png": red})), 0, "1 of 12 pixels differ"},
		{"mime not produced", oneCell(result(map[string]any{"image/jpeg": black, "text/plain": "x"})), oneCell(result(map[string]any{"text/plain": "x"})), 0, "image/jpeg, which the re-run did not produce"},
		{"new mime", oneCell(result(map[string]any{"text/plain": "x"})), oneCell(result(map[string]any{"text/plain": "x", "text/html": "x"})), 0, "not stored"},
		{"json", oneCell(result(map[string]any{"application/json": map[string]any{"a": 1.0}})), oneCell(result(map[string]any{"application/json": map[string]any{"a": 2.0}})), 0, "JSON differs"},
		{"output count", oneCell(stream("a")), oneCell(), 0, "1 outputs stored"},
		{"error", oneCell(&Output{Type: Error, EName: "panic", EValue: "x"}), oneCell(stream("x")), 0, "stored error, now stream"},
		// Volatile outputs (a %time, a progress bar) are skipped on both sides.
		{"volatile differs", oneCell(volatile("Wall time: 1s"), stream("a")), oneCell(volatile("Wall time: 2s"), stream("a")), 0, ""},
		{"volatile only stored", oneCell(volatile("Wall time: 1s"), stream("a")), oneCell(stream("a")), 0, ""},
		{"after volatile", oneCell(volatile("t"), stream("HR 1.2")), oneCell(stream("HR 1.3")), 0, "output 1: line 1"},
		{"volatile=false compared", oneCell(&Output{Type: DisplayData, Data: map[string]any{"text/plain": "a"}, Metadata: map[string]any{"radgo": map[string]any{"volatile": false}}}),
			oneCell(&Output{Type: DisplayData, Data: map[string]any{"text/plain": "b"}}), 0, "line 1"},
	} {
		diffs := Compare(c.want, c.got, CompareOptions{Tol: c.tol})
		switch {
		case c.reason == "" && len(diffs) > 0:
			t.Errorf("%s: unexpected differences %v", c.name, diffs)
		case c.reason != "" && (len(diffs) != 1 || !strings.Contains(diffs[0].String(), c.reason)):
			t.Errorf("%s: got %v, want one difference mentioning %q", c.name, diffs, c.reason)
		}
	}
	// A cell's own tolerance overrides the command's.
	w, g := oneCell(stream("p = 0.0412\n")), oneCell(stream("p = 0.0413\n"))
	w.Cells[0].Metadata["radgo"] = map[string]any{"tol": 0.01}
	if d := Compare(w, g, CompareOptions{}); len(d) != 0 {
		t.Errorf("cell tolerance ignored: %v", d)
	}
}
