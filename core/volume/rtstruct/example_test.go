package rtstruct_test

import (
	"fmt"
	"log"

	"radgo/core/volume/dicom"
	"radgo/core/volume/rtstruct"
)

func ExampleROI_Mask() {
	img, series, err := dicom.ReadSeries("../dicom/testdata/sts019/ct")
	if err != nil {
		log.Fatal(err)
	}
	ss, err := rtstruct.ReadFile("../dicom/testdata/sts019/RS.dcm")
	if err != nil {
		log.Fatal(err)
	}
	roi, err := ss.Pick("GTV_Mass_CT")
	if err != nil {
		log.Fatal(err)
	}
	mask, _, err := roi.Mask(img.Geometry, img.Size, &rtstruct.Options{
		Slices:              series.SliceIndex(),
		FrameOfReferenceUID: series.FrameOfReferenceUID,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(roi.Name, len(roi.Contours), "contours,", mask.Count(1), "voxels")
	// Output: GTV_Mass_CT 15 contours, 5564 voxels
}
