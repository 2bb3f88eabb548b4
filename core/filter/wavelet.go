package filter

import (
	"errors"
	"fmt"
	"sort"

	"radgo/core/volume"
)

//go:generate /usr/bin/python3 testdata/gen_wavelets.py

// filterBank is one wavelet's decomposition filter pair in both precisions.
type filterBank struct {
	family     string
	lo64, hi64 []float64
	lo32, hi32 []float32
}

// WaveletSettings configures [Wavelet]. The zero value is PyRadiomics'
// default: coif1, start_level 0, level 1, 3-D, float64 arithmetic.
type WaveletSettings struct {
	// Wavelet is a PyWavelets discrete wavelet name: haar, dbN (1–38),
	// symN (2–20), coifN (1–17), biorX.Y, rbioX.Y, dmey. "" means "coif1".
	Wavelet string
	// StartLevel levels are computed and discarded before the first
	// returned one (PyRadiomics start_level).
	StartLevel int
	// Level is the number of returned levels (PyRadiomics level); 0 means 1.
	Level int
	// Float32 computes in single precision, as PyWavelets does when the
	// image's stored pixel type is float32. Voxel values must then be
	// float32 values.
	Float32 bool
	// Force2D leaves out the axis Force2DDimension (PyRadiomics force2D and
	// force2Ddimension, numpy order: 0 = z, 1 = y, 2 = x), giving 2-letter
	// sub-band names ("LH", ..., approximation "LL").
	Force2D          bool
	Force2DDimension int
}

// Band is one wavelet sub-band.
type Band struct {
	// Name is the PyRadiomics image type name: "wavelet-LLH" for the first
	// returned level, "wavelet2-LLH" for the second, and so on.
	Name string
	// Level is the 1-based index of the returned level the band belongs to.
	Level int
	// Decomposition is the sub-band name, one letter per transformed axis in
	// x, y, z order ("LLH"; "LLL" is the approximation).
	Decomposition string
	// Image has the input's size and geometry (or the box's, for WaveletBox).
	Image *volume.Volume
}

// WaveletNames returns the names [Wavelet] accepts, sorted.
func WaveletNames() []string {
	names := make([]string, 0, len(filterBanks))
	for n := range filterBanks {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ErrUnknownWavelet is returned for a wavelet name PyWavelets does not know.
var ErrUnknownWavelet = errors.New("filter: unknown wavelet")

type waveletPlan struct {
	fb          *filterBank
	start, lev  int
	axes        []int // numpy axes (0 = z, 1 = y, 2 = x), in transform order
	float32Mode bool
}

func (s WaveletSettings) plan() (*waveletPlan, error) {
	name := s.Wavelet
	if name == "" {
		name = "coif1"
	}
	fb, ok := filterBanks[name]
	if !ok {
		return nil, fmt.Errorf("%w %q (want haar, dbN, symN, coifN, biorX.Y, rbioX.Y or dmey)", ErrUnknownWavelet, name)
	}
	if s.StartLevel < 0 {
		return nil, fmt.Errorf("filter: wavelet start level %d is negative", s.StartLevel)
	}
	lev := s.Level
	if lev == 0 {
		lev = 1
	}
	if lev < 0 {
		return nil, fmt.Errorf("filter: wavelet level %d is negative", s.Level)
	}
	axes := []int{2, 1, 0}
	if s.Force2D {
		d := s.Force2DDimension
		if d < 0 || d > 2 {
			return nil, fmt.Errorf("filter: force2Ddimension %d is not 0, 1 or 2", d)
		}
		axes = append(axes[:2-d:2-d], axes[3-d:]...)
	}
	return &waveletPlan{fb: fb, start: s.StartLevel, lev: lev, axes: axes, float32Mode: s.Float32}, nil
}

// reach is the number of voxels beyond a box on either side that the
// transform reads to compute the box (filter half-length per level).
func (p *waveletPlan) reach() int {
	return (p.start + p.lev) * (len(p.fb.lo64) / 2)
}

// Wavelet returns the stationary wavelet sub-bands of img as PyRadiomics'
// getWaveletImage yields them: for each returned level the 7 detail bands
// (3 in 2-D) in PyWavelets order, then the final approximation.
func Wavelet(img *volume.Volume, s WaveletSettings) ([]Band, error) {
	p, err := s.plan()
	if err != nil {
		return nil, err
	}
	if err := checkVolume(img); err != nil {
		return nil, err
	}
	return p.run(img), nil
}

// WaveletBox returns the sub-bands of [Wavelet] restricted to the inclusive
// index box [lo, hi]; each band's Image covers exactly the box, with the
// matching origin. The values equal those of Wavelet(img, s) cropped to the
// box, but only the box plus the filters' reach is transformed along axes
// where that fits inside the image.
func WaveletBox(img *volume.Volume, lo, hi [3]int, s WaveletSettings) ([]Band, error) {
	p, err := s.plan()
	if err != nil {
		return nil, err
	}
	if err := checkVolume(img); err != nil {
		return nil, err
	}
	for a := 0; a < 3; a++ {
		if lo[a] < 0 || hi[a] >= img.Size[a] || lo[a] > hi[a] {
			return nil, fmt.Errorf("filter: box %v–%v outside image of size %v", lo, hi, img.Size)
		}
	}
	r := p.reach()
	var wlo, wsize [3]int
	for a := 0; a < 3; a++ { // a in volume order: 0 = i (x)
		transformed := false
		for _, ax := range p.axes {
			if 2-ax == a {
				transformed = true
			}
		}
		switch {
		case !transformed:
			wlo[a], wsize[a] = lo[a], hi[a]-lo[a]+1
		case lo[a]-r >= 0 && hi[a]+r <= img.Size[a]-1:
			wlo[a], wsize[a] = lo[a]-r, hi[a]-lo[a]+1+2*r
		default:
			wlo[a], wsize[a] = 0, img.Size[a]
		}
	}
	win := crop(img, wlo, wsize)
	bands := p.run(win)
	off := [3]int{lo[0] - wlo[0], lo[1] - wlo[1], lo[2] - wlo[2]}
	size := [3]int{hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1}
	for i := range bands {
		bands[i].Image = crop(bands[i].Image, off, size)
	}
	return bands, nil
}

func checkVolume(img *volume.Volume) error {
	if img == nil {
		return errors.New("filter: nil image")
	}
	n := 1
	for a := 0; a < 3; a++ {
		if img.Size[a] < 1 {
			return fmt.Errorf("filter: image size %v has an empty dimension", img.Size)
		}
		n *= img.Size[a]
	}
	if len(img.Voxels) != n {
		return fmt.Errorf("filter: image has %d voxels, size %v needs %d", len(img.Voxels), img.Size, n)
	}
	return nil
}

// crop copies the box starting at lo with the given size; when it is the
// whole volume, v itself is returned.
func crop(v *volume.Volume, lo, size [3]int) *volume.Volume {
	if lo == [3]int{} && size == v.Size {
		return v
	}
	g := v.Geometry
	g.Origin = v.Point(float64(lo[0]), float64(lo[1]), float64(lo[2]))
	out := volume.New(size, g)
	for k := 0; k < size[2]; k++ {
		for j := 0; j < size[1]; j++ {
			src := v.Offset(lo[0], lo[1]+j, lo[2]+k)
			dst := (k*size[1] + j) * size[0]
			copy(out.Voxels[dst:dst+size[0]], v.Voxels[src:src+size[0]])
		}
	}
	return out
}

func (p *waveletPlan) run(img *volume.Volume) []Band {
	if p.float32Mode {
		return runTyped(p, img, p.fb.lo32, p.fb.hi32)
	}
	return runTyped(p, img, p.fb.lo64, p.fb.hi64)
}

func runTyped[T sample](p *waveletPlan, img *volume.Volume, lo, hi []T) []Band {
	n := img.Size
	var np [3]int // padded size, volume order
	for a := 0; a < 3; a++ {
		np[a] = n[a] + n[a]%2
	}
	data := make([]T, np[0]*np[1]*np[2])
	for k := 0; k < np[2]; k++ {
		sk := k % n[2] // wrap: the padded voxel repeats index 0
		for j := 0; j < np[1]; j++ {
			sj := j % n[1]
			src := img.Voxels[(sk*n[1]+sj)*n[0] : (sk*n[1]+sj+1)*n[0]]
			dst := data[(k*np[1]+j)*np[0] : (k*np[1]+j+1)*np[0]]
			for i := range dst {
				dst[i] = T(src[i%n[0]])
			}
		}
	}
	t := &swt[T]{size: np, lo: lo, hi: hi, axes: p.axes}
	t.init()
	var bands []Band
	next := make([]T, len(data))
	total := p.start + p.lev
	for level := 0; level < total; level++ {
		ret := level - p.start + 1
		t.level(data, func(b int, band []T) {
			if b == 0 {
				copy(next, band) // the buffer is reused by the other bands
				return
			}
			if level < p.start {
				return
			}
			dec := bandName(b, len(p.axes))
			bands = append(bands, Band{Name: imageTypeName(ret, dec), Level: ret, Decomposition: dec, Image: unpad(band, np, img)})
		})
		data, next = next, data
	}
	dec := bandName(0, len(p.axes))
	return append(bands, Band{Name: imageTypeName(p.lev, dec), Level: p.lev, Decomposition: dec, Image: unpad(data, np, img)})
}

func imageTypeName(level int, dec string) string {
	if level == 1 {
		return "wavelet-" + dec
	}
	return fmt.Sprintf("wavelet%d-%s", level, dec)
}

// bandName names sub-band b of a transform over na axes: bit na-1-c of b is
// the filter of the c-th transformed axis (0 = L, 1 = H).
func bandName(b, na int) string {
	s := make([]byte, na)
	for c := 0; c < na; c++ {
		if b>>(na-1-c)&1 == 1 {
			s[c] = 'H'
		} else {
			s[c] = 'L'
		}
	}
	return string(s)
}

func unpad[T sample](data []T, np [3]int, img *volume.Volume) *volume.Volume {
	out := volume.New(img.Size, img.Geometry)
	n := img.Size
	for k := 0; k < n[2]; k++ {
		for j := 0; j < n[1]; j++ {
			src := data[(k*np[1]+j)*np[0]:]
			dst := out.Voxels[(k*n[1]+j)*n[0] : (k*n[1]+j+1)*n[0]]
			for i := range dst {
				dst[i] = float64(src[i])
			}
		}
	}
	return out
}
