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
// "gradient", "lbp-2D", "lbp-3D-m1", ..., "lbp-3D-k" ([LoGName] builds the
// LoG names).
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
// # Laplacian of Gaussian and gradient
//
// [LoG] ports ITK's LaplacianRecursiveGaussianImageFilter (Deriche
// recursive Gaussians, NormalizeAcrossScale on, float32 intermediate
// images) as SimpleITK runs it for PyRadiomics, including PyRadiomics'
// size and sigma checks ([ErrLoGSkipped]). [Gradient] is ITK's
// GradientMagnitudeImageFilter. Both are bit-identical to ITK 5.2.1 on the
// reference volume in testdata/itk (sin/cos/exp of the LoG coefficients
// come from Go's math package, which may differ from libm by an ulp for
// other sigmas).
//
// # Intensity filters
//
// [Square], [SquareRoot], [Logarithm] and [Exponential] apply PyRadiomics'
// formulas in float64, including its rescaling by max|x| over the image
// they are given (so the result depends on preCrop, as in PyRadiomics).
//
// # Local binary patterns
//
// [LBP2D] is scikit-image's local_binary_pattern applied slice by slice, as
// PyRadiomics' getLBP2DImage does (all five methods), identical to
// scikit-image 0.19.3. [LBP3D] is getLBP3DImage: spherical harmonics of the
// binary pattern over a trimesh icosphere, the sphere sampled with
// scipy.ndimage's cubic spline (ported operation by operation, samples
// bit-identical to scipy 1.10.1, stored in the image's type as scipy
// does) and the spherical kurtosis.
package filter
