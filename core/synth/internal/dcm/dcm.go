// Package dcm writes DICOM Part 10 files in explicit VR little endian: just
// enough of the standard to encode the synthetic CT slices and RTSTRUCTs
// that package synth produces. Reading DICOM is core/volume/dicom's job.
package dcm

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"math/big"
	"sort"
	"strconv"
	"strings"
)

// ExplicitVRLittleEndian is the transfer syntax every file is written in.
const ExplicitVRLittleEndian = "1.2.840.10008.1.2.1"

// Tag is a DICOM (group, element) pair.
type Tag struct{ Group, Element uint16 }

// Element is one data element. Value is a string (for text VRs, with
// backslash-separated multiple values), []string, []float64 (DS, FD),
// []int (IS, US, SS, UL, SL), []byte (OB), []int16 (OW pixel data) or
// []Dataset (SQ).
type Element struct {
	Tag   Tag
	VR    string
	Value any
}

// Dataset is an unordered list of elements; Encode sorts by tag.
type Dataset []Element

// Add appends an element and returns the dataset, for chaining.
func (d *Dataset) Add(g, e uint16, vr string, v any) {
	*d = append(*d, Element{Tag{g, e}, vr, v})
}

// Write encodes a Part 10 file: preamble, "DICM", the file meta group
// for sopClass/sopInstance, then the dataset.
func Write(w io.Writer, sopClass, sopInstance string, ds Dataset) error {
	var meta Dataset
	meta.Add(0x0002, 0x0001, "OB", []byte{0, 1})
	meta.Add(0x0002, 0x0002, "UI", sopClass)
	meta.Add(0x0002, 0x0003, "UI", sopInstance)
	meta.Add(0x0002, 0x0010, "UI", ExplicitVRLittleEndian)
	meta.Add(0x0002, 0x0012, "UI", "2.25.200710022811196364416040474442103219815")
	meta.Add(0x0002, 0x0013, "SH", "RADGO_SYNTH")
	body, err := encode(meta)
	if err != nil {
		return err
	}
	var out bytes.Buffer
	out.Write(make([]byte, 128))
	out.WriteString("DICM")
	glen, _ := encode(Dataset{{Tag{0x0002, 0x0000}, "UL", []int{len(body)}}})
	out.Write(glen)
	out.Write(body)
	data, err := encode(ds)
	if err != nil {
		return err
	}
	out.Write(data)
	_, err = w.Write(out.Bytes())
	return err
}

func encode(ds Dataset) ([]byte, error) {
	sorted := append(Dataset(nil), ds...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i].Tag, sorted[j].Tag
		return a.Group < b.Group || a.Group == b.Group && a.Element < b.Element
	})
	var buf bytes.Buffer
	for _, e := range sorted {
		if err := encodeElement(&buf, e); err != nil {
			return nil, fmt.Errorf("dcm: element (%04X,%04X): %w", e.Tag.Group, e.Tag.Element, err)
		}
	}
	return buf.Bytes(), nil
}

var le = binary.LittleEndian

func encodeElement(buf *bytes.Buffer, e Element) error {
	value, err := valueBytes(e)
	if err != nil {
		return err
	}
	var hdr [12]byte
	le.PutUint16(hdr[0:], e.Tag.Group)
	le.PutUint16(hdr[2:], e.Tag.Element)
	copy(hdr[4:6], e.VR)
	switch e.VR {
	case "OB", "OW", "SQ", "UN", "UT", "OF":
		le.PutUint32(hdr[8:], uint32(len(value)))
		buf.Write(hdr[:12])
	default:
		if len(value) > 0xFFFF {
			return fmt.Errorf("value of %d bytes too long for VR %s", len(value), e.VR)
		}
		le.PutUint16(hdr[6:], uint16(len(value)))
		buf.Write(hdr[:8])
	}
	buf.Write(value)
	return nil
}

func valueBytes(e Element) ([]byte, error) {
	switch v := e.Value.(type) {
	case string:
		return pad([]byte(v), e.VR), nil
	case []string:
		return pad([]byte(strings.Join(v, `\`)), e.VR), nil
	case []float64:
		if e.VR == "FD" {
			b := make([]byte, 8*len(v))
			for i, x := range v {
				le.PutUint64(b[8*i:], math.Float64bits(x))
			}
			return b, nil
		}
		s := make([]string, len(v))
		for i, x := range v {
			s[i] = formatDS(x)
		}
		return pad([]byte(strings.Join(s, `\`)), e.VR), nil
	case []int:
		switch e.VR {
		case "IS":
			s := make([]string, len(v))
			for i, x := range v {
				s[i] = strconv.Itoa(x)
			}
			return pad([]byte(strings.Join(s, `\`)), e.VR), nil
		case "US", "SS":
			b := make([]byte, 2*len(v))
			for i, x := range v {
				le.PutUint16(b[2*i:], uint16(x))
			}
			return b, nil
		case "UL", "SL":
			b := make([]byte, 4*len(v))
			for i, x := range v {
				le.PutUint32(b[4*i:], uint32(x))
			}
			return b, nil
		}
	case []byte:
		return pad(v, e.VR), nil
	case []int16:
		b := make([]byte, 2*len(v))
		for i, x := range v {
			le.PutUint16(b[2*i:], uint16(x))
		}
		return b, nil
	case []Dataset:
		var b bytes.Buffer
		for _, item := range v {
			body, err := encode(item)
			if err != nil {
				return nil, err
			}
			var hdr [8]byte
			le.PutUint16(hdr[0:], 0xFFFE)
			le.PutUint16(hdr[2:], 0xE000)
			le.PutUint32(hdr[4:], uint32(len(body)))
			b.Write(hdr[:])
			b.Write(body)
		}
		return b.Bytes(), nil
	}
	return nil, fmt.Errorf("unsupported value %T for VR %s", e.Value, e.VR)
}

// pad makes the value length even, with a space for text VRs and NUL for
// UI and binary VRs, as PS3.5 §6.2 requires.
func pad(b []byte, vr string) []byte {
	if len(b)%2 == 0 {
		return b
	}
	switch vr {
	case "UI", "OB", "UN":
		return append(b, 0)
	}
	return append(b, ' ')
}

// formatDS formats a decimal string of at most 16 characters.
func formatDS(x float64) string {
	for prec := 10; prec > 0; prec-- {
		s := strconv.FormatFloat(x, 'g', prec, 64)
		if len(s) <= 16 {
			return s
		}
	}
	return strconv.FormatFloat(x, 'g', 1, 64)
}

// UID returns a deterministic UID under the 2.25 root (PS3.5 §B.2): the
// first 128 bits of the given bytes as a decimal integer.
func UID(sum [16]byte) string {
	n := new(big.Int).SetBytes(sum[:])
	return "2.25." + n.String()
}
