package nifti

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"

	"radgo/core/volume"
)

// MaxVoxels caps the number of voxels a header may declare.
const MaxVoxels = 1 << 31

// FormatError reports that the input is not valid NIfTI.
type FormatError string

func (e FormatError) Error() string { return "nifti: invalid format: " + string(e) }

// UnsupportedError reports valid NIfTI that this package does not read.
type UnsupportedError string

func (e UnsupportedError) Error() string { return "nifti: unsupported: " + string(e) }

// Datatype codes (NIFTI_TYPE_*).
const (
	Uint8   = 2
	Int16   = 4
	Int32   = 8
	Float32 = 16
	Float64 = 64
	Int8    = 256
	Uint16  = 512
	Uint32  = 768
	Int64   = 1024
	Uint64  = 1280
)

// Header holds the NIfTI header fields radgo uses, widened to the NIfTI-2
// types.
type Header struct {
	Version    int // 1 or 2
	BigEndian  bool
	Dim        [8]int64
	Datatype   int
	Bitpix     int
	Pixdim     [8]float64
	VoxOffset  int64
	SclSlope   float64
	SclInter   float64
	XYZTUnits  int
	QformCode  int
	SformCode  int
	Quatern    [3]float64 // b, c, d
	QOffset    [3]float64
	Srow       [3][4]float64
	Descrip    string
	SingleFile bool // magic n+1 / n+2 (data in the same file)
}

func bytesPerVoxel(dt int) int {
	switch dt {
	case Uint8, Int8:
		return 1
	case Int16, Uint16:
		return 2
	case Int32, Uint32, Float32:
		return 4
	case Float64, Int64, Uint64:
		return 8
	}
	return 0
}

// DecodeHeader reads a NIfTI-1 or NIfTI-2 header from r.
func DecodeHeader(r io.Reader) (*Header, error) {
	var b [540]byte
	if _, err := io.ReadFull(r, b[:4]); err != nil {
		return nil, FormatError("truncated header: " + err.Error())
	}
	var h Header
	var bo binary.ByteOrder = binary.LittleEndian
	switch {
	case binary.LittleEndian.Uint32(b[:4]) == 348:
		h.Version = 1
	case binary.BigEndian.Uint32(b[:4]) == 348:
		h.Version, h.BigEndian, bo = 1, true, binary.BigEndian
	case binary.LittleEndian.Uint32(b[:4]) == 540:
		h.Version = 2
	case binary.BigEndian.Uint32(b[:4]) == 540:
		h.Version, h.BigEndian, bo = 2, true, binary.BigEndian
	default:
		return nil, FormatError(fmt.Sprintf("sizeof_hdr is %d, want 348 (NIfTI-1) or 540 (NIfTI-2)", binary.LittleEndian.Uint32(b[:4])))
	}
	n := 348
	if h.Version == 2 {
		n = 540
	}
	if _, err := io.ReadFull(r, b[4:n]); err != nil {
		return nil, FormatError("truncated header")
	}
	// Header floats of NIfTI-1 are float32, usually rounded from decimal
	// values (DICOM DS strings): widen each through its shortest decimal
	// representation, so 0.976562 stays 0.976562 rather than becoming
	// 0.9765620231628418. The change is below one float32 ulp and makes a
	// NIfTI converted from DICOM land on the DICOM grid to ~1e-14.
	f32 := func(o int) float64 { return decimal32(math.Float32frombits(bo.Uint32(b[o:]))) }
	f64 := func(o int) float64 { return math.Float64frombits(bo.Uint64(b[o:])) }
	i16 := func(o int) int { return int(int16(bo.Uint16(b[o:]))) }
	i32 := func(o int) int { return int(int32(bo.Uint32(b[o:]))) }
	cstr := func(s []byte) string {
		if i := bytes.IndexByte(s, 0); i >= 0 {
			s = s[:i]
		}
		return string(s)
	}
	if h.Version == 1 {
		magic := string(b[344:348])
		switch magic {
		case "n+1\x00":
			h.SingleFile = true
		case "ni1\x00":
		default:
			return nil, FormatError(fmt.Sprintf("magic %q, want \"n+1\" or \"ni1\"", magic))
		}
		for i := 0; i < 8; i++ {
			h.Dim[i] = int64(i16(40 + 2*i))
			h.Pixdim[i] = f32(76 + 4*i)
		}
		h.Datatype, h.Bitpix = i16(70), i16(72)
		h.VoxOffset = int64(f32(108))
		h.SclSlope, h.SclInter = f32(112), f32(116)
		h.XYZTUnits = int(b[123])
		h.Descrip = cstr(b[148:228])
		h.QformCode, h.SformCode = i16(252), i16(254)
		for i := 0; i < 3; i++ {
			h.Quatern[i] = f32(256 + 4*i)
			h.QOffset[i] = f32(268 + 4*i)
			for j := 0; j < 4; j++ {
				h.Srow[i][j] = f32(280 + 16*i + 4*j)
			}
		}
	} else {
		magic := string(b[4:12])
		switch magic {
		case "n+2\x00\r\n\x1a\n":
			h.SingleFile = true
		case "ni2\x00\r\n\x1a\n":
		default:
			return nil, FormatError(fmt.Sprintf("magic %q, want \"n+2\\0\\r\\n\\032\\n\"", magic))
		}
		h.Datatype, h.Bitpix = i16(12), i16(14)
		for i := 0; i < 8; i++ {
			h.Dim[i] = int64(bo.Uint64(b[16+8*i:]))
			h.Pixdim[i] = f64(104 + 8*i)
		}
		h.VoxOffset = int64(bo.Uint64(b[168:]))
		h.SclSlope, h.SclInter = f64(176), f64(184)
		h.Descrip = cstr(b[240:320])
		h.QformCode, h.SformCode = i32(344), i32(348)
		for i := 0; i < 3; i++ {
			h.Quatern[i] = f64(352 + 8*i)
			h.QOffset[i] = f64(376 + 8*i)
			for j := 0; j < 4; j++ {
				h.Srow[i][j] = f64(400 + 32*i + 8*j)
			}
		}
		h.XYZTUnits = i32(500)
	}
	if err := h.validate(); err != nil {
		return nil, err
	}
	return &h, nil
}

func (h *Header) validate() error {
	nd := h.Dim[0]
	if nd < 1 || nd > 7 {
		return FormatError(fmt.Sprintf("dim[0] = %d, want 1..7", nd))
	}
	total := int64(1)
	for i := 1; i <= int(nd); i++ {
		d := h.Dim[i]
		if d < 1 {
			return FormatError(fmt.Sprintf("dim[%d] = %d", i, d))
		}
		if d > MaxVoxels || total > MaxVoxels/d {
			return FormatError(fmt.Sprintf("dimensions %v declare more than %d voxels", h.Dim[1:nd+1], int64(MaxVoxels)))
		}
		total *= d
		if i > 3 && d != 1 {
			return UnsupportedError(fmt.Sprintf("%d-D image with dim %v: only 3-D volumes are read", nd, h.Dim[1:nd+1]))
		}
	}
	bpv := bytesPerVoxel(h.Datatype)
	if bpv == 0 {
		return UnsupportedError(fmt.Sprintf("datatype %d", h.Datatype))
	}
	if h.Bitpix != 0 && h.Bitpix != 8*bpv {
		return FormatError(fmt.Sprintf("bitpix %d for datatype %d", h.Bitpix, h.Datatype))
	}
	if h.SingleFile && (h.VoxOffset < 0 || h.VoxOffset > 1<<30) {
		return FormatError(fmt.Sprintf("vox_offset %d", h.VoxOffset))
	}
	for i := 1; i <= 3; i++ {
		if math.IsNaN(h.Pixdim[i]) || math.IsInf(h.Pixdim[i], 0) {
			return FormatError(fmt.Sprintf("pixdim[%d] = %g", i, h.Pixdim[i]))
		}
	}
	return nil
}

func decimal32(x float32) float64 {
	if math.IsNaN(float64(x)) || math.IsInf(float64(x), 0) {
		return float64(x)
	}
	v, err := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
	if err != nil {
		return float64(x)
	}
	return v
}

// Size returns the image size along i, j, k (1 for missing dimensions).
func (h *Header) Size() [3]int {
	s := [3]int{1, 1, 1}
	for i := 0; i < 3 && i < int(h.Dim[0]); i++ {
		s[i] = int(h.Dim[i+1])
	}
	return s
}

func (h *Header) unitScale() float64 {
	switch h.XYZTUnits & 7 {
	case 1:
		return 1000
	case 3:
		return 0.001
	}
	return 1
}

// Geometry returns the LPS geometry (sform, else qform, else pixdim only).
func (h *Header) Geometry() (volume.Geometry, error) {
	var g volume.Geometry
	u := h.unitScale()
	var m [3][3]float64 // RAS columns scaled by spacing
	var t [3]float64
	switch {
	case h.SformCode > 0:
		for r := 0; r < 3; r++ {
			for c := 0; c < 3; c++ {
				m[r][c] = h.Srow[r][c]
			}
			t[r] = h.Srow[r][3]
		}
	case h.QformCode > 0:
		b, c, d := h.Quatern[0], h.Quatern[1], h.Quatern[2]
		a := 1 - (b*b + c*c + d*d)
		if a < 1e-7 {
			// Numerically a 180° rotation: renormalise (b, c, d), a = 0.
			n := 1 / math.Sqrt(b*b+c*c+d*d)
			b, c, d, a = b*n, c*n, d*n, 0
		} else {
			a = math.Sqrt(a)
		}
		R := [3][3]float64{
			{a*a + b*b - c*c - d*d, 2 * (b*c - a*d), 2 * (b*d + a*c)},
			{2 * (b*c + a*d), a*a + c*c - b*b - d*d, 2 * (c*d - a*b)},
			{2 * (b*d - a*c), 2 * (c*d + a*b), a*a + d*d - c*c - b*b},
		}
		qfac := 1.0
		if h.Pixdim[0] < 0 {
			qfac = -1
		}
		for r := 0; r < 3; r++ {
			for col := 0; col < 3; col++ {
				s := math.Abs(h.Pixdim[col+1])
				if col == 2 {
					s *= qfac
				}
				m[r][col] = R[r][col] * s
			}
		}
		t = h.QOffset
	default:
		for c := 0; c < 3; c++ {
			m[c][c] = math.Abs(h.Pixdim[c+1])
		}
	}
	flip := [3]float64{-1, -1, 1} // RAS → LPS
	for c := 0; c < 3; c++ {
		n := math.Sqrt(m[0][c]*m[0][c] + m[1][c]*m[1][c] + m[2][c]*m[2][c])
		if c >= int(h.Dim[0]) && n == 0 {
			n = 1
			m[c][c] = 1
		}
		if n == 0 || math.IsNaN(n) || math.IsInf(n, 0) {
			return g, FormatError(fmt.Sprintf("axis %d has zero or invalid length in the affine", c))
		}
		g.Spacing[c] = n * u
		for r := 0; r < 3; r++ {
			g.Direction[r][c] = flip[r]*m[r][c]/n + 0 // + 0 turns −0 into 0
		}
	}
	for r := 0; r < 3; r++ {
		g.Origin[r] = flip[r]*t[r]*u + 0
	}
	return g, nil
}

// Decode reads a single-file NIfTI image (.nii, not compressed) from r.
func Decode(r io.Reader) (*volume.Volume, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	h, err := DecodeHeader(br)
	if err != nil {
		return nil, err
	}
	if !h.SingleFile {
		return nil, FormatError("header of a .hdr/.img pair: read it by name with ReadFile")
	}
	hdrLen := int64(348)
	if h.Version == 2 {
		hdrLen = 540
	}
	skip := h.VoxOffset - hdrLen
	if skip < 0 {
		skip = 0 // some writers leave vox_offset 0
		if h.Version == 1 {
			skip = 4 // extension flag bytes
		}
	}
	if _, err := io.CopyN(io.Discard, br, skip); err != nil {
		return nil, FormatError("truncated before vox_offset")
	}
	return decodeData(h, br, -1)
}

func decodeData(h *Header, r io.Reader, avail int64) (*volume.Volume, error) {
	g, err := h.Geometry()
	if err != nil {
		return nil, err
	}
	size := h.Size()
	n := size[0] * size[1] * size[2]
	bpv := bytesPerVoxel(h.Datatype)
	need := int64(n) * int64(bpv)
	if avail >= 0 && avail < need {
		return nil, FormatError(fmt.Sprintf("truncated data: %d of %d bytes", avail, need))
	}
	b, err := readAtMost(r, need)
	got := int64(len(b))
	if err != nil {
		return nil, FormatError(fmt.Sprintf("data after %d of %d bytes: %v", got, need, err))
	}
	if got < need {
		return nil, FormatError(fmt.Sprintf("truncated data: %d of %d bytes (%v voxels, datatype %d)", got, need, size, h.Datatype))
	}
	var bo binary.ByteOrder = binary.LittleEndian
	if h.BigEndian {
		bo = binary.BigEndian
	}
	v := make([]float64, n)
	switch h.Datatype {
	case Uint8:
		for i := range v {
			v[i] = float64(b[i])
		}
	case Int8:
		for i := range v {
			v[i] = float64(int8(b[i]))
		}
	case Int16:
		for i := range v {
			v[i] = float64(int16(bo.Uint16(b[2*i:])))
		}
	case Uint16:
		for i := range v {
			v[i] = float64(bo.Uint16(b[2*i:]))
		}
	case Int32:
		for i := range v {
			v[i] = float64(int32(bo.Uint32(b[4*i:])))
		}
	case Uint32:
		for i := range v {
			v[i] = float64(bo.Uint32(b[4*i:]))
		}
	case Float32:
		for i := range v {
			v[i] = float64(math.Float32frombits(bo.Uint32(b[4*i:])))
		}
	case Float64:
		for i := range v {
			v[i] = math.Float64frombits(bo.Uint64(b[8*i:]))
		}
	case Int64:
		for i := range v {
			v[i] = float64(int64(bo.Uint64(b[8*i:])))
		}
	case Uint64:
		for i := range v {
			v[i] = float64(bo.Uint64(b[8*i:]))
		}
	}
	if s := h.SclSlope; s != 0 && !math.IsNaN(s) && !(s == 1 && h.SclInter == 0) {
		for i := range v {
			v[i] = v[i]*s + h.SclInter
		}
	}
	return &volume.Volume{Voxels: v, Size: size, Geometry: g}, nil
}

// ReadFile reads the NIfTI file name: .nii, .nii.gz, or the .hdr of a
// .hdr/.img pair. Errors name the file.
func ReadFile(name string) (*volume.Volume, error) {
	v, err := readFile(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return v, nil
}

func readFile(name string) (*volume.Volume, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 64<<10)
	var r io.Reader = br
	if m, _ := br.Peek(2); len(m) == 2 && m[0] == 0x1f && m[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, FormatError("gzip: " + err.Error())
		}
		r = bufio.NewReaderSize(zr, 64<<10)
		return Decode(r)
	}
	h, err := DecodeHeader(br)
	if err != nil {
		return nil, err
	}
	if h.SingleFile {
		var avail int64 = -1
		if st, err := f.Stat(); err == nil {
			avail = st.Size() - max(h.VoxOffset, 348)
		}
		hdrLen := int64(348)
		if h.Version == 2 {
			hdrLen = 540
		}
		if _, err := io.CopyN(io.Discard, br, max(h.VoxOffset-hdrLen, 0)); err != nil {
			return nil, FormatError("truncated before vox_offset")
		}
		return decodeData(h, br, avail)
	}
	img := strings.TrimSuffix(name, ".hdr") + ".img"
	if strings.HasSuffix(name, ".HDR") {
		img = strings.TrimSuffix(name, ".HDR") + ".IMG"
	}
	g, err := os.Open(img)
	if err != nil {
		return nil, fmt.Errorf("data file of .hdr/.img pair: %w", err)
	}
	defer g.Close()
	var gr io.Reader = bufio.NewReaderSize(g, 64<<10)
	if m, _ := gr.(*bufio.Reader).Peek(2); len(m) == 2 && m[0] == 0x1f && m[1] == 0x8b {
		zr, err := gzip.NewReader(gr)
		if err != nil {
			return nil, FormatError("gzip: " + err.Error())
		}
		gr = zr
	}
	if _, err := io.CopyN(io.Discard, gr, max(h.VoxOffset, 0)); err != nil {
		return nil, FormatError("truncated before vox_offset")
	}
	return decodeData(h, gr, -1)
}

// ReadMask reads the NIfTI label map name; voxel values must be integers
// in 0..255.
func ReadMask(name string) (*volume.Mask, error) {
	v, err := ReadFile(name)
	if err != nil {
		return nil, err
	}
	m := &volume.Mask{Labels: make([]uint8, len(v.Voxels)), Size: v.Size, Geometry: v.Geometry}
	for i, x := range v.Voxels {
		if x < 0 || x > 255 || x != math.Trunc(x) {
			return nil, fmt.Errorf("%s: %w", name, UnsupportedError(fmt.Sprintf("mask value %g at voxel %d is not an integer in 0..255", x, i)))
		}
		m.Labels[i] = uint8(x)
	}
	return m, nil
}

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
