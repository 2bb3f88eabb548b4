package cox_test

import (
	"fmt"

	"radgo/core/survival"
	"radgo/core/survival/cox"
)

// ExampleFit fits a Cox model with a categorical covariate (reference
// level "low") on a small cohort.
func ExampleFit() {
	d := survival.Data{
		Time:  []float64{5, 8, 12, 15, 20, 22, 30, 34, 40, 45, 50, 60},
		Event: []bool{true, true, true, false, true, true, true, false, true, false, true, false},
	}
	age := []float64{70, 64, 68, 55, 61, 72, 58, 49, 60, 52, 57, 45}
	dose := []string{"high", "high", "low", "low", "high", "mid", "mid", "low", "mid", "low", "high", "low"}
	m, err := cox.FitColumns(d, []cox.Column{
		{Name: "age", Values: age},
		{Name: "dose", Categories: dose, Ref: "low"},
	}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for j, name := range m.Names {
		fmt.Printf("%-9s coef %6.3f  HR %6.3f  p %.3f\n", name, m.Coef[j], m.HR[j], m.P[j])
	}
	fmt.Printf("LR test %.3f on %d df, C = %.3f\n", m.LR.ChiSq, m.LR.DF, m.Concordance.C)
	// Output:
	// age       coef  0.258  HR  1.295  p 0.015
	// dosehigh  coef  0.975  HR  2.651  p 0.426
	// dosemid   coef -0.879  HR  0.415  p 0.540
	// LR test 13.440 on 3 df, C = 0.865
}

// ExampleModel_String prints the R-like summary of a fit (compare R's
// summary(coxph(Surv(time, event) ~ age + ph.ecog, data = lung))).
func ExampleModel_String() {
	d := survival.Data{
		Time:  []float64{5, 8, 12, 15, 20, 22, 30, 34, 40, 45, 50, 60},
		Event: []bool{true, true, true, false, true, true, true, false, true, false, true, false},
	}
	age := []float64{70, 64, 68, 55, 61, 72, 58, 49, 60, 52, 57, 45}
	m, err := cox.Fit(d, [][]float64{age}, []string{"age"}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(m)
	// Output:
	// Cox proportional hazards model (ties = "efron")
	//   n = 12, number of events = 8
	//
	//        coef  exp(coef)  se(coef)      z  Pr(>|z|)
	// age  0.1836      1.202   0.06841  2.684  0.007282  **
	// ---
	// Signif. codes:  0 '***' 0.001 '**' 0.01 '*' 0.05 '.' 0.1 ' ' 1
	//
	//      exp(coef)  exp(-coef)  lower .95  upper .95
	// age      1.202      0.8323      1.051      1.374
	//
	// Concordance = 0.885  (se = 0.067)
	// Likelihood ratio test = 10.55  on 1 df,   p = 0.001162
	// Wald test             = 7.20  on 1 df,   p = 0.007282
	// Score (logrank) test  = 10.06  on 1 df,   p = 0.001512
}
