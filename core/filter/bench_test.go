package filter

import (
	"fmt"
	"testing"

	"radgo/core/volume"
)

func benchVolume(size [3]int) *volume.Volume {
	v := volume.New(size, volume.Identity([3]float64{0.7, 0.7, 2.5}))
	for i := range v.Voxels {
		v.Voxels[i] = float64((i*7919)%2001 - 1000)
	}
	return v
}

// BenchmarkWavelet: the whole-image transform (what PyRadiomics does
// without preCrop) on brain-sized and IBSI-phantom-sized images.
func BenchmarkWavelet(b *testing.B) {
	for _, size := range [][3]int{{256, 256, 25}, {204, 201, 60}} {
		img := benchVolume(size)
		for _, f32 := range []bool{false, true} {
			b.Run(fmt.Sprintf("%dx%dx%d/float32=%v", size[0], size[1], size[2], f32), func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if _, err := Wavelet(img, WaveletSettings{Float32: f32}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// BenchmarkWaveletBox: an IBSI-phantom-sized ROI bounding box (100×99×26)
// inside a 512×512×120 CT: cost follows the box, not the field of view.
func BenchmarkWaveletBox(b *testing.B) {
	img := benchVolume([3]int{512, 512, 120})
	lo := [3]int{200, 210, 40}
	hi := [3]int{299, 308, 65}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := WaveletBox(img, lo, hi, WaveletSettings{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkLoG(b *testing.B) {
	img := benchVolume([3]int{128, 128, 40})
	for i := 0; i < b.N; i++ {
		if _, err := LoG(img, 2); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoGBox: an IBSI-phantom-sized ROI box in a 512×512×120 CT; every
// axis' first pass still reads the whole image (exact PyRadiomics values).
func BenchmarkLoGBox(b *testing.B) {
	img := benchVolume([3]int{512, 512, 120})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := LoGBox(img, [3]int{200, 210, 40}, [3]int{299, 308, 65}, 2); err != nil {
			b.Fatal(err)
		}
	}
}
