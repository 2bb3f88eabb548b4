package stdlib

// The package list lives in packages.txt; the generator removes the files
// it generated before and runs the pinned "go tool yaegi extract" once over
// the whole list.
//go:generate go run ./internal/extract packages.txt
