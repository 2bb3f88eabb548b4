package dicom

import "fmt"

// This file decodes JPEG lossless (ITU-T T.81 process 14, Huffman coded,
// predictors 1-7; DICOM transfer syntaxes 1.2.840.10008.1.2.4.57 and .70,
// the latter being predictor 1 only), single component or interleaved.

type llImage struct {
	width, height, comps int
	samples              []int32 // pixel-interleaved
}

type huffTable struct {
	lookup  [1 << 9]uint16 // (length << 8) | value for codes up to 9 bits; 0 = not found
	maxcode [18]int32
	valptr  [17]int32
	mincode [17]int32
	vals    []byte
	ok      bool
}

func (h *huffTable) build(counts [16]byte, vals []byte) error {
	h.vals = vals
	code := int32(0)
	k := int32(0)
	for l := 1; l <= 16; l++ {
		n := int32(counts[l-1])
		h.valptr[l] = k
		h.mincode[l] = code
		if n == 0 {
			h.maxcode[l] = -1
		} else {
			for i := int32(0); i < n; i++ {
				if l <= 9 {
					c := (code + i) << (9 - l)
					for j := int32(0); j < 1<<(9-l); j++ {
						h.lookup[c+j] = uint16(l)<<8 | uint16(vals[k+i])
					}
				}
			}
			code += n
			k += n
			h.maxcode[l] = code - 1
		}
		if code > 1<<l {
			return &FormatError{Msg: "JPEG: invalid Huffman table"}
		}
		code <<= 1
	}
	h.maxcode[17] = 1<<30 - 1
	h.ok = true
	return nil
}

type bitReader struct {
	b    []byte
	pos  int
	acc  uint64
	n    uint // valid bits in acc
	hitM bool // a marker stopped the input
}

func (r *bitReader) fill() {
	for r.n <= 56 {
		var c byte
		if r.pos < len(r.b) && !r.hitM {
			c = r.b[r.pos]
			if c == 0xFF {
				if r.pos+1 < len(r.b) && r.b[r.pos+1] == 0 {
					r.pos += 2
				} else {
					r.hitM = true
					c = 0
				}
			} else {
				r.pos++
			}
		}
		r.acc |= uint64(c) << (56 - r.n)
		r.n += 8
	}
}

func (r *bitReader) bits(n uint) int32 {
	if n == 0 {
		return 0
	}
	if r.n < n {
		r.fill()
	}
	v := int32(r.acc >> (64 - n))
	r.acc <<= n
	r.n -= n
	return v
}

func (r *bitReader) decode(h *huffTable) (int, error) {
	if r.n < 16 {
		r.fill()
	}
	if e := h.lookup[r.acc>>(64-9)]; e != 0 {
		l := uint(e >> 8)
		r.acc <<= l
		r.n -= l
		return int(e & 0xFF), nil
	}
	code := int32(0)
	for l := 1; l <= 16; l++ {
		code = code<<1 | int32(r.acc>>63)
		r.acc <<= 1
		r.n--
		if code <= h.maxcode[l] {
			return int(h.vals[h.valptr[l]+code-h.mincode[l]]), nil
		}
	}
	return 0, &FormatError{Msg: "JPEG lossless: bad Huffman code"}
}

// restart discards buffered bits and skips an RSTn marker.
func (r *bitReader) restart() {
	r.acc, r.n, r.hitM = 0, 0, false
	for r.pos+1 < len(r.b) {
		if r.b[r.pos] == 0xFF && r.b[r.pos+1] >= 0xD0 && r.b[r.pos+1] <= 0xD7 {
			r.pos += 2
			return
		}
		r.pos++
	}
}

// decodeJPEGLossless decodes one frame; want is the number of samples the
// DICOM header declares (checked before allocating).
func decodeJPEGLossless(b []byte, want int) (img *llImage, err error) {
	defer func() {
		if r := recover(); r != nil {
			img, err = nil, &FormatError{Msg: fmt.Sprintf("JPEG lossless: corrupt stream (%v)", r)}
		}
	}()
	if len(b) < 4 || b[0] != 0xFF || b[1] != 0xD8 {
		return nil, &FormatError{Msg: "JPEG lossless frame without SOI marker"}
	}
	var tables [4]huffTable
	var precision, restartInterval int
	img = &llImage{}
	var compIDs []byte
	pos := 2
	for pos+4 <= len(b) {
		if b[pos] != 0xFF {
			pos++
			continue
		}
		m := b[pos+1]
		if m == 0xFF {
			pos++
			continue
		}
		if m == 0xD8 || (m >= 0xD0 && m <= 0xD7) || m == 0x01 {
			pos += 2
			continue
		}
		if m == 0xD9 {
			break
		}
		l := int(b[pos+2])<<8 | int(b[pos+3])
		if l < 2 || pos+2+l > len(b) {
			return nil, &FormatError{Msg: fmt.Sprintf("JPEG segment FF%02X of length %d overruns the frame", m, l)}
		}
		seg := b[pos+4 : pos+2+l]
		switch m {
		case 0xC3, 0xC7:
			if len(seg) < 6 {
				return nil, &FormatError{Msg: "short SOF3"}
			}
			precision = int(seg[0])
			img.height = int(seg[1])<<8 | int(seg[2])
			img.width = int(seg[3])<<8 | int(seg[4])
			img.comps = int(seg[5])
			if img.comps < 1 || img.comps > 4 || len(seg) < 6+3*img.comps || precision < 2 || precision > 16 {
				return nil, &FormatError{Msg: "bad SOF3"}
			}
			if img.width == 0 || img.height == 0 || img.width*img.height*img.comps != want || want > 8*len(b)+64 {
				return nil, &FormatError{Msg: fmt.Sprintf("JPEG lossless frame %d×%d×%d in %d bytes, the header declares %d samples", img.width, img.height, img.comps, len(b), want)}
			}
			for c := 0; c < img.comps; c++ {
				compIDs = append(compIDs, seg[6+3*c])
			}
		case 0xC0, 0xC1, 0xC2, 0xC5, 0xC6, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF:
			return nil, &UnsupportedError{Msg: fmt.Sprintf("JPEG process SOF%d in a lossless transfer syntax", m-0xC0)}
		case 0xC4:
			for len(seg) >= 17 {
				th := int(seg[0] & 0x0F)
				var counts [16]byte
				copy(counts[:], seg[1:17])
				total := 0
				for _, c := range counts {
					total += int(c)
				}
				if th > 3 || len(seg) < 17+total {
					return nil, &FormatError{Msg: "bad DHT"}
				}
				if err := tables[th].build(counts, append([]byte(nil), seg[17:17+total]...)); err != nil {
					return nil, err
				}
				seg = seg[17+total:]
			}
		case 0xDD:
			if len(seg) >= 2 {
				restartInterval = int(seg[0])<<8 | int(seg[1])
			}
		case 0xDA:
			if img.comps == 0 {
				return nil, &FormatError{Msg: "SOS before SOF3"}
			}
			ns := int(seg[0])
			if ns != img.comps || len(seg) < 1+2*ns+3 {
				return nil, &UnsupportedError{Msg: "JPEG lossless with non-interleaved scans"}
			}
			var th []*huffTable
			for c := 0; c < ns; c++ {
				t := &tables[seg[2+2*c]>>4&3]
				if !t.ok {
					return nil, &FormatError{Msg: "JPEG lossless: missing Huffman table"}
				}
				th = append(th, t)
			}
			pred := int(seg[1+2*ns])
			pt := uint(seg[3+2*ns] & 0x0F)
			if pred < 1 || pred > 7 {
				return nil, &FormatError{Msg: fmt.Sprintf("JPEG lossless predictor %d", pred)}
			}
			data := b[pos+2+l:]
			if err := img.scan(data, th, pred, precision, pt, restartInterval); err != nil {
				return nil, err
			}
			return img, nil
		}
		pos += 2 + l
	}
	return nil, &FormatError{Msg: "JPEG lossless frame without a scan"}
}

func (img *llImage) scan(data []byte, th []*huffTable, pred, precision int, pt uint, ri int) error {
	w, h, nc := img.width, img.height, img.comps
	img.samples = make([]int32, w*h*nc)
	s := img.samples
	r := &bitReader{b: data}
	mask := int32(1)<<uint(precision) - 1
	initial := int32(1) << uint(precision-int(pt)-1)
	firstRow := true // first row of the image or of a restart interval
	count := 0
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if ri > 0 && count == ri {
				r.restart()
				count = 0
				firstRow = true
			}
			count++
			for c := 0; c < nc; c++ {
				t, err := r.decode(th[c])
				if err != nil {
					return err
				}
				var diff int32
				switch {
				case t == 0:
				case t == 16:
					diff = 32768
				case t > 16:
					return &FormatError{Msg: "JPEG lossless: difference category > 16"}
				default:
					v := r.bits(uint(t))
					if v < 1<<(t-1) {
						v += -(1 << t) + 1
					}
					diff = v
				}
				i := (y*w+x)*nc + c
				var p int32
				switch {
				case firstRow && count == 1:
					p = initial
				case firstRow:
					p = s[i-nc]
				case x == 0:
					p = s[i-w*nc]
				default:
					ra, rb, rc := s[i-nc], s[i-w*nc], s[i-w*nc-nc]
					switch pred {
					case 1:
						p = ra
					case 2:
						p = rb
					case 3:
						p = rc
					case 4:
						p = ra + rb - rc
					case 5:
						p = ra + (rb-rc)>>1
					case 6:
						p = rb + (ra-rc)>>1
					case 7:
						p = (ra + rb) >> 1
					}
				}
				s[i] = (p + diff) & mask
			}
		}
		firstRow = false
	}
	if pt > 0 {
		for i := range s {
			s[i] <<= pt
		}
	}
	return nil
}
