package chart

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// HistOptions changes the defaults of [Histogram].
type HistOptions struct {
	Title  string
	XLabel string
	YLabel string // if empty, "Count"
	Bins   int    // if zero, Sturges' rule: ceil(log2 n) + 1
	// Min and Max fix the binned range when Max > Min (for ICC: 0 and 1).
	Min, Max float64
	// VLines are dashed vertical reference lines (the ICC 0.8 threshold);
	// VLineLabels name them in the legend.
	VLines      []float64
	VLineLabels []string
}

// Histogram draws the distribution of x (NaN values are skipped) with
// optional reference lines, as Fig. 3 (ICC of each feature, threshold 0.8).
func Histogram(x []float64, opt *HistOptions) (*Chart, error) {
	if opt == nil {
		opt = &HistOptions{}
	}
	var v plotter.Values
	for _, a := range x {
		if !math.IsNaN(a) && !math.IsInf(a, 0) {
			v = append(v, a)
		}
	}
	if len(v) == 0 {
		return nil, fmt.Errorf("chart: Histogram of %d values, none finite", len(x))
	}
	bins := opt.Bins
	if bins <= 0 {
		bins = int(math.Ceil(math.Log2(float64(len(v))))) + 1
	}
	var h *plotter.Histogram
	var err error
	if opt.Max > opt.Min {
		// bin a fixed range: plotter.NewHistogram bins [min, max] of the data,
		// so add the edges as zero-weight points.
		xy := make(plotter.XYs, 0, len(v)+2)
		for _, a := range v {
			xy = append(xy, plotter.XY{X: math.Min(math.Max(a, opt.Min), opt.Max), Y: 1})
		}
		xy = append(xy, plotter.XY{X: opt.Min}, plotter.XY{X: opt.Max})
		h, err = plotter.NewHistogram(xy, bins)
	} else {
		h, err = plotter.NewHist(v, bins)
	}
	if err != nil {
		return nil, fmt.Errorf("chart: Histogram: %w", err)
	}
	h.FillColor = fade(Palette[0], 0.75)
	h.LineStyle.Color = color.White
	h.LineStyle.Width = vg.Points(0.5)
	p := newPlot(opt.Title, opt.XLabel, or(opt.YLabel, "Count"))
	p.Add(h)
	p.Y.Max *= 1.08 // headroom for the legend
	p.Legend.Left = true
	p.Legend.XOffs = vg.Points(6)
	for k, x := range opt.VLines {
		l := &vline{x: x, style: draw.LineStyle{Color: Palette[1], Width: vg.Points(1.4), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}}
		p.Add(l)
		if k < len(opt.VLineLabels) && opt.VLineLabels[k] != "" {
			p.Legend.Add(opt.VLineLabels[k], l)
		}
	}
	return newChart(p), nil
}

// HeatmapOptions changes the defaults of [Heatmap].
type HeatmapOptions struct {
	Title string
	// Min and Max are the ends of the colour scale; if equal, -1 and 1
	// (a correlation matrix).
	Min, Max float64
}

// Heatmap draws a matrix (a feature-correlation matrix) as coloured
// cells, row 0 at the top, on a blue–white–red scale, with the names (if
// given, one per row and column) on the axes when there are at most 40,
// and a colour bar under the axis.
func Heatmap(m mat.Matrix, names []string, opt *HeatmapOptions) (*Chart, error) {
	if opt == nil {
		opt = &HeatmapOptions{}
	}
	r, c := m.Dims()
	if names != nil && (len(names) != r || r != c) {
		return nil, fmt.Errorf("chart: Heatmap: %d names for a %d×%d matrix (names need a square matrix)", len(names), r, c)
	}
	lo, hi := opt.Min, opt.Max
	if lo == hi {
		lo, hi = -1, 1
	}
	p := newPlot(opt.Title, "", "")
	pal := diverging(65).Colors()
	img := image.NewRGBA(image.Rect(0, 0, c, r))
	for i := range r {
		for j := range c {
			z := m.At(i, j)
			var col color.Color = color.Gray{Y: 0xE0} // NaN
			if !math.IsNaN(z) {
				t := (math.Min(math.Max(z, lo), hi) - lo) / (hi - lo)
				col = pal[int(math.Round(t*float64(len(pal)-1)))]
			}
			img.Set(j, i, col)
		}
	}
	// nearest-neighbour enlargement keeps cell edges sharp
	f := max(1, 720/max(r, c))
	big := image.NewRGBA(image.Rect(0, 0, c*f, r*f))
	for y := range r * f {
		for x := range c * f {
			off := img.PixOffset(x/f, y/f)
			copy(big.Pix[big.PixOffset(x, y):], img.Pix[off:off+4])
		}
	}
	p.Add(plotter.NewImage(big, -0.5, -0.5, float64(c)-0.5, float64(r)-0.5))
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -0.5, float64(c)-0.5, -0.5, float64(r)-0.5
	if names != nil && r <= 40 {
		p.NominalX(names...)
		rev := make([]string, r)
		for k := range names {
			rev[r-1-k] = names[k]
		}
		p.NominalY(rev...)
		p.X.Tick.Label.Rotation = math.Pi / 2
		p.X.Tick.Label.XAlign = draw.XRight
		p.X.Tick.Label.YAlign = draw.YCenter
	} else {
		p.HideAxes()
	}
	ch := newChart(p)
	ch.Width, ch.Height = 6*vg.Inch, 6*vg.Inch
	// a horizontal colour bar under the axis, as wide as the data area
	sty := textStyle(p, 9, nil)
	ch.footerHeight = vg.Points(14) + sty.FontExtents().Height + vg.Points(8)
	ch.Height += ch.footerHeight
	ch.footer = func(c, data draw.Canvas) {
		top := c.Max.Y - vg.Points(4)
		bar := vg.Points(10)
		w := data.Max.X - data.Min.X
		for k, col := range pal {
			x0 := data.Min.X + w*vg.Length(k)/vg.Length(len(pal))
			x1 := data.Min.X + w*vg.Length(k+1)/vg.Length(len(pal))
			c.FillPolygon(col, []vg.Point{{X: x0, Y: top}, {X: x1 + vg.Points(0.3), Y: top}, {X: x1 + vg.Points(0.3), Y: top - bar}, {X: x0, Y: top - bar}})
		}
		lab := sty
		lab.XAlign = draw.XCenter
		lab.YAlign = draw.YTop
		lab.Rotation = 0
		for _, f := range []float64{0, 0.5, 1} {
			x := data.Min.X + w*vg.Length(f)
			c.FillText(lab, vg.Point{X: x, Y: top - bar - vg.Points(2)}, strconv.FormatFloat(lo+f*(hi-lo), 'g', 3, 64))
		}
	}
	return ch, nil
}

// diverging returns a blue–white–red palette of n colours.
func diverging(n int) palette.Palette {
	cols := make([]color.Color, n)
	blue := [3]float64{0x21, 0x66, 0xAC}
	red := [3]float64{0xB2, 0x18, 0x2B}
	for k := range cols {
		t := float64(k)/float64(n-1)*2 - 1 // -1 … 1
		end := blue
		if t > 0 {
			end = red
		}
		a := math.Abs(t)
		mix := func(e float64) uint8 { return uint8(math.Round(255*(1-a) + e*a)) }
		cols[k] = color.RGBA{mix(end[0]), mix(end[1]), mix(end[2]), 0xFF}
	}
	return plainPalette(cols)
}

type plainPalette []color.Color

func (p plainPalette) Colors() []color.Color { return p }
