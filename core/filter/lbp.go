package filter

import (
	"fmt"
	"math"

	"radgo/core/volume"
)

// LBP2DSettings configures [LBP2D]; the zero value is PyRadiomics' default.
type LBP2DSettings struct {
	// Radius is lbp2DRadius; 0 means 1. As in scikit-image it is used at
	// float32 precision.
	Radius float64
	// Samples is lbp2DSamples, the number of neighbours P; 0 means 8.
	Samples int
	// Method is lbp2DMethod: "uniform" (default when ""), "default",
	// "ror", "nri_uniform" or "var".
	Method string
	// Dimension is force2Ddimension, the axis across which slices are
	// taken (numpy order: 0 = z, slices in the x-y plane; 1 = y; 2 = x).
	Dimension int
	// Integer says the image's stored pixel type is an integer type:
	// PyRadiomics writes the LBP values back into the image array, so they
	// are truncated toward zero (only "var" yields fractions).
	Integer bool
}

// LBP2D returns PyRadiomics' "lbp-2D" image: skimage.feature.
// local_binary_pattern (scikit-image 0.19 _local_binary_pattern) applied
// slice by slice. Neighbour k sits at (row, col) offsets
// round(-R·sin(2πk/P), 5), round(R·cos(2πk/P), 5), bilinearly interpolated
// with 0 outside the slice; bit k is set when neighbour >= centre.
func LBP2D(img *volume.Volume, s LBP2DSettings) (*volume.Volume, error) {
	if err := checkVolume(img); err != nil {
		return nil, err
	}
	P := s.Samples
	if P == 0 {
		P = 8
	}
	if P < 1 || P > 30 {
		return nil, fmt.Errorf("filter: lbp2DSamples %d outside 1..30", P)
	}
	R := s.Radius
	if R == 0 {
		R = 1
	}
	R = float64(float32(R))
	method := s.Method
	if method == "" {
		method = "uniform"
	}
	switch method {
	case "uniform", "default", "ror", "nri_uniform", "var":
	default:
		return nil, fmt.Errorf("filter: lbp2DMethod %q is not uniform, default, ror, nri_uniform or var", s.Method)
	}
	if s.Dimension < 0 || s.Dimension > 2 {
		return nil, fmt.Errorf("filter: force2Ddimension %d is not 0, 1 or 2", s.Dimension)
	}
	rp := make([]float64, P)
	cp := make([]float64, P)
	for k := 0; k < P; k++ {
		a := 2 * math.Pi * float64(k) / float64(P)
		rp[k] = math.RoundToEven(-R*math.Sin(a)*1e5) / 1e5
		cp[k] = math.RoundToEven(R*math.Cos(a)*1e5) / 1e5
	}
	// Slice axes in volume order (0 = i): the 2-D array is rows × cols.
	n := img.Size
	stride := [3]int{1, n[0], n[0] * n[1]}
	var sliceAx, rowAx, colAx int
	switch s.Dimension {
	case 0: // slices along z: rows y, cols x
		sliceAx, rowAx, colAx = 2, 1, 0
	case 1: // swapaxes(0, 1): (y, z, x), rows z, cols x
		sliceAx, rowAx, colAx = 1, 2, 0
	case 2: // swapaxes(0, 2): (x, y, z), rows y, cols z
		sliceAx, rowAx, colAx = 0, 1, 2
	}
	rows, cols := n[rowAx], n[colAx]
	sl := make([]float64, rows*cols)
	tex := make([]float64, P)
	bits := make([]int, P)
	out := like(img)
	for q := 0; q < n[sliceAx]; q++ {
		base := q * stride[sliceAx]
		for r := 0; r < rows; r++ {
			for c := 0; c < cols; c++ {
				sl[r*cols+c] = img.Voxels[base+r*stride[rowAx]+c*stride[colAx]]
			}
		}
		pix := func(r, c int) float64 {
			if r < 0 || r >= rows || c < 0 || c >= cols {
				return 0
			}
			return sl[r*cols+c]
		}
		for r := 0; r < rows; r++ {
			for c := 0; c < cols; c++ {
				centre := sl[r*cols+c]
				for k := 0; k < P; k++ {
					y, x := float64(r)+rp[k], float64(c)+cp[k]
					minr, minc := int(math.Floor(y)), int(math.Floor(x))
					maxr, maxc := int(math.Ceil(y)), int(math.Ceil(x))
					dr, dc := y-float64(minr), x-float64(minc)
					top := float64((1-dc)*pix(minr, minc)) + float64(dc*pix(minr, maxc))
					bottom := float64((1-dc)*pix(maxr, minc)) + float64(dc*pix(maxr, maxc))
					tex[k] = float64((1-dr)*top) + float64(dr*bottom)
					if tex[k]-centre >= 0 {
						bits[k] = 1
					} else {
						bits[k] = 0
					}
				}
				v := lbpCode(method, tex, bits)
				if s.Integer && !math.IsNaN(v) {
					v = math.Trunc(v)
				}
				out.Voxels[base+r*stride[rowAx]+c*stride[colAx]] = v
			}
		}
	}
	return out, nil
}

func lbpCode(method string, tex []float64, bits []int) float64 {
	P := len(bits)
	switch method {
	case "var":
		sum, sq := 0.0, 0.0
		for _, t := range tex {
			sum += t
			sq += t * t
		}
		v := (sq - (sum*sum)/float64(P)) / float64(P)
		if v == 0 {
			return math.NaN()
		}
		return v
	case "uniform", "nri_uniform":
		changes := 0
		for i := 0; i < P-1; i++ {
			if bits[i] != bits[i+1] {
				changes++
			}
		}
		if method == "uniform" {
			if changes > 2 {
				return float64(P + 1)
			}
			ones := 0
			for _, b := range bits {
				ones += b
			}
			return float64(ones)
		}
		if changes > 2 {
			return float64(P*(P-1) + 2)
		}
		ones, firstOne, firstZero := 0, -1, -1
		for i, b := range bits {
			if b == 1 {
				ones++
				if firstOne == -1 {
					firstOne = i
				}
			} else if firstZero == -1 {
				firstZero = i
			}
		}
		switch ones {
		case 0:
			return 0
		case P:
			return float64(P*(P-1) + 1)
		}
		rot := P - firstOne
		if firstOne == 0 {
			rot = ones - firstZero
		}
		return float64(1 + (ones-1)*P + rot)
	}
	code := 0
	for i, b := range bits {
		code += b << i
	}
	if method == "ror" {
		best := code
		for i := 1; i < P; i++ {
			code = (code >> 1) | ((code & 1) << (P - 1))
			best = min(best, code)
		}
		code = best
	}
	return float64(code)
}
