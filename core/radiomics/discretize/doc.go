// Package discretize bins the grey values of a region of interest the way
// PyRadiomics does (radiomics/imageoperations.py getBinEdges and binImage),
// and carries the discretised region to the texture classes.
//
// # Bin edges
//
// With a fixed bin width W the edges are numpy.arange(min - min mod W,
// max + 2W, W), with Python's floored modulo, so the edges are multiples of W
// counted from zero (not IBSI's ceiling from the minimum). With a fixed bin
// count N the edges are those of numpy.histogram(values, N) with the last
// edge raised by one so that the maximum falls in bin N. A voxel gets the
// numpy.digitize index of its value: bin i holds edges[i-1] <= x < edges[i],
// so the lowest level is 1.
//
// # Region
//
// [Region] is the cropped box around the ROI with a level per voxel (0
// outside the ROI), the list of grey levels present, and the voxel spacing.
// [Angles] generates PyRadiomics' neighbour offsets (13 in 3-D for distance 1,
// 26 when both directions are needed).
package discretize
