package synth

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"

	"radgo/core/volume/dicom"
	"radgo/core/volume/rtstruct"
)

// Contour is one closed planar contour: points (x, y, z) in mm, LPS.
type Contour struct {
	Slice  int
	Points [][3]float64
}

// ReaderContours returns reader r's (1 or 2) contours of patient i's
// tumour: the true boundary with a reader-specific systematic bias (reader
// 2 draws about 3% wider) and a per-slice wobble, so the two readers agree
// closely but not exactly.
func (c *Cohort) ReaderContours(i, reader int, tum *Tumour) []Contour {
	rng := c.patientRNG(i, 16+uint64(reader))
	bias := 0.02 * rng.NormFloat64()
	if reader == 2 {
		bias += 0.03
	}
	g := c.Image.geometry()
	var out []Contour
	const nPoints = 64
	for k := tum.FirstK; k < tum.FirstK+len(tum.Radius); k++ {
		wob, phase := 0.04*rng.Float64(), 2*math.Pi*rng.Float64()
		shift := [2]float64{0.4 * rng.NormFloat64(), 0.4 * rng.NormFloat64()}
		z := g.Point(0, 0, float64(k))[2]
		ct := Contour{Slice: k}
		for q := 0; q < nPoints; q++ {
			th := 2 * math.Pi * float64(q) / nPoints
			rad := tum.radius(k, th) * (1 + bias + wob*math.Sin(3*th+phase))
			if rad < 1 {
				continue
			}
			ct.Points = append(ct.Points, [3]float64{
				round3(tum.Centre[0] + shift[0] + rad*math.Cos(th)),
				round3(tum.Centre[1] + shift[1] + rad*math.Sin(th)),
				z,
			})
		}
		if len(ct.Points) >= 3 {
			out = append(out, ct)
		}
	}
	return out
}

func round3(x float64) float64 { return math.Round(x*1000) / 1000 }

// Layout of a written cohort.
const (
	ClinicalFile = "clinical.csv"
	TruthFile    = "truth.csv"
	ModelFile    = "model.json"
	ReadmeFile   = "README.md"
)

// CTDir returns the folder of patient id's CT series inside a cohort.
func CTDir(dir, id string) string { return filepath.Join(dir, id, "CT") }

// RTStructPath returns the RTSTRUCT of reader r for patient id.
func RTStructPath(dir, id string, reader int) string {
	return filepath.Join(dir, id, fmt.Sprintf("RS_reader%d.dcm", reader))
}

// ROIName is the name of the tumour ROI in every RTSTRUCT.
const ROIName = "GTV"

// Manufacturer is the Manufacturer (0008,0070) of every written file.
const Manufacturer = "radgo synth"

// Write writes the cohort under dir: per patient a CT series and two
// RTSTRUCTs, plus clinical.csv, truth.csv, model.json and README.md.
// Patients are written in parallel; the files do not depend on the order.
// progress, if not nil, is called after each patient with (done, total).
func (c *Cohort) Write(ctx context.Context, dir string, progress func(done, total int)) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	n := len(c.Patients)
	jobs := make(chan int)
	errs := make([]error, n)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for w := 0; w < runtime.GOMAXPROCS(0); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				errs[i] = c.writePatient(dir, i)
				mu.Lock()
				done++
				if progress != nil {
					progress(done, n)
				}
				mu.Unlock()
			}
		}()
	}
	var ctxErr error
feed:
	for i := 0; i < n; i++ {
		select {
		case jobs <- i:
		case <-ctx.Done():
			ctxErr = ctx.Err()
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	if ctxErr != nil {
		return ctxErr
	}
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	if err := c.writeTables(dir); err != nil {
		return err
	}
	return nil
}

// uid returns a deterministic UID for patient i and a purpose string.
func (c *Cohort) uid(i int, what string) string {
	return dicom.UID(fmt.Sprintf("radgo-synth/%d/%d/%s", c.Settings.Seed, i, what))
}

// writePatient writes patient i's CT series (HU stored as int16 HU + 1024)
// and the two readers' RTSTRUCTs, which share the CT's patient, study and
// frame of reference and reference the CT slice of each contour.
func (c *Cohort) writePatient(dir string, i int) error {
	p := &c.Patients[i]
	v, tum := c.CT(i)
	sex := "M"
	if p.Gender == "Female" {
		sex = "F"
	}
	info := dicom.SeriesInfo{
		PatientID: p.ID, PatientName: "Synthetic^" + p.ID, PatientSex: sex,
		StudyInstanceUID: c.uid(i, "study"), SeriesInstanceUID: c.uid(i, "series"), FrameOfReferenceUID: c.uid(i, "frame"),
		SeriesDescription: "Synthetic contrast-enhanced thorax CT", StudyDate: "20200101", StudyTime: "090000", StudyID: "1", RescaleIntercept: -1024,
		Manufacturer: Manufacturer, PatientPosition: "HFS", BodyPartExamined: "CHEST",
		WindowCenter: 40, WindowWidth: 400, // soft-tissue window
	}
	uids, err := dicom.WriteSeries(CTDir(dir, p.ID), v, info)
	if err != nil {
		return fmt.Errorf("synth: patient %s: %w", p.ID, err)
	}
	ref := rtstruct.Reference{
		PatientID: info.PatientID, PatientName: info.PatientName, PatientSex: sex, StudyDate: info.StudyDate, StudyTime: info.StudyTime, StudyID: info.StudyID,
		StudyInstanceUID: info.StudyInstanceUID, SeriesInstanceUID: info.SeriesInstanceUID,
		FrameOfReferenceUID: info.FrameOfReferenceUID, SOPInstanceUIDs: uids, Geometry: v.Geometry,
		Manufacturer: Manufacturer,
	}
	for r := 1; r <= 2; r++ {
		ref.SeriesDescription = fmt.Sprintf("Primary tumour, reader %d", r)
		roi := &rtstruct.ROI{Name: ROIName, InterpretedType: "GTV"}
		for _, ct := range c.ReaderContours(i, r, tum) {
			roi.Contours = append(roi.Contours, rtstruct.Contour{Type: "CLOSED_PLANAR", Points: ct.Points})
		}
		ss := &rtstruct.StructureSet{Label: fmt.Sprintf("Reader%d", r), ROIs: []*rtstruct.ROI{roi}}
		if err := rtstruct.WriteFile(RTStructPath(dir, p.ID, r), ss, ref); err != nil {
			return fmt.Errorf("synth: %w", err)
		}
	}
	return nil
}

func yesNo(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// ClinicalColumns are the columns of clinical.csv, in order.
var ClinicalColumns = []string{"ID", "Gender", "Age", "KPS", "Smoking", "Alcohol", "Location", "Stage", "Dose", "Chemoradiotherapy", "RadiationTherapy", "CHEK2", "NOTCH2", "HRR", "PFS", "Progression"}

func (c *Cohort) writeTables(dir string) error {
	var cl, tr []byte
	cl = append(cl, joinCSV(ClinicalColumns)...)
	tr = append(tr, "ID,latent_z,linear_predictor,cured\n"...)
	for _, p := range c.Patients {
		cl = append(cl, joinCSV([]string{p.ID, p.Gender, p.Age, p.KPS, p.Smoking, p.Alcohol, p.Location, p.Stage, p.Dose, p.CRT, p.RT,
			yesNo(p.CHEK2), yesNo(p.NOTCH2), yesNo(p.HRR), strconv.FormatFloat(p.PFS, 'f', 1, 64), yesNo(p.Progression)})...)
		tr = append(tr, fmt.Sprintf("%s,%.6f,%.6f,%s\n", p.ID, p.Latent, p.LinPredictor, yesNo(p.Cured))...)
	}
	model := map[string]any{
		"generator": "radgo synth",
		"settings":  map[string]any{"patients": len(c.Patients), "seed": c.Settings.Seed},
		"model":     c.Model,
		"image":     c.Image,
		"hazard":    "promotion-time cure model S(t) = exp(-theta exp(lp) F(t)), theta = -log(cure_fraction), lp = beta_hrr*HRR + beta_latent*z + beta_stage*[Stage III], F Weibull(weibull_shape, weibull_scale) CDF; proportional hazards; censoring U(follow_up_min, follow_up_max) months",
		"texture":   "tumour HU = 42 + 14*exp(0.45 z) * smooth noise (grain 3.5*exp(-0.3 z) mm) - 25 HU necrotic core of relative radius 0.45*(z-0.3) when z > 0.3",
		"readers":   "reader 1: boundary x (1 + N(0, 0.02)); reader 2: x (1.03 + N(0, 0.02)); per-slice 3-lobed wobble up to 4% and 0.4 mm shift",
	}
	mj, err := json.MarshalIndent(model, "", "  ")
	if err != nil {
		return err
	}
	files := map[string][]byte{ClinicalFile: cl, TruthFile: tr, ModelFile: append(mj, '\n'), ReadmeFile: []byte(c.readme())}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return fmt.Errorf("synth: %w", err)
		}
	}
	return nil
}

func joinCSV(f []string) string {
	s := ""
	for i, x := range f {
		if i > 0 {
			s += ","
		}
		s += x
	}
	return s + "\n"
}

func (c *Cohort) readme() string {
	m := c.Model
	prog := 0
	for _, p := range c.Patients {
		if p.Progression {
			prog++
		}
	}
	return fmt.Sprintf(`# Synthetic ESCC cohort (radgo synth)

%d patients, seed %d. Not real patients: generated by radgo's core/synth to teach and test the
workflow of Cui et al., Biomarker Research 2023, 11:44.

Layout: <ID>/CT/slice0000.dcm ... (axial CT, %d×%d, %.2f mm pixels, %d slices of %.1f mm, HU =
stored − 1024), <ID>/RS_reader1.dcm and <ID>/RS_reader2.dcm (RTSTRUCT, ROI %q), %s (Table 1
variables, CHEK2/NOTCH2/HRR 0/1, PFS in months, Progression 1 = progressed), %s (the hidden
truth: latent tumour phenotype z and the true log relative hazard), %s (the generating model).

## What an analysis should recover
- HRR pathway mutation: true hazard ratio exp(%.3f) = %.2f.
- The latent phenotype z: hazard ratio exp(%.3f) = %.2f per SD. z drives tumour texture
  (heterogeneity, grain, necrotic core), so a radiomics signature that tracks z predicts PFS.
- Stage III: hazard ratio %.2f. The other clinical variables have no effect.
- Patients with no risk factor and z = 0 never progress with probability %.0f%%; %d of %d patients
  progressed in this cohort.
`, len(c.Patients), c.Settings.Seed, c.Image.Columns, c.Image.Rows, c.Image.PixelSpacing, c.Image.Slices, c.Image.SliceThickness,
		ROIName, ClinicalFile, TruthFile, ModelFile, m.BetaHRR, math.Exp(m.BetaHRR), m.BetaLatent, math.Exp(m.BetaLatent),
		math.Exp(m.BetaStage), 100*m.CureFraction, prog, len(c.Patients))
}
