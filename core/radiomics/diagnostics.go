package radiomics

import (
	"crypto/sha1"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"

	"radgo/core/volume"
)

// imageDiagnostics adds the diagnostics_Image-original_* entries that do not
// depend on the stored pixel type (the hash does; see PixelType).
func imageDiagnostics(r *Result, img *volume.Volume) {
	dim := "3D"
	if img.Size[2] == 1 {
		dim = "2D"
	}
	sum := 0.0
	mn, mx := img.Voxels[0], img.Voxels[0]
	for _, v := range img.Voxels {
		sum += v
		mn = min(mn, v)
		mx = max(mx, v)
	}
	r.addDiag("diagnostics_Image-original_Dimensionality", dim)
	r.addDiag("diagnostics_Image-original_Spacing", fmtTuple(img.Spacing[:]))
	r.addDiag("diagnostics_Image-original_Size", fmtIntTuple(img.Size[:]))
	r.addDiag("diagnostics_Image-original_Mean", pyRepr(sum/float64(len(img.Voxels))))
	r.addDiag("diagnostics_Image-original_Minimum", pyRepr(mn))
	r.addDiag("diagnostics_Image-original_Maximum", pyRepr(mx))
}

// maskDiagnostics adds the diagnostics_Mask-original_* entries.
func maskDiagnostics(r *Result, m *volume.Mask, label uint8, lo, hi [3]int) {
	h := sha1.New()
	const chunk = 1 << 13 // hash uint32 labels in chunks: same digest, no 4-byte-per-voxel copy
	buf := make([]byte, 4*min(chunk, len(m.Labels)))
	for ls := m.Labels; len(ls) > 0; {
		part := ls[:min(chunk, len(ls))]
		ls = ls[len(part):]
		for i, l := range part {
			binary.LittleEndian.PutUint32(buf[4*i:], uint32(l))
		}
		h.Write(buf[:4*len(part)])
	}
	r.addDiag("diagnostics_Mask-original_Hash", hex.EncodeToString(h.Sum(nil)))
	r.addDiag("diagnostics_Mask-original_Spacing", fmtTuple(m.Spacing[:]))
	r.addDiag("diagnostics_Mask-original_Size", fmtIntTuple(m.Size[:]))
	r.addDiag("diagnostics_Mask-original_BoundingBox", fmtIntTuple([]int{lo[0], lo[1], lo[2], hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1}))
	n := 0
	var c [3]float64
	for k := lo[2]; k <= hi[2]; k++ {
		for j := lo[1]; j <= hi[1]; j++ {
			for i := lo[0]; i <= hi[0]; i++ {
				if m.Labels[m.Offset(i, j, k)] == label {
					n++
					c[0] += float64(i)
					c[1] += float64(j)
					c[2] += float64(k)
				}
			}
		}
	}
	for a := range c {
		c[a] /= float64(n)
	}
	r.addDiag("diagnostics_Mask-original_VoxelNum", fmt.Sprint(n))
	r.addDiag("diagnostics_Mask-original_VolumeNum", fmt.Sprint(components(m, label, lo, hi)))
	r.addDiag("diagnostics_Mask-original_CenterOfMassIndex", fmtTuple(c[:]))
	p := m.Point(c[0], c[1], c[2])
	r.addDiag("diagnostics_Mask-original_CenterOfMass", fmtTuple(p[:]))
}

// components counts the connected components of the label with
// 26-connectivity (what PyRadiomics' VolumeNum reports: the prostate
// phantom's label 1 has 168 voxels in 55 components, none sharing a face).
func components(m *volume.Mask, label uint8, lo, hi [3]int) int {
	sz := [3]int{hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1}
	// Flood fill on the bounding box padded by one voxel of zeros: a voxel
	// is 1 while it holds the label and is not yet visited, so no bounds
	// tests are needed and the neighbour test is branch-free (as in glszm).
	px, py := sz[0]+2, sz[1]+2
	grid := make([]uint8, px*py*(sz[2]+2))
	var fg []int32
	for k := 0; k < sz[2]; k++ {
		for j := 0; j < sz[1]; j++ {
			src := m.Labels[m.Offset(lo[0], lo[1]+j, lo[2]+k):][:sz[0]]
			row := ((k+1)*py+j+1)*px + 1
			for i, l := range src {
				if l == label {
					grid[row+i] = 1
					fg = append(fg, int32(row+i))
				}
			}
		}
	}
	offs := make([]int, 0, len(neighbours26))
	for _, d := range neighbours26 {
		offs = append(offs, (d[2]*py+d[1])*px+d[0])
	}
	stack := make([]int32, len(fg)+len(offs)+1)
	n := 0
	for _, s := range fg {
		if grid[s] == 0 {
			continue
		}
		n++
		grid[s] = 0
		stack[0] = s
		top := 1
		for top > 0 {
			top--
			p := int(stack[top])
			for _, off := range offs {
				q := p + off
				v := grid[q]
				grid[q] = 0
				stack[top] = int32(q)
				top += int(v)
			}
		}
	}
	return n
}

// settingsString prints the settings as PyRadiomics' diagnostics dict.
func (e *Extractor) settingsString() string {
	s := e.Settings
	none := func(ok bool, v string) string {
		if !ok {
			return "None"
		}
		return v
	}
	b := func(v bool) string {
		if v {
			return "True"
		}
		return "False"
	}
	ints := func(v []int) string {
		p := make([]string, len(v))
		for i, x := range v {
			p[i] = fmt.Sprint(x)
		}
		return "[" + strings.Join(p, ", ") + "]"
	}
	floats := func(v []float64) string {
		p := make([]string, len(v))
		for i, x := range v {
			p[i] = pyRepr(x)
		}
		return "[" + strings.Join(p, ", ") + "]"
	}
	parts := []string{
		"'minimumROIDimensions': " + fmt.Sprint(s.MinimumROIDimensions),
		"'minimumROISize': " + none(s.MinimumROISize > 0, fmt.Sprint(s.MinimumROISize)),
		"'normalize': " + b(s.Normalize),
		"'normalizeScale': " + pyNum(s.NormalizeScale),
		"'removeOutliers': " + none(s.RemoveOutliers > 0, pyNum(s.RemoveOutliers)),
		"'resampledPixelSpacing': " + none(len(s.ResampledPixelSpacing) > 0, floats(s.ResampledPixelSpacing)),
		"'interpolator': '" + s.Interpolator + "'",
		"'preCrop': " + b(s.PreCrop),
		"'padDistance': " + fmt.Sprint(s.PadDistance),
		"'distances': " + ints(s.Distances),
		"'force2D': " + b(s.Force2D),
		"'force2Ddimension': " + fmt.Sprint(s.Force2DDimension),
		"'resegmentRange': " + none(len(s.ResegmentRange) > 0, floats(s.ResegmentRange)),
		"'label': " + fmt.Sprint(s.Label),
		"'additionalInfo': " + b(s.AdditionalInfo),
		"'binWidth': " + pyNum(s.BinWidth),
	}
	if s.BinCount > 0 {
		parts = append(parts, "'binCount': "+fmt.Sprint(s.BinCount))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

// pyNum prints an integral value as a Python int, others as floats.
func pyNum(v float64) string {
	if v == float64(int64(v)) {
		return fmt.Sprint(int64(v))
	}
	return pyRepr(v)
}

func (e *Extractor) imageTypesString() string {
	var parts []string
	for _, t := range e.ImageTypes {
		keys := make([]string, 0, len(t.Settings))
		for k := range t.Settings {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var kv []string
		for _, k := range keys {
			kv = append(kv, fmt.Sprintf("'%s': %v", k, t.Settings[k]))
		}
		parts = append(parts, fmt.Sprintf("'%s': {%s}", t.Name, strings.Join(kv, ", ")))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

var neighbours26 = func() (out [][3]int) {
	for dz := -1; dz <= 1; dz++ {
		for dy := -1; dy <= 1; dy++ {
			for dx := -1; dx <= 1; dx++ {
				if dx != 0 || dy != 0 || dz != 0 {
					out = append(out, [3]int{dx, dy, dz})
				}
			}
		}
	}
	return out
}()
