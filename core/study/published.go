package study

import (
	"fmt"
	"math"

	"radgo/core/stats"
	"radgo/core/table"
)

// PublishedFeatures and PublishedCoefficients are the Rad-score of the
// paper's Table 2, and PublishedCutoff its Youden cut-off.
var (
	PublishedFeatures = []string{
		"original_shape_SurfaceVolumeRatio",
		"original_glcm_SumEntropy",
		"wavelet-LLH_gldm_LargeDependenceLowGrayLevelEmphasis",
		"wavelet-LHL_glcm_Idmn",
		"wavelet-HHL_glszm_GrayLevelVariance",
		"wavelet-LLL_glcm_Imc2",
	}
	PublishedCoefficients = []float64{
		-0.24799156283072044,
		-0.1361746133085625,
		0.006448868786596698,
		0.49200413399592363,
		0.1013747131127634,
		-0.23295948882404996,
	}
)

// PublishedCutoff is the paper's Rad-score cut-off between low and high
// risk.
const PublishedCutoff = 0.36

// PublishedCaveat is printed with every use of the published model.
const PublishedCaveat = "The paper publishes the Rad-score coefficients and the 0.36 cut-off but not the means and SDs used for its z-scores; " +
	"they are taken here from the reference cohort you supply, so risk groups are only as comparable to the paper's as that cohort is to its training set."

// Published applies the paper's Table 2 model to patients: features holds
// their reader-1 features (an ID column and at least the six published
// features), reference the cohort whose means and SDs standardise them
// (features itself when nil), hrr their HRR status by ID. The result has
// the columns ID, RadScore, RadScoreHigh (1 when > 0.36), HRR and
// IntegratedGroup (0, 1 or 2 risk factors).
func Published(features, reference *table.Table, idCol string, hrr map[string]bool) (*table.Table, error) {
	if reference == nil {
		reference = features
	}
	ids, err := features.Strings(idCol)
	if err != nil {
		return nil, fmt.Errorf("study: published model: %w", err)
	}
	for _, f := range PublishedFeatures {
		if !features.Has(f) {
			return nil, fmt.Errorf("study: published model: the feature table has no column %s", f)
		}
		if !reference.Has(f) {
			return nil, fmt.Errorf("study: published model: the reference table has no column %s", f)
		}
	}
	ref, err := reference.Matrix(PublishedFeatures...)
	if err != nil {
		return nil, err
	}
	zs, err := stats.FitZScore(ref, true)
	if err != nil {
		return nil, fmt.Errorf("study: published model: reference cohort: %w", err)
	}
	x, err := features.Matrix(PublishedFeatures...)
	if err != nil {
		return nil, err
	}
	z, err := zs.Apply(x)
	if err != nil {
		return nil, err
	}
	n := len(ids)
	score, high, h, group := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		for k, c := range PublishedCoefficients {
			score[i] += c * z.At(i, k)
		}
		if math.IsNaN(score[i]) {
			return nil, fmt.Errorf("study: published model: patient %s has a missing feature", ids[i])
		}
		if score[i] > PublishedCutoff {
			high[i] = 1
		}
		mut, ok := hrr[ids[i]]
		if !ok {
			return nil, fmt.Errorf("study: published model: no HRR status for patient %s", ids[i])
		}
		if mut {
			h[i] = 1
		}
		group[i] = high[i] + h[i]
	}
	return table.New(table.NewString(idCol, ids), table.NewFloat("RadScore", score), table.NewFloat("RadScoreHigh", high),
		table.NewFloat("HRR", h), table.NewFloat("IntegratedGroup", group))
}
