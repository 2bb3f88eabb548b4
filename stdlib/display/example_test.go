package display_test

import (
	"fmt"

	"radgo/stdlib/display"
)

func ExampleTextTable() {
	rows := [][]string{{"feature", "ICC"}, {"glcm_Contrast", "0.91"}, {"shape_Sphericity", "0.88"}}
	fmt.Println(display.TextTable(rows))
	// Output:
	// feature           ICC
	// ----------------  ----
	// glcm_Contrast     0.91
	// shape_Sphericity  0.88
}

func ExampleRender() {
	b := display.Render(display.AsHTML("<b>42</b>"))
	fmt.Println(b["text/html"], b.Text())
	// Output: <b>42</b> <b>42</b>
}
