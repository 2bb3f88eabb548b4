package discretize

import (
	"fmt"
	"sort"
)

// Region is a box of voxels around a region of interest with a discrete grey
// level per voxel. The voxel (x, y, z) of the box is at index
// (z*Size[1]+y)*Size[0]+x; Level is 0 outside the ROI and 1..Ng inside.
type Region struct {
	Size    [3]int     // box size along x, y, z
	Spacing [3]float64 // voxel spacing along x, y, z in mm
	Level   []int32    // discretised level per voxel of the box, 0 outside the ROI
	Ng      int        // highest level present (PyRadiomics coefficient Ng)
	Levels  []int      // levels present in the ROI, increasing (PyRadiomics grayLevels)
	Count   int        // number of ROI voxels
	Edges   []float64  // bin edges used

	// Pad holds the levels on the box grown by Margin voxels on every side:
	// -1 in the margin, 0 outside the ROI, 1..Ng inside. Neighbour loops
	// index it without bounds checks (offsets up to Margin).
	Pad     []int32
	PadSize [3]int
	Margin  int
	// ROI holds the Pad indices of the ROI voxels, in voxel order.
	ROI []int32
}

// Stride returns the index step in Pad of offset o.
func (r *Region) Stride(o Offset) int {
	return o[0] + o[1]*r.PadSize[0] + o[2]*r.PadSize[0]*r.PadSize[1]
}

// SetMargin rebuilds Pad with margin m (at least 1).
func (r *Region) SetMargin(m int) {
	if m < 1 {
		m = 1
	}
	if m == r.Margin && r.Pad != nil {
		return
	}
	r.Margin = m
	ps := [3]int{r.Size[0] + 2*m, r.Size[1] + 2*m, r.Size[2] + 2*m}
	r.PadSize = ps
	if cap(r.Pad) >= ps[0]*ps[1]*ps[2] {
		r.Pad = r.Pad[:ps[0]*ps[1]*ps[2]]
	} else {
		r.Pad = make([]int32, ps[0]*ps[1]*ps[2])
	}
	for i := range r.Pad {
		r.Pad[i] = -1
	}
	for z := 0; z < r.Size[2]; z++ {
		for y := 0; y < r.Size[1]; y++ {
			src := (z*r.Size[1] + y) * r.Size[0]
			dst := ((z+m)*ps[1]+y+m)*ps[0] + m
			copy(r.Pad[dst:dst+r.Size[0]], r.Level[src:src+r.Size[0]])
		}
	}
	r.ROI = r.ROI[:0]
	for i, l := range r.Pad {
		if l > 0 {
			r.ROI = append(r.ROI, int32(i))
		}
	}
}

// NewRegion discretises the values of the ROI voxels of a box. values and
// inROI have one element per box voxel.
func NewRegion(size [3]int, spacing [3]float64, values []float64, inROI []bool, binWidth float64, binCount int) (*Region, error) {
	n := size[0] * size[1] * size[2]
	if len(values) != n || len(inROI) != n {
		panic(fmt.Sprintf("discretize: box %v has %d voxels, got %d values and %d mask entries", size, n, len(values), len(inROI)))
	}
	roi := make([]float64, 0, n)
	for i, in := range inROI {
		if in {
			roi = append(roi, values[i])
		}
	}
	edges, err := Edges(roi, binWidth, binCount)
	if err != nil {
		return nil, err
	}
	r := &Region{Size: size, Spacing: spacing, Level: make([]int32, n), Count: len(roi), Edges: edges}
	present := make([]bool, len(edges)+1)
	for i, in := range inROI {
		if !in {
			continue
		}
		l := int32(Digitize(values[i], edges))
		r.Level[i] = l
		present[l] = true
	}
	for l, ok := range present {
		if ok {
			r.Levels = append(r.Levels, l)
		}
	}
	sort.Ints(r.Levels)
	r.Ng = r.Levels[len(r.Levels)-1]
	r.SetMargin(1)
	return r, nil
}

// Offset is a neighbour direction in voxels along x, y and z.
type Offset [3]int

// Angles returns PyRadiomics' neighbour offsets (radiomics/src/cmatrices.c
// build_angles) for a box of the given size: every offset whose largest
// component in absolute value is one of distances, generated with z varying
// slowest and from +max to -max, skipping offsets that move along the
// excluded dimension (force2DDim, numpy axis order z=0, y=1, x=2; -1 for none)
// or that are at least as long as the box. Without bidirectional only the
// first half (one direction per angle) is returned.
func Angles(size [3]int, distances []int, bidirectional bool, force2DDim int) []Offset {
	maxd := 0
	for _, d := range distances {
		if d > maxd {
			maxd = d
		}
	}
	if maxd < 1 {
		return nil
	}
	// Size in numpy axis order.
	zyx := [3]int{size[2], size[1], size[0]}
	var all []Offset
	n := 2*maxd + 1
	total := n * n * n
	for idx := 0; idx < total; idx++ {
		var o [3]int // z, y, x
		o[0] = maxd - (idx/(n*n))%n
		o[1] = maxd - (idx/n)%n
		o[2] = maxd - idx%n
		valid := true
		dist := 0
		for d := 0; d < 3; d++ {
			if (d == force2DDim && o[d] != 0) || o[d] >= zyx[d] || o[d] <= -zyx[d] {
				valid = false
				break
			}
			if a := abs(o[d]); a > dist {
				dist = a
			}
		}
		if !valid || dist == 0 {
			continue
		}
		wanted := false
		for _, d := range distances {
			if d == dist {
				wanted = true
			}
		}
		if wanted {
			all = append(all, Offset{o[2], o[1], o[0]})
		}
	}
	if !bidirectional {
		all = all[:len(all)/2]
	}
	return all
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
