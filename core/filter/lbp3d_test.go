package filter

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"radgo/core/volume"
)

// TestLBP3DScipy compares LBP3D with PyRadiomics' getLBP3DImage run with
// scipy 1.10.1 (testdata/gen_lbp3d.py) on an int16 image: first the
// interpolated sphere samples (rounded to integers, as scipy stores them in
// an int16 array), which must be identical because the pattern bits compare
// them with the centre (ties are common), then every output image over the
// ROI, including voxels whose samples leave the image. Tolerance 1e-12
// relative: sph_harm, csqrt and pow come from different math libraries.
func TestLBP3DScipy(t *testing.T) {
	b, err := os.ReadFile("testdata/lbp3d.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref struct {
		Size     [3]int
		Voxels   []float64
		Mask     []uint8
		Samples  [][]float64
		Vertices [][3]float64
		Cases    []struct {
			Levels      int
			Radius      float64
			Subdivision int
			Dtype       string
			Want        map[string][]*float64
			Samples     [][]float64
		}
	}
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	g := volume.Identity([3]float64{1, 1, 1})
	img := &volume.Volume{Voxels: ref.Voxels, Size: ref.Size, Geometry: g}
	mask := &volume.Mask{Labels: ref.Mask, Size: ref.Size, Geometry: g}

	verts := icosphere(1, 1)
	for v := range verts {
		for c := 0; c < 3; c++ {
			if verts[v][c] != ref.Vertices[v][c] {
				t.Errorf("vertex %d: got %v, want %v", v, verts[v], ref.Vertices[v])
			}
		}
	}
	sp := newScipySpline(img)
	r := 0
	bad := 0
	for o, l := range mask.Labels {
		if l != 1 {
			continue
		}
		i, j, k := o%ref.Size[0], o/ref.Size[0]%ref.Size[1], o/(ref.Size[0]*ref.Size[1])
		for v, p := range verts {
			got := SampleSigned.store(sp.at(float64(k)+p[0], float64(j)+p[1], float64(i)+p[2]))
			if got != ref.Samples[r][v] {
				if bad < 5 {
					t.Errorf("ROI voxel %d vertex %d: sample %.17g, want %.17g", r, v, got, ref.Samples[r][v])
				}
				bad++
			}
		}
		r++
	}
	if bad > 0 {
		t.Errorf("%d samples differ", bad)
	}

	for _, c := range ref.Cases {
		st := map[string]SampleType{"": SampleSigned, "float64": SampleFloat64, "float32": SampleFloat32}[c.Dtype]
		if c.Samples != nil {
			r, bad := 0, 0
			for o, l := range mask.Labels {
				if l != 1 {
					continue
				}
				i, j, k := o%ref.Size[0], o/ref.Size[0]%ref.Size[1], o/(ref.Size[0]*ref.Size[1])
				for v, p := range verts {
					if got := st.store(sp.at(float64(k)+p[0], float64(j)+p[1], float64(i)+p[2])); got != c.Samples[r][v] {
						if bad < 3 {
							t.Errorf("%s ROI voxel %d vertex %d: sample %.17g, want %.17g", c.Dtype, r, v, got, c.Samples[r][v])
						}
						bad++
					}
				}
				r++
			}
			if bad > 0 {
				t.Errorf("%s: %d samples differ", c.Dtype, bad)
			}
		}
		out, err := LBP3D(img, mask, 1, LBP3DSettings{Levels: c.Levels, Radius: c.Radius, Subdivisions: c.Subdivision, Samples: st})
		if err != nil {
			t.Fatal(err)
		}
		if len(out) != len(c.Want) {
			t.Fatalf("%d images, want %d", len(out), len(c.Want))
		}
		for _, im := range out {
			want, ok := c.Want[im.Name]
			if !ok {
				t.Fatalf("unexpected image %s", im.Name)
			}
			r := 0
			for o, l := range mask.Labels {
				if l != 1 {
					continue
				}
				got, w := im.Image.Voxels[o], want[r]
				r++
				if w == nil {
					if !math.IsNaN(got) {
						t.Errorf("%s levels %d %s ROI voxel %d: got %v, want NaN", c.Dtype, c.Levels, im.Name, r-1, got)
					}
					continue
				}
				if math.Abs(got-*w) > 1e-12*math.Max(1, math.Abs(*w)) {
					t.Errorf("%s levels %d %s ROI voxel %d: got %.17g, want %.17g", c.Dtype, c.Levels, im.Name, r-1, got, *w)
				}
			}
		}
	}
}

func TestLBP3DErrors(t *testing.T) {
	img := volume.New([3]int{4, 4, 4}, volume.Identity([3]float64{1, 1, 1}))
	mask := volume.NewMask(img.Size, img.Geometry)
	for _, s := range []LBP3DSettings{{Levels: -1}, {Radius: -1}, {Subdivisions: 9}, {Samples: 7}} {
		if _, err := LBP3D(img, mask, 1, s); err == nil {
			t.Errorf("LBP3D(%+v): no error", s)
		}
	}
	if _, err := LBP3D(img, volume.NewMask([3]int{2, 2, 2}, img.Geometry), 1, LBP3DSettings{}); err == nil {
		t.Error("mask on another grid: no error")
	}
}
