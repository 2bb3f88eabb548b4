package table

import (
	"fmt"
	"slices"
)

// JoinType selects the rows a join keeps.
type JoinType int

const (
	// Inner keeps the keys present in both tables, in the order of the left table.
	Inner JoinType = iota
	// Left keeps every row of the left table, in order; right columns are
	// missing where the key has no match.
	Left
)

// String returns "inner" or "left".
func (j JoinType) String() string {
	switch j {
	case Inner:
		return "inner"
	case Left:
		return "left"
	}
	return fmt.Sprintf("JoinType(%d)", int(j))
}

// Join joins t and right on the column key present in both (for example a
// patient ID); see [Table.JoinOn].
func (t *Table) Join(right *Table, key string, how JoinType) (*Table, error) {
	return t.JoinOn(right, key, key, how)
}

// JoinOn joins t and right where t's column leftKey equals right's column
// rightKey. Keys are compared as text (see [Column.Text]), so an int key 7
// matches the string "7" but not "007". A key that occurs more than once in
// either table is an error naming the key and the rows, because a silent
// many-to-many join multiplies patients. Missing keys never match.
//
// The result has the columns of t followed by the columns of right except
// rightKey; a right column whose name is already taken gets the suffix
// "_right".
func (t *Table) JoinOn(right *Table, leftKey, rightKey string, how JoinType) (*Table, error) {
	lk, err := t.Column(leftKey)
	if err != nil {
		return nil, fmt.Errorf("%w (left key)", err)
	}
	rk, err := right.Column(rightKey)
	if err != nil {
		return nil, fmt.Errorf("%w (right key)", err)
	}
	if how != Inner && how != Left {
		return nil, fmt.Errorf("table: join: unknown join type %v", how)
	}
	if _, err := keyIndex(lk, "left"); err != nil {
		return nil, err
	}
	ridx, err := keyIndex(rk, "right")
	if err != nil {
		return nil, err
	}
	var li, ri []int
	for r := range t.nrows {
		m := -1
		if !lk.IsNA(r) {
			if k, ok := ridx[lk.Text(r)]; ok {
				m = k
			}
		}
		if m < 0 && how == Inner {
			continue
		}
		li = append(li, r)
		ri = append(ri, m)
	}
	cols := make([]*Column, 0, t.NCols()+right.NCols()-1)
	for _, c := range t.cols {
		cols = append(cols, c.take(li))
	}
	taken := map[string]bool{}
	for _, n := range t.Names() {
		taken[n] = true
	}
	for _, c := range right.cols {
		if c.name == rightKey {
			continue
		}
		d := c.take(ri)
		name := d.name
		for taken[name] {
			name += "_right"
		}
		taken[name] = true
		d.name = name
		cols = append(cols, d)
	}
	return New(cols...)
}

// keyIndex maps each key text to its row, rejecting duplicates.
func keyIndex(c *Column, side string) (map[string]int, error) {
	idx := make(map[string]int, c.Len())
	for r := range c.Len() {
		if c.IsNA(r) {
			continue
		}
		k := c.Text(r)
		if first, dup := idx[k]; dup {
			return nil, fmt.Errorf("table: join: key %q is %q in rows %d and %d of the %s table; keys must be unique", c.name, k, first, r, side)
		}
		idx[k] = r
	}
	return idx, nil
}

// Grouped is a table split into groups by [Table.GroupBy].
type Grouped struct {
	t      *Table
	keys   []*Column
	groups [][]int // row indices, groups sorted by key
}

// GroupBy groups the rows by the values of the key columns. Groups are
// ordered by their keys (missing last), rows keep their order within a
// group; rows with a missing key form their own group.
func (t *Table) GroupBy(keys ...string) (*Grouped, error) {
	if len(keys) == 0 {
		return nil, fmt.Errorf("table: GroupBy needs at least one key column")
	}
	g := &Grouped{t: t}
	for _, k := range keys {
		c, err := t.Column(k)
		if err != nil {
			return nil, err
		}
		g.keys = append(g.keys, c)
	}
	pos := map[string]int{}
	buf := make([]byte, 0, 64)
	for r := range t.nrows {
		buf = buf[:0]
		for _, c := range g.keys {
			if c.IsNA(r) {
				buf = append(buf, 0)
			} else {
				buf = append(buf, c.Text(r)...)
			}
			buf = append(buf, 0xff)
		}
		k, ok := pos[string(buf)]
		if !ok {
			k = len(g.groups)
			pos[string(buf)] = k
			g.groups = append(g.groups, nil)
		}
		g.groups[k] = append(g.groups[k], r)
	}
	slices.SortStableFunc(g.groups, func(a, b []int) int {
		for _, c := range g.keys {
			if v := c.cmp(a[0], b[0]); v != 0 {
				return v
			}
		}
		return 0
	})
	return g, nil
}

// Len returns the number of groups.
func (g *Grouped) Len() int { return len(g.groups) }

// Indices returns the row indices of each group.
func (g *Grouped) Indices() [][]int {
	out := make([][]int, len(g.groups))
	for k, rows := range g.groups {
		out[k] = slices.Clone(rows)
	}
	return out
}

// Group returns the rows of group k as a table.
func (g *Grouped) Group(k int) *Table { return g.t.take(g.groups[k]) }
