package seg

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"radgo/core/volume"
	"radgo/core/volume/dicom"
)

const (
	tagSegmentationType   dicom.Tag = 0x00620001
	tagSegmentSeq         dicom.Tag = 0x00620002
	tagSegmentNumber      dicom.Tag = 0x00620004
	tagSegmentLabel       dicom.Tag = 0x00620005
	tagSegmentDescription dicom.Tag = 0x00620006
	tagSegmentAlgorithm   dicom.Tag = 0x00620008
	tagSegmentIDSeq       dicom.Tag = 0x0062000A
	tagRefSegmentNumber   dicom.Tag = 0x0062000B
	tagMaxFractional      dicom.Tag = 0x0062000E
)

// Segment describes one segment.
type Segment struct {
	Number      int // SegmentNumber
	Label       string
	Description string
	Algorithm   string // SegmentAlgorithmType
}

// Frame is one frame's segment and plane position.
type Frame struct {
	Segment   int        // referenced segment number (0 for LABELMAP frames)
	Position  [3]float64 // ImagePositionPatient of the frame
	SourceSOP string     // SOP Instance UID of the source image, "" if not given
}

// Segmentation is a parsed DICOM SEG.
type Segmentation struct {
	Path                string
	Type                string // BINARY, LABELMAP
	Rows, Columns       int
	FrameOfReferenceUID string
	Orientation         [6]float64
	PixelSpacing        [2]float64 // row spacing, column spacing
	SliceSpacing        float64    // SpacingBetweenSlices (or SliceThickness); 0 if absent
	Segments            []Segment
	Frames              []Frame
	pixels              []byte
	bits                int
}

// ReadFile reads the SEG file name. Errors name the file.
func ReadFile(name string) (*Segmentation, error) {
	ds, err := dicom.ParseFile(name)
	if err != nil {
		return nil, err
	}
	s, err := FromDataset(ds)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	s.Path = name
	return s, nil
}

// Decode parses a SEG held in b.
func Decode(b []byte) (*Segmentation, error) {
	ds, err := dicom.Parse(b)
	if err != nil {
		return nil, err
	}
	return FromDataset(ds)
}

// FromDataset interprets a parsed data set as a SEG.
func FromDataset(ds *dicom.Dataset) (*Segmentation, error) {
	s := &Segmentation{
		Type: strings.ToUpper(ds.String(tagSegmentationType)), Rows: ds.Int(dicom.TagRows, 0), Columns: ds.Int(dicom.TagColumns, 0),
		FrameOfReferenceUID: ds.String(dicom.TagFrameOfReferenceUID),
	}
	if ds.Modality() != "SEG" && s.Type == "" {
		return nil, fmt.Errorf("seg: Modality is %q, not SEG", ds.Modality())
	}
	switch s.Type {
	case "BINARY", "LABELMAP":
	case "FRACTIONAL":
		return nil, &dicom.UnsupportedError{Msg: fmt.Sprintf("FRACTIONAL segmentation (probability/occupancy, MaximumFractionalValue %d): threshold it into a BINARY SEG first", ds.Int(tagMaxFractional, 0))}
	default:
		return nil, fmt.Errorf("seg: SegmentationType %q", s.Type)
	}
	pi, err := ds.Pixels()
	if err != nil {
		return nil, err
	}
	s.bits = pi.BitsAllocated
	switch {
	case s.Type == "BINARY" && pi.BitsAllocated != 1:
		return nil, fmt.Errorf("seg: BINARY segmentation with BitsAllocated %d", pi.BitsAllocated)
	case s.Type == "LABELMAP" && pi.BitsAllocated != 8 && pi.BitsAllocated != 16:
		return nil, fmt.Errorf("seg: LABELMAP segmentation with BitsAllocated %d", pi.BitsAllocated)
	}
	pd := ds.Find(dicom.TagPixelData)
	if pd == nil {
		return nil, fmt.Errorf("seg: no pixel data")
	}
	n := int64(pi.Rows) * int64(pi.Columns) * int64(pi.Frames)
	if s.bits == 1 {
		if pd.Fragments != nil {
			return nil, &dicom.UnsupportedError{Msg: "encapsulated (compressed) 1-bit SEG pixel data"}
		}
		if int64(len(pd.Value)) < (n+7)/8 {
			return nil, fmt.Errorf("seg: pixel data hold %d bytes, %d frames of %d×%d bits need %d (truncated?)", len(pd.Value), pi.Frames, pi.Columns, pi.Rows, (n+7)/8)
		}
		s.pixels = pd.Value
	} else {
		// 8/16-bit: decode frame by frame (native or compressed) into bytes
		// of one value per pixel (16-bit kept little endian).
		bps := s.bits / 8
		s.pixels = make([]byte, 0, n*int64(bps))
		for f := 0; f < pi.Frames; f++ {
			b, big, err := ds.FrameSamples(pi, f)
			if err != nil {
				return nil, err
			}
			need := pi.Rows * pi.Columns * bps
			if len(b) < need {
				return nil, fmt.Errorf("seg: frame %d has %d bytes, need %d", f+1, len(b), need)
			}
			b = b[:need]
			if big && bps == 2 {
				for i := 0; i < need; i += 2 {
					s.pixels = append(s.pixels, b[i+1], b[i])
				}
			} else {
				s.pixels = append(s.pixels, b...)
			}
		}
	}
	for _, it := range ds.Seq(tagSegmentSeq) {
		s.Segments = append(s.Segments, Segment{Number: it.Int(tagSegmentNumber, -1), Label: it.String(tagSegmentLabel),
			Description: it.String(tagSegmentDescription), Algorithm: it.String(tagSegmentAlgorithm)})
	}
	if len(s.Segments) == 0 {
		return nil, fmt.Errorf("seg: empty SegmentSequence")
	}
	shared := ds.Item(dicom.TagSharedFG, 0)
	perFrame := ds.Seq(dicom.TagPerFrameFG)
	// Some writers (and pydicom's one-frame test file) keep more per-frame
	// items than frames; only the first NumberOfFrames describe pixel data.
	if len(perFrame) < pi.Frames {
		return nil, fmt.Errorf("seg: %d PerFrameFunctionalGroupsSequence items for %d frames", len(perFrame), pi.Frames)
	}
	perFrame = perFrame[:pi.Frames]
	look := func(pf *dicom.Dataset, seq, t dicom.Tag) ([]float64, error) {
		for _, g := range []*dicom.Dataset{pf, shared} {
			if it := g.Item(seq, 0); it != nil {
				if v, err := it.Floats(t); len(v) > 0 || err != nil {
					return v, err
				}
			}
		}
		return ds.Floats(t)
	}
	for f, pf := range perFrame {
		fr := Frame{}
		if s.Type == "BINARY" {
			it := pf.Item(tagSegmentIDSeq, 0)
			if it == nil {
				it = shared.Item(tagSegmentIDSeq, 0)
			}
			if it == nil {
				return nil, fmt.Errorf("seg: frame %d has no SegmentIdentificationSequence", f+1)
			}
			fr.Segment = it.Int(tagRefSegmentNumber, -1)
		}
		pos, err := look(pf, dicom.TagPlanePositionSeq, dicom.TagImagePosition)
		if err != nil || len(pos) < 3 {
			return nil, fmt.Errorf("seg: frame %d has no ImagePositionPatient", f+1)
		}
		copy(fr.Position[:], pos)
		if d := pf.Item(dicom.TagDerivationImageSeq, 0); d != nil {
			if src := d.Item(dicom.TagSourceImageSeq, 0); src != nil {
				fr.SourceSOP = src.String(dicom.TagReferencedSOPInst)
			}
		}
		if f == 0 {
			ori, _ := look(pf, dicom.TagPlaneOrientationSeq, dicom.TagImageOrientation)
			if len(ori) < 6 {
				return nil, fmt.Errorf("seg: no ImageOrientationPatient")
			}
			copy(s.Orientation[:], ori)
			ps, _ := look(pf, dicom.TagPixelMeasuresSeq, dicom.TagPixelSpacing)
			if len(ps) < 2 || ps[0] <= 0 || ps[1] <= 0 {
				return nil, fmt.Errorf("seg: no valid PixelSpacing")
			}
			copy(s.PixelSpacing[:], ps)
			if v, _ := look(pf, dicom.TagPixelMeasuresSeq, dicom.TagSpacingBetween); len(v) > 0 && v[0] > 0 {
				s.SliceSpacing = v[0]
			} else if v, _ := look(pf, dicom.TagPixelMeasuresSeq, dicom.TagSliceThickness); len(v) > 0 && v[0] > 0 {
				s.SliceSpacing = v[0]
			}
		}
		s.Frames = append(s.Frames, fr)
	}
	return s, nil
}

// Pick chooses a segment: by label (name, if not empty), else by number
// (if numberSet), else the only non-background segment.
func (s *Segmentation) Pick(name string, number int, numberSet bool) (Segment, error) {
	var fg []Segment
	for _, sg := range s.Segments {
		if sg.Number != 0 {
			fg = append(fg, sg)
		}
	}
	if name != "" {
		for _, sg := range fg {
			if sg.Label == name {
				return sg, nil
			}
		}
		for _, sg := range fg {
			if strings.EqualFold(sg.Label, name) {
				return sg, nil
			}
		}
		return Segment{}, fmt.Errorf("seg: no segment labelled %q (%s)", name, s.list())
	}
	if numberSet {
		for _, sg := range fg {
			if sg.Number == number {
				return sg, nil
			}
		}
		return Segment{}, fmt.Errorf("seg: no segment number %d (%s)", number, s.list())
	}
	if len(fg) == 1 {
		return fg[0], nil
	}
	return Segment{}, fmt.Errorf("seg: %d segments; choose one by label or number (%s)", len(fg), s.list())
}

func (s *Segmentation) list() string {
	var p []string
	for _, sg := range s.Segments {
		if sg.Number != 0 {
			p = append(p, fmt.Sprintf("%d %q", sg.Number, sg.Label))
		}
	}
	return "segments: " + strings.Join(p, ", ")
}

// frameHas reports whether pixel p of frame f belongs to segment n.
func (s *Segmentation) frameHas(f, p, n int) bool {
	idx := f*s.Rows*s.Columns + p
	switch s.bits {
	case 1:
		return s.pixels[idx>>3]>>(idx&7)&1 != 0
	case 8:
		return int(s.pixels[idx]) == n
	default:
		return int(s.pixels[2*idx])|int(s.pixels[2*idx+1])<<8 == n
	}
}

func (s *Segmentation) frameApplies(f, n int) bool {
	return s.Type == "LABELMAP" || s.Frames[f].Segment == n
}

// MaskOn places segment sg on the grid (g, size): every frame must lie on a
// slice of the grid, in its orientation and pixel spacing.
func (s *Segmentation) MaskOn(sg Segment, g volume.Geometry, size [3]int) (*volume.Mask, error) {
	for i := 0; i < 3; i++ {
		if math.Abs(s.Orientation[i]-g.Direction[i][0]) > 1e-4 || math.Abs(s.Orientation[3+i]-g.Direction[i][1]) > 1e-4 {
			return nil, fmt.Errorf("seg: orientation %v differs from the image's (row %v, column %v)", s.Orientation,
				[3]float64{g.Direction[0][0], g.Direction[1][0], g.Direction[2][0]}, [3]float64{g.Direction[0][1], g.Direction[1][1], g.Direction[2][1]})
		}
	}
	if math.Abs(s.PixelSpacing[1]-g.Spacing[0]) > 1e-4 || math.Abs(s.PixelSpacing[0]-g.Spacing[1]) > 1e-4 {
		return nil, fmt.Errorf("seg: pixel spacing %v differs from the image's %v", s.PixelSpacing, [2]float64{g.Spacing[1], g.Spacing[0]})
	}
	m := volume.NewMask(size, g)
	plane := s.Rows * s.Columns
	for f, fr := range s.Frames {
		if !s.frameApplies(f, sg.Number) {
			continue
		}
		idx := g.Index(fr.Position)
		i0, j0, k := int(math.Round(idx[0])), int(math.Round(idx[1])), int(math.Round(idx[2]))
		if math.Abs(idx[0]-float64(i0)) > 0.01 || math.Abs(idx[1]-float64(j0)) > 0.01 || math.Abs(idx[2]-float64(k)) > 0.05 {
			return nil, fmt.Errorf("seg: frame %d at %v is not on a voxel of the image grid (index %.3f)", f+1, fr.Position, idx)
		}
		any := false
		for p := 0; p < plane; p++ {
			if !s.frameHas(f, p, sg.Number) {
				continue
			}
			i, j := i0+p%s.Columns, j0+p/s.Columns
			if k < 0 || k >= size[2] || i < 0 || j < 0 || i >= size[0] || j >= size[1] {
				return nil, fmt.Errorf("seg: segment %d frame %d has pixels outside the image (voxel %d,%d,%d of %v)", sg.Number, f+1, i, j, k, size)
			}
			m.Labels[m.Offset(i, j, k)] = 1
			any = true
		}
		_ = any
	}
	return m, nil
}

// Grid returns the SEG's own grid: its frame plane, with slices from the
// lowest to the highest frame position along the normal, at
// SpacingBetweenSlices (or the smallest step between frame positions).
func (s *Segmentation) Grid() (volume.Geometry, [3]int, error) {
	var g volume.Geometry
	row := [3]float64{s.Orientation[0], s.Orientation[1], s.Orientation[2]}
	col := [3]float64{s.Orientation[3], s.Orientation[4], s.Orientation[5]}
	n := [3]float64{row[1]*col[2] - row[2]*col[1], row[2]*col[0] - row[0]*col[2], row[0]*col[1] - row[1]*col[0]}
	nl := math.Sqrt(n[0]*n[0] + n[1]*n[1] + n[2]*n[2])
	if nl < 0.5 {
		return g, [3]int{}, fmt.Errorf("seg: degenerate orientation %v", s.Orientation)
	}
	for i := range n {
		n[i] /= nl
	}
	var pos []float64
	first := map[float64][3]float64{}
	for _, fr := range s.Frames {
		d := fr.Position[0]*n[0] + fr.Position[1]*n[1] + fr.Position[2]*n[2]
		pos = append(pos, d)
		first[d] = fr.Position
	}
	sort.Float64s(pos)
	step := s.SliceSpacing
	if step <= 0 {
		step = math.Inf(1)
		for i := 1; i < len(pos); i++ {
			if d := pos[i] - pos[i-1]; d > 1e-3 && d < step {
				step = d
			}
		}
		if math.IsInf(step, 1) {
			step = 1
		}
	}
	nz := int(math.Round((pos[len(pos)-1]-pos[0])/step)) + 1
	if nz > 1<<14 || int64(nz)*int64(s.Rows)*int64(s.Columns) > 1<<31 {
		return g, [3]int{}, fmt.Errorf("seg: frames span %d slices", nz)
	}
	g.Spacing = [3]float64{s.PixelSpacing[1], s.PixelSpacing[0], step}
	g.Origin = first[pos[0]]
	for r := 0; r < 3; r++ {
		g.Direction[r] = [3]float64{row[r], col[r], n[r]}
	}
	return g, [3]int{s.Columns, s.Rows, nz}, nil
}

// Mask returns segment sg on the SEG's own grid (see Grid).
func (s *Segmentation) Mask(sg Segment) (*volume.Mask, error) {
	g, size, err := s.Grid()
	if err != nil {
		return nil, err
	}
	return s.MaskOn(sg, g, size)
}

// Count returns the number of pixels of segment sg over all frames.
func (s *Segmentation) Count(sg Segment) int {
	n := 0
	plane := s.Rows * s.Columns
	for f := range s.Frames {
		if !s.frameApplies(f, sg.Number) {
			continue
		}
		for p := 0; p < plane; p++ {
			if s.frameHas(f, p, sg.Number) {
				n++
			}
		}
	}
	return n
}
