// Package npmath holds the few numpy reductions whose rounding the feature
// classes reproduce: pairwise summation (numpy's add.reduce on contiguous
// float64), linear-interpolated percentiles (numpy.percentile's default) and
// nanmean over angles.
package npmath
