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
// Empty UIDs are derived from PatientID and SeriesDescription.
type SeriesInfo struct {
	PatientID           string
	PatientName         string
	StudyInstanceUID    string
	SeriesInstanceUID   string
	FrameOfReferenceUID string
	SeriesDescription   string
	StudyDate           string // YYYYMMDD
}

// WriteSeries writes v as a CT series, one file per slice (slice%04d.dcm)
// in dir, signed 16-bit with RescaleSlope 1 and RescaleIntercept 0, and
// returns the SOP Instance UIDs by slice. Values must be integers in the
// int16 range (Hounsfield units are).
func WriteSeries(dir string, v *volume.Volume, info SeriesInfo) ([]string, error) {
	for i, x := range v.Voxels {
		if x != math.Trunc(x) || x < math.MinInt16 || x > math.MaxInt16 {
			return nil, fmt.Errorf("dicom: voxel %d = %g is not an int16 value", i, x)
		}
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
	plane := v.Size[0] * v.Size[1]
	uids := make([]string, v.Size[2])
	for k := 0; k < v.Size[2]; k++ {
		uids[k] = UID(info.SeriesInstanceUID + "/" + strconv.Itoa(k))
		pos := v.Point(0, 0, float64(k))
		px := make([]byte, 0, 2*plane)
		for _, x := range v.Voxels[k*plane : (k+1)*plane] {
			px = binary.LittleEndian.AppendUint16(px, uint16(int16(x)))
		}
		elems := []Elem{
			Str(0x00080008, "CS", "DERIVED", "SECONDARY", "AXIAL"),
			Str(0x00080020, "DA", info.StudyDate),
			Str(TagModality, "CS", "CT"),
			Str(TagSeriesDescription, "LO", info.SeriesDescription),
			Str(0x00100010, "PN", info.PatientName),
			Str(TagPatientID, "LO", info.PatientID),
			Decimals(TagSliceThickness, v.Spacing[2]),
			Str(TagStudyInstanceUID, "UI", info.StudyInstanceUID),
			Str(TagSeriesInstanceUID, "UI", info.SeriesInstanceUID),
			Str(0x00200011, "IS", "1"),
			Str(TagInstanceNumber, "IS", strconv.Itoa(k+1)),
			Decimals(TagImagePosition, pos[0], pos[1], pos[2]),
			Decimals(TagImageOrientation, d[0][0], d[1][0], d[2][0], d[0][1], d[1][1], d[2][1]),
			Str(TagFrameOfReferenceUID, "UI", info.FrameOfReferenceUID),
			US(TagSamplesPerPixel, 1),
			Str(TagPhotometric, "CS", "MONOCHROME2"),
			US(TagRows, uint16(v.Size[1])),
			US(TagColumns, uint16(v.Size[0])),
			Decimals(TagPixelSpacing, v.Spacing[1], v.Spacing[0]),
			US(TagBitsAllocated, 16), US(TagBitsStored, 16), US(TagHighBit, 15), US(TagPixelRepresentation, 1),
			Decimals(TagRescaleIntercept, 0), Decimals(TagRescaleSlope, 1),
			Str(0x00281054, "LO", "HU"),
			{Tag: TagPixelData, VR: "OW", Value: px},
		}
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
