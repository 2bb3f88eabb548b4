package radiomics

import (
	"bufio"
	"compress/gzip"
	"io"
	"os"

	"radgo/core/resample"
	"radgo/core/volume/imageio"
	"radgo/core/volume/nifti"
	"radgo/core/volume/nrrd"
)

// StoredPixelType returns the pixel type an NRRD or NIfTI image is stored
// with (SimpleITK keeps it: it decides integer truncation when resampling
// and float32 arithmetic in the wavelet transform). Other inputs, and files
// whose header cannot be read, report resample.Float64.
func StoredPixelType(path string) resample.PixelType {
	kind, err := imageio.Kind(path)
	if err != nil {
		return resample.Float64
	}
	switch kind {
	case imageio.KindNRRD:
		f, err := os.Open(path)
		if err != nil {
			return resample.Float64
		}
		defer f.Close()
		h, err := nrrd.DecodeHeader(f)
		if err != nil {
			return resample.Float64
		}
		return map[nrrd.Type]resample.PixelType{
			nrrd.Int8: resample.Int8, nrrd.Uint8: resample.UInt8, nrrd.Int16: resample.Int16,
			nrrd.Uint16: resample.UInt16, nrrd.Int32: resample.Int32, nrrd.Uint32: resample.UInt32,
			nrrd.Int64: resample.Int64, nrrd.Uint64: resample.UInt64, nrrd.Float32: resample.Float32,
		}[h.Type]
	case imageio.KindNIfTI:
		f, err := os.Open(path)
		if err != nil {
			return resample.Float64
		}
		defer f.Close()
		br := bufio.NewReader(f)
		var r io.Reader = br
		if m, _ := br.Peek(2); len(m) == 2 && m[0] == 0x1f && m[1] == 0x8b {
			gz, err := gzip.NewReader(br)
			if err != nil {
				return resample.Float64
			}
			r = gz
		}
		h, err := nifti.DecodeHeader(r)
		if err != nil {
			return resample.Float64
		}
		if h.SclSlope != 0 && (h.SclSlope != 1 || h.SclInter != 0) {
			return resample.Float64
		}
		return map[int]resample.PixelType{
			nifti.Int8: resample.Int8, nifti.Uint8: resample.UInt8, nifti.Int16: resample.Int16,
			nifti.Uint16: resample.UInt16, nifti.Int32: resample.Int32, nifti.Uint32: resample.UInt32,
			nifti.Int64: resample.Int64, nifti.Uint64: resample.UInt64, nifti.Float32: resample.Float32,
		}[h.Datatype]
	}
	return resample.Float64
}
