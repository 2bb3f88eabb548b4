package chart

import (
	"fmt"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// KMSeries is one Kaplan–Meier curve as R's survfit reports it: one entry
// per distinct follow-up time (event or censoring), in increasing order.
//
// Time[k] is the time, Surv[k] the survival estimate just after it,
// AtRisk[k] the number at risk just before it and Censored[k] the number
// censored at it. Lower and Upper are the pointwise confidence limits (both
// nil for no band). The curve is drawn from (0, 1).
type KMSeries struct {
	Name     string
	Time     []float64
	Surv     []float64
	Lower    []float64
	Upper    []float64
	AtRisk   []int
	Censored []int
}

// validate checks the series' slices.
func (s *KMSeries) validate() error {
	n := len(s.Time)
	if n == 0 {
		return fmt.Errorf("chart: KM series %q has no times", s.Name)
	}
	if len(s.Surv) != n {
		return fmt.Errorf("chart: KM series %q has %d times but %d survival values", s.Name, n, len(s.Surv))
	}
	if (s.Lower == nil) != (s.Upper == nil) || (s.Lower != nil && (len(s.Lower) != n || len(s.Upper) != n)) {
		return fmt.Errorf("chart: KM series %q: Lower and Upper must both be nil or have %d values", s.Name, n)
	}
	if s.AtRisk != nil && len(s.AtRisk) != n {
		return fmt.Errorf("chart: KM series %q has %d times but %d at-risk counts", s.Name, n, len(s.AtRisk))
	}
	if s.Censored != nil && len(s.Censored) != n {
		return fmt.Errorf("chart: KM series %q has %d times but %d censoring counts", s.Name, n, len(s.Censored))
	}
	for k, t := range s.Time {
		if math.IsNaN(t) || t < 0 || (k > 0 && t < s.Time[k-1]) {
			return fmt.Errorf("chart: KM series %q: time %d (%v) is negative, NaN or out of order", s.Name, k, t)
		}
	}
	return nil
}

// atRisk returns the number at risk at time t: those with follow-up ≥ t.
func (s *KMSeries) atRisk(t float64) int {
	k := sort.SearchFloat64s(s.Time, t)
	if k == len(s.Time) {
		return 0
	}
	return s.AtRisk[k]
}

// KMOptions changes the defaults of [KaplanMeier]. The zero value gives the
// study's Fig. 5 layout.
type KMOptions struct {
	Title  string
	XLabel string // if empty, "Time (months)"
	YLabel string // if empty, "Progression-free survival probability"
	// RiskTimes are the times of the number-at-risk table and the x ticks;
	// if empty, the default x ticks are used.
	RiskTimes []float64
	// XMax is the right end of the time axis; if zero, the last time.
	XMax float64
	// PValue is shown in the legend as "Log-rank p = …" when it is in
	// (0, 1] or when ShowPValue is set (for a p that underflowed to 0).
	PValue     float64
	ShowPValue bool
	// PLabel replaces "Log-rank" in the p-value line.
	PLabel string
	// HideRiskTable, HideBands and HideCensorMarks turn parts off.
	HideRiskTable   bool
	HideBands       bool
	HideCensorMarks bool
	// LegendBottomLeft moves the legend from the top right.
	LegendBottomLeft bool
}

// FormatP formats a p-value as journals do: two significant digits, and
// "< 0.001" below 0.001.
func FormatP(p float64) string {
	switch {
	case math.IsNaN(p):
		return "p = NA"
	case p < 0.001:
		return "p < 0.001"
	case p >= 0.1:
		return "p = " + strconv.FormatFloat(p, 'f', 2, 64)
	default:
		return "p = " + strconv.FormatFloat(p, 'g', 2, 64)
	}
}

// KaplanMeier draws survival curves: steps, censor marks ("+"), shaded
// confidence bands, the log-rank p in the legend and a number-at-risk table
// under the time axis, one row per series in the series' colour.
func KaplanMeier(series []KMSeries, opt *KMOptions) (*Chart, error) {
	if opt == nil {
		opt = &KMOptions{}
	}
	if len(series) == 0 {
		return nil, fmt.Errorf("chart: KaplanMeier needs at least one series")
	}
	tmax := 0.0
	for k := range series {
		if err := series[k].validate(); err != nil {
			return nil, err
		}
		tmax = math.Max(tmax, series[k].Time[len(series[k].Time)-1])
	}
	p := newPlot(opt.Title, or(opt.XLabel, "Time (months)"), or(opt.YLabel, "Progression-free survival probability"))
	p.Y.Min, p.Y.Max = 0, 1.02
	p.X.Min = 0
	p.X.Max = tmax
	if opt.XMax > 0 {
		p.X.Max = opt.XMax
	}
	if p.X.Max <= 0 {
		p.X.Max = 1
	}
	if len(opt.RiskTimes) > 0 {
		ticks := make([]plot.Tick, len(opt.RiskTimes))
		for k, t := range opt.RiskTimes {
			ticks[k] = plot.Tick{Value: t, Label: strconv.FormatFloat(t, 'g', -1, 64)}
		}
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
		if last := opt.RiskTimes[len(opt.RiskTimes)-1]; opt.XMax <= 0 && last > p.X.Max {
			p.X.Max = last
		}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(fractionTicks())
	p.Legend.Top = !opt.LegendBottomLeft
	p.Legend.Left = opt.LegendBottomLeft
	if opt.LegendBottomLeft {
		p.Legend.XOffs = vg.Points(4)
		p.Legend.YOffs = vg.Points(4)
	}
	for k := range series {
		s := &series[k]
		col := colorAt(k)
		if s.Lower != nil && !opt.HideBands {
			poly, err := plotter.NewPolygon(bandPoints(s))
			if err != nil {
				return nil, fmt.Errorf("chart: KM band of %q: %w", s.Name, err)
			}
			poly.Color = fade(col, 0.18)
			poly.LineStyle.Width = 0
			p.Add(poly)
		}
	}
	for k := range series {
		s := &series[k]
		col := colorAt(k)
		xy := make(plotter.XYs, 0, len(s.Time)+2)
		if s.Time[0] > 0 {
			xy = append(xy, plotter.XY{X: 0, Y: 1})
		}
		for j, t := range s.Time {
			xy = append(xy, plotter.XY{X: t, Y: s.Surv[j]})
		}
		line, err := plotter.NewLine(xy)
		if err != nil {
			return nil, fmt.Errorf("chart: KM curve of %q: %w", s.Name, err)
		}
		line.StepStyle = plotter.PostStep
		line.Color = col
		line.Width = vg.Points(1.6)
		p.Add(line)
		name := s.Name
		if s.AtRisk != nil {
			name = fmt.Sprintf("%s (n = %d)", s.Name, s.AtRisk[0])
		}
		p.Legend.Add(name, line)
		if s.Censored != nil && !opt.HideCensorMarks {
			var marks plotter.XYs
			for j, c := range s.Censored {
				if c > 0 {
					marks = append(marks, plotter.XY{X: s.Time[j], Y: s.Surv[j]})
				}
			}
			if len(marks) > 0 {
				sc, err := plotter.NewScatter(marks)
				if err != nil {
					return nil, fmt.Errorf("chart: censor marks of %q: %w", s.Name, err)
				}
				sc.GlyphStyle = draw.GlyphStyle{Color: col, Radius: vg.Points(3), Shape: draw.PlusGlyph{}}
				p.Add(sc)
			}
		}
	}
	if opt.ShowPValue || (opt.PValue > 0 && opt.PValue <= 1) {
		p.Legend.Add(or(opt.PLabel, "Log-rank") + " " + FormatP(opt.PValue))
	}
	ch := newChart(p)
	if opt.HideRiskTable {
		return ch, nil
	}
	for k := range series {
		if series[k].AtRisk == nil {
			return nil, fmt.Errorf("chart: KM series %q has no at-risk counts for the risk table (or set HideRiskTable)", series[k].Name)
		}
	}
	sty := textStyle(p, 9, nil)
	lineH := sty.FontExtents().Height * 1.25
	ch.footerHeight = lineH*vg.Length(len(series)+1) + vg.Points(6)
	ch.Height += ch.footerHeight
	ch.footer = func(c, data draw.Canvas) {
		drawRiskTable(c, data, p, series, sty, lineH)
	}
	return ch, nil
}

// bandPoints returns the confidence band of a KM curve as a step polygon.
func bandPoints(s *KMSeries) plotter.XYs {
	var up, lo plotter.XYs
	prevU, prevL := 1.0, 1.0
	prevT := 0.0
	for j, t := range s.Time {
		u, l := s.Upper[j], s.Lower[j]
		if math.IsNaN(u) || math.IsNaN(l) {
			u, l = prevU, prevL
		}
		up = append(up, plotter.XY{X: prevT, Y: prevU}, plotter.XY{X: t, Y: prevU})
		lo = append(lo, plotter.XY{X: prevT, Y: prevL}, plotter.XY{X: t, Y: prevL})
		prevU, prevL, prevT = u, l, t
	}
	up = append(up, plotter.XY{X: prevT, Y: prevU})
	lo = append(lo, plotter.XY{X: prevT, Y: prevL})
	pts := make(plotter.XYs, 0, len(up)+len(lo))
	pts = append(pts, up...)
	for k := len(lo) - 1; k >= 0; k-- {
		pts = append(pts, lo[k])
	}
	return pts
}

// drawRiskTable draws "Number at risk" and one row of counts per series,
// at the x tick positions of the plot.
func drawRiskTable(c, data draw.Canvas, p *plot.Plot, series []KMSeries, sty draw.TextStyle, lineH vg.Length) {
	var times []float64
	for _, t := range p.X.Tick.Marker.Ticks(p.X.Min, p.X.Max) {
		if t.Label != "" && t.Value >= p.X.Min && t.Value <= p.X.Max {
			times = append(times, t.Value)
		}
	}
	head := sty
	head.XAlign = text.XLeft
	head.YAlign = text.YTop
	y := c.Max.Y - vg.Points(2)
	c.FillText(head, vg.Point{X: c.Min.X + vg.Points(2), Y: y}, "Number at risk")
	cell := sty
	cell.XAlign = text.XCenter
	cell.YAlign = text.YTop
	for k := range series {
		y -= lineH
		s := &series[k]
		name := head
		name.Color = colorAt(k)
		// The series name when it fits left of the first count, else a
		// swatch in the series colour (the legend names it).
		room := data.Min.X - c.Min.X - sty.Width("0000")/2 - vg.Points(4)
		if name.Width(s.Name) <= room {
			c.FillText(name, vg.Point{X: c.Min.X + vg.Points(2), Y: y}, s.Name)
		} else {
			ls := draw.LineStyle{Color: colorAt(k), Width: vg.Points(3)}
			mid := y - sty.FontExtents().Height/2
			c.StrokeLine2(ls, c.Min.X+vg.Points(4), mid, c.Min.X+vg.Points(20), mid)
		}
		cell.Color = colorAt(k)
		for _, t := range times {
			x := data.X(p.X.Norm(t))
			c.FillText(cell, vg.Point{X: x, Y: y}, strconv.Itoa(s.atRisk(t)))
		}
	}
}

// fractionTicks are ticks at 0, 0.2, …, 1.
func fractionTicks() []plot.Tick {
	var t []plot.Tick
	for k := 0; k <= 5; k++ {
		v := float64(k) / 5
		t = append(t, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 1, 64)})
	}
	return t
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
