package elasticnet

import (
	"context"
	"math"
	"testing"
)

// sklearn_lassocv.json: scikit-learn 1.2.1 LassoCV (testdata/README.md).
type lassoCVCase struct {
	ID       string   `json:"id"`
	Data     string   `json:"data"`
	XColumns []string `json:"x_columns"`
	YColumn  string   `json:"y_column"`
	FoldCol  *string  `json:"fold_column"`
	KFold    []int    `json:"kfold_contiguous_fold_of_each_row"`
	Expected struct {
		N          int         `json:"n"`
		P          int         `json:"p"`
		Alphas     []float64   `json:"alphas"`
		Alpha      float64     `json:"alpha"`
		Index      int         `json:"index_alpha_0based"`
		MSEPath    [][]float64 `json:"mse_path_rows_alpha_cols_fold"`
		MSEMean    []float64   `json:"mse_mean"`
		CoefFull   []float64   `json:"coef_full"`
		Intercept  float64     `json:"intercept"`
		NIter      int         `json:"n_iter"`
		DualGap    float64     `json:"dual_gap"`
		CoefTight  []float64   `json:"coef_tight_full"`
		ICTight    float64     `json:"intercept_tight"`
		RadScore   []float64   `json:"radscore_X_coef_plus_intercept"`
		AlphaMaxFm float64     `json:"alpha_max_formula"`
	} `json:"expected"`
}

// Tolerances: alphas_ are closed form (1e-12 relative); mse_path_ and the
// tol=1e-4 refit reproduce scikit-learn's own iterations, so they agree
// far better than the README's 1e-4/1e-3 (checked at 1e-8 and 1e-7,
// BLAS summation order being the only difference); coef_tight at 1e-8.
func TestSklearnLassoCV(t *testing.T) {
	var ref struct{ Cases []lassoCVCase }
	readJSON(t, "sklearn_lassocv.json", &ref)
	if len(ref.Cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range ref.Cases {
		t.Run(c.ID, func(t *testing.T) {
			tab := readCSV(t, c.Data)
			x := tab.Matrix(t, c.XColumns)
			y := tab[c.YColumn]
			var folds []int
			if c.FoldCol != nil {
				for _, f := range tab[*c.FoldCol] {
					folds = append(folds, int(f))
				}
			} else {
				folds = ContiguousFolds(len(y), 10)
				for i, f := range c.KFold {
					if folds[i] != f {
						t.Fatalf("ContiguousFolds row %d = %d, KFold gives %d", i, folds[i], f)
					}
				}
			}
			e := c.Expected
			res, err := LassoCV(context.Background(), x, y, LassoCVSettings{}, folds)
			if err != nil {
				t.Fatal(err)
			}
			checkVec(t, "alphas", res.Alphas, e.Alphas, 1e-12, 0)
			for k, row := range e.MSEPath {
				checkVec(t, "mse_path row "+itoa(k), res.MSEPath.RawRowView(k), row, 1e-8, 0)
			}
			checkVec(t, "mse_mean", res.MSEMean, e.MSEMean, 1e-8, 0)
			if res.Index != e.Index {
				t.Errorf("alpha index %d, want %d", res.Index, e.Index)
			}
			if relErr(res.Alpha, e.Alpha, 0) > 1e-12 {
				t.Errorf("alpha_ = %g, want %g", res.Alpha, e.Alpha)
			}
			clean := func(v []float64) []float64 {
				w := append([]float64(nil), v...)
				for j := range w {
					if abs(w[j]) < zeroCoefTol {
						w[j] = 0
					}
				}
				return w
			}
			checkVec(t, "coef_", clean(res.Coef), clean(e.CoefFull), 1e-7, coefFloor)
			if relErr(res.Intercept, e.Intercept, 1) > 1e-7 {
				t.Errorf("intercept_ = %.17g, want %.17g", res.Intercept, e.Intercept)
			}
			if res.NIter != e.NIter {
				t.Errorf("n_iter_ = %d, want %d", res.NIter, e.NIter)
			}
			if relErr(res.DualGap, e.DualGap, 1e-12) > 1e-4 {
				t.Errorf("dual_gap_ = %g, want %g", res.DualGap, e.DualGap)
			}
			checkVec(t, "radscore", res.RadScore, e.RadScore, 1e-7, 1)
			tight, icpt, _, _, err := Lasso(x, y, res.Alpha, LassoCVSettings{Tol: 1e-12, MaxIter: 1000000})
			if err != nil {
				t.Fatal(err)
			}
			checkVec(t, "coef tight", clean(tight), clean(e.CoefTight), 1e-8, coefFloor)
			if relErr(icpt, e.ICTight, 1) > 1e-8 {
				t.Errorf("tight intercept = %.17g, want %.17g", icpt, e.ICTight)
			}
		})
	}
}

// crosscheck_glmnet_vs_sklearn.json: glmnet at lambda = scikit-learn's
// alpha_ on z-scored X reaches scikit-learn's optimum. Our glmnet-style
// fit, polished by ExactGaussian, must agree with R's thresh = 1e-14 fit
// (1e-6: R's tight fit is itself ~1e-6 from the optimum) and with
// scikit-learn's tight fit (1e-6, the differences the reference reports).
func TestCrosscheckGlmnetSklearn(t *testing.T) {
	var ref struct {
		Cases []struct {
			ID      string     `json:"id"`
			Data    string     `json:"data"`
			Lambda  float64    `json:"lambda"`
			Coef    sparseCoef `json:"glmnet_coef"`
			A0      float64    `json:"glmnet_a0"`
			MaxDiff float64    `json:"max_abs_diff_vs_sklearn_tight"`
		}
	}
	var sk struct{ Cases []lassoCVCase }
	readJSON(t, "crosscheck_glmnet_vs_sklearn.json", &ref)
	readJSON(t, "sklearn_lassocv.json", &sk)
	if len(ref.Cases) == 0 {
		t.Fatal("no cases")
	}
	for _, c := range ref.Cases {
		t.Run(c.ID, func(t *testing.T) {
			var sc *lassoCVCase
			for i := range sk.Cases {
				if sk.Cases[i].ID == c.ID {
					sc = &sk.Cases[i]
				}
			}
			if sc == nil {
				t.Fatalf("no scikit-learn case %q", c.ID)
			}
			tab := readCSV(t, c.Data)
			x := tab.Matrix(t, sc.XColumns)
			y := tab[sc.YColumn]
			s := DefaultSettings()
			s.Lambda = sc.Expected.Alphas
			s.Thresh = 1e-14
			s.MaxIterations = 10000000
			p, err := FitGaussian(context.Background(), x, y, s)
			if err != nil {
				t.Fatal(err)
			}
			k := sc.Expected.Index
			if p.Lambda[k] != c.Lambda {
				t.Fatalf("lambda[%d] = %g, want %g", k, p.Lambda[k], c.Lambda)
			}
			want := c.Coef.dense(sc.Expected.P)
			// Absolute 1e-6: with p > n neither R's nor our thresh = 1e-14
			// fit is fully converged (the reference reports 1.5e-6 between
			// R and scikit-learn); the polished optimum is checked below.
			checkVec(t, "glmnet tight coef", column(p.Coef, k), want, 1e-6, 1)
			if relErr(p.Intercept[k], c.A0, 1) > 1e-6 {
				t.Errorf("a0 = %.17g, want %.17g", p.Intercept[k], c.A0)
			}
			b, _, err := ExactGaussian(x, y, s, p, k)
			if err != nil {
				t.Fatal(err)
			}
			checkVec(t, "exact coef vs scikit-learn tight", b, sc.Expected.CoefTight, 1e-6, coefFloor)
		})
	}
}

// TestElasticNetMatchesGlmnet: scikit-learn's ElasticNet objective with
// l1_ratio r equals glmnet's with alpha = r and lambda = alpha on
// population-standardised X when y has unit population SD (glmnet scales
// y internally, which divides its effective ridge penalty by sd(y)), so
// the tight scikit-learn-style fit must equal glmnet's polished optimum
// (1e-8 relative).
func TestElasticNetMatchesGlmnet(t *testing.T) {
	tab := readCSV(t, "lung_lasso.csv")
	cols := []string{"z_age", "z_sex", "z_ph_ecog", "z_ph_karno", "z_pat_karno", "z_meal_cal", "z_wt_loss"}
	x := tab.Matrix(t, cols)
	y := append([]float64(nil), tab["time"]...)
	m, ss := 0.0, 0.0
	for _, v := range y {
		m += v / float64(len(y))
	}
	for _, v := range y {
		ss += (v - m) * (v - m) / float64(len(y))
	}
	for i := range y {
		y[i] /= math.Sqrt(ss)
	}
	for _, r := range []float64{0.2, 0.5, 0.9} {
		for _, alpha := range []float64{0.01, 0.03, 0.08} {
			b, icpt, _, _, err := Lasso(x, y, alpha, LassoCVSettings{L1Ratio: r, Tol: 1e-14, MaxIter: 1000000})
			if err != nil {
				t.Fatal(err)
			}
			s := DefaultSettings()
			s.Alpha = r
			s.Lambda = []float64{alpha}
			p, err := FitGaussian(context.Background(), x, y, s)
			if err != nil {
				t.Fatal(err)
			}
			want, a0, err := ExactGaussian(x, y, s, p, 0)
			if err != nil {
				t.Fatal(err)
			}
			checkVec(t, "elastic net coef", b, want, 1e-8, coefFloor)
			if relErr(icpt, a0, 1) > 1e-8 {
				t.Errorf("l1_ratio %g alpha %g: intercept %.17g, glmnet %.17g", r, alpha, icpt, a0)
			}
		}
	}
}
