// Package dicom reads DICOM image series into radgo volumes of rescaled
// values (Hounsfield units for CT), with an in-house parser and pixel
// decoders.
//
// # Why in-house
//
// The project pins github.com/suyashkumar/dicom v1.1.0, but its pixel path
// is slow (one io.ReadFull per sample), it unpacks 1-bit data in the wrong
// bit order, treats every fragment as a frame, decodes no lossless codec and
// can panic (see ../shared/guides/imaging.md §3). The parser here keeps the
// whole file in memory and hands out value slices without copying; it
// recognises implicit VR sequences by a small dictionary or their first item
// tag, reads VR UN sequences as implicit little endian (PS3.5 6.2.2), bounds
// every length by the bytes left, and never panics.
//
// # Transfer syntaxes
//
// Implicit and explicit VR little endian, explicit VR big endian, deflated
// explicit little endian, RLE Lossless, JPEG Baseline (8-bit grayscale, via
// image/jpeg), JPEG Lossless process 14 (any predictor, including SV1).
// JPEG-LS and JPEG 2000 are refused with an [UnsupportedError] naming the
// syntax and the conversion command (`dcmdjpls` from DCMTK, `gdcmconv --raw`
// from GDCM).
//
// # Series
//
// [Scan] reads headers only and groups image files by SeriesInstanceUID;
// RTSTRUCT and SEG files are listed apart. [Series.Geometry] sorts slices
// by ImagePositionPatient projected on the slice normal (IOP row × column
// direction) — never by file name, InstanceNumber or SliceLocation — and
// takes the slice spacing from the positions, not SliceThickness. It refuses,
// naming the files: differing Rows/Columns, PixelSpacing, orientation or
// FrameOfReferenceUID; duplicate positions; uneven spacing (missing slices),
// unless [AllowUnevenSpacing]; positions off the normal (gantry tilt).
// [Series.Load] decodes pixels on GOMAXPROCS goroutines and applies
// RescaleSlope/RescaleIntercept per slice (per frame for enhanced
// multi-frame images, from the functional groups).
//
// # Writing
//
// [WriteSeries] writes a volume as a CT series (Explicit VR Little Endian,
// signed 16-bit, one file per slice) with reproducible UIDs ([UID] derives
// them under the 2.25 root from text), for synthetic cohorts and tests;
// [Encode] and [EncodeImplicit] build other objects from [Elem] lists.
//
// # Axis order
//
// The volume's i axis is the DICOM column (direction IOP[0:3]), j the row
// (IOP[3:6]) and k the slice, increasing along the normal; Origin is the
// ImagePositionPatient of the first sorted slice. Points are LPS
// millimetres, as in DICOM.
package dicom
