package table

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"gonum.org/v1/gonum/mat"

	"radgo/core/survival"
)

// Matrix returns the named columns (all columns when none are named) as an
// n × len(cols) matrix, in the given order. Float, int and bool columns
// convert (true is 1); text and categorical columns are an error (use
// [Table.Dummies] first), and so is a missing value, named by row and
// column (use [Table.DropNA] first).
func (t *Table) Matrix(cols ...string) (*mat.Dense, error) {
	if len(cols) == 0 {
		cols = t.Names()
	}
	if len(cols) == 0 || t.nrows == 0 {
		return nil, fmt.Errorf("table: matrix of %d rows and %d columns", t.nrows, len(cols))
	}
	cs := make([]*Column, len(cols))
	for j, n := range cols {
		c, err := t.Column(n)
		if err != nil {
			return nil, err
		}
		switch c.kind {
		case String:
			return nil, fmt.Errorf("table: matrix: column %q is text", n)
		case Categorical:
			return nil, fmt.Errorf("table: matrix: column %q is categorical; dummy-code it with Dummies", n)
		}
		cs[j] = c
	}
	p := len(cs)
	data := make([]float64, t.nrows*p)
	for j, c := range cs {
		for i := range t.nrows {
			v := c.Float(i)
			if math.IsNaN(v) {
				return nil, fmt.Errorf("table: matrix: column %q row %d is missing", c.name, i)
			}
			data[i*p+j] = v
		}
	}
	return mat.NewDense(t.nrows, p, data), nil
}

// AsCategorical returns the table with column col converted to a
// categorical column. With no levels given they are the distinct values,
// sorted numerically for number columns and as text otherwise, so the
// smallest is the reference level; given levels fix the order (the first is
// the reference) and a value outside them is an error.
func (t *Table) AsCategorical(col string, levels ...string) (*Table, error) {
	c, err := t.Column(col)
	if err != nil {
		return nil, err
	}
	if c.kind == Categorical && len(levels) == 0 {
		return t, nil
	}
	v := c.Strings()
	if len(levels) == 0 && (c.kind == Int || c.kind == Float || c.kind == Bool) {
		seen := map[string]float64{}
		for r, s := range v {
			if s != "" {
				seen[s] = c.Float(r)
			}
		}
		for s := range seen {
			levels = append(levels, s)
		}
		slices.SortFunc(levels, func(a, b string) int { return cmpOrdered(seen[a], seen[b]) })
	}
	nc, err := NewCategorical(col, v, levels...)
	if err != nil {
		return nil, err
	}
	return t.With(nc)
}

// SetReference returns the table with level moved to the front of the
// levels of categorical column col, making it the reference level of
// [Table.Dummies]. A text or number column is first converted with
// [Table.AsCategorical].
func (t *Table) SetReference(col, level string) (*Table, error) {
	t2, err := t.AsCategorical(col)
	if err != nil {
		return nil, err
	}
	c := t2.Col(col)
	k := slices.Index(c.levels, level)
	if k < 0 {
		return nil, fmt.Errorf("table: column %q has no level %q (levels %q)", col, level, c.levels)
	}
	levels := append([]string{level}, slices.Delete(slices.Clone(c.levels), k, k+1)...)
	nc, err := NewCategorical(col, c.Strings(), levels...)
	if err != nil {
		return nil, err
	}
	return t2.With(nc)
}

// Dummies returns the table with each named column (all categorical
// columns when none are named) replaced, in place, by one int 0/1 column per
// non-reference level, named column_level (for example "location_Middle"):
// treatment coding, as R's model.matrix with contr.treatment. Text columns
// are converted first with [Table.AsCategorical]. A missing value gives
// missing in every dummy of the row. A column with one level gives no
// dummies and is dropped.
func (t *Table) Dummies(cols ...string) (*Table, error) {
	if len(cols) == 0 {
		for _, c := range t.cols {
			if c.kind == Categorical {
				cols = append(cols, c.name)
			}
		}
	}
	work := t
	for _, n := range cols {
		c, err := work.Column(n)
		if err != nil {
			return nil, err
		}
		if c.kind != Categorical && c.kind != String {
			return nil, fmt.Errorf("table: dummies: column %q is %v; convert it with AsCategorical to dummy-code numbers", n, c.kind)
		}
		if work, err = work.AsCategorical(n); err != nil {
			return nil, err
		}
	}
	want := map[string]bool{}
	for _, n := range cols {
		want[n] = true
	}
	var out []*Column
	for _, c := range work.cols {
		if !want[c.name] {
			out = append(out, c)
			continue
		}
		for l := 1; l < len(c.levels); l++ {
			v := make([]int64, len(c.codes))
			var na []bool
			for r, code := range c.codes {
				switch {
				case code < 0:
					if na == nil {
						na = make([]bool, len(c.codes))
					}
					na[r] = true
				case int(code) == l:
					v[r] = 1
				}
			}
			out = append(out, &Column{name: c.name + "_" + c.levels[l], kind: Int, i: v, na: na})
		}
	}
	return New(out...)
}

// Surv returns the survival pair of the time and event columns. The time
// column must be numeric; the event column bool, or numeric coded 0/1
// (1 = event) or, as R's Surv accepts, 1/2 (2 = event) when every value is
// 1 or 2 and some are 2. Missing values and negative times are errors naming the row (drop
// them first with [Table.DropNA]).
func (t *Table) Surv(timeCol, eventCol string) (survival.Data, error) {
	tc, err := t.Column(timeCol)
	if err != nil {
		return survival.Data{}, err
	}
	ec, err := t.Column(eventCol)
	if err != nil {
		return survival.Data{}, err
	}
	if timeCol == eventCol {
		return survival.Data{}, fmt.Errorf("table: surv: time and event are the same column %q", timeCol)
	}
	if tc.kind != Float && tc.kind != Int {
		return survival.Data{}, fmt.Errorf("table: surv: time column %q is %v, not numeric", timeCol, tc.kind)
	}
	d := survival.Data{Time: make([]float64, t.nrows), Event: make([]bool, t.nrows)}
	for i := range t.nrows {
		v := tc.Float(i)
		if math.IsNaN(v) {
			return survival.Data{}, fmt.Errorf("table: surv: time %q is missing in row %d", timeCol, i)
		}
		if v < 0 || math.IsInf(v, 0) {
			return survival.Data{}, fmt.Errorf("table: surv: time %q is %v in row %d", timeCol, v, i)
		}
		d.Time[i] = v
	}
	switch ec.kind {
	case Bool:
		for i := range t.nrows {
			if ec.IsNA(i) {
				return survival.Data{}, fmt.Errorf("table: surv: event %q is missing in row %d", eventCol, i)
			}
			d.Event[i] = ec.b[i]
		}
	case Int, Float:
		oneTwo, sawTwo := true, false
		for i := range t.nrows {
			v := ec.Float(i)
			if math.IsNaN(v) {
				return survival.Data{}, fmt.Errorf("table: surv: event %q is missing in row %d", eventCol, i)
			}
			if v != 1 && v != 2 {
				oneTwo = false
			}
			sawTwo = sawTwo || v == 2
			if v != 0 && v != 1 && v != 2 {
				return survival.Data{}, fmt.Errorf("table: surv: event %q is %s in row %d; want 0/1, 1/2 or true/false", eventCol, strconv.FormatFloat(v, 'g', -1, 64), i)
			}
		}
		oneTwo = oneTwo && sawTwo // all 1s are 0/1 coding, as R
		for i := range t.nrows {
			v := ec.Float(i)
			if !oneTwo && v == 2 {
				return survival.Data{}, fmt.Errorf("table: surv: event %q mixes 0 and 2 (row %d); want 0/1 or 1/2", eventCol, i)
			}
			if oneTwo {
				d.Event[i] = v == 2
			} else {
				d.Event[i] = v == 1
			}
		}
	default:
		return survival.Data{}, fmt.Errorf("table: surv: event column %q is %v; want bool or 0/1", eventCol, ec.kind)
	}
	return d, nil
}
