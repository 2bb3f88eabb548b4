// Package gldm computes PyRadiomics' grey level dependence matrix features
// (radiomics/gldm.py): for every ROI voxel, the number of neighbours in the
// ROI whose level differs by at most gldm_a.
package gldm
