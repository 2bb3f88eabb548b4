package dicom

import (
	"math/rand/v2"
	"testing"
)

// encodeLossless is a minimal JPEG lossless (process 14) encoder used to
// test the decoder on every predictor, precisions and restart intervals.
// Huffman table: category c (0..16) gets the code of length c+1 consisting
// of c ones then a zero (16 gets 17 ones truncated to 16: all ones), a
// valid prefix code.
func encodeLossless(samples []int32, w, h, precision, pred, pt, restart int) []byte {
	var out []byte
	seg := func(m byte, body []byte) {
		out = append(out, 0xFF, m, byte((len(body)+2)>>8), byte(len(body)+2))
		out = append(out, body...)
	}
	out = append(out, 0xFF, 0xD8)
	seg(0xC3, []byte{byte(precision), byte(h >> 8), byte(h), byte(w >> 8), byte(w), 1, 1, 0x11, 0})
	// Code lengths: category c has length c+1 for c < 15, categories 15 and
	// 16 share length 16 (codes 1111111111111110 and 1111111111111111).
	counts := make([]byte, 16)
	for c := 0; c < 15; c++ {
		counts[c] = 1
	}
	counts[15] = 2
	vals := make([]byte, 17)
	for c := range vals {
		vals[c] = byte(c)
	}
	seg(0xC4, append(append([]byte{0x00}, counts...), vals...))
	if restart > 0 {
		seg(0xDD, []byte{byte(restart >> 8), byte(restart)})
	}
	seg(0xDA, []byte{1, 1, 0x00, byte(pred), 0, byte(pt)})
	var acc uint64
	var nbits uint
	flush := func(pad bool) {
		for nbits >= 8 || (pad && nbits > 0) {
			if nbits < 8 {
				acc <<= 8 - nbits
				acc |= 1<<(8-nbits) - 1 // pad with ones
				nbits = 8
			}
			b := byte(acc >> (nbits - 8))
			out = append(out, b)
			if b == 0xFF {
				out = append(out, 0)
			}
			nbits -= 8
			acc &= 1<<nbits - 1
		}
	}
	put := func(v uint64, n uint) {
		acc = acc<<n | v&(1<<n-1)
		nbits += n
		flush(false)
	}
	code := func(c int) (uint64, uint) {
		switch {
		case c < 15:
			return (1<<uint(c) - 1) << 1, uint(c + 1)
		case c == 15:
			return 0xFFFE, 16
		}
		return 0xFFFF, 16
	}
	x := make([]int32, len(samples))
	for i, s := range samples {
		x[i] = s >> uint(pt)
	}
	mask := int32(1)<<uint(precision-pt) - 1
	mod := int32(1) << 16
	count, first, rst := 0, true, 0
	for y := 0; y < h; y++ {
		for c := 0; c < w; c++ {
			if restart > 0 && count == restart {
				flush(true)
				out = append(out, 0xFF, byte(0xD0+rst%8))
				rst++
				count, first = 0, true
			}
			count++
			i := y*w + c
			var p int32
			switch {
			case first && count == 1:
				p = 1 << uint(precision-pt-1)
			case first:
				p = x[i-1]
			case c == 0:
				p = x[i-w]
			default:
				ra, rb, rc := x[i-1], x[i-w], x[i-w-1]
				p = [8]int32{0, ra, rb, rc, ra + rb - rc, ra + (rb-rc)>>1, rb + (ra-rc)>>1, (ra + rb) >> 1}[pred]
			}
			d := ((x[i]-p)%mod + mod) % mod
			if d > 32768 {
				d -= mod
			}
			_ = mask
			cat := 0
			for a := d; a != 0 && cat < 16; cat++ {
				if a < 0 {
					a = -a
				}
				a >>= 1
			}
			if d == 32768 {
				cat = 16
			}
			cv, cn := code(cat)
			put(cv, cn)
			if cat > 0 && cat < 16 {
				v := d
				if d < 0 {
					v = d + (1 << uint(cat)) - 1
				}
				put(uint64(v), uint(cat))
			}
		}
		first = false
	}
	flush(true)
	return append(out, 0xFF, 0xD9)
}

func TestJPEGLosslessPredictors(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct{ w, h, precision, pt, restart int }{
		{7, 5, 16, 0, 0}, {16, 9, 12, 0, 0}, {5, 6, 8, 0, 0}, {9, 4, 16, 2, 0}, {8, 6, 16, 0, 8}, {8, 6, 16, 0, 16},
	} {
		for pred := 1; pred <= 7; pred++ {
			s := make([]int32, c.w*c.h)
			for i := range s {
				// smooth ramp plus noise, with occasional full-range jumps
				v := int32(i*37) + int32(rnd.IntN(64))
				if rnd.IntN(10) == 0 {
					v = int32(rnd.IntN(1 << c.precision))
				}
				s[i] = (v & (1<<c.precision - 1)) >> uint(c.pt) << uint(c.pt)
			}
			img, err := decodeJPEGLossless(encodeLossless(s, c.w, c.h, c.precision, pred, c.pt, c.restart), c.w*c.h)
			if err != nil {
				t.Fatalf("%+v predictor %d: %v", c, pred, err)
			}
			for i := range s {
				if img.samples[i] != s[i] {
					t.Fatalf("%+v predictor %d: sample %d = %d, want %d", c, pred, i, img.samples[i], s[i])
				}
			}
		}
	}
	// Corrupt streams fail without panicking.
	good := encodeLossless(make([]int32, 64), 8, 8, 16, 1, 0, 0)
	for n := 0; n < len(good); n++ {
		decodeJPEGLossless(good[:n], 64)
	}
	if _, err := decodeJPEGLossless(good, 65); err == nil {
		t.Error("size mismatch not reported")
	}
}
