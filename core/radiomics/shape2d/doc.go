// Package shape2d computes PyRadiomics' 2-D shape features
// (radiomics/shape2D.py) of a single-slice mask with marching squares: mesh
// surface and perimeter from the contour through edge midpoints, pixel
// surface, maximum diameter over the contour vertices and axis lengths from
// a principal component analysis of the pixel centres.
package shape2d
