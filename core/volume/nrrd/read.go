package nrrd

import (
	"bufio"
	"compress/bzip2"
	"compress/gzip"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"radgo/core/volume"
)

// Data is the content of an NRRD file of any dimension: its header and its
// values converted to float64, in file order (axis 0 fastest).
type Data struct {
	Header *Header
	Values []float64
}

// DecodeData reads an attached NRRD file (header and data) from r.
// Detached headers need [ReadData], which can open the data files.
func DecodeData(r io.Reader) (*Data, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	h, err := decodeHeader(br)
	if err != nil {
		return nil, err
	}
	if len(h.DataFiles) > 0 {
		return nil, FormatError("detached header (data file " + h.DataFiles[0] + "): read it by name with ReadFile")
	}
	vals, err := readValues(h, []io.Reader{br}, -1)
	if err != nil {
		return nil, err
	}
	return &Data{Header: h, Values: vals}, nil
}

// ReadData reads the NRRD or detached NHDR file name, opening its data
// files relative to the header's directory.
func ReadData(name string) (*Data, error) {
	d, err := readData(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return d, nil
}

func readData(name string) (*Data, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	h, err := decodeHeader(br)
	if err != nil {
		return nil, err
	}
	if len(h.DataFiles) == 0 {
		size := int64(-1)
		if st, err := f.Stat(); err == nil {
			size = st.Size()
		}
		vals, err := readValues(h, []io.Reader{br}, size)
		if err != nil {
			return nil, err
		}
		return &Data{Header: h, Values: vals}, nil
	}
	dir := filepath.Dir(name)
	var readers []io.Reader
	var total int64
	for _, df := range h.DataFiles {
		p := df
		if !filepath.IsAbs(p) {
			p = filepath.Join(dir, p)
		}
		g, err := os.Open(p)
		if err != nil {
			return nil, fmt.Errorf("data file: %w", err)
		}
		defer g.Close()
		if st, err := g.Stat(); err == nil {
			total += st.Size()
		}
		readers = append(readers, g)
	}
	if len(readers) > 1 && h.ByteSkip == -1 {
		return nil, UnsupportedError("byte skip -1 with several data files")
	}
	if h.ByteSkip == -1 && h.Encoding == "raw" {
		// Skip from the start so that exactly the data remain at the end.
		need := int64(h.NumValues()) * int64(h.Type.Size())
		if total < need {
			return nil, FormatError(fmt.Sprintf("data file holds %d bytes, header needs %d", total, need))
		}
		h2 := *h
		h2.ByteSkip = int(total - need)
		h2.LineSkip = 0
		h = &h2
	} else if h.ByteSkip == -1 {
		return nil, FormatError("byte skip -1 is only valid with raw encoding")
	}
	vals, err := readValuesMulti(h, readers)
	if err != nil {
		return nil, err
	}
	return &Data{Header: h, Values: vals}, nil
}

// readValuesMulti reads the data split over several files: line and byte
// skips apply to each file.
func readValuesMulti(h *Header, rs []io.Reader) ([]float64, error) {
	if len(rs) == 1 {
		return readValues(h, rs, -1)
	}
	n := h.NumValues()
	if n%len(rs) != 0 {
		return nil, FormatError(fmt.Sprintf("%d values do not split over %d data files", n, len(rs)))
	}
	per := n / len(rs)
	out := make([]float64, 0, n)
	for i, r := range rs {
		hh := *h
		hh.Sizes = []int{per}
		v, err := readValues(&hh, []io.Reader{r}, -1)
		if err != nil {
			return nil, fmt.Errorf("data file %s: %w", h.DataFiles[i], err)
		}
		out = append(out, v...)
	}
	return out, nil
}

// readValues reads h.NumValues() values from r after the header's skips.
// size is the total size of the underlying file when known (attached raw
// data are then checked before reading), else -1.
func readValues(h *Header, rs []io.Reader, size int64) ([]float64, error) {
	r := rs[0]
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	for i := 0; i < h.LineSkip; i++ {
		if _, err := br.ReadSlice('\n'); err != nil && err != bufio.ErrBufferFull {
			return nil, FormatError(fmt.Sprintf("line skip %d: %v", h.LineSkip, err))
		}
	}
	if h.ByteSkip > 0 && h.Encoding == "raw" {
		if _, err := io.CopyN(io.Discard, br, int64(h.ByteSkip)); err != nil {
			return nil, FormatError(fmt.Sprintf("byte skip %d: truncated", h.ByteSkip))
		}
	}
	n := h.NumValues()
	es := h.Type.Size()
	var src io.Reader = br
	switch h.Encoding {
	case "gzip":
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, FormatError("gzip data: " + err.Error())
		}
		src = zr
	case "bzip2":
		src = bzip2.NewReader(br)
	case "ascii":
		return readASCII(br, n, h.Type)
	case "hex":
		src = hex.NewDecoder(&hexSpaceStripper{r: br})
	}
	if h.ByteSkip > 0 && h.Encoding != "raw" {
		// For compressed data the skip applies after decompression.
		if _, err := io.CopyN(io.Discard, src, int64(h.ByteSkip)); err != nil {
			return nil, FormatError(fmt.Sprintf("byte skip %d: truncated", h.ByteSkip))
		}
	}
	need := int64(n) * int64(es)
	if size >= 0 && h.Encoding == "raw" && need > size {
		return nil, FormatError(fmt.Sprintf("truncated: header declares %d data bytes, file has %d bytes in all", need, size))
	}
	// Read incrementally: memory follows the data actually present, so a
	// hostile size in a tiny file cannot allocate gigabytes.
	b, err := readAtMost(src, need)
	got := int64(len(b))
	if err != nil {
		return nil, FormatError(fmt.Sprintf("%s data after %d of %d bytes: %v", h.Encoding, got, need, err))
	}
	if got < need {
		return nil, FormatError(fmt.Sprintf("truncated data: %d of %d bytes (%d values of %s)", got, need, n, h.Type))
	}
	return convert(b, n, h.Type, h.BigEndian), nil
}

// hexSpaceStripper drops whitespace from hex text.
type hexSpaceStripper struct{ r io.Reader }

func (s *hexSpaceStripper) Read(p []byte) (int, error) {
	for {
		n, err := s.r.Read(p)
		j := 0
		for _, c := range p[:n] {
			if c != ' ' && c != '\n' && c != '\r' && c != '\t' {
				p[j] = c
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}

func convert(b []byte, n int, t Type, big bool) []float64 {
	out := make([]float64, n)
	var bo binary.ByteOrder = binary.LittleEndian
	if big {
		bo = binary.BigEndian
	}
	switch t {
	case Int8:
		for i := range out {
			out[i] = float64(int8(b[i]))
		}
	case Uint8:
		for i := range out {
			out[i] = float64(b[i])
		}
	case Int16:
		for i := range out {
			out[i] = float64(int16(bo.Uint16(b[2*i:])))
		}
	case Uint16:
		for i := range out {
			out[i] = float64(bo.Uint16(b[2*i:]))
		}
	case Int32:
		for i := range out {
			out[i] = float64(int32(bo.Uint32(b[4*i:])))
		}
	case Uint32:
		for i := range out {
			out[i] = float64(bo.Uint32(b[4*i:]))
		}
	case Int64:
		for i := range out {
			out[i] = float64(int64(bo.Uint64(b[8*i:])))
		}
	case Uint64:
		for i := range out {
			out[i] = float64(bo.Uint64(b[8*i:]))
		}
	case Float32:
		for i := range out {
			out[i] = float64(math.Float32frombits(bo.Uint32(b[4*i:])))
		}
	case Float64:
		for i := range out {
			out[i] = math.Float64frombits(bo.Uint64(b[8*i:]))
		}
	}
	return out
}

func readASCII(br *bufio.Reader, n int, t Type) ([]float64, error) {
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 64<<10), maxHeaderLine)
	sc.Split(func(data []byte, atEOF bool) (int, []byte, error) {
		// Tokens are separated by whitespace or commas.
		start := 0
		for start < len(data) && isSep(data[start]) {
			start++
		}
		for i := start; i < len(data); i++ {
			if isSep(data[i]) {
				return i + 1, data[start:i], nil
			}
		}
		if atEOF && len(data) > start {
			return len(data), data[start:], nil
		}
		return start, nil, nil
	})
	out := make([]float64, 0, min(n, 1<<20))
	for len(out) < n && sc.Scan() {
		x, err := strconv.ParseFloat(sc.Text(), 64)
		if err != nil {
			return nil, FormatError(fmt.Sprintf("ascii value %d: %q is not a number", len(out), sc.Text()))
		}
		out = append(out, x)
	}
	if err := sc.Err(); err != nil {
		return nil, FormatError("ascii data: " + err.Error())
	}
	if len(out) < n {
		return nil, FormatError(fmt.Sprintf("truncated ascii data: %d of %d values", len(out), n))
	}
	_ = t
	return out, nil
}

func isSep(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == ',' }

// SpatialAxes returns the indices of the axes that have a space direction
// (or, without "space directions", every axis whose kind is not a
// non-spatial kind such as list or vector).
func (h *Header) SpatialAxes() []int {
	var ax []int
	for i := 0; i < h.Dimension; i++ {
		if h.SpaceDirections != nil {
			if h.SpaceDirections[i] != nil {
				ax = append(ax, i)
			}
			continue
		}
		if i < len(h.Kinds) && !spatialKind(h.Kinds[i]) {
			continue
		}
		ax = append(ax, i)
	}
	return ax
}

func spatialKind(k string) bool {
	switch strings.ToLower(k) {
	case "domain", "space", "time", "???", "none":
		return true
	}
	return false
}

// Geometry returns the LPS geometry and size of the spatial axes. A file
// with two spatial axes is read as a single slice (size 1, spacing 1 mm,
// direction completing a right-handed frame).
func (h *Header) Geometry() (volume.Geometry, [3]int, error) {
	var g volume.Geometry
	var size [3]int
	ax := h.SpatialAxes()
	if len(ax) != 3 && len(ax) != 2 {
		return g, size, UnsupportedError(fmt.Sprintf("%d spatial axes (sizes %v); want 3", len(ax), h.Sizes))
	}
	flip := [3]float64{1, 1, 1}
	switch h.Space {
	case "right-anterior-superior":
		flip = [3]float64{-1, -1, 1}
	case "left-anterior-superior":
		flip = [3]float64{1, -1, 1}
	}
	for c, a := range ax {
		size[c] = h.Sizes[a]
		if h.SpaceDirections != nil {
			d := h.SpaceDirections[a]
			if len(d) != 3 {
				return g, size, FormatError(fmt.Sprintf("space direction of axis %d has %d components, want 3", a, len(d)))
			}
			norm := math.Sqrt(d[0]*d[0] + d[1]*d[1] + d[2]*d[2])
			if norm == 0 {
				return g, size, FormatError(fmt.Sprintf("space direction of axis %d is zero", a))
			}
			g.Spacing[c] = norm
			for r := 0; r < 3; r++ {
				g.Direction[r][c] = flip[r]*d[r]/norm + 0 // + 0 turns −0 into 0
			}
		} else {
			s := h.Spacings[a]
			if math.IsNaN(s) {
				s = 1
			}
			if s <= 0 {
				return g, size, FormatError(fmt.Sprintf("spacing of axis %d is %g", a, s))
			}
			g.Spacing[c] = s
			g.Direction[c][c] = 1
		}
	}
	if len(ax) == 2 {
		size[2] = 1
		g.Spacing[2] = 1
		a := [3]float64{g.Direction[0][0], g.Direction[1][0], g.Direction[2][0]}
		b := [3]float64{g.Direction[0][1], g.Direction[1][1], g.Direction[2][1]}
		n := [3]float64{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
		l := math.Sqrt(n[0]*n[0] + n[1]*n[1] + n[2]*n[2])
		if l == 0 {
			return g, size, FormatError("parallel space directions")
		}
		for r := 0; r < 3; r++ {
			g.Direction[r][2] = n[r] / l
		}
	}
	if h.SpaceOrigin != nil {
		for r := 0; r < 3; r++ {
			g.Origin[r] = flip[r]*h.SpaceOrigin[r] + 0
		}
	}
	return g, size, nil
}

// Volume returns the data as a 3-D volume. Non-spatial axes must have
// size 1.
func (d *Data) Volume() (*volume.Volume, error) {
	g, size, err := d.Header.Geometry()
	if err != nil {
		return nil, err
	}
	if size[0]*size[1]*size[2] != len(d.Values) {
		return nil, UnsupportedError(fmt.Sprintf("sizes %v hold %d values per voxel; want a scalar image", d.Header.Sizes, len(d.Values)/(size[0]*size[1]*size[2])))
	}
	return &volume.Volume{Voxels: d.Values, Size: size, Geometry: g}, nil
}

// Mask returns the data as a 3-D label map. Values must be integers in
// 0..255.
func (d *Data) Mask() (*volume.Mask, error) {
	v, err := d.Volume()
	if err != nil {
		return nil, err
	}
	return toMask(v)
}

func toMask(v *volume.Volume) (*volume.Mask, error) {
	m := &volume.Mask{Labels: make([]uint8, len(v.Voxels)), Size: v.Size, Geometry: v.Geometry}
	for i, x := range v.Voxels {
		if x < 0 || x > 255 || x != math.Trunc(x) {
			return nil, UnsupportedError(fmt.Sprintf("label value %g at voxel %d is not an integer in 0..255", x, i))
		}
		m.Labels[i] = uint8(x)
	}
	return m, nil
}

// Decode reads an attached NRRD image from r.
func Decode(r io.Reader) (*volume.Volume, error) {
	d, err := DecodeData(r)
	if err != nil {
		return nil, err
	}
	return d.Volume()
}

// ReadFile reads the NRRD (or NHDR + data) image file name. Errors name the
// file.
func ReadFile(name string) (*volume.Volume, error) {
	d, err := ReadData(name)
	if err != nil {
		return nil, err
	}
	v, err := d.Volume()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return v, nil
}

// ReadMask reads the NRRD label map file name (values 0..255).
func ReadMask(name string) (*volume.Mask, error) {
	d, err := ReadData(name)
	if err != nil {
		return nil, err
	}
	m, err := d.Mask()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return m, nil
}

// ErrNotSegmentation is returned when a file has no Slicer segment metadata.
var ErrNotSegmentation = errors.New("nrrd: no Segment0_* fields: not a 3D Slicer segmentation")

// readAtMost reads up to need bytes from r into a slice that grows with the
// data actually read (so a huge declared size in a small file never
// allocates more than the data present, up to 16 MB ahead).
func readAtMost(r io.Reader, need int64) ([]byte, error) {
	buf := make([]byte, 0, min(need, 16<<20))
	for int64(len(buf)) < need {
		if len(buf) == cap(buf) {
			nb := make([]byte, len(buf), min(need, 2*int64(cap(buf))))
			copy(nb, buf)
			buf = nb
		}
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}
