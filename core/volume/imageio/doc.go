// Package imageio opens an image and its mask from whatever a user points
// at, so that commands and notebooks need one call per file:
//
//	img, err := imageio.ReadImage("patient01/ct")                  // DICOM series folder
//	mask, err := imageio.ReadMask("patient01/rs.dcm", img, imageio.ROI("GTV"))
//
// # What a path may be
//
// ReadImage accepts a NRRD file (.nrrd, .nhdr), a NIfTI file (.nii,
// .nii.gz, .hdr), a DICOM file, or a folder holding one DICOM image series
// (searched recursively; RTSTRUCT and SEG files in it are ignored). A folder
// with several series is an error listing them; choose one with SeriesUID.
//
// ReadMask accepts
//
//   - a NRRD or NIfTI label map: the voxels equal to Label (default 1);
//   - a 3D Slicer .seg.nrrd: the segment named by ROI, or with LabelValue
//     equal to Label, or the only segment;
//   - a DICOM RTSTRUCT file: the ROI named by ROI (or the only one),
//     rasterised onto the grid of ref (which must be the series it
//     references: FrameOfReferenceUID is checked);
//   - a DICOM SEG file: the segment named by ROI, or numbered Label, or the
//     only one, placed on the grid of ref frame by frame;
//   - a folder: the one RTSTRUCT or SEG file in it (recursively).
//
// Kind returns which of these a path is without reading the voxels.
//
// # The returned mask
//
// The mask is binary: selected voxels are 1, all others 0, whatever label
// value they had in the file. It lies on the grid of ref: for label maps the
// grid is checked with [volume.CheckGrid] at [volume.GridTolerance] (the
// tolerance PyRadiomics uses) and a mismatch is an error naming the
// difference, unless [ResampleToImage] asks for nearest-neighbour resampling.
// ref may be nil for label maps and SEG files (the mask keeps its own grid)
// but not for RTSTRUCT.
//
// Errors name the file and what is wrong with it.
package imageio
