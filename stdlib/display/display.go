package display

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html"
	"image"
	"image/png"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// Bundle maps MIME types to data as they go into a Jupyter display_data
// message: strings for text types, base64 strings for image/png and
// image/jpeg, and any JSON value for application/json.
type Bundle map[string]any

// Text returns the text/plain entry of b ("" when absent).
func (b Bundle) Text() string {
	s, _ := b["text/plain"].(string)
	return s
}

// Output is one display message sent to a Sink.
type Output struct {
	Data     Bundle
	Metadata map[string]any
	// ID is the display_id; with Update set the output replaces the
	// earlier one with that ID (update_display_data).
	ID     string
	Update bool
}

// Sink receives the outputs of a Session. The notebook evaluator forwards
// them to the kernel; implementations must be safe for concurrent use.
type Sink interface {
	Display(o Output)
	Clear(wait bool)
}

// Session sends displays to a Sink and holds the context of the running
// cell. The methods of Session have the same names and signatures as the
// package-level functions, which call the session the evaluator installed.
type Session struct {
	mu     sync.Mutex
	sink   Sink
	ctx    context.Context
	nextID int
	prefix string
}

// NewSession returns a session writing to sink; display IDs it creates
// start with prefix.
func NewSession(sink Sink, prefix string) *Session {
	return &Session{sink: sink, ctx: context.Background(), prefix: prefix}
}

// SetContext sets the context returned by Context; the evaluator calls it
// before each cell with the cell's context.
func (s *Session) SetContext(ctx context.Context) {
	s.mu.Lock()
	s.ctx = ctx
	s.mu.Unlock()
}

// Context returns the context of the running cell. It is cancelled when the
// cell is interrupted: pass it to long compiled calls.
func (s *Session) Context() context.Context {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ctx
}

// NewID returns a display ID unique within the session.
func (s *Session) NewID() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	return s.prefix + "d" + strconv.Itoa(s.nextID)
}

func (s *Session) send(o Output) { s.sink.Display(o) }

// Show displays each value as Render renders it.
func (s *Session) Show(vs ...any) {
	for _, v := range vs {
		s.send(Output{Data: Render(v)})
	}
}

// ShowID displays v with display ID id, so that Update(id, ...) can
// replace it later.
func (s *Session) ShowID(id string, v any) { s.send(Output{Data: Render(v), ID: id}) }

// Update replaces the display with ID id by v.
func (s *Session) Update(id string, v any) { s.send(Output{Data: Render(v), ID: id, Update: true}) }

// Clear clears the outputs of the cell; with wait set the front end
// clears when the next output arrives.
func (s *Session) Clear(wait bool) { s.sink.Clear(wait) }

// HTML displays an HTML fragment.
func (s *Session) HTML(src string) { s.send(Output{Data: AsHTML(src)}) }

// Markdown displays Markdown text.
func (s *Session) Markdown(src string) { s.send(Output{Data: AsMarkdown(src)}) }

// SVG displays an SVG document.
func (s *Session) SVG(src string) { s.send(Output{Data: AsSVG(src)}) }

// PNG displays PNG-encoded bytes.
func (s *Session) PNG(data []byte) { s.send(Output{Data: AsPNG(data)}) }

// JSON displays v as application/json.
func (s *Session) JSON(v any) { s.send(Output{Data: AsJSON(v)}) }

// Image displays img as a PNG.
func (s *Session) Image(img image.Image) { s.send(Output{Data: AsImage(img)}) }

// Plot displays p as a PNG of size w×h.
func (s *Session) Plot(p *plot.Plot, w, h vg.Length) { s.send(Output{Data: AsPlot(p, w, h)}) }

// PlotSVG displays p as an SVG of size w×h.
func (s *Session) PlotSVG(p *plot.Plot, w, h vg.Length) { s.send(Output{Data: AsPlotSVG(p, w, h)}) }

// Table displays rows as a table whose first row is the header.
func (s *Session) Table(rows [][]string) { s.send(Output{Data: AsTable(rows)}) }

// defaultSession prints text/plain forms to standard output; it serves
// compiled programs that call the package-level functions.
var defaultSession = NewSession(WriterSink{W: os.Stdout}, "")

// WriterSink writes the text/plain form of each output to W, one per line;
// updates of a display are printed too. It ignores Clear.
type WriterSink struct{ W io.Writer }

// Display writes o's text/plain form.
func (w WriterSink) Display(o Output) { fmt.Fprintln(w.W, o.Data.Text()) }

// Clear does nothing.
func (w WriterSink) Clear(bool) {}

// AsHTML returns an HTML bundle; its text/plain form is the source.
func AsHTML(src string) Bundle { return Bundle{"text/html": src, "text/plain": textOfHTML(src)} }

// AsMarkdown returns a Markdown bundle.
func AsMarkdown(src string) Bundle { return Bundle{"text/markdown": src, "text/plain": src} }

// AsSVG returns an SVG bundle.
func AsSVG(src string) Bundle { return Bundle{"image/svg+xml": src, "text/plain": "<SVG image>"} }

// AsPNG returns a PNG bundle; its text/plain form gives the image size.
func AsPNG(data []byte) Bundle {
	text := fmt.Sprintf("<PNG image, %d bytes>", len(data))
	if cfg, err := png.DecodeConfig(bytes.NewReader(data)); err == nil {
		text = fmt.Sprintf("<PNG image %d×%d>", cfg.Width, cfg.Height)
	}
	return Bundle{"image/png": base64.StdEncoding.EncodeToString(data), "text/plain": text}
}

// AsJPEG returns a JPEG bundle.
func AsJPEG(data []byte) Bundle {
	return Bundle{"image/jpeg": base64.StdEncoding.EncodeToString(data),
		"text/plain": fmt.Sprintf("<JPEG image, %d bytes>", len(data))}
}

// AsJSON returns an application/json bundle of v, which must marshal with
// encoding/json; a value that does not gives a text/plain error bundle.
func AsJSON(v any) Bundle {
	b, err := json.Marshal(v)
	if err != nil {
		return Bundle{"text/plain": "display: JSON: " + err.Error()}
	}
	var tree any
	if err := json.Unmarshal(b, &tree); err != nil {
		return Bundle{"text/plain": "display: JSON: " + err.Error()}
	}
	ind, _ := json.MarshalIndent(tree, "", "  ")
	return Bundle{"application/json": tree, "text/plain": string(ind)}
}

// AsImage returns img encoded as a PNG bundle.
func AsImage(img image.Image) Bundle {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return Bundle{"text/plain": "display: PNG: " + err.Error()}
	}
	return AsPNG(buf.Bytes())
}

// DefaultWidth and DefaultHeight are the size of a plot shown as a cell's
// value.
const (
	DefaultWidth  = 15 * vg.Centimeter
	DefaultHeight = 10 * vg.Centimeter
)

// AsPlot returns p rendered as a PNG bundle of size w×h (96 dpi).
func AsPlot(p *plot.Plot, w, h vg.Length) Bundle {
	data, err := renderPlot(p, w, h, "png")
	if err != nil {
		return Bundle{"text/plain": "display: plot: " + err.Error()}
	}
	return AsPNG(data)
}

// AsPlotSVG returns p rendered as an SVG bundle of size w×h.
func AsPlotSVG(p *plot.Plot, w, h vg.Length) Bundle {
	data, err := renderPlot(p, w, h, "svg")
	if err != nil {
		return Bundle{"text/plain": "display: plot: " + err.Error()}
	}
	return AsSVG(string(data))
}

func renderPlot(p *plot.Plot, w, h vg.Length, format string) ([]byte, error) {
	if p == nil {
		return nil, fmt.Errorf("nil *plot.Plot")
	}
	wt, err := p.WriterTo(w, h, format)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := wt.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// AsTable returns rows as an HTML table (the first row is the header) with
// an aligned text/plain form. Rows may have different lengths.
func AsTable(rows [][]string) Bundle {
	var h strings.Builder
	h.WriteString("<table>\n")
	for i, r := range rows {
		cell := "td"
		if i == 0 {
			cell = "th"
			h.WriteString("<thead>")
		}
		h.WriteString("<tr>")
		for _, c := range r {
			fmt.Fprintf(&h, "<%s>%s</%s>", cell, html.EscapeString(c), cell)
		}
		h.WriteString("</tr>")
		if i == 0 {
			h.WriteString("</thead><tbody>")
		}
		h.WriteString("\n")
	}
	if len(rows) > 0 {
		h.WriteString("</tbody>")
	}
	h.WriteString("</table>")
	return Bundle{"text/html": h.String(), "text/plain": TextTable(rows)}
}

// TextTable aligns rows in columns separated by two spaces, with a rule
// under the header row.
func TextTable(rows [][]string) string {
	var widths []int
	for _, r := range rows {
		for j, c := range r {
			n := len([]rune(c))
			if j >= len(widths) {
				widths = append(widths, n)
			} else if n > widths[j] {
				widths[j] = n
			}
		}
	}
	var b strings.Builder
	line := func(r []string) {
		var l strings.Builder
		for j, c := range r {
			if j > 0 {
				l.WriteString("  ")
			}
			l.WriteString(c)
			if j < len(r)-1 {
				l.WriteString(strings.Repeat(" ", widths[j]-len([]rune(c))))
			}
		}
		b.WriteString(strings.TrimRight(l.String(), " "))
		b.WriteString("\n")
	}
	for i, r := range rows {
		line(r)
		if i == 0 && len(rows) > 1 {
			rule := make([]string, len(widths))
			for j, w := range widths {
				rule[j] = strings.Repeat("-", w)
			}
			line(rule)
		}
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// textOfHTML is the text/plain fallback of an HTML fragment: the source
// itself, which is what a terminal user can still read.
func textOfHTML(src string) string { return src }
