package stats

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// ChiSquaredTest is the result of ChiSquared, with R chisq.test's fields.
type ChiSquaredTest struct {
	Statistic float64
	DF        int
	P         float64
	Yates     bool        // the continuity correction was applied
	Expected  [][]float64 // expected counts under independence
	Residuals [][]float64 // Pearson residuals (O-E)/sqrt(E)
	StdRes    [][]float64 // standardised residuals
	// MinExpected is the smallest expected count; R warns "Chi-squared
	// approximation may be incorrect" when it is below 5.
	MinExpected float64
}

// ChiSquared is Pearson's chi-squared test of independence for an r×c
// table of counts, as R's chisq.test(table, correct = correct): with
// correct and a 2×2 table the Yates correction sum((|O-E| - Y)^2/E) with
// Y = min(0.5, min|O-E|) is used. Rows or columns summing to zero, a
// negative or non-finite count or a table smaller than 2×2 return errors.
func ChiSquared(table [][]float64, correct bool) (*ChiSquaredTest, error) {
	r, c, err := checkTable(table)
	if err != nil {
		return nil, err
	}
	rs := make([]float64, r)
	cs := make([]float64, c)
	tot := 0.0
	for i, row := range table {
		for j, v := range row {
			rs[i] += v
			cs[j] += v
			tot += v
		}
	}
	for i, v := range rs {
		if v == 0 {
			return nil, fmt.Errorf("stats: row %d of the table sums to zero", i)
		}
	}
	for j, v := range cs {
		if v == 0 {
			return nil, fmt.Errorf("stats: column %d of the table sums to zero", j)
		}
	}
	t := &ChiSquaredTest{DF: (r - 1) * (c - 1), MinExpected: math.Inf(1)}
	t.Expected = make([][]float64, r)
	t.Residuals = make([][]float64, r)
	t.StdRes = make([][]float64, r)
	yates := 0.0
	if correct && r == 2 && c == 2 {
		yates = 0.5
	}
	for i := range table {
		t.Expected[i] = make([]float64, c)
		t.Residuals[i] = make([]float64, c)
		t.StdRes[i] = make([]float64, c)
		for j := range table[i] {
			e := rs[i] * cs[j] / tot
			t.Expected[i][j] = e
			t.MinExpected = math.Min(t.MinExpected, e)
			if yates > 0 {
				yates = math.Min(yates, math.Abs(table[i][j]-e))
			}
		}
	}
	t.Yates = yates > 0
	for i := range table {
		for j, o := range table[i] {
			e := t.Expected[i][j]
			d := math.Abs(o-e) - yates
			t.Statistic += d * d / e
			t.Residuals[i][j] = (o - e) / math.Sqrt(e)
			v := e * (1 - rs[i]/tot) * (1 - cs[j]/tot)
			t.StdRes[i][j] = (o - e) / math.Sqrt(v)
		}
	}
	t.P = distuv.ChiSquared{K: float64(t.DF)}.Survival(t.Statistic)
	return t, nil
}

func checkTable(table [][]float64) (int, int, error) {
	r := len(table)
	if r < 2 {
		return 0, 0, fmt.Errorf("stats: table has %d rows; need at least 2", r)
	}
	c := len(table[0])
	if c < 2 {
		return 0, 0, fmt.Errorf("stats: table has %d columns; need at least 2", c)
	}
	for i, row := range table {
		if len(row) != c {
			return 0, 0, fmt.Errorf("stats: table row %d has %d cells, row 0 has %d", i, len(row), c)
		}
		for j, v := range row {
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				return 0, 0, fmt.Errorf("stats: table cell [%d][%d] = %v is not a non-negative count", i, j, v)
			}
		}
	}
	return r, c, nil
}

// FisherTest is the result of FisherExact, with R fisher.test's fields.
type FisherTest struct {
	P         float64    // two-sided p-value
	OddsRatio float64    // conditional maximum-likelihood estimate (not ad/bc)
	ConfInt   [2]float64 // 95% confidence interval of the odds ratio
}

// FisherExact is Fisher's exact test of a 2×2 table of counts, as R's
// fisher.test(table): the two-sided p sums the probabilities of tables no
// more likely than the observed one (relative tolerance 1e-7), and the
// conditional MLE of the odds ratio and its 95% interval are found with
// R's uniroot (Brent's zeroin, tol = eps^0.25) exactly as R does, so the
// digits R prints are reproduced. Counts must be non-negative integers.
func FisherExact(table [2][2]float64) (*FisherTest, error) {
	for i := range table {
		for j, v := range table[i] {
			if v < 0 || v != math.Floor(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("stats: table cell [%d][%d] = %v is not a non-negative integer count", i, j, v)
			}
		}
	}
	m := int(table[0][0] + table[1][0])
	n := int(table[0][1] + table[1][1])
	k := int(table[0][0] + table[0][1])
	x := int(table[0][0])
	if m+n == 0 {
		return nil, errors.New("stats: empty table")
	}
	lo := max(0, k-n)
	hi := min(k, m)
	support := make([]float64, hi-lo+1)
	logdc := make([]float64, len(support))
	for s := lo; s <= hi; s++ {
		support[s-lo] = float64(s)
		logdc[s-lo] = lchoose(m, s) + lchoose(n, k-s) - lchoose(m+n, k)
	}
	dnhyper := func(ncp float64) []float64 {
		d := make([]float64, len(support))
		mx := math.Inf(-1)
		for i := range d {
			d[i] = logdc[i] + math.Log(ncp)*support[i]
			mx = math.Max(mx, d[i])
		}
		sum := 0.0
		for i := range d {
			d[i] = math.Exp(d[i] - mx)
			sum += d[i]
		}
		for i := range d {
			d[i] /= sum
		}
		return d
	}
	mnhyper := func(ncp float64) float64 {
		if ncp == 0 {
			return float64(lo)
		}
		if math.IsInf(ncp, 1) {
			return float64(hi)
		}
		s := 0.0
		for i, d := range dnhyper(ncp) {
			s += support[i] * d
		}
		return s
	}
	pnhyper := func(q int, ncp float64, upper bool) float64 {
		if ncp == 1 {
			d := dnhyper(1)
			s := 0.0
			for i, v := range d {
				if upper && lo+i >= q || !upper && lo+i <= q {
					s += v
				}
			}
			return s
		}
		if ncp == 0 {
			if upper {
				return b2f(q <= lo)
			}
			return b2f(q >= lo)
		}
		if math.IsInf(ncp, 1) {
			if upper {
				return b2f(q <= hi)
			}
			return b2f(q >= hi)
		}
		s := 0.0
		for i, v := range dnhyper(ncp) {
			if upper && lo+i >= q || !upper && lo+i <= q {
				s += v
			}
		}
		return s
	}
	res := &FisherTest{}
	d := dnhyper(1)
	dx := d[x-lo] * (1 + 1e-7)
	for _, v := range d {
		if v <= dx {
			res.P += v
		}
	}
	res.P = math.Min(res.P, 1)
	eps := 2.220446049250313e-16
	fx := float64(x)
	switch {
	case x == lo:
		res.OddsRatio = 0
	case x == hi:
		res.OddsRatio = math.Inf(1)
	default:
		mu := mnhyper(1)
		switch {
		case mu > fx:
			res.OddsRatio = uniroot(func(t float64) float64 { return mnhyper(t) - fx }, 0, 1)
		case mu < fx:
			res.OddsRatio = 1 / uniroot(func(t float64) float64 { return mnhyper(1/t) - fx }, eps, 1)
		default:
			res.OddsRatio = 1
		}
	}
	const alpha = 0.025
	ncpU := func() float64 {
		if x == hi {
			return math.Inf(1)
		}
		p := pnhyper(x, 1, false)
		switch {
		case p < alpha:
			return uniroot(func(t float64) float64 { return pnhyper(x, t, false) - alpha }, 0, 1)
		case p > alpha:
			return 1 / uniroot(func(t float64) float64 { return pnhyper(x, 1/t, false) - alpha }, eps, 1)
		}
		return 1
	}
	ncpL := func() float64 {
		if x == lo {
			return 0
		}
		p := pnhyper(x, 1, true)
		switch {
		case p > alpha:
			return uniroot(func(t float64) float64 { return pnhyper(x, t, true) - alpha }, 0, 1)
		case p < alpha:
			return 1 / uniroot(func(t float64) float64 { return pnhyper(x, 1/t, true) - alpha }, eps, 1)
		}
		return 1
	}
	res.ConfInt = [2]float64{ncpL(), ncpU()}
	return res, nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

func lchoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

// uniroot is R's uniroot(f, c(lower, upper)) with its default tolerance
// .Machine$double.eps^0.25 and maxiter 1000: Brent's zeroin as in R's
// R_zeroin2, reproduced step by step so roots agree with R to the bit.
func uniroot(f func(float64) float64, lower, upper float64) float64 {
	const eps = 2.220446049250313e-16
	tol := math.Pow(eps, 0.25)
	a, b := lower, upper
	fa, fb := f(a), f(b)
	c, fc := a, fa
	if fa == 0 {
		return a
	}
	if fb == 0 {
		return b
	}
	for maxit := 1001; maxit > 0; maxit-- {
		prevStep := b - a
		if math.Abs(fc) < math.Abs(fb) {
			a, b, c = b, c, b
			fa, fb, fc = fb, fc, fb
		}
		tolAct := 2*eps*math.Abs(b) + tol/2
		newStep := (c - b) / 2
		if math.Abs(newStep) <= tolAct || fb == 0 {
			return b
		}
		if math.Abs(prevStep) >= tolAct && math.Abs(fa) > math.Abs(fb) {
			var p, q float64
			cb := c - b
			if a == c {
				t1 := fb / fa
				p = cb * t1
				q = 1 - t1
			} else {
				qq := fa / fc
				t1 := fb / fc
				t2 := fb / fa
				p = t2 * (cb*qq*(qq-t1) - (b-a)*(t1-1))
				q = (qq - 1) * (t1 - 1) * (t2 - 1)
			}
			if p > 0 {
				q = -q
			} else {
				p = -p
			}
			if p < (0.75*cb*q-math.Abs(tolAct*q)/2) && p < math.Abs(prevStep*q/2) {
				newStep = p / q
			}
		}
		if math.Abs(newStep) < tolAct {
			if newStep > 0 {
				newStep = tolAct
			} else {
				newStep = -tolAct
			}
		}
		a, fa = b, fb
		b += newStep
		fb = f(b)
		if (fb > 0 && fc > 0) || (fb < 0 && fc < 0) {
			c, fc = a, fa
		}
	}
	return b
}
