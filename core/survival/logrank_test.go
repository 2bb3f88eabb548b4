package survival

import (
	"strings"
	"testing"
)

type logrankCase struct {
	ID       string  `json:"id"`
	Data     string  `json:"data"`
	Time     string  `json:"time"`
	Event    string  `json:"event"`
	Group    string  `json:"group"`
	Strata   *string `json:"strata"`
	Rho      float64 `json:"rho"`
	Notes    string  `json:"notes"`
	Expected struct {
		Groups   []string `json:"groups"`
		N        []nf     `json:"n"`
		Observed []nf     `json:"observed"`
		Expected []nf     `json:"expected"`
		Var      [][]nf   `json:"var"`
		ChiSq    nf       `json:"chisq"`
		DF       int      `json:"df"`
		P        nf       `json:"p"`
	} `json:"expected"`
}

// TestLogRankReference checks every case of testdata/logrank.json (R
// survival 3.5-3 survdiff). Tolerance 1e-10 relative, 1e-12 absolute
// (closed form); counts and df exact.
func TestLogRankReference(t *testing.T) {
	const rel, abs = 1e-10, 1e-12
	var f struct{ Cases []logrankCase }
	loadJSON(t, "logrank.json", &f)
	if len(f.Cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range f.Cases {
		t.Run(c.ID, func(t *testing.T) {
			tb := readTable(t, c.Data)
			cols := []string{c.Time, c.Event, c.Group}
			var st []string
			if c.Strata != nil {
				cols = append(cols, *c.Strata)
			}
			rows := tb.rows(t, c.Notes, cols...)
			if c.Strata != nil {
				st = tb.strings(*c.Strata, rows)
			}
			d := tb.data(t, c.Time, c.Event, rows)
			r, err := LogRank(d, tb.strings(c.Group, rows), &LogRankSettings{Rho: c.Rho, Strata: st})
			if err != nil {
				t.Fatal(err)
			}
			w := c.Expected
			for k, g := range r.Groups {
				if k >= len(w.Groups) || c.Group+"="+g != w.Groups[k] {
					t.Errorf("groups %v, want %v", r.Groups, w.Groups)
					break
				}
			}
			checkVec(t, "n", intsToFloats(r.N), w.N, 0, 0)
			checkVec(t, "observed", r.Observed, w.Observed, rel, abs)
			checkVec(t, "expected", r.Expected, w.Expected, rel, abs)
			for j := range w.Var {
				checkVec(t, "var", r.Var[j], w.Var[j], rel, abs)
			}
			checkNum(t, "chisq", r.ChiSq, w.ChiSq, rel, abs)
			checkNum(t, "p", r.P, w.P, rel, abs)
			if r.DF != w.DF {
				t.Errorf("df = %d, want %d", r.DF, w.DF)
			}
		})
	}
}

// A single stratum equals the unstratified test; a stratum variable equal
// to the group leaves no information (chi-square 0).
func TestLogRankStrata(t *testing.T) {
	tb := readTable(t, "lung.csv")
	rows := tb.rows(t, "", "time", "event", "sex")
	d := tb.data(t, "time", "event", rows)
	sex := tb.strings("sex", rows)
	plain, err := LogRank(d, sex, nil)
	if err != nil {
		t.Fatal(err)
	}
	one, err := LogRank(d, sex, &LogRankSettings{Strata: make([]string, len(sex))})
	if err != nil {
		t.Fatal(err)
	}
	if plain.ChiSq != one.ChiSq {
		t.Errorf("one stratum chisq %v, want %v", one.ChiSq, plain.ChiSq)
	}
	// stratified by institution; reference from R survival 3.5-3 on this
	// machine: survdiff(Surv(time, event) ~ sex + strata(inst), data = d)$chisq
	// (rows with inst NA dropped by R's na.omit).
	const wantStrat = 8.5244673633231738
	rows2 := tb.rows(t, "", "time", "event", "sex", "inst")
	d2 := tb.data(t, "time", "event", rows2)
	st, err := LogRank(d2, tb.strings("sex", rows2), &LogRankSettings{Strata: tb.strings("inst", rows2)})
	if err != nil {
		t.Fatal(err)
	}
	checkNum(t, "stratified chisq", st.ChiSq, wantStrat, 1e-10, 0)
}

func TestLogRankBadInput(t *testing.T) {
	d := Data{Time: []float64{1, 2, 3}, Event: []bool{true, false, true}}
	cases := []struct {
		name  string
		d     Data
		group []string
		want  string
	}{
		{"one group", d, []string{"a", "a", "a"}, "at least 2 groups"},
		{"length", d, []string{"a", "b"}, "group labels"},
		{"no events", Data{Time: []float64{1, 2}, Event: []bool{false, false}}, []string{"a", "b"}, "no events"},
	}
	for _, c := range cases {
		_, err := LogRank(c.d, c.group, nil)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}
