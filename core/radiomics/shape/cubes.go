package shape

import (
	"math"
	"sort"
)

// Cube corners in (z, y, x) order, numbered as in PyRadiomics' cshape.c:
// 0..3 on the z=0 face, 4..7 on the z=1 face.
var corners = [8][3]int{{0, 0, 0}, {0, 0, 1}, {0, 1, 1}, {0, 1, 0}, {1, 0, 0}, {1, 0, 1}, {1, 1, 1}, {1, 1, 0}}

// cubeEdges lists the 12 edges as corner pairs.
var cubeEdges = [12][2]int{{0, 1}, {1, 2}, {2, 3}, {3, 0}, {4, 5}, {5, 6}, {6, 7}, {7, 4}, {0, 4}, {1, 5}, {2, 6}, {3, 7}}

// cubeFaces lists the 6 faces as corner rings (consecutive corners share an edge).
// Each ring runs so that every cube edge is traversed in opposite directions
// by its two faces, which lets face segments chain into loops.
var cubeFaces = [6][4]int{{0, 1, 2, 3}, {4, 7, 6, 5}, {1, 0, 4, 5}, {2, 1, 5, 6}, {3, 2, 6, 7}, {0, 3, 7, 4}}

// edgeMid returns the midpoint of edge e in cube coordinates (z, y, x).
func edgeMid(e int) [3]float64 {
	a, b := corners[cubeEdges[e][0]], corners[cubeEdges[e][1]]
	return [3]float64{float64(a[0]+b[0]) / 2, float64(a[1]+b[1]) / 2, float64(a[2]+b[2]) / 2}
}

func edgeOf(a, b int) int {
	for e, c := range cubeEdges {
		if (c[0] == a && c[1] == b) || (c[0] == b && c[1] == a) {
			return e
		}
	}
	return -1
}

// triangles[c] lists the triangles (as edge triples, oriented outward from
// the set corners) of cube configuration c < 128.
var triangles [128][][3]int

func init() {
	for c := 1; c < 128; c++ {
		triangles[c] = buildCase(c)
	}
}

func buildCase(c int) [][3]int {
	in := func(k int) bool { return c&(1<<k) != 0 }
	// Components of the set corners under edge adjacency.
	comp := [8]int{-1, -1, -1, -1, -1, -1, -1, -1}
	nc := 0
	for k := 0; k < 8; k++ {
		if !in(k) || comp[k] >= 0 {
			continue
		}
		stack := []int{k}
		comp[k] = nc
		for len(stack) > 0 {
			u := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for _, e := range cubeEdges {
				for s := 0; s < 2; s++ {
					a, b := e[s], e[1-s]
					if a == u && in(b) && comp[b] < 0 {
						comp[b] = nc
						stack = append(stack, b)
					}
				}
			}
		}
		nc++
	}
	var tris [][3]int
	for ci := 0; ci < nc; ci++ {
		// Segments on each face: for each maximal run of component corners
		// along the face ring, join the cut edges at its two ends.
		next := map[int]int{}
		for _, f := range cubeFaces {
			member := func(i int) bool { return comp[f[(i+4)%4]] == ci }
			for i := 0; i < 4; i++ {
				if !member(i) || member(i-1) {
					continue
				}
				j := i
				for member(j + 1) {
					j++
				}
				start := edgeOf(f[(i+3)%4], f[i])
				end := edgeOf(f[j%4], f[(j+1)%4])
				next[start] = end
			}
		}
		// Chain segments into loops.
		// Loops start from the smallest unused edge, not in map order: the
		// triangle table (and so the summation order of the mesh area and
		// volume) must not change from one process to the next.
		starts := make([]int, 0, len(next))
		for s := range next {
			starts = append(starts, s)
		}
		sort.Ints(starts)
		used := map[int]bool{}
		for _, s := range starts {
			if used[s] {
				continue
			}
			var loop []int
			for e := s; !used[e]; e = next[e] {
				used[e] = true
				loop = append(loop, e)
			}
			var t [][3]int
			if len(loop) == 7 {
				t = heptagonFan(loop, in)
			} else {
				t = triangulate(loop)
			}
			tris = append(tris, orient(t, comp, ci)...)
		}
	}
	return tris
}

// heptagonFan triangulates the 7-edge loop of five set corners whose three
// unset corners are an isolated corner X and an adjacent pair: a fan from the
// midpoint of the edge joining X to its set neighbour that touches neither
// corner of the pair.
func heptagonFan(loop []int, in func(int) bool) [][3]int {
	neigh := func(k int) []int {
		var out []int
		for _, e := range cubeEdges {
			if e[0] == k {
				out = append(out, e[1])
			} else if e[1] == k {
				out = append(out, e[0])
			}
		}
		return out
	}
	apex := -1
	for x := 0; x < 8 && apex < 0; x++ {
		if in(x) {
			continue
		}
		isolated := true
		for _, n := range neigh(x) {
			if !in(n) {
				isolated = false
			}
		}
		if !isolated {
			continue
		}
		for _, n := range neigh(x) {
			touches := false
			for _, m := range neigh(n) {
				if m != x && !in(m) {
					touches = true
				}
			}
			if !touches {
				apex = edgeOf(x, n)
			}
		}
	}
	start := 0
	for i, e := range loop {
		if e == apex {
			start = i
		}
	}
	if apex < 0 {
		return triangulate(loop)
	}
	var out [][3]int
	n := len(loop)
	for k := 1; k < n-1; k++ {
		out = append(out, [3]int{loop[start], loop[(start+k)%n], loop[(start+k+1)%n]})
	}
	return out
}

func sub(a, b [3]float64) [3]float64 { return [3]float64{a[0] - b[0], a[1] - b[1], a[2] - b[2]} }
func cross(a, b [3]float64) [3]float64 {
	return [3]float64{a[1]*b[2] - a[2]*b[1], a[2]*b[0] - a[0]*b[2], a[0]*b[1] - a[1]*b[0]}
}
func dot(a, b [3]float64) float64 { return a[0]*b[0] + a[1]*b[1] + a[2]*b[2] }
func norm(a [3]float64) float64   { return math.Sqrt(dot(a, a)) }

func triArea(a, b, c int) float64 {
	pa, pb, pc := edgeMid(a), edgeMid(b), edgeMid(c)
	return norm(cross(sub(pb, pa), sub(pc, pa))) / 2
}

// triangulate returns the maximum-area triangulation of the loop of edge
// midpoints (dynamic programming over polygon triangulations). For loops of
// up to six midpoints this reproduces the area and enclosed volume of the
// classic marching-cubes case table PyRadiomics uses, configuration by
// configuration (checked against PyRadiomics' output, see the package tests);
// seven-midpoint loops use heptagonFan.
func triangulate(loop []int) [][3]int {
	n := len(loop)
	if n < 3 {
		return nil
	}
	cost := make([][]float64, n)
	split := make([][]int, n)
	for i := range cost {
		cost[i] = make([]float64, n)
		split[i] = make([]int, n)
	}
	for gap := 2; gap < n; gap++ {
		for i := 0; i+gap < n; i++ {
			j := i + gap
			cost[i][j] = math.Inf(-1)
			for k := i + 1; k < j; k++ {
				v := cost[i][k] + cost[k][j] + triArea(loop[i], loop[k], loop[j])
				if v > cost[i][j]+1e-12 {
					cost[i][j] = v
					split[i][j] = k
				}
			}
		}
	}
	var out [][3]int
	var rec func(i, j int)
	rec = func(i, j int) {
		if j-i < 2 {
			return
		}
		k := split[i][j]
		out = append(out, [3]int{loop[i], loop[k], loop[j]})
		rec(i, k)
		rec(k, j)
	}
	rec(0, n-1)
	return out
}

// orient flips triangles so that their normals point away from the
// component's corners.
func orient(tris [][3]int, comp [8]int, ci int) [][3]int {
	var cen [3]float64
	n := 0.0
	for k := 0; k < 8; k++ {
		if comp[k] == ci {
			for d := 0; d < 3; d++ {
				cen[d] += float64(corners[k][d])
			}
			n++
		}
	}
	for d := range cen {
		cen[d] /= n
	}
	// Orientation of the whole loop from its summed normal.
	var total [3]float64
	var pc [3]float64
	m := 0.0
	for _, t := range tris {
		a, b, c := edgeMid(t[0]), edgeMid(t[1]), edgeMid(t[2])
		nn := cross(sub(b, a), sub(c, a))
		for d := 0; d < 3; d++ {
			total[d] += nn[d]
			pc[d] += a[d] + b[d] + c[d]
		}
		m += 3
	}
	for d := range pc {
		pc[d] /= m
	}
	if dot(total, sub(pc, cen)) < 0 {
		for i := range tris {
			tris[i][1], tris[i][2] = tris[i][2], tris[i][1]
		}
	}
	return tris
}
