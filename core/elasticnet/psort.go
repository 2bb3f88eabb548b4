package elasticnet

// psort7 returns the permutation that sorts v increasingly, computed by
// glmnet's Fortran psort7 (Singleton's CACM algorithm 347, a modified
// Hoare quicksort with insertion sort on short runs). The order of tied
// values matters to glmnet's Cox risk sets when a censoring time equals an
// event time too large for glmnet's 100-epsilon shift to separate them, so
// the exact algorithm is reproduced. The result holds 0-based indices.
func psort7(v []float64) []int {
	n := len(v)
	// 1-based arrays as in the Fortran: a[1..n] holds 1-based indices.
	a := make([]int, n+1)
	for i := 1; i <= n; i++ {
		a[i] = i
	}
	V := func(k int) float64 { return v[k-1] }
	var iu, il [64]int
	var (
		m, i, j, k, l, ij, t, tt int
		vt                       float64
	)
	if n < 2 {
		goto done
	}
	m = 1
	i = 1
	j = n
L10:
	if i >= j {
		goto L80
	}
L20:
	k = i
	ij = (j + i) / 2
	t = a[ij]
	vt = V(t)
	if V(a[i]) > vt {
		a[ij] = a[i]
		a[i] = t
		t = a[ij]
		vt = V(t)
	}
	l = j
	if V(a[j]) < vt {
		a[ij] = a[j]
		a[j] = t
		t = a[ij]
		vt = V(t)
		if V(a[i]) > vt {
			a[ij] = a[i]
			a[i] = t
			t = a[ij]
			vt = V(t)
		}
	}
	goto L50
L40:
	a[l] = a[k]
	a[k] = tt
L50:
	l--
	if V(a[l]) > vt {
		goto L50
	}
	tt = a[l]
L60:
	k++
	if V(a[k]) < vt {
		goto L60
	}
	if k <= l {
		goto L40
	}
	if l-i <= j-k {
		il[m] = k
		iu[m] = j
		j = l
		m++
		goto L90
	}
	il[m] = i
	iu[m] = l
	i = k
	m++
	goto L90
L80:
	m--
	if m == 0 {
		goto done
	}
	i = il[m]
	j = iu[m]
L90:
	if j-i > 10 {
		goto L20
	}
	if i == 1 {
		goto L10
	}
	i--
L100:
	i++
	if i == j {
		goto L80
	}
	t = a[i+1]
	vt = V(t)
	if V(a[i]) <= vt {
		goto L100
	}
	k = i
L110:
	a[k+1] = a[k]
	k--
	if vt < V(a[k]) {
		goto L110
	}
	a[k+1] = t
	goto L100
done:
	out := make([]int, n)
	for i := 1; i <= n; i++ {
		out[i-1] = a[i] - 1
	}
	return out
}
