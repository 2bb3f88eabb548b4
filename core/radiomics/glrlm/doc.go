// Package glrlm computes PyRadiomics' grey level run length matrix features
// (radiomics/glrlm.py, matrix from radiomics/src/cmatrices.c).
//
// Runs are followed along each of the 13 directions (3-D, distance 1); a run
// ends at a voxel outside the ROI. An angle along which every line holds at
// most one ROI voxel is dropped, as are empty angles; features are computed
// per angle and averaged with nanmean, or once on the weighted sum when a
// weightingNorm is set.
package glrlm
