package survival_test

import (
	"fmt"

	"radgo/core/survival"
)

var cohort = survival.Data{
	Time:  []float64{5, 8, 12, 15, 20, 22, 30, 34, 40, 45, 50, 60},
	Event: []bool{true, true, true, false, true, true, true, false, true, false, true, false},
}

func ExampleKaplanMeier() {
	c, err := survival.KaplanMeier(cohort, nil) // conf.type "log", 95%
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, t := range c.Time[:4] {
		fmt.Printf("t=%2.0f n.risk=%2d n.event=%d S=%.4f [%.4f, %.4f]\n",
			t, c.AtRisk[i], c.Events[i], c.Survival[i], c.Lower[i], c.Upper[i])
	}
	m := c.Median()
	fmt.Printf("median %.0f (95%% CI %.0f to %.0f)\n", m.Time, m.Lower, m.Upper)
	fmt.Printf("S(36) = %.4f\n", c.At(36))
	// Output:
	// t= 5 n.risk=12 n.event=1 S=0.9167 [0.7729, 1.0000]
	// t= 8 n.risk=11 n.event=1 S=0.8333 [0.6470, 1.0000]
	// t=12 n.risk=10 n.event=1 S=0.7500 [0.5410, 1.0000]
	// t=15 n.risk= 9 n.event=0 S=0.7500 [0.5410, 1.0000]
	// median 30 (95% CI 20 to NaN)
	// S(36) = 0.4688
}

func ExampleLogRank() {
	group := []string{"a", "b", "a", "b", "a", "b", "a", "b", "b", "a", "b", "b"}
	r, err := survival.LogRank(cohort, group, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%v observed %.0f expected %.3f\n", r.Groups, r.Observed, r.Expected)
	fmt.Printf("chisq %.4f on %d df, p = %.4f\n", r.ChiSq, r.DF, r.P)
	// Output:
	// [a b] observed [4 4] expected [2.424 5.576]
	// chisq 1.5888 on 1 df, p = 0.2075
}

func ExampleHarrellC() {
	risk := []float64{2.1, 1.7, 1.9, 0.3, 1.1, 1.5, 0.2, 0.9, 0.4, 0.8, 0.1, 0.5}
	c, err := survival.HarrellC(risk, cohort)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("C = %.4f (se %.4f), concordant %.0f, discordant %.0f\n", c.C, c.StdErr, c.Concordant, c.Discordant)
	// Output:
	// C = 0.8269 (se 0.0798), concordant 43, discordant 9
}

func ExampleTimeROC() {
	risk := []float64{2.1, 1.7, 1.9, 0.3, 1.1, 1.5, 0.2, 0.9, 0.4, 0.8, 0.1, 0.5}
	r, err := survival.TimeROC(risk, cohort, []float64{42}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	c := r.Curves[0]
	fmt.Printf("t=%g: cases %d controls %d AUC %.4f (se %.4f)\n", c.Time, c.Cases, c.Controls, c.AUC, c.StdErr)
	// Output:
	// t=42: cases 7 controls 3 AUC 0.7831 (se 0.1569)
}

func ExampleLogRankTest_String() {
	group := []string{"a", "b", "a", "b", "a", "b", "a", "b", "b", "a", "b", "b"}
	r, err := survival.LogRank(cohort, group, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(r)
	// Output:
	// group           N  Observed  Expected  (O-E)^2/E  (O-E)^2/V
	// a               5         4     2.424      1.024      1.589
	// b               7         4     5.576     0.4453      1.589
	//
	// Chisq = 1.589 on 1 degrees of freedom, p = 0.2075
}
