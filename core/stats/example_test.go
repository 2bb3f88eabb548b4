package stats_test

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"radgo/core/stats"
)

func ExampleICC() {
	// Two readers measuring six lesions; reader 2 reads slightly higher.
	r := mat.NewDense(6, 2, []float64{
		10.1, 10.9,
		12.3, 12.8,
		8.7, 9.6,
		15.2, 15.5,
		11.0, 11.9,
		9.4, 10.0,
	})
	res, err := stats.ICC(r)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range []stats.ICCType{stats.ICC1, stats.ICC2, stats.ICC3} {
		row := res.Rows[t]
		fmt.Printf("%v = %.3f [%.3f, %.3f]\n", t, row.ICC, row.Lower, row.Upper)
	}
	// Output:
	// ICC1 = 0.953 [0.749, 0.993]
	// ICC2 = 0.954 [0.018, 0.995]
	// ICC3 = 0.994 [0.960, 0.999]
}

func ExampleFitZScore() {
	train := mat.NewDense(4, 1, []float64{1, 2, 3, 4})
	valid := mat.NewDense(2, 1, []float64{5, 2.5})
	z, _ := stats.FitZScore(train, false) // population SD, as StandardScaler
	out, _ := z.Apply(valid)
	fmt.Printf("mean %.2f sd %.4f -> validation %.4f\n", z.Mean[0], z.SD[0], mat.Col(nil, 0, out))
	// Output:
	// mean 2.50 sd 1.1180 -> validation [2.2361 0.0000]
}

func ExampleNewROC() {
	outcome := []bool{false, false, true, false, true, true, false, true}
	marker := []float64{0.1, 0.3, 0.35, 0.4, 0.6, 0.7, 0.75, 0.9}
	r, err := stats.NewROC(outcome, marker)
	if err != nil {
		fmt.Println(err)
		return
	}
	thr, se, sp, j := r.Youden()
	fmt.Printf("AUC %.4f (DeLong 95%% CI %.4f-%.4f)\n", r.AUC, r.AUCLower, r.AUCUpper)
	fmt.Printf("Youden cut-off %.3f: sensitivity %.2f specificity %.2f J %.2f\n", thr, se, sp, j)
	for _, k := range r.Best { // pROC's coords(best) lists every tied optimum
		fmt.Printf("tied optimum %.3f\n", r.Thresholds[k])
	}
	// Output:
	// AUC 0.7500 (DeLong 95% CI 0.3499-1.0000)
	// Youden cut-off 0.325: sensitivity 1.00 specificity 0.50 J 0.50
	// tied optimum 0.325
	// tied optimum 0.500
}

func ExampleChiSquared() {
	// Events by sex in survival::lung.
	t, _ := stats.ChiSquared([][]float64{{26, 112}, {37, 53}}, true)
	fmt.Printf("X-squared = %.4f, df = %d, p = %.3g\n", t.Statistic, t.DF, t.P)
	f, _ := stats.FisherExact([2][2]float64{{26, 112}, {37, 53}})
	fmt.Printf("Fisher p = %.3g, odds ratio %.4f [%.4f, %.4f]\n", f.P, f.OddsRatio, f.ConfInt[0], f.ConfInt[1])
	// Output:
	// X-squared = 12.4204, df = 1, p = 0.000425
	// Fisher p = 0.000435, odds ratio 0.3343 [0.1746, 0.6314]
}

func ExampleSplit() {
	event := []int{1, 0, 0, 1, 0, 0, 1, 0, 0, 1}
	p, _ := stats.Split(len(event), 0.3, event, 2023)
	fmt.Println("train", p.Train, "validation", p.Validation)
	// Output:
	// train [0 2 4 5 6 7 9] validation [1 3 8]
}
