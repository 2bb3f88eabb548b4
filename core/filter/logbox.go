package filter

import (
	"fmt"

	"radgo/core/volume"
)

// LoGBox returns [LoG] restricted to the inclusive index box [lo, hi], with
// the box's geometry. The values are those of LoG(img, sigma) cropped to
// the box, bit for bit: every recursive pass still runs over whole image
// lines (the filters are infinite-impulse-response, so cropping first would
// change them), but each pass keeps only the part later passes read. The
// first pass of each axis reads the whole image; memory is proportional to
// the box times one cross-section of the image, not to the image.
func LoGBox(img *volume.Volume, lo, hi [3]int, sigma float64) (*volume.Volume, error) {
	if err := checkLoG(img, sigma); err != nil {
		return nil, err
	}
	n := img.Size
	var bsize [3]int
	for a := 0; a < 3; a++ {
		if lo[a] < 0 || hi[a] >= n[a] || lo[a] > hi[a] {
			return nil, fmt.Errorf("filter: box %v–%v outside image of size %v", lo, hi, n)
		}
		bsize[a] = hi[a] - lo[a] + 1
	}
	maxLen := max(n[0], n[1], n[2])
	line := &iirScratch{inps: make([]float64, maxLen), outs: make([]float64, maxLen), scratch: make([]float64, maxLen)}
	cum := make([]float32, bsize[0]*bsize[1]*bsize[2])
	whole := subArray{size: n}
	for d := 0; d < 3; d++ {
		// Pass along d over the whole image, keep d inside the box.
		s1 := whole.restrict(d, lo[d], bsize[d])
		a1 := make([]float32, s1.len())
		iirBoxPass(a1, s1, img.Voxels, whole, d, recursiveGaussian(sigma, img.Spacing[d], 2), line)
		src, cur := a1, s1
		for a := 0; a < 3; a++ {
			if a == d {
				continue
			}
			next := cur.restrict(a, lo[a], bsize[a])
			dst := make([]float32, next.len())
			iirBoxPass(dst, next, src, cur, a, recursiveGaussian(sigma, img.Spacing[a], 0), line)
			src, cur = dst, next
		}
		scale := 1.0 / (img.Spacing[d] * img.Spacing[d])
		for i := range cum {
			cum[i] = float32(float64(cum[i]) + float64(float64(src[i])*scale))
		}
	}
	g := img.Geometry
	g.Origin = img.Point(float64(lo[0]), float64(lo[1]), float64(lo[2]))
	out := volume.New(bsize, g)
	for i, x := range cum {
		out.Voxels[i] = float64(x)
	}
	return out, nil
}

// subArray is a box [lo, lo+size) of the image grid stored densely, i fastest.
type subArray struct{ lo, size [3]int }

func (s subArray) len() int { return s.size[0] * s.size[1] * s.size[2] }

func (s subArray) restrict(a, lo, n int) subArray {
	s.lo[a], s.size[a] = lo, n
	return s
}

// iirBoxPass filters every line along axis a of src (which spans the whole
// axis) and stores the part of each line inside dst (same extent as src on
// the other axes). Lines along y or z are processed in groups of adjacent
// x positions, gathered row by row, so memory is read contiguously.
func iirBoxPass[S float32 | float64](dstData []float32, dst subArray, srcData []S, src subArray, a int, c iirCoeffs, s *iirScratch) {
	ln := src.size[a]
	const group = 32
	if len(s.block) < 3*group*ln {
		s.block = make([]float64, 3*group*ln)
	}
	blk, outs, scr := s.block[:group*ln], s.block[group*ln:2*group*ln], s.block[2*group*ln:3*group*ln]
	sstride := [3]int{1, src.size[0], src.size[0] * src.size[1]}
	dstride := [3]int{1, dst.size[0], dst.size[0] * dst.size[1]}
	off := dst.lo[a] - src.lo[a]
	// Lanes run along axis l: x for lines along y or z, y for lines along x.
	l, b := 0, 3-a
	if a == 0 {
		l, b = 1, 2
	}
	for q := 0; q < src.size[b]; q++ {
		for p0 := 0; p0 < src.size[l]; p0 += group {
			g := min(group, src.size[l]-p0)
			sbase := q*sstride[b] + p0*sstride[l]
			for t := 0; t < ln; t++ {
				for i := 0; i < g; i++ {
					blk[t*g+i] = float64(srcData[sbase+t*sstride[a]+i*sstride[l]])
				}
			}
			c.filterLanes(outs, blk, scr, ln, g)
			dbase := q*dstride[b] + p0*dstride[l]
			for t := 0; t < dst.size[a]; t++ {
				for i := 0; i < g; i++ {
					dstData[dbase+t*dstride[a]+i*dstride[l]] = float32(outs[(off+t)*g+i])
				}
			}
		}
	}
}
