package dicom

import (
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
)

// Tag is a DICOM attribute tag: group<<16 | element.
type Tag uint32

// Group returns the tag's group number.
func (t Tag) Group() uint16 { return uint16(t >> 16) }

// Element returns the tag's element number.
func (t Tag) Element() uint16 { return uint16(t) }

func (t Tag) String() string { return fmt.Sprintf("(%04X,%04X)", t.Group(), t.Element()) }

// Element is one data element. Value references the parsed buffer (it is
// not copied). Sequences have Items; encapsulated pixel data have
// Fragments (the first is the Basic Offset Table, possibly empty).
type Element struct {
	Tag       Tag
	VR        string // as written (explicit VR), or from the dictionary (implicit VR); "UN" if unknown
	Value     []byte
	Items     []*Dataset
	Fragments [][]byte
	explicit  bool // VR was written in the file
}

// Dataset is a list of elements in file order, for the whole file or one
// sequence item.
type Dataset struct {
	Elements  []*Element
	BigEndian bool
	// TransferSyntax is the UID from the file meta information (top level
	// only); "" when the file had no meta group.
	TransferSyntax string
	// PixelDataOmitted is set when the file was parsed with HeaderOnly and
	// had pixel data (their length was checked against the file size).
	PixelDataOmitted bool
}

// FormatError reports a malformed or truncated DICOM file.
type FormatError struct {
	Offset int64
	Msg    string
}

func (e *FormatError) Error() string {
	return fmt.Sprintf("dicom: invalid file at byte %d: %s", e.Offset, e.Msg)
}

// UnsupportedError reports a valid file this package cannot decode, such as
// a compressed transfer syntax without a decoder.
type UnsupportedError struct{ Msg string }

func (e *UnsupportedError) Error() string { return "dicom: unsupported: " + e.Msg }

// Transfer syntax UIDs.
const (
	ImplicitVRLittleEndian = "1.2.840.10008.1.2"
	ExplicitVRLittleEndian = "1.2.840.10008.1.2.1"
	ExplicitVRBigEndian    = "1.2.840.10008.1.2.2"
	DeflatedExplicitVRLE   = "1.2.840.10008.1.2.1.99"
	RLELossless            = "1.2.840.10008.1.2.5"
	JPEGBaseline8Bit       = "1.2.840.10008.1.2.4.50"
	JPEGExtended12Bit      = "1.2.840.10008.1.2.4.51"
	JPEGLosslessP14        = "1.2.840.10008.1.2.4.57"
	JPEGLosslessSV1        = "1.2.840.10008.1.2.4.70"
	JPEGLSLossless         = "1.2.840.10008.1.2.4.80"
	JPEGLSNearLossless     = "1.2.840.10008.1.2.4.81"
	JPEG2000Lossless       = "1.2.840.10008.1.2.4.90"
	JPEG2000               = "1.2.840.10008.1.2.4.91"
)

// Frequently used tags.
const (
	TagTransferSyntaxUID   Tag = 0x00020010
	TagSOPClassUID         Tag = 0x00080016
	TagSOPInstanceUID      Tag = 0x00080018
	TagModality            Tag = 0x00080060
	TagSeriesDescription   Tag = 0x0008103E
	TagPatientID           Tag = 0x00100020
	TagStudyInstanceUID    Tag = 0x0020000D
	TagSeriesInstanceUID   Tag = 0x0020000E
	TagInstanceNumber      Tag = 0x00200013
	TagImagePosition       Tag = 0x00200032
	TagImageOrientation    Tag = 0x00200037
	TagFrameOfReferenceUID Tag = 0x00200052
	TagSamplesPerPixel     Tag = 0x00280002
	TagPhotometric         Tag = 0x00280004
	TagPlanarConfiguration Tag = 0x00280006
	TagNumberOfFrames      Tag = 0x00280008
	TagRows                Tag = 0x00280010
	TagColumns             Tag = 0x00280011
	TagPixelSpacing        Tag = 0x00280030
	TagBitsAllocated       Tag = 0x00280100
	TagBitsStored          Tag = 0x00280101
	TagHighBit             Tag = 0x00280102
	TagPixelRepresentation Tag = 0x00280103
	TagRescaleIntercept    Tag = 0x00281052
	TagRescaleSlope        Tag = 0x00281053
	TagSliceThickness      Tag = 0x00180050
	TagSpacingBetween      Tag = 0x00180088
	TagGantryTilt          Tag = 0x00181120
	TagPixelData           Tag = 0x7FE00010
	TagSharedFG            Tag = 0x52009229
	TagPerFrameFG          Tag = 0x52009230
	TagPlanePositionSeq    Tag = 0x00209113
	TagPlaneOrientationSeq Tag = 0x00209116
	TagPixelMeasuresSeq    Tag = 0x00289110
	TagPixelValueTransSeq  Tag = 0x00289145
	TagReferencedSOPInst   Tag = 0x00081155
	TagDerivationImageSeq  Tag = 0x00089124
	TagSourceImageSeq      Tag = 0x00082112

	tagGridFrameOffsets Tag = 0x3004000C
	tagDoseGridScaling  Tag = 0x3004000E

	tagItem          Tag = 0xFFFEE000
	tagItemDelim     Tag = 0xFFFEE00D
	tagSequenceDelim Tag = 0xFFFEE0DD
)

// longVR lists the explicit VRs with a 2-byte reserved field and a 4-byte
// length.
func longVR(vr string) bool {
	switch vr {
	case "OB", "OD", "OF", "OL", "OV", "OW", "SQ", "UC", "UR", "UT", "UN", "SV", "UV":
		return true
	}
	return false
}

func validVR(a, b byte) bool { return a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z' }

// ParseOption adjusts parsing.
type ParseOption func(*parser)

// HeaderOnly stops at the pixel data: their length is checked against the
// file, but they are neither read nor kept. Used to scan folders quickly.
func HeaderOnly() ParseOption { return func(p *parser) { p.headerOnly = true } }

// maxDepth bounds sequence nesting; maxElements bounds the element count.
const (
	maxDepth    = 24
	maxElements = 1 << 22
)

type parser struct {
	buf        []byte
	base       int64 // offset of buf[0] in the file (deflate: of the inflated stream)
	total      int64 // full file size when buf is a prefix (HeaderOnly scans)
	headerOnly bool
	bo         binary.ByteOrder
	explicit   bool
	count      int
	prefix     bool // buf is a prefix of the file
}

var errNeedMore = errors.New("dicom: need the whole file")

// Parse parses a DICOM file held in b (Part 10 with or without the 128-byte
// preamble, or a bare data set). It never panics on malformed input.
func Parse(b []byte, opts ...ParseOption) (*Dataset, error) {
	p := &parser{buf: b, total: int64(len(b))}
	for _, o := range opts {
		o(p)
	}
	return p.parseFile()
}

// ParseFile reads and parses the file name. Errors name the file.
func ParseFile(name string, opts ...ParseOption) (*Dataset, error) {
	ds, err := parseFile(name, opts)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return ds, nil
}

func parseFile(name string, opts []ParseOption) (*Dataset, error) {
	p := &parser{}
	for _, o := range opts {
		o(p)
	}
	if p.headerOnly {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		st, err := f.Stat()
		if err != nil {
			f.Close()
			return nil, err
		}
		head := make([]byte, min(st.Size(), 32<<10))
		n, err := io.ReadFull(f, head)
		f.Close()
		if err != nil {
			return nil, err
		}
		p.buf, p.total, p.prefix = head[:n], st.Size(), int64(n) < st.Size()
		ds, err := p.parseFile()
		if err != errNeedMore {
			return ds, err
		}
	}
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	q := &parser{buf: b, total: int64(len(b)), headerOnly: p.headerOnly}
	return q.parseFile()
}

func (p *parser) errorf(off int, format string, args ...any) error {
	if p.prefix {
		return errNeedMore // may be the cut: the full parse gives the real error
	}
	return &FormatError{Offset: p.base + int64(off), Msg: fmt.Sprintf(format, args...)}
}

func (p *parser) parseFile() (ds *Dataset, err error) {
	defer func() {
		if r := recover(); r != nil {
			ds, err = nil, &FormatError{Msg: fmt.Sprintf("internal parser error: %v", r)}
		}
	}()
	b := p.buf
	pos := 0
	if len(b) >= 132 && string(b[128:132]) == "DICM" {
		pos = 132
	} else if len(b) >= 4 && string(b[:4]) == "DICM" {
		pos = 4
	}
	if len(b)-pos < 8 {
		return nil, &FormatError{Offset: int64(pos), Msg: fmt.Sprintf("not a DICOM file (%d bytes: too short)", len(b))}
	}
	ds = &Dataset{}
	// File meta information: explicit VR little endian, group 0002.
	ts := ""
	if binary.LittleEndian.Uint16(b[pos:]) == 0x0002 {
		p.bo, p.explicit = binary.LittleEndian, true
		meta := &Dataset{}
		for pos+8 <= len(b) && binary.LittleEndian.Uint16(b[pos:]) == 0x0002 {
			el, n, err := p.element(b, pos, 0)
			if err != nil {
				return nil, err
			}
			meta.Elements = append(meta.Elements, el)
			pos = n
		}
		ds.Elements = append(ds.Elements, meta.Elements...)
		ts = meta.String(TagTransferSyntaxUID)
		ds.TransferSyntax = ts
	} else if pos == 0 && !looksLikeDICOM(b) {
		return nil, &FormatError{Msg: "no DICM marker and no recognisable data element: not a DICOM file"}
	}
	switch ts {
	case ImplicitVRLittleEndian:
		p.bo, p.explicit = binary.LittleEndian, false
	case ExplicitVRBigEndian:
		p.bo, p.explicit = binary.BigEndian, true
		ds.BigEndian = true
	case DeflatedExplicitVRLE:
		if p.prefix {
			return nil, errNeedMore
		}
		zr := flate.NewReader(bytes.NewReader(b[pos:]))
		var out bytes.Buffer
		// Cap the inflated size so a deflate bomb cannot exhaust memory.
		// Deflate expands at most 1032:1, which bounds the output.
		if _, err := io.Copy(&out, io.LimitReader(zr, min(1<<31, 1100*int64(len(b)-pos)+1<<20))); err != nil {
			return nil, &FormatError{Offset: int64(pos), Msg: "deflated data set: " + err.Error()}
		}
		b, pos = out.Bytes(), 0
		p.buf, p.base, p.total = b, 0, int64(len(b))
		p.bo, p.explicit = binary.LittleEndian, true
	case "":
		// No meta group: guess from the first element.
		p.bo = binary.LittleEndian
		p.explicit = len(b) >= pos+6 && validVR(b[pos+4], b[pos+5])
	default:
		p.bo, p.explicit = binary.LittleEndian, true
	}
	for pos < len(b) {
		if len(b)-pos < 8 {
			if allZero(b[pos:]) {
				break // padding
			}
			return nil, p.errorf(pos, "truncated element header (%d bytes left)", len(b)-pos)
		}
		tag := p.tag(b, pos)
		if tag == TagPixelData && p.headerOnly {
			ds.PixelDataOmitted = true
			if err := p.checkPixelLength(b, pos); err != nil {
				return nil, err
			}
			break
		}
		el, n, err := p.element(b, pos, 0)
		if err != nil {
			return nil, err
		}
		ds.Elements = append(ds.Elements, el)
		pos = n
	}
	ds.BigEndian = p.bo == binary.BigEndian
	return ds, nil
}

func allZero(b []byte) bool {
	for _, c := range b {
		if c != 0 {
			return false
		}
	}
	return true
}

func looksLikeDICOM(b []byte) bool {
	g := binary.LittleEndian.Uint16(b)
	return g == 0x0008 || g == 0x0002 || g == 0x0010 || g == 0x0018 || g == 0x0020 || g == 0x0028
}

func (p *parser) tag(b []byte, pos int) Tag {
	return Tag(uint32(p.bo.Uint16(b[pos:]))<<16 | uint32(p.bo.Uint16(b[pos+2:])))
}

// checkPixelLength validates the pixel data element at pos without reading it.
func (p *parser) checkPixelLength(b []byte, pos int) error {
	var l uint32
	hdr := 8
	if p.explicit {
		vr := string(b[pos+4 : pos+6])
		if longVR(vr) {
			if len(b) < pos+12 {
				return p.errorf(pos, "truncated pixel data header")
			}
			l, hdr = p.bo.Uint32(b[pos+8:]), 12
		} else {
			l = uint32(p.bo.Uint16(b[pos+6:]))
		}
	} else {
		l = p.bo.Uint32(b[pos+4:])
	}
	if l == 0xFFFFFFFF {
		if p.prefix {
			return nil // encapsulated: fragments checked when the pixels are read
		}
		_, _, err := p.element(b, pos, 0)
		return err
	}
	if p.base+int64(pos+hdr)+int64(l) > p.total {
		return &FormatError{Offset: int64(pos), Msg: fmt.Sprintf("pixel data length %d exceeds the file (%d bytes): truncated", l, p.total)}
	}
	return nil
}

// element parses one element at pos and returns it and the next position.
func (p *parser) element(b []byte, pos int, depth int) (*Element, int, error) {
	if depth > maxDepth {
		return nil, 0, p.errorf(pos, "sequences nested deeper than %d", maxDepth)
	}
	p.count++
	if p.count > maxElements {
		return nil, 0, p.errorf(pos, "more than %d elements", maxElements)
	}
	if len(b)-pos < 8 {
		return nil, 0, p.errorf(pos, "truncated element header")
	}
	tag := p.tag(b, pos)
	el := &Element{Tag: tag}
	var length uint32
	var hdr int
	if p.explicit && tag>>16 != 0xFFFE {
		el.VR, el.explicit = string(b[pos+4:pos+6]), true
		if !validVR(b[pos+4], b[pos+5]) {
			return nil, 0, p.errorf(pos, "element %v: invalid VR %q", tag, el.VR)
		}
		if longVR(el.VR) {
			if len(b)-pos < 12 {
				return nil, 0, p.errorf(pos, "truncated element header")
			}
			length, hdr = p.bo.Uint32(b[pos+8:]), 12
		} else {
			length, hdr = uint32(p.bo.Uint16(b[pos+6:])), 8
		}
	} else {
		length, hdr = p.bo.Uint32(b[pos+4:]), 8
		el.VR = dictVR(tag)
	}
	start := pos + hdr
	undefined := length == 0xFFFFFFFF
	if !undefined && uint64(start)+uint64(length) > uint64(len(b)) {
		return nil, 0, p.errorf(pos, "element %v length %d exceeds the %d bytes left (truncated file?)", tag, length, len(b)-start)
	}
	if tag == TagPixelData && undefined {
		frags, next, err := p.fragments(b, start)
		if err != nil {
			return nil, 0, err
		}
		el.Fragments = frags
		return el, next, nil
	}
	isSeq := el.VR == "SQ" || (undefined && (el.VR == "UN" || !el.explicit))
	if !isSeq && (!el.explicit || el.VR == "UN") && (el.VR == "UN" || el.VR == "SQ") && length >= 8 &&
		binary.LittleEndian.Uint32(b[start:]) == 0xE000FFFE && p.bo == binary.LittleEndian {
		isSeq = true // implicit VR or UN: a private or unknown sequence
	}
	if isSeq {
		saveBO, saveExp := p.bo, p.explicit
		if el.VR == "UN" && el.explicit {
			// UN with undefined length holds implicit VR LE (PS3.5 6.2.2).
			p.bo, p.explicit = binary.LittleEndian, false
		}
		items, next, err := p.sequence(b, start, length, depth)
		p.bo, p.explicit = saveBO, saveExp
		if err != nil {
			if !undefined && (!el.explicit || el.VR == "UN") {
				// heuristic guess was wrong: keep the bytes
				el.Value = b[start : start+int(length)]
				return el, start + int(length), nil
			}
			return nil, 0, err
		}
		if el.VR == "UN" {
			el.VR = "SQ"
		}
		el.Items = items
		return el, next, nil
	}
	if undefined {
		return nil, 0, p.errorf(pos, "element %v (VR %s) has undefined length", tag, el.VR)
	}
	el.Value = b[start : start+int(length)]
	return el, start + int(length), nil
}

func (p *parser) sequence(b []byte, pos int, length uint32, depth int) ([]*Dataset, int, error) {
	end := len(b)
	undefined := length == 0xFFFFFFFF
	if !undefined {
		end = pos + int(length)
	}
	var items []*Dataset
	for pos < end {
		if end-pos < 8 {
			return nil, 0, p.errorf(pos, "truncated sequence")
		}
		tag := p.tag(b, pos)
		l := p.bo.Uint32(b[pos+4:])
		if tag == tagSequenceDelim {
			return items, pos + 8, nil
		}
		if tag != tagItem {
			return nil, 0, p.errorf(pos, "expected an item tag in a sequence, found %v", tag)
		}
		pos += 8
		itemEnd := end
		itemUndefined := l == 0xFFFFFFFF
		if !itemUndefined {
			if uint64(pos)+uint64(l) > uint64(end) {
				return nil, 0, p.errorf(pos, "item length %d exceeds its sequence", l)
			}
			itemEnd = pos + int(l)
		}
		item := &Dataset{BigEndian: p.bo == binary.BigEndian}
		for pos < itemEnd {
			if itemEnd-pos < 8 {
				return nil, 0, p.errorf(pos, "truncated item")
			}
			if p.tag(b, pos) == tagItemDelim {
				pos += 8
				break
			}
			el, n, err := p.element(b[:itemEnd], pos, depth+1)
			if err != nil {
				return nil, 0, err
			}
			item.Elements = append(item.Elements, el)
			pos = n
		}
		items = append(items, item)
		if len(items) > 1<<20 {
			return nil, 0, p.errorf(pos, "more than 2^20 items")
		}
	}
	if undefined {
		return nil, 0, p.errorf(pos, "sequence without a delimiter (truncated file?)")
	}
	return items, pos, nil
}

func (p *parser) fragments(b []byte, pos int) ([][]byte, int, error) {
	var frags [][]byte
	for {
		if len(b)-pos < 8 {
			return nil, 0, p.errorf(pos, "truncated encapsulated pixel data")
		}
		tag := p.tag(b, pos)
		l := p.bo.Uint32(b[pos+4:])
		pos += 8
		if tag == tagSequenceDelim {
			return frags, pos, nil
		}
		if tag != tagItem {
			return nil, 0, p.errorf(pos-8, "expected a fragment item in encapsulated pixel data, found %v", tag)
		}
		if uint64(pos)+uint64(l) > uint64(len(b)) {
			return nil, 0, p.errorf(pos-8, "pixel data fragment of %d bytes exceeds the %d bytes left (truncated file?)", l, len(b)-pos)
		}
		frags = append(frags, b[pos:pos+int(l)])
		pos += int(l)
		if len(frags) > 1<<20 {
			return nil, 0, p.errorf(pos, "more than 2^20 fragments")
		}
	}
}

// Find returns the element with tag t in ds (not in nested items), or nil.
func (ds *Dataset) Find(t Tag) *Element {
	if ds == nil {
		return nil
	}
	for _, e := range ds.Elements {
		if e.Tag == t {
			return e
		}
	}
	return nil
}

// Seq returns the items of sequence t (nil if absent).
func (ds *Dataset) Seq(t Tag) []*Dataset {
	if e := ds.Find(t); e != nil {
		return e.Items
	}
	return nil
}

// Item returns item i of sequence t, or nil.
func (ds *Dataset) Item(t Tag, i int) *Dataset {
	s := ds.Seq(t)
	if i < len(s) {
		return s[i]
	}
	return nil
}

// String returns the value of t as text, trimmed of padding; "" if absent.
func (ds *Dataset) String(t Tag) string {
	e := ds.Find(t)
	if e == nil {
		return ""
	}
	return strings.TrimRight(strings.TrimLeft(string(e.Value), " "), " \x00")
}

// Strings returns the backslash-separated values of t.
func (ds *Dataset) Strings(t Tag) []string {
	s := ds.String(t)
	if s == "" {
		return nil
	}
	parts := strings.Split(s, "\\")
	for i := range parts {
		parts[i] = strings.TrimSpace(strings.Trim(parts[i], "\x00"))
	}
	return parts
}

func (ds *Dataset) order() binary.ByteOrder {
	if ds.BigEndian {
		return binary.BigEndian
	}
	return binary.LittleEndian
}

// Floats returns the numeric values of t, whether stored as text (DS, IS)
// or binary (FD, FL, US, SS, UL, SL). ok is false if t is absent or empty.
func (ds *Dataset) Floats(t Tag) ([]float64, error) {
	e := ds.Find(t)
	if e == nil || len(e.Value) == 0 {
		return nil, nil
	}
	bo := ds.order()
	v := e.Value
	vr := e.VR
	if vr == "UN" || vr == "" {
		vr = dictVR(t)
		if !e.explicit || e.VR == "UN" {
			bo = binary.LittleEndian
		}
	}
	var out []float64
	switch vr {
	case "FD":
		for i := 0; i+8 <= len(v); i += 8 {
			out = append(out, float64frombits(bo.Uint64(v[i:])))
		}
	case "FL":
		for i := 0; i+4 <= len(v); i += 4 {
			out = append(out, float64(float32frombits(bo.Uint32(v[i:]))))
		}
	case "US":
		for i := 0; i+2 <= len(v); i += 2 {
			out = append(out, float64(bo.Uint16(v[i:])))
		}
	case "SS":
		for i := 0; i+2 <= len(v); i += 2 {
			out = append(out, float64(int16(bo.Uint16(v[i:]))))
		}
	case "UL":
		for i := 0; i+4 <= len(v); i += 4 {
			out = append(out, float64(bo.Uint32(v[i:])))
		}
	case "SL":
		for i := 0; i+4 <= len(v); i += 4 {
			out = append(out, float64(int32(bo.Uint32(v[i:]))))
		}
	default:
		return parseDecimals(string(v), t)
	}
	return out, nil
}

// parseDecimals parses backslash-separated decimal strings without
// allocating a string per value.
func parseDecimals(s string, t Tag) ([]float64, error) {
	n := strings.Count(s, "\\") + 1
	out := make([]float64, 0, n)
	for len(s) > 0 || len(out) < n {
		i := strings.IndexByte(s, '\\')
		var f string
		if i < 0 {
			f, s = s, ""
		} else {
			f, s = s[:i], s[i+1:]
		}
		f = strings.Trim(f, " \x00")
		if f == "" {
			if len(out) == n-1 && i < 0 {
				break
			}
			return nil, fmt.Errorf("dicom: %v: empty value in a numeric list", t)
		}
		x, err := strconv.ParseFloat(f, 64)
		if err != nil {
			return nil, fmt.Errorf("dicom: %v: %q is not a number", t, f)
		}
		out = append(out, x)
		if i < 0 {
			break
		}
	}
	return out, nil
}

// Float returns the first numeric value of t, or def if t is absent.
func (ds *Dataset) Float(t Tag, def float64) (float64, error) {
	v, err := ds.Floats(t)
	if err != nil {
		return def, err
	}
	if len(v) == 0 {
		return def, nil
	}
	return v[0], nil
}

// Int returns the first value of t as an integer, or def if t is absent or
// not a number.
func (ds *Dataset) Int(t Tag, def int) int {
	v, err := ds.Floats(t)
	if err != nil || len(v) == 0 {
		return def
	}
	return int(v[0])
}

// Modality returns the Modality attribute.
func (ds *Dataset) Modality() string { return ds.String(TagModality) }

// HasPixelData reports whether the file had a pixel data element.
func (ds *Dataset) HasPixelData() bool { return ds.PixelDataOmitted || ds.Find(TagPixelData) != nil }
