package filter

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"radgo/core/volume"
)

// TestLBP2DScikitImage compares every case of testdata/lbp2d.json
// (PyRadiomics' getLBP2DImage with scikit-image 0.19.3, see
// testdata/gen_lbp.py) exactly for the integer codes and to 1e-12 for "var".
func TestLBP2DScikitImage(t *testing.T) {
	b, err := os.ReadFile("testdata/lbp2d.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Size   [3]int
		Voxels []float64
		Cases  []struct {
			Method    string
			Dimension int
			Radius    float64
			Samples   int
			Want      []*float64
		}
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	img := &volume.Volume{Voxels: ref.Voxels, Size: ref.Size, Geometry: volume.Identity([3]float64{1, 1, 1})}
	for _, c := range ref.Cases {
		out, err := LBP2D(img, LBP2DSettings{Radius: c.Radius, Samples: c.Samples, Method: c.Method, Dimension: c.Dimension})
		if err != nil {
			t.Fatal(err)
		}
		bad := 0
		for i, w := range c.Want {
			got := out.Voxels[i]
			ok := (w == nil && math.IsNaN(got)) || (w != nil && math.Abs(got-*w) <= 1e-12*math.Max(1, math.Abs(*w)))
			if !ok {
				if bad < 3 {
					want := math.NaN()
					if w != nil {
						want = *w
					}
					t.Errorf("%s dim %d R %g P %d voxel %d: got %v, want %v", c.Method, c.Dimension, c.Radius, c.Samples, i, got, want)
				}
				bad++
			}
		}
	}
	if len(ref.Cases) != 30 {
		t.Errorf("%d cases, want 30", len(ref.Cases))
	}
}
