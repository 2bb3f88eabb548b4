package notebook

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // stored JPEG outputs are compared by pixels too
	_ "image/png"  // the format radgo produces
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
)

// Diff is one difference between a stored output and a re-executed one.
type Diff struct {
	Cell   int // index in Notebook.Cells
	Output int // index in the cell's outputs (-1: the cell as a whole)
	Reason string
}

func (d Diff) String() string {
	if d.Output < 0 {
		return fmt.Sprintf("cell %d: %s", d.Cell, d.Reason)
	}
	return fmt.Sprintf("cell %d, output %d: %s", d.Cell, d.Output, d.Reason)
}

// CompareOptions configure Compare.
type CompareOptions struct {
	// Tol is the tolerance for numbers inside text outputs: two numbers
	// match when |a-b| <= Tol*max(1, |a|, |b|). Zero means exact text. A
	// cell overrides it with the metadata {"radgo": {"tol": 1e-6}}.
	Tol float64
}

// Compare compares the outputs of the code cells of got (a re-execution)
// with those stored in want: text exactly except for numbers (within the
// tolerance), JSON by value, images by decoded pixels. Outputs marked
// volatile (see Output.IsVolatile) are skipped on both sides. Both
// notebooks must have the same cells.
func Compare(want, got *Notebook, opts CompareOptions) []Diff {
	var diffs []Diff
	if len(want.Cells) != len(got.Cells) {
		return []Diff{{Cell: 0, Output: -1, Reason: fmt.Sprintf("%d cells stored, %d re-executed", len(want.Cells), len(got.Cells))}}
	}
	for i, wc := range want.Cells {
		gc := got.Cells[i]
		if wc.Type != Code {
			continue
		}
		tol := opts.Tol
		if r, ok := wc.Metadata["radgo"].(map[string]any); ok {
			if t, ok := r["tol"].(float64); ok {
				tol = t
			}
		}
		wouts, wIdx := stable(wc.Outputs)
		gouts, _ := stable(gc.Outputs)
		if len(wouts) != len(gouts) {
			diffs = append(diffs, Diff{i, -1, fmt.Sprintf("%d outputs stored (%s), %d now (%s)",
				len(wouts), outputKinds(wouts), len(gouts), outputKinds(gouts))})
			continue
		}
		for j, wo := range wouts {
			if reason := compareOutput(wo, gouts[j], tol); reason != "" {
				diffs = append(diffs, Diff{i, wIdx[j], reason})
			}
		}
	}
	return diffs
}

// IsVolatile reports whether an output is marked volatile, by the metadata
// {"radgo": {"volatile": true}}: its content changes between runs by
// nature (a %time wall time, a display.Progress bar, a %provenance block),
// so Compare skips it. Stream outputs carry no metadata in nbformat and are
// never volatile.
func (o *Output) IsVolatile() bool {
	r, _ := o.Metadata["radgo"].(map[string]any)
	v, _ := r["volatile"].(bool)
	return v
}

// stable returns the outputs that are not volatile, with their indices.
func stable(outs []*Output) ([]*Output, []int) {
	var s []*Output
	var idx []int
	for j, o := range outs {
		if !o.IsVolatile() {
			s, idx = append(s, o), append(idx, j)
		}
	}
	return s, idx
}

func outputKinds(outs []*Output) string {
	var k []string
	for _, o := range outs {
		s := o.Type
		if o.Type == Stream {
			s += ":" + o.Name
		}
		k = append(k, s)
	}
	if len(k) == 0 {
		return "none"
	}
	return strings.Join(k, ", ")
}

func compareOutput(w, g *Output, tol float64) string {
	if w.Type != g.Type {
		return fmt.Sprintf("stored %s, now %s", w.Type, g.Type)
	}
	switch w.Type {
	case Stream:
		if w.Name != g.Name {
			return fmt.Sprintf("stream %s stored, now %s", w.Name, g.Name)
		}
		return compareText(w.Text, g.Text, tol)
	case Error:
		if w.EName != g.EName {
			return fmt.Sprintf("error %s stored, now %s", w.EName, g.EName)
		}
		return compareText(w.EValue, g.EValue, tol)
	}
	for _, mime := range w.MIMETypes() {
		gv, ok := g.Data[mime]
		if !ok {
			return fmt.Sprintf("the stored output has %s, which the re-run did not produce (it has %s)", mime, strings.Join(g.MIMETypes(), ", "))
		}
		wv := w.Data[mime]
		var reason string
		switch {
		case strings.HasPrefix(mime, "image/") && mime != "image/svg+xml":
			reason = compareImages(wv, gv)
		case isJSONMime(mime):
			if !reflect.DeepEqual(wv, gv) {
				reason = "JSON differs"
			}
		default:
			ws, _ := wv.(string)
			gs, _ := gv.(string)
			reason = compareText(ws, gs, tol)
		}
		if reason != "" {
			return mime + ": " + reason
		}
	}
	for _, mime := range g.MIMETypes() {
		if _, ok := w.Data[mime]; !ok {
			return fmt.Sprintf("the re-run produced %s, which is not stored", mime)
		}
	}
	return ""
}

var numberRE = regexp.MustCompile(`[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?`)

// compareText compares text exactly except that numbers may differ within
// tol; it describes the first difference.
func compareText(want, got string, tol float64) string {
	if want == got {
		return ""
	}
	if tol > 0 {
		wn, gn := numberRE.FindAllStringIndex(want, -1), numberRE.FindAllStringIndex(got, -1)
		if len(wn) == len(gn) && numberRE.ReplaceAllString(want, "#") == numberRE.ReplaceAllString(got, "#") {
			for k := range wn {
				ws, gs := want[wn[k][0]:wn[k][1]], got[gn[k][0]:gn[k][1]]
				a, err1 := strconv.ParseFloat(ws, 64)
				b, err2 := strconv.ParseFloat(gs, 64)
				if err1 != nil || err2 != nil || math.Abs(a-b) > tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b))) {
					return fmt.Sprintf("number %s stored, %s now (tolerance %g)", ws, gs, tol)
				}
			}
			return ""
		}
	}
	// Report the first differing line.
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for k := 0; k < len(wl) || k < len(gl); k++ {
		var a, b string
		if k < len(wl) {
			a = wl[k]
		}
		if k < len(gl) {
			b = gl[k]
		}
		if a != b {
			return fmt.Sprintf("line %d: stored %q, now %q", k+1, a, b)
		}
	}
	return "text differs"
}

// compareImages compares two base64-encoded images by their pixels.
func compareImages(w, g any) string {
	wi, err := decodeImage(w)
	if err != nil {
		return "stored image: " + err.Error()
	}
	gi, err := decodeImage(g)
	if err != nil {
		return "new image: " + err.Error()
	}
	if wi.Bounds().Size() != gi.Bounds().Size() {
		return fmt.Sprintf("image size %v stored, %v now", wi.Bounds().Size(), gi.Bounds().Size())
	}
	a, b := toRGBA(wi), toRGBA(gi)
	if bytes.Equal(a.Pix, b.Pix) {
		return ""
	}
	n := 0
	for k := 0; k < len(a.Pix); k += 4 {
		if !bytes.Equal(a.Pix[k:k+4], b.Pix[k:k+4]) {
			n++
		}
	}
	return fmt.Sprintf("%d of %d pixels differ", n, len(a.Pix)/4)
}

func decodeImage(v any) (image.Image, error) {
	s, ok := v.(string)
	if !ok {
		return nil, fmt.Errorf("not a base64 string")
	}
	b, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(s), ""))
	if err != nil {
		return nil, err
	}
	img, _, err := image.Decode(bytes.NewReader(b))
	return img, err
}

func toRGBA(img image.Image) *image.RGBA {
	r := image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
	draw.Draw(r, r.Bounds(), img, img.Bounds().Min, draw.Src)
	return r
}
