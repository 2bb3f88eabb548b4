package survival

import (
	"math"
	"math/rand/v2"
	"testing"
)

type concCase struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	Data     string `json:"data"`
	Time     string `json:"time"`
	Event    string `json:"event"`
	Marker   string `json:"marker"`
	Notes    string `json:"notes"`
	Expected struct {
		Survival *struct {
			C          nf   `json:"C"`
			Var        nf   `json:"var"`
			SE         nf   `json:"se"`
			Concordant nf   `json:"concordant"`
			Discordant nf   `json:"discordant"`
			TiedX      nf   `json:"tied_x"`
			TiedY      nf   `json:"tied_y"`
			TiedXY     nf   `json:"tied_xy"`
			CI95       []nf `json:"ci95"`
		} `json:"survival"`
		Hmisc *struct {
			C             nf   `json:"C"`
			Dxy           nf   `json:"Dxy"`
			SDDxy         nf   `json:"SD_Dxy"`
			N             int  `json:"n"`
			RelevantPairs nf   `json:"relevant_pairs"`
			Concordant    nf   `json:"concordant"`
			Uncertain     nf   `json:"uncertain"`
			SEC           nf   `json:"se_C"`
			CI95          []nf `json:"ci95"`
		} `json:"hmisc_rcorr_cens"`
	} `json:"expected"`
}

// TestConcordanceReference checks every "concordance" case of
// testdata/concordance.json against survival 3.5-3 concordance(reverse =
// TRUE) and Hmisc 4.8-0 rcorr.cens. Tolerance 1e-10 relative (closed
// form); pair counts exact. rms_cph_stats cases are tested in package cox.
func TestConcordanceReference(t *testing.T) {
	const rel, abs = 1e-10, 1e-12
	var f struct{ Cases []concCase }
	loadJSON(t, "concordance.json", &f)
	n := 0
	for _, c := range f.Cases {
		if c.Kind != "concordance" {
			continue
		}
		n++
		t.Run(c.ID, func(t *testing.T) {
			tb := readTable(t, c.Data)
			rows := tb.rows(t, c.Notes, c.Time, c.Event, c.Marker)
			d := tb.data(t, c.Time, c.Event, rows)
			risk := tb.floats(t, c.Marker, rows)
			if w := c.Expected.Survival; w != nil {
				got, err := HarrellC(risk, d)
				if err != nil {
					t.Fatal(err)
				}
				checkNum(t, "C", got.C, w.C, rel, abs)
				checkNum(t, "var", got.Var, w.Var, rel, abs)
				checkNum(t, "se", got.StdErr, w.SE, rel, abs)
				checkNum(t, "concordant", got.Concordant, w.Concordant, 0, 0)
				checkNum(t, "discordant", got.Discordant, w.Discordant, 0, 0)
				checkNum(t, "tied.x", got.TiedRisk, w.TiedX, 0, 0)
				checkNum(t, "tied.y", got.TiedTime, w.TiedY, 0, 0)
				checkNum(t, "tied.xy", got.TiedBoth, w.TiedXY, 0, 0)
				checkVec(t, "ci95", []float64{got.Lower, got.Upper}, w.CI95, rel, abs)
			}
			if w := c.Expected.Hmisc; w != nil {
				got, err := RcorrCensC(risk, d)
				if err != nil {
					t.Fatal(err)
				}
				checkNum(t, "hmisc C", got.C, w.C, rel, abs)
				checkNum(t, "hmisc Dxy", got.Dxy, w.Dxy, rel, abs)
				checkNum(t, "hmisc S.D.", got.SD, w.SDDxy, rel, abs)
				checkNum(t, "hmisc se(C)", got.StdErr, w.SEC, rel, abs)
				checkNum(t, "hmisc relevant", got.RelevantPairs, w.RelevantPairs, 0, 0)
				checkNum(t, "hmisc concordant", got.Concordant, w.Concordant, 0, 0)
				checkNum(t, "hmisc uncertain", got.Uncertain, w.Uncertain, 0, 0)
				checkVec(t, "hmisc ci95", []float64{got.Lower, got.Upper}, w.CI95, rel, abs)
				if got.N != w.N {
					t.Errorf("n = %d, want %d", got.N, w.N)
				}
			}
		})
	}
	if n == 0 {
		t.Fatal("no concordance cases")
	}
}

// bruteC is the O(n^2) definition of Harrell's C used as a property oracle.
func bruteC(risk []float64, d Data) float64 {
	var num, den float64
	for i := range risk {
		if !d.Event[i] {
			continue
		}
		for j := range risk {
			if j == i || !(d.Time[i] < d.Time[j] || (d.Time[i] == d.Time[j] && !d.Event[j])) {
				continue
			}
			den++
			switch {
			case risk[i] > risk[j]:
				num++
			case risk[i] == risk[j]:
				num += 0.5
			}
		}
	}
	return num / den
}

func randomData(rng *rand.Rand, n int, ties bool) ([]float64, Data) {
	d := Data{Time: make([]float64, n), Event: make([]bool, n)}
	risk := make([]float64, n)
	for i := range risk {
		if ties {
			d.Time[i] = float64(rng.IntN(20))
			risk[i] = float64(rng.IntN(5))
		} else {
			d.Time[i] = rng.ExpFloat64()
			risk[i] = rng.NormFloat64()
		}
		d.Event[i] = rng.Float64() < 0.7
	}
	d.Event[0] = true
	return risk, d
}

func TestHarrellCProperties(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for k := 0; k < 50; k++ {
		risk, d := randomData(rng, 5+rng.IntN(60), k%2 == 0)
		c, err := HarrellC(risk, d)
		if err != nil {
			t.Fatal(err)
		}
		if want := bruteC(risk, d); math.Abs(c.C-want) > 1e-14 {
			t.Errorf("case %d: C = %v, brute force %v", k, c.C, want)
		}
		neg := make([]float64, len(risk))
		for i, x := range risk {
			neg[i] = -x
		}
		cn, _ := HarrellC(neg, d)
		if math.Abs(cn.C-(1-c.C)) > 1e-14 {
			t.Errorf("case %d: C(-risk) = %v, want 1 - %v", k, cn.C, c.C)
		}
		h, _ := RcorrCensC(risk, d)
		if math.Abs(h.C-c.C) > 1e-14 {
			t.Errorf("case %d: rcorr.cens C %v != survival C %v", k, h.C, c.C)
		}
		// permuting subjects changes nothing
		perm := rng.Perm(len(risk))
		pr := make([]float64, len(risk))
		pd := Data{Time: make([]float64, len(risk)), Event: make([]bool, len(risk))}
		for i, p := range perm {
			pr[i], pd.Time[i], pd.Event[i] = risk[p], d.Time[p], d.Event[p]
		}
		cp, _ := HarrellC(pr, pd)
		if math.Abs(cp.C-c.C) > 1e-14 || math.Abs(cp.Var-c.Var) > 1e-14 {
			t.Errorf("case %d: permutation changed C/var: %v/%v vs %v/%v", k, cp.C, cp.Var, c.C, c.Var)
		}
	}
}

func TestConcordanceBadInput(t *testing.T) {
	d := Data{Time: []float64{1, 2, 3}, Event: []bool{true, false, true}}
	if _, err := HarrellC([]float64{1, 2}, d); err == nil {
		t.Error("length mismatch accepted")
	}
	if _, err := HarrellC([]float64{1, math.NaN(), 2}, d); err == nil {
		t.Error("NaN risk accepted")
	}
	if _, err := HarrellC([]float64{1, 2, 3}, Data{Time: []float64{1, 2, 3}, Event: make([]bool, 3)}); err == nil {
		t.Error("no events accepted")
	}
	if _, err := UnoC([]float64{1, 2, 3}, d, math.NaN()); err == nil {
		t.Error("NaN tau accepted")
	}
}

// TestUnoCReference checks testdata/uno.json, generated by
// testdata/gen_extra.R with R survival 3.5-3 concordance(timewt = "n/G2").
// Tolerance 1e-10 relative.
func TestUnoCReference(t *testing.T) {
	const rel = 1e-10
	var f struct {
		Cases []struct {
			ID       string `json:"id"`
			Data     string `json:"data"`
			Marker   string `json:"marker"`
			Tau      nf     `json:"tau"`
			Expected struct {
				C, Var, Concordant, Discordant nf
				TiedX                          nf `json:"tied_x"`
			} `json:"expected"`
		}
	}
	loadJSON(t, "uno.json", &f)
	if len(f.Cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range f.Cases {
		t.Run(c.ID, func(t *testing.T) {
			tb := readTable(t, c.Data)
			rows := tb.rows(t, "", "time", "event", c.Marker)
			d := tb.data(t, "time", "event", rows)
			tau := float64(c.Tau)
			if math.IsNaN(tau) {
				tau = math.Inf(1)
			}
			got, err := UnoC(tb.floats(t, c.Marker, rows), d, tau)
			if err != nil {
				t.Fatal(err)
			}
			w := c.Expected
			checkNum(t, "C", got.C, w.C, rel, 0)
			checkNum(t, "var", got.Var, w.Var, rel, 0)
			checkNum(t, "concordant", got.Concordant, w.Concordant, rel, 0)
			checkNum(t, "discordant", got.Discordant, w.Discordant, rel, 0)
			checkNum(t, "tied.x", got.TiedRisk, w.TiedX, rel, 0)
		})
	}
}
