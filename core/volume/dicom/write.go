package dicom

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"radgo/core/volume"
)

// Elem is a data element to write. Exactly one of Value and Items is used:
// VR "SQ" writes Items (each a list of elements) with undefined lengths.
type Elem struct {
	Tag   Tag
	VR    string
	Value []byte
	Items [][]Elem
}

// Str returns a text element; values of multi-valued attributes are joined
// with backslashes.
func Str(tag Tag, vr string, values ...string) Elem {
	return Elem{Tag: tag, VR: vr, Value: []byte(strings.Join(values, "\\"))}
}

// Decimals returns a DS element from numbers (at most 16 characters each).
func Decimals(tag Tag, values ...float64) Elem {
	s := make([]string, len(values))
	for i, v := range values {
		s[i] = formatDS(v)
	}
	return Str(tag, "DS", s...)
}

// formatDS formats v in at most 16 characters, as DS requires.
func formatDS(v float64) string {
	if s := strconv.FormatFloat(v, 'g', -1, 64); len(s) <= 16 {
		return s // exact round trip
	}
	for prec := 16; prec > 0; prec-- {
		s := strconv.FormatFloat(v, 'g', prec, 64)
		if len(s) <= 16 {
			return s
		}
	}
	return "0"
}

// US returns an unsigned short element.
func US(tag Tag, values ...uint16) Elem {
	b := make([]byte, 0, 2*len(values))
	for _, v := range values {
		b = binary.LittleEndian.AppendUint16(b, v)
	}
	return Elem{Tag: tag, VR: "US", Value: b}
}

// Seq returns a sequence element.
func Seq(tag Tag, items ...[]Elem) Elem { return Elem{Tag: tag, VR: "SQ", Items: items} }

// UID derives a DICOM UID from text under the 2.25 (UUID) root: the same
// text always gives the same UID, so generated data are reproducible.
func UID(text string) string {
	h := sha256.Sum256([]byte(text))
	h[6] = h[6]&0x0f | 0x80 // mark as a name-based UUID (RFC 4122 v8 layout)
	h[8] = h[8]&0x3f | 0x80
	return "2.25." + new(big.Int).SetBytes(h[:16]).String()
}

func appendElem(b []byte, e Elem) []byte { return appendElemVR(b, e, true) }

func appendElemVR(b []byte, e Elem, explicit bool) []byte {
	b = binary.LittleEndian.AppendUint16(b, e.Tag.Group())
	b = binary.LittleEndian.AppendUint16(b, e.Tag.Element())
	if explicit {
		b = append(b, e.VR...)
	}
	if e.VR == "SQ" {
		if explicit {
			b = append(b, 0, 0)
		}
		b = append(b, 0xff, 0xff, 0xff, 0xff)
		for _, it := range e.Items {
			b = append(b, 0xfe, 0xff, 0x00, 0xe0, 0xff, 0xff, 0xff, 0xff)
			for _, c := range sorted(it) {
				b = appendElemVR(b, c, explicit)
			}
			b = append(b, 0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0)
		}
		return append(b, 0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0)
	}
	v := e.Value
	if len(v)%2 == 1 {
		pad := byte(' ')
		switch e.VR {
		case "UI", "OB", "UN":
			pad = 0
		}
		v = append(append([]byte(nil), v...), pad)
	}
	if !explicit {
		b = binary.LittleEndian.AppendUint32(b, uint32(len(v)))
	} else if longVR(e.VR) {
		b = append(b, 0, 0)
		b = binary.LittleEndian.AppendUint32(b, uint32(len(v)))
	} else {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(v)))
	}
	return append(b, v...)
}

func sorted(es []Elem) []Elem {
	s := append([]Elem(nil), es...)
	sort.SliceStable(s, func(i, j int) bool { return s[i].Tag < s[j].Tag })
	return s
}

// Encode returns a DICOM Part 10 file (Explicit VR Little Endian) holding
// elems, with its file meta information.
func Encode(sopClass, sopInstance string, elems []Elem) ([]byte, error) {
	return encodeFile(sopClass, sopInstance, elems, true)
}

// EncodeImplicit is Encode in Implicit VR Little Endian, which has no
// 64 KB limit on text values (long RTSTRUCT ContourData).
func EncodeImplicit(sopClass, sopInstance string, elems []Elem) ([]byte, error) {
	return encodeFile(sopClass, sopInstance, elems, false)
}

func tooLong(es []Elem) error {
	for _, e := range es {
		if !longVR(e.VR) && e.VR != "SQ" && len(e.Value) > 0xfffe {
			return fmt.Errorf("dicom: element %v (%s) of %d bytes is too long for its VR in explicit VR", e.Tag, e.VR, len(e.Value))
		}
		for _, it := range e.Items {
			if err := tooLong(it); err != nil {
				return err
			}
		}
	}
	return nil
}

func encodeFile(sopClass, sopInstance string, elems []Elem, explicit bool) ([]byte, error) {
	if explicit {
		if err := tooLong(elems); err != nil {
			return nil, err
		}
	}
	ts := ExplicitVRLittleEndian
	if !explicit {
		ts = ImplicitVRLittleEndian
	}
	var meta []byte
	for _, e := range []Elem{
		{Tag: 0x00020001, VR: "OB", Value: []byte{0, 1}},
		Str(0x00020002, "UI", sopClass), Str(0x00020003, "UI", sopInstance),
		Str(TagTransferSyntaxUID, "UI", ts),
		Str(0x00020012, "UI", UID("radgo implementation")), Str(0x00020013, "SH", "RADGO"),
	} {
		meta = appendElem(meta, e)
	}
	var b bytes.Buffer
	b.Write(make([]byte, 128))
	b.WriteString("DICM")
	b.Write(appendElem(nil, Elem{Tag: 0x00020000, VR: "UL", Value: binary.LittleEndian.AppendUint32(nil, uint32(len(meta)))}))
	b.Write(meta)
	all := append([]Elem{Str(TagSOPClassUID, "UI", sopClass), Str(TagSOPInstanceUID, "UI", sopInstance)}, elems...)
	var body []byte
	for _, e := range sorted(all) {
		body = appendElemVR(body, e, explicit)
	}
	b.Write(body)
	return b.Bytes(), nil
}

// CTImageStorage is the SOP class of the files WriteSeries writes.
const CTImageStorage = "1.2.840.10008.5.1.4.1.1.2"

// SeriesInfo names the patient, study and series of a written series.
// Empty UIDs are derived from PatientID and SeriesDescription. The other
// text fields are written as given; the Type 2 attributes of the CT Image
// IOD that have no field here (PatientBirthDate, AccessionNumber,
// ReferringPhysicianName, PositionReferenceIndicator, KVP,
// AcquisitionNumber) are written empty, as PS3.3 allows for unknown values.
type SeriesInfo struct {
	PatientID           string
	PatientName         string
	PatientSex          string // M, F, O or "" (unknown)
	StudyInstanceUID    string
	SeriesInstanceUID   string
	FrameOfReferenceUID string
	SeriesDescription   string
	StudyDate           string // YYYYMMDD
	StudyTime           string // HHMMSS; Type 2, written empty when ""
	StudyID             string // (0020,0010); Type 2, written empty when ""
	// Manufacturer (0008,0070) of the equipment that made the series;
	// Type 2, written empty when "".
	Manufacturer string
	// PatientPosition (0018,5100), e.g. "HFS" (head first supine); Type 2C
	// for CT, written empty when "".
	PatientPosition string
	// BodyPartExamined (0018,0015), e.g. "CHEST"; written only when set.
	// Without it the body part may be a paired one of unknown laterality,
	// so Laterality (0020,0060, Type 2C) is then written empty; with it
	// the part is taken to be unpaired and Laterality is omitted.
	BodyPartExamined string
	// RescaleIntercept is written as (0028,1052); the stored value of a
	// voxel is its value minus the intercept (-1024: stored = HU + 1024).
	RescaleIntercept float64
	// WindowCenter and WindowWidth (0028,1050/1051) are the default display
	// window in output units (HU), e.g. 40/400 for soft tissue; written
	// only when WindowWidth > 0 (a width must be at least 1).
	WindowCenter, WindowWidth float64
}

// WriteSeries writes v as a CT series, one file per slice (slice%04d.dcm)
// in dir, signed 16-bit with RescaleSlope 1 and info.RescaleIntercept, and
// returns the SOP Instance UIDs by slice. Values minus the intercept must
// be integers in the int16 range (Hounsfield units are, with intercept 0
// or -1024). Each file holds the Type 1 and Type 2 attributes of the
// modules of the CT Image IOD (PS3.3 A.3: Patient, General Study, General
// Series, Frame of Reference, General Equipment, General Image, Image
// Plane, Image Pixel, CT Image, SOP Common), plus the VOI LUT window when
// info has one.
func WriteSeries(dir string, v *volume.Volume, info SeriesInfo) ([]string, error) {
	icpt := info.RescaleIntercept
	for i, x := range v.Voxels {
		if s := x - icpt; s != math.Trunc(s) || s < math.MinInt16 || s > math.MaxInt16 {
			return nil, fmt.Errorf("dicom: voxel %d = %g minus rescale intercept %g is not an int16 value", i, x, icpt)
		}
	}
	if w := info.WindowWidth; w != 0 && !(w >= 1 && !math.IsInf(w, 1)) || math.IsNaN(info.WindowCenter) || math.IsInf(info.WindowCenter, 0) {
		return nil, fmt.Errorf("dicom: window center %g width %g: the width must be at least 1 (or 0 for no window) and both finite", info.WindowCenter, info.WindowWidth)
	}
	if info.PatientID == "" {
		info.PatientID = "ANON"
	}
	seed := info.PatientID + "/" + info.SeriesDescription
	if info.StudyInstanceUID == "" {
		info.StudyInstanceUID = UID(seed + "/study")
	}
	if info.SeriesInstanceUID == "" {
		info.SeriesInstanceUID = UID(seed + "/series")
	}
	if info.FrameOfReferenceUID == "" {
		info.FrameOfReferenceUID = UID(seed + "/frame")
	}
	if v.Size[0] > math.MaxUint16 || v.Size[1] > math.MaxUint16 {
		return nil, fmt.Errorf("dicom: slices of %d×%d pixels exceed DICOM's 65535", v.Size[0], v.Size[1])
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	d := v.Direction
	// The slice normal is row × column direction; SliceLocation is the
	// position of each slice's first voxel along it.
	normal := [3]float64{
		d[1][0]*d[2][1] - d[2][0]*d[1][1],
		d[2][0]*d[0][1] - d[0][0]*d[2][1],
		d[0][0]*d[1][1] - d[1][0]*d[0][1],
	}
	// Attributes shared by every slice.
	common := []Elem{
		Str(0x00080008, "CS", "DERIVED", "SECONDARY", "AXIAL"),
		// Patient module
		Str(0x00100010, "PN", info.PatientName),
		Str(TagPatientID, "LO", info.PatientID),
		Str(0x00100030, "DA", ""),
		Str(0x00100040, "CS", info.PatientSex),
		// General Study module
		Str(TagStudyInstanceUID, "UI", info.StudyInstanceUID),
		Str(0x00080020, "DA", info.StudyDate),
		Str(0x00080030, "TM", info.StudyTime),
		Str(0x00080090, "PN", ""),
		Str(0x00200010, "SH", info.StudyID),
		Str(0x00080050, "SH", ""),
		// General Series module
		Str(TagModality, "CS", "CT"),
		Str(TagSeriesInstanceUID, "UI", info.SeriesInstanceUID),
		Str(0x00200011, "IS", "1"),
		Str(TagSeriesDescription, "LO", info.SeriesDescription),
		Str(0x00185100, "CS", info.PatientPosition),
		// Frame of Reference module
		Str(TagFrameOfReferenceUID, "UI", info.FrameOfReferenceUID),
		Str(0x00201040, "LO", ""),
		// General Equipment module
		Str(0x00080070, "LO", info.Manufacturer),
		// Image Plane module (per-slice position below)
		Decimals(TagImageOrientation, d[0][0], d[1][0], d[2][0], d[0][1], d[1][1], d[2][1]),
		Decimals(TagPixelSpacing, v.Spacing[1], v.Spacing[0]),
		Decimals(TagSliceThickness, v.Spacing[2]),
		// Image Pixel module
		US(TagSamplesPerPixel, 1),
		Str(TagPhotometric, "CS", "MONOCHROME2"),
		US(TagRows, uint16(v.Size[1])),
		US(TagColumns, uint16(v.Size[0])),
		US(TagBitsAllocated, 16), US(TagBitsStored, 16), US(TagHighBit, 15), US(TagPixelRepresentation, 1),
		// CT Image module
		Str(0x00180060, "DS", ""),
		Str(0x00200012, "IS", ""),
		Decimals(TagRescaleIntercept, icpt), Decimals(TagRescaleSlope, 1),
		Str(0x00281054, "LO", "HU"),
	}
	if info.BodyPartExamined != "" {
		common = append(common, Str(0x00180015, "CS", info.BodyPartExamined))
	} else {
		common = append(common, Str(0x00200060, "CS", ""))
	}
	if info.WindowWidth > 0 {
		common = append(common, Decimals(0x00281050, info.WindowCenter), Decimals(0x00281051, info.WindowWidth))
	}
	plane := v.Size[0] * v.Size[1]
	uids := make([]string, v.Size[2])
	for k := 0; k < v.Size[2]; k++ {
		uids[k] = UID(info.SeriesInstanceUID + "/" + strconv.Itoa(k))
		pos := v.Point(0, 0, float64(k))
		px := make([]byte, 0, 2*plane)
		for _, x := range v.Voxels[k*plane : (k+1)*plane] {
			px = binary.LittleEndian.AppendUint16(px, uint16(int16(x-icpt)))
		}
		elems := append(append([]Elem(nil), common...),
			Str(TagInstanceNumber, "IS", strconv.Itoa(k+1)),
			Decimals(TagImagePosition, pos[0], pos[1], pos[2]),
			Decimals(0x00201041, pos[0]*normal[0]+pos[1]*normal[1]+pos[2]*normal[2]),
			Elem{Tag: TagPixelData, VR: "OW", Value: px},
		)
		b, err := Encode(CTImageStorage, uids[k], elems)
		if err != nil {
			return nil, err
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("slice%04d.dcm", k)), b, 0o644); err != nil {
			return nil, err
		}
	}
	return uids, nil
}
