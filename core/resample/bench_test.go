package resample

import (
	"testing"

	"radgo/core/volume"
)

// BenchmarkResample: brain1-like geometry (256×256×25, 0.78×0.78×6.5 mm,
// ROI 47×70×7) to 2 mm isotropic with each interpolator.
func BenchmarkResample(b *testing.B) {
	g := volume.Identity([3]float64{0.78125, 0.78125, 6.5})
	size := [3]int{256, 256, 25}
	img := volume.New(size, g)
	mask := volume.NewMask(size, g)
	for i := range img.Voxels {
		img.Voxels[i] = float64((i*7919)%2001 - 1000)
	}
	for k := 11; k < 18; k++ {
		for j := 84; j < 154; j++ {
			for i := 162; i < 209; i++ {
				mask.Labels[mask.Offset(i, j, k)] = 1
			}
		}
	}
	for _, interp := range []Interpolator{BSpline, Linear, Nearest} {
		b.Run(interp.String(), func(b *testing.B) {
			s := DefaultSettings()
			s.Spacing = [3]float64{2, 2, 2}
			s.Interpolator = interp
			s.PixelType = Int16
			for i := 0; i < b.N; i++ {
				if _, _, err := Resample(img, mask, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
