//go:build bounds

package tagged

// At is the bounds-checked variant.
func (t T) At() int { return 1 }
