package chart

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"radgo/core/volume"
)

// Plane is the orientation of a slice through a volume.
type Plane int

// The three planes, named for a volume in the usual axial acquisition
// (index k along the patient's long axis).
const (
	Axial    Plane = iota // fixed k; i across, j down
	Coronal               // fixed j; i across, k up
	Sagittal              // fixed i; j across, k up
)

// String returns "axial", "coronal" or "sagittal".
func (p Plane) String() string {
	switch p {
	case Axial:
		return "axial"
	case Coronal:
		return "coronal"
	case Sagittal:
		return "sagittal"
	}
	return fmt.Sprintf("Plane(%d)", int(p))
}

// Window is a CT display window in Hounsfield units: values below
// Level − Width/2 are black, above Level + Width/2 white.
type Window struct {
	Level, Width float64
}

// Common CT windows.
var (
	SoftTissue  = Window{Level: 40, Width: 400}
	Mediastinum = Window{Level: 50, Width: 350}
	Lung        = Window{Level: -600, Width: 1500}
	Bone        = Window{Level: 400, Width: 1800}
)

// SliceOptions changes the defaults of [Slice].
type SliceOptions struct {
	Title string // if empty, plane, index and window, e.g. "axial k = 40, W 400 / L 40"
	// Window is the display window; if its Width is zero, SoftTissue.
	Window Window
	// Label selects the mask label whose contour is drawn; if zero, every
	// non-zero label.
	Label uint8
	// ContourColor is the contour colour; if nil, Okabe–Ito vermillion.
	ContourColor color.Color
	// Crop zooms to the mask's bounding box in the slice plane with this
	// margin in mm (rounded up to whole voxels); if zero, or when the slice
	// has no mask voxels, the whole slice is shown.
	Crop float64
}

// Slice draws one slice of a CT volume in a window, with the outline of
// the mask (which may be nil) traced along voxel edges. A negative index
// picks the slice with the most mask voxels. Pixels are square in
// millimetres: the axes are in mm from the volume's first voxel, and the
// chart's height follows the slice's aspect ratio. Direction cosines are
// ignored (the grid is shown as stored).
func Slice(v *volume.Volume, m *volume.Mask, plane Plane, index int, opt *SliceOptions) (*Chart, error) {
	if opt == nil {
		opt = &SliceOptions{}
	}
	if v == nil {
		return nil, fmt.Errorf("chart: Slice of a nil volume")
	}
	if n := v.Size[0] * v.Size[1] * v.Size[2]; n == 0 || len(v.Voxels) != n {
		return nil, fmt.Errorf("chart: Slice: volume of size %v has %d voxels", v.Size, len(v.Voxels))
	}
	if m != nil && (m.Size != v.Size || len(m.Labels) != len(v.Voxels)) {
		return nil, fmt.Errorf("chart: Slice: mask size %v differs from volume size %v", m.Size, v.Size)
	}
	if plane < Axial || plane > Sagittal {
		return nil, fmt.Errorf("chart: Slice: unknown plane %v", plane)
	}
	// axes of the slice: u across, w up/down, fixed axis f
	u, w, f := 0, 1, 2
	switch plane {
	case Coronal:
		u, w, f = 0, 2, 1
	case Sagittal:
		u, w, f = 1, 2, 0
	}
	in := func(l uint8) bool { return l != 0 && (opt.Label == 0 || l == opt.Label) }
	if index < 0 {
		if m == nil {
			index = v.Size[f] / 2
		} else {
			counts := make([]int, v.Size[f])
			for k := 0; k < v.Size[2]; k++ {
				for j := 0; j < v.Size[1]; j++ {
					for i := 0; i < v.Size[0]; i++ {
						if in(m.Labels[m.Offset(i, j, k)]) {
							counts[[3]int{i, j, k}[f]]++
						}
					}
				}
			}
			index = 0
			for s, c := range counts {
				if c > counts[index] {
					index = s
				}
			}
		}
	}
	if index >= v.Size[f] {
		return nil, fmt.Errorf("chart: Slice: %v index %d outside [0, %d)", plane, index, v.Size[f])
	}
	win := opt.Window
	if win.Width <= 0 {
		win = SoftTissue
	}
	nu, nw := v.Size[u], v.Size[w]
	su, sw := v.Spacing[u], v.Spacing[w]
	if !(su > 0 && sw > 0) {
		return nil, fmt.Errorf("chart: Slice: spacing %v must be positive", v.Spacing)
	}
	// image rows: axial shows j downward (row r = j); coronal and sagittal
	// show k upward (row r = nw-1-k).
	down := plane == Axial
	at := func(a, b int) int { // voxel offset of slice pixel (a along u, b along w)
		var idx [3]int
		idx[u], idx[w], idx[f] = a, b, index
		return v.Offset(idx[0], idx[1], idx[2])
	}
	// data coordinates in mm: x = a·su (voxel a spans [a, a+1)·su); y
	// increases upward, with w-index 0 at the top for axial slices and at
	// the bottom for the others.
	height := float64(nw) * sw
	y := func(b int) float64 { // edge between w-index b-1 and b
		if down {
			return height - float64(b)*sw
		}
		return float64(b) * sw
	}
	var segs [][2]plotter.XY
	a0, a1, b0, b1 := nu, -1, nw, -1 // voxel bounding box of the mask in the slice
	if m != nil {
		inside := func(a, b int) bool {
			if a < 0 || b < 0 || a >= nu || b >= nw {
				return false
			}
			return in(m.Labels[at(a, b)])
		}
		for b := range nw {
			for a := range nu {
				if !inside(a, b) {
					continue
				}
				a0, a1, b0, b1 = min(a0, a), max(a1, a), min(b0, b), max(b1, b)
				x0, x1 := float64(a)*su, float64(a+1)*su
				y0, y1 := y(b), y(b+1)
				if !inside(a-1, b) {
					segs = append(segs, [2]plotter.XY{{X: x0, Y: y0}, {X: x0, Y: y1}})
				}
				if !inside(a+1, b) {
					segs = append(segs, [2]plotter.XY{{X: x1, Y: y0}, {X: x1, Y: y1}})
				}
				if !inside(a, b-1) {
					segs = append(segs, [2]plotter.XY{{X: x0, Y: y0}, {X: x1, Y: y0}})
				}
				if !inside(a, b+1) {
					segs = append(segs, [2]plotter.XY{{X: x0, Y: y1}, {X: x1, Y: y1}})
				}
			}
		}
	}
	// the shown voxel range [ua, ub) × [wa, wb)
	ua, ub, wa, wb := 0, nu, 0, nw
	if opt.Crop > 0 && a1 >= 0 {
		mu, mw := int(math.Ceil(opt.Crop/su)), int(math.Ceil(opt.Crop/sw))
		ua, ub = max(0, a0-mu), min(nu, a1+1+mu)
		wa, wb = max(0, b0-mw), min(nw, b1+1+mw)
	}
	img := image.NewGray(image.Rect(0, 0, ub-ua, wb-wa))
	lo := win.Level - win.Width/2
	for b := wa; b < wb; b++ {
		r := b - wa // image row 0 is the top
		if !down {
			r = wb - 1 - b
		}
		for a := ua; a < ub; a++ {
			g := (v.Voxels[at(a, b)] - lo) / win.Width * 255
			img.Pix[r*img.Stride+a-ua] = uint8(math.Max(0, math.Min(255, math.Round(g))))
		}
	}
	p := newPlot("", "mm", "mm")
	p.X.Tick.Marker = gTicks{}
	p.Y.Tick.Marker = gTicks{}
	xmin, xmax := float64(ua)*su, float64(ub)*su
	ymin, ymax := math.Min(y(wa), y(wb)), math.Max(y(wa), y(wb))
	big := upsample(img, su, sw)
	p.Add(plotter.NewImage(big, xmin, ymin, xmax, ymax))
	title := opt.Title
	if title == "" {
		title = fmt.Sprintf("%v %c = %d, W %g / L %g", plane, "ijk"[f], index, win.Width, win.Level)
	}
	p.Title.Text = title
	var cont *contour
	if len(segs) > 0 {
		col := opt.ContourColor
		if col == nil {
			col = Palette[1]
		}
		cont = &contour{segs: segs, style: draw.LineStyle{Color: col, Width: vg.Points(1.2)}}
		p.Add(cont)
	}
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
	ch := newChart(p)
	ch.sliceImage, ch.sliceContour = big, cont
	ch.Width = 5 * vg.Inch
	aspect := (ymax - ymin) / (xmax - xmin)
	ch.Height = vg.Length(float64(ch.Width-vg.Points(45))*aspect) + vg.Points(60)
	return ch, nil
}

// upsample enlarges img by nearest neighbour to about 720 pixels on its
// longer side in mm, so that renderers, which interpolate, keep voxel edges
// sharp and anisotropic voxels get their physical aspect.
func upsample(img *image.Gray, su, sw float64) *image.Gray {
	b := img.Bounds()
	wmm, hmm := float64(b.Dx())*su, float64(b.Dy())*sw
	scale := 720 / math.Max(wmm, hmm) // output pixels per mm
	fu := max(1, int(math.Round(su*scale)))
	fw := max(1, int(math.Round(sw*scale)))
	out := image.NewGray(image.Rect(0, 0, b.Dx()*fu, b.Dy()*fw))
	for r := range out.Rect.Dy() {
		src := img.Pix[(r/fw)*img.Stride:]
		dst := out.Pix[r*out.Stride:]
		for c := range out.Rect.Dx() {
			dst[c] = src[c/fu]
		}
	}
	return out
}

// gTicks are the default ticks labelled in the shortest form ("25", not "25.00").
type gTicks struct{}

func (gTicks) Ticks(min, max float64) []plot.Tick {
	t := plot.DefaultTicks{}.Ticks(min, max)
	for k := range t {
		if t[k].Label != "" {
			t[k].Label = strconv.FormatFloat(t[k].Value, 'g', 6, 64)
		}
	}
	return t
}

// contour draws line segments in data coordinates, clipped to the data
// area.
type contour struct {
	segs  [][2]plotter.XY
	style draw.LineStyle
}

func (c *contour) Plot(cv draw.Canvas, p *plot.Plot) {
	tx, ty := p.Transforms(&cv)
	lines := make([][]vg.Point, 0, len(c.segs))
	for _, s := range c.segs {
		lines = append(lines, []vg.Point{{X: tx(s[0].X), Y: ty(s[0].Y)}, {X: tx(s[1].X), Y: ty(s[1].Y)}})
	}
	cv.StrokeLines(c.style, cv.ClipLinesXY(lines...)...)
}
