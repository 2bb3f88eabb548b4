package elasticnet

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

// table is a CSV file of the reference set read by column.
type table map[string][]float64

func readCSV(t testing.TB, name string) table {
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
	tab := table{}
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

func (tab table) matrix(t testing.TB, cols []string) *mat.Dense {
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

func readJSON(t testing.TB, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// sparseCoef is the reference's sparse coefficient vector.
type sparseCoef struct {
	Lambda float64   `json:"lambda"`
	Index  []int     `json:"index_1based"`
	Value  []float64 `json:"value"`
	A0     *float64  `json:"a0"`
}

func (s sparseCoef) dense(p int) []float64 {
	d := make([]float64, p)
	for k, i := range s.Index {
		d[i-1] = s.Value[k]
	}
	return d
}

// relErr is |got-want| / max(|want|, floor).
func relErr(got, want, floor float64) float64 {
	return math.Abs(got-want) / math.Max(math.Abs(want), floor)
}

func checkVec(t *testing.T, what string, got, want []float64, tol, floor float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: length %d, want %d", what, len(got), len(want))
		return
	}
	worst, at := 0.0, -1
	for i := range want {
		if e := relErr(got[i], want[i], floor); e > worst || math.IsNaN(e) {
			worst, at = e, i
		}
	}
	if worst > tol || at >= 0 && math.IsNaN(worst) {
		t.Errorf("%s[%d] = %.17g, want %.17g: relative error %.3g exceeds tol %g", what, at, got[at], want[at], worst, tol)
	}
}

func column(m *mat.Dense, k int) []float64 {
	r, _ := m.Dims()
	c := make([]float64, r)
	for j := range c {
		c[j] = m.At(j, k)
	}
	return c
}
