package glrlm

import (
	"fmt"
	"math"

	"radgo/core/radiomics/discretize"
	"radgo/core/radiomics/internal/npmath"
)

// Features lists the feature names in PyRadiomics output order.
var Features = []string{
	"GrayLevelNonUniformity", "GrayLevelNonUniformityNormalized", "GrayLevelVariance",
	"HighGrayLevelRunEmphasis", "LongRunEmphasis", "LongRunHighGrayLevelEmphasis",
	"LongRunLowGrayLevelEmphasis", "LowGrayLevelRunEmphasis", "RunEntropy",
	"RunLengthNonUniformity", "RunLengthNonUniformityNormalized", "RunPercentage",
	"RunVariance", "ShortRunEmphasis", "ShortRunHighGrayLevelEmphasis", "ShortRunLowGrayLevelEmphasis",
}

// Deprecated names the features PyRadiomics computes only when named (none).
var Deprecated = map[string]bool{}

// Removed lists deprecated names that are never computed (none).
var Removed = []string{}

// Settings are the GLRLM options.
type Settings struct {
	WeightingNorm string // "weightingNorm"
	Force2D       bool
	Force2DDim    int
}

// Matrix holds run counts per kept angle: P[a][i*Nr+(length-1)].
type Matrix struct {
	Levels []float64
	Nr     int
	P      [][]float64
}

// Counts returns the run length matrices of all angles before weighting and
// angle removal, and the angles.
func Counts(r *discretize.Region, s Settings) ([][]float64, []discretize.Offset, int) {
	dim := -1
	if s.Force2D {
		dim = s.Force2DDim
	}
	ang := discretize.Angles(r.Size, []int{1}, false, dim)
	nl := len(r.Levels)
	idx := make([]int32, r.Ng+1)
	for k, l := range r.Levels {
		idx[l] = int32(k)
	}
	nr := max(r.Size[0], r.Size[1], r.Size[2])
	r.SetMargin(1)
	P := make([][]float64, len(ang))
	pad := r.Pad
	rl := make([]int32, len(pad))
	cnt := make([]int32, nl*nr*copies)
	for a, o := range ang {
		m := make([]float64, nl*nr)
		P[a] = m
		if fastRuns(r, o, idx, nr, rl, cnt, m) {
			continue
		}
		clear(m)
		multi := false
		off := r.Stride(o)
		if o[2] != 0 {
			multi = sweep(r, o, idx, nr, m)
			if !multi {
				for g := 0; g < nl; g++ {
					m[g*nr] = 0
				}
			}
			continue
		}
		forStarts(r, o, func(start int) {
			gl, rl, elements := int32(-1), 0, 0
			for i := start; pad[i] >= 0; i += off {
				l := pad[i]
				if l != 0 {
					elements++
					switch {
					case gl == -1:
						gl, rl = l, 0
					case l == gl:
						rl++
					default:
						m[int(idx[gl])*nr+rl]++
						gl, rl = l, 0
					}
				} else if gl > -1 {
					m[int(idx[gl])*nr+rl]++
					gl, rl = -1, 0
				}
			}
			if gl > -1 {
				m[int(idx[gl])*nr+rl]++
			}
			if elements > 1 {
				multi = true
			}
		})
		if !multi {
			for g := 0; g < nl; g++ {
				m[g*nr] = 0
			}
		}
	}
	return P, ang, nr
}

// Calculate returns the run length matrices after weighting and removal of
// empty angles.
func Calculate(r *discretize.Region, s Settings) (*Matrix, error) {
	P, ang, nr := Counts(r, s)
	if s.WeightingNorm != "" {
		sum := make([]float64, len(P[0]))
		for a, m := range P {
			var d [3]float64
			for k := 0; k < 3; k++ {
				d[k] = math.Abs(float64(ang[a][k])) * r.Spacing[k]
			}
			var w float64
			switch s.WeightingNorm {
			case "infinity":
				w = math.Max(d[0], math.Max(d[1], d[2]))
			case "euclidean":
				w = math.Sqrt(d[2]*d[2] + d[1]*d[1] + d[0]*d[0])
			case "manhattan":
				w = d[2] + d[1] + d[0]
			case "no_weighting":
				w = 1
			default:
				return nil, fmt.Errorf("glrlm: unknown weightingNorm %q", s.WeightingNorm)
			}
			for k, v := range m {
				sum[k] += v * w
			}
		}
		P = [][]float64{sum}
	}
	kept := P[:0]
	for _, m := range P {
		t := 0.0
		for _, v := range m {
			t += v
		}
		if t == 0 && len(P) > 1 {
			continue
		}
		kept = append(kept, m)
	}
	lv := make([]float64, len(r.Levels))
	for k, l := range r.Levels {
		lv[k] = float64(l)
	}
	return &Matrix{Levels: lv, Nr: nr, P: kept}, nil
}

// Compute returns the values of Features for the region.
func Compute(r *discretize.Region, s Settings) ([]float64, error) {
	m, err := Calculate(r, s)
	if err != nil {
		return nil, err
	}
	return m.Features(), nil
}

// Features computes the feature values (aligned with Features) of m.
func (m *Matrix) Features() []float64 {
	per := make([][]float64, len(Features))
	for f := range per {
		per[f] = make([]float64, len(m.P))
	}
	nl, nr := len(m.Levels), m.Nr
	pr := make([]float64, nr)
	pg := make([]float64, nl)
	for a, p := range m.P {
		clear(pr)
		clear(pg)
		var n, sre, lre, lglre, hglre, srlgle, srhgle, lrlgle, lrhgle float64
		for i := 0; i < nl; i++ {
			fi := m.Levels[i]
			i2 := fi * fi
			for j := 0; j < nr; j++ {
				v := p[i*nr+j]
				if v == 0 {
					continue
				}
				fj := float64(j + 1)
				j2 := fj * fj
				pr[j] += v
				pg[i] += v
				n += v
				srlgle += v / (i2 * j2)
				srhgle += v * i2 / j2
				lrlgle += v * j2 / i2
				lrhgle += v * j2 * i2
			}
		}
		if n == 0 {
			n = math.NaN()
		}
		var np, rln, gln, ui, uj float64
		for j, v := range pr {
			fj := float64(j + 1)
			sre += v / (fj * fj)
			lre += v * fj * fj
			rln += v * v
			np += v * fj
			uj += v / n * fj
		}
		for i, v := range pg {
			fi := m.Levels[i]
			lglre += v / (fi * fi)
			hglre += v * fi * fi
			gln += v * v
			ui += v / n * fi
		}
		var glv, rv, re float64
		for i, v := range pg {
			d := m.Levels[i] - ui
			glv += v / n * d * d
		}
		for j, v := range pr {
			d := float64(j+1) - uj
			rv += v / n * d * d
		}
		for _, v := range p {
			if v != 0 {
				q := v / n
				re -= q * math.Log2(q+npmath.Eps)
			}
		}
		vals := []float64{gln / n, gln / (n * n), glv, hglre / n, lre / n, lrhgle / n, lrlgle / n,
			lglre / n, re, rln / n, rln / (n * n), n / np, rv, sre / n, srhgle / n, srlgle / n}
		for f, v := range vals {
			per[f][a] = v
		}
	}
	out := make([]float64, len(Features))
	for f := range out {
		out[f] = npmath.NanMean(per[f])
	}
	return out
}

// copies is the number of interleaved run-count matrices in fastRuns.
const copies = 4

// fastRuns counts the runs along o in one pass over the ROI voxels in
// memory order, without branches: stepping along |stride|, the run length
// at a voxel is one more than at its predecessor when both have the same
// level (else 0, so the predecessor, visited earlier, is always final), and
// a run ends where the successor's level differs (the margin is -1, outside
// the ROI 0). rl (one entry per Pad voxel) needs no clearing: stale entries
// are masked out. It returns false, leaving m partly filled, when no run is
// longer than one voxel: then whether some line holds two ROI voxels (which
// decides PyRadiomics' removal of the length-1 column) needs the line-by-line
// count.
func fastRuns(r *discretize.Region, o discretize.Offset, idx []int32, nr int, rl, cnt []int32, m []float64) bool {
	off := r.Stride(o)
	if off < 0 {
		off = -off // runs are the same read in either direction
	}
	pad := r.Pad
	clear(cnt)
	var any int32
	// Consecutive voxels often add to the same cell (inside a homogeneous
	// area every line has the same run so far, and end = 0): the increments
	// rotate over `copies` interleaved copies of the matrix so that they do
	// not wait on each other's store; the copies are summed at the end.
	for t, i32 := range r.ROI {
		i := int(i32)
		l := pad[i]
		dp := pad[i-off] ^ l
		same := int32(uint32(dp|-dp)>>31) ^ 1 // predecessor has level l
		n := (rl[i-off] + 1) & -same
		rl[i] = n
		dn := pad[i+off] ^ l
		end := int32(uint32(dn|-dn) >> 31) // successor differs: the run ends here
		cnt[(int(idx[l])*nr+int(n))*copies+t%copies] += end
		any |= n
	}
	for k := range m {
		var c int32
		for _, v := range cnt[k*copies : (k+1)*copies] {
			c += v
		}
		m[k] = float64(c)
	}
	return any != 0
}

// forStarts calls f with the Pad index of every box voxel where a line along
// o starts: the voxel before it along o lies outside the box.
func forStarts(r *discretize.Region, o discretize.Offset, f func(int)) {
	sx, sy, sz := r.Size[0], r.Size[1], r.Size[2]
	ps := r.PadSize
	mg := r.Margin
	face := func(c, n, d int) bool { return (d > 0 && c == 0) || (d < 0 && c == n-1) }
	for z := 0; z < sz; z++ {
		fz := face(z, sz, o[2])
		for y := 0; y < sy; y++ {
			fy := face(y, sy, o[1])
			row := ((z+mg)*ps[1]+y+mg)*ps[0] + mg
			if fz || fy {
				for x := 0; x < sx; x++ {
					f(row + x)
				}
				continue
			}
			switch {
			case o[0] > 0:
				f(row)
			case o[0] < 0:
				f(row + sx - 1)
			}
		}
	}
}

// sweep counts the runs along an angle that moves in z by visiting the box
// plane by plane, each voxel once in memory order, with one run state per
// line; following each line through the volume instead would jump a whole
// plane per step. It reports whether some line holds more than one ROI
// voxel.
func sweep(r *discretize.Region, o discretize.Offset, idx []int32, nr int, m []float64) bool {
	sx, sy, sz := r.Size[0], r.Size[1], r.Size[2]
	dz := o[2]                 // ±1
	dx, dy := o[0]*dz, o[1]*dz // in-plane shift per plane when stepping z upward
	// Line of voxel (x, y, z): (x - z*dx, y - z*dy), shifted to be >= 0.
	ox, oy := 0, 0
	if dx > 0 {
		ox = (sz - 1) * dx
	}
	if dy > 0 {
		oy = (sz - 1) * dy
	}
	w := sx + (sz-1)*abs(dx)
	h := sy + (sz-1)*abs(dy)
	n := w * h
	gl := make([]int32, n)
	rl := make([]int32, n)
	el := make([]int32, n)
	for i := range gl {
		gl[i] = -1
	}
	ps := r.PadSize
	mg := r.Margin
	for zi := 0; zi < sz; zi++ {
		z := zi
		if dz < 0 {
			z = sz - 1 - zi // walk in the angle's direction
		}
		for y := 0; y < sy; y++ {
			row := ((z+mg)*ps[1]+y+mg)*ps[0] + mg
			lrow := (y-z*dy+oy)*w - z*dx + ox
			for x := 0; x < sx; x++ {
				l := r.Pad[row+x]
				k := lrow + x
				g := gl[k]
				if l != 0 {
					el[k]++
					switch {
					case g == -1:
						gl[k], rl[k] = l, 0
					case l == g:
						rl[k]++
					default:
						m[int(idx[g])*nr+int(rl[k])]++
						gl[k], rl[k] = l, 0
					}
				} else if g > -1 {
					m[int(idx[g])*nr+int(rl[k])]++
					gl[k], rl[k] = -1, 0
				}
			}
		}
	}
	multi := false
	for k, g := range gl {
		if g > -1 {
			m[int(idx[g])*nr+int(rl[k])]++
		}
		if el[k] > 1 {
			multi = true
		}
	}
	return multi
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
