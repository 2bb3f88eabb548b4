package filter

// sample is the arithmetic type of a transform: PyWavelets runs its C core
// in double for integer and float64 input and in float for float32 input.
type sample interface{ ~float32 | ~float64 }

// swt runs one undecimated level-1 transform (pywt.swtn with level=1,
// start_level=0, periodic extension) over a padded array of size size
// (volume order, every transformed dimension even).
type swt[T sample] struct {
	size   [3]int
	lo, hi []T
	axes   []int // numpy axes in transform order
	bufs   [][2][]T
	ext    []T
}

func (t *swt[T]) init() {
	t.bufs = make([][2][]T, len(t.axes))
	n := t.size[0] * t.size[1] * t.size[2]
	for d := range t.axes {
		t.bufs[d] = [2][]T{make([]T, n), make([]T, n)}
	}
	t.ext = make([]T, t.size[0]+3*len(t.lo))
}

// level runs one level over data and calls emit for each of the
// 2^len(axes) sub-bands in PyWavelets order (index bit len(axes)-1-c is the
// filter of the c-th axis, 0 = approximation). The band slice is a reused
// buffer, valid only during the call.
func (t *swt[T]) level(data []T, emit func(b int, band []T)) {
	b := 0
	var rec func(src []T, d int)
	rec = func(src []T, d int) {
		if d == len(t.axes) {
			emit(b, src)
			b++
			return
		}
		dlo, dhi := t.bufs[d][0], t.bufs[d][1]
		t.axis(dlo, dhi, src, 2-t.axes[d])
		rec(dlo, d+1)
		rec(dhi, d+1)
	}
	rec(data, 0)
}

// tapOrder returns, for each output o of a length-n periodic transform with
// an f-tap filter, the order in which PyWavelets'
// downsampling_convolution_periodization (step 1) adds the taps: ascending,
// except where i = o + f/2 >= n, where the wrapped taps i-n, ..., 0 come
// first, then i-n+1, ..., f-1.
func tapOrder(n, f int) [][]int {
	order := make([][]int, n)
	for o := range order {
		i := o + f/2
		ord := make([]int, 0, f)
		if i < n {
			for m := 0; m < f; m++ {
				ord = append(ord, m)
			}
		} else {
			r := i - n
			for m := r; m >= 0; m-- {
				ord = append(ord, m)
			}
			for m := r + 1; m < f; m++ {
				ord = append(ord, m)
			}
		}
		order[o] = ord
	}
	return order
}

func mod(a, n int) int {
	a %= n
	if a < 0 {
		a += n
	}
	return a
}

// axis filters src along volume axis a (0 = i) into dlo and dhi.
func (t *swt[T]) axis(dlo, dhi, src []T, a int) {
	sz := t.size
	n := sz[a]
	f := len(t.lo)
	h := f / 2
	order := tapOrder(n, f)
	if a == 0 {
		// Contiguous lines: extend periodically, then convolve.
		ext := t.ext[:n+2*f]
		lines := sz[1] * sz[2]
		for l := 0; l < lines; l++ {
			line := src[l*n : (l+1)*n]
			for q := range ext {
				ext[q] = line[mod(q-f, n)]
			}
			ol, oh := dlo[l*n:(l+1)*n], dhi[l*n:(l+1)*n]
			// Interior outputs: i = o+h < n, taps ascending.
			for o := 0; o < n-h && o < n; o++ {
				base := o + h + f
				var sl, sh T
				for m := 0; m < f; m++ {
					x := ext[base-m]
					sl += T(t.lo[m] * x)
					sh += T(t.hi[m] * x)
				}
				ol[o], oh[o] = sl, sh
			}
			for o := max(n-h, 0); o < n; o++ {
				base := o + h + f
				var sl, sh T
				for _, m := range order[o] {
					x := ext[base-m]
					sl += T(t.lo[m] * x)
					sh += T(t.hi[m] * x)
				}
				ol[o], oh[o] = sl, sh
			}
		}
		return
	}
	// Strided axis: whole rows (a = 1) or planes (a = 2) at a time, each
	// element accumulating its taps in the same order.
	inner := sz[0]
	if a == 2 {
		inner *= sz[1]
	}
	outer := 1
	if a == 1 {
		outer = sz[2]
	}
	block := n * inner
	rows := make([][]T, f)
	fl := make([]T, f)
	fh := make([]T, f)
	for b := 0; b < outer; b++ {
		s := src[b*block : (b+1)*block]
		bl, bh := dlo[b*block:(b+1)*block], dhi[b*block:(b+1)*block]
		for o := 0; o < n; o++ {
			al := bl[o*inner : (o+1)*inner]
			ah := bh[o*inner : (o+1)*inner]
			for ti, m := range order[o] {
				p := mod(o+h-m, n)
				rows[ti] = s[p*inner : (p+1)*inner]
				fl[ti], fh[ti] = t.lo[m], t.hi[m]
			}
			convRows(al, ah, rows, fl, fh)
		}
	}
}

// convRows sets al[q] = sum_t fl[t]*rows[t][q] and ah likewise, adding the
// taps in the order given (each product rounded, as in C without FMA).
func convRows[T sample](al, ah []T, rows [][]T, fl, fh []T) {
	if len(rows) == 6 {
		// coif1 and db3/sym3: unrolled.
		r0, r1, r2, r3, r4, r5 := rows[0][:len(al)], rows[1][:len(al)], rows[2][:len(al)], rows[3][:len(al)], rows[4][:len(al)], rows[5][:len(al)]
		l0, l1, l2, l3, l4, l5 := fl[0], fl[1], fl[2], fl[3], fl[4], fl[5]
		h0, h1, h2, h3, h4, h5 := fh[0], fh[1], fh[2], fh[3], fh[4], fh[5]
		ah = ah[:len(al)]
		for q := range al {
			x0, x1, x2, x3, x4, x5 := r0[q], r1[q], r2[q], r3[q], r4[q], r5[q]
			var sl, sh T
			sl += T(l0 * x0)
			sl += T(l1 * x1)
			sl += T(l2 * x2)
			sl += T(l3 * x3)
			sl += T(l4 * x4)
			sl += T(l5 * x5)
			sh += T(h0 * x0)
			sh += T(h1 * x1)
			sh += T(h2 * x2)
			sh += T(h3 * x3)
			sh += T(h4 * x4)
			sh += T(h5 * x5)
			al[q], ah[q] = sl, sh
		}
		return
	}
	for q := range al {
		var sl, sh T
		for t, r := range rows {
			x := r[q]
			sl += T(fl[t] * x)
			sh += T(fh[t] * x)
		}
		al[q], ah[q] = sl, sh
	}
}
