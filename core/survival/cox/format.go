package cox

import (
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
)

// sig formats x with 4 significant digits, as R's summary.coxph
// (digits = max(getOption("digits") - 3, 3)).
func sig(x float64) string {
	switch {
	case math.IsNaN(x):
		return "NA"
	case math.IsInf(x, 1):
		return "Inf"
	case math.IsInf(x, -1):
		return "-Inf"
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}

func stars(p float64) string {
	switch {
	case math.IsNaN(p):
		return ""
	case p < 0.001:
		return "***"
	case p < 0.01:
		return "**"
	case p < 0.05:
		return "*"
	case p < 0.1:
		return "."
	}
	return ""
}

// table holds rows of cells; the first column is left-aligned, the others
// right-aligned, separated by two spaces.
func table(sb *strings.Builder, header []string, rows [][]string) {
	w := make([]int, len(header))
	for _, r := range append([][]string{header}, rows...) {
		for j, c := range r {
			if len(c) > w[j] {
				w[j] = len(c)
			}
		}
	}
	line := func(r []string) {
		var l strings.Builder
		for j, c := range r {
			if j == 0 {
				fmt.Fprintf(&l, "%-*s", w[j], c)
			} else {
				fmt.Fprintf(&l, "  %*s", w[j], c)
			}
		}
		sb.WriteString(strings.TrimRight(l.String(), " "))
		sb.WriteString("\n")
	}
	line(header)
	for _, r := range rows {
		line(r)
	}
}

func (m *Model) seLabel() string {
	if m.Robust {
		return "robust se"
	}
	return "se(coef)"
}

// String returns a summary in the layout of R's summary.coxph:
// coefficients with significance stars, hazard ratios with confidence
// limits, concordance and the three global tests, then any warnings.
func (m *Model) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "Cox proportional hazards model (ties = %q)\n", m.Ties.String())
	fmt.Fprintf(&sb, "  n = %d, number of events = %d\n\n", m.N, m.NEvents)
	header := []string{"", "coef", "exp(coef)"}
	if m.Robust {
		header = append(header, "se(coef)")
	}
	header = append(header, m.seLabel(), "z", "Pr(>|z|)", "")
	var rows [][]string
	for j, name := range m.Names {
		r := []string{name, sig(m.Coef[j]), sig(m.HR[j])}
		if m.Robust {
			r = append(r, sig(m.NaiveSE[j]))
		}
		r = append(r, sig(m.StdErr[j]), sig(m.Z[j]), sig(m.P[j]), stars(m.P[j]))
		rows = append(rows, r)
	}
	table(&sb, header, rows)
	sb.WriteString("---\nSignif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1\n\n")
	lvl := strconv.FormatFloat(m.ConfLevel, 'f', -1, 64)
	lvl = strings.TrimPrefix(lvl, "0")
	rows = rows[:0]
	for j, name := range m.Names {
		rows = append(rows, []string{name, sig(m.HR[j]), sig(math.Exp(-m.Coef[j])), sig(m.Lower[j]), sig(m.Upper[j])})
	}
	table(&sb, []string{"", "exp(coef)", "exp(-coef)", "lower " + lvl, "upper " + lvl}, rows)
	sb.WriteString("\n")
	if c := m.Concordance; c != nil {
		fmt.Fprintf(&sb, "Concordance = %s  (se = %s)\n", strconv.FormatFloat(c.C, 'f', 3, 64), strconv.FormatFloat(c.StdErr, 'f', 3, 64))
	}
	test := func(label string, t Test) {
		fmt.Fprintf(&sb, "%-22s= %s  on %d df,   p = %s\n", label, strconv.FormatFloat(t.ChiSq, 'f', 2, 64), t.DF, sig(t.P))
	}
	test("Likelihood ratio test", m.LR)
	test("Wald test", m.Wald)
	test("Score (logrank) test", m.Score)
	if m.RobustScore != nil {
		test("Robust score test", *m.RobustScore)
		sb.WriteString("  (Note: the likelihood ratio and score tests assume independence of observations.)\n")
	}
	for _, w := range m.Warnings {
		fmt.Fprintf(&sb, "Warning: %s\n", w)
	}
	return sb.String()
}

// HTML returns the summary as an HTML fragment (a table of coefficients,
// hazard ratios with confidence limits and p-values, then the global
// tests) for notebook display.
func (m *Model) HTML() string {
	var sb strings.Builder
	e := html.EscapeString
	pct := strconv.FormatFloat(100*m.ConfLevel, 'f', -1, 64)
	fmt.Fprintf(&sb, "<table>\n<caption>Cox proportional hazards model (ties = %s): n = %d, events = %d</caption>\n", e(m.Ties.String()), m.N, m.NEvents)
	fmt.Fprintf(&sb, "<thead><tr><th></th><th>coef</th><th>HR</th><th>%s</th><th>HR %s%% CI</th><th>z</th><th>p</th></tr></thead>\n<tbody>\n", e(m.seLabel()), pct)
	for j, name := range m.Names {
		fmt.Fprintf(&sb, "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s – %s</td><td>%s</td><td>%s</td></tr>\n",
			e(name), sig(m.Coef[j]), sig(m.HR[j]), sig(m.StdErr[j]), sig(m.Lower[j]), sig(m.Upper[j]), sig(m.Z[j]), e(sig(m.P[j])+stars(m.P[j])))
	}
	sb.WriteString("</tbody>\n</table>\n<p>")
	if c := m.Concordance; c != nil {
		fmt.Fprintf(&sb, "Concordance %s (se %s); ", strconv.FormatFloat(c.C, 'f', 3, 64), strconv.FormatFloat(c.StdErr, 'f', 3, 64))
	}
	fmt.Fprintf(&sb, "likelihood ratio %s on %d df, p = %s; Wald %s, p = %s; score %s, p = %s.</p>\n",
		strconv.FormatFloat(m.LR.ChiSq, 'f', 2, 64), m.LR.DF, sig(m.LR.P),
		strconv.FormatFloat(m.Wald.ChiSq, 'f', 2, 64), sig(m.Wald.P),
		strconv.FormatFloat(m.Score.ChiSq, 'f', 2, 64), sig(m.Score.P))
	for _, w := range m.Warnings {
		fmt.Fprintf(&sb, "<p><b>Warning:</b> %s</p>\n", e(w))
	}
	return sb.String()
}
