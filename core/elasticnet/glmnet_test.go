package elasticnet

import (
	"context"
	"testing"

	"radgo/core/survival"
)

// glmnetCase is one case of glmnet_gaussian.json / glmnet_cox.json
// (R 4.2.2, glmnet 4.1-6; see testdata/README.md).
type glmnetCase struct {
	ID       string   `json:"id"`
	Kind     string   `json:"kind"`
	Data     string   `json:"data"`
	XColumns []string `json:"x_columns"`
	FoldCol  string   `json:"foldid_column"`
	YColumn  string   `json:"y_column"`
	Alpha    float64  `json:"alpha"`
	// Options of glmnet_options.json.
	PenaltyFactor  []float64 `json:"penalty_factor"`
	Standardize    *bool     `json:"standardize"`
	LambdaMinRatio float64   `json:"lambda_min_ratio"`
	NLambda        int       `json:"nlambda"`
	Measure        string    `json:"measure"`
	Expected       struct {
		N         int          `json:"n"`
		P         int          `json:"p"`
		Lambda    []float64    `json:"lambda"`
		Df        []int        `json:"df"`
		DevRatio  []float64    `json:"dev_ratio"`
		NullDev   float64      `json:"nulldev"`
		A0        []float64    `json:"a0"`
		PathFirst []sparseCoef `json:"path_coef_first"`
		CV        struct {
			LambdaMin float64   `json:"lambda_min"`
			Lambda1SE float64   `json:"lambda_1se"`
			IndexMin  int       `json:"index_min_1based"`
			Index1SE  int       `json:"index_1se_1based"`
			CVM       []float64 `json:"cvm"`
			CVSD      []float64 `json:"cvsd"`
			NZero     []int     `json:"nzero"`
			Lambda    []float64 `json:"lambda"`
		} `json:"cv"`
		CoefMin      sparseCoef `json:"coef_at_lambda_min"`
		Coef1SE      sparseCoef `json:"coef_at_lambda_1se"`
		CoefMinTight sparseCoef `json:"coef_at_lambda_min_tight"`
		Coef1SETight sparseCoef `json:"coef_at_lambda_1se_tight"`
		CoefMinExact sparseCoef `json:"coef_at_lambda_min_exact"`
		Coef1SEExact sparseCoef `json:"coef_at_lambda_1se_exact"`
	} `json:"expected"`
}

// Tolerances (testdata/README.md): the lambda sequence is closed form
// (1e-12 relative); default-thresh fits are compared at 1e-3 relative
// because R's own answer has KKT residuals ~1e-4, but since the algorithm
// is glmnet's we check 1e-6 on path quantities and 1e-4 on CV curves;
// tight (thresh 1e-14) fits at 1e-6 and the polished optimum at 1e-8.
const (
	tolLambda   = 1e-12
	tolDefault  = 1e-3
	tolPath     = 1e-6
	tolCV       = 1e-4
	tolTight    = 1e-6
	tolExact    = 1e-8
	coefFloor   = 1e-3 // absolute scale below which coefficient errors are absolute
	devFloor    = 1e-6
	zeroCoefTol = 1e-10 // reference "non-zero" values below this are rounding noise
)

func TestGlmnetReference(t *testing.T) {
	for _, file := range []string{"glmnet_gaussian.json", "glmnet_cox.json"} {
		var ref struct{ Cases []glmnetCase }
		readJSON(t, file, &ref)
		if len(ref.Cases) == 0 {
			t.Fatalf("%s: no cases", file)
		}
		for _, c := range ref.Cases {
			t.Run(c.ID, func(t *testing.T) { testGlmnetCase(t, c) })
		}
	}
}

func testGlmnetCase(t *testing.T, c glmnetCase) {
	tab := readCSV(t, c.Data)
	x := tab.Matrix(t, c.XColumns)
	e := c.Expected
	ctx := context.Background()
	s := DefaultSettings()
	var exact func(p *Path, k int) ([]float64, float64, error)
	var (
		fit  func(s Settings) (*Path, error)
		cv   func(s Settings, folds []int) (*CV, error)
		fold []int
	)
	for _, f := range tab[c.FoldCol] {
		fold = append(fold, int(f))
	}
	switch c.Kind {
	case "glmnet_gaussian":
		y := tab["time"]
		fit = func(s Settings) (*Path, error) { return FitGaussian(ctx, x, y, s) }
		cv = func(s Settings, folds []int) (*CV, error) { return CrossValidateGaussian(ctx, x, y, s, folds, MSE) }
		exact = func(p *Path, k int) ([]float64, float64, error) { return ExactGaussian(x, y, s, p, k) }
	case "glmnet_cox":
		d := survival.Data{Time: tab["time"]}
		for _, v := range tab["event"] {
			d.Event = append(d.Event, v == 1)
		}
		fit = func(s Settings) (*Path, error) { return FitCox(ctx, x, d, s) }
		cv = func(s Settings, folds []int) (*CV, error) { return CrossValidateCox(ctx, x, d, s, folds, Deviance) }
		exact = func(p *Path, k int) ([]float64, float64, error) { return ExactCox(x, d, s, p, k) }
	default:
		t.Fatalf("unknown kind %q", c.Kind)
	}
	p, err := fit(s)
	if err != nil {
		t.Fatal(err)
	}
	checkVec(t, "lambda", p.Lambda, e.Lambda, tolLambda, 0)
	if len(p.Lambda) == len(e.Lambda) {
		for k := range e.Df {
			if p.Df[k] != e.Df[k] {
				t.Errorf("df[%d] = %d, want %d", k, p.Df[k], e.Df[k])
			}
		}
		checkVec(t, "dev_ratio", p.DevRatio, e.DevRatio, tolPath, devFloor)
		if e.A0 != nil {
			checkVec(t, "a0", p.Intercept, e.A0, tolPath, 1)
		}
	}
	if relErr(p.NullDev, e.NullDev, 0) > 1e-12 {
		t.Errorf("nulldev = %.17g, want %.17g", p.NullDev, e.NullDev)
	}
	for k, pc := range e.PathFirst {
		if k >= len(p.Lambda) {
			break
		}
		checkVec(t, "path coef at lambda "+itoa(k), column(p.Coef, k), pc.dense(e.P), tolPath, coefFloor)
	}

	res, err := cv(s, fold)
	if err != nil {
		t.Fatal(err)
	}
	checkVec(t, "cv lambda", res.Lambda, e.CV.Lambda, tolLambda, 0)
	checkVec(t, "cvm", res.CVM, e.CV.CVM, tolCV, 0)
	checkVec(t, "cvsd", res.CVSD, e.CV.CVSD, tolCV, 0)
	if res.IndexMin+1 != e.CV.IndexMin || res.Index1SE+1 != e.CV.Index1SE {
		t.Errorf("index min/1se = %d/%d (1-based), want %d/%d", res.IndexMin+1, res.Index1SE+1, e.CV.IndexMin, e.CV.Index1SE)
	}
	for k, nz := range e.CV.NZero {
		if k < len(res.NZero) && res.NZero[k] != nz {
			t.Errorf("nzero[%d] = %d, want %d", k, res.NZero[k], nz)
		}
	}
	if relErr(res.LambdaMin, e.CV.LambdaMin, 0) > tolLambda || relErr(res.Lambda1SE, e.CV.Lambda1SE, 0) > tolLambda {
		t.Errorf("lambda.min/1se = %g/%g, want %g/%g", res.LambdaMin, res.Lambda1SE, e.CV.LambdaMin, e.CV.Lambda1SE)
	}
	checkCoef := func(what string, got []float64, want sparseCoef, tol float64) {
		w := want.dense(e.P)
		for j := range w {
			if abs(w[j]) < zeroCoefTol {
				w[j] = 0
			}
		}
		checkVec(t, what, got, w, tol, coefFloor)
	}
	bmin := column(res.Fit.Coef, res.IndexMin)
	b1se := column(res.Fit.Coef, res.Index1SE)
	checkCoef("coef at lambda.min", bmin, e.CoefMin, tolDefault)
	checkCoef("coef at lambda.1se", b1se, e.Coef1SE, tolDefault)

	// The thresh = 1e-14 refit of R is reproduced where coordinate descent
	// converges quickly (p < n). With p > n (radsim) glmnet's own tight fit
	// is still ~1e-5 from the optimum and takes minutes of passes: there
	// the polished optimum is checked through Exact instead.
	if e.P < e.N {
		tight := s
		tight.Lambda = p.Lambda
		tight.Thresh = 1e-14
		tight.MaxIterations = 10000000
		pt, err := fit(tight)
		if err != nil {
			t.Fatal(err)
		}
		checkCoef("tight coef at lambda.min", column(pt.Coef, res.IndexMin), e.CoefMinTight, tolTight)
		checkCoef("tight coef at lambda.1se", column(pt.Coef, res.Index1SE), e.Coef1SETight, tolTight)
	}
	for _, k := range []struct {
		idx  int
		want sparseCoef
	}{{res.IndexMin, e.CoefMinExact}, {res.Index1SE, e.Coef1SEExact}} {
		b, _, err := exact(res.Fit, k.idx)
		if err != nil {
			t.Fatal(err)
		}
		checkCoef("exact coef at lambda index "+itoa(k.idx), b, k.want, tolExact)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

func itoa(k int) string {
	const d = "0123456789"
	if k < 10 {
		return d[k : k+1]
	}
	return itoa(k/10) + d[k%10:k%10+1]
}
