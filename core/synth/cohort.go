package synth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"

	"radgo/core/provenance"
)

// Settings configure a cohort. Zero fields take the defaults noted.
type Settings struct {
	Patients int    // if zero, 118 as in the study
	Seed     uint64 // the seed of every random choice; zero is a valid seed
	// Model is the survival model; the zero value means DefaultModel().
	Model *Model
	// Image describes the CT grid; the zero value means DefaultImage().
	Image *ImageSettings
}

// Model is the generating model of progression-free survival (months).
type Model struct {
	BetaHRR      float64 `json:"beta_hrr"`      // log hazard ratio of HRR pathway mutation
	BetaLatent   float64 `json:"beta_latent"`   // log hazard ratio per SD of the latent tumour phenotype z
	BetaStage    float64 `json:"beta_stage"`    // log hazard ratio of clinical stage III vs II
	Shape        float64 `json:"weibull_shape"` // Weibull shape of time to progression (uncured)
	Scale        float64 `json:"weibull_scale"` // Weibull scale in months (uncured, all covariates 0)
	CureFraction float64 `json:"cure_fraction"` // probability of never progressing when lp = 0
	FollowUpMin  float64 `json:"follow_up_min"` // administrative censoring ~ U(FollowUpMin, FollowUpMax) months
	FollowUpMax  float64 `json:"follow_up_max"`
}

// DefaultModel returns the model used by default: HRR hazard ratio 2.7 (the
// published one) and 1.7 per SD of the latent phenotype, tuned so that
// median PFS is about 12 months with about 64% progressions over about 33
// months of follow-up, as in the study (TestCohortShape checks these).
func DefaultModel() Model {
	return Model{
		BetaHRR:      math.Log(2.7),
		BetaLatent:   0.55,
		BetaStage:    0.25,
		Shape:        1.25,
		Scale:        12.5,
		CureFraction: 0.49,
		FollowUpMin:  18,
		FollowUpMax:  50,
	}
}

// Patient is one synthetic patient: the clinical table row and the hidden
// truth that generated it.
type Patient struct {
	ID           string
	Gender       string // "Male", "Female"
	Age          string // "<=65", ">65"
	KPS          string // "<=80", ">80"
	Smoking      string // "Never", "Former/current"
	Alcohol      string // "Never", "Former/current"
	Location     string // "Cervical", "Upper", "Middle", "Lower" (thoracic)
	Stage        string // "II", "III"
	Dose         string // "<=50.4", "50.4-60", ">60" (Gy)
	CRT          string // "SCRT", "CCRT"
	RT           string // "3D-CRT", "IMRT"
	CHEK2        bool
	NOTCH2       bool
	HRR          bool // HRR pathway altered (includes every CHEK2 mutation)
	PFS          float64
	Progression  bool
	Latent       float64 // z, the hidden tumour phenotype
	LinPredictor float64 // the true log relative hazard
	Cured        bool
}

// Cohort is a generated cohort.
type Cohort struct {
	Settings Settings // with defaults filled in
	Model    Model
	Image    ImageSettings
	Patients []Patient
}

// category counts of the study's Table 1 (training + validation, N = 118).
var table1 = []struct {
	name   string
	levels []string
	counts []int
	set    func(p *Patient, v string)
}{
	{"gender", []string{"Male", "Female"}, []int{87, 31}, func(p *Patient, v string) { p.Gender = v }},
	{"age", []string{"<=65", ">65"}, []int{52, 66}, func(p *Patient, v string) { p.Age = v }},
	{"kps", []string{"<=80", ">80"}, []int{59, 59}, func(p *Patient, v string) { p.KPS = v }},
	{"smoking", []string{"Never", "Former/current"}, []int{59, 59}, func(p *Patient, v string) { p.Smoking = v }},
	{"alcohol", []string{"Never", "Former/current"}, []int{74, 44}, func(p *Patient, v string) { p.Alcohol = v }},
	{"location", []string{"Cervical", "Upper", "Middle", "Lower"}, []int{9, 47, 42, 20}, func(p *Patient, v string) { p.Location = v }},
	{"stage", []string{"II", "III"}, []int{18, 100}, func(p *Patient, v string) { p.Stage = v }},
	{"dose", []string{">60", "50.4-60", "<=50.4"}, []int{16, 77, 25}, func(p *Patient, v string) { p.Dose = v }},
	{"crt", []string{"SCRT", "CCRT"}, []int{60, 58}, func(p *Patient, v string) { p.CRT = v }},
	{"rt", []string{"3D-CRT", "IMRT"}, []int{21, 97}, func(p *Patient, v string) { p.RT = v }},
}

// Mutation counts in the study (N = 118): HRR pathway 20, CHEK2 7, NOTCH2 10.
const studyN, studyHRR, studyCHEK2, studyNOTCH2 = 118, 20, 7, 10

// scaledCounts scales counts (summing to studyN) to n by largest remainder.
func scaledCounts(counts []int, n int) []int {
	out := make([]int, len(counts))
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, len(counts))
	total := 0
	for i, c := range counts {
		exact := float64(c) * float64(n) / studyN
		out[i] = int(math.Floor(exact))
		rems[i] = rem{i, exact - math.Floor(exact)}
		total += out[i]
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r > rems[b].r })
	for k := 0; total < n; k++ {
		out[rems[k%len(rems)].i]++
		total++
	}
	return out
}

// assign returns a random permutation of the levels with exact counts.
func assign(rng *rand.Rand, levels []string, counts []int) []string {
	var vals []string
	for i, c := range counts {
		for range c {
			vals = append(vals, levels[i])
		}
	}
	rng.Shuffle(len(vals), func(i, j int) { vals[i], vals[j] = vals[j], vals[i] })
	return vals
}

// Generate draws a cohort. It does not touch the disk; see Cohort.Write.
func Generate(s Settings) (*Cohort, error) {
	if s.Patients == 0 {
		s.Patients = studyN
	}
	if s.Patients < 10 || s.Patients > 100000 {
		return nil, fmt.Errorf("synth: %d patients; want between 10 and 100000", s.Patients)
	}
	m := DefaultModel()
	if s.Model != nil {
		m = *s.Model
	}
	img := DefaultImage()
	if s.Image != nil {
		img = *s.Image
	}
	if err := img.validate(); err != nil {
		return nil, err
	}
	s.Model, s.Image = &m, &img
	n := s.Patients
	provenance.RecordSeed("synth.Generate", s.Seed)
	rng := rand.New(rand.NewPCG(s.Seed, 0x5eedc0407))
	ps := make([]Patient, n)
	for i := range ps {
		ps[i].ID = fmt.Sprintf("ESCC%03d", i+1)
	}
	for _, v := range table1 {
		vals := assign(rng, v.levels, scaledCounts(v.counts, n))
		for i := range ps {
			v.set(&ps[i], vals[i])
		}
	}
	// Mutations: CHEK2 ⊂ HRR; NOTCH2 independent.
	hrr := scaledCounts([]int{studyHRR, studyN - studyHRR}, n)[0]
	chek2 := scaledCounts([]int{studyCHEK2, studyN - studyCHEK2}, n)[0]
	notch2 := scaledCounts([]int{studyNOTCH2, studyN - studyNOTCH2}, n)[0]
	perm := rng.Perm(n)
	for k := 0; k < hrr; k++ {
		ps[perm[k]].HRR = true
		ps[perm[k]].CHEK2 = k < chek2
	}
	for k, i := range rng.Perm(n) {
		ps[i].NOTCH2 = k < notch2
	}
	for i := range ps {
		p := &ps[i]
		p.Latent = rng.NormFloat64()
		lp := m.BetaLatent * p.Latent
		if p.HRR {
			lp += m.BetaHRR
		}
		if p.Stage == "III" {
			lp += m.BetaStage
		}
		p.LinPredictor = lp
		censor := m.FollowUpMin + (m.FollowUpMax-m.FollowUpMin)*rng.Float64()
		u := rng.Float64()
		// Promotion-time cure model: S(t) = exp(-θ e^lp F(t)), F the Weibull
		// CDF and θ = -log(CureFraction). Its hazard θ e^lp f(t) is exactly
		// proportional, so a Cox fit recovers exp(β); the cure fraction
		// exp(-θ e^lp) falls as the risk rises.
		theta := -math.Log(m.CureFraction)
		f := -math.Log(1-u) / (theta * math.Exp(lp)) // F(T)
		p.Cured = f >= 1
		t := math.Inf(1)
		if !p.Cured {
			t = m.Scale * math.Pow(-math.Log(1-f), 1/m.Shape)
		}
		if t > censor {
			p.PFS, p.Progression = censor, false
		} else {
			p.PFS, p.Progression = t, true
		}
		p.PFS = math.Round(p.PFS*10) / 10
		if p.PFS < 0.1 {
			p.PFS = 0.1
		}
	}
	return &Cohort{Settings: s, Model: m, Image: img, Patients: ps}, nil
}
