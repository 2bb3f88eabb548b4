package elasticnet

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Settings configures a penalised path. Zero Alpha is meaningful (ridge), so
// the zero value is not the default: start from DefaultSettings.
//
// The names follow glmnet's arguments (alpha, nlambda, lambda.min.ratio,
// lambda, standardize, penalty.factor, thresh, maxit, dfmax, pmax).
type Settings struct {
	// Alpha is the elastic-net mixing parameter: 1 is the lasso, 0 ridge.
	// The penalty is lambda*(Alpha*|b|_1 + (1-Alpha)/2*|b|_2^2).
	Alpha float64
	// NLambda is the number of lambda values (glmnet nlambda, default 100).
	// The path can stop early, as glmnet's does, when the deviance ratio
	// stops changing (fdev 1e-5) or reaches devmax (0.999).
	NLambda int
	// LambdaMinRatio is lambda_min/lambda_max. Zero selects glmnet's rule:
	// 0.01 when n < p, else 1e-4.
	LambdaMinRatio float64
	// Lambda is an explicit decreasing sequence; it overrides NLambda and
	// LambdaMinRatio, and the path is then never stopped early.
	Lambda []float64
	// Standardize scales each column to unit variance (1/n) before fitting;
	// coefficients are always returned on the input scale (glmnet
	// standardize, default true).
	Standardize bool
	// PenaltyFactor multiplies lambda per coefficient (nil: all 1). As in
	// glmnet the factors are rescaled to sum to p; 0 leaves a variable
	// unpenalised.
	PenaltyFactor []float64
	// Thresh is the coordinate-descent convergence threshold (glmnet thresh,
	// default 1e-7): a pass stops when the largest weighted squared change
	// of a coefficient is below Thresh times the null deviance.
	Thresh float64
	// MaxIterations caps the total number of coordinate passes over the
	// whole path (glmnet maxit, default 1e5).
	MaxIterations int
	// DFMax limits the number of non-zero coefficients: the path stops at
	// the first lambda exceeding it (glmnet dfmax; zero: p+1).
	DFMax int
	// PMax limits the number of variables ever non-zero (glmnet pmax; zero:
	// min(2*DFMax+20, p)).
	PMax int
	// Progress, if not nil, is called after each lambda of a fit and after
	// each fold of a cross-validation with the work done and the total.
	Progress func(done, total int)
}

// DefaultSettings returns glmnet's defaults: the lasso (Alpha 1), 100
// lambdas, glmnet's lambda.min.ratio rule, standardisation on, thresh 1e-7
// and maxit 1e5.
func DefaultSettings() Settings {
	return Settings{
		Alpha:         1,
		NLambda:       100,
		Standardize:   true,
		Thresh:        1e-7,
		MaxIterations: 100000,
	}
}

// Internal constants of glmnet.control() (glmnet 4.1).
const (
	glmFdev   = 1e-5
	glmEps    = 1e-6
	glmBig    = 9.9e35
	glmMnlam  = 5
	glmDevmax = 0.999
)

// ErrNotConverged is wrapped by a *TruncatedError when coordinate descent
// reached MaxIterations.
var ErrNotConverged = errors.New("elasticnet: coordinate descent did not converge within MaxIterations")

// ErrPMax is wrapped by a *TruncatedError when more than PMax variables
// entered the model.
var ErrPMax = errors.New("elasticnet: number of non-zero coefficients exceeded PMax")

// TruncatedError reports a path that stopped before its last lambda, as
// glmnet's warnings for jerr < 0 do. The returned Path is usable and holds
// the solutions up to (not including) lambda index At.
type TruncatedError struct {
	At  int // 0-based index of the lambda that failed
	Err error
}

// Error describes the failure and where the path stopped.
func (e *TruncatedError) Error() string {
	return fmt.Sprintf("%v at lambda index %d; path truncated", e.Err, e.At)
}

// Unwrap returns ErrNotConverged, ErrPMax or the numerical failure.
func (e *TruncatedError) Unwrap() error { return e.Err }

// problem is the validated, column-major copy of the input shared by all families.
type problem struct {
	n, p   int
	x      [][]float64 // x[j] is column j (copied, may be modified)
	vp     []float64   // penalty factors scaled to sum p
	ju     []bool      // column is non-constant
	alpha  float64
	flmin  float64
	ulam   []float64
	nlam   int
	thr    float64
	maxit  int
	ne, nx int
	isd    bool
}

func newProblem(x mat.Matrix, s *Settings) (*problem, error) {
	n, p := x.Dims()
	if n < 2 {
		return nil, fmt.Errorf("elasticnet: need at least 2 observations, have %d", n)
	}
	if p < 1 {
		return nil, errors.New("elasticnet: no predictors")
	}
	if math.IsNaN(s.Alpha) || s.Alpha < 0 || s.Alpha > 1 {
		return nil, fmt.Errorf("elasticnet: Alpha %v outside [0, 1]", s.Alpha)
	}
	pr := &problem{n: n, p: p, alpha: s.Alpha, isd: s.Standardize}
	pr.x = make([][]float64, p)
	flat := make([]float64, n*p)
	for j := 0; j < p; j++ {
		col := flat[j*n : (j+1)*n : (j+1)*n]
		for i := 0; i < n; i++ {
			v := x.At(i, j)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("elasticnet: x[%d, %d] = %v is not finite", i, j, v)
			}
			col[i] = v
		}
		pr.x[j] = col
	}
	pr.ju = make([]bool, p)
	any := false
	for j, col := range pr.x {
		for _, v := range col[1:] {
			if v != col[0] {
				pr.ju[j] = true
				any = true
				break
			}
		}
	}
	if !any {
		return nil, errors.New("elasticnet: all predictors are constant")
	}
	pr.vp = make([]float64, p)
	if s.PenaltyFactor != nil {
		if len(s.PenaltyFactor) != p {
			return nil, fmt.Errorf("elasticnet: %d penalty factors for %d predictors", len(s.PenaltyFactor), p)
		}
		copy(pr.vp, s.PenaltyFactor)
	} else {
		for j := range pr.vp {
			pr.vp[j] = 1
		}
	}
	sum := 0.0
	for j, v := range pr.vp {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("elasticnet: penalty factor %d is %v", j, v)
		}
		pr.vp[j] = math.Max(0, v)
		sum += pr.vp[j]
	}
	if sum <= 0 {
		return nil, errors.New("elasticnet: all penalty factors are zero")
	}
	for j := range pr.vp {
		pr.vp[j] = pr.vp[j] * float64(p) / sum
	}
	if s.Lambda != nil {
		if len(s.Lambda) == 0 {
			return nil, errors.New("elasticnet: empty Lambda sequence")
		}
		for k, l := range s.Lambda {
			if math.IsNaN(l) || l < 0 || math.IsInf(l, 0) {
				return nil, fmt.Errorf("elasticnet: Lambda[%d] = %v is not a finite non-negative number", k, l)
			}
			if k > 0 && l > s.Lambda[k-1] {
				return nil, fmt.Errorf("elasticnet: Lambda must be decreasing (Lambda[%d] = %v > Lambda[%d] = %v)", k, l, k-1, s.Lambda[k-1])
			}
		}
		pr.ulam = append([]float64(nil), s.Lambda...)
		pr.nlam = len(s.Lambda)
		pr.flmin = 1
	} else {
		pr.nlam = s.NLambda
		if pr.nlam == 0 {
			pr.nlam = 100
		}
		if pr.nlam < 1 {
			return nil, fmt.Errorf("elasticnet: NLambda %d < 1", s.NLambda)
		}
		pr.flmin = s.LambdaMinRatio
		if pr.flmin == 0 {
			if n < p {
				pr.flmin = 0.01
			} else {
				pr.flmin = 1e-4
			}
		}
		if math.IsNaN(pr.flmin) || pr.flmin <= 0 || pr.flmin >= 1 {
			return nil, fmt.Errorf("elasticnet: LambdaMinRatio %v outside (0, 1)", s.LambdaMinRatio)
		}
	}
	pr.thr = s.Thresh
	if pr.thr == 0 {
		pr.thr = 1e-7
	}
	if pr.thr < 0 || math.IsNaN(pr.thr) {
		return nil, fmt.Errorf("elasticnet: Thresh %v < 0", s.Thresh)
	}
	pr.maxit = s.MaxIterations
	if pr.maxit <= 0 {
		pr.maxit = 100000
	}
	pr.ne = s.DFMax
	if pr.ne <= 0 {
		pr.ne = p + 1
	}
	pr.nx = s.PMax
	if pr.nx <= 0 {
		pr.nx = min(pr.ne*2+20, p)
	}
	return pr, nil
}

// alf is the geometric step between successive computed lambdas. glmnet's
// C++ (Gaussian) computes the exponent 1/(nlam-1) in double precision, its
// Fortran (Cox) in single precision (the REAL literal 1.0); single is set
// to reproduce the latter to the last bit.
func (pr *problem) alf(single bool) float64 {
	if pr.flmin >= 1 {
		return 1
	}
	eqs := math.Max(glmEps, pr.flmin)
	e := 1 / float64(pr.nlam-1)
	if single {
		e = float64(float32(1) / float32(pr.nlam-1))
	}
	return math.Pow(eqs, e)
}

// fixLambda replaces glmnet's "infinite" first lambda by the log-linear
// extrapolation of the next two, as glmnet's R function fix.lam does.
func fixLambda(lam []float64) {
	if len(lam) > 2 {
		lam[0] = math.Exp(2*math.Log(lam[1]) - math.Log(lam[2]))
	}
}
