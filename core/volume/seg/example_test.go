package seg_test

import (
	"fmt"
	"log"

	"radgo/core/volume/seg"
)

// Overlapping segments come out as separate masks.
func ExampleSegmentation_Mask() {
	s, err := seg.ReadFile("testdata/partial_overlaps_seg.dcm")
	if err != nil {
		log.Fatal(err)
	}
	for _, sg := range s.Segments {
		m, err := s.Mask(sg)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(sg.Number, sg.Label, m.Count(1))
	}
	// Output:
	// 1 GREEN 9602
	// 2 ORANGE 11888
	// 3 PURPLE 10743
	// 4 LIGHT_BLUE 6693
	// 5 DARK_BLUE 4713
}
