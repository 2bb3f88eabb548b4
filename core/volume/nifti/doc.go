// Package nifti reads and writes NIfTI-1 and NIfTI-2 images
// (nifti.nimh.nih.gov) as radgo volumes and masks.
//
// # What is read
//
// Single-file .nii and gzip-compressed .nii.gz, NIfTI-1 (348-byte header)
// and NIfTI-2 (540-byte header), either byte order, and NIfTI-1 .hdr/.img
// pairs. Data types uint8, int8, int16, uint16, int32, uint32, int64,
// uint64, float32 and float64; scl_slope/scl_inter are applied unless the
// slope is 0 or NaN. Images must be 3-D (or 2-D, or 4-D and higher with
// every extra dimension of size 1).
//
// # Orientation
//
// The sform (srow_x/y/z) is used when sform_code > 0, else the qform
// (quaternion b, c, d with a = sqrt(1 − b² − c² − d²), qfac = pixdim[0],
// qoffset) when qform_code > 0, else pixdim scaling only (NIfTI "method 1").
// NIfTI world coordinates are RAS; they are converted to the LPS frame of
// [volume.Geometry] by negating x and y, so a NIfTI file converted from a
// DICOM series lands on the same grid as the series read by
// core/volume/dicom. Spatial units (xyzt_units) of metres or micrometres are
// converted to millimetres; unknown units are taken as millimetres.
//
// NIfTI-1 stores pixdim, quaternion, offsets and srow as float32; each is
// widened to float64 through its shortest decimal representation
// (0.976562f → 0.976562, not 0.9765620231628418), which recovers the decimal
// value the writer started from (DICOM DS strings) and keeps features of a
// NIfTI and of its source DICOM series equal to ~1e-14 instead of ~1e-8.
//
// Voxel order is as stored: i (fastest) is index axis 0.
//
// # Writing
//
// [Encode] and [WriteFile] write NIfTI-1 single files with both sform and
// qform (code 1, scanner) set from the geometry; .gz names are compressed.
package nifti
