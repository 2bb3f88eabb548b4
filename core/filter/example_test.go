package filter_test

import (
	"fmt"

	"radgo/core/filter"
	"radgo/core/volume"
)

func ExampleWavelet() {
	img := volume.New([3]int{9, 8, 7}, volume.Identity([3]float64{1, 1, 2}))
	for i := range img.Voxels {
		img.Voxels[i] = float64(i % 17)
	}
	bands, err := filter.Wavelet(img, filter.WaveletSettings{}) // coif1, level 1
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range bands {
		fmt.Print(b.Name, " ")
	}
	fmt.Println()
	// Output:
	// wavelet-LLH wavelet-LHL wavelet-LHH wavelet-HLL wavelet-HLH wavelet-HHL wavelet-HHH wavelet-LLL
}

func ExampleWaveletBox() {
	img := volume.New([3]int{64, 64, 20}, volume.Identity([3]float64{0.8, 0.8, 3}))
	for i := range img.Voxels {
		img.Voxels[i] = float64(i % 101)
	}
	// Only the ROI bounding box (plus the filter's reach) is transformed.
	bands, err := filter.WaveletBox(img, [3]int{20, 22, 5}, [3]int{40, 35, 12}, filter.WaveletSettings{Wavelet: "haar", Level: 2})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(len(bands), bands[7].Name, bands[14].Name, bands[0].Image.Size)
	// Output:
	// 15 wavelet2-LLH wavelet2-LLL [21 14 8]
}

func ExampleLoGName() {
	fmt.Println(filter.LoGName(1, false), filter.LoGName(3, true))
	// Output:
	// log-sigma-1-0-mm-3D log-sigma-3-mm-3D
}
