package firstorder

import (
	"math"

	"radgo/core/radiomics/discretize"
	"radgo/core/radiomics/internal/npmath"
)

// Features lists the feature names in PyRadiomics output order (the byte
// order of the getter names). StandardDeviation is deprecated: it is computed
// only when named.
var Features = []string{
	"10Percentile", "90Percentile", "Energy", "Entropy", "InterquartileRange", "Kurtosis",
	"Maximum", "MeanAbsoluteDeviation", "Mean", "Median", "Minimum", "Range",
	"RobustMeanAbsoluteDeviation", "RootMeanSquared", "Skewness", "StandardDeviation",
	"TotalEnergy", "Uniformity", "Variance",
}

// Deprecated names the features PyRadiomics computes only when asked for by name.
var Deprecated = map[string]bool{"StandardDeviation": true}

// Removed lists deprecated names PyRadiomics accepts but never computes.
var Removed = []string{}

// Settings are the first-order options.
type Settings struct {
	VoxelArrayShift float64 // PyRadiomics "voxelArrayShift", default 0
}

// Compute returns the values of Features for the ROI grey values (in voxel
// order) and their discretisation r. spacing is the voxel size in mm.
func Compute(values []float64, r *discretize.Region, spacing [3]float64, s Settings) []float64 {
	n := float64(len(values))
	out := make([]float64, len(Features))
	work := append([]float64(nil), values...)
	pc := npmath.Percentiles(work, 0, 10, 25, 50, 75, 90, 100)
	minimum, p10, p25, median, p75, p90, maximum := pc[0], pc[1], pc[2], pc[3], pc[4], pc[5], pc[6]
	mean := npmath.Mean(values)

	buf := make([]float64, len(values))
	for i, v := range values {
		w := v + s.VoxelArrayShift
		buf[i] = w * w
	}
	energy := npmath.Sum(buf)

	// Central moments (firstorder._moment: mean of (x - mean)^k).
	for i, v := range values {
		d := v - mean
		buf[i] = d * d
	}
	m2 := npmath.Mean(buf)
	for i, v := range values {
		d := v - mean
		buf[i] = d * d * d
	}
	m3 := npmath.Mean(buf)
	for i, v := range values {
		d := v - mean
		buf[i] = d * d * d * d
	}
	m4 := npmath.Mean(buf)
	for i, v := range values {
		buf[i] = math.Abs(v - mean)
	}
	mad := npmath.Mean(buf)

	// Robust MAD on the values within [p10, p90].
	sub := buf[:0]
	for _, v := range values {
		if v >= p10 && v <= p90 {
			sub = append(sub, v)
		}
	}
	rsub := append([]float64(nil), sub...)
	rmean := npmath.Mean(rsub)
	for i, v := range rsub {
		rsub[i] = math.Abs(v - rmean)
	}
	rmad := npmath.Mean(rsub)

	// Discretised histogram.
	counts := make([]float64, r.Ng)
	for _, l := range r.Level {
		if l > 0 {
			counts[l-1]++
		}
	}
	total := npmath.Sum(counts)
	entropy, uniformity := 0.0, 0.0
	for _, c := range counts {
		p := c / total
		entropy -= p * math.Log2(p+npmath.Eps)
		uniformity += p * p
	}

	std := math.Sqrt(m2)
	skew, kurt := 0.0, 0.0
	if m2 != 0 {
		skew = m3 / math.Pow(m2, 1.5)
		kurt = m4 / (m2 * m2)
	}
	vals := map[string]float64{
		"10Percentile":                p10,
		"90Percentile":                p90,
		"Energy":                      energy,
		"Entropy":                     entropy,
		"InterquartileRange":          p75 - p25,
		"Kurtosis":                    kurt,
		"Maximum":                     maximum,
		"MeanAbsoluteDeviation":       mad,
		"Mean":                        mean,
		"Median":                      median,
		"Minimum":                     minimum,
		"Range":                       maximum - minimum,
		"RobustMeanAbsoluteDeviation": rmad,
		"RootMeanSquared":             math.Sqrt(energy / n),
		"Skewness":                    skew,
		"StandardDeviation":           std,
		"TotalEnergy":                 spacing[0] * spacing[1] * spacing[2] * energy,
		"Uniformity":                  uniformity,
		"Variance":                    std * std,
	}
	for i, f := range Features {
		out[i] = vals[f]
	}
	return out
}
