package radiomics

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"radgo/core/provenance"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// ParamsError reports an invalid PyRadiomics parameter file.
type ParamsError struct {
	File string // file name, may be empty
	Path string // "setting.binWidth"
	Msg  string
}

func (e *ParamsError) Error() string {
	f := e.File
	if f == "" {
		f = "params"
	}
	if e.Path == "" {
		return fmt.Sprintf("%s: %s", f, e.Msg)
	}
	return fmt.Sprintf("%s: %s: %s", f, e.Path, e.Msg)
}

// ReadParams reads a PyRadiomics YAML or JSON parameter file.
func ReadParams(name string) (*Extractor, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	provenance.RecordInput("radiomics.ReadParams", name)
	return ParseParams(b, name)
}

// ParseParams parses a PyRadiomics parameter file (YAML or JSON) into an
// extractor. Sections: setting, imageType, featureClass (voxelSetting is
// accepted and ignored). An unknown or ill-typed key is an error naming it.
func ParseParams(data []byte, name string) (*Extractor, error) {
	var doc map[string]any
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if err.Error() == "EOF" {
			doc = map[string]any{}
		} else {
			return nil, &ParamsError{File: name, Msg: "not valid YAML/JSON: " + err.Error()}
		}
	}
	e := NewExtractor()
	perr := func(path, f string, a ...any) error {
		return &ParamsError{File: name, Path: path, Msg: fmt.Sprintf(f, a...)}
	}
	for k := range doc {
		switch k {
		case "setting", "imageType", "featureClass", "voxelSetting":
		default:
			return nil, perr("", "unknown section %q (want setting, imageType, featureClass or voxelSetting)%s", k, suggest(k, []string{"setting", "imageType", "featureClass", "voxelSetting"}))
		}
	}
	if v, ok := doc["setting"]; ok && v != nil {
		m, ok := v.(map[string]any)
		if !ok {
			return nil, perr("setting", "want a mapping, got %s", kind(v))
		}
		if err := applySettings(&e.Settings, m, "setting"); err != nil {
			err.(*ParamsError).File = name
			return nil, err
		}
	}
	if v, ok := doc["imageType"]; ok {
		m, ok := v.(map[string]any)
		if !ok && v != nil {
			return nil, perr("imageType", "want a mapping, got %s", kind(v))
		}
		e.ImageTypes = nil
		for _, k := range orderedKeys(data, "imageType", m) {
			if _, ok := imageTypes[k]; !ok {
				return nil, perr("imageType", "unknown image type %q (known: %s)%s", k, strings.Join(ImageTypeNames(), ", "), suggest(k, ImageTypeNames()))
			}
			var custom map[string]any
			if cv := m[k]; cv != nil {
				cm, ok := cv.(map[string]any)
				if !ok {
					return nil, perr("imageType."+k, "want a mapping of settings, got %s", kind(cv))
				}
				probe := e.Settings
				if err := applySettings(&probe, cm, "imageType."+k); err != nil {
					err.(*ParamsError).File = name
					return nil, err
				}
				custom = cm
			}
			e.ImageTypes = append(e.ImageTypes, ImageType{Name: k, Settings: custom})
		}
	}
	if v, ok := doc["featureClass"]; ok {
		m, ok := v.(map[string]any)
		if !ok && v != nil {
			return nil, perr("featureClass", "want a mapping, got %s", kind(v))
		}
		e.Classes = nil
		var names []string
		for _, c := range classList {
			names = append(names, c.Name)
		}
		for _, k := range orderedKeys(data, "featureClass", m) {
			c := ClassByName(k)
			if c == nil {
				return nil, perr("featureClass", "unknown feature class %q (known: %s)%s", k, strings.Join(names, ", "), suggest(k, names))
			}
			sel := ClassSelection{Class: k}
			switch fv := m[k].(type) {
			case nil:
			case []any:
				if len(fv) > 0 {
					sel.Features = []string{}
				}
				for _, f := range fv {
					fs, ok := f.(string)
					if !ok {
						return nil, perr("featureClass."+k, "feature names must be strings, got %s", kind(f))
					}
					if !c.has(fs) {
						return nil, perr("featureClass."+k, "unknown feature %q%s", fs, suggest(fs, append(append([]string{}, c.Features...), c.Removed...)))
					}
					sel.Features = append(sel.Features, fs)
				}
			default:
				return nil, perr("featureClass."+k, "want a list of feature names, got %s", kind(fv))
			}
			e.Classes = append(e.Classes, sel)
		}
	}
	return e, nil
}

// orderedKeys returns the keys of the mapping under section in document
// order (yaml.v3 maps lose order).
func orderedKeys(data []byte, section string, m map[string]any) []string {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err == nil && len(root.Content) == 1 {
		top := root.Content[0]
		for i := 0; i+1 < len(top.Content); i += 2 {
			if top.Content[i].Value == section && top.Content[i+1].Kind == yaml.MappingNode {
				var out []string
				sec := top.Content[i+1]
				for j := 0; j+1 < len(sec.Content); j += 2 {
					out = append(out, sec.Content[j].Value)
				}
				return out
			}
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case bool:
		return "a boolean"
	case int, int64, uint64:
		return "an integer"
	case float64:
		return "a number"
	case string:
		return "a string"
	case []any:
		return "a list"
	case map[string]any:
		return "a mapping"
	}
	return fmt.Sprintf("%T", v)
}

type setter func(s *Settings, v any) error

func asInt(v any) (int, bool) {
	switch x := v.(type) {
	case int:
		return x, true
	case int64:
		return int(x), true
	case uint64:
		return int(x), true
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			return int(x), true
		}
	}
	return 0, false
}

func asFloat(v any) (float64, bool) {
	switch x := v.(type) {
	case int:
		return float64(x), true
	case int64:
		return float64(x), true
	case uint64:
		return float64(x), true
	case float64:
		return x, true
	}
	return 0, false
}

func wantInt(dst *int, lo, hi int) setter {
	return func(_ *Settings, v any) error {
		n, ok := asInt(v)
		if !ok {
			return fmt.Errorf("want an integer, got %s", kind(v))
		}
		if n < lo || n > hi {
			return fmt.Errorf("%d outside %d..%d", n, lo, hi)
		}
		*dst = n
		return nil
	}
}

// settingDefs maps each PyRadiomics setting to its parser. Settings that
// PyRadiomics allows to be None (null) accept nil.
func settingDefs(s *Settings) map[string]setter {
	posF := func(dst *float64, allowNone bool) setter {
		return func(_ *Settings, v any) error {
			if v == nil && allowNone {
				*dst = 0
				return nil
			}
			f, ok := asFloat(v)
			if !ok {
				return fmt.Errorf("want a number, got %s", kind(v))
			}
			if !(f > 0) || math.IsInf(f, 0) {
				return fmt.Errorf("%v must be > 0", f)
			}
			*dst = f
			return nil
		}
	}
	anyF := func(dst *float64) setter {
		return func(_ *Settings, v any) error {
			f, ok := asFloat(v)
			if !ok {
				return fmt.Errorf("want a number, got %s", kind(v))
			}
			*dst = f
			return nil
		}
	}
	boolean := func(dst *bool) setter {
		return func(_ *Settings, v any) error {
			b, ok := v.(bool)
			if !ok {
				return fmt.Errorf("want true or false, got %s", kind(v))
			}
			*dst = b
			return nil
		}
	}
	floats := func(dst *[]float64, min float64, minEx, allowNone bool, n int) setter {
		return func(_ *Settings, v any) error {
			if v == nil && allowNone {
				*dst = nil
				return nil
			}
			l, ok := v.([]any)
			if !ok {
				return fmt.Errorf("want a list of numbers, got %s", kind(v))
			}
			if n > 0 && len(l) != n {
				return fmt.Errorf("want %d numbers, got %d", n, len(l))
			}
			out := make([]float64, len(l))
			for i, x := range l {
				f, ok := asFloat(x)
				if !ok {
					return fmt.Errorf("element %d: want a number, got %s", i, kind(x))
				}
				if (minEx && !(f > min)) || (!minEx && f < min) {
					return fmt.Errorf("element %d: %v out of range", i, f)
				}
				out[i] = f
			}
			*dst = out
			return nil
		}
	}
	enum := func(dst *string, allowNone bool, vals ...string) setter {
		return func(_ *Settings, v any) error {
			if v == nil && allowNone {
				*dst = ""
				return nil
			}
			str, ok := v.(string)
			if !ok {
				return fmt.Errorf("want a string, got %s", kind(v))
			}
			if len(vals) > 0 {
				found := false
				for _, x := range vals {
					found = found || x == str
				}
				if !found {
					return fmt.Errorf("%q: want one of %s", str, strings.Join(vals, ", "))
				}
			}
			*dst = str
			return nil
		}
	}
	return map[string]setter{
		"minimumROIDimensions": wantInt(&s.MinimumROIDimensions, 1, 3),
		"minimumROISize": func(_ *Settings, v any) error {
			if v == nil {
				s.MinimumROISize = 0
				return nil
			}
			return wantInt(&s.MinimumROISize, 1, math.MaxInt32)(s, v)
		},
		"geometryTolerance": posF(&s.GeometryTolerance, true),
		"correctMask":       boolean(&s.CorrectMask),
		"additionalInfo":    boolean(&s.AdditionalInfo),
		"label":             wantInt(&s.Label, 1, 255),
		"label_channel":     func(*Settings, any) error { return nil },
		"binWidth":          posF(&s.BinWidth, false),
		"binCount": func(_ *Settings, v any) error {
			if v == nil {
				s.BinCount = 0
				return nil
			}
			return wantInt(&s.BinCount, 1, 1<<24)(s, v)
		},
		"normalize":             boolean(&s.Normalize),
		"normalizeScale":        posF(&s.NormalizeScale, false),
		"removeOutliers":        posF(&s.RemoveOutliers, true),
		"resampledPixelSpacing": floats(&s.ResampledPixelSpacing, 0, false, true, 3),
		"interpolator": enum(&s.Interpolator, true, "sitkNearestNeighbor", "sitkLinear", "sitkBSpline",
			"sitkGaussian", "sitkLabelGaussian", "sitkHammingWindowedSinc", "sitkCosineWindowedSinc",
			"sitkWelchWindowedSinc", "sitkLanczosWindowedSinc", "sitkBlackmanWindowedSinc"),
		"padDistance": wantInt(&s.PadDistance, 0, math.MaxInt32),
		"distances": func(_ *Settings, v any) error {
			l, ok := v.([]any)
			if !ok {
				return fmt.Errorf("want a list of integers, got %s", kind(v))
			}
			out := make([]int, len(l))
			for i, x := range l {
				n, ok := asInt(x)
				if !ok || n < 1 {
					return fmt.Errorf("element %d: want an integer >= 1, got %v", i, x)
				}
				out[i] = n
			}
			s.Distances = out
			return nil
		},
		"force2D":          boolean(&s.Force2D),
		"force2Ddimension": wantInt(&s.Force2DDimension, 0, 2),
		"resegmentRange":   floats(&s.ResegmentRange, math.Inf(-1), false, true, 0),
		"resegmentMode":    enum(&s.ResegmentMode, false, "absolute", "relative", "sigma"),
		"resegmentShape":   boolean(&s.ResegmentShape),
		"preCrop":          boolean(&s.PreCrop),
		"sigma": func(_ *Settings, v any) error {
			l, ok := v.([]any)
			if !ok {
				return fmt.Errorf("want a list of numbers, got %s", kind(v))
			}
			s.Sigma, s.sigmaInt = nil, nil
			for i, x := range l {
				f, ok := asFloat(x)
				if !ok || !(f > 0) {
					return fmt.Errorf("element %d: want a number > 0, got %v", i, x)
				}
				_, isInt := x.(int)
				s.Sigma = append(s.Sigma, f)
				s.sigmaInt = append(s.sigmaInt, isInt)
			}
			return nil
		},
		"start_level":               wantInt(&s.StartLevel, 0, 100),
		"level":                     wantInt(&s.Level, 1, 100),
		"wavelet":                   enum(&s.Wavelet, false),
		"gradientUseSpacing":        boolean(&s.GradientUseSpacing),
		"lbp2DRadius":               posF(&s.LBP2DRadius, false),
		"lbp2DSamples":              wantInt(&s.LBP2DSamples, 1, math.MaxInt32),
		"lbp2DMethod":               enum(&s.LBP2DMethod, false, "default", "ror", "uniform", "var"),
		"lbp3DLevels":               wantInt(&s.LBP3DLevels, 1, math.MaxInt32),
		"lbp3DIcosphereRadius":      posF(&s.LBP3DIcosphereRadius, false),
		"lbp3DIcosphereSubdivision": wantInt(&s.LBP3DIcosphereSubdivision, 0, math.MaxInt32),
		"voxelArrayShift":           anyF(&s.VoxelArrayShift),
		"symmetricalGLCM":           boolean(&s.SymmetricalGLCM),
		"weightingNorm":             enum(&s.WeightingNorm, true, "manhattan", "euclidean", "infinity", "no_weighting"),
		"gldm_a": func(_ *Settings, v any) error {
			f, ok := asFloat(v)
			if !ok || f < 0 {
				return fmt.Errorf("want a number >= 0, got %v", v)
			}
			s.GldmA = f
			return nil
		},
	}
}

// SettingNames returns the PyRadiomics setting names radgo accepts, sorted.
func SettingNames() []string {
	var s Settings
	d := settingDefs(&s)
	out := make([]string, 0, len(d))
	for k := range d {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// applySettings applies PyRadiomics settings given as a mapping (from a
// parameter file or an image type's custom settings) to s.
func applySettings(s *Settings, m map[string]any, where string) error {
	defs := settingDefs(s)
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		f, ok := defs[k]
		if !ok {
			return &ParamsError{Path: where, Msg: fmt.Sprintf("unknown setting %q%s", k, suggest(k, SettingNames()))}
		}
		if err := f(s, m[k]); err != nil {
			return &ParamsError{Path: where + "." + k, Msg: err.Error()}
		}
	}
	return nil
}

// SetSetting sets one PyRadiomics setting by name (as in a parameter file).
func (e *Extractor) SetSetting(name string, value any) error {
	return applySettings(&e.Settings, map[string]any{name: value}, "setting")
}

// suggest returns " (did you mean X?)" for the closest name, if close.
func suggest(k string, names []string) string {
	best, bd := "", 1<<30
	for _, n := range names {
		if d := editDistance(strings.ToLower(k), strings.ToLower(n)); d < bd {
			best, bd = n, d
		}
	}
	if best != "" && bd <= max(2, len(k)/4) {
		return fmt.Sprintf(" (did you mean %s?)", best)
	}
	return ""
}

func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
