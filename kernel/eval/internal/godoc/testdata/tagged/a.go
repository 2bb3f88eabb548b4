// Package tagged is test input for godoc: a method defined twice under
// opposite build tags, as gonum does.
package tagged

// T is a type.
type T struct{}

// Long has a long doc comment. It goes on and on and on and on and on and
// on and on and on and on and on and on.
//
// Second paragraph.
func Long() {}
