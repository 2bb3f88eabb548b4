package chart

import (
	"fmt"
	"testing"
)

// BenchmarkKaplanMeier renders the KM chart of two arms of n/2 patients
// each with exact (untied) times, so one step, band segment and possible
// censor mark per patient, plus the risk table.
func BenchmarkKaplanMeier(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		a, c := cohortRounded(n, 1.6, 7, 0)
		series := []KMSeries{a, c}
		opt := &KMOptions{PValue: 0.003, RiskTimes: []float64{0, 12, 24, 36, 48, 60}}
		for _, format := range []string{"png", "svg"} {
			b.Run(fmt.Sprintf("%s/n=%d", format, n), func(b *testing.B) {
				for b.Loop() {
					ch, err := KaplanMeier(series, opt)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := ch.Render(format); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
