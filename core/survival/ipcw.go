package survival

import "sort"

// stepFn is a right-continuous step function: value[k] on [time[k], time[k+1]),
// 1 before time[0].
type stepFn struct {
	time, value []float64
}

// at returns the value at t.
func (s stepFn) at(t float64) float64 {
	k := sort.Search(len(s.time), func(i int) bool { return s.time[i] > t })
	if k == 0 {
		return 1
	}
	return s.value[k-1]
}

// leftAt returns the left limit at t (the value just before t).
func (s stepFn) leftAt(t float64) float64 {
	k := sort.SearchFloat64s(s.time, t) // first time >= t
	if k == 0 {
		return 1
	}
	return s.value[k-1]
}

// censoringKM is the reverse Kaplan–Meier estimate G of the censoring
// survival function as prodlim computes it for pec::ipcw(method =
// "marginal"): at tied times events come before censorings, so
// G(t) = prod_{s<=t} (1 - c_s/(r_s - d_s)) with r_s = #{T >= s}, d_s the
// events and c_s the censorings at s.
func censoringKM(d Data) stepFn {
	n := d.Len()
	ord := make([]int, n)
	for i := range ord {
		ord[i] = i
	}
	sort.Slice(ord, func(a, b int) bool { return d.Time[ord[a]] < d.Time[ord[b]] })
	var g stepFn
	cur := 1.0
	for a := 0; a < n; {
		t := d.Time[ord[a]]
		b := a
		ev, ce := 0, 0
		for ; b < n && d.Time[ord[b]] == t; b++ {
			if d.Event[ord[b]] {
				ev++
			} else {
				ce++
			}
		}
		r := n - a
		if ce > 0 {
			cur *= 1 - float64(ce)/float64(r-ev)
		}
		g.time = append(g.time, t)
		g.value = append(g.value, cur)
		a = b
	}
	return g
}
