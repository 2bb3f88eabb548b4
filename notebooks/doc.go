// Package notebooks holds radgo's example notebooks. Its test executes
// every *.ipynb here with the notebook interpreter (as "radgo exec" does)
// and requires the outputs to match the stored ones, so the examples in
// the repository always show what the current code produces.
//
// After changing a notebook or the code it shows, refresh its outputs with
//
//	go run ./cmd/radgo exec notebooks/NAME.ipynb
package notebooks
