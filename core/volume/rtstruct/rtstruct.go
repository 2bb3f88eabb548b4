package rtstruct

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"radgo/core/volume"
	"radgo/core/volume/dicom"
)

// Tags of the RT Structure Set module.
const (
	tagStructureSetLabel  dicom.Tag = 0x30060002
	tagRefFrameOfRefSeq   dicom.Tag = 0x30060010
	tagStructureSetROISeq dicom.Tag = 0x30060020
	tagROINumber          dicom.Tag = 0x30060022
	tagRefFrameOfRefUID   dicom.Tag = 0x30060024
	tagROIName            dicom.Tag = 0x30060026
	tagROIContourSeq      dicom.Tag = 0x30060039
	tagROIDisplayColor    dicom.Tag = 0x3006002A
	tagContourSeq         dicom.Tag = 0x30060040
	tagContourImageSeq    dicom.Tag = 0x30060016
	tagContourGeomType    dicom.Tag = 0x30060042
	tagNumContourPoints   dicom.Tag = 0x30060046
	tagContourData        dicom.Tag = 0x30060050
	tagRefROINumber       dicom.Tag = 0x30060084
	tagROIObservationsSeq dicom.Tag = 0x30060080
	tagInterpretedType    dicom.Tag = 0x300600A4
	tagObsRefROINumber    dicom.Tag = 0x30060084
)

// StructureSet is a parsed RTSTRUCT.
type StructureSet struct {
	Path                string
	Label               string
	FrameOfReferenceUID string // of the first ReferencedFrameOfReferenceSequence item
	ROIs                []*ROI
}

// ROI is one region of interest.
type ROI struct {
	Number              int
	Name                string
	FrameOfReferenceUID string
	InterpretedType     string // RTROIInterpretedType: GTV, CTV, ORGAN, ...
	Color               [3]int
	Contours            []Contour
}

// Contour is one planar contour.
type Contour struct {
	Type          string // ContourGeometricType: CLOSED_PLANAR, CLOSEDPLANAR_XOR, POINT, OPEN_PLANAR, OPEN_NONPLANAR
	Points        [][3]float64
	ReferencedSOP string // first ContourImageSequence ReferencedSOPInstanceUID, "" if none
}

// ReadFile reads the RTSTRUCT file name. Errors name the file.
func ReadFile(name string) (*StructureSet, error) {
	ds, err := dicom.ParseFile(name)
	if err != nil {
		return nil, err
	}
	ss, err := FromDataset(ds)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	ss.Path = name
	return ss, nil
}

// Decode parses an RTSTRUCT held in b.
func Decode(b []byte) (*StructureSet, error) {
	ds, err := dicom.Parse(b)
	if err != nil {
		return nil, err
	}
	return FromDataset(ds)
}

// FromDataset interprets a parsed data set as an RT Structure Set.
func FromDataset(ds *dicom.Dataset) (*StructureSet, error) {
	if m := ds.Modality(); m != "RTSTRUCT" {
		return nil, fmt.Errorf("rtstruct: Modality is %q, not RTSTRUCT", m)
	}
	ss := &StructureSet{Label: ds.String(tagStructureSetLabel)}
	if it := ds.Item(tagRefFrameOfRefSeq, 0); it != nil {
		ss.FrameOfReferenceUID = it.String(dicom.TagFrameOfReferenceUID)
	}
	byNum := map[int]*ROI{}
	for i, it := range ds.Seq(tagStructureSetROISeq) {
		n := it.Int(tagROINumber, -1)
		if n < 0 {
			return nil, fmt.Errorf("rtstruct: StructureSetROISequence item %d has no ROINumber", i+1)
		}
		r := &ROI{Number: n, Name: it.String(tagROIName), FrameOfReferenceUID: it.String(tagRefFrameOfRefUID)}
		if _, dup := byNum[n]; dup {
			return nil, fmt.Errorf("rtstruct: ROINumber %d used twice", n)
		}
		byNum[n] = r
		ss.ROIs = append(ss.ROIs, r)
	}
	for _, it := range ds.Seq(tagROIObservationsSeq) {
		if r := byNum[it.Int(tagObsRefROINumber, -1)]; r != nil {
			r.InterpretedType = it.String(tagInterpretedType)
		}
	}
	for i, it := range ds.Seq(tagROIContourSeq) {
		n := it.Int(tagRefROINumber, -1)
		r := byNum[n]
		if r == nil {
			return nil, fmt.Errorf("rtstruct: ROIContourSequence item %d references ROI %d, which the StructureSetROISequence does not define", i+1, n)
		}
		if c, _ := it.Floats(tagROIDisplayColor); len(c) >= 3 {
			r.Color = [3]int{int(c[0]), int(c[1]), int(c[2])}
		}
		for j, ct := range it.Seq(tagContourSeq) {
			data, err := ct.Floats(tagContourData)
			if err != nil {
				return nil, fmt.Errorf("rtstruct: ROI %q contour %d: %w", r.Name, j+1, err)
			}
			if len(data)%3 != 0 {
				return nil, fmt.Errorf("rtstruct: ROI %q contour %d: %d ContourData values, not a multiple of 3", r.Name, j+1, len(data))
			}
			if np := ct.Int(tagNumContourPoints, len(data)/3); np != len(data)/3 {
				return nil, fmt.Errorf("rtstruct: ROI %q contour %d: NumberOfContourPoints %d but %d points", r.Name, j+1, np, len(data)/3)
			}
			c := Contour{Type: ct.String(tagContourGeomType), Points: make([][3]float64, len(data)/3)}
			for p := range c.Points {
				c.Points[p] = [3]float64{data[3*p], data[3*p+1], data[3*p+2]}
			}
			for _, x := range data {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					return nil, fmt.Errorf("rtstruct: ROI %q contour %d: non-finite coordinate", r.Name, j+1)
				}
			}
			if im := ct.Item(tagContourImageSeq, 0); im != nil {
				c.ReferencedSOP = im.String(dicom.TagReferencedSOPInst)
			}
			r.Contours = append(r.Contours, c)
		}
	}
	return ss, nil
}

// Names lists the ROI names in file order.
func (ss *StructureSet) Names() []string {
	n := make([]string, len(ss.ROIs))
	for i, r := range ss.ROIs {
		n[i] = r.Name
	}
	return n
}

// Pick returns the ROI named name (exactly, else ignoring case); with an
// empty name, the only ROI that has contours.
func (ss *StructureSet) Pick(name string) (*ROI, error) {
	if name == "" {
		var withContours []*ROI
		for _, r := range ss.ROIs {
			if len(r.Contours) > 0 {
				withContours = append(withContours, r)
			}
		}
		if len(withContours) == 1 {
			return withContours[0], nil
		}
		return nil, fmt.Errorf("rtstruct: %d ROIs with contours; choose one by name (%s)", len(withContours), quoteAll(ss.Names()))
	}
	for _, r := range ss.ROIs {
		if r.Name == name {
			return r, nil
		}
	}
	for _, r := range ss.ROIs {
		if strings.EqualFold(r.Name, name) {
			return r, nil
		}
	}
	return nil, fmt.Errorf("rtstruct: no ROI named %q (ROIs: %s)", name, quoteAll(ss.Names()))
}

func quoteAll(s []string) string {
	q := make([]string, len(s))
	for i, x := range s {
		q[i] = fmt.Sprintf("%q", x)
	}
	return strings.Join(q, ", ")
}

// Options adjusts rasterisation.
type Options struct {
	// CombineOR unites the CLOSED_PLANAR contours of one slice instead of
	// XOR-ing them (CLOSEDPLANAR_XOR contours are always XOR-ed).
	CombineOR bool
	// Slices maps CT SOP Instance UIDs to slice indices k; when set,
	// contours referencing an image go to its slice.
	Slices map[string]int
	// FrameOfReferenceUID of the image; when both it and the ROI's are
	// known they must match.
	FrameOfReferenceUID string
}

// Mask rasterises the ROI onto the grid (g, size) and returns a binary mask
// (label 1) and warnings about contours that were skipped or clipped.
func (roi *ROI) Mask(g volume.Geometry, size [3]int, o *Options) (*volume.Mask, []string, error) {
	if o == nil {
		o = &Options{}
	}
	if o.FrameOfReferenceUID != "" && roi.FrameOfReferenceUID != "" && o.FrameOfReferenceUID != roi.FrameOfReferenceUID {
		return nil, nil, fmt.Errorf("rtstruct: ROI %q is in FrameOfReferenceUID %s, the image in %s: it was not drawn on this series", roi.Name, roi.FrameOfReferenceUID, o.FrameOfReferenceUID)
	}
	m := volume.NewMask(size, g)
	var warn []string
	plane := size[0] * size[1]
	clipped := 0
	skipped := map[string]int{}
	pts := make([][2]float64, 0, 256)
	for ci, c := range roi.Contours {
		switch c.Type {
		case "CLOSED_PLANAR", "CLOSEDPLANAR_XOR", "":
		default:
			skipped[c.Type]++
			continue
		}
		if len(c.Points) < 3 {
			skipped[fmt.Sprintf("%s with %d points", c.Type, len(c.Points))]++
			continue
		}
		pts = pts[:0]
		kmin, kmax := math.Inf(1), math.Inf(-1)
		for _, p := range c.Points {
			idx := g.Index(p)
			pts = append(pts, [2]float64{idx[0], idx[1]})
			kmin, kmax = math.Min(kmin, idx[2]), math.Max(kmax, idx[2])
		}
		if (kmax-kmin)*g.Spacing[2] > 0.1 {
			return nil, nil, fmt.Errorf("rtstruct: ROI %q contour %d is not planar in the image's slice direction (spread %.3g mm)", roi.Name, ci+1, (kmax-kmin)*g.Spacing[2])
		}
		kf := (kmin + kmax) / 2
		k := int(math.Round(kf))
		if ref, ok := o.Slices[c.ReferencedSOP]; ok && c.ReferencedSOP != "" {
			if math.Abs(float64(ref)-kf) > 0.5 {
				return nil, nil, fmt.Errorf("rtstruct: ROI %q contour %d references slice %d but lies at slice %.2f", roi.Name, ci+1, ref, kf)
			}
			k = ref
		} else if math.Abs(kf-float64(k)) > 0.1 {
			return nil, nil, fmt.Errorf("rtstruct: ROI %q contour %d lies between slices %d and %d (index %.3f): the RTSTRUCT was drawn on another grid", roi.Name, ci+1, int(math.Floor(kf)), int(math.Floor(kf))+1, kf)
		}
		if k < 0 || k >= size[2] {
			return nil, nil, fmt.Errorf("rtstruct: ROI %q contour %d is at slice %d, outside the image's %d slices", roi.Name, ci+1, k, size[2])
		}
		xor := !o.CombineOR || c.Type == "CLOSEDPLANAR_XOR"
		if fill(m.Labels[k*plane:(k+1)*plane], size[0], size[1], pts, xor) {
			clipped++
		}
	}
	if clipped > 0 {
		warn = append(warn, fmt.Sprintf("ROI %q: %d contour(s) extend outside the image and were clipped", roi.Name, clipped))
	}
	var keys []string
	for t := range skipped {
		keys = append(keys, t)
	}
	sort.Strings(keys)
	for _, t := range keys {
		warn = append(warn, fmt.Sprintf("ROI %q: %d %s contour(s) skipped (they enclose no area)", roi.Name, skipped[t], t))
	}
	return m, warn, nil
}

// fill rasterises one polygon (continuous column, row indices) into the
// slice buf (cols×rows), XOR-ing or OR-ing label 1. It reports whether the
// polygon extends outside the slice.
func fill(buf []uint8, cols, rows int, pts [][2]float64, xor bool) bool {
	ymin, ymax := math.Inf(1), math.Inf(-1)
	xmin, xmax := math.Inf(1), math.Inf(-1)
	for _, p := range pts {
		ymin, ymax = math.Min(ymin, p[1]), math.Max(ymax, p[1])
		xmin, xmax = math.Min(xmin, p[0]), math.Max(xmax, p[0])
	}
	outside := xmin < -0.5 || ymin < -0.5 || xmax > float64(cols)-0.5 || ymax > float64(rows)-0.5
	r0 := max(0, int(math.Ceil(ymin)))
	r1 := min(rows-1, int(math.Floor(ymax)))
	xs := make([]float64, 0, 16)
	n := len(pts)
	for r := r0; r <= r1; r++ {
		y := float64(r)
		xs = xs[:0]
		for i := 0; i < n; i++ {
			a, b := pts[i], pts[(i+1)%n]
			if (a[1] <= y) != (b[1] <= y) {
				xs = append(xs, a[0]+(y-a[1])*(b[0]-a[0])/(b[1]-a[1]))
			}
		}
		sort.Float64s(xs)
		row := buf[r*cols : (r+1)*cols]
		for i := 0; i+1 < len(xs); i += 2 {
			c0 := max(0, int(math.Ceil(xs[i])))
			c1 := min(cols, int(math.Ceil(xs[i+1])))
			for c := c0; c < c1; c++ {
				if xor {
					row[c] ^= 1
				} else {
					row[c] = 1
				}
			}
		}
	}
	return outside
}
