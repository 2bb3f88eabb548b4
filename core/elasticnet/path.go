package elasticnet

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Family names the model a Path was fitted for.
type Family int

const (
	Gaussian Family = iota // least squares, glmnet family = "gaussian"
	Binomial               // logistic, glmnet family = "binomial"
	Cox                    // Cox partial likelihood (Breslow ties), glmnet family = "cox"
)

// String returns glmnet's family name.
func (f Family) String() string {
	switch f {
	case Gaussian:
		return "gaussian"
	case Binomial:
		return "binomial"
	case Cox:
		return "cox"
	}
	return fmt.Sprintf("Family(%d)", int(f))
}

// Path is a fitted regularisation path, glmnet's fit object.
type Path struct {
	Family Family
	// Lambda is the decreasing lambda sequence actually fitted (glmnet
	// lambda, including fix.lam's replacement of the first value).
	Lambda []float64
	// Coef is p × len(Lambda); column k is the solution at Lambda[k] on the
	// scale of the input x (glmnet beta).
	Coef *mat.Dense
	// Intercept[k] is the intercept at Lambda[k] (glmnet a0); nil for Cox.
	Intercept []float64
	// DevRatio is the fraction of null deviance explained (glmnet dev.ratio).
	DevRatio []float64
	// NullDev is the null deviance (glmnet nulldev).
	NullDev float64
	// Df[k] is the number of non-zero coefficients at Lambda[k].
	Df []int
	// Passes is the total number of coordinate-descent passes (glmnet npasses).
	Passes int
}

// Nonzero returns the 0-based indices and values of the non-zero
// coefficients at Lambda[k].
func (p *Path) Nonzero(k int) (index []int, value []float64) {
	r, _ := p.Coef.Dims()
	for j := 0; j < r; j++ {
		if v := p.Coef.At(j, k); v != 0 {
			index = append(index, j)
			value = append(value, v)
		}
	}
	return index, value
}

// CoefAt returns the coefficients and intercept at an arbitrary lambda,
// linearly interpolated between the two nearest fitted lambdas as glmnet's
// predict(s = lambda) does (lambda.interp); lambdas outside the path are
// clamped to its ends.
func (p *Path) CoefAt(lambda float64) (coef []float64, intercept float64) {
	left, right, frac := lambdaInterp(p.Lambda, lambda)
	r, _ := p.Coef.Dims()
	coef = make([]float64, r)
	for j := range coef {
		coef[j] = p.Coef.At(j, left)*frac + p.Coef.At(j, right)*(1-frac)
	}
	if p.Intercept != nil {
		intercept = p.Intercept[left]*frac + p.Intercept[right]*(1-frac)
	}
	return coef, intercept
}

// LinearPredictorTo stores x·Coef[:, k] + Intercept[k] in dst (allocated if
// nil or of the wrong length) and returns it.
func (p *Path) LinearPredictorTo(dst []float64, x mat.Matrix, k int) []float64 {
	r, _ := p.Coef.Dims()
	c := make([]float64, r)
	for j := range c {
		c[j] = p.Coef.At(j, k)
	}
	a0 := 0.0
	if p.Intercept != nil {
		a0 = p.Intercept[k]
	}
	return linpred(dst, x, c, a0)
}

func linpred(dst []float64, x mat.Matrix, c []float64, a0 float64) []float64 {
	n, q := x.Dims()
	if q != len(c) {
		panic("elasticnet: x has the wrong number of columns")
	}
	if len(dst) != n {
		dst = make([]float64, n)
	}
	for i := 0; i < n; i++ {
		s := a0
		for j, b := range c {
			if b != 0 {
				s += x.At(i, j) * b
			}
		}
		dst[i] = s
	}
	return dst
}

// lambdaInterp is glmnet's lambda.interp: the coefficient at s is
// frac*beta[left] + (1-frac)*beta[right].
func lambdaInterp(lambda []float64, s float64) (left, right int, frac float64) {
	k := len(lambda)
	if k == 1 {
		return 0, 0, 1
	}
	l0, lk := lambda[0], lambda[k-1]
	sf := (l0 - s) / (l0 - lk)
	norm := make([]float64, k)
	for i, l := range lambda {
		norm[i] = (l0 - l) / (l0 - lk)
	}
	lo, hi := norm[0], norm[0]
	for _, v := range norm {
		lo = math.Min(lo, v)
		hi = math.Max(hi, v)
	}
	sf = math.Max(lo, math.Min(hi, sf))
	// approx(norm, 1..k, sf): linear interpolation of the position.
	coord := 0.0
	for i := 0; i < k-1; i++ {
		if sf >= norm[i] && sf <= norm[i+1] {
			if norm[i+1] == norm[i] {
				coord = float64(i)
			} else {
				coord = float64(i) + (sf-norm[i])/(norm[i+1]-norm[i])
			}
			break
		}
		if i == k-2 {
			coord = float64(k - 1)
		}
	}
	left = int(math.Floor(coord))
	right = int(math.Ceil(coord))
	if left == right || math.Abs(norm[left]-norm[right]) < 2.220446049250313e-16 {
		return left, right, 1
	}
	frac = (sf - norm[right]) / (norm[left] - norm[right])
	return left, right, frac
}
