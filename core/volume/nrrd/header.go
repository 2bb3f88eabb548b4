package nrrd

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// MaxVoxels caps the number of values a header may declare (2^31, a 1290³
// volume). Larger files are refused before any allocation.
const MaxVoxels = 1 << 31

// maxHeaderLine bounds one header line; longer lines are refused.
const maxHeaderLine = 1 << 20

// FormatError reports that the input is not valid NRRD.
type FormatError string

func (e FormatError) Error() string { return "nrrd: invalid format: " + string(e) }

// UnsupportedError reports valid NRRD that this package does not read
// (block type, an unknown space, ...).
type UnsupportedError string

func (e UnsupportedError) Error() string { return "nrrd: unsupported: " + string(e) }

// HeaderError locates a bad header field.
type HeaderError struct {
	Line  int    // 1-based line number in the header
	Field string // field name, e.g. "sizes"
	Err   error
}

func (e *HeaderError) Error() string {
	return fmt.Sprintf("nrrd: header line %d (%s): %v", e.Line, e.Field, e.Err)
}

func (e *HeaderError) Unwrap() error { return e.Err }

// Type is an NRRD scalar type.
type Type int

// The NRRD scalar types.
const (
	Int8 Type = iota + 1
	Uint8
	Int16
	Uint16
	Int32
	Uint32
	Int64
	Uint64
	Float32
	Float64
)

// Size returns the number of bytes of one value.
func (t Type) Size() int {
	switch t {
	case Int8, Uint8:
		return 1
	case Int16, Uint16:
		return 2
	case Int32, Uint32, Float32:
		return 4
	case Int64, Uint64, Float64:
		return 8
	}
	return 0
}

// String returns the canonical NRRD name of t ("short", "unsigned char", ...).
func (t Type) String() string {
	switch t {
	case Int8:
		return "signed char"
	case Uint8:
		return "unsigned char"
	case Int16:
		return "short"
	case Uint16:
		return "unsigned short"
	case Int32:
		return "int"
	case Uint32:
		return "unsigned int"
	case Int64:
		return "long long"
	case Uint64:
		return "unsigned long long"
	case Float32:
		return "float"
	case Float64:
		return "double"
	}
	return fmt.Sprintf("Type(%d)", int(t))
}

var typeNames = map[string]Type{
	"signed char": Int8, "int8": Int8, "int8_t": Int8,
	"uchar": Uint8, "unsigned char": Uint8, "uint8": Uint8, "uint8_t": Uint8,
	"short": Int16, "short int": Int16, "signed short": Int16, "signed short int": Int16, "int16": Int16, "int16_t": Int16,
	"ushort": Uint16, "unsigned short": Uint16, "unsigned short int": Uint16, "uint16": Uint16, "uint16_t": Uint16,
	"int": Int32, "signed int": Int32, "int32": Int32, "int32_t": Int32,
	"uint": Uint32, "unsigned int": Uint32, "uint32": Uint32, "uint32_t": Uint32,
	"longlong": Int64, "long long": Int64, "long long int": Int64, "signed long long": Int64, "signed long long int": Int64, "int64": Int64, "int64_t": Int64,
	"ulonglong": Uint64, "unsigned long long": Uint64, "unsigned long long int": Uint64, "uint64": Uint64, "uint64_t": Uint64,
	"float": Float32, "double": Float64,
}

// Header is a parsed NRRD header.
type Header struct {
	Version   int // the digit of the "NRRD000N" magic
	Type      Type
	Dimension int
	Sizes     []int
	// Space is the canonical space name ("left-posterior-superior", ...),
	// empty when the header has none.
	Space string
	// SpaceDirections has one entry per axis: nil for "none", else the
	// axis vector in the header's space (not converted to LPS).
	SpaceDirections [][]float64
	SpaceOrigin     []float64 // nil when absent
	Spacings        []float64 // per axis; NaN where absent
	Kinds           []string
	BigEndian       bool
	Encoding        string   // "raw", "gzip", "bzip2", "ascii", "hex"
	DataFiles       []string // detached data files, as written (relative to the header)
	LineSkip        int
	ByteSkip        int
	// Fields holds every "key: value" field by its lower-case name, and
	// KeyValues every "key:=value" pair, both as written.
	Fields    map[string]string
	KeyValues map[string]string
	// KeyOrder lists the KeyValues keys in file order.
	KeyOrder []string
}

// NumValues returns the number of values the header declares.
func (h *Header) NumValues() int {
	n := 1
	for _, s := range h.Sizes {
		n *= s
	}
	return n
}

// DecodeHeader reads an NRRD header from r up to and including the blank
// line that ends it (or EOF, for a detached header). It allocates nothing
// proportional to the declared data size.
func DecodeHeader(r io.Reader) (*Header, error) {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	return decodeHeader(br)
}

func readLine(br *bufio.Reader) (string, error) {
	var sb []byte
	for {
		frag, err := br.ReadSlice('\n')
		sb = append(sb, frag...)
		if len(sb) > maxHeaderLine {
			return "", FormatError("header line longer than 1 MB")
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if err != nil {
			if err == io.EOF && len(sb) > 0 {
				return strings.TrimRight(string(sb), "\r\n"), nil
			}
			return "", err
		}
		return strings.TrimRight(string(sb), "\r\n"), nil
	}
}

func decodeHeader(br *bufio.Reader) (*Header, error) {
	magic, err := readLine(br)
	if err != nil {
		if err == io.EOF {
			return nil, FormatError("empty file")
		}
		return nil, err
	}
	if !strings.HasPrefix(magic, "NRRD000") || len(magic) != 8 || magic[7] < '1' || magic[7] > '9' {
		return nil, FormatError(fmt.Sprintf("missing NRRD000N magic (got %.20q)", magic))
	}
	h := &Header{Version: int(magic[7] - '0'), Fields: map[string]string{}, KeyValues: map[string]string{}, Encoding: "raw"}
	lineNo := 1
	var fieldLine = map[string]int{}
	for {
		line, err := readLine(br)
		lineNo++
		if err == io.EOF {
			break // detached header without a trailing blank line
		}
		if err != nil {
			return nil, err
		}
		if line == "" {
			break
		}
		if strings.HasPrefix(line, "#") {
			continue
		}
		if i := strings.Index(line, ":="); i >= 0 && !strings.Contains(line[:i], ": ") {
			k, v := line[:i], line[i+2:]
			if _, dup := h.KeyValues[k]; !dup {
				h.KeyOrder = append(h.KeyOrder, k)
			}
			h.KeyValues[k] = v
			continue
		}
		i := strings.Index(line, ": ")
		if i < 0 {
			return nil, &HeaderError{Line: lineNo, Field: "?", Err: fmt.Errorf("no \": \" in %.40q", line)}
		}
		k := strings.ToLower(strings.TrimSpace(line[:i]))
		v := strings.TrimSpace(line[i+2:])
		h.Fields[k] = v
		fieldLine[k] = lineNo
		if k == "data file" || k == "datafile" {
			// LIST form: file names follow the field, one per line, to EOF.
			if strings.HasPrefix(v, "LIST") {
				for {
					l, err := readLine(br)
					if err == io.EOF {
						break
					}
					if err != nil {
						return nil, err
					}
					if l == "" {
						break
					}
					h.DataFiles = append(h.DataFiles, l)
					if len(h.DataFiles) > 1<<20 {
						return nil, FormatError("too many data files")
					}
				}
				break
			}
		}
	}
	if err := h.interpret(fieldLine); err != nil {
		return nil, err
	}
	return h, nil
}

func (h *Header) interpret(line map[string]int) error {
	herr := func(f string, err error) error { return &HeaderError{Line: line[f], Field: f, Err: err} }
	t, ok := h.Fields["type"]
	if !ok {
		return FormatError("missing required field \"type\"")
	}
	if h.Type, ok = typeNames[strings.ToLower(t)]; !ok {
		if strings.ToLower(t) == "block" {
			return UnsupportedError("type block")
		}
		return herr("type", fmt.Errorf("unknown type %q", t))
	}
	d, ok := h.Fields["dimension"]
	if !ok {
		return FormatError("missing required field \"dimension\"")
	}
	dim, err := strconv.Atoi(d)
	if err != nil || dim < 1 || dim > 16 {
		return herr("dimension", fmt.Errorf("bad dimension %q", d))
	}
	h.Dimension = dim
	s, ok := h.Fields["sizes"]
	if !ok {
		return FormatError("missing required field \"sizes\"")
	}
	fs := strings.Fields(s)
	if len(fs) != dim {
		return herr("sizes", fmt.Errorf("%d sizes for dimension %d", len(fs), dim))
	}
	total := 1
	for _, f := range fs {
		n, err := strconv.Atoi(f)
		if err != nil || n < 1 {
			return herr("sizes", fmt.Errorf("bad size %q", f))
		}
		if n > MaxVoxels || total > MaxVoxels/n {
			return herr("sizes", fmt.Errorf("%s declares more than %d values", s, MaxVoxels))
		}
		total *= n
		h.Sizes = append(h.Sizes, n)
	}
	if e, ok := h.Fields["endian"]; ok {
		switch strings.ToLower(e) {
		case "little":
		case "big":
			h.BigEndian = true
		default:
			return herr("endian", fmt.Errorf("bad endian %q", e))
		}
	}
	if e, ok := h.Fields["encoding"]; ok {
		switch strings.ToLower(e) {
		case "raw":
			h.Encoding = "raw"
		case "gzip", "gz":
			h.Encoding = "gzip"
		case "bzip2", "bz2":
			h.Encoding = "bzip2"
		case "ascii", "text", "txt":
			h.Encoding = "ascii"
		case "hex":
			h.Encoding = "hex"
		default:
			return herr("encoding", UnsupportedError("encoding "+e))
		}
	} else {
		return FormatError("missing required field \"encoding\"")
	}
	if v, ok := h.Fields["space"]; ok {
		sp, ok := canonicalSpace(v)
		if !ok {
			return herr("space", UnsupportedError("space "+v))
		}
		h.Space = sp
	} else if v, ok := h.Fields["space dimension"]; ok && v != "3" {
		return herr("space dimension", UnsupportedError("space dimension "+v))
	}
	if v, ok := h.Fields["space directions"]; ok {
		dirs, err := parseVectors(v, dim)
		if err != nil {
			return herr("space directions", err)
		}
		h.SpaceDirections = dirs
	}
	if v, ok := h.Fields["space origin"]; ok {
		o, err := parseVector(v)
		if err != nil {
			return herr("space origin", err)
		}
		if len(o) != 3 {
			return herr("space origin", fmt.Errorf("%d components, want 3", len(o)))
		}
		h.SpaceOrigin = o
	}
	h.Spacings = make([]float64, dim)
	for i := range h.Spacings {
		h.Spacings[i] = math.NaN()
	}
	if v, ok := h.Fields["spacings"]; ok {
		f := strings.Fields(v)
		if len(f) != dim {
			return herr("spacings", fmt.Errorf("%d values for dimension %d", len(f), dim))
		}
		for i, x := range f {
			if x == "nan" || x == "NaN" {
				continue
			}
			s, err := strconv.ParseFloat(x, 64)
			if err != nil {
				return herr("spacings", err)
			}
			h.Spacings[i] = s
		}
	}
	if v, ok := h.Fields["kinds"]; ok {
		h.Kinds = strings.Fields(v)
	}
	for _, k := range []string{"line skip", "lineskip"} {
		if v, ok := h.Fields[k]; ok {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				return herr(k, fmt.Errorf("bad line skip %q", v))
			}
			h.LineSkip = n
		}
	}
	for _, k := range []string{"byte skip", "byteskip"} {
		if v, ok := h.Fields[k]; ok {
			n, err := strconv.Atoi(v)
			if err != nil || n < -1 {
				return herr(k, fmt.Errorf("bad byte skip %q", v))
			}
			h.ByteSkip = n
		}
	}
	if h.Type.Size() > 1 && h.Encoding != "ascii" {
		if _, ok := h.Fields["endian"]; !ok {
			return FormatError("missing field \"endian\" for multi-byte type " + h.Type.String())
		}
	}
	for _, k := range []string{"data file", "datafile"} {
		v, ok := h.Fields[k]
		if !ok || strings.HasPrefix(v, "LIST") {
			continue
		}
		files, err := expandDataFile(v)
		if err != nil {
			return herr(k, err)
		}
		h.DataFiles = files
	}
	return nil
}

// expandDataFile handles "name" and "fmt min max step [subdim]".
func expandDataFile(v string) ([]string, error) {
	f := strings.Fields(v)
	if len(f) < 4 || !strings.Contains(f[0], "%") {
		return []string{v}, nil
	}
	lo, err1 := strconv.Atoi(f[1])
	hi, err2 := strconv.Atoi(f[2])
	step, err3 := strconv.Atoi(f[3])
	if err1 != nil || err2 != nil || err3 != nil || step == 0 {
		return nil, fmt.Errorf("bad data file pattern %q", v)
	}
	if (hi-lo)/step > 1<<20 || (hi-lo)/step < 0 {
		return nil, fmt.Errorf("data file pattern %q names too many or no files", v)
	}
	var out []string
	for i := lo; (step > 0 && i <= hi) || (step < 0 && i >= hi); i += step {
		out = append(out, fmt.Sprintf(f[0], i))
	}
	return out, nil
}

func canonicalSpace(v string) (string, bool) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "left-posterior-superior", "lps":
		return "left-posterior-superior", true
	case "right-anterior-superior", "ras":
		return "right-anterior-superior", true
	case "left-anterior-superior", "las":
		return "left-anterior-superior", true
	}
	return "", false
}

// parseVectors parses "(a,b,c) none (d,e,f) ..." into dim entries.
func parseVectors(v string, dim int) ([][]float64, error) {
	var out [][]float64
	rest := strings.TrimSpace(v)
	for rest != "" {
		if strings.HasPrefix(rest, "none") {
			out = append(out, nil)
			rest = strings.TrimSpace(rest[4:])
			continue
		}
		if rest[0] != '(' {
			return nil, fmt.Errorf("expected ( or none at %.20q", rest)
		}
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			return nil, errors.New("unclosed (")
		}
		vec, err := parseVector(rest[:end+1])
		if err != nil {
			return nil, err
		}
		out = append(out, vec)
		rest = strings.TrimSpace(rest[end+1:])
		if len(out) > dim {
			break
		}
	}
	if len(out) != dim {
		return nil, fmt.Errorf("%d vectors for dimension %d", len(out), dim)
	}
	return out, nil
}

func parseVector(v string) ([]float64, error) {
	v = strings.TrimSpace(v)
	if len(v) < 2 || v[0] != '(' || v[len(v)-1] != ')' {
		return nil, fmt.Errorf("vector %.40q not in parentheses", v)
	}
	parts := strings.Split(v[1:len(v)-1], ",")
	if len(parts) > 16 {
		return nil, fmt.Errorf("vector %.40q too long", v)
	}
	out := make([]float64, len(parts))
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return nil, fmt.Errorf("vector component %q: not a number", strings.TrimSpace(p))
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, fmt.Errorf("vector component %q not finite", p)
		}
		out[i] = x
	}
	return out, nil
}
