package survival

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// refTable is a CSV file of testdata/ (copied from
// shared/reference/survival/data): columns by name, "NA" kept as text.
type refTable struct {
	name string
	cols map[string][]string
	n    int
}

func readTable(t *testing.T, dataField string) *refTable {
	t.Helper()
	name := filepath.Join("testdata", filepath.Base(dataField))
	f, err := os.Open(name)
	if err != nil {
		t.Fatalf("open %s: %v", name, err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("read %s: %v", name, err)
	}
	tb := &refTable{name: name, cols: map[string][]string{}, n: len(recs) - 1}
	for j, h := range recs[0] {
		col := make([]string, tb.n)
		for i := range col {
			col[i] = recs[i+1][j]
		}
		tb.cols[h] = col
	}
	return tb
}

// rows returns the row indices with no NA in any of the named columns (R
// na.omit), further restricted by a "rows with COL == 'V' only" note.
func (tb *refTable) rows(t *testing.T, notes string, cols ...string) []int {
	t.Helper()
	var col, val string
	if m := regexp.MustCompile(`rows with (\S+) == '([^']*)' only`).FindStringSubmatch(notes); m != nil {
		col, val = m[1], m[2]
	}
	var idx []int
outer:
	for i := 0; i < tb.n; i++ {
		for _, c := range cols {
			v, ok := tb.cols[c]
			if !ok {
				t.Fatalf("%s: no column %q", tb.name, c)
			}
			if v[i] == "NA" {
				continue outer
			}
		}
		if col != "" && tb.cols[col][i] != val {
			continue
		}
		idx = append(idx, i)
	}
	return idx
}

func (tb *refTable) floats(t *testing.T, col string, rows []int) []float64 {
	t.Helper()
	out := make([]float64, len(rows))
	for k, i := range rows {
		v, err := strconv.ParseFloat(tb.cols[col][i], 64)
		if err != nil {
			t.Fatalf("%s: column %s row %d: %v", tb.name, col, i+1, err)
		}
		out[k] = v
	}
	return out
}

func (tb *refTable) strings(col string, rows []int) []string {
	out := make([]string, len(rows))
	for k, i := range rows {
		out[k] = tb.cols[col][i]
	}
	return out
}

func (tb *refTable) data(t *testing.T, timeCol, eventCol string, rows []int) Data {
	t.Helper()
	tm := tb.floats(t, timeCol, rows)
	ev := tb.floats(t, eventCol, rows)
	d := Data{Time: tm, Event: make([]bool, len(ev))}
	for i, e := range ev {
		d.Event[i] = e != 0
	}
	return d
}

// nf is a JSON number where null means R's NA or a non-finite value.
type nf float64

func (x *nf) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*x = nf(math.NaN())
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*x = nf(f)
	return nil
}

func loadJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// close reports whether got matches want within a relative tolerance rel
// (absolute abs near zero). A NaN want (JSON null, R NA) matches a NaN or
// infinite got.
func close(got, want, rel, abs float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got) || math.IsInf(got, 0)
	}
	if got == want {
		return true
	}
	d := math.Abs(got - want)
	return d <= abs || d <= rel*math.Abs(want)
}

func checkVec(t *testing.T, what string, got []float64, want []nf, rel, abs float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: length %d, want %d", what, len(got), len(want))
		return
	}
	bad := 0
	for i := range got {
		if !close(got[i], float64(want[i]), rel, abs) {
			if bad < 3 {
				t.Errorf("%s[%d] = %.17g, want %.17g (rel tol %g, abs %g)", what, i, got[i], float64(want[i]), rel, abs)
			}
			bad++
		}
	}
	if bad > 3 {
		t.Errorf("%s: %d of %d values differ", what, bad, len(got))
	}
}

func checkNum(t *testing.T, what string, got float64, want nf, rel, abs float64) {
	t.Helper()
	if !close(got, float64(want), rel, abs) {
		t.Errorf("%s = %.17g, want %.17g (rel tol %g, abs %g)", what, got, float64(want), rel, abs)
	}
}

func intsToFloats(v []int) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}
