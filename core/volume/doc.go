// Package volume holds the image and mask types that every imaging reader
// produces and every radiomics computation consumes.
//
// # Coordinates
//
// Voxel indices (i, j, k) vary fastest in i, as in NIfTI, NRRD and DICOM
// pixel data (i = column, j = row, k = slice). Physical points are
// millimetres in the DICOM patient coordinate system (LPS): x grows to the
// patient's left, y to the posterior, z to the head. Readers of RAS formats
// (NIfTI, NRRD with a RAS space) convert to LPS on read.
//
// The physical position of voxel (i, j, k) is
//
//	Origin + Direction · diag(Spacing) · (i, j, k)ᵀ
//
// where column c of Direction is the unit vector of index axis c.
//
// # Storage
//
// Voxels are stored flat, like image.RGBA's Pix: the voxel at (i, j, k) is
// Voxels[(k*Size[1]+j)*Size[0]+i]. Values are float64 because every
// PyRadiomics computation (filters, discretisation, features) is carried out
// in double precision; storing the filtered images in float32 would move
// bin edges and break agreement at 1e-6.
package volume
