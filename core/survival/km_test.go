package survival

import (
	"math"
	"strings"
	"testing"
)

type kmStratum struct {
	Stratum       string `json:"stratum"`
	Time          []nf   `json:"time"`
	NRisk         []nf   `json:"n_risk"`
	NEvent        []nf   `json:"n_event"`
	NCensor       []nf   `json:"n_censor"`
	Surv          []nf   `json:"surv"`
	StdErrLogS    []nf   `json:"std_err_logS"`
	StdErrSurv    []nf   `json:"std_err_surv"`
	Lower         []nf   `json:"lower"`
	Upper         []nf   `json:"upper"`
	N             int    `json:"n"`
	Events        int    `json:"events"`
	Median        nf     `json:"median"`
	MedianLower95 nf     `json:"median_lower95"`
	MedianUpper95 nf     `json:"median_upper95"`
	Quantiles     struct {
		Probs []float64 `json:"probs"`
		Time  []nf      `json:"time"`
		Lower []nf      `json:"lower"`
		Upper []nf      `json:"upper"`
	} `json:"quantiles"`
}

type kmCase struct {
	ID       string  `json:"id"`
	Data     string  `json:"data"`
	Time     string  `json:"time"`
	Event    string  `json:"event"`
	Group    *string `json:"group"`
	Notes    string  `json:"notes"`
	Expected struct {
		ByConfType map[string][]kmStratum `json:"by_conf_type"`
	} `json:"expected"`
}

// TestKaplanMeierReference checks every case of testdata/km.json (R
// survival 3.5-3 survfit) for every conf.type. Tolerance: 1e-10 relative
// (closed form; R prints 17 digits), counts exact.
func TestKaplanMeierReference(t *testing.T) {
	const rel, abs = 1e-10, 1e-12
	var f struct{ Cases []kmCase }
	loadJSON(t, "km.json", &f)
	if len(f.Cases) == 0 {
		t.Fatal("no cases in km.json")
	}
	types := map[string]ConfType{"log": LogCI, "log-log": LogLogCI, "plain": PlainCI}
	for _, c := range f.Cases {
		t.Run(c.ID, func(t *testing.T) {
			tb := readTable(t, c.Data)
			cols := []string{c.Time, c.Event}
			if c.Group != nil {
				cols = append(cols, *c.Group)
			}
			rows := tb.rows(t, c.Notes, cols...)
			d := tb.data(t, c.Time, c.Event, rows)
			for name, want := range c.Expected.ByConfType {
				ct, ok := types[name]
				if !ok {
					t.Fatalf("unknown conf type %q", name)
				}
				var curves []*Curve
				if c.Group == nil {
					cv, err := KaplanMeier(d, &KMSettings{ConfType: ct})
					if err != nil {
						t.Fatal(err)
					}
					curves = []*Curve{cv}
				} else {
					var err error
					curves, err = KaplanMeierStrata(d, tb.strings(*c.Group, rows), &KMSettings{ConfType: ct})
					if err != nil {
						t.Fatal(err)
					}
				}
				if len(curves) != len(want) {
					t.Fatalf("%s: %d strata, want %d", name, len(curves), len(want))
				}
				for k, w := range want {
					g := curves[k]
					label := "all"
					if c.Group != nil {
						label = *c.Group + "=" + g.Stratum
					}
					if label != w.Stratum {
						t.Errorf("stratum %d = %q, want %q", k, label, w.Stratum)
					}
					p := name + "/" + w.Stratum + "/"
					checkVec(t, p+"time", g.Time, w.Time, 0, 0)
					checkVec(t, p+"n.risk", intsToFloats(g.AtRisk), w.NRisk, 0, 0)
					checkVec(t, p+"n.event", intsToFloats(g.Events), w.NEvent, 0, 0)
					checkVec(t, p+"n.censor", intsToFloats(g.Censored), w.NCensor, 0, 0)
					checkVec(t, p+"surv", g.Survival, w.Surv, rel, abs)
					checkVec(t, p+"std.err", g.StdErr, w.StdErrLogS, rel, abs)
					checkVec(t, p+"std.err(S)", g.StdErrSurvival(), w.StdErrSurv, rel, abs)
					checkVec(t, p+"lower", g.Lower, w.Lower, rel, abs)
					checkVec(t, p+"upper", g.Upper, w.Upper, rel, abs)
					if g.N != w.N || g.NEvents != w.Events {
						t.Errorf("%sn, events = %d, %d, want %d, %d", p, g.N, g.NEvents, w.N, w.Events)
					}
					m := g.Median()
					checkNum(t, p+"median", m.Time, w.Median, rel, abs)
					checkNum(t, p+"median lower", m.Lower, w.MedianLower95, rel, abs)
					checkNum(t, p+"median upper", m.Upper, w.MedianUpper95, rel, abs)
					for qi, pr := range w.Quantiles.Probs {
						q := g.Quantile(pr)
						checkNum(t, p+"quantile", q.Time, w.Quantiles.Time[qi], rel, abs)
						checkNum(t, p+"quantile lower", q.Lower, w.Quantiles.Lower[qi], rel, abs)
						checkNum(t, p+"quantile upper", q.Upper, w.Quantiles.Upper[qi], rel, abs)
					}
				}
			}
		})
	}
}

// Without censoring the Kaplan–Meier curve is one minus the empirical CDF.
func TestKaplanMeierNoCensoring(t *testing.T) {
	d := Data{Time: []float64{3, 1, 4, 1, 5, 9, 2, 6}, Event: make([]bool, 8)}
	for i := range d.Event {
		d.Event[i] = true
	}
	c, err := KaplanMeier(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []float64{0, 1, 1.5, 2, 3, 4, 5, 6, 8.9, 9, 10} {
		le := 0
		for _, x := range d.Time {
			if x <= tt {
				le++
			}
		}
		want := 1 - float64(le)/8
		if got := c.At(tt); math.Abs(got-want) > 1e-15 {
			t.Errorf("S(%g) = %g, want %g", tt, got, want)
		}
	}
}

func TestKaplanMeierBadInput(t *testing.T) {
	for _, d := range []Data{
		{Time: []float64{1, 2}, Event: []bool{true}},
		{},
		{Time: []float64{1, math.NaN()}, Event: []bool{true, false}},
		{Time: []float64{1, -2}, Event: []bool{true, false}},
	} {
		if _, err := KaplanMeier(d, nil); err == nil {
			t.Errorf("KaplanMeier(%v): no error", d)
		}
	}
	if _, err := KaplanMeier(Data{Time: []float64{1}, Event: []bool{true}}, &KMSettings{ConfLevel: 1.5}); err == nil {
		t.Error("conf level 1.5 accepted")
	}
	if _, err := KaplanMeierStrata(Data{Time: []float64{1}, Event: []bool{true}}, []string{"a", "b"}, nil); err == nil {
		t.Error("group length mismatch accepted")
	}
}

// TestCurvePoints compares Points with R survival 3.5-3 on this machine:
// summary(survfit(Surv(time, event) ~ 1, data = lung), times = c(0, 100,
// 365, 1000, 1022)) (1022 is past the last time: the last row is carried
// forward, extend = FALSE still reports it for times within range).
func TestCurvePoints(t *testing.T) {
	tb := readTable(t, "lung.csv")
	rows := tb.rows(t, "", "time", "event")
	c, err := KaplanMeier(tb.data(t, "time", "event", rows), nil)
	if err != nil {
		t.Fatal(err)
	}
	want := [][5]float64{
		{0, 1, 0, 1, 1},
		{100, 0.863968967645243557, 0.022710230434161833, 0.820584892081257511, 0.90964674618951225},
		{365, 0.409241624460064402, 0.035823638172037771, 0.344721581795826570, 0.48583760354728095},
		{1000, 0.050345568070810462, 0.022848048916083805, 0.020685460198979953, 0.12253419551659767},
		{1022, 0.050345568070810462, 0.022848048916083805, 0.020685460198979953, 0.12253419551659767},
	}
	var times []float64
	for _, w := range want {
		times = append(times, w[0])
	}
	for k, p := range c.Points(times) {
		got := []float64{p.Time, p.Survival, p.StdErr, p.Lower, p.Upper}
		for j := range got {
			checkNum(t, "point", got[j], nf(want[k][j]), 1e-12, 1e-15)
		}
		checkNum(t, "At", c.At(times[k]), nf(want[k][1]), 1e-12, 0)
	}
}

func TestStrings(t *testing.T) {
	tb := readTable(t, "lung.csv")
	rows := tb.rows(t, "", "time", "event", "lp_cox")
	d := tb.data(t, "time", "event", rows)
	c, _ := KaplanMeier(d, nil)
	// R: print(survfit(Surv(time, event) ~ 1, data = d[!is.na(d$lp_cox), ])) gives 310, 285, 363
	if s := c.String(); !strings.Contains(s, "median = 310, 0.95LCL = 285, 0.95UCL = 363") {
		t.Errorf("curve summary:\n%s", s)
	}
	hc, _ := HarrellC(tb.floats(t, "lp_cox", rows), d)
	if s := hc.String(); !strings.Contains(s, "Concordance = 0.6371") {
		t.Errorf("concordance summary: %s", s)
	}
	r, _ := TimeROC(tb.floats(t, "lp_cox", rows), d, []float64{365}, nil)
	if s := r.String(); !strings.Contains(s, "365") || !strings.Contains(s, "0.6") {
		t.Errorf("timeROC summary: %s", s)
	}
}

// Times equal up to rounding noise tie, as R's timefix. Reference from R
// survival 3.5-3 on this machine, t = c(1, 1 + 1e-10, 2, 2, 3, 30,
// 30.000000000000004, 45), status c(1, 1, 0, 1, 1, 1, 0, 1):
// survfit: time 1 2 3 30 45, n.event 2 1 1 1 1, n.censor 0 1 0 1 0, surv
// 0.75 0.625 0.46875 0.3125 0; survdiff(~ c(1,2,1,2,1,2,1,2))$chisq =
// 0.096551724137931161; concordance(~ 1:8, reverse = TRUE)$count:
// concordant 1, discordant 21, tied.y 1.
func TestTimeFix(t *testing.T) {
	d := Data{Time: []float64{1, 1 + 1e-10, 2, 2, 3, 30, 30.000000000000004, 45},
		Event: []bool{true, true, false, true, true, true, false, true}}
	c, err := KaplanMeier(d, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkVec(t, "time", c.Time, []nf{1, 2, 3, 30, 45}, 0, 0)
	checkVec(t, "n.event", intsToFloats(c.Events), []nf{2, 1, 1, 1, 1}, 0, 0)
	checkVec(t, "n.censor", intsToFloats(c.Censored), []nf{0, 1, 0, 1, 0}, 0, 0)
	checkVec(t, "surv", c.Survival, []nf{0.75, 0.625, 0.46875, 0.3125, 0}, 1e-15, 0)
	lr, err := LogRank(d, []string{"1", "2", "1", "2", "1", "2", "1", "2"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkNum(t, "log-rank chisq", lr.ChiSq, 0.096551724137931161, 1e-12, 0)
	hc, err := HarrellC([]float64{1, 2, 3, 4, 5, 6, 7, 8}, d)
	if err != nil {
		t.Fatal(err)
	}
	if hc.Concordant != 1 || hc.Discordant != 21 || hc.TiedTime != 1 {
		t.Errorf("counts %v %v %v, want 1 21 1", hc.Concordant, hc.Discordant, hc.TiedTime)
	}
	if got := TimeFix([]float64{3, 30.000000000000004, 30}); got[1] != 30 {
		t.Errorf("TimeFix: %v", got)
	}
	if got := TimeFix([]float64{1, 2}); got[0] != 1 || got[1] != 2 {
		t.Errorf("TimeFix changed distinct times: %v", got)
	}
}

func TestLevels(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"2", "10", "1", "2"}, []string{"1", "2", "10"}},
		{[]string{"b", "10", "a"}, []string{"10", "a", "b"}},
		{[]string{"1.0", "1", "NaN", "0"}, []string{"0", "1", "1.0", "NaN"}},
	} {
		got := Levels(c.in)
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("Levels(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
