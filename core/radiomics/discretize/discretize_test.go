package discretize

import (
	"math"
	"testing"
)

func TestEdges(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values []float64
		width  float64
		count  int
		want   []float64
	}{
		// Docstring example: values 54..166, width 25 → [50, 75, ..., 175, 200).
		{"width", []float64{54, 166}, 25, 0, []float64{50, 75, 100, 125, 150, 175, 200}},
		// Python's floored modulo: -1010 % 25 == 15, low edge -1025.
		{"negative", []float64{-1010, -990}, 25, 0, []float64{-1025, -1000, -975, -950}},
		// binCount: histogram edges, last raised by 1.
		{"count", []float64{0, 10}, 0, 4, []float64{0, 2.5, 5, 7.5, 11}},
		// flat region with binCount: numpy widens to [v-0.5, v+0.5].
		{"flat count", []float64{3, 3}, 0, 2, []float64{2.5, 3, 4.5}},
	} {
		got, err := Edges(tc.values, tc.width, tc.count)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(got) != len(tc.want) {
			t.Fatalf("%s: got %v, want %v", tc.name, got, tc.want)
		}
		for i := range got {
			if math.Abs(got[i]-tc.want[i]) > 1e-12 {
				t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
				break
			}
		}
	}
	if _, err := Edges(nil, 25, 0); err == nil {
		t.Error("no error for an empty ROI")
	}
	if _, err := Edges([]float64{1, math.NaN()}, 25, 0); err == nil {
		t.Error("no error for NaN")
	}
}

func TestDigitize(t *testing.T) {
	e := []float64{50, 75, 100}
	for _, tc := range []struct {
		x    float64
		want int
	}{{49, 0}, {50, 1}, {74.999, 1}, {75, 2}, {100, 3}} {
		if got := Digitize(tc.x, e); got != tc.want {
			t.Errorf("Digitize(%v) = %d, want %d", tc.x, got, tc.want)
		}
	}
}

func TestAngles(t *testing.T) {
	a := Angles([3]int{5, 5, 5}, []int{1}, false, -1)
	if len(a) != 13 || a[0] != (Offset{1, 1, 1}) || a[12] != (Offset{1, 0, 0}) {
		t.Errorf("3-D angles %v", a)
	}
	if b := Angles([3]int{5, 5, 5}, []int{1}, true, -1); len(b) != 26 {
		t.Errorf("%d bidirectional angles", len(b))
	}
	if c := Angles([3]int{5, 5, 5}, []int{1}, false, 0); len(c) != 4 {
		t.Errorf("force2D angles %v", c)
	}
	if d := Angles([3]int{5, 5, 1}, []int{1}, false, -1); len(d) != 4 {
		t.Errorf("single-slice box angles %v", d)
	}
	if e := Angles([3]int{9, 9, 9}, []int{2}, false, -1); len(e) != (125-27)/2 {
		t.Errorf("%d distance-2 angles", len(e))
	}
}
