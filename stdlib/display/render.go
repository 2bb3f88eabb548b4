package display

import (
	"fmt"
	"html"
	"image"
	"reflect"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
)

// The interfaces below are the display protocol: a value implementing one
// of them shows in its MIME type. Each has one method so that interpreted
// types can implement it through yaegi's generated wrappers.

// HTMLer is implemented by values that display as text/html.
type HTMLer interface{ HTML() string }

// Markdowner is implemented by values that display as text/markdown.
type Markdowner interface{ Markdown() string }

// SVGer is implemented by values that display as image/svg+xml.
type SVGer interface{ SVG() string }

// PNGer is implemented by values that display as image/png; PNG returns
// the encoded image.
type PNGer interface{ PNG() []byte }

// JPEGer is implemented by values that display as image/jpeg.
type JPEGer interface{ JPEG() []byte }

// JSONer is implemented by values that display as application/json; JSON
// returns a value that encoding/json can marshal.
type JSONer interface{ JSON() any }

// Render returns the MIME bundle of v. It always holds text/plain.
func Render(v any) Bundle {
	var b Bundle
	switch x := v.(type) {
	case nil:
		return Bundle{"text/plain": "<nil>"}
	case Bundle:
		b = make(Bundle, len(x)+1)
		for k, d := range x {
			b[k] = d
		}
	case mat.Matrix:
		b = Bundle{"text/plain": fmt.Sprintf("%v", mat.Formatted(x, mat.Squeeze()))}
		r, c := x.Dims()
		if r*c <= 400 {
			b["text/html"] = matrixHTML(x)
		}
		return b
	case *plot.Plot:
		b = AsPlot(x, DefaultWidth, DefaultHeight)
	case image.Image:
		b = AsImage(x)
	case PNGer:
		b = AsPNG(x.PNG())
	case SVGer:
		b = AsSVG(x.SVG())
	case JPEGer:
		b = AsJPEG(x.JPEG())
	case HTMLer:
		b = Bundle{"text/html": x.HTML()}
	case Markdowner:
		b = Bundle{"text/markdown": x.Markdown()}
	case JSONer:
		b = AsJSON(x.JSON())
	default:
		b = Bundle{}
	}
	// Values with several display methods show them all when the type is
	// compiled (interpreted types expose one method per wrapper).
	if h, ok := v.(HTMLer); ok {
		b["text/html"] = h.HTML()
	}
	if m, ok := v.(Markdowner); ok {
		b["text/markdown"] = m.Markdown()
	}
	if _, ok := b["text/plain"]; !ok || isRichOnly(v) {
		b["text/plain"] = Text(v)
	}
	return b
}

// isRichOnly reports whether v's text/plain form should come from Text
// rather than from the bundle builder (types with their own String).
func isRichOnly(v any) bool {
	switch v.(type) {
	case fmt.Stringer, error:
		return true
	}
	return false
}

// Text returns the text/plain form of v: String() for a fmt.Stringer,
// Error() for an error, else fmt.Sprint(v).
func Text(v any) string {
	switch x := v.(type) {
	case error:
		return x.Error()
	case fmt.Stringer:
		return x.String()
	case Bundle:
		return x.Text()
	}
	if w, ok := unwrap(v); ok {
		return w
	}
	return fmt.Sprint(v)
}

// unwrap returns the text of the interpreted value inside a yaegi
// interface wrapper (a struct whose first field is IValue) and whether v
// is one. yaegi v0.16.1 does not always store the value itself in IValue
// (for a struct it may hold one field), so only a struct is trusted.
func unwrap(v any) (string, bool) {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Struct || rv.NumField() == 0 || rv.Type().Field(0).Name != "IValue" {
		return "", false
	}
	iv := rv.Field(0)
	if iv.Kind() == reflect.Interface {
		iv = iv.Elem()
	}
	if iv.IsValid() && iv.Kind() == reflect.Struct && iv.CanInterface() {
		return fmt.Sprint(iv.Interface()), true
	}
	return "<value of an interpreted type>", true
}

// IsWrapped reports whether v is a value of an interpreted type wrapped by
// yaegi to satisfy a compiled interface, whose text form Text cannot
// recover reliably.
func IsWrapped(v any) bool {
	_, ok := unwrap(v)
	return ok
}

// RenderAll renders the values of a multi-valued expression: one value
// renders as Render does; several give a text/plain bundle of their text
// forms separated by spaces, as fmt.Println would print them.
func RenderAll(vs ...any) Bundle {
	if len(vs) == 1 {
		return Render(vs[0])
	}
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = Text(v)
	}
	return Bundle{"text/plain": strings.Join(parts, " ")}
}

// matrixHTML renders a small matrix as an HTML table of %.6g values.
func matrixHTML(m mat.Matrix) string {
	r, c := m.Dims()
	var b strings.Builder
	fmt.Fprintf(&b, "<table><caption>%d×%d</caption>", r, c)
	for i := 0; i < r; i++ {
		b.WriteString("<tr>")
		for j := 0; j < c; j++ {
			fmt.Fprintf(&b, "<td>%s</td>", html.EscapeString(fmt.Sprintf("%.6g", m.At(i, j))))
		}
		b.WriteString("</tr>")
	}
	b.WriteString("</table>")
	return b.String()
}
