package survival

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

func g4(x float64) string {
	if math.IsNaN(x) {
		return "NA"
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}

// String prints the curve like R's print(survfit): n, events, median and
// its confidence limits, then the survival table like summary(fit) at the
// event times.
func (c *Curve) String() string {
	var sb strings.Builder
	m := c.Median()
	lvl := strconv.FormatFloat(c.ConfLevel, 'f', -1, 64)
	if c.Stratum != "" {
		fmt.Fprintf(&sb, "stratum %s: ", c.Stratum)
	}
	fmt.Fprintf(&sb, "n = %d, events = %d, median = %s, %sLCL = %s, %sUCL = %s (conf.type %q)\n",
		c.N, c.NEvents, g4(m.Time), lvl, g4(m.Lower), lvl, g4(m.Upper), c.ConfType.String())
	fmt.Fprintf(&sb, "%8s %7s %7s %9s %9s %9s %9s\n", "time", "n.risk", "n.event", "survival", "std.err", "lower", "upper")
	for i, t := range c.Time {
		if c.Events[i] == 0 {
			continue
		}
		fmt.Fprintf(&sb, "%8s %7d %7d %9.4f %9.4f %9.4f %9.4f\n", g4(t), c.AtRisk[i], c.Events[i],
			c.Survival[i], c.Survival[i]*c.StdErr[i], c.Lower[i], c.Upper[i])
	}
	return sb.String()
}

// String prints the test like R's print(survdiff).
func (r *LogRankTest) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%-10s %6s %9s %9s %10s %10s\n", "group", "N", "Observed", "Expected", "(O-E)^2/E", "(O-E)^2/V")
	for j, g := range r.Groups {
		oe := r.Observed[j] - r.Expected[j]
		fmt.Fprintf(&sb, "%-10s %6d %9.4g %9.4g %10.4g %10.4g\n", g, r.N[j], r.Observed[j], r.Expected[j],
			oe*oe/r.Expected[j], oe*oe/r.Var[j][j])
	}
	fmt.Fprintf(&sb, "\nChisq = %.4g on %d degrees of freedom, p = %s", r.ChiSq, r.DF, g4(r.P))
	if r.Rho != 0 {
		fmt.Fprintf(&sb, " (rho = %g)", r.Rho)
	}
	sb.WriteString("\n")
	return sb.String()
}

// String prints the index like R's print(concordance(...)).
func (c *Concordance) String() string {
	return fmt.Sprintf("Concordance = %.4g, se = %.4g, 95%% CI %.4g to %.4g\nconcordant %.6g, discordant %.6g, tied.x %.6g, tied.y %.6g, tied.xy %.6g\n",
		c.C, c.StdErr, c.Lower, c.Upper, c.Concordant, c.Discordant, c.TiedRisk, c.TiedTime, c.TiedBoth)
}

// String prints one line per time like R's print(timeROC(...)) and
// confint: cases, controls, censored, AUC with SE and confidence limits.
func (r *TimeROCResult) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "Time-dependent ROC (cumulative/dynamic, marginal IPCW), n = %d\n", r.N)
	fmt.Fprintf(&sb, "%8s %6s %9s %9s %8s %8s %8s %8s\n", "time", "cases", "controls", "censored", "AUC", "se", "lower", "upper")
	for _, c := range r.Curves {
		fmt.Fprintf(&sb, "%8s %6d %9d %9d %8s %8s %8s %8s\n", g4(c.Time), c.Cases, c.Controls, c.Censored,
			g4(c.AUC), g4(c.StdErr), g4(c.Lower), g4(c.Upper))
	}
	return sb.String()
}
