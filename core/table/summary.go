package table

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat"
)

// AggOp is a summary statistic computed by [Grouped.Summarise].
type AggOp int

// The summary statistics. All but Count and NMissing skip missing values
// (R's na.rm = TRUE); a group with no non-missing value gives NaN.
const (
	CountOp    AggOp = iota // rows in the group
	NMissingOp              // missing values in the column
	SumOp
	MeanOp
	MedianOp
	SDOp // sample standard deviation (n - 1)
	MinOp
	MaxOp
)

var aggNames = [...]string{"n", "n_missing", "sum", "mean", "median", "sd", "min", "max"}

// Agg is one output column of [Grouped.Summarise]: Op applied to Column,
// named Name (by default "op_column", e.g. "mean_age", or "n" for Count).
type Agg struct {
	Name   string
	Column string
	Op     AggOp
}

// Count counts the rows of each group (output column "n").
func Count() Agg { return Agg{Op: CountOp} }

// NMissing counts the missing values of col ("n_missing_col").
func NMissing(col string) Agg { return Agg{Column: col, Op: NMissingOp} }

// Sum sums the non-missing values of col ("sum_col").
func Sum(col string) Agg { return Agg{Column: col, Op: SumOp} }

// Mean averages the non-missing values of col ("mean_col").
func Mean(col string) Agg { return Agg{Column: col, Op: MeanOp} }

// Median is the median of the non-missing values of col ("median_col"),
// the mean of the two middle values for an even count.
func Median(col string) Agg { return Agg{Column: col, Op: MedianOp} }

// SD is the sample standard deviation (n - 1) of col ("sd_col").
func SD(col string) Agg { return Agg{Column: col, Op: SDOp} }

// Min is the smallest non-missing value of col ("min_col").
func Min(col string) Agg { return Agg{Column: col, Op: MinOp} }

// Max is the largest non-missing value of col ("max_col").
func Max(col string) Agg { return Agg{Column: col, Op: MaxOp} }

// As returns the aggregate with output column name.
func (a Agg) As(name string) Agg { a.Name = name; return a }

func (a Agg) name() string {
	if a.Name != "" {
		return a.Name
	}
	if a.Op == CountOp {
		return "n"
	}
	return aggNames[a.Op] + "_" + a.Column
}

// Summarise returns one row per group: the key columns, then one column per
// aggregate (Count and NMissing as ints, the rest as floats).
func (g *Grouped) Summarise(aggs ...Agg) (*Table, error) {
	first := make([]int, len(g.groups))
	for k, rows := range g.groups {
		if len(rows) > 0 {
			first[k] = rows[0]
		}
	}
	var cols []*Column
	for _, c := range g.keys {
		cols = append(cols, c.take(first))
	}
	for _, a := range aggs {
		if a.Op < CountOp || a.Op > MaxOp {
			return nil, fmt.Errorf("table: summarise: unknown AggOp %d", int(a.Op))
		}
		var src *Column
		if a.Op != CountOp {
			c, err := g.t.Column(a.Column)
			if err != nil {
				return nil, fmt.Errorf("%w (in summarise %s)", err, a.name())
			}
			if a.Op != NMissingOp && (c.kind == String || c.kind == Categorical) {
				return nil, fmt.Errorf("table: summarise %s: column %q is %v, not numeric", a.name(), a.Column, c.kind)
			}
			src = c
		}
		switch a.Op {
		case CountOp, NMissingOp:
			v := make([]int64, len(g.groups))
			for k, rows := range g.groups {
				if a.Op == CountOp {
					v[k] = int64(len(rows))
					continue
				}
				for _, r := range rows {
					if src.IsNA(r) {
						v[k]++
					}
				}
			}
			cols = append(cols, NewInt(a.name(), v))
		default:
			v := make([]float64, len(g.groups))
			buf := make([]float64, 0, 16)
			for k, rows := range g.groups {
				buf = buf[:0]
				for _, r := range rows {
					if x := src.Float(r); !math.IsNaN(x) {
						buf = append(buf, x)
					}
				}
				v[k] = aggregate(a.Op, buf)
			}
			cols = append(cols, NewFloat(a.name(), v))
		}
	}
	return New(cols...)
}

func aggregate(op AggOp, x []float64) float64 {
	if len(x) == 0 {
		if op == SumOp {
			return 0
		}
		return math.NaN()
	}
	switch op {
	case SumOp:
		s := 0.0
		for _, v := range x {
			s += v
		}
		return s
	case MeanOp:
		return stat.Mean(x, nil)
	case MedianOp:
		slices.Sort(x)
		n := len(x)
		if n%2 == 1 {
			return x[n/2]
		}
		return (x[n/2-1] + x[n/2]) / 2
	case SDOp:
		if len(x) < 2 {
			return math.NaN()
		}
		return stat.StdDev(x, nil)
	case MinOp:
		return slices.Min(x)
	case MaxOp:
		return slices.Max(x)
	}
	return math.NaN()
}

// Summarise summarises the whole table as one group (one output row, no
// key columns).
func (t *Table) Summarise(aggs ...Agg) (*Table, error) {
	all := make([]int, t.nrows)
	for k := range all {
		all[k] = k
	}
	g := &Grouped{t: t, groups: [][]int{all}}
	if t.nrows == 0 {
		g.groups = [][]int{{}}
	}
	return g.Summarise(aggs...)
}
