package table_test

import (
	"fmt"
	"strings"

	"radgo/core/table"
)

func Example() {
	clinical, _ := table.Read(strings.NewReader(
		"id,age,location,pfs_months,progressed\n"+
			"P01,61,Upper,11.8,1\n"+
			"P02,58,Middle,33.4,0\n"+
			"P03,70,Lower,5.2,1\n"+
			"P04,NA,Middle,20.0,1\n"), "clinical.csv")
	features, _ := table.Read(strings.NewReader(
		"id,original_shape_Flatness\n"+
			"P03,0.41\nP01,0.62\nP02,0.55\n"), "features.csv")

	cohort, _ := clinical.Join(features, "id", table.Inner)
	cohort, _ = cohort.SetReference("location", "Upper")
	design, _ := cohort.Dummies("location")
	fmt.Println(design.Names())

	surv, _ := cohort.Surv("pfs_months", "progressed")
	fmt.Println(surv.Time, surv.Event)

	x, _ := design.Matrix("original_shape_Flatness", "location_Middle")
	r, c := x.Dims()
	fmt.Println(r, c)
	// Output:
	// [id age location_Lower location_Middle pfs_months progressed original_shape_Flatness]
	// [11.8 33.4 5.2] [true false true]
	// 3 2
}

func ExampleTable_String() {
	t, _ := table.Read(strings.NewReader("id,age,stage\nP01,61,II\nP02,NA,III\n"), "t.csv")
	fmt.Println(t)
	// Output:
	// 2 rows × 3 columns
	//    id       age  stage
	//    <chr>  <int>  <chr>
	// 0  P01       61  II
	// 1  P02       NA  III
}

func ExampleGrouped_Summarise() {
	t, _ := table.Read(strings.NewReader("arm,pfs\nA,10\nB,4\nA,14\nB,6\nB,8\n"), "t.csv")
	g, _ := t.GroupBy("arm")
	s, _ := g.Summarise(table.Count(), table.Median("pfs"))
	fmt.Println(s)
	// Output:
	// 2 rows × 3 columns
	//    arm        n  median_pfs
	//    <chr>  <int>       <dbl>
	// 0  A          2          12
	// 1  B          3           6
}

func ExampleTable_Wider() {
	long, _ := table.Read(strings.NewReader(
		"case,feature,value\n"+
			"brain1,original_firstorder_Mean,825.2\n"+
			"brain1,original_glcm_Contrast,7.3\n"+
			"brain2,original_firstorder_Mean,789.1\n"+
			"brain2,original_glcm_Contrast,6.9\n"), "long.csv")
	wide, _ := long.Wider("case", "feature", "value")
	fmt.Println(wide.Names())
	fmt.Println(wide.Col("original_glcm_Contrast").Floats())
	// Output:
	// [case original_firstorder_Mean original_glcm_Contrast]
	// [7.3 6.9]
}
