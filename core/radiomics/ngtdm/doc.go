// Package ngtdm computes PyRadiomics' neighbouring grey tone difference
// matrix features (radiomics/ngtdm.py): for every ROI voxel the absolute
// difference between its level and the mean level of its ROI neighbours.
package ngtdm
