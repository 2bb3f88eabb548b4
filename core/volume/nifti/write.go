package nifti

import (
	"bufio"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"radgo/core/volume"
)

// Encode writes v as a single-file NIfTI-1 image. The datatype is the
// smallest of int16, float32 and float64 that holds every value exactly.
func Encode(w io.Writer, v *volume.Volume) error {
	dt := Float64
	switch {
	case allIn(v.Voxels, math.MinInt16, math.MaxInt16):
		dt = Int16
	case allFloat32(v.Voxels):
		dt = Float32
	}
	return encode(w, v.Size, v.Geometry, dt, func(b []byte) []byte {
		for _, x := range v.Voxels {
			switch dt {
			case Int16:
				b = binary.LittleEndian.AppendUint16(b, uint16(int16(x)))
			case Float32:
				b = binary.LittleEndian.AppendUint32(b, math.Float32bits(float32(x)))
			default:
				b = binary.LittleEndian.AppendUint64(b, math.Float64bits(x))
			}
		}
		return b
	})
}

// EncodeMask writes m as a uint8 single-file NIfTI-1 image.
func EncodeMask(w io.Writer, m *volume.Mask) error {
	return encode(w, m.Size, m.Geometry, Uint8, func(b []byte) []byte { return append(b, m.Labels...) })
}

func allIn(x []float64, lo, hi float64) bool {
	for _, v := range x {
		if v < lo || v > hi || v != math.Trunc(v) {
			return false
		}
	}
	return true
}

func allFloat32(x []float64) bool {
	for _, v := range x {
		if float64(float32(v)) != v && !math.IsNaN(v) {
			return false
		}
	}
	return true
}

// quaternion converts the orthonormal RAS rotation r (columns = axes) to
// NIfTI quaternion parameters and qfac, as nifti1_io's
// nifti_mat44_to_quatern does.
func quaternion(r [3][3]float64) (b, c, d, qfac float64) {
	det := r[0][0]*(r[1][1]*r[2][2]-r[1][2]*r[2][1]) - r[0][1]*(r[1][0]*r[2][2]-r[1][2]*r[2][0]) + r[0][2]*(r[1][0]*r[2][1]-r[1][1]*r[2][0])
	qfac = 1
	if det < 0 {
		qfac = -1
		for i := 0; i < 3; i++ {
			r[i][2] = -r[i][2]
		}
	}
	var a float64
	tr := r[0][0] + r[1][1] + r[2][2] + 1
	if tr > 0.5 {
		a = 0.5 * math.Sqrt(tr)
		b = 0.25 * (r[2][1] - r[1][2]) / a
		c = 0.25 * (r[0][2] - r[2][0]) / a
		d = 0.25 * (r[1][0] - r[0][1]) / a
	} else {
		xd := 1 + r[0][0] - (r[1][1] + r[2][2])
		yd := 1 + r[1][1] - (r[0][0] + r[2][2])
		zd := 1 + r[2][2] - (r[0][0] + r[1][1])
		switch {
		case xd > 1:
			b = 0.5 * math.Sqrt(xd)
			c = 0.25 * (r[0][1] + r[1][0]) / b
			d = 0.25 * (r[0][2] + r[2][0]) / b
			a = 0.25 * (r[2][1] - r[1][2]) / b
		case yd > 1:
			c = 0.5 * math.Sqrt(yd)
			b = 0.25 * (r[0][1] + r[1][0]) / c
			d = 0.25 * (r[1][2] + r[2][1]) / c
			a = 0.25 * (r[0][2] - r[2][0]) / c
		default:
			d = 0.5 * math.Sqrt(zd)
			b = 0.25 * (r[0][2] + r[2][0]) / d
			c = 0.25 * (r[1][2] + r[2][1]) / d
			a = 0.25 * (r[1][0] - r[0][1]) / d
		}
		if a < 0 {
			b, c, d = -b, -c, -d
		}
	}
	return b, c, d, qfac
}

func encode(w io.Writer, size [3]int, g volume.Geometry, dt int, data func([]byte) []byte) error {
	h := make([]byte, 352)
	le := binary.LittleEndian
	le.PutUint32(h[0:], 348)
	dims := []int{3, size[0], size[1], size[2], 1, 1, 1, 1}
	for i, d := range dims {
		if d > math.MaxInt16 {
			return fmt.Errorf("nifti: size %v does not fit NIfTI-1", size)
		}
		le.PutUint16(h[40+2*i:], uint16(d))
	}
	le.PutUint16(h[70:], uint16(dt))
	le.PutUint16(h[72:], uint16(8*bytesPerVoxel(dt)))
	put32 := func(o int, x float64) { le.PutUint32(h[o:], math.Float32bits(float32(x))) }
	var ras [3][3]float64
	flip := [3]float64{-1, -1, 1}
	for r := 0; r < 3; r++ {
		for c := 0; c < 3; c++ {
			ras[r][c] = flip[r] * g.Direction[r][c]
		}
	}
	b, c, d, qfac := quaternion(ras)
	put32(76, qfac)
	for i := 0; i < 3; i++ {
		put32(80+4*i, g.Spacing[i])
	}
	put32(108, 352)
	put32(112, 1)
	h[123] = 2 // millimetres
	copy(h[148:228], "radgo")
	le.PutUint16(h[252:], 1)
	le.PutUint16(h[254:], 1)
	put32(256, b)
	put32(260, c)
	put32(264, d)
	for r := 0; r < 3; r++ {
		put32(268+4*r, flip[r]*g.Origin[r])
		for col := 0; col < 3; col++ {
			put32(280+16*r+4*col, ras[r][col]*g.Spacing[col])
		}
		put32(280+16*r+12, flip[r]*g.Origin[r])
	}
	copy(h[344:], "n+1\x00")
	bw := bufio.NewWriter(w)
	if _, err := bw.Write(data(h)); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteFile writes v to name; a name ending in .gz is gzip-compressed.
func WriteFile(name string, v *volume.Volume) error {
	return writeFile(name, func(w io.Writer) error { return Encode(w, v) })
}

// WriteMask writes m to name; a name ending in .gz is gzip-compressed.
func WriteMask(name string, m *volume.Mask) error {
	return writeFile(name, func(w io.Writer) error { return EncodeMask(w, m) })
}

func writeFile(name string, enc func(io.Writer) error) error {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	var w io.Writer = f
	var zw *gzip.Writer
	if strings.HasSuffix(name, ".gz") {
		zw = gzip.NewWriter(f)
		w = zw
	}
	err = enc(w)
	if zw != nil && err == nil {
		err = zw.Close()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
