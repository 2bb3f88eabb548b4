package resample

import (
	"testing"

	"radgo/core/volume"
)

// FuzzImage: resampling any small image onto any grid with any
// interpolator never panics, and nearest neighbour only returns input values.
func FuzzImage(f *testing.F) {
	f.Add(uint8(2), uint8(3), uint8(1), uint8(5), uint8(4), uint8(3), 0.5, 1.7, 2.0, -0.3, 0.2, 1.0, uint8(0))
	f.Add(uint8(1), uint8(1), uint8(1), uint8(3), uint8(3), uint8(3), 0.1, 0.1, 0.1, -0.5, -0.5, -0.5, uint8(1))
	f.Fuzz(func(t *testing.T, nx, ny, nz, mx, my, mz uint8, sx, sy, sz, ox, oy, oz float64, interp uint8) {
		in := [3]int{int(nx%6) + 1, int(ny%6) + 1, int(nz%6) + 1}
		out := [3]int{int(mx%7) + 1, int(my%7) + 1, int(mz%7) + 1}
		sp := [3]float64{sx, sy, sz}
		for a := range sp {
			if !(sp[a] > 1e-3 && sp[a] < 1e3) {
				return
			}
		}
		for _, o := range []float64{ox, oy, oz} {
			if !(o > -1e3 && o < 1e3) {
				return
			}
		}
		img := volume.New(in, volume.Identity([3]float64{1, 1, 1}))
		vals := map[float64]bool{0: true}
		for i := range img.Voxels {
			img.Voxels[i] = float64(i*37%19) - 9
			vals[img.Voxels[i]] = true
		}
		g := volume.Identity(sp)
		g.Origin = [3]float64{ox, oy, oz}
		ip := Interpolator(int(interp) % 8)
		res, err := Image(img, g, out, ip, Int16)
		if err != nil {
			t.Fatal(err)
		}
		if ip == Nearest {
			for _, v := range res.Voxels {
				if !vals[v] {
					t.Fatalf("nearest produced %v", v)
				}
			}
		}
	})
}
