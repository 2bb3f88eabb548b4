// Package display shows rich output in a radgo notebook: HTML, Markdown,
// images, plots, SVG, JSON, tables, displays updated in place and progress
// bars.
//
// Cells use it without an import line:
//
//	display.Markdown("# Cohort")
//	display.Plot(p, 15*vg.Centimeter, 10*vg.Centimeter)
//	bar := display.NewProgress("extraction", len(cases))
//	for i := range cases { ...; bar.Add(1) }
//	bar.Done()
//
// The value of a cell's last expression is rendered by [Render]: a value
// with an HTML() string, Markdown() string, SVG() string, PNG() []byte,
// JPEG() []byte or JSON() any method shows in that MIME type, a *plot.Plot
// or an image.Image shows as a PNG, and everything has a text/plain form
// (String(), Error() or fmt.Sprint).
//
// Outputs go to a [Session], which the notebook evaluator binds to the
// running kernel; the package-level functions use the evaluator's session
// inside a notebook and, in compiled programs, a default session that
// prints the text/plain form to standard output.
//
// Long compiled calls should take [Context] as their context, so that an
// interrupt of the cell cancels them.
package display
