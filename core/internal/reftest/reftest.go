// Package reftest holds the test helpers that read the reference set
// (copied from shared/reference/survival into each package's testdata/:
// CSV data and expected JSON values) and compare results with it. It is
// imported only by tests.
package reftest

import (
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// Table is a CSV file of the reference set read by column: numeric columns
// only, "NA" as NaN.
type Table map[string][]float64

// ReadCSV reads testdata/<base of name> of the calling package.
func ReadCSV(t testing.TB, name string) Table {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", filepath.Base(name)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	tab := Table{}
	for j, h := range recs[0] {
		col := make([]float64, len(recs)-1)
		for i, r := range recs[1:] {
			if r[j] == "NA" {
				col[i] = math.NaN()
				continue
			}
			v, err := strconv.ParseFloat(r[j], 64)
			if err != nil {
				col = nil
				break
			}
			col[i] = v
		}
		if col != nil {
			tab[h] = col
		}
	}
	return tab
}

// Matrix returns the named columns as an n × len(cols) matrix.
func (tab Table) Matrix(t testing.TB, cols []string) *mat.Dense {
	t.Helper()
	n := len(tab[cols[0]])
	m := mat.NewDense(n, len(cols), nil)
	for j, c := range cols {
		col, ok := tab[c]
		if !ok {
			t.Fatalf("no numeric column %q", c)
		}
		for i, v := range col {
			m.Set(i, j, v)
		}
	}
	return m
}

// ReadJSON decodes testdata/name of the calling package into v.
func ReadJSON(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// RelErr is |got-want| / max(|want|, floor).
func RelErr(got, want, floor float64) float64 {
	return math.Abs(got-want) / math.Max(math.Abs(want), floor)
}

// CheckVec reports the worst relative error of got against want when it
// exceeds tol (a NaN error counts as exceeding).
func CheckVec(t testing.TB, what string, got, want []float64, tol, floor float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: length %d, want %d", what, len(got), len(want))
		return
	}
	worst, at := 0.0, -1
	for i := range want {
		if e := RelErr(got[i], want[i], floor); e > worst || math.IsNaN(e) {
			worst, at = e, i
		}
	}
	if worst > tol || at >= 0 && math.IsNaN(worst) {
		t.Errorf("%s[%d] = %.17g, want %.17g: relative error %.3g exceeds tol %g", what, at, got[at], want[at], worst, tol)
	}
}
