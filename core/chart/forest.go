package chart

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// HR is one row of a forest plot: a hazard ratio with its confidence
// interval and (optional, zero for none) p-value.
type HR struct {
	Name         string
	HR           float64
	Lower, Upper float64
	P            float64
}

// ForestOptions changes the defaults of [Forest].
type ForestOptions struct {
	Title  string
	XLabel string // if empty, "Hazard ratio (95% CI)"
	// HideValues drops the "1.85 (1.12–3.05), p = 0.01" text from the row labels.
	HideValues bool
}

// Forest draws hazard ratios with their confidence intervals on a log
// axis, first row at the top, with a dashed line at HR = 1 (Table 3 of the
// study as a picture). Row labels carry the HR, CI and p.
func Forest(rows []HR, opt *ForestOptions) (*Chart, error) {
	if opt == nil {
		opt = &ForestOptions{}
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("chart: Forest needs at least one row")
	}
	p := newPlot(opt.Title, or(opt.XLabel, "Hazard ratio (95% CI)"), "")
	p.X.Scale = plot.LogScale{}
	n := len(rows)
	pts := make(plotter.XYs, n)
	errs := make(plotter.XErrors, n)
	names := make([]string, n)
	lo, hi := math.Inf(1), math.Inf(-1)
	for k, r := range rows {
		if !(r.HR > 0 && r.Lower > 0 && r.Upper >= r.Lower && r.HR >= r.Lower && r.HR <= r.Upper) || math.IsInf(r.Upper, 0) {
			return nil, fmt.Errorf("chart: Forest row %q: HR %v with CI [%v, %v] is not 0 < lower ≤ HR ≤ upper < ∞", r.Name, r.HR, r.Lower, r.Upper)
		}
		y := float64(n - 1 - k)
		pts[k] = plotter.XY{X: r.HR, Y: y}
		errs[k] = struct{ Low, High float64 }{r.HR - r.Lower, r.Upper - r.HR}
		lo, hi = math.Min(lo, r.Lower), math.Max(hi, r.Upper)
		names[n-1-k] = r.Name
		if !opt.HideValues {
			names[n-1-k] = fmt.Sprintf("%s  %.2f (%.2f–%.2f)", r.Name, r.HR, r.Lower, r.Upper)
			if r.P > 0 {
				names[n-1-k] += ", " + FormatP(r.P)
			}
		}
	}
	lo, hi = math.Min(lo, 0.9), math.Max(hi, 1.1)
	p.X.Min, p.X.Max = lo/1.15, hi*1.15
	var ticks []plot.Tick
	for _, v := range []float64{0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 4, 5, 8, 10, 20, 50} {
		if v >= p.X.Min && v <= p.X.Max {
			ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', -1, 64)})
		}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.Add(&vline{x: 1, style: draw.LineStyle{Color: color.Gray{Y: 0x70}, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}})
	eb, err := plotter.NewXErrorBars(struct {
		plotter.XYs
		plotter.XErrors
	}{pts, errs})
	if err != nil {
		return nil, fmt.Errorf("chart: Forest: %w", err)
	}
	eb.LineStyle.Width = vg.Points(1.2)
	eb.CapWidth = vg.Points(5)
	p.Add(eb)
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, fmt.Errorf("chart: Forest: %w", err)
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: Palette[0], Radius: vg.Points(4), Shape: draw.BoxGlyph{}}
	p.Add(sc)
	p.NominalY(names...)
	p.Y.Min, p.Y.Max = -0.7, float64(n)-0.3
	ch := newChart(p)
	ch.Height = vg.Length(n)*vg.Points(26) + vg.Inch
	return ch, nil
}

// vline's DataRange must not pull a log axis to zero: the forest plot sets
// its range explicitly, so only x is reported.
var _ plot.DataRanger = (*vline)(nil)
