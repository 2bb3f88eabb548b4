package study

import (
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"radgo/core/radiomics"
	"radgo/core/synth"
	"radgo/core/table"
)

// A 90-patient cohort with stronger effects than the default (HRR HR 4,
// 2.7 per SD of the latent phenotype), small images and the 107 original
// features only, so the test runs in seconds. The analysis must recover
// the generating model: HRR and the Rad-score significant in univariate
// Cox, and the integrated model above both single models in training.
var (
	cohortOnce sync.Once
	cohortIn   *Inputs
	cohortErr  error
)

func testInputs(t *testing.T) *Inputs {
	t.Helper()
	if testing.Short() {
		t.Skip("extracts a synthetic cohort")
	}
	cohortOnce.Do(func() {
		m := synth.DefaultModel()
		m.BetaHRR, m.BetaLatent = math.Log(4), 1.0
		img := synth.ImageSettings{Columns: 128, Rows: 128, PixelSpacing: 3, Slices: 16, SliceThickness: 5, NoiseHU: 10}
		c, err := synth.Generate(synth.Settings{Patients: 90, Seed: 2, Model: &m, Image: &img})
		if err != nil {
			cohortErr = err
			return
		}
		dir, err := os.MkdirTemp("", "radgo-study-test-")
		if err != nil {
			cohortErr = err
			return
		}
		defer os.RemoveAll(dir)
		if cohortErr = c.Write(context.Background(), dir, nil); cohortErr != nil {
			return
		}
		cohortIn, cohortErr = ExtractCohort(context.Background(), dir, CohortLayout{}, Columns{}, radiomics.NewExtractor(), nil)
	})
	if cohortErr != nil {
		t.Fatal(cohortErr)
	}
	return cohortIn
}

func TestRecoversGeneratingModel(t *testing.T) {
	in := testInputs(t)
	res, err := Run(context.Background(), in, Options{Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	uni := map[string]CoxRow{}
	for _, r := range res.Univariate {
		uni[r.Variable] = r
	}
	for _, v := range []string{"HRR", "RadScoreHigh"} {
		r := uni[v]
		if !(r.P < 0.05) || !(r.HR > 1) {
			t.Errorf("univariate %s: HR %.2f p %.3g, want HR > 1 and p < 0.05", v, r.HR, r.P)
		}
	}
	c := map[string]float64{}
	for _, m := range res.Models {
		c[m.Name] = m.Training.C
	}
	if !(c["Integrated"] > c["Radiomics"] && c["Integrated"] > c["Genomics"]) {
		t.Errorf("training C: integrated %.3f, radiomics %.3f, genomics %.3f; want integrated above both", c["Integrated"], c["Radiomics"], c["Genomics"])
	}
	if len(res.Training) != 63 || len(res.Test) != 27 {
		t.Errorf("split %d/%d, want 63/27", len(res.Training), len(res.Test))
	}
	if res.StableCount == 0 || res.StableCount > res.Features {
		t.Errorf("%d stable of %d features", res.StableCount, res.Features)
	}
	dir := t.TempDir()
	if err := res.WriteReport(filepath.Join(dir, "report"), nil); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"report.html", "results.json", "selected_features.csv", "figures/fig5_km_integrated_training.png", "figures/fig6_roc_radiomics_validation.svg"} {
		if _, err := os.Stat(filepath.Join(dir, "report", f)); err != nil {
			t.Error(err)
		}
	}
	b, err := os.ReadFile(filepath.Join(dir, "report", "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	var js map[string]any
	if err := json.Unmarshal(b, &js); err != nil {
		t.Fatalf("results.json: %v", err)
	}
}

// The same inputs and seed give identical results.
func TestDeterministic(t *testing.T) {
	in := testInputs(t)
	a, err := Run(context.Background(), in, Options{Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Run(context.Background(), in, Options{Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	ja, _ := json.Marshal(jsonValue(reflect.ValueOf(a)))
	jb, _ := json.Marshal(jsonValue(reflect.ValueOf(b)))
	if string(ja) != string(jb) {
		t.Error("two runs with the same seed differ")
	}
}

// tiny builds a valid small input set to break in the bad-input tests.
func tiny(t *testing.T) (clinical, r1, r2 string) {
	t.Helper()
	var c, f strings.Builder
	c.WriteString("ID,Gender,Age,KPS,Smoking,Alcohol,Location,Stage,Dose,Chemoradiotherapy,RadiationTherapy,CHEK2,NOTCH2,HRR,PFS,Progression\n")
	f.WriteString("ID,original_firstorder_Mean,original_glcm_Idmn\n")
	for i := 0; i < 30; i++ {
		c.WriteString(strings.Join([]string{"P" + string(rune('A'+i%26)) + string(rune('0'+i/26)), "Male", "<=65", ">80", "Never", "Never", "Upper", "III", ">60", "SCRT", "IMRT", "0", "0", "0", "12.5", "1"}, ",") + "\n")
		f.WriteString("P" + string(rune('A'+i%26)) + string(rune('0'+i/26)) + ",1.5,0.9\n")
	}
	return c.String(), f.String(), f.String()
}

func TestBadInput(t *testing.T) {
	cl, r1, r2 := tiny(t)
	cases := []struct {
		name         string
		cl, r1, r2   string
		wantInErrors []string
	}{
		{"missing column", strings.Replace(cl, ",HRR,", ",XRR,", 1), r1, r2, []string{`"HRR"`}},
		{"patient only in clinical", cl + "PZZ,Male,<=65,>80,Never,Never,Upper,III,>60,SCRT,IMRT,0,0,0,10,1\n", r1, r2, []string{"PZZ", "reader 1"}},
		{"patient only in features", cl, r1 + "PQQ,1,1\n", r2, []string{"PQQ", "not in the clinical table"}},
		{"reader 2 features differ", cl, r1, strings.Replace(r2, "original_glcm_Idmn", "original_glcm_Idm", 1), []string{"original_glcm_Idmn", "reader"}},
		{"non-numeric PFS", strings.Replace(cl, ",12.5,1\n", ",twelve,1\n", 1), r1, r2, []string{`"PFS"`, "twelve"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			paths := []string{filepath.Join(dir, "clinical.csv"), filepath.Join(dir, "r1.csv"), filepath.Join(dir, "r2.csv")}
			for k, s := range []string{c.cl, c.r1, c.r2} {
				if err := os.WriteFile(paths[k], []byte(s), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			in, err := ReadInputs(paths[0], paths[1], paths[2], Columns{})
			if err == nil {
				_, err = Run(context.Background(), in, Options{})
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range c.wantInErrors {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not name %s", err, w)
				}
			}
		})
	}
}

func TestPublished(t *testing.T) {
	ids := []string{"a", "b", "c", "d"}
	cols := []*table.Column{table.NewString("ID", ids)}
	for k, f := range PublishedFeatures {
		v := []float64{1, 2, 3, 4}
		for i := range v {
			v[i] = v[i] * float64(k+1)
		}
		cols = append(cols, table.NewFloat(f, v))
	}
	ft, err := table.New(cols...)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Published(ft, nil, "ID", map[string]bool{"a": true, "b": false, "c": false, "d": true})
	if err != nil {
		t.Fatal(err)
	}
	score, _ := got.Floats("RadScore")
	// Every feature is the same z-score vector z = (x - 2.5)/sd(1..4),
	// so the Rad-score is z times the sum of the coefficients.
	sum := 0.0
	for _, c := range PublishedCoefficients {
		sum += c
	}
	sd := math.Sqrt(5.0 / 3)
	for i, x := range []float64{1, 2, 3, 4} {
		want := sum * (x - 2.5) / sd
		if math.Abs(score[i]-want) > 1e-12 {
			t.Errorf("Rad-score of %s = %v, want %v", ids[i], score[i], want)
		}
	}
	g, _ := got.Floats("IntegratedGroup")
	high, _ := got.Floats("RadScoreHigh")
	for i := range ids {
		wantHigh := 0.0
		if score[i] > PublishedCutoff {
			wantHigh = 1
		}
		if high[i] != wantHigh {
			t.Errorf("%s: high %v, want %v", ids[i], high[i], wantHigh)
		}
		h := map[bool]float64{true: 1, false: 0}[ids[i] == "a" || ids[i] == "d"]
		if g[i] != wantHigh+h {
			t.Errorf("%s: group %v, want %v", ids[i], g[i], wantHigh+h)
		}
	}
}
