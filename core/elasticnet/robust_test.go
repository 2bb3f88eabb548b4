package elasticnet

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"

	"radgo/core/survival"
)

func TestBadInput(t *testing.T) {
	ctx := context.Background()
	x, d := simCox(30, 5, 3)
	s := DefaultSettings()
	nanX := mat.DenseCopyOf(x)
	nanX.Set(2, 3, math.NaN())
	constX := mat.NewDense(30, 2, nil)
	noEv := survival.Data{Time: d.Time, Event: make([]bool, 30)}
	negT := survival.Data{Time: append([]float64{-1}, d.Time[1:]...), Event: d.Event}
	zeroEv := survival.Data{Time: append([]float64{0}, d.Time[1:]...), Event: append([]bool{true}, d.Event[1:]...)}
	bad := func(f func(Settings) Settings) Settings { return f(DefaultSettings()) }
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"cox NaN x", errOf(FitCox(ctx, nanX, d, s))},
		{"cox constant x", errOf(FitCox(ctx, constX, d, s))},
		{"cox no events", errOf(FitCox(ctx, x, noEv, s))},
		{"cox negative time", errOf(FitCox(ctx, x, negT, s))},
		{"cox event at time 0", errOf(FitCox(ctx, x, zeroEv, s))},
		{"cox length mismatch", errOf(FitCox(ctx, x, d.Subset([]int{0, 1, 2}), s))},
		{"gaussian length mismatch", errOf(FitGaussian(ctx, x, d.Time[:5], s))},
		{"gaussian constant y", errOf(FitGaussian(ctx, x, make([]float64, 30), s))},
		{"gaussian NaN y", errOf(FitGaussian(ctx, x, append([]float64{math.NaN()}, d.Time[1:]...), s))},
		{"binomial one class", errOf(FitBinomial(ctx, x, make([]bool, 30), s))},
		{"alpha > 1", errOf(FitGaussian(ctx, x, d.Time, bad(func(s Settings) Settings { s.Alpha = 2; return s })))},
		{"increasing lambda", errOf(FitGaussian(ctx, x, d.Time, bad(func(s Settings) Settings { s.Lambda = []float64{1, 2}; return s })))},
		{"penalty factor length", errOf(FitGaussian(ctx, x, d.Time, bad(func(s Settings) Settings { s.PenaltyFactor = []float64{1}; return s })))},
		{"lambda.min.ratio 1", errOf(FitGaussian(ctx, x, d.Time, bad(func(s Settings) Settings { s.LambdaMinRatio = 1; return s })))},
		{"folds length", errOf(CrossValidateCox(ctx, x, d, s, []int{1, 2, 3}, Deviance))},
		{"two folds", errOf(CrossValidateCox(ctx, x, d, s, ContiguousFolds(30, 2), Deviance))},
		{"empty fold", errOf(CrossValidateCox(ctx, x, d, s, append(ContiguousFolds(29, 3), 5), Deviance))},
		{"cox measure", errOf(CrossValidateCox(ctx, x, d, s, ContiguousFolds(30, 3), MSE))},
		{"lassocv folds", errOf(LassoCV(ctx, x, d.Time, LassoCVSettings{}, make([]int, 30)))},
	} {
		if tc.err == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
}

func errOf[T any](_ T, err error) error { return err }

func TestContextAndProgress(t *testing.T) {
	x, d := simCox(60, 10, 4)
	folds := RandomFolds(60, 5, rand.New(rand.NewPCG(1, 1)))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := CrossValidateCox(ctx, x, d, DefaultSettings(), folds, Deviance); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled CV: err %v", err)
	}
	if _, err := FitCox(ctx, x, d, DefaultSettings()); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled fit: err %v", err)
	}
	s := DefaultSettings()
	var calls, last, total int
	s.Progress = func(done, tot int) { calls++; last, total = done, tot }
	p, err := FitCox(context.Background(), x, d, s)
	if err != nil {
		t.Fatal(err)
	}
	if calls != len(p.Lambda) || last != len(p.Lambda) || total != 100 {
		t.Errorf("fit progress: %d calls, last %d/%d, path of %d", calls, last, total, len(p.Lambda))
	}
	calls = 0
	if _, err := CrossValidateCox(context.Background(), x, d, s, folds, Deviance); err != nil {
		t.Fatal(err)
	}
	if calls != 6 || last != 6 || total != 6 {
		t.Errorf("CV progress: %d calls, last %d/%d, want 6 of 6", calls, last, total)
	}
}

func TestPMaxTruncates(t *testing.T) {
	x, d := simCox(60, 30, 5)
	s := DefaultSettings()
	s.PMax = 3
	p, err := FitCox(context.Background(), x, d, s)
	var te *TruncatedError
	if !errors.As(err, &te) || !errors.Is(err, ErrPMax) {
		t.Fatalf("err %v, want a TruncatedError wrapping ErrPMax", err)
	}
	if len(p.Lambda) != te.At || te.At == 0 {
		t.Errorf("path of %d lambdas truncated at %d", len(p.Lambda), te.At)
	}
	for k := range p.Lambda {
		if p.Df[k] > 3 {
			t.Errorf("df %d > PMax at %d", p.Df[k], k)
		}
	}
}

// TestKKT checks the optimality conditions of the Gaussian path on the
// standardised scale: |x_j'r/n| = lambda*vp for active, <= for inactive,
// within 1e-4·lambda_max at thresh 1e-14 (coordinate-wise changes below
// sqrt(thresh) leave gradient errors of that order).
func TestKKTGaussian(t *testing.T) {
	x, d := simCox(80, 40, 6)
	y := d.Time
	s := DefaultSettings()
	s.Standardize = false
	s.Thresh = 1e-14
	p, err := FitGaussian(context.Background(), x, y, s)
	if err != nil {
		t.Fatal(err)
	}
	n, q := x.Dims()
	for k, lam := range p.Lambda {
		r := make([]float64, n)
		for i := range r {
			r[i] = y[i] - p.Intercept[k]
			for j := 0; j < q; j++ {
				r[i] -= x.At(i, j) * p.Coef.At(j, k)
			}
		}
		for j := 0; j < q; j++ {
			g := 0.0
			for i := range r {
				g += x.At(i, j) * r[i]
			}
			g /= float64(n)
			if b := p.Coef.At(j, k); b != 0 {
				if math.Abs(g-lam*math.Copysign(1, b)) > 1e-4*p.Lambda[0] {
					t.Fatalf("lambda %d: active %d gradient %g, want %g", k, j, g, lam*math.Copysign(1, b))
				}
			} else if math.Abs(g) > lam+1e-4*p.Lambda[0] {
				t.Fatalf("lambda %d: inactive %d gradient %g exceeds lambda %g", k, j, g, lam)
			}
		}
		if k == 0 && p.Df[0] != 0 {
			t.Errorf("df at lambda_max = %d", p.Df[0])
		}
	}
}

// TestGOMAXPROCSDeterminism: cross-validation runs folds concurrently;
// the result must be bit-identical for any GOMAXPROCS.
func TestGOMAXPROCSDeterminism(t *testing.T) {
	x, d := simCox(60, 10, 8)
	folds := RandomFolds(60, 6, rand.New(rand.NewPCG(2, 2)))
	var res []*CV
	for _, procs := range []int{1, 2, 4} {
		old := runtime.GOMAXPROCS(procs)
		cv, err := CrossValidateCox(context.Background(), x, d, DefaultSettings(), folds, Deviance)
		runtime.GOMAXPROCS(old)
		if err != nil {
			t.Fatal(err)
		}
		res = append(res, cv)
	}
	for i := 1; i < len(res); i++ {
		if !reflect.DeepEqual(res[0].CVM, res[i].CVM) || !reflect.DeepEqual(res[0].CVSD, res[i].CVSD) ||
			!mat.Equal(res[0].Fit.Coef, res[i].Fit.Coef) {
			t.Errorf("results differ between GOMAXPROCS settings")
		}
	}
}

func TestCIndexCV(t *testing.T) {
	x, d := simCox(80, 20, 9)
	folds := RandomFolds(80, 5, rand.New(rand.NewPCG(3, 3)))
	cv, err := CrossValidateCox(context.Background(), x, d, DefaultSettings(), folds, CIndex)
	if err != nil {
		t.Fatal(err)
	}
	best := math.Inf(-1)
	for _, c := range cv.CVM {
		if !(c >= 0 && c <= 1) {
			t.Fatalf("C-index %g outside [0, 1]", c)
		}
		best = math.Max(best, c)
	}
	if cv.CVM[cv.IndexMin] != best {
		t.Errorf("lambda.min does not maximise the C-index")
	}
	// harrellC: perfect and reversed orderings.
	y := []float64{1, 2, 3, 4}
	ev := []bool{true, true, true, true}
	if c := harrellC([]float64{4, 3, 2, 1}, y, ev); c != 1 {
		t.Errorf("concordant C = %g", c)
	}
	if c := harrellC([]float64{1, 2, 3, 4}, y, ev); c != 0 {
		t.Errorf("discordant C = %g", c)
	}
}

// A full-data path cut short (here by PMax) is kept, as glmnet keeps it:
// the cross-validation covers the lambdas fitted and returns the result
// together with the TruncatedError.
func TestCVKeepsTruncatedFullPath(t *testing.T) {
	x, d := simCox(60, 30, 5)
	s := DefaultSettings()
	s.PMax = 3
	folds := RandomFolds(60, 5, rand.New(rand.NewPCG(1, 2)))
	cv, err := CrossValidateCox(context.Background(), x, d, s, folds, Deviance)
	var te *TruncatedError
	if !errors.As(err, &te) {
		t.Fatalf("err %v, want a TruncatedError", err)
	}
	if cv == nil {
		t.Fatal("no result with the truncated path")
	}
	if len(cv.Lambda) != te.At || len(cv.CVM) != len(cv.Lambda) {
		t.Errorf("CV over %d lambdas (%d CVM), full path truncated at %d", len(cv.Lambda), len(cv.CVM), te.At)
	}
	if cv.IndexMin < 0 || cv.IndexMin >= len(cv.Lambda) {
		t.Errorf("IndexMin %d outside the %d lambdas", cv.IndexMin, len(cv.Lambda))
	}
}
