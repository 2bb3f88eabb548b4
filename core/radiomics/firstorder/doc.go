// Package firstorder computes PyRadiomics' first-order statistics
// (radiomics/firstorder.py) of the grey values inside a region of interest:
// energy, entropy, percentiles, moments and so on.
//
// Percentiles use numpy's linear interpolation; Entropy and Uniformity use
// the discretised histogram (the same bins as the texture classes);
// voxelArrayShift is added only inside Energy, TotalEnergy and
// RootMeanSquared, as PyRadiomics does.
package firstorder
