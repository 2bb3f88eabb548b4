package imageio

import (
	"radgo/core/provenance"
	"radgo/core/volume"
	"radgo/core/volume/dicom"
)

// ReadPair reads an image and its mask, as ReadImage then ReadMask do, and
// additionally, when the image is a DICOM series, checks an RTSTRUCT's
// FrameOfReferenceUID against the series and places each contour on the
// slice whose SOP Instance UID it references. Prefer it to separate calls
// when both paths are known.
func ReadPair(imagePath, maskPath string, opts ...Option) (*volume.Volume, *volume.Mask, error) {
	o := collect(opts)
	kind, err := kindOf(imagePath)
	if err != nil {
		return nil, nil, err
	}
	var img *volume.Volume
	if kind == KindDICOMFolder || kind == KindDICOMImage {
		provenance.RecordInput("imageio.ReadPair", imagePath)
		var s *dicom.Series
		img, s, err = dicom.ReadSeries(imagePath, o.dicomOptions()...)
		if err != nil {
			return nil, nil, err
		}
		fo := s.FrameOfReferenceUID
		idx := s.SliceIndex()
		opts = append(opts, func(o *options) { o.frameOfRef, o.slices = fo, idx })
	} else if img, err = ReadImage(imagePath, opts...); err != nil {
		return nil, nil, err
	}
	m, err := ReadMask(maskPath, img, opts...)
	if err != nil {
		return nil, nil, err
	}
	return img, m, nil
}
