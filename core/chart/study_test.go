package chart

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"radgo/core/synth"
	"radgo/core/table"
)

// TestStudyFigure5 runs the notebook path of the study's Fig. 5c on the
// synthetic cohort: clinical CSV → table → Surv → KM by HRR with the
// log-rank p and the risk table; and the Cox design with dummies.
func TestStudyFigure5(t *testing.T) {
	c, err := synth.Generate(synth.Settings{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	yes := func(b bool) string {
		if b {
			return "1"
		}
		return "0"
	}
	var b strings.Builder
	b.WriteString(strings.Join(synth.ClinicalColumns, ",") + "\n")
	for _, p := range c.Patients {
		b.WriteString(strings.Join([]string{p.ID, p.Gender, p.Age, p.KPS, p.Smoking, p.Alcohol, p.Location, p.Stage, p.Dose, p.CRT, p.RT,
			yes(p.CHEK2), yes(p.NOTCH2), yes(p.HRR), strconv.FormatFloat(p.PFS, 'f', 1, 64), yes(p.Progression)}, ",") + "\n")
	}
	clin, err := table.Read(strings.NewReader(b.String()), "clinical.csv")
	if err != nil {
		t.Fatal(err)
	}
	for name, k := range map[string]table.Kind{"ID": table.String, "Age": table.String, "HRR": table.Int, "PFS": table.Float, "Progression": table.Int} {
		if got := clin.Col(name).Kind(); got != k {
			t.Errorf("%s inferred %v, want %v", name, got, k)
		}
	}
	design, err := clin.SetReference("Location", "Cervical")
	if err != nil {
		t.Fatal(err)
	}
	design, err = design.Dummies("Location")
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"Location_Upper", "Location_Middle", "Location_Lower"} {
		if !design.Has(n) {
			t.Errorf("dummy %s missing: %v", n, design.Names())
		}
	}
	d, err := clin.Surv("PFS", "Progression")
	if err != nil {
		t.Fatal(err)
	}
	hrr, _ := clin.Strings("HRR")
	ch, err := KaplanMeierByGroup(d, hrr, &KMOptions{RiskTimes: []float64{0, 12, 24, 36, 48}})
	if err != nil {
		t.Fatal(err)
	}
	texts := svgTexts(t, ch.SVG())
	n1 := 0
	for _, p := range c.Patients {
		if p.HRR {
			n1++
		}
	}
	for _, want := range []string{fmt.Sprintf("0 (n = %d)", len(c.Patients)-n1), fmt.Sprintf("1 (n = %d)", n1), "Number at risk"} {
		if indexOf(texts, want) < 0 {
			t.Errorf("%q missing from %q", want, texts)
		}
	}
	found := false
	for _, s := range texts {
		found = found || strings.HasPrefix(s, "Log-rank p")
	}
	if !found {
		t.Errorf("no log-rank p in %q", texts)
	}
}
