package stats

import (
	"reflect"
	"testing"
)

func TestSplit(t *testing.T) {
	strata := make([]int, 100)
	for i := range strata {
		if i%4 == 0 {
			strata[i] = 1 // 25 events
		}
	}
	for _, tc := range []struct {
		name   string
		strata []int
		nValid int
	}{{"random", nil, 30}, {"stratified", strata, 31}} { // 8 of 25 events + 23 of 75 (each rounded half up)
		t.Run(tc.name, func(t *testing.T) {
			a, err := Split(100, 0.3, tc.strata, 42)
			if err != nil {
				t.Fatal(err)
			}
			b, _ := Split(100, 0.3, tc.strata, 42)
			c, _ := Split(100, 0.3, tc.strata, 43)
			if !reflect.DeepEqual(a, b) {
				t.Error("same seed gave different splits")
			}
			if reflect.DeepEqual(a, c) {
				t.Error("different seeds gave the same split")
			}
			if len(a.Validation) != tc.nValid || len(a.Train) != 100-tc.nValid {
				t.Errorf("sizes %d/%d, want %d/%d", len(a.Train), len(a.Validation), 100-tc.nValid, tc.nValid)
			}
			seen := make([]int, 100)
			for _, i := range append(append([]int(nil), a.Train...), a.Validation...) {
				seen[i]++
			}
			for i, s := range seen {
				if s != 1 {
					t.Fatalf("row %d appears %d times", i, s)
				}
			}
			if tc.strata != nil {
				ev := 0
				for _, i := range a.Validation {
					ev += tc.strata[i]
				}
				if ev != 8 { // round(0.3*25) = 8 (7.5 rounds away from zero)
					t.Errorf("%d events in validation, want 8", ev)
				}
			}
		})
	}
	for _, bad := range []struct {
		n      int
		f      float64
		strata []int
	}{{1, 0.3, nil}, {10, 0, nil}, {10, 1, nil}, {10, 0.3, []int{1}}, {2, 0.1, nil}} {
		if _, err := Split(bad.n, bad.f, bad.strata, 1); err == nil {
			t.Errorf("Split(%d, %g, %v) accepted", bad.n, bad.f, bad.strata)
		}
	}
}
