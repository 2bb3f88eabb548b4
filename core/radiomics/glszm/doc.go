// Package glszm computes PyRadiomics' grey level size zone matrix features
// (radiomics/glszm.py): zones are 26-connected (8-connected with force2D)
// groups of ROI voxels sharing a grey level.
package glszm
