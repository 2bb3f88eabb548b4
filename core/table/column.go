package table

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Kind is the type of the values of a column.
type Kind int

// The column kinds.
const (
	Float Kind = iota
	Int
	Bool
	String
	Categorical
)

var kindNames = [...]string{"float", "int", "bool", "string", "categorical"}

// String returns the lower-case name of the kind ("float", "int", ...).
func (k Kind) String() string {
	if k < 0 || int(k) >= len(kindNames) {
		return fmt.Sprintf("Kind(%d)", int(k))
	}
	return kindNames[k]
}

// Column is a named column of values of one kind. The zero value is not
// usable; build columns with [NewFloat], [NewInt], [NewBool], [NewString]
// and [NewCategorical] or read them from a file.
//
// Columns are immutable once in a table: methods that return slices return
// the column's own storage, which callers must not modify.
type Column struct {
	name   string
	kind   Kind
	f      []float64 // Float; NaN is missing
	i      []int64   // Int
	b      []bool    // Bool
	s      []string  // String
	codes  []int32   // Categorical; -1 is missing
	levels []string  // Categorical
	na     []bool    // Int, Bool, String: missing mask, nil when none missing
}

// NewFloat returns a float column. NaN values are missing.
func NewFloat(name string, v []float64) *Column {
	return &Column{name: name, kind: Float, f: v}
}

// NewInt returns an int column with no missing values.
func NewInt(name string, v []int64) *Column {
	return &Column{name: name, kind: Int, i: v}
}

// NewBool returns a bool column with no missing values.
func NewBool(name string, v []bool) *Column {
	return &Column{name: name, kind: Bool, b: v}
}

// NewString returns a string column with no missing values.
func NewString(name string, v []string) *Column {
	return &Column{name: name, kind: String, s: v}
}

// NewCategorical returns a categorical column holding v. The levels are
// the given ones in that order (the first is the reference level); when no
// levels are given they are the distinct values of v in sorted order, as R's
// factor does. Empty strings are missing. A value that is not among given
// levels is an error.
func NewCategorical(name string, v []string, levels ...string) (*Column, error) {
	if len(levels) == 0 {
		seen := map[string]bool{}
		for _, s := range v {
			if s != "" && !seen[s] {
				seen[s] = true
				levels = append(levels, s)
			}
		}
		slices.Sort(levels)
	}
	idx := make(map[string]int32, len(levels))
	for k, l := range levels {
		if _, dup := idx[l]; dup {
			return nil, fmt.Errorf("table: column %q: level %q given twice", name, l)
		}
		idx[l] = int32(k)
	}
	codes := make([]int32, len(v))
	for r, s := range v {
		if s == "" {
			codes[r] = -1
			continue
		}
		c, ok := idx[s]
		if !ok {
			return nil, fmt.Errorf("table: column %q row %d: value %q is not one of the levels %q", name, r, s, levels)
		}
		codes[r] = c
	}
	return &Column{name: name, kind: Categorical, codes: codes, levels: slices.Clone(levels)}, nil
}

// Name returns the column name.
func (c *Column) Name() string { return c.name }

// Kind returns the column kind.
func (c *Column) Kind() Kind { return c.kind }

// Len returns the number of values.
func (c *Column) Len() int {
	switch c.kind {
	case Float:
		return len(c.f)
	case Int:
		return len(c.i)
	case Bool:
		return len(c.b)
	case String:
		return len(c.s)
	default:
		return len(c.codes)
	}
}

// IsNA reports whether value r is missing.
func (c *Column) IsNA(r int) bool {
	switch c.kind {
	case Float:
		return math.IsNaN(c.f[r])
	case Categorical:
		return c.codes[r] < 0
	default:
		return c.na != nil && c.na[r]
	}
}

// NA returns the number of missing values.
func (c *Column) NA() int {
	n := 0
	for r := range c.Len() {
		if c.IsNA(r) {
			n++
		}
	}
	return n
}

// Float returns value r as a number: ints and bools (1 for true) convert,
// missing values and strings are NaN, categorical values are NaN.
func (c *Column) Float(r int) float64 {
	if c.IsNA(r) {
		return math.NaN()
	}
	switch c.kind {
	case Float:
		return c.f[r]
	case Int:
		return float64(c.i[r])
	case Bool:
		if c.b[r] {
			return 1
		}
		return 0
	case String:
		v, err := strconv.ParseFloat(c.s[r], 64)
		if err != nil {
			return math.NaN()
		}
		return v
	}
	return math.NaN()
}

// Int returns value r as an integer (floats are truncated, true is 1);
// ok is false for missing values and values that are not numbers.
func (c *Column) Int(r int) (v int64, ok bool) {
	if c.IsNA(r) {
		return 0, false
	}
	switch c.kind {
	case Int:
		return c.i[r], true
	case Float:
		return int64(c.f[r]), true
	case Bool:
		if c.b[r] {
			return 1, true
		}
		return 0, true
	}
	return 0, false
}

// Bool returns value r as a bool (numbers are true when non-zero); ok is
// false for missing values and text.
func (c *Column) Bool(r int) (v bool, ok bool) {
	if c.IsNA(r) {
		return false, false
	}
	switch c.kind {
	case Bool:
		return c.b[r], true
	case Int:
		return c.i[r] != 0, true
	case Float:
		return c.f[r] != 0, true
	}
	return false, false
}

// Text returns value r formatted as text; missing values are "NA".
func (c *Column) Text(r int) string {
	if c.IsNA(r) {
		return "NA"
	}
	switch c.kind {
	case Float:
		return strconv.FormatFloat(c.f[r], 'g', -1, 64)
	case Int:
		return strconv.FormatInt(c.i[r], 10)
	case Bool:
		return strconv.FormatBool(c.b[r])
	case String:
		return c.s[r]
	default:
		return c.levels[c.codes[r]]
	}
}

// Floats returns all values as numbers (see [Column.Float]). For a float
// column it returns the column's storage, which must not be modified.
func (c *Column) Floats() []float64 {
	if c.kind == Float {
		return c.f
	}
	out := make([]float64, c.Len())
	for r := range out {
		out[r] = c.Float(r)
	}
	return out
}

// Strings returns all values as text (see [Column.Text]); missing values
// are "" (not "NA", so that they stay missing when turned into a
// categorical column).
func (c *Column) Strings() []string {
	out := make([]string, c.Len())
	for r := range out {
		if !c.IsNA(r) {
			out[r] = c.Text(r)
		}
	}
	return out
}

// Levels returns the levels of a categorical column, reference first, or
// nil for other kinds.
func (c *Column) Levels() []string { return slices.Clone(c.levels) }

// Codes returns the level codes of a categorical column (-1 is missing), or
// nil for other kinds. The slice is the column's storage.
func (c *Column) Codes() []int32 { return c.codes }

// Renamed returns a copy of the column with another name; the values are
// shared.
func (c *Column) Renamed(name string) *Column {
	d := *c
	d.name = name
	return &d
}

// take returns the rows idx of c in that order; an index of -1 gives a
// missing value.
func (c *Column) take(idx []int) *Column {
	d := &Column{name: c.name, kind: c.kind, levels: c.levels}
	var na []bool
	hasNA := false
	markNA := func(k int) {
		if na == nil {
			na = make([]bool, len(idx))
		}
		na[k] = true
		hasNA = true
	}
	switch c.kind {
	case Float:
		d.f = make([]float64, len(idx))
		for k, r := range idx {
			if r < 0 {
				d.f[k] = math.NaN()
			} else {
				d.f[k] = c.f[r]
			}
		}
	case Int:
		d.i = make([]int64, len(idx))
		for k, r := range idx {
			if r < 0 || (c.na != nil && c.na[r]) {
				markNA(k)
			} else {
				d.i[k] = c.i[r]
			}
		}
	case Bool:
		d.b = make([]bool, len(idx))
		for k, r := range idx {
			if r < 0 || (c.na != nil && c.na[r]) {
				markNA(k)
			} else {
				d.b[k] = c.b[r]
			}
		}
	case String:
		d.s = make([]string, len(idx))
		for k, r := range idx {
			if r < 0 || (c.na != nil && c.na[r]) {
				markNA(k)
			} else {
				d.s[k] = c.s[r]
			}
		}
	case Categorical:
		d.codes = make([]int32, len(idx))
		for k, r := range idx {
			if r < 0 {
				d.codes[k] = -1
			} else {
				d.codes[k] = c.codes[r]
			}
		}
	}
	if hasNA {
		d.na = na
	}
	return d
}

// less compares rows a and b; missing values sort last.
func (c *Column) cmp(a, b int) int {
	na, nb := c.IsNA(a), c.IsNA(b)
	switch {
	case na && nb:
		return 0
	case na:
		return 1
	case nb:
		return -1
	}
	switch c.kind {
	case Float:
		return cmpOrdered(c.f[a], c.f[b])
	case Int:
		return cmpOrdered(c.i[a], c.i[b])
	case Bool:
		return cmpOrdered(b2i(c.b[a]), b2i(c.b[b]))
	case String:
		return cmpOrdered(c.s[a], c.s[b])
	default:
		return cmpOrdered(c.codes[a], c.codes[b]) // level order, as R
	}
}

func cmpOrdered[T int | int32 | int64 | float64 | string](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
