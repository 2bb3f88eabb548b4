package radiomics

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"radgo/core/radiomics/discretize"
	"radgo/core/radiomics/glcm"
	"radgo/core/radiomics/gldm"
	"radgo/core/radiomics/glrlm"
	"radgo/core/radiomics/glszm"
	"radgo/core/radiomics/ngtdm"
)

// readNPY reads a float64 .npy array, returning its shape and values in C
// order.
func readNPY(path string) ([]int, []float64, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, nil, err
	}
	if len(b) < 10 || string(b[1:6]) != "NUMPY" {
		return nil, nil, fmt.Errorf("%s: not a .npy file", path)
	}
	hl := int(binary.LittleEndian.Uint16(b[8:10]))
	hdr := string(b[10 : 10+hl])
	if !strings.Contains(hdr, "'<f8'") {
		return nil, nil, fmt.Errorf("%s: want <f8, header %s", path, hdr)
	}
	fortran := strings.Contains(hdr, "'fortran_order': True")
	m := regexp.MustCompile(`'shape': \(([^)]*)\)`).FindStringSubmatch(hdr)
	var shape []int
	for _, s := range strings.Split(m[1], ",") {
		if s = strings.TrimSpace(s); s != "" {
			n, _ := strconv.Atoi(s)
			shape = append(shape, n)
		}
	}
	data := b[10+hl:]
	n := len(data) / 8
	raw := make([]float64, n)
	for i := range raw {
		raw[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[8*i:]))
	}
	if !fortran {
		return shape, raw, nil
	}
	// Convert Fortran order to C order.
	out := make([]float64, n)
	idx := make([]int, len(shape))
	for f := 0; f < n; f++ {
		c := 0
		for d := range shape {
			c = c*shape[d] + idx[d]
		}
		out[c] = raw[f]
		for d := 0; d < len(shape); d++ {
			idx[d]++
			if idx[d] < shape[d] {
				break
			}
			idx[d] = 0
		}
	}
	return shape, out, nil
}

func caseRegion(t *testing.T, name string) *discretize.Region {
	t.Helper()
	img, m := cachedCase(t, filepath.Join(refDir0, "data", name+"_image.nrrd"), filepath.Join(refDir0, "data", name+"_label.nrrd"))
	lo, hi, ok := m.Bounds(1)
	if !ok {
		t.Fatal("no label 1")
	}
	bb := box{lo, hi}
	vals := cropValues(img.Voxels, img.Size, bb)
	flags := cropFlags(roiFlags(m, 1), img.Size, bb)
	r, err := discretize.NewRegion(bb.size(), img.Spacing, vals, flags, 25, 0)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

const refDir0 = "testdata/pyradiomics"

// TestMatrices compares radgo's texture matrices with PyRadiomics' .npy
// baselines (default settings, binWidth 25): exact equality is expected for
// counts, 1e-15 relative for the normalised GLCM.
func TestMatrices(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(refDir0, "baseline", "matrices", "*_*.npy"))
	for _, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), ".npy")
		i := strings.LastIndex(base, "_")
		name, class := base[:i], base[i+1:]
		if _, err := os.Stat(filepath.Join(refDir0, "data", name+"_image.nrrd")); err != nil {
			continue
		}
		t.Run(base, func(t *testing.T) {
			shape, want, err := readNPY(f)
			if err != nil {
				t.Fatal(err)
			}
			r := caseRegion(t, name)
			var got []float64
			var gotShape []int
			switch class {
			case "glcm":
				m, err := glcm.Calculate(r, glcm.Settings{})
				if err != nil {
					t.Fatal(err)
				}
				nl := len(m.Levels)
				gotShape = []int{nl, nl, len(m.P)}
				got = make([]float64, nl*nl*len(m.P))
				for a, p := range m.P {
					for k, v := range p {
						got[k*len(m.P)+a] = v
					}
				}
			case "glrlm":
				m, err := glrlm.Calculate(r, glrlm.Settings{})
				if err != nil {
					t.Fatal(err)
				}
				// Drop run lengths absent from every angle, as PyRadiomics does.
				var keep []int
				for j := 0; j < m.Nr; j++ {
					s := 0.0
					for _, p := range m.P {
						for g := range m.Levels {
							s += p[g*m.Nr+j]
						}
					}
					if s > 0 {
						keep = append(keep, j)
					}
				}
				gotShape = []int{len(m.Levels), len(keep), len(m.P)}
				for g := range m.Levels {
					for _, j := range keep {
						for _, p := range m.P {
							got = append(got, p[g*m.Nr+j])
						}
					}
				}
			case "glszm":
				m := glszm.Calculate(r, glszm.Settings{})
				got, gotShape = dropEmptyColumns(m.Dense(), len(m.Levels), m.MaxSize)
			case "gldm":
				m := gldm.Calculate(r, gldm.Settings{})
				got, gotShape = dropEmptyColumns(m.P, len(m.Levels), m.Nd)
			case "ngtdm":
				m := ngtdm.Calculate(r, ngtdm.Settings{})
				gotShape = []int{len(m.Levels), 3}
				for k := range m.Levels {
					got = append(got, m.N[k], m.S[k], m.Levels[k])
				}
			default:
				t.Skipf("no matrix for %s", class)
			}
			if fmt.Sprint(gotShape) != fmt.Sprint(shape) {
				t.Fatalf("shape %v, want %v", gotShape, shape)
			}
			worst := 0.0
			for k := range want {
				d := math.Abs(got[k] - want[k])
				if d > 1e-15*math.Max(1, math.Abs(want[k])) {
					t.Fatalf("element %d: got %v, want %v", k, got[k], want[k])
				}
				worst = math.Max(worst, d)
			}
			t.Logf("%v equal (max abs diff %g)", shape, worst)
		})
	}
}

func dropEmptyColumns(p []float64, rows, cols int) ([]float64, []int) {
	var keep []int
	for j := 0; j < cols; j++ {
		s := 0.0
		for i := 0; i < rows; i++ {
			s += p[i*cols+j]
		}
		if s > 0 {
			keep = append(keep, j)
		}
	}
	var out []float64
	for i := 0; i < rows; i++ {
		for _, j := range keep {
			out = append(out, p[i*cols+j])
		}
	}
	return out, []int{rows, len(keep)}
}
