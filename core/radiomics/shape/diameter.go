package shape

import (
	"math"
	"sort"
)

// diameters returns the squared-then-rooted largest distances between
// vertices: [0] within equal z, [1] within equal y, [2] within equal x,
// [3] over all pairs (PyRadiomics calculate_meshDiameter).
func diameters(v [][3]float64) [4]float64 {
	var out [4]float64
	if len(v) < 2 {
		return out
	}
	ext := extremes(v)
	cand := pick(v, ext, 0, 1, 2)
	// 3-D: compare extreme vertices only, in order of decreasing distance
	// from their centroid c: |a-b| <= |a-c| + |b-c|, so once that bound
	// cannot beat the best distance found the remaining pairs are skipped.
	var c [3]float64
	for _, p := range cand {
		for d := 0; d < 3; d++ {
			c[d] += p[d]
		}
	}
	for d := range c {
		c[d] /= float64(len(cand))
	}
	type rp struct {
		p [3]float64
		r float64
	}
	pts := make([]rp, len(cand))
	for i, p := range cand {
		d0, d1, d2 := p[0]-c[0], p[1]-c[1], p[2]-c[2]
		pts[i] = rp{p, math.Sqrt(d0*d0 + d1*d1 + d2*d2)}
	}
	sort.Slice(pts, func(i, j int) bool { return pts[i].r > pts[j].r })
	best := 0.0
	bestD := 0.0 // sqrt(best), padded for rounding
	for i := range pts {
		a := pts[i]
		if i+1 < len(pts) && a.r+pts[i+1].r < bestD {
			break
		}
		for j := i + 1; j < len(pts); j++ {
			b := pts[j]
			if a.r+b.r < bestD {
				break
			}
			d0, d1, d2 := a.p[0]-b.p[0], a.p[1]-b.p[1], a.p[2]-b.p[2]
			if d := d0*d0 + d1*d1 + d2*d2; d > best {
				best = d
				bestD = math.Sqrt(best) * (1 - 1e-12)
			}
		}
	}
	out[3] = math.Sqrt(best)
	// 2-D: per plane of constant coordinate k, convex hull of the plane's vertices.
	for k := 0; k < 3; k++ {
		planes := map[float64][][2]float64{}
		u, w := (k+1)%3, (k+2)%3
		if u > w {
			u, w = w, u
		}
		for _, p := range pick(v, ext, u, w, -1) {
			planes[p[k]] = append(planes[p[k]], [2]float64{p[u], p[w]})
		}
		m := 0.0
		for _, pts := range planes {
			h := hull(pts)
			for i := range h {
				for j := i + 1; j < len(h); j++ {
					d0, d1 := h[i][0]-h[j][0], h[i][1]-h[j][1]
					if d := d0*d0 + d1*d1; d > m {
						m = d
					}
				}
			}
		}
		out[k] = math.Sqrt(m)
	}
	return out
}

// pick returns the vertices extreme along each of the given axes (-1 to skip).
func pick(v [][3]float64, ext [3][]bool, axes ...int) [][3]float64 {
	var out [][3]float64
	for i, p := range v {
		ok := true
		for _, k := range axes {
			if k >= 0 && !ext[k][i] {
				ok = false
			}
		}
		if ok {
			out = append(out, p)
		}
	}
	return out
}

// extremes flags, per axis, the vertices that are first or last on their
// grid line parallel to that axis: any other vertex lies strictly inside a
// segment between two vertices of the line, so it can be neither an end of
// a diameter nor a hull vertex of a plane containing the line.
func extremes(v [][3]float64) [3][]bool {
	var keep [3][]bool
	for k := 0; k < 3; k++ {
		u, w := (k+1)%3, (k+2)%3
		type key struct{ a, b float64 }
		lo := map[key]int{}
		hi := map[key]int{}
		for i, p := range v {
			kk := key{p[u], p[w]}
			if j, ok := lo[kk]; !ok || p[k] < v[j][k] {
				lo[kk] = i
			}
			if j, ok := hi[kk]; !ok || p[k] > v[j][k] {
				hi[kk] = i
			}
		}
		ext := make([]bool, len(v))
		for _, i := range lo {
			ext[i] = true
		}
		for _, i := range hi {
			ext[i] = true
		}
		keep[k] = ext
	}
	return keep
}

// hull returns the convex hull vertices of pts (Andrew's monotone chain),
// keeping collinear boundary points out.
func hull(pts [][2]float64) [][2]float64 {
	if len(pts) < 3 {
		return pts
	}
	p := append([][2]float64(nil), pts...)
	sort.Slice(p, func(i, j int) bool {
		if p[i][0] != p[j][0] {
			return p[i][0] < p[j][0]
		}
		return p[i][1] < p[j][1]
	})
	cross := func(o, a, b [2]float64) float64 {
		return (a[0]-o[0])*(b[1]-o[1]) - (a[1]-o[1])*(b[0]-o[0])
	}
	h := make([][2]float64, 0, 2*len(p))
	for _, q := range p {
		for len(h) >= 2 && cross(h[len(h)-2], h[len(h)-1], q) <= 0 {
			h = h[:len(h)-1]
		}
		h = append(h, q)
	}
	t := len(h) + 1
	for i := len(p) - 2; i >= 0; i-- {
		q := p[i]
		for len(h) >= t && cross(h[len(h)-2], h[len(h)-1], q) <= 0 {
			h = h[:len(h)-1]
		}
		h = append(h, q)
	}
	return h[:len(h)-1]
}
