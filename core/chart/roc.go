package chart

import (
	"fmt"
	"image/color"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ROCCurve is one ROC curve: the points (FPR[k], TPR[k]) in any order, as
// R's timeROC (FP, TP) or pROC give them, with optional Thresholds aligned
// with the points (a subject is positive when its marker is at or above
// the threshold).
type ROCCurve struct {
	Name       string
	FPR, TPR   []float64
	Thresholds []float64
	// AUC is shown in the legend; if zero it is computed from the points
	// by the trapezoidal rule (with (0,0) and (1,1) added).
	AUC float64
}

// ROCOptions changes the defaults of [ROC].
type ROCOptions struct {
	Title  string
	XLabel string // if empty, "1 − Specificity"
	YLabel string // if empty, "Sensitivity"
	// Youden marks the point maximising sensitivity + specificity − 1 on
	// each curve and labels it with its threshold when known.
	Youden bool
	// HideDiagonal removes the chance line.
	HideDiagonal bool
}

func (c *ROCCurve) validate() error {
	if len(c.FPR) == 0 || len(c.FPR) != len(c.TPR) {
		return fmt.Errorf("chart: ROC curve %q has %d FPR and %d TPR values", c.Name, len(c.FPR), len(c.TPR))
	}
	if c.Thresholds != nil && len(c.Thresholds) != len(c.FPR) {
		return fmt.Errorf("chart: ROC curve %q has %d points but %d thresholds", c.Name, len(c.FPR), len(c.Thresholds))
	}
	for k := range c.FPR {
		if !(c.FPR[k] >= 0 && c.FPR[k] <= 1 && c.TPR[k] >= 0 && c.TPR[k] <= 1) {
			return fmt.Errorf("chart: ROC curve %q point %d (%v, %v) is outside [0,1]²", c.Name, k, c.FPR[k], c.TPR[k])
		}
	}
	return nil
}

// order returns the point indices sorted by FPR, then TPR.
func (c *ROCCurve) order() []int {
	idx := make([]int, len(c.FPR))
	for k := range idx {
		idx[k] = k
	}
	sort.SliceStable(idx, func(a, b int) bool {
		i, j := idx[a], idx[b]
		if c.FPR[i] != c.FPR[j] {
			return c.FPR[i] < c.FPR[j]
		}
		return c.TPR[i] < c.TPR[j]
	})
	return idx
}

// TrapezoidAUC returns the area under the curve through the points, sorted
// by FPR, with (0, 0) and (1, 1) added.
func (c *ROCCurve) TrapezoidAUC() float64 {
	x, y := 0.0, 0.0
	a := 0.0
	for _, k := range c.order() {
		a += (c.FPR[k] - x) * (c.TPR[k] + y) / 2
		x, y = c.FPR[k], c.TPR[k]
	}
	a += (1 - x) * (1 + y) / 2
	return a
}

// Youden returns the index of the point with the largest TPR − FPR.
func (c *ROCCurve) Youden() int {
	best, bk := math.Inf(-1), 0
	for k := range c.FPR {
		if j := c.TPR[k] - c.FPR[k]; j > best {
			best, bk = j, k
		}
	}
	return bk
}

// EmpiricalROC returns the ROC curve of a marker for a binary outcome: one
// point per distinct marker value (positive when marker ≥ threshold), from
// (0, 0) to (1, 1), and its AUC (the Mann–Whitney statistic, ties counting
// one half). NaN markers are an error.
func EmpiricalROC(name string, marker []float64, positive []bool) (ROCCurve, error) {
	if len(marker) != len(positive) {
		return ROCCurve{}, fmt.Errorf("chart: EmpiricalROC %q: %d markers but %d outcomes", name, len(marker), len(positive))
	}
	np, nn := 0, 0
	for i, m := range marker {
		if math.IsNaN(m) {
			return ROCCurve{}, fmt.Errorf("chart: EmpiricalROC %q: marker %d is NaN", name, i)
		}
		if positive[i] {
			np++
		} else {
			nn++
		}
	}
	if np == 0 || nn == 0 {
		return ROCCurve{}, fmt.Errorf("chart: EmpiricalROC %q: need positives and negatives, have %d and %d", name, np, nn)
	}
	idx := make([]int, len(marker))
	for k := range idx {
		idx[k] = k
	}
	sort.Slice(idx, func(a, b int) bool { return marker[idx[a]] > marker[idx[b]] })
	c := ROCCurve{Name: name, FPR: []float64{0}, TPR: []float64{0}, Thresholds: []float64{math.Inf(1)}}
	tp, fp := 0, 0
	for k := 0; k < len(idx); {
		t := marker[idx[k]]
		for ; k < len(idx) && marker[idx[k]] == t; k++ {
			if positive[idx[k]] {
				tp++
			} else {
				fp++
			}
		}
		c.FPR = append(c.FPR, float64(fp)/float64(nn))
		c.TPR = append(c.TPR, float64(tp)/float64(np))
		c.Thresholds = append(c.Thresholds, t)
	}
	c.AUC = c.TrapezoidAUC() // equals Mann–Whitney with ties as 1/2
	return c, nil
}

// ROC draws ROC curves (for time-dependent ROC, one curve per time, named
// like "1-year") with the AUC of each in the legend, the chance diagonal
// and, optionally, the Youden point.
func ROC(curves []ROCCurve, opt *ROCOptions) (*Chart, error) {
	if opt == nil {
		opt = &ROCOptions{}
	}
	if len(curves) == 0 {
		return nil, fmt.Errorf("chart: ROC needs at least one curve")
	}
	p := newPlot(opt.Title, or(opt.XLabel, "1 − Specificity"), or(opt.YLabel, "Sensitivity"))
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	p.X.Tick.Marker = plot.ConstantTicks(fractionTicks())
	p.Y.Tick.Marker = plot.ConstantTicks(fractionTicks())
	p.Legend.Top = false
	if !opt.HideDiagonal {
		d, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
		d.Color = color.Gray{Y: 0xA0}
		d.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		p.Add(d)
	}
	for k := range curves {
		c := &curves[k]
		if err := c.validate(); err != nil {
			return nil, err
		}
		xy := plotter.XYs{{X: 0, Y: 0}}
		for _, j := range c.order() {
			xy = append(xy, plotter.XY{X: c.FPR[j], Y: c.TPR[j]})
		}
		xy = append(xy, plotter.XY{X: 1, Y: 1})
		line, err := plotter.NewLine(xy)
		if err != nil {
			return nil, fmt.Errorf("chart: ROC curve %q: %w", c.Name, err)
		}
		line.Color = colorAt(k)
		line.Width = vg.Points(1.6)
		p.Add(line)
		auc := c.AUC
		if auc == 0 {
			auc = c.TrapezoidAUC()
		}
		p.Legend.Add(fmt.Sprintf("%s: AUC = %.3f", c.Name, auc), line)
		if opt.Youden {
			j := c.Youden()
			pt, _ := plotter.NewScatter(plotter.XYs{{X: c.FPR[j], Y: c.TPR[j]}})
			pt.GlyphStyle = draw.GlyphStyle{Color: colorAt(k), Radius: vg.Points(3.5), Shape: draw.CircleGlyph{}}
			p.Add(pt)
			label := fmt.Sprintf("sens %.2f, spec %.2f", c.TPR[j], 1-c.FPR[j])
			if c.Thresholds != nil && !math.IsInf(c.Thresholds[j], 0) {
				label = "cut-off " + strconv.FormatFloat(c.Thresholds[j], 'g', 3, 64) + " (" + label + ")"
			}
			lb, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: c.FPR[j], Y: c.TPR[j]}}, Labels: []string{label}})
			if err == nil {
				lb.Offset = vg.Point{X: vg.Points(6), Y: -vg.Points(10) - vg.Points(11)*vg.Length(k)}
				for i := range lb.TextStyle {
					lb.TextStyle[i] = textStyle(p, 9, colorAt(k))
				}
				p.Add(lb)
			}
		}
	}
	ch := newChart(p)
	ch.Width, ch.Height = 5*vg.Inch, 5*vg.Inch
	return ch, nil
}
