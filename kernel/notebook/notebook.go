package notebook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Notebook is an nbformat 4 notebook.
type Notebook struct {
	Cells         []*Cell
	Metadata      map[string]any
	NBFormat      int
	NBFormatMinor int
}

// Cell types.
const (
	Code     = "code"
	Markdown = "markdown"
	Raw      = "raw"
)

// Cell is one cell. Outputs and ExecutionCount are meaningful for code
// cells only.
type Cell struct {
	ID             string
	Type           string
	Source         string
	Metadata       map[string]any
	Outputs        []*Output
	ExecutionCount *int
	Attachments    map[string]any
}

// Output types.
const (
	Stream        = "stream"
	DisplayData   = "display_data"
	ExecuteResult = "execute_result"
	Error         = "error"
)

// Output is one stored output of a code cell.
type Output struct {
	Type string
	// stream
	Name string // "stdout" or "stderr"
	Text string
	// display_data and execute_result: MIME type -> data (text joined into
	// one string, base64 strings for images, JSON values for */json).
	Data     map[string]any
	Metadata map[string]any
	// execute_result
	ExecutionCount *int
	// error
	EName     string
	EValue    string
	Traceback []string
	// DisplayID is the transient display_id of a display_data output; it
	// is not stored in the file (it only routes update_display_data while
	// the notebook runs).
	DisplayID string
}

// New returns an empty notebook for radgo's Go kernel.
func New() *Notebook {
	return &Notebook{NBFormat: 4, NBFormatMinor: 5, Metadata: DefaultMetadata()}
}

// DefaultMetadata is the notebook metadata of a radgo notebook.
func DefaultMetadata() map[string]any {
	return map[string]any{
		"kernelspec": map[string]any{"display_name": "Go (radgo)", "language": "go", "name": "radgo"},
		"language_info": map[string]any{"name": "go", "file_extension": ".go", "mimetype": "text/x-go",
			"codemirror_mode": "go", "pygments_lexer": "go", "nbconvert_exporter": "script"},
	}
}

// ReadFile reads and validates the notebook in file name.
func ReadFile(name string) (*Notebook, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("notebook: %w", err)
	}
	nb, err := Parse(b)
	if err != nil {
		return nil, fmt.Errorf("notebook: %s: %w", name, err)
	}
	return nb, nil
}

// Read reads and validates a notebook.
func Read(r io.Reader) (*Notebook, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("notebook: %w", err)
	}
	return Parse(b)
}

// ErrFormat is wrapped by every error about a malformed notebook.
var ErrFormat = errors.New("not a valid nbformat 4 notebook")

func formatErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrFormat, fmt.Sprintf(format, args...))
}

type rawNotebook struct {
	Cells         []json.RawMessage `json:"cells"`
	Metadata      map[string]any    `json:"metadata"`
	NBFormat      *int              `json:"nbformat"`
	NBFormatMinor *int              `json:"nbformat_minor"`
}

type rawCell struct {
	ID             *string           `json:"id"`
	CellType       string            `json:"cell_type"`
	Metadata       map[string]any    `json:"metadata"`
	Source         json.RawMessage   `json:"source"`
	Outputs        []json.RawMessage `json:"outputs"`
	ExecutionCount *int              `json:"execution_count"`
	Attachments    map[string]any    `json:"attachments"`
}

type rawOutput struct {
	OutputType     string                     `json:"output_type"`
	Name           string                     `json:"name"`
	Text           json.RawMessage            `json:"text"`
	Data           map[string]json.RawMessage `json:"data"`
	Metadata       map[string]any             `json:"metadata"`
	ExecutionCount *int                       `json:"execution_count"`
	EName          *string                    `json:"ename"`
	EValue         *string                    `json:"evalue"`
	Traceback      []string                   `json:"traceback"`
}

var cellIDRE = regexp.MustCompile(`^[a-zA-Z0-9_-]{1,64}$`)

// Parse decodes and validates a notebook.
func Parse(b []byte) (*Notebook, error) {
	var raw rawNotebook
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, formatErr("JSON: %v", err)
	}
	if raw.NBFormat == nil {
		return nil, formatErr("no nbformat field")
	}
	if *raw.NBFormat != 4 {
		return nil, formatErr("nbformat %d (only 4 is supported)", *raw.NBFormat)
	}
	if raw.Cells == nil {
		return nil, formatErr("no cells field")
	}
	nb := &Notebook{NBFormat: 4, Metadata: raw.Metadata}
	if raw.NBFormatMinor != nil {
		nb.NBFormatMinor = *raw.NBFormatMinor
	}
	if nb.Metadata == nil {
		nb.Metadata = map[string]any{}
	}
	ids := map[string]bool{}
	for i, rc := range raw.Cells {
		c, err := parseCell(rc)
		if err != nil {
			return nil, fmt.Errorf("cell %d: %w", i, err)
		}
		if c.ID != "" {
			if ids[c.ID] {
				return nil, fmt.Errorf("cell %d: %w", i, formatErr("duplicate cell id %q", c.ID))
			}
			ids[c.ID] = true
		}
		nb.Cells = append(nb.Cells, c)
	}
	return nb, nil
}

func parseCell(b json.RawMessage) (*Cell, error) {
	var rc rawCell
	if err := json.Unmarshal(b, &rc); err != nil {
		return nil, formatErr("%v", err)
	}
	c := &Cell{Type: rc.CellType, Metadata: rc.Metadata, ExecutionCount: rc.ExecutionCount, Attachments: rc.Attachments}
	switch rc.CellType {
	case Code, Markdown, Raw:
	case "":
		return nil, formatErr("no cell_type")
	default:
		return nil, formatErr("unknown cell_type %q", rc.CellType)
	}
	if rc.ID != nil {
		if !cellIDRE.MatchString(*rc.ID) {
			return nil, formatErr("cell id %q is not 1-64 letters, digits, '-' or '_'", *rc.ID)
		}
		c.ID = *rc.ID
	}
	if c.Metadata == nil {
		c.Metadata = map[string]any{}
	}
	src, err := multiline(rc.Source)
	if err != nil {
		return nil, formatErr("source: %v", err)
	}
	c.Source = src
	if rc.CellType != Code {
		return c, nil
	}
	for j, ro := range rc.Outputs {
		o, err := parseOutput(ro)
		if err != nil {
			return nil, fmt.Errorf("output %d: %w", j, err)
		}
		c.Outputs = append(c.Outputs, o)
	}
	return c, nil
}

func parseOutput(b json.RawMessage) (*Output, error) {
	var ro rawOutput
	if err := json.Unmarshal(b, &ro); err != nil {
		return nil, formatErr("%v", err)
	}
	o := &Output{Type: ro.OutputType, Name: ro.Name, Metadata: ro.Metadata, ExecutionCount: ro.ExecutionCount, Traceback: ro.Traceback}
	switch ro.OutputType {
	case Stream:
		if ro.Name != "stdout" && ro.Name != "stderr" {
			return nil, formatErr("stream name %q (want stdout or stderr)", ro.Name)
		}
		t, err := multiline(ro.Text)
		if err != nil {
			return nil, formatErr("stream text: %v", err)
		}
		o.Text = t
	case DisplayData, ExecuteResult:
		o.Data = map[string]any{}
		for mime, raw := range ro.Data {
			if !strings.Contains(mime, "/") {
				return nil, formatErr("MIME type %q has no subtype", mime)
			}
			if isJSONMime(mime) {
				var v any
				if err := json.Unmarshal(raw, &v); err != nil {
					return nil, formatErr("%s: %v", mime, err)
				}
				o.Data[mime] = v
				continue
			}
			s, err := multiline(raw)
			if err != nil {
				return nil, formatErr("%s: %v", mime, err)
			}
			o.Data[mime] = s
		}
		if o.Metadata == nil {
			o.Metadata = map[string]any{}
		}
	case Error:
		if ro.EName == nil || ro.EValue == nil {
			return nil, formatErr("error output without ename or evalue")
		}
		o.EName, o.EValue = *ro.EName, *ro.EValue
		if o.Traceback == nil {
			o.Traceback = []string{}
		}
	case "":
		return nil, formatErr("no output_type")
	default:
		return nil, formatErr("unknown output_type %q", ro.OutputType)
	}
	return o, nil
}

// isJSONMime reports whether data of this MIME type is stored as a JSON
// value rather than a string (application/json, application/*+json).
func isJSONMime(mime string) bool {
	return mime == "application/json" || strings.HasSuffix(mime, "+json")
}

// multiline decodes nbformat's multiline string: a string or a list of
// strings to concatenate. A missing value is "".
func multiline(raw json.RawMessage) (string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return "", nil
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s, nil
	}
	var parts []string
	if err := json.Unmarshal(raw, &parts); err != nil {
		return "", errors.New("want a string or a list of strings")
	}
	return strings.Join(parts, ""), nil
}

// lines splits s into nbformat's list of lines, each keeping its "\n".
func lines(s string) []string {
	out := []string{}
	for s != "" {
		i := strings.IndexByte(s, '\n')
		if i < 0 {
			out = append(out, s)
			break
		}
		out = append(out, s[:i+1])
		s = s[i+1:]
	}
	return out
}

// Write encodes nb as Jupyter does (sorted keys, one-space indent, a
// trailing newline).
func (nb *Notebook) Write(w io.Writer) error {
	b, err := nb.Marshal()
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// WriteFile writes nb to file name.
func (nb *Notebook) WriteFile(name string) error {
	b, err := nb.Marshal()
	if err != nil {
		return fmt.Errorf("notebook: %s: %w", name, err)
	}
	if err := os.WriteFile(name, b, 0o644); err != nil {
		return fmt.Errorf("notebook: %w", err)
	}
	return nil
}

// Marshal returns the file contents of nb.
func (nb *Notebook) Marshal() ([]byte, error) {
	cells := make([]any, len(nb.Cells))
	for i, c := range nb.Cells {
		cells[i] = c.tree(nb.NBFormatMinor)
	}
	md := nb.Metadata
	if md == nil {
		md = map[string]any{}
	}
	tree := map[string]any{"cells": cells, "metadata": md, "nbformat": 4, "nbformat_minor": nb.NBFormatMinor}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(tree); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (c *Cell) tree(minor int) map[string]any {
	md := c.Metadata
	if md == nil {
		md = map[string]any{}
	}
	t := map[string]any{"cell_type": c.Type, "metadata": md, "source": lines(c.Source)}
	if c.ID != "" && minor >= 5 {
		t["id"] = c.ID
	}
	if c.Attachments != nil && c.Type != Code {
		t["attachments"] = c.Attachments
	}
	if c.Type == Code {
		outs := make([]any, len(c.Outputs))
		for i, o := range c.Outputs {
			outs[i] = o.tree()
		}
		t["outputs"] = outs
		if c.ExecutionCount != nil {
			t["execution_count"] = *c.ExecutionCount
		} else {
			t["execution_count"] = nil
		}
	}
	return t
}

func (o *Output) tree() map[string]any {
	t := map[string]any{"output_type": o.Type}
	switch o.Type {
	case Stream:
		t["name"] = o.Name
		t["text"] = lines(o.Text)
	case DisplayData, ExecuteResult:
		data := map[string]any{}
		for mime, v := range o.Data {
			if s, ok := v.(string); ok && !isJSONMime(mime) && !isBase64Mime(mime) {
				data[mime] = lines(s)
			} else {
				data[mime] = v
			}
		}
		t["data"] = data
		md := o.Metadata
		if md == nil {
			md = map[string]any{}
		}
		t["metadata"] = md
		if o.Type == ExecuteResult {
			if o.ExecutionCount != nil {
				t["execution_count"] = *o.ExecutionCount
			} else {
				t["execution_count"] = nil
			}
		}
	case Error:
		t["ename"], t["evalue"] = o.EName, o.EValue
		tb := o.Traceback
		if tb == nil {
			tb = []string{}
		}
		t["traceback"] = tb
	}
	return t
}

// isBase64Mime reports whether Jupyter stores this MIME type's data as one
// base64 string (binary images).
func isBase64Mime(mime string) bool {
	return strings.HasPrefix(mime, "image/") && mime != "image/svg+xml"
}

// AddCell appends a cell with a fresh id.
func (nb *Notebook) AddCell(typ, source string) *Cell {
	c := &Cell{Type: typ, Source: source, Metadata: map[string]any{}}
	nb.Cells = append(nb.Cells, c)
	nb.EnsureIDs()
	return c
}

// EnsureIDs gives every cell without an id a deterministic one
// ("cell-N", N its index, made unique), as nbformat 4.5 requires.
func (nb *Notebook) EnsureIDs() {
	used := map[string]bool{}
	for _, c := range nb.Cells {
		if c.ID != "" {
			used[c.ID] = true
		}
	}
	for i, c := range nb.Cells {
		if c.ID != "" {
			continue
		}
		id := "cell-" + strconv.Itoa(i)
		for n := 1; used[id]; n++ {
			id = "cell-" + strconv.Itoa(i) + "-" + strconv.Itoa(n)
		}
		c.ID, used[id] = id, true
	}
}

// MIMETypes returns the MIME types of a display output, sorted.
func (o *Output) MIMETypes() []string {
	var ks []string
	for k := range o.Data {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
