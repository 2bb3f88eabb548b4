package table

import (
	"fmt"
	"math"
	"slices"
	"sort"
)

// Table is an ordered set of equally long, uniquely named columns.
type Table struct {
	cols  []*Column
	index map[string]int
	nrows int
}

// New returns a table of the given columns. Columns must have distinct
// names and equal lengths.
func New(cols ...*Column) (*Table, error) {
	t := &Table{index: make(map[string]int, len(cols))}
	for k, c := range cols {
		if c == nil {
			return nil, fmt.Errorf("table: column %d is nil", k)
		}
		if _, dup := t.index[c.name]; dup {
			return nil, fmt.Errorf("table: column name %q appears twice", c.name)
		}
		if k == 0 {
			t.nrows = c.Len()
		} else if c.Len() != t.nrows {
			return nil, fmt.Errorf("table: column %q has %d rows, column %q has %d", c.name, c.Len(), cols[0].name, t.nrows)
		}
		t.index[c.name] = k
		t.cols = append(t.cols, c)
	}
	return t, nil
}

// mustNew is New for internal callers that guarantee valid input.
func mustNew(cols []*Column) *Table {
	t, err := New(cols...)
	if err != nil {
		panic(err)
	}
	return t
}

// NRows returns the number of rows.
func (t *Table) NRows() int { return t.nrows }

// NCols returns the number of columns.
func (t *Table) NCols() int { return len(t.cols) }

// Shape returns (rows, columns).
func (t *Table) Shape() (rows, cols int) { return t.nrows, len(t.cols) }

// Names returns the column names in order.
func (t *Table) Names() []string {
	out := make([]string, len(t.cols))
	for k, c := range t.cols {
		out[k] = c.name
	}
	return out
}

// Has reports whether the table has a column called name.
func (t *Table) Has(name string) bool { _, ok := t.index[name]; return ok }

// Col returns the named column, or nil when there is none.
func (t *Table) Col(name string) *Column {
	k, ok := t.index[name]
	if !ok {
		return nil
	}
	return t.cols[k]
}

// Column returns the named column or an error naming the missing column
// and the available ones.
func (t *Table) Column(name string) (*Column, error) {
	if c := t.Col(name); c != nil {
		return c, nil
	}
	return nil, t.noColumn(name)
}

// Columns returns the columns in order.
func (t *Table) Columns() []*Column { return slices.Clone(t.cols) }

func (t *Table) noColumn(name string) error {
	names := t.Names()
	if len(names) > 12 {
		names = append(names[:12:12], "...")
	}
	return fmt.Errorf("table: no column %q (columns: %q)", name, names)
}

// Floats returns the named column as numbers (see [Column.Floats]).
func (t *Table) Floats(name string) ([]float64, error) {
	c, err := t.Column(name)
	if err != nil {
		return nil, err
	}
	if c.kind == String || c.kind == Categorical {
		return nil, fmt.Errorf("table: column %q is %v, not numeric", name, c.kind)
	}
	return c.Floats(), nil
}

// Strings returns the named column as text (see [Column.Strings]).
func (t *Table) Strings(name string) ([]string, error) {
	c, err := t.Column(name)
	if err != nil {
		return nil, err
	}
	return c.Strings(), nil
}

// Select returns a table of the named columns in the given order.
func (t *Table) Select(names ...string) (*Table, error) {
	cols := make([]*Column, 0, len(names))
	for _, n := range names {
		c, err := t.Column(n)
		if err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	return New(cols...)
}

// Drop returns the table without the named columns.
func (t *Table) Drop(names ...string) (*Table, error) {
	drop := map[string]bool{}
	for _, n := range names {
		if !t.Has(n) {
			return nil, t.noColumn(n)
		}
		drop[n] = true
	}
	var cols []*Column
	for _, c := range t.cols {
		if !drop[c.name] {
			cols = append(cols, c)
		}
	}
	return &Table{cols: cols, index: indexOf(cols), nrows: t.nrows}, nil
}

func indexOf(cols []*Column) map[string]int {
	m := make(map[string]int, len(cols))
	for k, c := range cols {
		m[c.name] = k
	}
	return m
}

// Rename returns the table with column old renamed to new.
func (t *Table) Rename(old, new string) (*Table, error) {
	k, ok := t.index[old]
	if !ok {
		return nil, t.noColumn(old)
	}
	if _, clash := t.index[new]; clash && new != old {
		return nil, fmt.Errorf("table: rename %q: a column %q already exists", old, new)
	}
	cols := slices.Clone(t.cols)
	cols[k] = cols[k].Renamed(new)
	return New(cols...)
}

// With returns the table with column c added at the end, or replacing the
// column of the same name in place.
func (t *Table) With(c *Column) (*Table, error) {
	if len(t.cols) > 0 && c.Len() != t.nrows {
		return nil, fmt.Errorf("table: column %q has %d rows, the table %d", c.name, c.Len(), t.nrows)
	}
	cols := slices.Clone(t.cols)
	if k, ok := t.index[c.name]; ok {
		cols[k] = c
	} else {
		cols = append(cols, c)
	}
	return New(cols...)
}

// Row is a view of one row of a table, passed to [Table.Filter] and the
// Derive functions. Accessors panic on an unknown column name, since a
// misspelt name in a filter is a programming error that should stop the
// cell, not silently select nothing.
type Row struct {
	t *Table
	i int
}

// Index returns the row number.
func (r Row) Index() int { return r.i }

func (r Row) col(name string) *Column {
	c := r.t.Col(name)
	if c == nil {
		panic(r.t.noColumn(name).Error())
	}
	return c
}

// Float returns the named value as a number (see [Column.Float]).
func (r Row) Float(name string) float64 { return r.col(name).Float(r.i) }

// Int returns the named value as an integer; missing is 0.
func (r Row) Int(name string) int64 { v, _ := r.col(name).Int(r.i); return v }

// Bool returns the named value as a bool; missing is false.
func (r Row) Bool(name string) bool { v, _ := r.col(name).Bool(r.i); return v }

// String returns the named value as text; missing is "".
func (r Row) String(name string) string {
	c := r.col(name)
	if c.IsNA(r.i) {
		return ""
	}
	return c.Text(r.i)
}

// IsNA reports whether the named value is missing.
func (r Row) IsNA(name string) bool { return r.col(name).IsNA(r.i) }

// Row returns a view of row i.
func (t *Table) Row(i int) Row {
	if i < 0 || i >= t.nrows {
		panic(fmt.Sprintf("table: row %d out of range [0,%d)", i, t.nrows))
	}
	return Row{t, i}
}

// Rows returns the table of the given rows in that order (rows may repeat).
func (t *Table) Rows(idx []int) (*Table, error) {
	for _, r := range idx {
		if r < 0 || r >= t.nrows {
			return nil, fmt.Errorf("table: row %d out of range [0,%d)", r, t.nrows)
		}
	}
	return t.take(idx), nil
}

func (t *Table) take(idx []int) *Table {
	cols := make([]*Column, len(t.cols))
	for k, c := range t.cols {
		cols[k] = c.take(idx)
	}
	return &Table{cols: cols, index: indexOf(cols), nrows: len(idx)}
}

// Filter returns the rows for which keep returns true.
func (t *Table) Filter(keep func(r Row) bool) *Table {
	var idx []int
	for i := range t.nrows {
		if keep(Row{t, i}) {
			idx = append(idx, i)
		}
	}
	return t.take(idx)
}

// DropNA returns the rows with no missing value in the named columns (all
// columns when none are named), as R's na.omit.
func (t *Table) DropNA(names ...string) (*Table, error) {
	cols := t.cols
	if len(names) > 0 {
		cols = nil
		for _, n := range names {
			c, err := t.Column(n)
			if err != nil {
				return nil, err
			}
			cols = append(cols, c)
		}
	}
	var idx []int
rows:
	for i := range t.nrows {
		for _, c := range cols {
			if c.IsNA(i) {
				continue rows
			}
		}
		idx = append(idx, i)
	}
	return t.take(idx), nil
}

// Head returns the first n rows (all when there are fewer).
func (t *Table) Head(n int) *Table {
	n = max(0, min(n, t.nrows))
	idx := make([]int, n)
	for k := range idx {
		idx[k] = k
	}
	return t.take(idx)
}

// Tail returns the last n rows (all when there are fewer).
func (t *Table) Tail(n int) *Table {
	n = max(0, min(n, t.nrows))
	idx := make([]int, n)
	for k := range idx {
		idx[k] = t.nrows - n + k
	}
	return t.take(idx)
}

// SortKey is one key of [Table.Sort].
type SortKey struct {
	Column     string
	Descending bool
}

// Asc sorts by col in increasing order.
func Asc(col string) SortKey { return SortKey{Column: col} }

// Desc sorts by col in decreasing order.
func Desc(col string) SortKey { return SortKey{Column: col, Descending: true} }

// Sort returns the rows ordered by the keys, the first key first. The sort
// is stable; missing values sort last in either direction; categorical
// columns sort in level order.
func (t *Table) Sort(keys ...SortKey) (*Table, error) {
	cols := make([]*Column, len(keys))
	for k, key := range keys {
		c, err := t.Column(key.Column)
		if err != nil {
			return nil, err
		}
		cols[k] = c
	}
	idx := make([]int, t.nrows)
	for k := range idx {
		idx[k] = k
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ra, rb := idx[a], idx[b]
		for k, c := range cols {
			na, nb := c.IsNA(ra), c.IsNA(rb)
			if na || nb {
				if na != nb {
					return nb
				}
				continue
			}
			v := c.cmp(ra, rb)
			if keys[k].Descending {
				v = -v
			}
			if v != 0 {
				return v < 0
			}
		}
		return false
	})
	return t.take(idx), nil
}

// DeriveFloat returns the table with a float column name computed from
// each row (replacing a column of that name).
func (t *Table) DeriveFloat(name string, f func(r Row) float64) (*Table, error) {
	v := make([]float64, t.nrows)
	for i := range v {
		v[i] = f(Row{t, i})
	}
	return t.With(NewFloat(name, v))
}

// DeriveString returns the table with a string column name computed from
// each row; "" is missing.
func (t *Table) DeriveString(name string, f func(r Row) string) (*Table, error) {
	v := make([]string, t.nrows)
	var na []bool
	for i := range v {
		v[i] = f(Row{t, i})
		if v[i] == "" {
			if na == nil {
				na = make([]bool, t.nrows)
			}
			na[i] = true
		}
	}
	return t.With(&Column{name: name, kind: String, s: v, na: na})
}

// DeriveBool returns the table with a bool column name computed from each
// row.
func (t *Table) DeriveBool(name string, f func(r Row) bool) (*Table, error) {
	v := make([]bool, t.nrows)
	for i := range v {
		v[i] = f(Row{t, i})
	}
	return t.With(NewBool(name, v))
}

// Concat returns the rows of t followed by the rows of the other tables.
// All tables must have the same column names and kinds, in any order
// (the order of t is kept); categorical levels are merged, those of t first.
func (t *Table) Concat(others ...*Table) (*Table, error) {
	all := append([]*Table{t}, others...)
	n := 0
	for k, o := range all {
		if o.NCols() != t.NCols() {
			return nil, fmt.Errorf("table: concat: table %d has %d columns, the first %d", k, o.NCols(), t.NCols())
		}
		n += o.nrows
	}
	cols := make([]*Column, len(t.cols))
	for j, c := range t.cols {
		parts := make([]*Column, len(all))
		for k, o := range all {
			oc := o.Col(c.name)
			if oc == nil {
				return nil, fmt.Errorf("table: concat: table %d has no column %q", k, c.name)
			}
			if oc.kind != c.kind {
				return nil, fmt.Errorf("table: concat: column %q is %v in table %d but %v in the first", c.name, oc.kind, k, c.kind)
			}
			parts[k] = oc
		}
		cols[j] = concatColumns(c.name, c.kind, parts, n)
	}
	return &Table{cols: cols, index: indexOf(cols), nrows: n}, nil
}

func concatColumns(name string, kind Kind, parts []*Column, n int) *Column {
	d := &Column{name: name, kind: kind}
	if kind == Categorical {
		lv := map[string]int32{}
		for _, p := range parts {
			for _, l := range p.levels {
				if _, ok := lv[l]; !ok {
					lv[l] = int32(len(d.levels))
					d.levels = append(d.levels, l)
				}
			}
		}
		d.codes = make([]int32, 0, n)
		for _, p := range parts {
			for _, c := range p.codes {
				if c < 0 {
					d.codes = append(d.codes, -1)
				} else {
					d.codes = append(d.codes, lv[p.levels[c]])
				}
			}
		}
		return d
	}
	hasNA := false
	for _, p := range parts {
		hasNA = hasNA || p.na != nil
	}
	if hasNA {
		d.na = make([]bool, 0, n)
	}
	for _, p := range parts {
		switch kind {
		case Float:
			d.f = append(d.f, p.f...)
		case Int:
			d.i = append(d.i, p.i...)
		case Bool:
			d.b = append(d.b, p.b...)
		case String:
			d.s = append(d.s, p.s...)
		}
		if hasNA {
			if p.na != nil {
				d.na = append(d.na, p.na...)
			} else {
				d.na = append(d.na, make([]bool, p.Len())...)
			}
		}
	}
	return d
}

var nan = math.NaN()
