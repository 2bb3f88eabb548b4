package chart_test

import (
	"bytes"
	"fmt"
	"strings"

	"radgo/core/chart"
)

func ExampleKaplanMeier() {
	// survfit-style steps: one entry per distinct time.
	low := chart.KMSeries{
		Name:     "Rad-score < 0.36",
		Time:     []float64{3, 8, 12, 20},
		Surv:     []float64{0.75, 0.5, 0.5, 0.25},
		AtRisk:   []int{4, 3, 2, 1},
		Censored: []int{0, 0, 1, 0},
	}
	high := chart.KMSeries{
		Name:     "Rad-score ≥ 0.36",
		Time:     []float64{2, 5, 6},
		Surv:     []float64{2.0 / 3, 1.0 / 3, 0},
		AtRisk:   []int{3, 2, 1},
		Censored: []int{0, 0, 0},
	}
	ch, err := chart.KaplanMeier([]chart.KMSeries{low, high}, &chart.KMOptions{
		PValue:    0.041,
		RiskTimes: []float64{0, 6, 12, 18, 24},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	png := ch.PNG() // for a notebook; ch.Save("km.pdf") for a paper
	fmt.Println(bytes.HasPrefix(png, []byte("\x89PNG")))
	svg := ch.SVG()
	fmt.Println(strings.Contains(svg, "Number at risk"), strings.Contains(svg, "Log-rank p = 0.041"))
	// Output:
	// true
	// true true
}

func ExampleEmpiricalROC() {
	marker := []float64{0.9, 0.8, 0.7, 0.6, 0.55, 0.4, 0.3, 0.2}
	progressed := []bool{true, true, false, true, false, false, true, false}
	roc, _ := chart.EmpiricalROC("Rad-score", marker, progressed)
	j := roc.Youden()
	fmt.Printf("AUC %.4f, Youden cut-off %.2f: sensitivity %.2f, specificity %.2f\n",
		roc.AUC, roc.Thresholds[j], roc.TPR[j], 1-roc.FPR[j])
	ch, _ := chart.ROC([]chart.ROCCurve{roc}, &chart.ROCOptions{Youden: true})
	fmt.Println(strings.Contains(ch.SVG(), "Rad-score: AUC = 0.750"))
	// Output:
	// AUC 0.7500, Youden cut-off 0.80: sensitivity 0.50, specificity 1.00
	// true
}

func ExampleFormatP() {
	for _, p := range []float64{0.31, 0.012, 0.0004} {
		fmt.Println(chart.FormatP(p))
	}
	// Output:
	// p = 0.31
	// p = 0.012
	// p < 0.001
}
