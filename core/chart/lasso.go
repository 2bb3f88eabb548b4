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

// CVData is a penalised-regression cross-validation result, as R's
// cv.glmnet reports it: the mean CV error and its standard error at each
// lambda, the lambda with the minimum error and the largest lambda within
// one SE of it. NonZero (optional) is the number of non-zero coefficients
// at each lambda, printed along the top of the plot as glmnet does.
type CVData struct {
	Lambda    []float64
	Mean, SE  []float64
	NonZero   []int
	LambdaMin float64
	Lambda1SE float64
}

// LassoOptions changes the defaults of [CVCurve] and [CoefPaths].
type LassoOptions struct {
	Title  string
	XLabel string // if empty, "log(λ)"
	YLabel string // if empty, "Partial likelihood deviance" (CV) or "Coefficient" (paths)
}

// CVCurve draws the cross-validation curve of Fig. 4a: mean error (points)
// ± one SE (error bars) against log(λ), with dotted vertical lines at
// lambda.min and lambda.1se.
func CVCurve(cv CVData, opt *LassoOptions) (*Chart, error) {
	if opt == nil {
		opt = &LassoOptions{}
	}
	n := len(cv.Lambda)
	if n == 0 || len(cv.Mean) != n || len(cv.SE) != n || (cv.NonZero != nil && len(cv.NonZero) != n) {
		return nil, fmt.Errorf("chart: CVCurve: %d lambdas, %d means, %d SEs, %d non-zero counts", n, len(cv.Mean), len(cv.SE), len(cv.NonZero))
	}
	pts := make(plotter.XYs, 0, n)
	errs := make(plotter.YErrors, 0, n)
	ymax := math.Inf(-1)
	for k, l := range cv.Lambda {
		if !(l > 0) || math.IsNaN(cv.Mean[k]) {
			return nil, fmt.Errorf("chart: CVCurve: lambda %d is %v (must be > 0) with mean %v", k, l, cv.Mean[k])
		}
		pts = append(pts, plotter.XY{X: math.Log(l), Y: cv.Mean[k]})
		errs = append(errs, struct{ Low, High float64 }{cv.SE[k], cv.SE[k]})
		ymax = math.Max(ymax, cv.Mean[k]+cv.SE[k])
	}
	p := newPlot(opt.Title, or(opt.XLabel, "log(λ)"), or(opt.YLabel, "Partial likelihood deviance"))
	eb, err := plotter.NewYErrorBars(struct {
		plotter.XYs
		plotter.YErrors
	}{pts, errs})
	if err != nil {
		return nil, fmt.Errorf("chart: CVCurve: %w", err)
	}
	eb.Color = color.Gray{Y: 0x99}
	eb.CapWidth = vg.Points(3)
	p.Add(eb)
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, fmt.Errorf("chart: CVCurve: %w", err)
	}
	sc.GlyphStyle = draw.GlyphStyle{Color: Palette[1], Radius: vg.Points(2.2), Shape: draw.CircleGlyph{}}
	p.Add(sc)
	addLambdaLines(p, cv.LambdaMin, cv.Lambda1SE)
	ymin := math.Inf(1)
	for k := range cv.Mean {
		ymin = math.Min(ymin, cv.Mean[k]-cv.SE[k])
	}
	// headroom for the legend and the non-zero counts
	p.Y.Min, p.Y.Max = ymin, ymax+0.3*(ymax-ymin)
	top := ymax + 0.25*(ymax-ymin)
	p.Legend.YOffs = -vg.Points(16)
	if cv.NonZero != nil {
		step := max(1, n/8)
		var xy plotter.XYs
		var labels []string
		for k := 0; k < n; k += step {
			xy = append(xy, plotter.XY{X: pts[k].X, Y: top})
			labels = append(labels, strconv.Itoa(cv.NonZero[k]))
		}
		lb, err := plotter.NewLabels(plotter.XYLabels{XYs: xy, Labels: labels})
		if err == nil {
			for i := range lb.TextStyle {
				lb.TextStyle[i] = textStyle(p, 9, color.Gray{Y: 0x55})
				lb.TextStyle[i].XAlign = -0.5
			}
			p.Add(lb)
		}
	}
	return newChart(p), nil
}

// addLambdaLines adds dotted vertical lines at log(lmin) and log(l1se)
// (each skipped when not positive), with legend entries.
func addLambdaLines(p *plot.Plot, lmin, l1se float64) {
	for k, l := range []float64{lmin, l1se} {
		if !(l > 0) {
			continue
		}
		x := math.Log(l)
		v := &vline{x: x, style: draw.LineStyle{Color: color.Gray{Y: 0x30}, Width: vg.Points(1),
			Dashes: [][]vg.Length{{vg.Points(2), vg.Points(2)}, {vg.Points(6), vg.Points(3)}}[k]}}
		p.Add(v)
		name := []string{"λ min", "λ 1se"}[k]
		p.Legend.Add(fmt.Sprintf("%s = %.3g (log %.2f)", name, l, x), v)
	}
}

// vline is a vertical line across the whole data area.
type vline struct {
	x     float64
	style draw.LineStyle
}

func (v *vline) Plot(c draw.Canvas, p *plot.Plot) {
	x := c.X(p.X.Norm(v.x))
	if x < c.Min.X || x > c.Max.X {
		return
	}
	c.StrokeLine2(v.style, x, c.Min.Y, x, c.Max.Y)
}

func (v *vline) DataRange() (xmin, xmax, ymin, ymax float64) {
	return v.x, v.x, math.Inf(1), math.Inf(-1)
}

func (v *vline) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(v.style, c.Min.X, y, c.Max.X, y)
}

// PathData is a coefficient path: Coef[j][k] is the coefficient of
// feature j (named Names[j]) at Lambda[k].
type PathData struct {
	Lambda    []float64
	Coef      [][]float64
	Names     []string
	LambdaMin float64 // optional vertical line and the choice of labelled features
	Lambda1SE float64
}

// CoefPaths draws coefficient paths against log(λ) (Fig. 4b). Features that
// are non-zero at LambdaMin (or, without it, at the smallest lambda) are
// coloured and named in the legend when there are at most 8 of them; the
// others are drawn in light grey.
func CoefPaths(path PathData, opt *LassoOptions) (*Chart, error) {
	if opt == nil {
		opt = &LassoOptions{}
	}
	n := len(path.Lambda)
	if n == 0 || len(path.Coef) == 0 {
		return nil, fmt.Errorf("chart: CoefPaths: %d lambdas and %d features", n, len(path.Coef))
	}
	if path.Names != nil && len(path.Names) != len(path.Coef) {
		return nil, fmt.Errorf("chart: CoefPaths: %d names for %d features", len(path.Names), len(path.Coef))
	}
	x := make([]float64, n)
	ref := 0 // lambda index used to pick highlighted features
	for k, l := range path.Lambda {
		if !(l > 0) {
			return nil, fmt.Errorf("chart: CoefPaths: lambda %d is %v; must be > 0", k, l)
		}
		x[k] = math.Log(l)
		if l < path.Lambda[ref] {
			ref = k
		}
	}
	if path.LambdaMin > 0 {
		best := math.Inf(1)
		for k, l := range path.Lambda {
			if d := math.Abs(math.Log(l) - math.Log(path.LambdaMin)); d < best {
				best, ref = d, k
			}
		}
	}
	var active []int
	for j, c := range path.Coef {
		if len(c) != n {
			return nil, fmt.Errorf("chart: CoefPaths: feature %d has %d coefficients for %d lambdas", j, len(c), n)
		}
		if c[ref] != 0 {
			active = append(active, j)
		}
	}
	highlight := map[int]int{}
	if len(active) <= 8 {
		for k, j := range active {
			highlight[j] = k
		}
	}
	p := newPlot(opt.Title, or(opt.XLabel, "log(λ)"), or(opt.YLabel, "Coefficient"))
	p.Legend.Top = true
	p.Legend.Left = false
	zero := &hline{y: 0, style: draw.LineStyle{Color: color.Gray{Y: 0xB0}, Width: vg.Points(0.5)}}
	p.Add(zero)
	draws := func(hi bool) error {
		for j, c := range path.Coef {
			k, isHi := highlight[j]
			if isHi != hi {
				continue
			}
			xy := make(plotter.XYs, n)
			for i := range n {
				xy[i] = plotter.XY{X: x[i], Y: c[i]}
			}
			line, err := plotter.NewLine(xy)
			if err != nil {
				return fmt.Errorf("chart: CoefPaths feature %d: %w", j, err)
			}
			if hi {
				line.Color = colorAt(k)
				line.Width = vg.Points(1.5)
				name := fmt.Sprintf("feature %d", j+1)
				if path.Names != nil {
					name = path.Names[j]
				}
				p.Legend.Add(name, line)
			} else {
				line.Color = color.Gray{Y: 0xC8}
				line.Width = vg.Points(0.7)
			}
			p.Add(line)
		}
		return nil
	}
	if err := draws(false); err != nil {
		return nil, err
	}
	if err := draws(true); err != nil {
		return nil, err
	}
	addLambdaLines(p, path.LambdaMin, path.Lambda1SE)
	ch := newChart(p)
	return ch, nil
}

// hline is a horizontal line across the whole data area.
type hline struct {
	y     float64
	style draw.LineStyle
}

func (h *hline) Plot(c draw.Canvas, p *plot.Plot) {
	y := c.Y(p.Y.Norm(h.y))
	if y < c.Min.Y || y > c.Max.Y {
		return
	}
	c.StrokeLine2(h.style, c.Min.X, y, c.Max.X, y)
}

func (h *hline) DataRange() (xmin, xmax, ymin, ymax float64) {
	return math.Inf(1), math.Inf(-1), h.y, h.y
}
