package nrrd

import (
	"fmt"
	"strconv"
	"strings"

	"radgo/core/volume"
)

// Segment is one segment of a 3D Slicer segmentation.
type Segment struct {
	Index      int    // N in the SegmentN_* keys
	ID         string // SegmentN_ID
	Name       string // SegmentN_Name
	LabelValue int    // SegmentN_LabelValue (1 when absent)
	Layer      int    // SegmentN_Layer: index on the list axis of a 4-D file (0 for 3-D)
	Color      [3]float64
}

// Segmentation is a 3D Slicer .seg.nrrd: label layers on one grid plus
// segment metadata.
type Segmentation struct {
	Segments []Segment
	// Layers holds one label map per layer; a 3-D file has one.
	Layers []*volume.Mask
}

// ReadSegmentation reads the 3D Slicer segmentation file name (3-D label
// map or 4-D layered form).
func ReadSegmentation(name string) (*Segmentation, error) {
	d, err := ReadData(name)
	if err != nil {
		return nil, err
	}
	s, err := d.Segmentation()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return s, nil
}

// IsSegmentation reports whether h carries Slicer segment metadata.
func (h *Header) IsSegmentation() bool {
	_, ok := h.KeyValues["Segment0_ID"]
	if !ok {
		_, ok = h.KeyValues["Segment0_Name"]
	}
	return ok
}

// Segmentation interprets d as a 3D Slicer segmentation.
func (d *Data) Segmentation() (*Segmentation, error) {
	h := d.Header
	if !h.IsSegmentation() {
		return nil, ErrNotSegmentation
	}
	g, size, err := h.Geometry()
	if err != nil {
		return nil, err
	}
	nvox := size[0] * size[1] * size[2]
	nlayers := len(d.Values) / nvox
	ax := h.SpatialAxes()
	if nlayers > 1 && (h.Dimension != 4 || len(ax) != 3 || ax[0] != 1) {
		return nil, UnsupportedError(fmt.Sprintf("segmentation with sizes %v: want the layer (list) axis first", h.Sizes))
	}
	s := &Segmentation{}
	for l := 0; l < nlayers; l++ {
		m := volume.NewMask(size, g)
		for v := 0; v < nvox; v++ {
			x := d.Values[v*nlayers+l]
			if x < 0 || x > 255 || x != float64(int(x)) {
				return nil, UnsupportedError(fmt.Sprintf("label value %g in layer %d is not an integer in 0..255", x, l))
			}
			m.Labels[v] = uint8(x)
		}
		s.Layers = append(s.Layers, m)
	}
	for n := 0; ; n++ {
		p := "Segment" + strconv.Itoa(n) + "_"
		id, okID := h.KeyValues[p+"ID"]
		name, okName := h.KeyValues[p+"Name"]
		if !okID && !okName {
			break
		}
		seg := Segment{Index: n, ID: id, Name: name, LabelValue: 1}
		if v, ok := h.KeyValues[p+"LabelValue"]; ok {
			x, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || x < 0 || x > 255 {
				return nil, FormatError(fmt.Sprintf("%sLabelValue %q", p, v))
			}
			seg.LabelValue = x
		}
		if v, ok := h.KeyValues[p+"Layer"]; ok {
			x, err := strconv.Atoi(strings.TrimSpace(v))
			if err != nil || x < 0 || x >= nlayers {
				return nil, FormatError(fmt.Sprintf("%sLayer %q with %d layers", p, v, nlayers))
			}
			seg.Layer = x
		} else if nlayers > 1 && n < nlayers {
			seg.Layer = n // older layered files: one segment per layer
		}
		if v, ok := h.KeyValues[p+"Color"]; ok {
			f := strings.Fields(v)
			for i := 0; i < 3 && i < len(f); i++ {
				seg.Color[i], _ = strconv.ParseFloat(f[i], 64)
			}
		}
		s.Segments = append(s.Segments, seg)
		if n > 1<<16 {
			break
		}
	}
	return s, nil
}

// Find returns the segment whose Name or ID equals name.
func (s *Segmentation) Find(name string) (Segment, bool) {
	for _, seg := range s.Segments {
		if seg.Name == name || seg.ID == name {
			return seg, true
		}
	}
	return Segment{}, false
}

// Mask returns a binary mask (label 1) of the segment's voxels.
func (s *Segmentation) Mask(seg Segment) *volume.Mask {
	l := s.Layers[seg.Layer]
	m := volume.NewMask(l.Size, l.Geometry)
	want := uint8(seg.LabelValue)
	for i, x := range l.Labels {
		if x == want {
			m.Labels[i] = 1
		}
	}
	return m
}
