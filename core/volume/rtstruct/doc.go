// Package rtstruct reads DICOM RT Structure Sets and rasterises their ROIs
// onto an image grid.
//
// # Rasterisation
//
// The semantics reproduce the IBSI reference masks exactly (125,256 voxels
// for the IBSI CT phantom GTV-1, 5,564 for STS_019 GTV_Mass_CT; see
// ../shared/guides/imaging.md §7) and match plastimatch and
// dcmrtstruct2nii:
//
//  1. Contour points are mapped to continuous voxel indices with
//     [volume.Geometry.Index]: the centre of voxel column c / row r is at
//     exactly c / r.
//  2. Each contour goes to the slice its ContourImageSequence references
//     (when the caller supplies the SOP Instance UID → slice map), else to
//     the slice its points project to. Non-planar contours, contours between
//     slices and contours outside the image's slices are errors; parts of a
//     contour outside the image in-plane are clipped and reported as a
//     warning.
//  3. Inside each contour: a voxel is inside when its centre is, by the
//     even-odd rule on a scanline at the row centre; edges use the half-open
//     rule (y0 <= y) != (y1 <= y), and the span between crossings xl, xr
//     covers columns ceil(xl) .. ceil(xr)−1.
//  4. Contours on one slice combine by XOR (default), so a contour inside
//     another is a hole, as DICOM's CLOSEDPLANAR_XOR and dicompyler; OR
//     (plastimatch's default) with Options.CombineOR. XOR equals OR for
//     disjoint islands.
//
// POINT and OPEN_* contours enclose nothing; they are skipped with a
// warning.
//
// # Writing
//
// [Encode] and [WriteFile] write a structure set referencing an image
// series ([Reference]: UIDs and geometry), each contour referencing the
// image of its slice, in Explicit VR Little Endian, or Implicit VR Little
// Endian when a ContourData value is longer than explicit VR's 64 KB.
package rtstruct
