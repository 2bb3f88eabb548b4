package table

import (
	"fmt"
)

// Wider pivots a long table (one row per id and name, as a single-case
// PyRadiomics CSV "feature,value" with a case column added) to a wide one:
// one row per distinct id, in order of first appearance, and one column per
// distinct name, in order of first appearance. Combinations that do not
// occur are missing; a combination that occurs twice is an error. When the
// value column holds text (PyRadiomics mixes diagnostics text and numbers)
// the kind of each new column is inferred from its cells as [Read] does.
func (t *Table) Wider(id, names, values string) (*Table, error) {
	ic, err := t.Column(id)
	if err != nil {
		return nil, err
	}
	nc, err := t.Column(names)
	if err != nil {
		return nil, err
	}
	vc, err := t.Column(values)
	if err != nil {
		return nil, err
	}
	rowOf := map[string]int{}
	var firstRow []int
	colOf := map[string]int{}
	var colNames []string
	for r := range t.nrows {
		k := ic.Text(r)
		if _, ok := rowOf[k]; !ok {
			rowOf[k] = len(firstRow)
			firstRow = append(firstRow, r)
		}
		if nc.IsNA(r) {
			return nil, fmt.Errorf("table: wider: row %d has a missing %q", r, names)
		}
		n := nc.Text(r)
		if _, ok := colOf[n]; !ok {
			if n == id {
				return nil, fmt.Errorf("table: wider: name %q in column %q clashes with the id column", n, names)
			}
			colOf[n] = len(colNames)
			colNames = append(colNames, n)
		}
	}
	nr, ncol := len(firstRow), len(colNames)
	src := make([][]int, ncol) // src[j][i]: row of t for wide cell (i, j), -1 if none
	for j := range src {
		src[j] = make([]int, nr)
		for i := range src[j] {
			src[j][i] = -1
		}
	}
	for r := range t.nrows {
		i, j := rowOf[ic.Text(r)], colOf[nc.Text(r)]
		if prev := src[j][i]; prev >= 0 {
			return nil, fmt.Errorf("table: wider: id %q and name %q occur in rows %d and %d", ic.Text(r), nc.Text(r), prev, r)
		}
		src[j][i] = r
	}
	cols := []*Column{ic.take(firstRow)}
	cfg := newConfig("", nil)
	for j, n := range colNames {
		c := vc.take(src[j]).Renamed(n)
		if vc.kind == String {
			cells := c.s
			if c.na != nil {
				cells = make([]string, len(c.s))
				for k := range cells {
					if !c.na[k] {
						cells[k] = c.s[k]
					}
				}
			}
			c, _, err = parseColumn(n, cells, cfg, 0, false)
			if err != nil {
				return nil, fmt.Errorf("table: wider: column %q: %w", n, err)
			}
		}
		cols = append(cols, c)
	}
	return New(cols...)
}

// Longer pivots the given columns of a wide table (all columns but ids when
// none are given) to a long table with the id columns, a names column
// holding the column names and a values column holding the values, one row
// per (row, column) in row-major order. The values column is a float column
// when every pivoted column is numeric, else a string column of the cells'
// text.
func (t *Table) Longer(ids []string, names, values string, cols ...string) (*Table, error) {
	isID := map[string]bool{}
	var idCols []*Column
	for _, n := range ids {
		c, err := t.Column(n)
		if err != nil {
			return nil, err
		}
		isID[n] = true
		idCols = append(idCols, c)
	}
	var pc []*Column
	if len(cols) == 0 {
		for _, c := range t.cols {
			if !isID[c.name] {
				pc = append(pc, c)
			}
		}
	} else {
		for _, n := range cols {
			c, err := t.Column(n)
			if err != nil {
				return nil, err
			}
			if isID[n] {
				return nil, fmt.Errorf("table: longer: column %q is both an id and a value column", n)
			}
			pc = append(pc, c)
		}
	}
	if isID[names] || isID[values] || names == values {
		return nil, fmt.Errorf("table: longer: names column %q and values column %q must be new, distinct names", names, values)
	}
	numeric := true
	for _, c := range pc {
		if c.kind == String || c.kind == Categorical {
			numeric = false
		}
	}
	n := t.nrows * len(pc)
	rowIdx := make([]int, 0, n)
	nameV := make([]string, 0, n)
	for r := range t.nrows {
		for _, c := range pc {
			rowIdx = append(rowIdx, r)
			nameV = append(nameV, c.name)
		}
	}
	out := make([]*Column, 0, len(idCols)+2)
	for _, c := range idCols {
		out = append(out, c.take(rowIdx))
	}
	out = append(out, NewString(names, nameV))
	if numeric {
		v := make([]float64, 0, n)
		for r := range t.nrows {
			for _, c := range pc {
				v = append(v, c.Float(r))
			}
		}
		out = append(out, NewFloat(values, v))
	} else {
		v := make([]string, 0, n)
		var na []bool
		for r := range t.nrows {
			for _, c := range pc {
				if c.IsNA(r) {
					if na == nil {
						na = make([]bool, n)
					}
					na[len(v)] = true
					v = append(v, "")
				} else {
					v = append(v, c.Text(r))
				}
			}
		}
		out = append(out, &Column{name: values, kind: String, s: v, na: na})
	}
	return New(out...)
}

// Transpose swaps rows and columns: the result has a column newName holding
// the names of t's columns other than nameCol, and one column per row of t
// named by that row's value of nameCol (which must be unique and not
// missing). Cell kinds are inferred from the text, as [Read] does. It turns
// a PyRadiomics baseline (one row per feature, one column per case) into one
// row per case.
func (t *Table) Transpose(nameCol, newName string) (*Table, error) {
	nc, err := t.Column(nameCol)
	if err != nil {
		return nil, err
	}
	seen := map[string]int{newName: -1}
	var names []string
	for r := range t.nrows {
		if nc.IsNA(r) {
			return nil, fmt.Errorf("table: transpose: %q is missing in row %d", nameCol, r)
		}
		n := nc.Text(r)
		if prev, dup := seen[n]; dup {
			if prev < 0 {
				return nil, fmt.Errorf("table: transpose: row %d is named %q, the name of the new column", r, n)
			}
			return nil, fmt.Errorf("table: transpose: %q is %q in rows %d and %d", nameCol, n, prev, r)
		}
		seen[n] = r
		names = append(names, n)
	}
	var src []*Column
	for _, c := range t.cols {
		if c.name != nameCol {
			src = append(src, c)
		}
	}
	first := make([]string, len(src))
	for k, c := range src {
		first[k] = c.name
	}
	cols := []*Column{NewString(newName, first)}
	cfg := newConfig("", nil)
	cells := make([]string, len(src))
	for r, n := range names {
		for k, c := range src {
			cells[k] = ""
			if !c.IsNA(r) {
				cells[k] = c.Text(r)
			}
		}
		c, _, err := parseColumn(n, cells, cfg, 0, false)
		if err != nil {
			return nil, fmt.Errorf("table: transpose: %w", err)
		}
		cols = append(cols, c)
	}
	return New(cols...)
}
