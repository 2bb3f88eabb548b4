// Package nrrd reads and writes NRRD files (teem.sourceforge.net/nrrd) as
// radgo volumes, masks and 3D Slicer segmentations.
//
// # What is read
//
//   - Attached headers (.nrrd) and detached headers (.nhdr) whose "data file"
//     names one file, a LIST of files, or a printf-style file pattern.
//   - Encodings raw, gzip, bzip2, ascii/text and hex; "line skip" and "byte
//     skip" (including byte skip -1 for raw data).
//   - Every NRRD scalar type (signed/unsigned 8, 16, 32 and 64-bit integers,
//     float, double) in either endianness. Values are converted to float64;
//     64-bit integers beyond 2^53 lose precision.
//   - Geometry from "space directions" and "space origin" in the spaces
//     left-posterior-superior (LPS), right-anterior-superior (RAS) and
//     left-anterior-superior (LAS), converted to LPS; without a space, from
//     "spacings" with an identity direction and zero origin. Axes whose space
//     direction is "none" (kinds list, vector, ...) are non-spatial: a file
//     must have exactly three spatial axes (or two, read as one slice).
//   - 3D Slicer segmentation files (.seg.nrrd): the SegmentN_* key/value
//     metadata (ID, Name, LabelValue, Layer, Color) and both the 3-D shared
//     label map and the 4-D layered form, where the first axis (kind list)
//     holds one layer per voxel and a segment is the set of voxels whose
//     value in layer SegmentN_Layer equals SegmentN_LabelValue.
//
// # Axis order
//
// Voxel i (the fastest axis in the file) is index axis 0 of the
// [volume.Volume], exactly as stored: no axis is flipped or permuted. The
// geometry carries the orientation: Direction column c is the unit vector of
// the c-th spatial axis in LPS, Spacing[c] its length.
//
// # Limits
//
// The header is read before any voxel memory is allocated; the number of
// voxels is capped by [MaxVoxels] and data are read incrementally, so a
// hostile header declaring a huge size fails with a truncation error rather
// than allocating gigabytes. Errors name the file (when read by name) and the
// field or line at fault.
//
// Writing ([Encode], [WriteFile], [EncodeMask], [WriteMask],
// [EncodeSegmentation]) produces NRRD0004 attached files in LPS with raw or
// gzip encoding that 3D Slicer, ITK and pynrrd open; segmentations with
// overlapping segments are written in the 4-D layered form.
package nrrd
