package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"os"
	"path/filepath"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Chart is a figure: a gonum plot, its size, and an optional footer drawn
// under the plot (the number-at-risk table of a Kaplan–Meier chart).
type Chart struct {
	// Plot is the gonum plot; change it freely before rendering.
	Plot *plot.Plot
	// Width and Height are the size of the whole figure (plot and footer).
	Width, Height vg.Length
	// DPI is the resolution of PNG output; if zero, 144 is used (sharp on
	// high-density screens, 2× the CSS pixel size of the figure).
	DPI int

	footer       func(c draw.Canvas, data draw.Canvas)
	footerHeight vg.Length

	// parts a builder keeps for tests (the slice image and contour)
	sliceImage   *image.Gray
	sliceContour *contour
}

// Default figure sizes.
const (
	DefaultWidth  = 6 * vg.Inch
	DefaultHeight = 4.5 * vg.Inch
)

func newChart(p *plot.Plot) *Chart {
	return &Chart{Plot: p, Width: DefaultWidth, Height: DefaultHeight}
}

// Draw draws the chart on c: the plot above, the footer (if any) below,
// aligned with the plot's data area.
func (ch *Chart) Draw(c draw.Canvas) {
	// a small margin on the right and top, where gonum/plot has none, so
	// the last tick label is not cut
	c = draw.Crop(c, 0, -vg.Points(10), 0, -vg.Points(4))
	if ch.footer == nil {
		ch.Plot.Draw(c)
		return
	}
	top := draw.Crop(c, 0, 0, ch.footerHeight, 0)
	ch.Plot.Draw(top)
	data := ch.Plot.DataCanvas(top)
	bottom := c
	bottom.Max.Y = c.Min.Y + ch.footerHeight
	ch.footer(bottom, data)
}

func (ch *Chart) size() (vg.Length, vg.Length) {
	w, h := ch.Width, ch.Height
	if w <= 0 {
		w = DefaultWidth
	}
	if h <= 0 {
		h = DefaultHeight
	}
	return w, h
}

// Render returns the chart encoded as "png", "svg", "pdf", "jpg" or "tiff".
func (ch *Chart) Render(format string) ([]byte, error) {
	w, h := ch.size()
	var cw vg.CanvasWriterTo
	switch strings.ToLower(format) {
	case "png", "jpg", "jpeg", "tif", "tiff":
		dpi := ch.DPI
		if dpi <= 0 {
			dpi = 144
		}
		c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))
		switch strings.ToLower(format) {
		case "png":
			cw = vgimg.PngCanvas{Canvas: c}
		case "jpg", "jpeg":
			cw = vgimg.JpegCanvas{Canvas: c}
		default:
			cw = vgimg.TiffCanvas{Canvas: c}
		}
	case "svg":
		cw = vgsvg.NewWith(vgsvg.UseWH(w, h))
	case "pdf":
		cw = vgpdf.New(w, h)
	default:
		return nil, fmt.Errorf("chart: unknown image format %q (want png, svg, pdf, jpg or tiff)", format)
	}
	ch.Draw(draw.New(cw))
	var b bytes.Buffer
	if _, err := cw.WriteTo(&b); err != nil {
		return nil, fmt.Errorf("chart: encoding %s: %w", format, err)
	}
	return b.Bytes(), nil
}

// PNG returns the chart as a PNG image (nil if encoding fails, which does
// not happen for an in-memory buffer).
func (ch *Chart) PNG() []byte {
	b, _ := ch.Render("png")
	return b
}

// SVG returns the chart as an SVG document.
func (ch *Chart) SVG() string {
	b, _ := ch.Render("svg")
	return string(b)
}

// Save writes the chart to path, in the format given by its extension
// (.png, .svg, .pdf, .jpg, .tiff).
func (ch *Chart) Save(path string) error {
	ext := strings.TrimPrefix(filepath.Ext(path), ".")
	b, err := ch.Render(ext)
	if err != nil {
		return fmt.Errorf("%w (saving %s)", err, path)
	}
	if err := os.WriteFile(path, b, 0o644); err != nil {
		return fmt.Errorf("chart: %w", err)
	}
	return nil
}

// Palette is the Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008),
// without its black and yellow, in the order series are coloured.
var Palette = []color.Color{
	color.RGBA{0x00, 0x72, 0xB2, 0xFF}, // blue
	color.RGBA{0xD5, 0x5E, 0x00, 0xFF}, // vermillion
	color.RGBA{0x00, 0x9E, 0x73, 0xFF}, // bluish green
	color.RGBA{0xCC, 0x79, 0xA7, 0xFF}, // reddish purple
	color.RGBA{0xE6, 0x9F, 0x00, 0xFF}, // orange
	color.RGBA{0x56, 0xB4, 0xE9, 0xFF}, // sky blue
	color.RGBA{0x55, 0x55, 0x55, 0xFF}, // grey
}

func colorAt(k int) color.Color { return Palette[k%len(Palette)] }

// fade returns c with alpha a (0–1), premultiplied as image/color expects.
func fade(c color.Color, a float64) color.Color {
	r, g, b, _ := c.RGBA()
	return color.RGBA{uint8(float64(r>>8) * a), uint8(float64(g>>8) * a), uint8(float64(b>>8) * a), uint8(255 * a)}
}

// newPlot returns a plot with the package's default style.
func newPlot(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	sans := func(f *font.Font) { f.Typeface, f.Variant = "Liberation", "Sans" }
	sans(&p.Title.TextStyle.Font)
	sans(&p.X.Label.TextStyle.Font)
	sans(&p.Y.Label.TextStyle.Font)
	sans(&p.X.Tick.Label.Font)
	sans(&p.Y.Tick.Label.Font)
	sans(&p.Legend.TextStyle.Font)
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = 13
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = 11
		a.Tick.Label.Font.Size = 10
		a.Label.Padding = vg.Points(4)
	}
	p.Legend.TextStyle.Font.Size = 10
	p.Legend.Top = true
	p.Legend.Padding = vg.Points(2)
	p.Legend.YOffs = -vg.Points(4)
	p.Legend.XOffs = -vg.Points(4)
	return p
}

// textStyle is the plot's tick-label style at the given size.
func textStyle(p *plot.Plot, size font.Length, c color.Color) draw.TextStyle {
	s := p.X.Tick.Label
	s.Font.Size = size
	s.Color = c
	s.Handler = p.X.Tick.Label.Handler
	s.Rotation = 0
	s.XAlign, s.YAlign = draw.XLeft, draw.YBottom
	return s
}
