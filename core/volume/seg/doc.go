// Package seg reads DICOM Segmentation objects (SEG) as radgo masks.
//
// BINARY segmentations (1 bit allocated) are unpacked least significant
// bit first, with frames packed contiguously without padding (PS3.5 8.1.1,
// PS3.3 C.8.20.2): pixel p of frame f is bit (f·rows·cols + p) mod 8 of
// byte (f·rows·cols + p) / 8. (github.com/suyashkumar/dicom v1.1.0 unpacks
// most significant bit first, which flips 1,746 pixels of dcmqi's
// liver_1frame.dcm while leaving the count unchanged.) LABELMAP
// segmentations (Label Map Segmentation Storage, 8 or 16 bits) hold segment
// numbers per pixel. FRACTIONAL segmentations are refused with an error
// naming MaximumFractionalValue.
//
// Each frame's segment comes from
// PerFrameFunctionalGroupsSequence[f].SegmentIdentificationSequence and its
// position from PlanePositionSequence; frames are placed by position, not by
// order. Segments may overlap, so each is returned as its own binary mask.
package seg
