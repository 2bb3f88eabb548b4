// Package filter computes the derived image types of PyRadiomics
// (radiomics/imageoperations.py at AIM-Harvard/pyradiomics 8ed5793): the
// stationary wavelet sub-bands, Laplacian of Gaussian, square, square root,
// logarithm, exponential, gradient magnitude and local binary patterns.
//
// Every function takes a [volume.Volume] (voxel (i, j, k) at
// Voxels[(k*Size[1]+j)*Size[0]+i], LPS geometry) and returns new volumes with
// the input's geometry; the input is never modified.
//
// # Image type names
//
// Each result carries the PyRadiomics image type name used as the feature
// prefix: "wavelet-LLH", "wavelet2-HHL" (second returned level),
// "log-sigma-1-0-mm-3D", "square", "squareroot", "logarithm", "exponential",
// "gradient", "lbp-2D", "lbp-3D-m1", "lbp-3D-k".
//
// # Wavelet
//
// [Wavelet] reproduces PyRadiomics' _swt3: the array (z, y, x) is padded by
// one voxel with numpy "wrap" along every odd dimension, pywt.swtn(level=1,
// start_level=0, axes=(2, 1, 0)) is applied StartLevel+Level times to the
// successive approximations (PyRadiomics never dilates the filters: each
// level is an undecimated level-1 transform of the previous approximation),
// and the results are cropped back. A sub-band name has one letter per
// transformed axis in x, y, z order, L for the approximation ("a") and H for
// the detail ("d") filter. Bands come in PyWavelets' dictionary order (LLH,
// LHL, LHH, HLL, HLH, HHL, HHH per level), the final approximation (LLL)
// last.
//
// The convolution follows the PyWavelets C core term by term (periodic
// extension, the same tap order, also at the right edge, where PyWavelets
// sums the wrapped taps first), so sub-bands equal PyWavelets 1.1.1 bit for
// bit. PyWavelets computes in float64 for integer images and in float32 for
// float32 images; set [WaveletSettings].Float32 for the latter (a float64
// transform of a float32 image differs by ~1e-5 relative).
//
// [WaveletBox] computes the same sub-bands over a sub-box only, with cost and
// memory proportional to the box: along an axis where the box plus the
// filters' reach lies inside the image it crops first (identical values, see
// radiomics.md §4.4), elsewhere it keeps the whole axis so PyRadiomics'
// periodic wrap-around is reproduced.
//
// # Intensity filters
//
// [Square], [SquareRoot], [Logarithm] and [Exponential] apply PyRadiomics'
// formulas in float64, including its rescaling by max|x|.
package filter
