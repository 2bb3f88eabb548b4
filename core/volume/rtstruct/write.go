package rtstruct

import (
	"fmt"
	"math"
	"os"
	"strconv"

	"radgo/core/volume"
	"radgo/core/volume/dicom"
)

// RTStructureSetStorage is the SOP class of RT Structure Sets.
const RTStructureSetStorage = "1.2.840.10008.5.1.4.1.1.481.3"

// Reference describes the image series a structure set is drawn on.
type Reference struct {
	PatientID, PatientName string
	PatientSex             string // M, F, O or "" (unknown)
	StudyDate              string // YYYYMMDD, as the images' (0008,0020)
	StudyTime              string // HHMMSS, as the images' (0008,0030)
	StudyID                string // as the images' (0020,0010)
	StudyInstanceUID       string
	SeriesInstanceUID      string
	FrameOfReferenceUID    string
	SOPClassUID            string   // of the images; "" = CT Image Storage
	SOPInstanceUIDs        []string // by slice index k
	Geometry               volume.Geometry
	// SeriesDescription (0008,103E) of the RTSTRUCT series, e.g. "Primary
	// tumour, reader 1"; written only when set.
	SeriesDescription string
	// Manufacturer (0008,0070) of the equipment (or software) that made the
	// structure set; Type 2, written empty when "".
	Manufacturer string
}

// Encode writes ss as an RTSTRUCT file (Explicit VR Little Endian, or
// Implicit VR when a contour is too long for explicit VR) referencing the series ref: every contour references the
// image of the slice its first point lies on. The structure set's own UIDs
// are derived from the series and the label, so output is reproducible.
// The file holds the Type 1 and Type 2 attributes of the modules of the RT
// Structure Set IOD (PS3.3 A.19: Patient, General Study, RT Series, Frame
// of Reference, General Equipment, Structure Set, ROI Contour, RT ROI
// Observations, SOP Common); the Type 2 ones without a value here
// (PatientBirthDate, ReferringPhysicianName, AccessionNumber, OperatorsName, PositionReferenceIndicator,
// StructureSetDate/Time, ROIInterpreter) are written empty.
func Encode(ss *StructureSet, ref Reference) ([]byte, error) {
	if ref.SOPClassUID == "" {
		ref.SOPClassUID = dicom.CTImageStorage
	}
	seed := ref.SeriesInstanceUID + "/rtstruct/" + ss.Label
	sop := dicom.UID(seed)
	ia := func(tag dicom.Tag, v int) dicom.Elem { return dicom.Str(tag, "IS", strconv.Itoa(v)) }
	image := func(k int) []dicom.Elem {
		return []dicom.Elem{dicom.Str(0x00081150, "UI", ref.SOPClassUID), dicom.Str(dicom.TagReferencedSOPInst, "UI", ref.SOPInstanceUIDs[k])}
	}
	var allImages [][]dicom.Elem
	for k := range ref.SOPInstanceUIDs {
		allImages = append(allImages, image(k))
	}
	var roiItems, contourItems, obsItems [][]dicom.Elem
	for n, r := range ss.ROIs {
		num := r.Number
		if num == 0 {
			num = n + 1
		}
		roiItems = append(roiItems, []dicom.Elem{ia(tagROINumber, num), dicom.Str(tagRefFrameOfRefUID, "UI", ref.FrameOfReferenceUID),
			dicom.Str(tagROIName, "LO", r.Name), dicom.Str(0x30060036, "CS", "MANUAL")})
		var cs [][]dicom.Elem
		for ci, c := range r.Contours {
			if len(c.Points) == 0 {
				return nil, fmt.Errorf("rtstruct: ROI %q contour %d has no points", r.Name, ci+1)
			}
			typ := c.Type
			if typ == "" {
				typ = "CLOSED_PLANAR"
			}
			data := make([]float64, 0, 3*len(c.Points))
			for _, p := range c.Points {
				data = append(data, p[0], p[1], p[2])
			}
			item := []dicom.Elem{ia(0x30060048, ci+1), dicom.Str(tagContourGeomType, "CS", typ), ia(tagNumContourPoints, len(c.Points)), dicom.Decimals(tagContourData, data...)}
			k := int(math.Round(ref.Geometry.Index(c.Points[0])[2]))
			if k >= 0 && k < len(ref.SOPInstanceUIDs) {
				item = append(item, dicom.Seq(tagContourImageSeq, image(k)))
			}
			cs = append(cs, item)
		}
		color := r.Color
		if color == [3]int{} {
			color = [3]int{255, 0, 0}
		}
		contourItems = append(contourItems, []dicom.Elem{dicom.Str(tagROIDisplayColor, "IS", strconv.Itoa(color[0]), strconv.Itoa(color[1]), strconv.Itoa(color[2])),
			dicom.Seq(tagContourSeq, cs...), ia(tagRefROINumber, num)})
		typ := r.InterpretedType
		if typ == "" {
			typ = "GTV"
		}
		obsItems = append(obsItems, []dicom.Elem{ia(0x30060082, n+1), ia(tagObsRefROINumber, num), dicom.Str(tagInterpretedType, "CS", typ), dicom.Str(0x300600A6, "PN", "")})
	}
	label := ss.Label
	if label == "" {
		label = "RADGO"
	}
	elems := []dicom.Elem{
		// Patient module
		dicom.Str(0x00100010, "PN", ref.PatientName),
		dicom.Str(dicom.TagPatientID, "LO", ref.PatientID),
		dicom.Str(0x00100030, "DA", ""),
		dicom.Str(0x00100040, "CS", ref.PatientSex),
		// General Study module
		dicom.Str(dicom.TagStudyInstanceUID, "UI", ref.StudyInstanceUID),
		dicom.Str(0x00080020, "DA", ref.StudyDate),
		dicom.Str(0x00080030, "TM", ref.StudyTime),
		dicom.Str(0x00080090, "PN", ""),
		dicom.Str(0x00200010, "SH", ref.StudyID),
		dicom.Str(0x00080050, "SH", ""),
		// RT Series module
		dicom.Str(dicom.TagModality, "CS", "RTSTRUCT"),
		dicom.Str(dicom.TagSeriesInstanceUID, "UI", dicom.UID(seed+"/series")),
		dicom.Str(0x00200011, "IS", "1000"),
		dicom.Str(0x00081070, "PN", ""),
		// Frame of Reference module
		dicom.Str(dicom.TagFrameOfReferenceUID, "UI", ref.FrameOfReferenceUID),
		dicom.Str(0x00201040, "LO", ""),
		// General Equipment module
		dicom.Str(0x00080070, "LO", ref.Manufacturer),
		// Structure Set module
		dicom.Str(0x30060008, "DA", ""),
		dicom.Str(0x30060009, "TM", ""),
		dicom.Str(tagStructureSetLabel, "SH", label),
		dicom.Seq(tagRefFrameOfRefSeq, []dicom.Elem{
			dicom.Str(dicom.TagFrameOfReferenceUID, "UI", ref.FrameOfReferenceUID),
			dicom.Seq(0x30060012, []dicom.Elem{
				dicom.Str(0x00081150, "UI", "1.2.840.10008.3.1.2.3.1"),
				dicom.Str(dicom.TagReferencedSOPInst, "UI", ref.StudyInstanceUID),
				dicom.Seq(0x30060014, []dicom.Elem{
					dicom.Str(dicom.TagSeriesInstanceUID, "UI", ref.SeriesInstanceUID),
					dicom.Seq(tagContourImageSeq, allImages...),
				}),
			}),
		}),
		dicom.Seq(tagStructureSetROISeq, roiItems...),
		dicom.Seq(tagROIContourSeq, contourItems...),
		dicom.Seq(tagROIObservationsSeq, obsItems...),
	}
	if ref.SeriesDescription != "" {
		elems = append(elems, dicom.Str(dicom.TagSeriesDescription, "LO", ref.SeriesDescription))
	}
	// Explicit VR Little Endian, which DICOMDIR tools (dcmmkdir) expect;
	// Implicit VR only when a contour's ContourData exceeds explicit VR's
	// 64 KB value length.
	if b, err := dicom.Encode(RTStructureSetStorage, sop, elems); err == nil {
		return b, nil
	}
	return dicom.EncodeImplicit(RTStructureSetStorage, sop, elems)
}

// WriteFile writes ss to the file name (see Encode).
func WriteFile(name string, ss *StructureSet, ref Reference) error {
	b, err := Encode(ss, ref)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return os.WriteFile(name, b, 0o644)
}
