package cox

import (
	"errors"
	"math"
	"strings"
	"testing"

	"radgo/core/survival"
)

func toyData() (survival.Data, []float64) {
	d := survival.Data{
		Time:  []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
		Event: []bool{true, true, false, true, true, true, false, true, true, false},
	}
	x := []float64{3, 1, 4, 1, 5, 9, 2, 6, 5, 3}
	return d, x
}

// A covariate that orders the event times perfectly has its maximum at
// infinity: R coxph warns "Loglik converged before variable 1;
// coefficient may be infinite" and prints a large finite number; Fit
// flags it and reports +Inf.
func TestFitSeparation(t *testing.T) {
	d := survival.Data{Time: []float64{1, 2, 3, 4, 5, 6, 7, 8}, Event: []bool{true, true, true, true, true, true, false, true}}
	x := []float64{1, 1, 1, 1, 0, 0, 0, 0}
	m, err := Fit(d, [][]float64{x}, []string{"x"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !m.Infinite[0] || !math.IsInf(m.Coef[0], 1) || len(m.Warnings) == 0 {
		t.Fatalf("infinite %v coef %v warnings %q; want flagged +Inf", m.Infinite, m.Coef, m.Warnings)
	}
	if !math.IsNaN(m.StdErr[0]) || !math.IsNaN(m.P[0]) {
		t.Errorf("se %v p %v of an infinite coefficient, want NaN", m.StdErr[0], m.P[0])
	}
	if !(m.LR.ChiSq > 0) || math.IsNaN(m.LR.P) {
		t.Errorf("LR test %+v should stay valid", m.LR)
	}
	if !strings.Contains(m.String(), "infinite") {
		t.Errorf("summary does not mention the infinite coefficient:\n%s", m)
	}
}

func TestFitBadInput(t *testing.T) {
	d, x := toyData()
	constant := make([]float64, 10)
	for i := range constant {
		constant[i] = 2
	}
	twice := make([]float64, 10)
	for i, v := range x {
		twice[i] = 2*v + 1
	}
	nanx := append([]float64(nil), x...)
	nanx[3] = math.NaN()
	cases := []struct {
		name  string
		d     survival.Data
		x     [][]float64
		names []string
		s     *Settings
		want  string
	}{
		{"constant", d, [][]float64{x, constant}, []string{"x", "c"}, nil, "collinear"},
		{"collinear", d, [][]float64{x, twice}, []string{"x", "x2"}, nil, "collinear"},
		{"p >= n", survival.Data{Time: d.Time[:2], Event: d.Event[:2]}, [][]float64{x[:2], twice[:2]}, []string{"a", "b"}, nil, "covariates for 2 subjects"},
		{"lengths", d, [][]float64{x[:5]}, []string{"x"}, nil, "has 5 values"},
		{"names", d, [][]float64{x}, []string{"x", "y"}, nil, "names"},
		{"NaN covariate", d, [][]float64{nanx}, []string{"x"}, nil, "NaN"},
		{"NaN time", survival.Data{Time: []float64{1, math.NaN()}, Event: []bool{true, true}}, [][]float64{{1, 2}}, []string{"x"}, nil, "not a finite"},
		{"negative time", survival.Data{Time: []float64{1, -1}, Event: []bool{true, true}}, [][]float64{{1, 2}}, []string{"x"}, nil, "not a finite"},
		{"no events", survival.Data{Time: d.Time, Event: make([]bool, 10)}, [][]float64{x}, []string{"x"}, nil, "no events"},
		{"weights", d, [][]float64{x}, []string{"x"}, &Settings{Weights: []float64{1}}, "weights"},
		{"negative weight", d, [][]float64{x}, []string{"x"}, &Settings{Weights: []float64{1, 1, 1, -1, 1, 1, 1, 1, 1, 1}}, "weight"},
		{"strata", d, [][]float64{x}, []string{"x"}, &Settings{Strata: []string{"a"}}, "strata"},
		{"no covariates", d, nil, nil, nil, "no covariates"},
	}
	for _, c := range cases {
		_, err := Fit(c.d, c.x, c.names, c.s)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
	_, err := Fit(d, [][]float64{x, constant}, []string{"x", "c"}, nil)
	if !errors.Is(err, ErrCollinear) {
		t.Errorf("constant covariate: %v is not ErrCollinear", err)
	}
	if _, _, err := Design([]Column{{Name: "g", Categories: []string{"a", "b"}, Ref: "z"}}); err == nil {
		t.Error("unknown reference level accepted")
	}
	if _, _, err := Design([]Column{{Name: "g", Categories: []string{"a", "a"}}}); err == nil {
		t.Error("single-level factor accepted")
	}
}

// Non-convergence is reported, not hidden.
func TestFitMaxIter(t *testing.T) {
	d, x := toyData()
	m, err := Fit(d, [][]float64{x}, []string{"x"}, &Settings{MaxIter: 1})
	if err != nil {
		t.Fatal(err)
	}
	if m.Converged || len(m.Warnings) == 0 {
		t.Errorf("converged %v warnings %q after 1 iteration", m.Converged, m.Warnings)
	}
}

// Properties: permuting subjects or rescaling a covariate leaves the fit
// unchanged (the coefficient scales inversely); Efron equals Breslow
// without ties; a single stratum equals no strata.
func TestFitProperties(t *testing.T) {
	d, x := toyData()
	base, err := Fit(d, [][]float64{x}, []string{"x"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	br, _ := Fit(d, [][]float64{x}, []string{"x"}, &Settings{Ties: Breslow})
	if math.Abs(br.Coef[0]-base.Coef[0]) > 1e-12 {
		t.Errorf("no ties: Breslow %v != Efron %v", br.Coef[0], base.Coef[0])
	}
	scaled := make([]float64, len(x))
	for i, v := range x {
		scaled[i] = 10 * v
	}
	sc, _ := Fit(d, [][]float64{scaled}, []string{"x"}, nil)
	if math.Abs(sc.Coef[0]*10-base.Coef[0]) > 1e-9*math.Abs(base.Coef[0]) || math.Abs(sc.LogLik-base.LogLik) > 1e-10 {
		t.Errorf("rescaled: coef %v loglik %v, want %v %v", sc.Coef[0]*10, sc.LogLik, base.Coef[0], base.LogLik)
	}
	perm := []int{9, 3, 0, 5, 1, 8, 2, 7, 4, 6}
	pd := survival.Data{Time: make([]float64, 10), Event: make([]bool, 10)}
	px := make([]float64, 10)
	for i, p := range perm {
		pd.Time[i], pd.Event[i], px[i] = d.Time[p], d.Event[p], x[p]
	}
	pm, _ := Fit(pd, [][]float64{px}, []string{"x"}, nil)
	if math.Abs(pm.Coef[0]-base.Coef[0]) > 1e-12 || math.Abs(pm.StdErr[0]-base.StdErr[0]) > 1e-12 {
		t.Errorf("permuted: %v/%v, want %v/%v", pm.Coef[0], pm.StdErr[0], base.Coef[0], base.StdErr[0])
	}
	one, _ := Fit(d, [][]float64{x}, []string{"x"}, &Settings{Strata: make([]string, 10)})
	if math.Abs(one.Coef[0]-base.Coef[0]) > 1e-12 {
		t.Errorf("one stratum %v != %v", one.Coef[0], base.Coef[0])
	}
	// integer weights equal replicated rows
	w := []float64{1, 2, 1, 1, 3, 1, 1, 2, 1, 1}
	wm, _ := Fit(d, [][]float64{x}, []string{"x"}, &Settings{Weights: w, Ties: Breslow})
	var rd survival.Data
	var rx []float64
	for i, k := range w {
		for r := 0; r < int(k); r++ {
			rd.Time = append(rd.Time, d.Time[i])
			rd.Event = append(rd.Event, d.Event[i])
			rx = append(rx, x[i])
		}
	}
	rm, _ := Fit(rd, [][]float64{rx}, []string{"x"}, &Settings{Ties: Breslow})
	if math.Abs(wm.Coef[0]-rm.Coef[0]) > 1e-9 || math.Abs(wm.StdErr[0]-rm.StdErr[0]) > 1e-9 {
		t.Errorf("weights %v/%v, replicated rows %v/%v", wm.Coef[0], wm.StdErr[0], rm.Coef[0], rm.StdErr[0])
	}
}

// Screen equals one Fit per covariate and records a failing covariate in
// its row.
func TestScreen(t *testing.T) {
	tb := readTable(t, "lung.csv")
	cov := []string{"age", "sex", "ph.karno"}
	rows := tb.rows(t, "", append([]string{"time", "event"}, cov...)...)
	d := tb.data(t, "time", "event", rows)
	var x [][]float64
	for _, c := range cov {
		x = append(x, tb.floats(t, c, rows))
	}
	x = append(x, make([]float64, len(rows)))
	names := append(cov, "zero")
	res, err := Screen(d, x, names, nil)
	if err != nil {
		t.Fatal(err)
	}
	for j := range cov {
		m, err := Fit(d, x[j:j+1], names[j:j+1], nil)
		if err != nil {
			t.Fatal(err)
		}
		if res[j].Name != cov[j] || res[j].Coef != m.Coef[0] || res[j].P != m.P[0] || res[j].C != m.Concordance.C {
			t.Errorf("row %d %+v != fit coef %v p %v", j, res[j], m.Coef[0], m.P[0])
		}
	}
	if last := res[len(res)-1]; !errors.Is(last.Err, ErrCollinear) || !math.IsNaN(last.Coef) {
		t.Errorf("constant covariate row: %+v", last)
	}
}

// coxph merges times equal up to rounding (timefix = TRUE); reference from
// R survival 3.5-3 on this machine: coef(coxph(Surv(t, s) ~ g)) with the
// data below is 0.27666862477962745.
func TestFitTimeFix(t *testing.T) {
	d := survival.Data{Time: []float64{1, 1 + 1e-10, 2, 2, 3, 30, 30.000000000000004, 45},
		Event: []bool{true, true, false, true, true, true, false, true}}
	m, err := Fit(d, [][]float64{{1, 2, 1, 2, 1, 2, 1, 2}}, []string{"g"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkNum(t, "coef", m.Coef[0], 0.27666862477962745, 1e-8, 0)
}

func TestPredictAndBaseline(t *testing.T) {
	d, x := toyData()
	m, err := Fit(d, [][]float64{x}, []string{"x"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := m.Predict([][]float64{x})
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range m.LinearPredictors() {
		if math.Abs(p[i]-v) > 1e-12 {
			t.Errorf("Predict[%d] = %v, linear predictor %v", i, p[i], v)
		}
	}
	if _, err := m.Predict(nil); err == nil {
		t.Error("Predict with no columns accepted")
	}
	bh := m.BaselineHazard()
	if len(bh) != 1 || len(bh[0].Time) != 10 {
		t.Fatalf("baseline %+v", bh)
	}
	s := bh[0].Survival(0)
	prev := 1.0
	for k, h := range bh[0].CumHazard {
		if math.Abs(s[k]-math.Exp(-h)) > 1e-15 || s[k] > prev {
			t.Errorf("survival %v at cumulative hazard %v", s[k], h)
		}
		prev = s[k]
	}
}
