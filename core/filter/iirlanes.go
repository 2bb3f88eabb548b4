package filter

// filterLanes runs filterLine on g independent lines at once. Element t of
// lane i is at index t*g+i of data, outs and scr (each of length ln*g);
// interleaving the lanes lets the processor overlap their recursions. The
// arithmetic per lane is exactly filterLine's.
func (c *iirCoeffs) filterLanes(outs, data, scr []float64, ln, g int) {
	at := func(t int) int { return t * g }
	// causal
	for i := 0; i < g; i++ {
		v1 := data[i]
		d1, d2, d3 := data[at(1)+i], data[at(2)+i], data[at(3)+i]
		s0 := ema(v1, c.n0, v1, c.n1, v1, c.n2, v1, c.n3)
		s1 := ema(d1, c.n0, v1, c.n1, v1, c.n2, v1, c.n3)
		s2 := ema(d2, c.n0, d1, c.n1, v1, c.n2, v1, c.n3)
		s3 := ema(d3, c.n0, d2, c.n1, d1, c.n2, v1, c.n3)
		s0 -= ema(v1, c.bn1, v1, c.bn2, v1, c.bn3, v1, c.bn4)
		s1 -= ema(s0, c.d1, v1, c.bn2, v1, c.bn3, v1, c.bn4)
		s2 -= ema(s1, c.d1, s0, c.d2, v1, c.bn3, v1, c.bn4)
		s3 -= ema(s2, c.d1, s1, c.d2, s0, c.d3, v1, c.bn4)
		outs[i], outs[at(1)+i], outs[at(2)+i], outs[at(3)+i] = s0, s1, s2, s3
	}
	for t := 4; t < ln; t++ {
		o, o1, o2, o3, o4 := outs[at(t):at(t)+g], outs[at(t-1):at(t-1)+g], outs[at(t-2):at(t-2)+g], outs[at(t-3):at(t-3)+g], outs[at(t-4):at(t-4)+g]
		x, x1, x2, x3 := data[at(t):at(t)+g], data[at(t-1):at(t-1)+g], data[at(t-2):at(t-2)+g], data[at(t-3):at(t-3)+g]
		for i := range o {
			v := ema(x[i], c.n0, x1[i], c.n1, x2[i], c.n2, x3[i], c.n3)
			v -= ema(o1[i], c.d1, o2[i], c.d2, o3[i], c.d3, o4[i], c.d4)
			o[i] = v
		}
	}
	// anticausal
	e := ln - 1
	for i := 0; i < g; i++ {
		v2 := data[at(e)+i]
		de, de1, de2 := data[at(e)+i], data[at(e-1)+i], data[at(e-2)+i]
		s1 := ema(v2, c.m1, v2, c.m2, v2, c.m3, v2, c.m4)
		s2 := ema(de, c.m1, v2, c.m2, v2, c.m3, v2, c.m4)
		s3 := ema(de1, c.m1, de, c.m2, v2, c.m3, v2, c.m4)
		s4 := ema(de2, c.m1, de1, c.m2, de, c.m3, v2, c.m4)
		s1 -= ema(v2, c.bm1, v2, c.bm2, v2, c.bm3, v2, c.bm4)
		s2 -= ema(s1, c.d1, v2, c.bm2, v2, c.bm3, v2, c.bm4)
		s3 -= ema(s2, c.d1, s1, c.d2, v2, c.bm3, v2, c.bm4)
		s4 -= ema(s3, c.d1, s2, c.d2, s1, c.d3, v2, c.bm4)
		scr[at(e)+i], scr[at(e-1)+i], scr[at(e-2)+i], scr[at(e-3)+i] = s1, s2, s3, s4
	}
	for t := ln - 4; t > 0; t-- {
		o := scr[at(t-1) : at(t-1)+g]
		p1, p2, p3, p4 := scr[at(t):at(t)+g], scr[at(t+1):at(t+1)+g], scr[at(t+2):at(t+2)+g], scr[at(t+3):at(t+3)+g]
		x, x1, x2, x3 := data[at(t):at(t)+g], data[at(t+1):at(t+1)+g], data[at(t+2):at(t+2)+g], data[at(t+3):at(t+3)+g]
		for i := range o {
			v := ema(x[i], c.m1, x1[i], c.m2, x2[i], c.m3, x3[i], c.m4)
			v -= ema(p1[i], c.d1, p2[i], c.d2, p3[i], c.d3, p4[i], c.d4)
			o[i] = v
		}
	}
	for i := range outs[:ln*g] {
		outs[i] += scr[i]
	}
}
