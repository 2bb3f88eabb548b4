// Package radiomics extracts PyRadiomics-compatible radiomic features: the
// same names, the same output order and (to within 1e-6 relative, usually
// much closer) the same values as PyRadiomics 3.1 for the same parameter
// file.
//
// # Use
//
//	e, err := radiomics.ReadParams("Params.yaml") // or radiomics.NewExtractor()
//	res, err := e.Extract(ctx, image, mask)
//	v, _ := res.Get("original_glcm_Idmn")
//
// [Extractor.Extract] checks the mask (geometry, label, minimumROIDimensions,
// minimumROISize, NaN voxels), computes shape on the original mask, then for
// every enabled image type (Original, Wavelet, LoG, Square, SquareRoot,
// Logarithm, Exponential, Gradient) the enabled classes, checking ctx
// between classes and image types. Work is proportional to the ROI's
// bounding box for Original and Wavelet; intensity filters and LoG read the
// whole image, as PyRadiomics does without preCrop.
//
// # Output
//
// [Result] lists diagnostics_* entries and then features in PyRadiomics
// order: original shape, then per image type firstorder, glcm, gldm, glrlm,
// glszm, ngtdm (or the order of featureClass in the parameter file). It
// renders as an HTML table in notebooks and writes PyRadiomics' CSV layouts
// ([Result.WriteNameValue], [WriteCSV]) and JSON.
//
// The feature classes live in subpackages named after PyRadiomics' modules;
// see their documentation for the exact definitions reproduced.
package radiomics
