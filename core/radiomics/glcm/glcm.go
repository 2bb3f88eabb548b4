package glcm

import (
	"errors"
	"fmt"
	"math"
	"math/cmplx"
	"sort"

	"gonum.org/v1/gonum/mat"

	"radgo/core/radiomics/discretize"
	"radgo/core/radiomics/internal/npmath"
)

// Features lists the feature names in PyRadiomics output order.
var Features = []string{
	"Autocorrelation", "ClusterProminence", "ClusterShade", "ClusterTendency", "Contrast",
	"Correlation", "DifferenceAverage", "DifferenceEntropy", "DifferenceVariance", "Id",
	"Idm", "Idmn", "Idn", "Imc1", "Imc2", "InverseVariance", "JointAverage", "JointEnergy",
	"JointEntropy", "MCC", "MaximumProbability", "SumAverage", "SumEntropy", "SumSquares",
}

// Deprecated names the features PyRadiomics computes only when named (none here).
var Deprecated = map[string]bool{}

// Removed lists deprecated names PyRadiomics accepts but never computes
// (they equal other features).
var Removed = []string{"Dissimilarity", "Homogeneity1", "Homogeneity2", "SumVariance"}

// Settings are the GLCM options.
type Settings struct {
	Distances     []int  // "distances"; nil means [1]
	Asymmetrical  bool   // negation of "symmetricalGLCM" (default symmetrical)
	WeightingNorm string // "weightingNorm": "", "manhattan", "euclidean", "infinity", "no_weighting"
	Force2D       bool   // "force2D"
	Force2DDim    int    // "force2Ddimension" in numpy axis order (0 = z)
}

// Matrix holds the normalised co-occurrence matrices, one per kept angle.
type Matrix struct {
	Levels []float64   // grey levels present (row/column values)
	Ng     int         // highest grey level
	P      [][]float64 // P[a][i*len(Levels)+j]
}

func angles(r *discretize.Region, distances []int, force2D bool, dim int) []discretize.Offset {
	if len(distances) == 0 {
		distances = []int{1}
	}
	if !force2D {
		dim = -1
	}
	return discretize.Angles(r.Size, distances, false, dim)
}

// MaxElements bounds the size of the co-occurrence matrices (levels² ×
// angles), about 1 GB of float64.
const MaxElements = 1 << 27

// ErrTooManyLevels is returned when the matrices would exceed MaxElements.
var ErrTooManyLevels = errors.New("glcm: too many grey levels for the co-occurrence matrices; increase binWidth or lower binCount")

// Counts returns the raw (asymmetric) co-occurrence counts per angle,
// indexed [a][i*nl+j] over the present levels, and the angles.
func Counts(r *discretize.Region, s Settings) ([][]float64, []discretize.Offset) {
	ang := angles(r, s.Distances, s.Force2D, s.Force2DDim)
	nl := len(r.Levels)
	idx := make([]int32, r.Ng+1)
	for k, l := range r.Levels {
		idx[l] = int32(k)
	}
	P := make([][]float64, len(ang))
	for a := range P {
		P[a] = make([]float64, nl*nl)
	}
	md := 1
	for _, o := range ang {
		md = max(md, abs(o[0]), abs(o[1]), abs(o[2]))
	}
	r.SetMargin(md)
	st := make([]int, len(ang))
	for a, o := range ang {
		st[a] = r.Stride(o)
	}
	pad := r.Pad
	for _, i32 := range r.ROI {
		i := int(i32)
		li := pad[i]
		base := int(idx[li]) * nl
		for a, off := range st {
			if lj := pad[i+off]; lj > 0 {
				P[a][base+int(idx[lj])]++
			}
		}
	}
	return P, ang
}

// Calculate returns the normalised matrices after symmetrisation, optional
// weighting and removal of empty angles.
func Calculate(r *discretize.Region, s Settings) (*Matrix, error) {
	if err := CheckSize(r, s); err != nil {
		return nil, err
	}
	P, ang := Counts(r, s)
	return FromCounts(r, P, ang, s)
}

// CheckSize returns an error wrapping ErrTooManyLevels when the matrices of
// r would exceed MaxElements.
func CheckSize(r *discretize.Region, s Settings) error {
	nl, na := len(r.Levels), len(Angles(r, s))
	if float64(nl)*float64(nl)*float64(max(na, 1)) > MaxElements {
		return fmt.Errorf("%w (%d levels, %d angles)", ErrTooManyLevels, nl, na)
	}
	return nil
}

// Angles returns the offsets Counts uses for s.
func Angles(r *discretize.Region, s Settings) []discretize.Offset {
	return angles(r, s.Distances, s.Force2D, s.Force2DDim)
}

// FromCounts finishes Calculate from raw counts P[a][i*nl+j] (over the
// present levels) for the offsets ang; P is modified.
func FromCounts(r *discretize.Region, P [][]float64, ang []discretize.Offset, s Settings) (*Matrix, error) {
	nl := len(r.Levels)
	if !s.Asymmetrical {
		for _, m := range P {
			for i := 0; i < nl; i++ {
				for j := i; j < nl; j++ {
					v := m[i*nl+j] + m[j*nl+i]
					m[i*nl+j], m[j*nl+i] = v, v
				}
			}
		}
	}
	if s.WeightingNorm != "" {
		w, err := weights(ang, r.Spacing, s.WeightingNorm)
		if err != nil {
			return nil, err
		}
		sum := make([]float64, nl*nl)
		for a, m := range P {
			for k, v := range m {
				sum[k] += v * w[a]
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
		for k := range m {
			m[k] /= t
		}
		kept = append(kept, m)
	}
	lv := make([]float64, nl)
	for k, l := range r.Levels {
		lv[k] = float64(l)
	}
	return &Matrix{Levels: lv, Ng: r.Ng, P: kept}, nil
}

func weights(ang []discretize.Offset, spacing [3]float64, norm string) ([]float64, error) {
	w := make([]float64, len(ang))
	for a, o := range ang {
		var d [3]float64
		for k := 0; k < 3; k++ {
			d[k] = math.Abs(float64(o[k])) * spacing[k]
		}
		switch norm {
		case "infinity":
			m := math.Max(d[0], math.Max(d[1], d[2]))
			w[a] = math.Exp(-m * m)
		case "euclidean":
			w[a] = math.Exp(-(d[2]*d[2] + d[1]*d[1] + d[0]*d[0]))
		case "manhattan":
			m := d[2] + d[1] + d[0]
			w[a] = math.Exp(-m * m)
		case "no_weighting":
			w[a] = 1
		default:
			return nil, fmt.Errorf("glcm: unknown weightingNorm %q (want manhattan, euclidean, infinity or no_weighting)", norm)
		}
	}
	return w, nil
}

// ErrNoAngles is returned when no neighbour pairs exist in the ROI.
var ErrNoAngles = errors.New("glcm: no co-occurring voxel pairs in the region of interest")

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
	na := len(m.P)
	per := make([][]float64, len(Features))
	for f := range per {
		per[f] = make([]float64, na)
	}
	mcc := m.mcc()
	for a, p := range m.P {
		v := m.angleFeatures(p)
		v[19] = mcc[a]
		for f := range Features {
			per[f][a] = v[f]
		}
	}
	out := make([]float64, len(Features))
	for f := range Features {
		if f == 16 { // JointAverage: plain mean in PyRadiomics
			s := 0.0
			for _, v := range per[f] {
				s += v
			}
			out[f] = s / float64(na)
			continue
		}
		out[f] = npmath.NanMean(per[f])
	}
	if len(m.Levels) < 2 {
		out[19] = 1 // MCC of a flat region
	}
	return out
}

const eps = npmath.Eps

func (m *Matrix) angleFeatures(p []float64) []float64 {
	lv := m.Levels
	nl := len(lv)
	ng := float64(m.Ng)
	px := make([]float64, nl)
	py := make([]float64, nl)
	var ux, uy, ac, cont, hxy, energy, maxp float64
	for i := 0; i < nl; i++ {
		for j := 0; j < nl; j++ {
			v := p[i*nl+j]
			px[i] += v
			py[j] += v
			ux += lv[i] * v
			uy += lv[j] * v
			ac += v * lv[i] * lv[j]
			d := lv[i] - lv[j]
			cont += v * d * d
			if v != 0 {
				hxy -= v * math.Log2(v+eps)
			}
			energy += v * v
			if v > maxp {
				maxp = v
			}
		}
	}
	ngi := m.Ng
	sumP := make([]float64, 2*ngi+1) // index k = i+j
	difP := make([]float64, ngi)     // index k = |i-j|
	var cp, cs, ct, sigx2, sigy2, corm, ss, hxy1, hxy2 float64
	for i := 0; i < nl; i++ {
		for j := 0; j < nl; j++ {
			v := p[i*nl+j]
			s := lv[i] + lv[j] - ux - uy
			s2 := s * s
			cp += v * s2 * s2
			cs += v * s2 * s
			ct += v * s2
			di, dj := lv[i]-ux, lv[j]-uy
			sigx2 += v * di * di
			sigy2 += v * dj * dj
			corm += v * di * dj
			ss += v * di * di
			if pp := px[i] * py[j]; pp != 0 {
				l := math.Log2(pp + eps)
				hxy1 -= v * l
				hxy2 -= pp * l
			}
			sumP[int(lv[i])+int(lv[j])] += v
			k := int(lv[i]) - int(lv[j])
			if k < 0 {
				k = -k
			}
			difP[k] += v
		}
	}
	var hx, hy float64
	for i := 0; i < nl; i++ {
		hx -= px[i] * math.Log2(px[i]+eps)
		hy -= py[i] * math.Log2(py[i]+eps)
	}
	sigx, sigy := math.Sqrt(sigx2), math.Sqrt(sigy2)
	corr := corm / (sigx*sigy + eps)
	if sigx*sigy == 0 {
		corr = 1
	}
	var da, de, idm, idmn, id, idn, iv float64
	for k, v := range difP {
		fk := float64(k)
		da += fk * v
		de -= v * math.Log2(v+eps)
		idm += v / (1 + fk*fk)
		idmn += v / (1 + (fk*fk)/(ng*ng))
		id += v / (1 + fk)
		idn += v / (1 + fk/ng)
		if k > 0 {
			iv += v / (fk * fk)
		}
	}
	var dv float64
	for k, v := range difP {
		d := float64(k) - da
		dv += v * d * d
	}
	var sa, se float64
	for k := 2; k < len(sumP); k++ {
		v := sumP[k]
		sa += float64(k) * v
		se -= v * math.Log2(v+eps)
	}
	div := math.Max(hx, hy)
	imc1 := 0.0
	if div != 0 {
		imc1 = (hxy - hxy1) / div
	}
	imc2 := 0.0
	if hxy2 != hxy {
		imc2 = math.Sqrt(1 - math.Pow(math.E, -2*(hxy2-hxy)))
	}
	return []float64{ac, cp, cs, ct, cont, corr, da, de, dv, id, idm, idmn, idn, imc1, imc2, iv, ux, energy, hxy, 0, maxp, sa, se, ss}
}

// mcc returns the maximal correlation coefficient per angle: the square root
// of the second largest eigenvalue of Q(i,j) = Σ_k p(i,k)p(j,k)/(p_x(i)p_y(k)+ε).
func (m *Matrix) mcc() []float64 {
	nl := len(m.Levels)
	out := make([]float64, len(m.P))
	if nl < 2 {
		for a := range out {
			out[a] = 1
		}
		return out
	}
	second := make([]complex128, len(m.P))
	anyComplex := false
	px := make([]float64, nl)
	py := make([]float64, nl)
	w := mat.NewDense(nl, nl, nil)
	var q mat.Dense
	for a, p := range m.P {
		clear(px)
		clear(py)
		sym := true
		for i := 0; i < nl; i++ {
			for j := 0; j < nl; j++ {
				px[i] += p[i*nl+j]
				py[j] += p[i*nl+j]
				if p[i*nl+j] != p[j*nl+i] {
					sym = false
				}
			}
		}
		// Q = (p∘W) pᵀ with W(i,k) = 1/(px(i)py(k)+ε).
		for i := 0; i < nl; i++ {
			for k := 0; k < nl; k++ {
				w.Set(i, k, p[i*nl+k]/(px[i]*py[k]+eps))
			}
		}
		pm := mat.NewDense(nl, nl, p)
		q.Mul(w, pm.T())
		if sym {
			// For a symmetric GLCM, D^½ Q D^-½ (D = diag(px)) is symmetric up
			// to the ε terms; its symmetric part has the same eigenvalues to
			// second order in ε/(px py), so the symmetric solver applies.
			s := mat.NewSymDense(nl, nil)
			for i := 0; i < nl; i++ {
				for j := i; j < nl; j++ {
					var v1, v2 float64
					if px[j] > 0 && px[i] > 0 {
						r := math.Sqrt(px[i] / px[j])
						v1 = q.At(i, j) * r
						v2 = q.At(j, i) / r
					}
					s.SetSym(i, j, (v1+v2)/2)
				}
			}
			var es mat.EigenSym
			if !es.Factorize(s, false) {
				second[a] = complex(math.NaN(), 0)
				continue
			}
			ev := es.Values(nil)
			sort.Float64s(ev)
			second[a] = complex(ev[len(ev)-2], 0)
			continue
		}
		var e mat.Eigen
		if !e.Factorize(&q, mat.EigenNone) {
			second[a] = complex(math.NaN(), 0)
			continue
		}
		ev := e.Values(nil)
		for _, v := range ev {
			if imag(v) != 0 {
				anyComplex = true
			}
		}
		sort.Slice(ev, func(x, y int) bool {
			if real(ev[x]) != real(ev[y]) {
				return real(ev[x]) < real(ev[y])
			}
			return imag(ev[x]) < imag(ev[y])
		})
		second[a] = ev[len(ev)-2]
	}
	for a, v := range second {
		if anyComplex {
			out[a] = real(cmplx.Sqrt(v))
		} else {
			out[a] = math.Sqrt(real(v))
		}
	}
	return out
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
