package study

import (
	"fmt"
	"math"
	"sort"
	"strings"

	"radgo/core/table"
)

// Inputs are the study's data: a clinical table and the two readers'
// feature tables, one row per patient keyed by Columns.ID.
type Inputs struct {
	Clinical         *table.Table
	Reader1, Reader2 *table.Table
	// Files lists the files the inputs were read from, for the report.
	Files []string
}

// ReadInputs reads a clinical CSV and two PyRadiomics-format feature CSVs
// (one row per patient, an ID column named like the clinical table's,
// diagnostics_* and path columns ignored).
func ReadInputs(clinical, features1, features2 string, cols Columns) (*Inputs, error) {
	if cols.ID == "" {
		cols = DefaultColumns()
	}
	in := &Inputs{Files: []string{clinical, features1, features2}}
	var err error
	// The ID column is read as text: "001" must not become 1.
	if in.Clinical, err = table.ReadFile(clinical, table.WithType(cols.ID, table.String)); err != nil {
		return nil, err
	}
	if in.Reader1, err = table.ReadFile(features1, table.WithType(cols.ID, table.String)); err != nil {
		return nil, err
	}
	if in.Reader2, err = table.ReadFile(features2, table.WithType(cols.ID, table.String)); err != nil {
		return nil, err
	}
	return in, nil
}

// isFeature reports whether a feature-table column holds a radiomic
// feature: PyRadiomics names are imagetype_class_feature.
func isFeature(name string) bool {
	if strings.HasPrefix(name, "diagnostics_") {
		return false
	}
	parts := strings.Split(name, "_")
	return len(parts) >= 3
}

// prepared is the validated, aligned data the analysis works on.
type prepared struct {
	ids      []string
	data     survData
	hrr      []float64
	genes    map[string][]float64
	clinical map[string][]string // variable column → level per patient
	features []string
	x1, x2   [][]float64 // patient × feature, in ids order
}

type survData struct {
	time  []float64
	event []bool
}

// prepare checks the inputs against each other and aligns them by patient.
// Every error names the column, file or patient at fault.
func prepare(in *Inputs, cols Columns) (*prepared, error) {
	cl := in.Clinical
	if cl == nil || in.Reader1 == nil || in.Reader2 == nil {
		return nil, fmt.Errorf("study: the clinical table and both readers' feature tables are required")
	}
	need := []string{cols.ID, cols.Time, cols.Event, cols.HRR}
	need = append(need, cols.Genes...)
	for _, v := range cols.Clinical {
		need = append(need, v.Column)
	}
	for _, c := range need {
		if !cl.Has(c) {
			return nil, fmt.Errorf("study: the clinical table has no column %q (columns: %s)", c, strings.Join(cl.Names(), ", "))
		}
	}
	p := &prepared{genes: map[string][]float64{}, clinical: map[string][]string{}}
	ids, err := cl.Strings(cols.ID)
	if err != nil {
		return nil, fmt.Errorf("study: clinical column %q: %w", cols.ID, err)
	}
	seen := map[string]bool{}
	for r, id := range ids {
		if id == "" {
			return nil, fmt.Errorf("study: clinical row %d has an empty %s", r+1, cols.ID)
		}
		if seen[id] {
			return nil, fmt.Errorf("study: patient %s appears twice in the clinical table", id)
		}
		seen[id] = true
	}
	p.ids = ids
	num := func(col string) ([]float64, error) {
		c := cl.Col(col)
		if c.Kind() != table.Float && c.Kind() != table.Int && c.Kind() != table.Bool {
			// find the first non-numeric value to name it
			for r := 0; r < c.Len(); r++ {
				if s := c.Text(r); s != "" {
					if _, err := parseFloat(s); err != nil {
						return nil, fmt.Errorf("study: clinical column %q is not numeric: patient %s has %q", col, ids[r], s)
					}
				}
			}
		}
		v := make([]float64, c.Len())
		for r := range v {
			if c.IsNA(r) {
				return nil, fmt.Errorf("study: clinical column %q is missing for patient %s", col, ids[r])
			}
			v[r] = c.Float(r)
			if math.IsNaN(v[r]) {
				return nil, fmt.Errorf("study: clinical column %q is not a number for patient %s (%q)", col, ids[r], c.Text(r))
			}
		}
		return v, nil
	}
	t, err := num(cols.Time)
	if err != nil {
		return nil, err
	}
	for r, x := range t {
		if x < 0 {
			return nil, fmt.Errorf("study: clinical column %q is negative (%g) for patient %s", cols.Time, x, ids[r])
		}
	}
	e, err := num(cols.Event)
	if err != nil {
		return nil, err
	}
	p.data.time = t
	p.data.event = make([]bool, len(e))
	for r, x := range e {
		if x != 0 && x != 1 {
			return nil, fmt.Errorf("study: clinical column %q must be 0 or 1; patient %s has %g", cols.Event, ids[r], x)
		}
		p.data.event[r] = x == 1
	}
	if p.hrr, err = binary(num, cols.HRR, ids); err != nil {
		return nil, err
	}
	for _, g := range cols.Genes {
		if p.genes[g], err = binary(num, g, ids); err != nil {
			return nil, err
		}
	}
	for _, v := range cols.Clinical {
		p.clinical[v.Column] = make([]string, len(ids))
		c := cl.Col(v.Column)
		for r := range ids {
			if c.IsNA(r) {
				return nil, fmt.Errorf("study: clinical column %q is missing for patient %s", v.Column, ids[r])
			}
			p.clinical[v.Column][r] = c.Text(r)
		}
	}

	// Features: the same feature columns in both readers, every patient in
	// both, no patient in only one table.
	f1, err := featureColumns(in.Reader1, "reader 1")
	if err != nil {
		return nil, err
	}
	f2, err := featureColumns(in.Reader2, "reader 2")
	if err != nil {
		return nil, err
	}
	if d := diff(f1, f2); d != "" {
		return nil, fmt.Errorf("study: the two readers' feature tables have different features: %s", d)
	}
	p.features = f1
	if p.x1, err = featureRows(in.Reader1, "reader 1", cols.ID, ids, f1); err != nil {
		return nil, err
	}
	if p.x2, err = featureRows(in.Reader2, "reader 2", cols.ID, ids, f1); err != nil {
		return nil, err
	}
	return p, nil
}

func binary(num func(string) ([]float64, error), col string, ids []string) ([]float64, error) {
	v, err := num(col)
	if err != nil {
		return nil, err
	}
	for r, x := range v {
		if x != 0 && x != 1 {
			return nil, fmt.Errorf("study: clinical column %q must be 0 (wild type) or 1 (altered); patient %s has %g", col, ids[r], x)
		}
	}
	return v, nil
}

func featureColumns(t *table.Table, who string) ([]string, error) {
	var f []string
	for _, n := range t.Names() {
		if isFeature(n) {
			f = append(f, n)
		}
	}
	if len(f) == 0 {
		return nil, fmt.Errorf("study: %s's feature table has no radiomic feature columns (want PyRadiomics names such as original_firstorder_Mean)", who)
	}
	return f, nil
}

// diff describes the first differences between two feature lists.
func diff(a, b []string) string {
	inA, inB := map[string]bool{}, map[string]bool{}
	for _, x := range a {
		inA[x] = true
	}
	for _, x := range b {
		inB[x] = true
	}
	var onlyA, onlyB []string
	for _, x := range a {
		if !inB[x] {
			onlyA = append(onlyA, x)
		}
	}
	for _, x := range b {
		if !inA[x] {
			onlyB = append(onlyB, x)
		}
	}
	if len(onlyA) == 0 && len(onlyB) == 0 {
		return ""
	}
	show := func(s []string) string {
		sort.Strings(s)
		if len(s) > 3 {
			return strings.Join(s[:3], ", ") + fmt.Sprintf(" and %d more", len(s)-3)
		}
		return strings.Join(s, ", ")
	}
	var parts []string
	if len(onlyA) > 0 {
		parts = append(parts, fmt.Sprintf("only reader 1 has %s", show(onlyA)))
	}
	if len(onlyB) > 0 {
		parts = append(parts, fmt.Sprintf("only reader 2 has %s", show(onlyB)))
	}
	return strings.Join(parts, "; ")
}

func featureRows(t *table.Table, who, idCol string, ids, features []string) ([][]float64, error) {
	if !t.Has(idCol) {
		return nil, fmt.Errorf("study: %s's feature table has no %q column to match patients", who, idCol)
	}
	fid, err := t.Strings(idCol)
	if err != nil {
		return nil, err
	}
	row := map[string]int{}
	for r, id := range fid {
		if _, dup := row[id]; dup {
			return nil, fmt.Errorf("study: patient %s appears twice in %s's feature table", id, who)
		}
		row[id] = r
	}
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
		if _, ok := row[id]; !ok {
			return nil, fmt.Errorf("study: patient %s is in the clinical table but not in %s's feature table", id, who)
		}
	}
	for _, id := range fid {
		if !want[id] {
			return nil, fmt.Errorf("study: patient %s is in %s's feature table but not in the clinical table", id, who)
		}
	}
	cols := make([]*table.Column, len(features))
	for j, f := range features {
		cols[j] = t.Col(f)
		if k := cols[j].Kind(); k != table.Float && k != table.Int {
			return nil, fmt.Errorf("study: %s's feature %s is not numeric", who, f)
		}
	}
	x := make([][]float64, len(ids))
	for i, id := range ids {
		r := row[id]
		x[i] = make([]float64, len(features))
		for j, c := range cols {
			v := c.Float(r)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("study: %s's feature %s is missing or not finite for patient %s", who, features[j], id)
			}
			x[i][j] = v
		}
	}
	return x, nil
}
