package display

import (
	"context"
	"image"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// The package-level functions call the session installed by the notebook
// evaluator (which replaces each of them by the method of the same name of
// its Session); in a compiled program they use a session that prints
// text/plain to standard output.

// Context returns the context of the running cell; pass it to long
// compiled calls so that an interrupt cancels them.
func Context() context.Context { return defaultSession.Context() }

// NewID returns a fresh display ID for ShowID and Update.
func NewID() string { return defaultSession.NewID() }

// Show displays each value as a cell's last expression would display.
func Show(vs ...any) { defaultSession.Show(vs...) }

// ShowID displays v under display ID id.
func ShowID(id string, v any) { defaultSession.ShowID(id, v) }

// Update replaces the display with ID id by v, in place.
func Update(id string, v any) { defaultSession.Update(id, v) }

// Clear clears the cell's outputs (when the next output arrives if wait).
func Clear(wait bool) { defaultSession.Clear(wait) }

// HTML displays an HTML fragment.
func HTML(src string) { defaultSession.HTML(src) }

// Markdown displays Markdown text.
func Markdown(src string) { defaultSession.Markdown(src) }

// SVG displays an SVG document.
func SVG(src string) { defaultSession.SVG(src) }

// PNG displays PNG-encoded bytes.
func PNG(data []byte) { defaultSession.PNG(data) }

// JSON displays v as application/json.
func JSON(v any) { defaultSession.JSON(v) }

// Image displays img as a PNG.
func Image(img image.Image) { defaultSession.Image(img) }

// Plot displays p as a PNG of size w×h.
func Plot(p *plot.Plot, w, h vg.Length) { defaultSession.Plot(p, w, h) }

// PlotSVG displays p as an SVG of size w×h.
func PlotSVG(p *plot.Plot, w, h vg.Length) { defaultSession.PlotSVG(p, w, h) }

// Table displays rows as a table whose first row is the header.
func Table(rows [][]string) { defaultSession.Table(rows) }

// NewProgress displays a progress bar for total steps, labelled label.
func NewProgress(label string, total int) *Progress { return defaultSession.NewProgress(label, total) }
