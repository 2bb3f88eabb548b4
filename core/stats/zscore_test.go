package stats

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// columnList is a JSON column list, either an array or a range "f001..f150".
type columnList []string

func (c *columnList) UnmarshalJSON(b []byte) error {
	var list []string
	if err := json.Unmarshal(b, &list); err == nil {
		*c = list
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	from, to, ok := strings.Cut(s, "..")
	if !ok {
		return fmt.Errorf("column spec %q", s)
	}
	i := strings.IndexAny(from, "0123456789")
	prefix, width := from[:i], len(from)-i
	a, err1 := strconv.Atoi(from[i:])
	b2, err2 := strconv.Atoi(to[i:])
	if err1 != nil || err2 != nil {
		return fmt.Errorf("column spec %q", s)
	}
	for k := a; k <= b2; k++ {
		*c = append(*c, fmt.Sprintf("%s%0*d", prefix, width, k))
	}
	return nil
}

// zscore.json (R 4.2.2 colMeans/sd; testdata/README.md). Closed form:
// relative 1e-12 on means and SDs, 1e-10 on z-scores (the data file
// prints 17 digits of values computed in R).
func TestZScoreReference(t *testing.T) {
	var ref struct {
		Cases []struct {
			ID       string     `json:"id"`
			Data     string     `json:"data"`
			Columns  columnList `json:"columns"`
			Expected struct {
				Mean   []float64 `json:"mean"`
				SDPop  []float64 `json:"sd_pop_ddof0"`
				SDSamp []float64 `json:"sd_sample_ddof1"`
				ZCols  []string  `json:"z_columns"`
			} `json:"expected"`
		}
	}
	readJSON(t, "zscore.json", &ref)
	if len(ref.Cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range ref.Cases {
		t.Run(c.ID, func(t *testing.T) {
			tab := readCSV(t, c.Data)
			x := tab.Matrix(t, c.Columns)
			pop, err := FitZScore(x, false)
			if err != nil {
				t.Fatal(err)
			}
			samp, err := FitZScore(x, true)
			if err != nil {
				t.Fatal(err)
			}
			checkVec(t, "mean", pop.Mean, c.Expected.Mean, 1e-12, 1e-12)
			checkVec(t, "sd pop", pop.SD, c.Expected.SDPop, 1e-12, 0)
			checkVec(t, "sd sample", samp.SD, c.Expected.SDSamp, 1e-12, 0)
			z, err := pop.Apply(x)
			if err != nil {
				t.Fatal(err)
			}
			zcols := c.Expected.ZCols
			ztab := tab
			if zcols == nil { // radsim: z-scored copy in radsim_small_z.csv
				zcols = c.Columns
				ztab = readCSV(t, strings.Replace(c.Data, ".csv", "_z.csv", 1))
			}
			for j, name := range zcols {
				got := make([]float64, len(ztab[name]))
				for i := range got {
					got[i] = z.At(i, j)
				}
				checkVec(t, "z "+name, got, ztab[name], 1e-10, 1e-8)
			}
		})
	}
}

func TestZScoreTrainValidation(t *testing.T) {
	train := []float64{1, 2, 3, 4}
	valid := []float64{5, 2.5}
	x := colMatrix(train)
	z, err := FitZScore(x, false)
	if err != nil {
		t.Fatal(err)
	}
	out, err := z.Apply(colMatrix(valid))
	if err != nil {
		t.Fatal(err)
	}
	sd := 1.118033988749895 // sqrt(1.25)
	for i, v := range valid {
		if want := (v - 2.5) / sd; relErr(out.At(i, 0), want, 1e-300) > 1e-15 {
			t.Errorf("validation z[%d] = %g, want %g (training mean and SD)", i, out.At(i, 0), want)
		}
	}
	if _, err := z.Apply(rowMatrix(1, 2)); err == nil {
		t.Error("Apply accepted a matrix with a different number of columns")
	}
}
