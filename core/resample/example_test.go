package resample_test

import (
	"fmt"

	"radgo/core/resample"
	"radgo/core/volume"
)

func ExampleResample() {
	g := volume.Identity([3]float64{0.5, 0.5, 3})
	img := volume.New([3]int{80, 80, 10}, g)
	mask := volume.NewMask(img.Size, g)
	for k := 3; k <= 6; k++ {
		for j := 30; j < 50; j++ {
			for i := 25; i < 45; i++ {
				img.Set(i, j, k, float64(i+j))
				mask.Labels[mask.Offset(i, j, k)] = 1
			}
		}
	}
	s := resample.DefaultSettings() // B-spline, padDistance 5, label 1
	s.Spacing = [3]float64{1, 1, 1}
	s.PixelType = resample.Int16 // stored type: values are truncated like SimpleITK
	ri, rm, err := resample.Resample(img, mask, s)
	if err != nil {
		fmt.Println(err)
		return
	}
	// x: floor((25-0.5)·0.5 - 5) = 7 to ceil((45-0.5)·0.5 + 5) = 28, origin
	// index 0.5·(1-0.5)/0.5 + 7/0.5 = 14.5, i.e. 7.25 mm.
	fmt.Println(ri.Size, ri.Spacing, ri.Origin, rm.Count(1))
	// Output:
	// [22 22 24] [1 1 1] [7.25 9.25 1] 1200
}
