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
	for d := 0; d < len(t.axes)-1; d++ {
		t.bufs[d] = [2][]T{make([]T, n), make([]T, n)}
	}
	t.ext = make([]T, t.size[0]+3*len(t.lo))
}

// level returns the 2^len(axes) sub-bands of data in PyWavelets order
// (index bit len(axes)-1-c is the filter of the c-th axis, 0 = approximation).
func (t *swt[T]) level(data []T) [][]T {
	out := make([][]T, 0, 1<<len(t.axes))
	var rec func(src []T, d int)
	rec = func(src []T, d int) {
		if d == len(t.axes) {
			out = append(out, src)
			return
		}
		var dlo, dhi []T
		if d == len(t.axes)-1 {
			dlo, dhi = make([]T, len(src)), make([]T, len(src))
		} else {
			dlo, dhi = t.bufs[d][0], t.bufs[d][1]
		}
		t.axis(dlo, dhi, src, 2-t.axes[d])
		rec(dlo, d+1)
		rec(dhi, d+1)
	}
	rec(data, 0)
	return out
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
	for b := 0; b < outer; b++ {
		s := src[b*block : (b+1)*block]
		bl, bh := dlo[b*block:(b+1)*block], dhi[b*block:(b+1)*block]
		for o := 0; o < n; o++ {
			al := bl[o*inner : (o+1)*inner]
			ah := bh[o*inner : (o+1)*inner]
			for q := range al {
				al[q], ah[q] = 0, 0
			}
			for _, m := range order[o] {
				p := mod(o+h-m, n)
				row := s[p*inner : (p+1)*inner]
				fl, fh := t.lo[m], t.hi[m]
				ah := ah[:len(row)]
				al := al[:len(row)]
				for q, x := range row {
					al[q] += T(fl * x)
					ah[q] += T(fh * x)
				}
			}
		}
	}
}
