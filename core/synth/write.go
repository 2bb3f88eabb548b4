package synth

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"

	"radgo/core/synth/internal/dcm"
	"radgo/core/volume"
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
	sum := sha256.Sum256([]byte(fmt.Sprintf("radgo-synth/%d/%d/%s", c.Settings.Seed, i, what)))
	var b [16]byte
	copy(b[:], sum[:16])
	return dcm.UID(b)
}

const (
	ctImageStorage  = "1.2.840.10008.5.1.4.1.1.2"
	rtStructStorage = "1.2.840.10008.5.1.4.1.1.481.3"
)

func (c *Cohort) writePatient(dir string, i int) error {
	p := &c.Patients[i]
	v, tum := c.CT(i)
	ctDir := CTDir(dir, p.ID)
	if err := os.MkdirAll(ctDir, 0o755); err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	s := c.Image
	study, series, frame := c.uid(i, "study"), c.uid(i, "series"), c.uid(i, "frame")
	sopUIDs := make([]string, s.Slices)
	for k := 0; k < s.Slices; k++ {
		sopUIDs[k] = c.uid(i, "ct"+strconv.Itoa(k))
		if err := c.writeSlice(filepath.Join(ctDir, fmt.Sprintf("CT%04d.dcm", k+1)), p, v, k, study, series, frame, sopUIDs[k]); err != nil {
			return err
		}
	}
	for r := 1; r <= 2; r++ {
		cs := c.ReaderContours(i, r, tum)
		if err := c.writeRTStruct(RTStructPath(dir, p.ID, r), p, i, r, cs, study, series, frame, sopUIDs); err != nil {
			return err
		}
	}
	return nil
}

func patientModule(ds *dcm.Dataset, p *Patient, study string) {
	ds.Add(0x0008, 0x0020, "DA", "20200101")
	ds.Add(0x0008, 0x0030, "TM", "090000")
	ds.Add(0x0008, 0x0050, "SH", "")
	ds.Add(0x0008, 0x0090, "PN", "")
	ds.Add(0x0010, 0x0010, "PN", "Synthetic^"+p.ID)
	ds.Add(0x0010, 0x0020, "LO", p.ID)
	ds.Add(0x0010, 0x0030, "DA", "")
	sex := "M"
	if p.Gender == "Female" {
		sex = "F"
	}
	ds.Add(0x0010, 0x0040, "CS", sex)
	ds.Add(0x0020, 0x000D, "UI", study)
	ds.Add(0x0020, 0x0010, "SH", "1")
}

func (c *Cohort) writeSlice(path string, p *Patient, v *volume.Volume, k int, study, series, frame, sop string) error {
	s := c.Image
	var ds dcm.Dataset
	ds.Add(0x0008, 0x0008, "CS", []string{"ORIGINAL", "PRIMARY", "AXIAL"})
	ds.Add(0x0008, 0x0016, "UI", ctImageStorage)
	ds.Add(0x0008, 0x0018, "UI", sop)
	ds.Add(0x0008, 0x0060, "CS", "CT")
	ds.Add(0x0008, 0x0070, "LO", "radgo synth")
	ds.Add(0x0008, 0x103E, "LO", "Synthetic contrast-enhanced thorax CT")
	patientModule(&ds, p, study)
	ds.Add(0x0018, 0x0050, "DS", []float64{s.SliceThickness})
	ds.Add(0x0018, 0x0060, "DS", []float64{120})
	ds.Add(0x0018, 0x5100, "CS", "HFS")
	ds.Add(0x0020, 0x000E, "UI", series)
	ds.Add(0x0020, 0x0011, "IS", []int{1})
	ds.Add(0x0020, 0x0013, "IS", []int{k + 1})
	pos := v.Point(0, 0, float64(k))
	ds.Add(0x0020, 0x0032, "DS", pos[:])
	ds.Add(0x0020, 0x0037, "DS", []float64{1, 0, 0, 0, 1, 0})
	ds.Add(0x0020, 0x0052, "UI", frame)
	ds.Add(0x0020, 0x1041, "DS", []float64{pos[2]})
	ds.Add(0x0028, 0x0002, "US", []int{1})
	ds.Add(0x0028, 0x0004, "CS", "MONOCHROME2")
	ds.Add(0x0028, 0x0010, "US", []int{s.Rows})
	ds.Add(0x0028, 0x0011, "US", []int{s.Columns})
	ds.Add(0x0028, 0x0030, "DS", []float64{s.PixelSpacing, s.PixelSpacing})
	ds.Add(0x0028, 0x0100, "US", []int{16})
	ds.Add(0x0028, 0x0101, "US", []int{16})
	ds.Add(0x0028, 0x0102, "US", []int{15})
	ds.Add(0x0028, 0x0103, "US", []int{1})
	ds.Add(0x0028, 0x1050, "DS", []float64{40})
	ds.Add(0x0028, 0x1051, "DS", []float64{400})
	ds.Add(0x0028, 0x1052, "DS", []float64{-1024})
	ds.Add(0x0028, 0x1053, "DS", []float64{1})
	ds.Add(0x0028, 0x1054, "LO", "HU")
	px := make([]int16, s.Rows*s.Columns)
	off := v.Offset(0, 0, k)
	for q := range px {
		px[q] = int16(min(max(v.Voxels[off+q]+1024, -32768), 32767))
	}
	ds.Add(0x7FE0, 0x0010, "OW", px)
	return writeFile(path, ctImageStorage, sop, ds)
}

func (c *Cohort) writeRTStruct(path string, p *Patient, i, reader int, cs []Contour, study, series, frame string, sopUIDs []string) error {
	sop := c.uid(i, fmt.Sprintf("rtstruct%d", reader))
	var ds dcm.Dataset
	ds.Add(0x0008, 0x0016, "UI", rtStructStorage)
	ds.Add(0x0008, 0x0018, "UI", sop)
	ds.Add(0x0008, 0x0060, "CS", "RTSTRUCT")
	ds.Add(0x0008, 0x0070, "LO", "radgo synth")
	ds.Add(0x0008, 0x103E, "LO", fmt.Sprintf("Primary tumour, reader %d", reader))
	patientModule(&ds, p, study)
	ds.Add(0x0008, 0x1090, "LO", "")
	ds.Add(0x0020, 0x000E, "UI", c.uid(i, fmt.Sprintf("rtseries%d", reader)))
	ds.Add(0x0020, 0x0011, "IS", []int{100 + reader})
	ds.Add(0x0020, 0x0013, "IS", []int{1})
	ds.Add(0x3006, 0x0002, "SH", fmt.Sprintf("Reader%d", reader))
	ds.Add(0x3006, 0x0008, "DA", "20200102")
	ds.Add(0x3006, 0x0009, "TM", "100000")
	var images []dcm.Dataset
	for _, u := range sopUIDs {
		images = append(images, dcm.Dataset{
			{Tag: dcm.Tag{Group: 0x0008, Element: 0x1150}, VR: "UI", Value: ctImageStorage},
			{Tag: dcm.Tag{Group: 0x0008, Element: 0x1155}, VR: "UI", Value: u},
		})
	}
	var seriesItem, studyItem, forItem dcm.Dataset
	seriesItem.Add(0x0020, 0x000E, "UI", series)
	seriesItem.Add(0x3006, 0x0016, "SQ", images)
	studyItem.Add(0x0008, 0x1150, "UI", "1.2.840.10008.3.1.2.3.1")
	studyItem.Add(0x0008, 0x1155, "UI", study)
	studyItem.Add(0x3006, 0x0014, "SQ", []dcm.Dataset{seriesItem})
	forItem.Add(0x0020, 0x0052, "UI", frame)
	forItem.Add(0x3006, 0x0012, "SQ", []dcm.Dataset{studyItem})
	ds.Add(0x3006, 0x0010, "SQ", []dcm.Dataset{forItem})
	var roi dcm.Dataset
	roi.Add(0x3006, 0x0022, "IS", []int{1})
	roi.Add(0x3006, 0x0024, "UI", frame)
	roi.Add(0x3006, 0x0026, "LO", ROIName)
	roi.Add(0x3006, 0x0036, "CS", "MANUAL")
	ds.Add(0x3006, 0x0020, "SQ", []dcm.Dataset{roi})
	var contours []dcm.Dataset
	for n, ct := range cs {
		var item dcm.Dataset
		ref := dcm.Dataset{
			{Tag: dcm.Tag{Group: 0x0008, Element: 0x1150}, VR: "UI", Value: ctImageStorage},
			{Tag: dcm.Tag{Group: 0x0008, Element: 0x1155}, VR: "UI", Value: sopUIDs[ct.Slice]},
		}
		item.Add(0x3006, 0x0016, "SQ", []dcm.Dataset{ref})
		item.Add(0x3006, 0x0042, "CS", "CLOSED_PLANAR")
		item.Add(0x3006, 0x0046, "IS", []int{len(ct.Points)})
		item.Add(0x3006, 0x0048, "IS", []int{n + 1})
		flat := make([]float64, 0, 3*len(ct.Points))
		for _, pt := range ct.Points {
			flat = append(flat, pt[0], pt[1], pt[2])
		}
		item.Add(0x3006, 0x0050, "DS", flat)
		contours = append(contours, item)
	}
	var rc dcm.Dataset
	rc.Add(0x3006, 0x002A, "IS", []int{255, 0, 0})
	rc.Add(0x3006, 0x0040, "SQ", contours)
	rc.Add(0x3006, 0x0084, "IS", []int{1})
	ds.Add(0x3006, 0x0039, "SQ", []dcm.Dataset{rc})
	var obs dcm.Dataset
	obs.Add(0x3006, 0x0082, "IS", []int{1})
	obs.Add(0x3006, 0x0084, "IS", []int{1})
	obs.Add(0x3006, 0x00A4, "CS", "GTV")
	obs.Add(0x3006, 0x00A6, "PN", "")
	ds.Add(0x3006, 0x0080, "SQ", []dcm.Dataset{obs})
	return writeFile(path, rtStructStorage, sop, ds)
}

func writeFile(path, class, sop string, ds dcm.Dataset) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("synth: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<16)
	if err := dcm.Write(w, class, sop, ds); err != nil {
		f.Close()
		return fmt.Errorf("synth: writing %s: %w", path, err)
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("synth: writing %s: %w", path, err)
	}
	return f.Close()
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

Layout: <ID>/CT/CT0001.dcm ... (axial CT, %d×%d, %.2f mm pixels, %d slices of %.1f mm, HU =
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
