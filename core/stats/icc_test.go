package stats

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

type iccCase struct {
	ID       string   `json:"id"`
	Data     string   `json:"data"`
	Raters   []string `json:"raters"`
	Expected struct {
		Type    []string  `json:"type"`
		ICC     []float64 `json:"icc"`
		F       []float64 `json:"F"`
		DF1     []float64 `json:"df1"`
		DF2     []float64 `json:"df2"`
		P       []float64 `json:"p"`
		Lower   []float64 `json:"lower95"`
		Upper   []float64 `json:"upper95"`
		MS      struct{ MSB, MSJ, MSE, MSW float64 }
		NSubj   int `json:"n_subjects"`
		NRaters int `json:"n_raters"`
	} `json:"expected"`
}

// icc.json: psych 2.2.9 ICC(lmer = FALSE) under R 4.2.2. Closed forms
// (mean squares, ICC, F): relative 1e-10. p-values and CI bounds go
// through gonum's incomplete-beta functions and their inverses, where
// R's pf/qf agree to ~1e-12: checked at 1e-9 relative.
func TestICCReference(t *testing.T) {
	var ref struct {
		Cases  []iccCase
		Filter []struct {
			Type      string    `json:"type"`
			Threshold float64   `json:"threshold"`
			Kept      []string  `json:"kept"`
			ICC       []float64 `json:"icc"`
		} `json:"feature_filter_icc_ge_0.8"`
	}
	readJSON(t, "icc.json", &ref)
	if len(ref.Cases) == 0 || len(ref.Filter) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range ref.Cases {
		t.Run(c.ID, func(t *testing.T) {
			tab := readCSV(t, c.Data)
			r, err := ICC(tab.Matrix(t, c.Raters))
			if err != nil {
				t.Fatal(err)
			}
			e := c.Expected
			if r.Subjects != e.NSubj || r.Raters != e.NRaters {
				t.Errorf("subjects/raters %d/%d, want %d/%d", r.Subjects, r.Raters, e.NSubj, e.NRaters)
			}
			checkVec(t, "MS", []float64{r.MSB, r.MSJ, r.MSE, r.MSW}, []float64{e.MS.MSB, e.MS.MSJ, e.MS.MSE, e.MS.MSW}, 1e-10, 0)
			var icc, f, df1, df2, p, lo, up []float64
			for k, name := range e.Type {
				row := r.Rows[k]
				if row.Type.String() != name {
					t.Fatalf("row %d is %v, want %s", k, row.Type, name)
				}
				icc = append(icc, row.ICC)
				f = append(f, row.F)
				df1 = append(df1, row.DF1)
				df2 = append(df2, row.DF2)
				p = append(p, row.P)
				lo = append(lo, row.Lower)
				up = append(up, row.Upper)
			}
			checkVec(t, "icc", icc, e.ICC, 1e-10, 1e-12)
			checkVec(t, "F", f, e.F, 1e-10, 0)
			checkVec(t, "df1", df1, e.DF1, 0, 0)
			checkVec(t, "df2", df2, e.DF2, 0, 0)
			checkVec(t, "p", p, e.P, 1e-9, 0)
			checkVec(t, "lower95", lo, e.Lower, 1e-9, 1e-12)
			checkVec(t, "upper95", up, e.Upper, 1e-9, 1e-12)
		})
	}
	// The study's ICC >= 0.8 filter over the two-reader feature table.
	tab := readCSV(t, "icc_features.csv")
	var names, c1, c2 []string
	for _, c := range ref.Cases {
		if strings.HasPrefix(c.ID, "features_") {
			names = append(names, strings.TrimSuffix(c.Raters[0], "_r1"))
			c1 = append(c1, c.Raters[0])
			c2 = append(c2, c.Raters[1])
		}
	}
	feats, err := ICCByFeature(tab.Matrix(t, c1), tab.Matrix(t, c2), names)
	if err != nil {
		t.Fatal(err)
	}
	for _, flt := range ref.Filter {
		var typ ICCType = -1
		for k := ICC1; k < numICC; k++ {
			if k.String() == flt.Type {
				typ = k
			}
		}
		if typ < 0 {
			t.Fatalf("unknown ICC type %q", flt.Type)
		}
		var got []float64
		for _, f := range feats {
			got = append(got, f.Result.Rows[typ].ICC)
		}
		checkVec(t, "filter icc "+flt.Type, got, flt.ICC, 1e-10, 1e-12)
		kept := KeepICC(feats, typ, flt.Threshold)
		if strings.Join(kept, ",") != strings.Join(flt.Kept, ",") {
			t.Errorf("%s >= %g keeps %v, want %v", flt.Type, flt.Threshold, kept, flt.Kept)
		}
	}
}

func TestICCBadInput(t *testing.T) {
	if _, err := ICC(mat.NewDense(3, 1, []float64{1, 2, 3})); err == nil {
		t.Error("one rater accepted")
	}
	if _, err := ICC(mat.NewDense(2, 2, []float64{1, 1, 1, 1})); err == nil {
		t.Error("constant ratings accepted")
	}
	if _, err := ICCByFeature(mat.NewDense(2, 2, nil), mat.NewDense(3, 2, nil), nil); err == nil {
		t.Error("reader tables of different shapes accepted")
	}
	nan := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	nan.Set(1, 0, nanv)
	r, err := ICC(nan)
	if err != nil || r.Dropped != 1 || r.Subjects != 2 {
		t.Errorf("NaN row: err %v, dropped %v", err, r)
	}
}

// Readers whose ratings are exact negatives with MSJ = MSE make ICC(2,1)
// = -1 and the Satterthwaite degrees of freedom of its bounds zero; the
// bounds are then NaN (R: NA), never a panic in distuv.F.
func TestICCDegenerateDF(t *testing.T) {
	x := mat.NewDense(4, 2, []float64{4, -4, 0, 0, 0, 0, 0, 0})
	r, err := ICC(x)
	if err != nil {
		t.Fatal(err)
	}
	row := r.Rows[ICC2]
	if math.Abs(row.ICC+1) > 1e-12 {
		t.Errorf("ICC(2,1) = %v, want -1", row.ICC)
	}
	if !math.IsNaN(row.Lower) || !math.IsNaN(row.Upper) {
		t.Errorf("ICC(2,1) bounds = [%v, %v], want NaN", row.Lower, row.Upper)
	}
}
