package radiomics

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
	"strings"
)

// Feature is one extracted value.
type Feature struct {
	ImageType string // "original", "wavelet-LLH", "log-sigma-1-0-mm-3D", ...
	Class     string // "shape", "glcm", ...
	Name      string // "Idmn"
	Value     float64
}

// Key returns PyRadiomics' name for the feature: "original_glcm_Idmn".
func (f Feature) Key() string { return f.ImageType + "_" + f.Class + "_" + f.Name }

// Diagnostic is one diagnostics_* entry, already formatted as PyRadiomics
// prints it.
type Diagnostic struct {
	Name, Value string
}

// Result holds the features of one case in PyRadiomics output order, after
// its diagnostics.
type Result struct {
	ID          string // case identifier (batch mode), may be empty
	Diagnostics []Diagnostic
	Features    []Feature
}

func (r *Result) addDiag(name, value string) {
	r.Diagnostics = append(r.Diagnostics, Diagnostic{name, value})
}

// Len returns the number of features.
func (r *Result) Len() int { return len(r.Features) }

// Names returns the feature keys in order.
func (r *Result) Names() []string {
	out := make([]string, len(r.Features))
	for i, f := range r.Features {
		out[i] = f.Key()
	}
	return out
}

// Values returns the feature values in order.
func (r *Result) Values() []float64 {
	out := make([]float64, len(r.Features))
	for i, f := range r.Features {
		out[i] = f.Value
	}
	return out
}

// Get returns the value of the feature with PyRadiomics key (or of a
// diagnostic, parsed as a number when it is one).
func (r *Result) Get(key string) (float64, bool) {
	for _, f := range r.Features {
		if f.Key() == key {
			return f.Value, true
		}
	}
	for _, d := range r.Diagnostics {
		if d.Name == key {
			v, err := strconv.ParseFloat(d.Value, 64)
			return v, err == nil
		}
	}
	return math.NaN(), false
}

// Rows returns name/value pairs, diagnostics first (values formatted as
// PyRadiomics prints them).
func (r *Result) Rows() [][2]string {
	out := make([][2]string, 0, len(r.Diagnostics)+len(r.Features))
	for _, d := range r.Diagnostics {
		out = append(out, [2]string{d.Name, d.Value})
	}
	for _, f := range r.Features {
		out = append(out, [2]string{f.Key(), pyRepr(f.Value)})
	}
	return out
}

// String prints one "name: value" line per entry.
func (r *Result) String() string {
	var b strings.Builder
	for _, row := range r.Rows() {
		fmt.Fprintf(&b, "%s: %s\n", row[0], row[1])
	}
	return b.String()
}

// HTML renders the result as a table (notebook display).
func (r *Result) HTML() string {
	var b strings.Builder
	b.WriteString("<table><thead><tr><th>feature</th><th>value</th></tr></thead><tbody>")
	for _, f := range r.Features {
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td></tr>", html.EscapeString(f.Key()), html.EscapeString(fmt.Sprintf("%.6g", f.Value)))
	}
	b.WriteString("</tbody></table>")
	return b.String()
}

// WriteNameValue writes "feature,value" rows (diagnostics first), the layout
// of PyRadiomics' single-case output.
func (r *Result) WriteNameValue(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"feature", "value"})
	for _, row := range r.Rows() {
		cw.Write(row[:])
	}
	cw.Flush()
	return cw.Error()
}

// WriteJSON writes the result as one JSON object in output order.
func (r *Result) WriteJSON(w io.Writer) error {
	var b strings.Builder
	b.WriteString("{")
	first := true
	put := func(k string, v []byte) {
		if !first {
			b.WriteString(",\n ")
		}
		first = false
		kb, _ := json.Marshal(k)
		b.Write(kb)
		b.WriteString(": ")
		b.Write(v)
	}
	if r.ID != "" {
		v, _ := json.Marshal(r.ID)
		put("ID", v)
	}
	for _, d := range r.Diagnostics {
		v, _ := json.Marshal(d.Value)
		put(d.Name, v)
	}
	for _, f := range r.Features {
		if math.IsNaN(f.Value) || math.IsInf(f.Value, 0) {
			v, _ := json.Marshal(pyRepr(f.Value))
			put(f.Key(), v)
			continue
		}
		put(f.Key(), []byte(strconv.FormatFloat(f.Value, 'g', -1, 64)))
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// pyRepr formats x as Python's repr(float): shortest round-trip digits,
// positional notation from 1e-4 to 1e16 with a trailing ".0" for integers.
func pyRepr(x float64) string {
	switch {
	case math.IsNaN(x):
		return "nan"
	case math.IsInf(x, 1):
		return "inf"
	case math.IsInf(x, -1):
		return "-inf"
	}
	ax := math.Abs(x)
	if ax != 0 && (ax < 1e-4 || ax >= 1e16) {
		s := strconv.FormatFloat(x, 'e', -1, 64)
		mant, exp, _ := strings.Cut(s, "e")
		sign := exp[:1]
		digits := strings.TrimLeft(exp[1:], "0")
		for len(digits) < 2 {
			digits = "0" + digits
		}
		return mant + "e" + sign + digits
	}
	s := strconv.FormatFloat(x, 'f', -1, 64)
	if !strings.ContainsAny(s, ".") {
		s += ".0"
	}
	return s
}
