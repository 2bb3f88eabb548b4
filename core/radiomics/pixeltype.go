package radiomics

import (
	"bufio"
	"compress/gzip"
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"io"
	"math"
	"os"

	"radgo/core/resample"
	"radgo/core/volume/imageio"
	"radgo/core/volume/nifti"
	"radgo/core/volume/nrrd"
)

// imageHash returns the SHA1 of the voxels encoded little-endian in the
// stored pixel type, as PyRadiomics' diagnostics_Image-original_Hash.
func imageHash(v []float64, t resample.PixelType) string {
	size := map[resample.PixelType]int{resample.Float64: 8, resample.Float32: 4, resample.Int8: 1, resample.UInt8: 1,
		resample.Int16: 2, resample.UInt16: 2, resample.Int32: 4, resample.UInt32: 4, resample.Int64: 8, resample.UInt64: 8}[t]
	// Stream the bytes through the hash in chunks: the same digest as
	// hashing the whole encoded array, without allocating it. The switch is
	// hoisted out of the per-voxel loop.
	const chunk = 1 << 13
	h := sha1.New()
	buf := make([]byte, size*min(chunk, len(v)))
	for len(v) > 0 {
		part := v[:min(chunk, len(v))]
		v = v[len(part):]
		b := buf[:size*len(part)]
		switch t {
		case resample.Float64:
			for i, x := range part {
				binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(x))
			}
		case resample.Float32:
			for i, x := range part {
				binary.LittleEndian.PutUint32(b[4*i:], math.Float32bits(float32(x)))
			}
		case resample.Int8, resample.UInt8:
			for i, x := range part {
				b[i] = byte(int64(x))
			}
		case resample.Int16, resample.UInt16:
			for i, x := range part {
				binary.LittleEndian.PutUint16(b[2*i:], uint16(int64(x)))
			}
		case resample.Int32, resample.UInt32:
			for i, x := range part {
				binary.LittleEndian.PutUint32(b[4*i:], uint32(int64(x)))
			}
		case resample.Int64:
			for i, x := range part {
				binary.LittleEndian.PutUint64(b[8*i:], uint64(int64(x)))
			}
		case resample.UInt64:
			for i, x := range part {
				binary.LittleEndian.PutUint64(b[8*i:], uint64(x))
			}
		}
		h.Write(b)
	}
	d := h.Sum(nil)
	return hex.EncodeToString(d)
}

// StoredPixelType returns the pixel type an NRRD or NIfTI image is stored
// with (SimpleITK keeps it: it decides integer truncation when resampling
// and float32 arithmetic in the wavelet transform). Other inputs, and files
// whose header cannot be read, report resample.Float64 and false.
func StoredPixelType(path string) (resample.PixelType, bool) {
	t, ok := storedPixelType(path)
	return t, ok
}

func storedPixelType(path string) (resample.PixelType, bool) {
	kind, err := imageio.Kind(path)
	if err != nil {
		return resample.Float64, false
	}
	switch kind {
	case imageio.KindNRRD:
		f, err := os.Open(path)
		if err != nil {
			return resample.Float64, false
		}
		defer f.Close()
		h, err := nrrd.DecodeHeader(f)
		if err != nil {
			return resample.Float64, false
		}
		t, ok := map[nrrd.Type]resample.PixelType{
			nrrd.Int8: resample.Int8, nrrd.Uint8: resample.UInt8, nrrd.Int16: resample.Int16,
			nrrd.Uint16: resample.UInt16, nrrd.Int32: resample.Int32, nrrd.Uint32: resample.UInt32,
			nrrd.Int64: resample.Int64, nrrd.Uint64: resample.UInt64, nrrd.Float32: resample.Float32,
			nrrd.Float64: resample.Float64,
		}[h.Type]
		return t, ok
	case imageio.KindNIfTI:
		f, err := os.Open(path)
		if err != nil {
			return resample.Float64, false
		}
		defer f.Close()
		br := bufio.NewReader(f)
		var r io.Reader = br
		if m, _ := br.Peek(2); len(m) == 2 && m[0] == 0x1f && m[1] == 0x8b {
			gz, err := gzip.NewReader(br)
			if err != nil {
				return resample.Float64, false
			}
			r = gz
		}
		h, err := nifti.DecodeHeader(r)
		if err != nil {
			return resample.Float64, false
		}
		if h.SclSlope != 0 && (h.SclSlope != 1 || h.SclInter != 0) {
			return resample.Float64, false
		}
		t, ok := map[int]resample.PixelType{
			nifti.Int8: resample.Int8, nifti.Uint8: resample.UInt8, nifti.Int16: resample.Int16,
			nifti.Uint16: resample.UInt16, nifti.Int32: resample.Int32, nifti.Uint32: resample.UInt32,
			nifti.Int64: resample.Int64, nifti.Uint64: resample.UInt64, nifti.Float32: resample.Float32,
			nifti.Float64: resample.Float64,
		}[h.Datatype]
		return t, ok
	}
	return resample.Float64, false
}
