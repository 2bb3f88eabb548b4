package elasticnet_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"radgo/core/elasticnet"
	"radgo/core/survival"
)

// cohort simulates 80 subjects with 20 features, of which the first two
// carry the hazard.
func cohort() (*mat.Dense, survival.Data) {
	rnd := rand.New(rand.NewPCG(1, 2))
	n, p := 80, 20
	x := mat.NewDense(n, p, nil)
	d := survival.Data{Time: make([]float64, n), Event: make([]bool, n)}
	for i := 0; i < n; i++ {
		for j := 0; j < p; j++ {
			x.Set(i, j, rnd.NormFloat64())
		}
		t := rnd.ExpFloat64() / math.Exp(0.8*x.At(i, 0)-0.6*x.At(i, 1))
		c := 3 * rnd.Float64()
		d.Time[i], d.Event[i] = math.Min(t, c), t <= c
	}
	return x, d
}

func ExampleFitCox() {
	x, d := cohort()
	path, err := elasticnet.FitCox(context.Background(), x, d, elasticnet.DefaultSettings())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d lambdas from %.4g to %.4g\n", len(path.Lambda), path.Lambda[0], path.Lambda[len(path.Lambda)-1])
	k := 10
	idx, val := path.Nonzero(k)
	fmt.Printf("lambda %.4g: df %d, dev.ratio %.3f, features %v, coefficients %.3f\n", path.Lambda[k], path.Df[k], path.DevRatio[k], idx, val)
	// Output:
	// 53 lambdas from 0.3888 to 0.003081
	// lambda 0.1533: df 3, dev.ratio 0.103, features [0 1 16], coefficients [0.511 -0.355 0.038]
}

func ExampleCrossValidateCox() {
	x, d := cohort()
	folds := elasticnet.RandomFolds(d.Len(), 10, rand.New(rand.NewPCG(7, 7)))
	cv, err := elasticnet.CrossValidateCox(context.Background(), x, d, elasticnet.DefaultSettings(), folds, elasticnet.Deviance)
	if err != nil {
		fmt.Println(err)
		return
	}
	idx, _ := cv.Fit.Nonzero(cv.IndexMin)
	fmt.Printf("lambda.min %.4g (cvm %.4f), lambda.1se %.4g\n", cv.LambdaMin, cv.CVM[cv.IndexMin], cv.Lambda1SE)
	fmt.Println("features at lambda.min:", idx)
	// Output:
	// lambda.min 0.1057 (cvm 8.3992), lambda.1se 0.2027
	// features at lambda.min: [0 1 10 16]
}

func ExampleLassoCV() {
	rnd := rand.New(rand.NewPCG(3, 4))
	n := 60
	x := mat.NewDense(n, 5, nil)
	y := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := 0; j < 5; j++ {
			x.Set(i, j, rnd.NormFloat64())
		}
		y[i] = 2*x.At(i, 0) - x.At(i, 3) + 0.5*rnd.NormFloat64()
	}
	// cv=5 in scikit-learn: KFold(5) without shuffling.
	res, err := elasticnet.LassoCV(context.Background(), x, y, elasticnet.LassoCVSettings{}, elasticnet.ContiguousFolds(n, 5))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("alpha_ %.4g (index %d of %d)\n", res.Alpha, res.Index, len(res.Alphas))
	for j, b := range res.Coef {
		if b != 0 {
			fmt.Printf("coef_[%d] = %.3f\n", j, b)
		}
	}
	// Output:
	// alpha_ 0.0248 (index 62 of 100)
	// coef_[0] = 1.943
	// coef_[3] = -0.827
	// coef_[4] = 0.132
}

func ExampleRandomFolds() {
	folds := elasticnet.RandomFolds(12, 4, rand.New(rand.NewPCG(1, 1)))
	fmt.Println(folds)
	// Output:
	// [3 3 4 4 1 1 3 2 2 1 2 4]
}
