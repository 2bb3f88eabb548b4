package radiomics

import "radgo/core/resample"

// Settings are PyRadiomics' extraction settings (the "setting" section of a
// parameter file). Use [DefaultSettings] for PyRadiomics' defaults; the field
// comments give each PyRadiomics name.
type Settings struct {
	BinWidth float64 // "binWidth", default 25
	BinCount int     // "binCount"; when > 0 it overrides BinWidth

	Label                int // "label", default 1
	MinimumROIDimensions int // "minimumROIDimensions", default 2 (1-3)
	MinimumROISize       int // "minimumROISize"; 0 means None

	Normalize      bool    // "normalize"
	NormalizeScale float64 // "normalizeScale", default 1
	RemoveOutliers float64 // "removeOutliers"; 0 means None

	ResampledPixelSpacing []float64 // "resampledPixelSpacing"; nil means no resampling
	Interpolator          string    // "interpolator", default "sitkBSpline"
	PadDistance           int       // "padDistance", default 5
	PreCrop               bool      // "preCrop"

	Distances        []int // "distances", default [1]
	Force2D          bool  // "force2D"
	Force2DDimension int   // "force2Ddimension" (numpy axis order: 0 = z), default 0

	ResegmentRange []float64 // "resegmentRange"; nil means no resegmentation
	ResegmentMode  string    // "resegmentMode": "absolute" (default), "relative" or "sigma"
	ResegmentShape bool      // "resegmentShape"

	SymmetricalGLCM bool    // "symmetricalGLCM", default true
	WeightingNorm   string  // "weightingNorm"; "" means None
	GldmA           float64 // "gldm_a", default 0
	VoxelArrayShift float64 // "voxelArrayShift", default 0

	CorrectMask       bool    // "correctMask"
	GeometryTolerance float64 // "geometryTolerance"; 0 means SimpleITK's 1e-6
	AdditionalInfo    bool    // "additionalInfo", default true: emit diagnostics_* entries

	// Image type options (also settable per image type).
	Wavelet                   string    // "wavelet", default "coif1"
	StartLevel                int       // "start_level", default 0
	Level                     int       // "level", default 1
	Sigma                     []float64 // "sigma" for LoG
	sigmaInt                  []bool    // which sigma values were written as integers (image type names differ)
	LBP2DRadius               float64   // "lbp2DRadius", default 1
	LBP2DSamples              int       // "lbp2DSamples", default 8
	LBP2DMethod               string    // "lbp2DMethod", default "uniform"
	LBP3DLevels               int       // "lbp3DLevels", default 2
	LBP3DIcosphereRadius      float64   // "lbp3DIcosphereRadius", default 1
	LBP3DIcosphereSubdivision int       // "lbp3DIcosphereSubdivision", default 1
	GradientUseSpacing        bool      // "gradientUseSpacing", default true

	pixelType resample.PixelType // stored pixel type of the image (filters follow it)
}

// DefaultSettings returns PyRadiomics' default settings
// (featureextractor._getDefaultSettings and the class defaults).
func DefaultSettings() Settings {
	return Settings{
		BinWidth:                  25,
		Label:                     1,
		MinimumROIDimensions:      2,
		NormalizeScale:            1,
		Interpolator:              "sitkBSpline",
		PadDistance:               5,
		Distances:                 []int{1},
		ResegmentMode:             "absolute",
		SymmetricalGLCM:           true,
		AdditionalInfo:            true,
		Wavelet:                   "coif1",
		Level:                     1,
		LBP2DRadius:               1,
		LBP2DSamples:              8,
		LBP2DMethod:               "uniform",
		LBP3DLevels:               2,
		LBP3DIcosphereRadius:      1,
		LBP3DIcosphereSubdivision: 1,
		GradientUseSpacing:        true,
	}
}
