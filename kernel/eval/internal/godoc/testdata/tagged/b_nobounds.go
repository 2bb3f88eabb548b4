//go:build !bounds

package tagged

// At is the default variant.
func (t T) At() int { return 0 }
