package dicom

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/jpeg"
)

// PixelInfo is the image pixel module of a data set.
type PixelInfo struct {
	Rows, Columns       int
	Frames              int
	SamplesPerPixel     int
	BitsAllocated       int
	BitsStored          int
	PixelRepresentation int // 0 unsigned, 1 two's complement
	Photometric         string
	TransferSyntax      string
}

// Pixels returns the pixel module of ds, checking it describes pixels this
// package can read.
func (ds *Dataset) Pixels() (PixelInfo, error) {
	pi := PixelInfo{
		Rows: ds.Int(TagRows, 0), Columns: ds.Int(TagColumns, 0), Frames: ds.Int(TagNumberOfFrames, 1),
		SamplesPerPixel: ds.Int(TagSamplesPerPixel, 1), BitsAllocated: ds.Int(TagBitsAllocated, 0),
		BitsStored: ds.Int(TagBitsStored, 0), PixelRepresentation: ds.Int(TagPixelRepresentation, 0),
		Photometric: ds.String(TagPhotometric), TransferSyntax: ds.TransferSyntax,
	}
	if pi.TransferSyntax == "" {
		pi.TransferSyntax = ImplicitVRLittleEndian
	}
	if pi.Frames < 1 {
		pi.Frames = 1
	}
	if pi.BitsStored == 0 {
		pi.BitsStored = pi.BitsAllocated
	}
	switch {
	case pi.Rows <= 0 || pi.Columns <= 0:
		return pi, &FormatError{Msg: fmt.Sprintf("Rows %d, Columns %d", pi.Rows, pi.Columns)}
	case pi.Rows > 1<<16 || pi.Columns > 1<<16 || pi.Frames > 1<<16 || int64(pi.Rows)*int64(pi.Columns)*int64(pi.Frames) > 1<<31:
		return pi, &FormatError{Msg: fmt.Sprintf("implausible size %d×%d×%d", pi.Columns, pi.Rows, pi.Frames)}
	case pi.BitsAllocated != 1 && pi.BitsAllocated != 8 && pi.BitsAllocated != 16 && pi.BitsAllocated != 32:
		return pi, &UnsupportedError{Msg: fmt.Sprintf("BitsAllocated %d", pi.BitsAllocated)}
	case pi.BitsStored > pi.BitsAllocated || pi.BitsStored < 1:
		return pi, &FormatError{Msg: fmt.Sprintf("BitsStored %d with BitsAllocated %d", pi.BitsStored, pi.BitsAllocated)}
	case pi.SamplesPerPixel < 1 || pi.SamplesPerPixel > 4:
		return pi, &FormatError{Msg: fmt.Sprintf("SamplesPerPixel %d", pi.SamplesPerPixel)}
	}
	return pi, nil
}

// unsupportedSyntax returns the error for a transfer syntax without a
// decoder, naming it and the Debian tool that converts it.
func unsupportedSyntax(ts string) error {
	switch ts {
	case JPEGLSLossless, JPEGLSNearLossless:
		return &UnsupportedError{Msg: fmt.Sprintf("transfer syntax JPEG-LS (%s) has no decoder here; convert the files first with DCMTK `dcmdjpls in.dcm out.dcm` or GDCM `gdcmconv --raw in.dcm out.dcm` (Debian packages dcmtk, libgdcm-tools)", ts)}
	case JPEG2000Lossless, JPEG2000, "1.2.840.10008.1.2.4.92", "1.2.840.10008.1.2.4.93", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202", "1.2.840.10008.1.2.4.203":
		return &UnsupportedError{Msg: fmt.Sprintf("transfer syntax JPEG 2000 (%s) has no decoder here; convert the files first with GDCM `gdcmconv --raw in.dcm out.dcm` (Debian package libgdcm-tools)", ts)}
	case JPEGExtended12Bit:
		return &UnsupportedError{Msg: fmt.Sprintf("transfer syntax JPEG Extended 12-bit (%s); convert with DCMTK `dcmdjpeg in.dcm out.dcm`", ts)}
	}
	return &UnsupportedError{Msg: fmt.Sprintf("transfer syntax %s; convert with DCMTK `dcmconv +te in.dcm out.dcm` or GDCM `gdcmconv --raw`", ts)}
}

// encapsulated reports whether ts stores pixel data in fragments.
func encapsulated(ts string) bool {
	switch ts {
	case ImplicitVRLittleEndian, ExplicitVRLittleEndian, ExplicitVRBigEndian, DeflatedExplicitVRLE, "":
		return false
	}
	return true
}

// frameBytes returns frame f's bytes as stored: native little- or big-endian
// samples for native syntaxes, else the codec stream of the frame.
func (ds *Dataset) frameBytes(pi PixelInfo, f int) ([]byte, error) {
	e := ds.Find(TagPixelData)
	if e == nil {
		if ds.PixelDataOmitted {
			return nil, fmt.Errorf("dicom: pixel data were not read (HeaderOnly)")
		}
		return nil, &FormatError{Msg: "no pixel data"}
	}
	if f < 0 || f >= pi.Frames {
		return nil, fmt.Errorf("dicom: frame %d of %d", f, pi.Frames)
	}
	if e.Fragments == nil {
		if encapsulated(pi.TransferSyntax) {
			return nil, &FormatError{Msg: "transfer syntax " + pi.TransferSyntax + " but native pixel data"}
		}
		n := pi.Rows * pi.Columns * pi.SamplesPerPixel * pi.BitsAllocated / 8
		if len(e.Value) < (f+1)*n {
			return nil, &FormatError{Msg: fmt.Sprintf("pixel data hold %d bytes, %d frames of %d×%d×%d bits need %d (truncated?)",
				len(e.Value), pi.Frames, pi.Columns, pi.Rows, pi.BitsAllocated, pi.Frames*n)}
		}
		return e.Value[f*n : (f+1)*n], nil
	}
	frags := e.Fragments
	if len(frags) < 2 {
		return nil, &FormatError{Msg: "encapsulated pixel data without fragments"}
	}
	data := frags[1:]
	switch {
	case pi.Frames == 1:
		if len(data) == 1 {
			return data[0], nil
		}
		return bytes.Join(data, nil), nil
	case len(data) == pi.Frames:
		return data[f], nil
	case len(frags[0]) >= 4*pi.Frames:
		// Basic Offset Table: offsets of each frame's first fragment item,
		// from the first fragment item.
		bot := frags[0]
		off := func(i int) uint32 { return binary.LittleEndian.Uint32(bot[4*i:]) }
		var out []byte
		pos := uint32(0)
		for _, d := range data {
			if pos >= off(f) && (f+1 == pi.Frames || pos < off(f+1)) {
				out = append(out, d...)
			}
			pos += 8 + uint32(len(d))
		}
		if out == nil {
			return nil, &FormatError{Msg: fmt.Sprintf("frame %d not found from the basic offset table", f)}
		}
		return out, nil
	}
	return nil, &FormatError{Msg: fmt.Sprintf("%d fragments for %d frames and no basic offset table", len(data), pi.Frames)}
}

// FrameSamples decodes frame f to stored values in little-endian native
// layout (bytes per sample = BitsAllocated/8), decompressing RLE, JPEG
// baseline and JPEG lossless. The returned slice may alias the file buffer;
// big is true if it is big-endian (Explicit VR Big Endian files).
func (ds *Dataset) FrameSamples(pi PixelInfo, f int) (b []byte, big bool, err error) {
	raw, err := ds.frameBytes(pi, f)
	if err != nil {
		return nil, false, err
	}
	n := pi.Rows * pi.Columns * pi.SamplesPerPixel
	switch pi.TransferSyntax {
	case ImplicitVRLittleEndian, ExplicitVRLittleEndian, DeflatedExplicitVRLE:
		return raw, false, nil
	case ExplicitVRBigEndian:
		return raw, pi.BitsAllocated > 8, nil
	case RLELossless:
		out, err := decodeRLE(raw, pi)
		return out, false, err
	case JPEGLosslessSV1, JPEGLosslessP14:
		s, err := decodeJPEGLossless(raw, n)
		if err != nil {
			return nil, false, err
		}
		if s.width != pi.Columns || s.height != pi.Rows || s.comps != pi.SamplesPerPixel {
			return nil, false, &FormatError{Msg: fmt.Sprintf("JPEG lossless frame %d×%d×%d, header says %d×%d×%d", s.width, s.height, s.comps, pi.Columns, pi.Rows, pi.SamplesPerPixel)}
		}
		out := make([]byte, n*pi.BitsAllocated/8)
		switch pi.BitsAllocated {
		case 8:
			for i, v := range s.samples {
				out[i] = byte(v)
			}
		case 16:
			for i, v := range s.samples {
				binary.LittleEndian.PutUint16(out[2*i:], uint16(v))
			}
		default:
			return nil, false, &UnsupportedError{Msg: fmt.Sprintf("JPEG lossless with BitsAllocated %d", pi.BitsAllocated)}
		}
		return out, false, nil
	case JPEGBaseline8Bit, JPEGExtended12Bit:
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(raw))
		if err == nil && (cfg.Width != pi.Columns || cfg.Height != pi.Rows) {
			return nil, false, &FormatError{Msg: fmt.Sprintf("JPEG frame is %d×%d, header says %d×%d", cfg.Width, cfg.Height, pi.Columns, pi.Rows)}
		}
		img, err := jpeg.Decode(bytes.NewReader(raw))
		if err != nil {
			if pi.TransferSyntax == JPEGExtended12Bit {
				return nil, false, unsupportedSyntax(pi.TransferSyntax)
			}
			return nil, false, &FormatError{Msg: "JPEG baseline frame: " + err.Error()}
		}
		g, ok := img.(*image.Gray)
		if !ok || pi.SamplesPerPixel != 1 || pi.BitsAllocated != 8 {
			return nil, false, &UnsupportedError{Msg: "colour JPEG baseline images (only 8-bit grayscale is read)"}
		}
		if g.Rect.Dx() != pi.Columns || g.Rect.Dy() != pi.Rows {
			return nil, false, &FormatError{Msg: "JPEG frame size differs from Rows/Columns"}
		}
		out := make([]byte, 0, n)
		for y := 0; y < pi.Rows; y++ {
			out = append(out, g.Pix[y*g.Stride:y*g.Stride+pi.Columns]...)
		}
		return out, false, nil
	}
	return nil, false, unsupportedSyntax(pi.TransferSyntax)
}

// DecodeFrame decodes grayscale frame f into dst (Rows×Columns values, row
// by row) as stored*slope + intercept, masking to BitsStored and sign
// extending when PixelRepresentation is 1.
func (ds *Dataset) DecodeFrame(pi PixelInfo, f int, dst []float64, slope, intercept float64) error {
	if pi.SamplesPerPixel != 1 {
		return &UnsupportedError{Msg: fmt.Sprintf("SamplesPerPixel %d (%s): only grayscale images become volumes", pi.SamplesPerPixel, pi.Photometric)}
	}
	if pi.BitsAllocated == 1 {
		return &UnsupportedError{Msg: "1-bit pixels (a SEG?) are not a grayscale image"}
	}
	n := pi.Rows * pi.Columns
	if len(dst) < n {
		return fmt.Errorf("dicom: DecodeFrame: dst has %d values, need %d", len(dst), n)
	}
	b, big, err := ds.FrameSamples(pi, f)
	if err != nil {
		return err
	}
	if len(b) < n*pi.BitsAllocated/8 {
		return &FormatError{Msg: fmt.Sprintf("frame %d decodes to %d bytes, need %d", f, len(b), n*pi.BitsAllocated/8)}
	}
	convert(dst[:n], b, pi, big, slope, intercept)
	return nil
}

func convert(dst []float64, b []byte, pi PixelInfo, big bool, slope, intercept float64) {
	bits := uint(pi.BitsStored)
	signed := pi.PixelRepresentation == 1
	switch pi.BitsAllocated {
	case 8:
		for i := range dst {
			v := int64(b[i]) & (1<<bits - 1)
			if signed && v&(1<<(bits-1)) != 0 {
				v -= 1 << bits
			}
			dst[i] = float64(v)*slope + intercept
		}
	case 16:
		var bo binary.ByteOrder = binary.LittleEndian
		if big {
			bo = binary.BigEndian
		}
		b = b[:2*len(dst)]
		switch {
		case bits == 16 && signed && !big:
			for i := range dst {
				dst[i] = float64(int16(uint16(b[2*i])|uint16(b[2*i+1])<<8))*slope + intercept
			}
		case bits == 16 && !signed && !big:
			for i := range dst {
				dst[i] = float64(uint16(b[2*i])|uint16(b[2*i+1])<<8)*slope + intercept
			}
		default:
			mask := uint16(1<<bits - 1)
			sign := uint16(1 << (bits - 1))
			for i := range dst {
				u := bo.Uint16(b[2*i:]) & mask
				v := int32(u)
				if signed && u&sign != 0 {
					v -= 1 << bits
				}
				dst[i] = float64(v)*slope + intercept
			}
		}
	case 32:
		var bo binary.ByteOrder = binary.LittleEndian
		if big {
			bo = binary.BigEndian
		}
		mask := uint64(1<<bits - 1)
		for i := range dst {
			u := uint64(bo.Uint32(b[4*i:])) & mask
			v := int64(u)
			if signed && u&(1<<(bits-1)) != 0 {
				v -= 1 << bits
			}
			dst[i] = float64(v)*slope + intercept
		}
	}
}

// decodeRLE decodes one RLE Lossless frame (PS3.5 Annex G) to native
// little-endian samples, pixel-interleaved.
func decodeRLE(b []byte, pi PixelInfo) ([]byte, error) {
	if len(b) < 64 {
		return nil, &FormatError{Msg: "RLE frame shorter than its 64-byte header"}
	}
	nseg := int(binary.LittleEndian.Uint32(b))
	bps := pi.BitsAllocated / 8
	if bps < 1 {
		return nil, &UnsupportedError{Msg: "RLE with BitsAllocated < 8"}
	}
	if nseg != bps*pi.SamplesPerPixel || nseg > 15 {
		return nil, &FormatError{Msg: fmt.Sprintf("RLE frame has %d segments, want %d", nseg, bps*pi.SamplesPerPixel)}
	}
	npix := pi.Rows * pi.Columns
	// A run of 128 bytes costs 2 bytes: a frame cannot hold more.
	if npix > 64*len(b) {
		return nil, &FormatError{Msg: fmt.Sprintf("RLE frame of %d bytes cannot hold %d×%d pixels", len(b), pi.Columns, pi.Rows)}
	}
	out := make([]byte, npix*nseg)
	for s := 0; s < nseg; s++ {
		start := int(binary.LittleEndian.Uint32(b[4+4*s:]))
		end := len(b)
		if s+1 < nseg {
			end = int(binary.LittleEndian.Uint32(b[8+4*s:]))
		}
		if start < 64 || end > len(b) || start > end {
			return nil, &FormatError{Msg: fmt.Sprintf("RLE segment %d offsets %d..%d outside the %d-byte frame", s, start, end, len(b))}
		}
		// Segment s holds byte (bps-1-s%bps) (MSB first) of sample s/bps.
		sample, byteIdx := s/bps, bps-1-s%bps
		stride := nseg
		o := sample*bps + byteIdx
		seg := b[start:end]
		i, n := 0, 0
		for i < len(seg) && n < npix {
			c := int(int8(seg[i]))
			i++
			switch {
			case c >= 0:
				k := c + 1
				if i+k > len(seg) {
					k = len(seg) - i
				}
				for j := 0; j < k && n < npix; j++ {
					out[n*stride+o] = seg[i+j]
					n++
				}
				i += c + 1
			case c != -128:
				if i >= len(seg) {
					break
				}
				v := seg[i]
				i++
				for j := 0; j < 1-c && n < npix; j++ {
					out[n*stride+o] = v
					n++
				}
			}
		}
		if n < npix {
			return nil, &FormatError{Msg: fmt.Sprintf("RLE segment %d decodes to %d of %d pixels", s, n, npix)}
		}
	}
	return out, nil
}
