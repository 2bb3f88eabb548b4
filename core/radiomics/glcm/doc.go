// Package glcm computes PyRadiomics' grey level co-occurrence matrix features
// (radiomics/glcm.py, matrix from radiomics/src/cmatrices.c).
//
// One pass over the region fills the matrices of all angles (13 in 3-D at
// distance 1). The matrices are symmetrised (P + Pᵀ) by default, grey levels
// absent from the ROI are removed, empty angles dropped, and every feature is
// computed per angle and averaged with nanmean — or, with a weightingNorm,
// computed once on the weighted sum of the angle matrices.
package glcm
