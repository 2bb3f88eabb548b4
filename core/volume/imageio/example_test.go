package imageio_test

import (
	"fmt"
	"log"

	"radgo/core/volume/imageio"
)

// A CT series folder and the RTSTRUCT drawn on it.
func ExampleReadPair() {
	img, mask, err := imageio.ReadPair("../dicom/testdata/sts019/ct", "../dicom/testdata/sts019/RS.dcm", imageio.ROI("GTV_Mass_CT"))
	if err != nil {
		log.Fatal(err)
	}
	lo, hi, _ := mask.Bounds(1)
	fmt.Println(img.Size, mask.Count(1), "voxels in", lo, "..", hi)
	// Output: [136 134 47] 5564 voxels in [52 52 16] .. [83 81 30]
}
