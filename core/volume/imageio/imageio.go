package imageio

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"radgo/core/provenance"
	"radgo/core/volume"
	"radgo/core/volume/dicom"
	"radgo/core/volume/nifti"
	"radgo/core/volume/nrrd"
	"radgo/core/volume/rtstruct"
	"radgo/core/volume/seg"
)

// Option adjusts ReadImage and ReadMask.
type Option func(*options)

type options struct {
	roi        string
	label      int
	seriesUID  string
	uneven     bool
	tol        volume.Tolerance
	resample   bool
	combineOR  bool
	labelIsSet bool
	frameOfRef string         // set by ReadPair from the DICOM series
	slices     map[string]int // SOP Instance UID → slice, set by ReadPair
}

// ROI selects an RTSTRUCT ROI, a SEG segment or a Slicer segment by name
// (also accepted: a SEG SegmentLabel, a Slicer segment ID).
func ROI(name string) Option { return func(o *options) { o.roi = name } }

// Label selects the label value of a label map (default 1), the segment
// number of a DICOM SEG, or the LabelValue of a Slicer segment.
func Label(n int) Option { return func(o *options) { o.label, o.labelIsSet = n, true } }

// SeriesUID selects one series of a DICOM folder holding several.
func SeriesUID(uid string) Option { return func(o *options) { o.seriesUID = uid } }

// AllowUnevenSpacing accepts a DICOM series whose slice spacing varies
// (the mean spacing is used; see dicom.AllowUnevenSpacing).
func AllowUnevenSpacing() Option { return func(o *options) { o.uneven = true } }

// Tolerance replaces volume.GridTolerance in the mask/image grid check.
func Tolerance(t volume.Tolerance) Option { return func(o *options) { o.tol = t } }

// ResampleToImage resamples a label map that is not on the image grid by
// nearest neighbour instead of failing.
func ResampleToImage() Option { return func(o *options) { o.resample = true } }

// CombineOR rasterises RTSTRUCT contours on one slice by union (plastimatch
// behaviour) instead of the default XOR, which makes nested contours holes.
func CombineOR() Option { return func(o *options) { o.combineOR = true } }

func collect(opts []Option) *options {
	o := &options{label: 1, tol: volume.GridTolerance}
	for _, f := range opts {
		f(o)
	}
	return o
}

// What a path holds, as reported by Kind.
const (
	KindNRRD         = "NRRD"
	KindSlicerSeg    = "Slicer segmentation (.seg.nrrd)"
	KindNIfTI        = "NIfTI"
	KindDICOMImage   = "DICOM image"
	KindDICOMFolder  = "DICOM folder"
	KindRTStruct     = "DICOM RTSTRUCT"
	KindSEG          = "DICOM SEG"
	KindDICOMUnknown = "DICOM (other)"
)

// Kind reports what path holds (one of the Kind* constants), reading
// headers only.
func Kind(path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", err
	}
	if st.IsDir() {
		return KindDICOMFolder, nil
	}
	lower := strings.ToLower(path)
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	head := make([]byte, 132)
	n, _ := f.Read(head)
	f.Close()
	head = head[:n]
	switch {
	case n >= 8 && string(head[:7]) == "NRRD000":
		f, err := os.Open(path)
		if err != nil {
			return "", err
		}
		defer f.Close()
		h, err := nrrd.DecodeHeader(f)
		if err != nil {
			return "", fmt.Errorf("%s: %w", path, err)
		}
		if h.IsSegmentation() {
			return KindSlicerSeg, nil
		}
		return KindNRRD, nil
	case strings.HasSuffix(lower, ".nii"), strings.HasSuffix(lower, ".nii.gz"), strings.HasSuffix(lower, ".hdr"):
		return KindNIfTI, nil
	case n >= 4 && (string(head[:4]) == "\x5c\x01\x00\x00" || string(head[:4]) == "\x00\x00\x01\x5c" ||
		string(head[:4]) == "\x1c\x02\x00\x00" || string(head[:4]) == "\x00\x00\x02\x1c"):
		return KindNIfTI, nil
	case n >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		return KindNIfTI, nil
	case strings.HasSuffix(lower, ".nrrd"), strings.HasSuffix(lower, ".nhdr"):
		return "", fmt.Errorf("%s: %w", path, nrrd.FormatError("missing NRRD000N magic"))
	}
	ds, err := dicom.ParseFile(path, dicom.HeaderOnly())
	if err != nil {
		return "", err
	}
	switch ds.Modality() {
	case "RTSTRUCT":
		return KindRTStruct, nil
	case "SEG":
		return KindSEG, nil
	}
	if ds.HasPixelData() {
		return KindDICOMImage, nil
	}
	return KindDICOMUnknown, nil
}

// ReadImage reads the image at path (see the package documentation for
// what path may be).
func ReadImage(path string, opts ...Option) (*volume.Volume, error) {
	o := collect(opts)
	kind, err := kindOf(path)
	if err != nil {
		return nil, err
	}
	provenance.RecordInput("imageio.ReadImage", path)
	switch kind {
	case KindNRRD, KindSlicerSeg:
		return nrrd.ReadFile(path)
	case KindNIfTI:
		return nifti.ReadFile(path)
	case KindDICOMFolder, KindDICOMImage:
		v, _, err := dicom.ReadSeries(path, o.dicomOptions()...)
		return v, err
	case KindRTStruct, KindSEG:
		return nil, fmt.Errorf("%s: a %s is a mask, not an image", path, kind)
	}
	return nil, fmt.Errorf("%s: %s holds no image", path, kind)
}

func (o *options) dicomOptions() []dicom.Option {
	var d []dicom.Option
	if o.seriesUID != "" {
		d = append(d, dicom.WithSeriesUID(o.seriesUID))
	}
	if o.uneven {
		d = append(d, dicom.AllowUnevenSpacing())
	}
	return d
}

func kindOf(path string) (string, error) {
	k, err := Kind(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return "", err
		}
		return "", err
	}
	return k, nil
}

// ReadMask reads the mask at path for the image ref (see the package
// documentation). The result is binary (selected voxels 1) and on ref's
// grid when ref is not nil.
func ReadMask(path string, ref *volume.Volume, opts ...Option) (*volume.Mask, error) {
	o := collect(opts)
	kind, err := kindOf(path)
	if err != nil {
		return nil, err
	}
	provenance.RecordInput("imageio.ReadMask", path)
	if kind == KindDICOMFolder {
		p, k, err := findMaskObject(path)
		if err != nil {
			return nil, err
		}
		path, kind = p, k
	}
	var m *volume.Mask
	switch kind {
	case KindNRRD, KindNIfTI:
		if o.roi != "" {
			return nil, fmt.Errorf("%s: a %s label map has no ROI names (ROI %q); use Label", path, kind, o.roi)
		}
		var lm *volume.Mask
		if kind == KindNRRD {
			lm, err = nrrd.ReadMask(path)
		} else {
			lm, err = nifti.ReadMask(path)
		}
		if err != nil {
			return nil, err
		}
		if o.label < 1 || o.label > 255 {
			return nil, fmt.Errorf("%s: label %d outside 1..255", path, o.label)
		}
		m = lm.Binary(uint8(o.label))
		if m.Count(1) == 0 {
			h := lm.Histogram()
			var present []string
			for l := 1; l < 256; l++ {
				if h[l] > 0 {
					present = append(present, fmt.Sprint(l))
				}
			}
			return nil, fmt.Errorf("%s: no voxel has label %d (labels present: %s)", path, o.label, strings.Join(present, ", "))
		}
	case KindSlicerSeg:
		s, err := nrrd.ReadSegmentation(path)
		if err != nil {
			return nil, err
		}
		sg, err := pickSlicer(s, o)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		m = s.Mask(sg)
	case KindRTStruct:
		if ref == nil {
			return nil, fmt.Errorf("%s: an RTSTRUCT needs the image it was drawn on", path)
		}
		ss, err := rtstruct.ReadFile(path)
		if err != nil {
			return nil, err
		}
		roi, err := ss.Pick(o.roi)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		ropts := &rtstruct.Options{CombineOR: o.combineOR, FrameOfReferenceUID: o.frameOfRef, Slices: o.slices}
		m, _, err = roi.Mask(ref.Geometry, ref.Size, ropts)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		return m, nil
	case KindSEG:
		sg, err := seg.ReadFile(path)
		if err != nil {
			return nil, err
		}
		if o.frameOfRef != "" && sg.FrameOfReferenceUID != "" && sg.FrameOfReferenceUID != o.frameOfRef {
			return nil, fmt.Errorf("%s: the SEG is in FrameOfReferenceUID %s, the image in %s: it was not made on this series", path, sg.FrameOfReferenceUID, o.frameOfRef)
		}
		s, err := sg.Pick(o.roi, o.label, o.labelIsSet)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if ref != nil {
			m, err = sg.MaskOn(s, ref.Geometry, ref.Size)
		} else {
			m, err = sg.Mask(s)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: segment %d %q: %w", path, s.Number, s.Label, err)
		}
		return m, nil
	default:
		return nil, fmt.Errorf("%s: %s is not a mask", path, kind)
	}
	if ref == nil {
		return m, nil
	}
	if err := volume.CheckGrid(ref, m, o.tol); err != nil {
		if !o.resample {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		m = volume.ResampleNearest(m, ref.Size, ref.Geometry)
	}
	return m, nil
}

func pickSlicer(s *nrrd.Segmentation, o *options) (nrrd.Segment, error) {
	if o.roi != "" {
		if sg, ok := s.Find(o.roi); ok {
			return sg, nil
		}
		return nrrd.Segment{}, fmt.Errorf("no segment %q (segments: %s)", o.roi, slicerNames(s))
	}
	if o.labelIsSet {
		for _, sg := range s.Segments {
			if sg.LabelValue == o.label && sg.Layer == 0 || (sg.LabelValue == o.label && len(s.Layers) == 1) {
				return sg, nil
			}
		}
		return nrrd.Segment{}, fmt.Errorf("no segment with label value %d (segments: %s)", o.label, slicerNames(s))
	}
	if len(s.Segments) == 1 {
		return s.Segments[0], nil
	}
	return nrrd.Segment{}, fmt.Errorf("%d segments; choose one by name (segments: %s)", len(s.Segments), slicerNames(s))
}

func slicerNames(s *nrrd.Segmentation) string {
	var n []string
	for _, sg := range s.Segments {
		n = append(n, fmt.Sprintf("%q (label %d, layer %d)", sg.Name, sg.LabelValue, sg.Layer))
	}
	return strings.Join(n, ", ")
}

// findMaskObject returns the one RTSTRUCT or SEG file under dir.
func findMaskObject(dir string) (string, string, error) {
	var found []string
	var kinds []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		ds, err := dicom.ParseFile(p, dicom.HeaderOnly())
		if err != nil {
			return nil
		}
		switch ds.Modality() {
		case "RTSTRUCT":
			found, kinds = append(found, p), append(kinds, KindRTStruct)
		case "SEG":
			found, kinds = append(found, p), append(kinds, KindSEG)
		}
		return nil
	})
	if err != nil {
		return "", "", err
	}
	switch len(found) {
	case 0:
		return "", "", fmt.Errorf("%s: no RTSTRUCT or SEG file in the folder", dir)
	case 1:
		return found[0], kinds[0], nil
	}
	return "", "", fmt.Errorf("%s: %d RTSTRUCT/SEG files in the folder (%s); name one", dir, len(found), strings.Join(found, ", "))
}
