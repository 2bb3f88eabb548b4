package nrrd_test

import (
	"fmt"
	"log"

	"radgo/core/volume/nrrd"
)

func ExampleReadSegmentation() {
	s, err := nrrd.ReadSegmentation("testdata/Segmentation.seg.nrrd")
	if err != nil {
		log.Fatal(err)
	}
	for _, seg := range s.Segments[:3] {
		fmt.Printf("%s (label %d): %d voxels\n", seg.Name, seg.LabelValue, s.Mask(seg).Count(1))
	}
	// Output:
	// ribs (label 1): 8487 voxels
	// cervical vertebral column (label 2): 1216 voxels
	// thoracic vertebral column (label 3): 2712 voxels
}
