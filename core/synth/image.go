package synth

import (
	"fmt"
	"math"
	"math/rand/v2"

	"radgo/core/volume"
)

// ImageSettings describe the CT grid of every patient.
type ImageSettings struct {
	Columns, Rows  int     // in-plane size (≤ 512)
	PixelSpacing   float64 // mm
	Slices         int     // number of axial slices
	SliceThickness float64 // mm, also the slice spacing
	NoiseHU        float64 // standard deviation of white quantum noise
}

// DefaultImage returns 256×256 slices of 1.5 mm pixels (a 384 mm field of
// view) and 20 slices of 5 mm over the thorax, as acquired in the study.
func DefaultImage() ImageSettings {
	return ImageSettings{Columns: 256, Rows: 256, PixelSpacing: 1.5, Slices: 20, SliceThickness: 5, NoiseHU: 10}
}

func (s ImageSettings) validate() error {
	if s.Columns < 64 || s.Rows < 64 || s.Columns > 512 || s.Rows > 512 {
		return fmt.Errorf("synth: in-plane size %d×%d; want 64 to 512", s.Columns, s.Rows)
	}
	if s.Slices < 12 || s.Slices > 400 {
		return fmt.Errorf("synth: %d slices; want 12 to 400", s.Slices)
	}
	if !(s.PixelSpacing > 0.3 && s.PixelSpacing < 5) || !(s.SliceThickness > 0.5 && s.SliceThickness <= 10) {
		return fmt.Errorf("synth: pixel spacing %g mm / slice thickness %g mm out of range", s.PixelSpacing, s.SliceThickness)
	}
	return nil
}

// Tumour is the true primary tumour of a patient: on each slice k where it
// is present, a star-shaped region around Centre with radius
// Radius[k] · (1 + Σ Harmonics) at angle θ.
type Tumour struct {
	Centre    [2]float64 // in-plane centre (x, y) in mm (patient LPS)
	FirstK    int        // first slice index with tumour
	Radius    []float64  // mean radius in mm per slice from FirstK (0 = absent)
	harmonics [3][2]float64
}

// radius returns the tumour boundary radius on slice k at angle theta.
func (t *Tumour) radius(k int, theta float64) float64 {
	i := k - t.FirstK
	if i < 0 || i >= len(t.Radius) {
		return 0
	}
	f := 1.0
	for h, c := range t.harmonics {
		f += c[0] * math.Sin(float64(h+2)*theta+c[1])
	}
	return t.Radius[i] * f
}

// Study-level geometry shared by images and contours.
func (s ImageSettings) geometry() volume.Geometry {
	g := volume.Identity([3]float64{s.PixelSpacing, s.PixelSpacing, s.SliceThickness})
	g.Origin = [3]float64{
		-float64(s.Columns-1) / 2 * s.PixelSpacing,
		-float64(s.Rows-1) / 2 * s.PixelSpacing,
		-float64(s.Slices-1) * s.SliceThickness, // top slice at z = 0
	}
	return g
}

// patientRNG is the random stream of patient i for a purpose; each stream
// is independent, so patients can be generated in any order.
func (c *Cohort) patientRNG(i int, purpose uint64) *rand.Rand {
	return rand.New(rand.NewPCG(c.Settings.Seed^0x9e3779b97f4a7c15, uint64(i)<<8|purpose))
}

// TumourOf returns the true tumour of patient i. Its length and radius
// grow with stage; its position follows the tumour location.
func (c *Cohort) TumourOf(i int) *Tumour {
	p := &c.Patients[i]
	rng := c.patientRNG(i, 1)
	s := c.Image
	length := 25 + 20*rng.Float64() // mm
	r := 9 + 4*rng.Float64()
	if p.Stage == "III" {
		length += 10
		r += 3
	}
	nk := max(3, int(math.Round(length/s.SliceThickness)))
	nk = min(nk, s.Slices-4)
	// Location shifts the tumour along z within the scanned range.
	frac := map[string]float64{"Cervical": 0.15, "Upper": 0.3, "Middle": 0.5, "Lower": 0.7}[p.Location]
	first := int(frac*float64(s.Slices-nk)) + rng.IntN(3)
	first = min(max(first, 2), s.Slices-nk-2)
	t := &Tumour{Centre: [2]float64{8 + 4*rng.NormFloat64(), 30 + 3*rng.NormFloat64()}, FirstK: first, Radius: make([]float64, nk)}
	for k := range t.Radius {
		u := (float64(k)+0.5)/float64(nk)*2 - 1 // -1..1 along the tumour
		t.Radius[k] = r * math.Sqrt(max(0.15, 1-u*u)) * (1 + 0.08*rng.NormFloat64())
	}
	for h := range t.harmonics {
		t.harmonics[h] = [2]float64{(0.10 - 0.03*float64(h)) * rng.Float64(), 2 * math.Pi * rng.Float64()}
	}
	return t
}

// CT returns the CT volume of patient i in Hounsfield units and its true
// tumour. Anatomy: air, a body outline with subcutaneous fat, muscle, two
// lungs, a vertebral body with cortical bone, the contrast-filled aorta, the
// oesophagus and the tumour, whose texture is driven by the latent
// phenotype z. The anatomy is the same on every slice; only the tumour
// changes along z.
func (c *Cohort) CT(i int) (*volume.Volume, *Tumour) {
	s := c.Image
	g := s.geometry()
	v := volume.New([3]int{s.Columns, s.Rows, s.Slices}, g)
	tum := c.TumourOf(i)
	rng := c.patientRNG(i, 2)
	bodyA, bodyB := 150+10*rng.NormFloat64(), 105+8*rng.NormFloat64()
	nx, ny := s.Columns, s.Rows
	base := make([]float64, nx*ny)
	for j := 0; j < ny; j++ {
		for ii := 0; ii < nx; ii++ {
			x := g.Origin[0] + float64(ii)*s.PixelSpacing
			y := g.Origin[1] + float64(j)*s.PixelSpacing
			base[j*nx+ii] = anatomy(x, y, bodyA, bodyB, tum.Centre)
		}
	}
	tex := c.texture(i, tum)
	for k := 0; k < s.Slices; k++ {
		slice := v.Voxels[k*nx*ny : (k+1)*nx*ny]
		copy(slice, base)
		// the tumour replaces the anatomy inside its boundary on slice k
		if rmax := tum.maxRadius(k); rmax > 0 {
			lo := g.Index([3]float64{tum.Centre[0] - rmax, tum.Centre[1] - rmax, 0})
			hi := g.Index([3]float64{tum.Centre[0] + rmax, tum.Centre[1] + rmax, 0})
			for j := max(0, int(lo[1])); j <= min(ny-1, int(hi[1])+1); j++ {
				for ii := max(0, int(lo[0])); ii <= min(nx-1, int(hi[0])+1); ii++ {
					dx := g.Origin[0] + float64(ii)*s.PixelSpacing - tum.Centre[0]
					dy := g.Origin[1] + float64(j)*s.PixelSpacing - tum.Centre[1]
					if r := tum.radius(k, math.Atan2(dy, dx)); r > 0 && math.Hypot(dx, dy) <= r && slice[j*nx+ii] > -1000 {
						slice[j*nx+ii] = tex(ii, j, k)
					}
				}
			}
		}
		for q := range slice {
			slice[q] = math.Round(slice[q] + s.NoiseHU*rng.NormFloat64())
		}
	}
	return v, tum
}

// anatomy returns the HU of the tumour-free thorax at in-plane point (x, y).
func anatomy(x, y, bodyA, bodyB float64, oesophagus [2]float64) float64 {
	e := sq(x/bodyA) + sq(y/bodyB)
	if e > 1 {
		return -1000
	}
	hu := 45.0 // muscle / mediastinal soft tissue
	if e > sq(1-10/bodyB) {
		hu = -100 // subcutaneous fat
	}
	if sq((math.Abs(x)-62)/48)+sq((y+5)/70) <= 1 { // lungs
		hu = -850
	}
	if d := math.Hypot(x, y-70); d <= 18 { // vertebral body behind the oesophagus
		hu = 250
		if d > 14 {
			hu = 800
		}
	}
	if math.Hypot(x-28, y-50) <= 12 { // contrast-filled descending aorta
		hu = 180
	}
	if d := math.Hypot(x-oesophagus[0], y-oesophagus[1]); d <= 9 { // oesophagus with an air lumen
		hu = 35
		if d <= 2 {
			hu = -900
		}
	}
	return hu
}

// maxRadius bounds the tumour radius on slice k (0 when absent).
func (t *Tumour) maxRadius(k int) float64 {
	i := k - t.FirstK
	if i < 0 || i >= len(t.Radius) {
		return 0
	}
	f := 1.0
	for _, c := range t.harmonics {
		f += math.Abs(c[0])
	}
	return t.Radius[i] * f
}

func sq(x float64) float64 { return x * x }

// texture returns the tumour's HU at a voxel: enhancing tissue around 40 HU
// plus a smooth random field whose amplitude and grain grow with the latent
// phenotype z, and a hypodense necrotic core when z is high. The field is
// generated over the tumour's bounding box only.
func (c *Cohort) texture(i int, tum *Tumour) func(i, j, k int) float64 {
	s := c.Image
	z := c.Patients[i].Latent
	rng := c.patientRNG(i, 3)
	amp := 14 * math.Exp(0.45*z)
	corr := 3.5 * math.Exp(-0.3*z) // mm
	g := s.geometry()
	rmax := 0.0
	for k := tum.FirstK; k < tum.FirstK+len(tum.Radius); k++ {
		rmax = math.Max(rmax, tum.maxRadius(k))
	}
	lo := g.Index([3]float64{tum.Centre[0] - rmax, tum.Centre[1] - rmax, 0})
	hi := g.Index([3]float64{tum.Centre[0] + rmax, tum.Centre[1] + rmax, 0})
	off := [3]int{int(lo[0]) - 1, int(lo[1]) - 1, tum.FirstK}
	n := [3]int{int(hi[0]) - off[0] + 3, int(hi[1]) - off[1] + 3, len(tum.Radius)}
	field := smoothNoise(rng, n, [3]float64{corr / s.PixelSpacing, corr / s.PixelSpacing, max(0.5, corr/s.SliceThickness)})
	necrosis := math.Max(0, 0.45*(z-0.3))
	return func(ii, j, k int) float64 {
		a, b, q := ii-off[0], j-off[1], k-off[2]
		hu := 42.0
		if a >= 0 && b >= 0 && q >= 0 && a < n[0] && b < n[1] && q < n[2] {
			hu += amp * field[(q*n[1]+b)*n[0]+a]
		}
		if necrosis > 0 {
			dx := g.Origin[0] + float64(ii)*s.PixelSpacing - tum.Centre[0]
			dy := g.Origin[1] + float64(j)*s.PixelSpacing - tum.Centre[1]
			r := tum.radius(k, math.Atan2(dy, dx))
			if r > 0 && math.Hypot(dx, dy) < necrosis*r {
				hu -= 25
			}
		}
		return hu
	}
}

// smoothNoise returns unit-variance Gaussian noise smoothed by a separable
// box filter of about the given radius (in voxels) along each axis, three
// passes approximating a Gaussian.
func smoothNoise(rng *rand.Rand, n [3]int, radius [3]float64) []float64 {
	f := make([]float64, n[0]*n[1]*n[2])
	for i := range f {
		f[i] = rng.NormFloat64()
	}
	tmp := make([]float64, max(n[0], n[1], n[2]))
	stride := [3]int{1, n[0], n[0] * n[1]}
	for axis := 0; axis < 3; axis++ {
		r := int(math.Round(radius[axis]))
		if r < 1 || n[axis] < 2 {
			continue
		}
		length := n[axis]
		for start := range f {
			// visit each line along axis once: its first element has index 0 on that axis
			if (start/stride[axis])%n[axis] != 0 {
				continue
			}
			for pass := 0; pass < 3; pass++ {
				sum := 0.0
				for t := -r; t <= r; t++ {
					sum += f[start+clamp(t, length)*stride[axis]]
				}
				for t := 0; t < length; t++ {
					tmp[t] = sum / float64(2*r+1)
					sum += f[start+clamp(t+r+1, length)*stride[axis]] - f[start+clamp(t-r, length)*stride[axis]]
				}
				for t := 0; t < length; t++ {
					f[start+t*stride[axis]] = tmp[t]
				}
			}
		}
	}
	// normalise to unit variance
	var m, v float64
	for _, x := range f {
		m += x
	}
	m /= float64(len(f))
	for _, x := range f {
		v += (x - m) * (x - m)
	}
	sd := math.Sqrt(v / float64(len(f)))
	if sd == 0 {
		sd = 1
	}
	for i := range f {
		f[i] = (f[i] - m) / sd
	}
	return f
}

func clamp(t, n int) int { return min(max(t, 0), n-1) }
