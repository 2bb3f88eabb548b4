package study

import (
	"fmt"
	"math"
	"strconv"

	"radgo/core/stats"
	"radgo/core/survival"
	"radgo/core/survival/cox"
)

// table1 counts each level of each clinical variable and gene in the two
// sets and tests their balance: Pearson's chi-squared, with Yates'
// correction for 2×2 tables, and Fisher's exact test for 2×2 tables with an
// expected count below 5 (as SPSS reports it).
func table1(p *prepared, opt Options, inTrain []bool) ([]Table1Row, error) {
	var rows []Table1Row
	add := func(label string, values []string, levels []string) error {
		counts := make([][]float64, len(levels))
		for l := range levels {
			counts[l] = make([]float64, 2)
		}
		for i, v := range values {
			l := indexOf(levels, v)
			set := 1
			if inTrain[i] {
				set = 0
			}
			counts[l][set]++
		}
		pv, how := math.NaN(), ""
		if len(levels) >= 2 {
			ct, err := stats.ChiSquared(counts, len(levels) == 2)
			switch {
			case err != nil:
				how = "not testable"
			case len(levels) == 2 && ct.MinExpected < 5:
				ft, err := stats.FisherExact([2][2]float64{{counts[0][0], counts[0][1]}, {counts[1][0], counts[1][1]}})
				if err != nil {
					return fmt.Errorf("study: Table 1 %s: %w", label, err)
				}
				pv, how = ft.P, "Fisher"
			default:
				pv, how = ct.P, "chi-squared"
				if ct.Yates {
					how = "chi-squared (Yates)"
				}
			}
		}
		for l, lev := range levels {
			r := Table1Row{Variable: label, Level: lev, Training: int(counts[l][0]), Test: int(counts[l][1]), P: math.NaN(), first: l == 0}
			if l == 0 {
				r.P, r.Method = pv, how
			}
			rows = append(rows, r)
		}
		return nil
	}
	for _, v := range opt.Columns.Clinical {
		vals := p.clinical[v.Column]
		levels := orderedLevels(vals, v.Reference)
		if err := add(v.Label, vals, levels); err != nil {
			return nil, err
		}
	}
	genes := append([]string{}, opt.Columns.Genes...)
	genes = append(genes, opt.Columns.HRR)
	for _, g := range genes {
		v := p.hrr
		if g != opt.Columns.HRR {
			v = p.genes[g]
		}
		vals := make([]string, len(v))
		for i, x := range v {
			vals[i] = map[bool]string{false: "Wild", true: "Mutation"}[x == 1]
		}
		if err := add(g, vals, []string{"Wild", "Mutation"}); err != nil {
			return nil, err
		}
	}
	return rows, nil
}

// orderedLevels returns the levels of v in R's factor order with ref first.
func orderedLevels(v []string, ref string) []string {
	levels := survival.Levels(v)
	if i := indexOf(levels, ref); i > 0 {
		levels = append([]string{ref}, append(levels[:i:i], levels[i+1:]...)...)
	}
	return levels
}

// coxTables fits the univariate Cox model of every clinical variable, gene
// and the Rad-score group on the training set, then the multivariate model
// of those significant at opt.Alpha (the paper's Table 3).
func coxTables(res *Result, p *prepared, opt Options, train []int, radHigh []float64) error {
	d := res.survTraining
	type candidate struct {
		col   cox.Column
		label string
	}
	var cands []candidate
	for _, v := range opt.Columns.Clinical {
		vals := make([]string, len(train))
		for k, i := range train {
			vals[k] = p.clinical[v.Column][i]
		}
		ref := v.Reference
		if indexOf(vals, ref) < 0 {
			ref = ""
		}
		cands = append(cands, candidate{cox.Column{Name: v.Column, Categories: vals, Ref: ref}, v.Label})
	}
	for _, g := range opt.Columns.Genes {
		cands = append(cands, candidate{cox.Column{Name: g, Values: pick(p.genes[g], train)}, g + " (mutation vs wild)"})
	}
	cands = append(cands, candidate{cox.Column{Name: opt.Columns.HRR, Values: pick(p.hrr, train)}, "HRR pathway (altered vs wild)"})
	cands = append(cands, candidate{cox.Column{Name: "RadScoreHigh", Values: pick(radHigh, train)}, fmt.Sprintf("Rad-score (> %.3f vs ≤)", res.RadScore.Cutoff)})

	var chosen []cox.Column
	var chosenLabels []string
	for _, c := range cands {
		m, err := cox.FitColumns(d, []cox.Column{c.col}, nil)
		if err != nil {
			res.Univariate = append(res.Univariate, CoxRow{Variable: c.col.Name, Label: c.label, HR: math.NaN(), Lower: math.NaN(), Upper: math.NaN(), P: math.NaN(), Note: err.Error()})
			continue
		}
		sig := false
		for k, name := range m.Names {
			row := CoxRow{Variable: name, Label: c.label, HR: m.HR[k], Lower: m.Lower[k], Upper: m.Upper[k], P: m.P[k]}
			if m.Infinite != nil && m.Infinite[k] {
				row.Note = "infinite estimate (separation)"
			}
			res.Univariate = append(res.Univariate, row)
			if m.P[k] < opt.Alpha {
				sig = true
			}
		}
		if sig {
			chosen = append(chosen, c.col)
			chosenLabels = append(chosenLabels, c.label)
		}
	}
	if len(chosen) == 0 {
		res.MultiNote = fmt.Sprintf("no variable reached p < %g in univariate analysis", opt.Alpha)
		return nil
	}
	m, err := cox.FitColumns(d, chosen, nil)
	if err != nil {
		res.MultiNote = "multivariate fit failed: " + err.Error()
		return nil
	}
	for _, w := range m.Warnings {
		res.Warnings = append(res.Warnings, "multivariate Cox: "+w)
	}
	for k, name := range m.Names {
		label := name
		for j, c := range chosen {
			if len(name) >= len(c.Name) && name[:len(c.Name)] == c.Name {
				label = chosenLabels[j]
			}
		}
		res.Multivariate = append(res.Multivariate, CoxRow{Variable: name, Label: label, HR: m.HR[k], Lower: m.Lower[k], Upper: m.Upper[k], P: m.P[k]})
	}
	return nil
}

// evaluate computes one model's KM curves, log-rank test, time-dependent
// AUCs and C-index on one set.
func evaluate(marker, group []float64, labels []string, d survival.Data, opt Options) (*SetResult, error) {
	sr := &SetResult{N: d.Len(), marker: marker, data: d}
	sr.group = make([]string, len(group))
	for i, g := range group {
		sr.group[i] = labels[int(g)]
	}
	present := map[string]bool{}
	for _, g := range sr.group {
		present[g] = true
	}
	curves, err := survival.KaplanMeierStrata(d, sr.group, nil)
	if err != nil {
		return nil, err
	}
	sr.curves = curves
	for _, c := range curves {
		med := c.Median()
		sr.Groups = append(sr.Groups, GroupSummary{Group: c.Stratum, N: c.N, Events: c.NEvents, Median: med.Time, MedianLower: med.Lower, MedianUpper: med.Upper})
	}
	if len(present) >= 2 {
		if sr.LogRank, err = survival.LogRank(d, sr.group, nil); err != nil {
			return nil, err
		}
	}
	tr, err := survival.TimeROC(marker, d, opt.Times, nil)
	if err != nil {
		return nil, err
	}
	sr.timeROC = tr
	for _, c := range tr.Curves {
		sr.AUC = append(sr.AUC, TimeAUC{Time: c.Time, AUC: c.AUC, Lower: c.Lower, Upper: c.Upper})
	}
	rc, err := survival.RcorrCensC(marker, d)
	if err != nil {
		return nil, err
	}
	sr.C, sr.CLower, sr.CUpper = rc.C, rc.Lower, rc.Upper
	return sr, nil
}

func formatP(p float64) string {
	switch {
	case math.IsNaN(p):
		return ""
	case p < 0.001:
		return "<0.001"
	}
	return strconv.FormatFloat(p, 'f', 3, 64)
}
