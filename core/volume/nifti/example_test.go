package nifti_test

import (
	"fmt"
	"log"

	"radgo/core/volume/nifti"
)

func ExampleReadMask() {
	m, err := nifti.ReadMask("testdata/sts019_mask.nii.gz")
	if err != nil {
		log.Fatal(err)
	}
	lo, hi, _ := m.Bounds(1)
	fmt.Println(m.Size, m.Count(1), lo, hi)
	fmt.Printf("spacing %.4f mm, origin (LPS) %.2f mm\n", m.Spacing, m.Origin)
	// Output:
	// [136 134 47] 5564 [52 52 16] [83 81 30]
	// spacing [0.9766 0.9766 3.2700] mm, origin (LPS) [-87.89 -143.55 -225.63] mm
}
