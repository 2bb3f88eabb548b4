package study

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
)

// RadScoreFormula returns the Rad-score as an equation over z-scored
// features, like the paper's.
func (r *Result) RadScoreFormula() string {
	if len(r.RadScore.Features) == 0 {
		return "Rad-score = 0 (no feature selected)"
	}
	var b strings.Builder
	b.WriteString("Rad-score =")
	for k, f := range r.RadScore.Features {
		c := r.RadScore.Coefficients[k]
		sign := "+"
		if c < 0 {
			sign = "−"
		}
		if k == 0 && c >= 0 {
			sign = ""
		}
		fmt.Fprintf(&b, " %s %.6g × %s", sign, math.Abs(c), f)
	}
	return b.String()
}

func pct(k, n int) string {
	if n == 0 {
		return "0"
	}
	return fmt.Sprintf("%d (%.1f%%)", k, 100*float64(k)/float64(n))
}

func ci(x, lo, hi float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return fmt.Sprintf("%.3f (%.3f–%.3f)", x, lo, hi)
}

func hr(x CoxRow) string {
	if math.IsNaN(x.HR) {
		return "–"
	}
	return fmt.Sprintf("%.2f (%.2f–%.2f)", x.HR, x.Lower, x.Upper)
}

func months(x float64) string {
	if math.IsNaN(x) {
		return "NR"
	}
	return fmt.Sprintf("%.1f", x)
}

// tablesHTML renders Tables 1–5 and the model summaries.
func (r *Result) tablesHTML() string {
	var b strings.Builder
	esc := html.EscapeString
	nt, nv := len(r.Training), len(r.Test)
	fmt.Fprintf(&b, "<h2>Table 1. Patient characteristics, training (n = %d) and validation (n = %d) sets</h2>\n", nt, nv)
	b.WriteString("<table><tr><th>Variable</th><th>Level</th><th>Training</th><th>Validation</th><th>p</th><th>test</th></tr>\n")
	for _, row := range r.Table1 {
		v, p, t := "", "", ""
		if row.first {
			v, p, t = row.Variable, formatP(row.P), row.Method
		}
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", esc(v), esc(row.Level), pct(row.Training, nt), pct(row.Test, nv), p, esc(t))
	}
	b.WriteString("</table>\n")

	fmt.Fprintf(&b, "<h2>Table 2. Radiomic features selected by LASSO (%s, %d-fold CV, λ = %.4g at the minimum %s)</h2>\n",
		esc(r.Lasso.Target), r.Options.Folds, r.Lasso.LambdaMin, esc(r.Lasso.Measure))
	b.WriteString("<table><tr><th>Feature</th><th>Coefficient</th><th>training mean</th><th>training SD</th></tr>\n")
	for k, f := range r.RadScore.Features {
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%.6g</td><td>%.6g</td><td>%.6g</td></tr>\n", esc(f), r.RadScore.Coefficients[k], r.RadScore.Mean[k], r.RadScore.SD[k])
	}
	b.WriteString("</table>\n")
	fmt.Fprintf(&b, "<p class=formula>%s</p>\n<p>Features are z-scored with the training mean and SD above. Youden-optimal cut-off on the training ROC against progression: <b>%.4f</b> (AUC %s).</p>\n",
		esc(r.RadScoreFormula()), r.RadScore.Cutoff, ci(r.RadScore.AUC, r.RadScore.AUCLower, r.RadScore.AUCUpper))

	b.WriteString("<h2>Table 3. Cox regression of PFS in the training set</h2>\n<table><tr><th>Variable</th><th>Term</th><th>Univariate HR (95% CI)</th><th>p</th><th>Multivariate HR (95% CI)</th><th>p</th></tr>\n")
	for _, u := range r.Univariate {
		mv, mp := "", ""
		for _, m := range r.Multivariate {
			if m.Variable == u.Variable {
				mv, mp = hr(m), formatP(m.P)
			}
		}
		note := ""
		if u.Note != "" {
			note = " <small>(" + esc(u.Note) + ")</small>"
		}
		fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td><td>%s%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n", esc(u.Label), esc(u.Variable), hr(u), note, formatP(u.P), mv, mp)
	}
	b.WriteString("</table>\n")
	if r.MultiNote != "" {
		fmt.Fprintf(&b, "<p>%s</p>\n", esc(r.MultiNote))
	}

	for s, set := range []string{"training", "validation"} {
		fmt.Fprintf(&b, "<h2>Table %d. Model performance, %s set</h2>\n<table><tr><th>Model</th>", 4+s, set)
		for _, t := range r.Options.Times {
			fmt.Fprintf(&b, "<th>AUC %g months (95%% CI)</th>", t)
		}
		b.WriteString("<th>C-index (95% CI)</th><th>Log-rank p</th><th>Median PFS by group (months)</th></tr>\n")
		for _, m := range r.Models {
			sr := m.Training
			if s == 1 {
				sr = m.Test
			}
			fmt.Fprintf(&b, "<tr><td>%s</td>", esc(m.Name))
			for _, a := range sr.AUC {
				fmt.Fprintf(&b, "<td>%s</td>", ci(a.AUC, a.Lower, a.Upper))
			}
			lr := "–"
			if sr.LogRank != nil {
				lr = formatP(sr.LogRank.P)
			}
			var meds []string
			for _, g := range sr.Groups {
				meds = append(meds, fmt.Sprintf("%s: %s (n = %d)", g.Group, months(g.Median), g.N))
			}
			fmt.Fprintf(&b, "<td>%s</td><td>%s</td><td>%s</td></tr>\n", ci(sr.C, sr.CLower, sr.CUpper), lr, esc(strings.Join(meds, "; ")))
		}
		b.WriteString("</table>\n")
	}
	if len(r.Warnings) > 0 {
		b.WriteString("<h3>Warnings</h3><ul>")
		for _, w := range r.Warnings {
			fmt.Fprintf(&b, "<li>%s</li>", esc(w))
		}
		b.WriteString("</ul>\n")
	}
	return b.String()
}

// HTML renders the result's tables for a notebook.
func (r *Result) HTML() string {
	return fmt.Sprintf("<div class=radgo-study><p>%d patients (training %d, validation %d); %d features, %d stable (ICC ≥ %.2f), %d selected.</p>%s</div>",
		r.N, len(r.Training), len(r.Test), r.Features, r.StableCount, r.Options.ICCThreshold, len(r.RadScore.Features), r.tablesHTML())
}

// String summarises the result in plain text.
func (r *Result) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d patients (training %d, validation %d); %d features, %d stable (ICC ≥ %.2f)\n", r.N, len(r.Training), len(r.Test), r.Features, r.StableCount, r.Options.ICCThreshold)
	fmt.Fprintf(&b, "%s; cut-off %.4f\n", r.RadScoreFormula(), r.RadScore.Cutoff)
	for _, m := range r.Models {
		fmt.Fprintf(&b, "%-10s C training %s, validation %s\n", m.Name, ci(m.Training.C, m.Training.CLower, m.Training.CUpper), ci(m.Test.C, m.Test.CLower, m.Test.CUpper))
	}
	return b.String()
}

// Provenance describes how a result was produced, for the report.
type Provenance struct {
	Command string
	Inputs  []InputHash
	Extra   map[string]string
}

// InputHash is the SHA-256 of an input file or folder (of its files'
// relative names and contents, in sorted order).
type InputHash struct {
	Path   string
	SHA256 string
	Files  int
}

// HashInputs hashes every path (file or folder).
func HashInputs(paths []string) ([]InputHash, error) {
	var out []InputHash
	for _, p := range paths {
		h := sha256.New()
		n := 0
		err := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel, _ := filepath.Rel(p, path)
			fmt.Fprintf(h, "%s\x00", filepath.ToSlash(rel))
			f, err := os.Open(path)
			if err != nil {
				return err
			}
			defer f.Close()
			n++
			_, err = io.Copy(h, f)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("study: hashing %s: %w", p, err)
		}
		out = append(out, InputHash{Path: p, SHA256: hex.EncodeToString(h.Sum(nil)), Files: n})
	}
	return out, nil
}

// WriteReport writes report.html (self-contained, figures embedded),
// results.json, selected_features.csv and figures/*.png|svg under dir.
// Everything is written to a temporary folder beside dir and renamed into
// place at the end, so a failure never leaves a half-written report.
func (r *Result) WriteReport(dir string, prov *Provenance) error {
	figs, err := r.Figures()
	if err != nil {
		return err
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("study: %w", err)
	}
	tmp, err := os.MkdirTemp(parent, ".report-*")
	if err != nil {
		return fmt.Errorf("study: %w", err)
	}
	defer os.RemoveAll(tmp)
	if err := os.Mkdir(filepath.Join(tmp, "figures"), 0o755); err != nil {
		return err
	}
	var body strings.Builder
	for _, f := range figs {
		png, err := f.Chart.Render("png")
		if err != nil {
			return fmt.Errorf("study: rendering %s: %w", f.Name, err)
		}
		svg, err := f.Chart.Render("svg")
		if err != nil {
			return fmt.Errorf("study: rendering %s: %w", f.Name, err)
		}
		if err := os.WriteFile(filepath.Join(tmp, "figures", f.Name+".png"), png, 0o644); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(tmp, "figures", f.Name+".svg"), svg, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(&body, "<figure><img alt=%q src=\"data:image/png;base64,%s\"><figcaption>%s</figcaption></figure>\n",
			f.Name, base64.StdEncoding.EncodeToString(png), html.EscapeString(f.Caption))
	}
	var sel bytes.Buffer
	sel.WriteString("feature,coefficient,training_mean,training_sd\n")
	for k, f := range r.RadScore.Features {
		fmt.Fprintf(&sel, "%s,%.17g,%.17g,%.17g\n", f, r.RadScore.Coefficients[k], r.RadScore.Mean[k], r.RadScore.SD[k])
	}
	if err := os.WriteFile(filepath.Join(tmp, "selected_features.csv"), sel.Bytes(), 0o644); err != nil {
		return err
	}
	js, err := json.MarshalIndent(map[string]any{"result": jsonValue(reflect.ValueOf(r)), "provenance": prov}, "", " ")
	if err != nil {
		return fmt.Errorf("study: results.json: %w", err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "results.json"), append(js, '\n'), 0o644); err != nil {
		return err
	}
	page := r.page(body.String(), prov)
	if err := os.WriteFile(filepath.Join(tmp, "report.html"), []byte(page), 0o644); err != nil {
		return err
	}
	if err := os.RemoveAll(dir); err != nil {
		return fmt.Errorf("study: replacing %s: %w", dir, err)
	}
	return os.Rename(tmp, dir)
}

func (r *Result) page(figures string, prov *Provenance) string {
	var b strings.Builder
	esc := html.EscapeString
	b.WriteString(`<!DOCTYPE html><html><head><meta charset="utf-8"><title>radgo study report</title><style>
body{font-family:system-ui,sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:90%}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left}
th{background:#f3f3f3}figure{display:inline-block;margin:.5em;width:46%;vertical-align:top}figure img{width:100%}
figcaption{font-size:85%;color:#555}.formula{font-family:monospace;background:#f7f7f7;padding:.5em}small{color:#666}
</style></head><body>
<h1>CT radiomics and HRR pathway mutations for progression-free survival after chemoradiotherapy</h1>
<p>A reproduction of the workflow of Cui et al., <i>Biomarker Research</i> 2023, 11:44, by radgo.</p>
`)
	o := r.Options
	fmt.Fprintf(&b, "<h2>Settings</h2><ul><li>%d patients: %d training, %d validation (seeded %.0f:%.0f split, seed %d)</li>", r.N, len(r.Training), len(r.Test), 100*o.TrainFraction, 100*(1-o.TrainFraction), o.Seed)
	fmt.Fprintf(&b, "<li>%d features per patient; ICC(2,1) between readers on %d patients, threshold %.2f → %d stable</li>", r.Features, r.ICCPatientsN, o.ICCThreshold, r.StableCount)
	fmt.Fprintf(&b, "<li>z-score on the training set; LASSO target %s, %d-fold CV (seed %d), λ at the minimum %s</li>", esc(r.Lasso.Target), o.Folds, o.Seed, esc(r.Lasso.Measure))
	fmt.Fprintf(&b, "<li>Multivariate Cox on univariate p &lt; %g; time-dependent AUC at %v months (timeROC, marginal IPCW); C-index as rms rcorr.cens</li></ul>\n", o.Alpha, o.Times)
	b.WriteString(r.tablesHTML())
	b.WriteString("<h2>Figures</h2>\n")
	b.WriteString(figures)
	if prov != nil {
		b.WriteString("<h2>Provenance</h2><table><tr><th>what</th><th>value</th></tr>")
		if prov.Command != "" {
			fmt.Fprintf(&b, "<tr><td>command</td><td><code>%s</code></td></tr>", esc(prov.Command))
		}
		keys := make([]string, 0, len(prov.Extra))
		for k := range prov.Extra {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "<tr><td>%s</td><td>%s</td></tr>", esc(k), esc(prov.Extra[k]))
		}
		b.WriteString("</table><table><tr><th>input</th><th>files</th><th>SHA-256</th></tr>")
		for _, in := range prov.Inputs {
			fmt.Fprintf(&b, "<tr><td>%s</td><td>%d</td><td><code>%s</code></td></tr>", esc(in.Path), in.Files, in.SHA256)
		}
		b.WriteString("</table>\n")
	}
	b.WriteString("</body></html>\n")
	return b.String()
}

// jsonValue converts exported fields to JSON-ready values, writing NaN and
// infinities (R's NA and Inf) as null, which encoding/json refuses.
func jsonValue(v reflect.Value) any {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return jsonValue(v.Elem())
	case reflect.Float32, reflect.Float64:
		f := v.Float()
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return nil
		}
		return f
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && v.IsNil() {
			return nil
		}
		out := make([]any, v.Len())
		for i := range out {
			out[i] = jsonValue(v.Index(i))
		}
		return out
	case reflect.Map:
		out := map[string]any{}
		for _, k := range v.MapKeys() {
			out[fmt.Sprint(k.Interface())] = jsonValue(v.MapIndex(k))
		}
		return out
	case reflect.Struct:
		out := map[string]any{}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				continue
			}
			if s, ok := v.Field(i).Interface().(fmt.Stringer); ok && v.Field(i).Kind() == reflect.Int {
				out[f.Name] = s.String()
				continue
			}
			out[f.Name] = jsonValue(v.Field(i))
		}
		return out
	}
	if v.IsValid() && v.CanInterface() {
		return v.Interface()
	}
	return nil
}
