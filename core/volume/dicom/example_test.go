package dicom_test

import (
	"fmt"
	"log"

	"radgo/core/volume/dicom"
)

func ExampleReadSeries() {
	ct, series, err := dicom.ReadSeries("testdata/sts019/ct")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(series.Modality, len(series.Slices), "slices,", ct.Size)
	fmt.Printf("spacing %.4f mm, first slice at z = %.2f mm\n", ct.Spacing, ct.Origin[2])
	// Output:
	// CT 47 slices, [136 134 47]
	// spacing [0.9766 0.9766 3.2700] mm, first slice at z = -225.63 mm
}
