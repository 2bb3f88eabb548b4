package radiomics_test

import (
	"context"
	"fmt"

	"radgo/core/radiomics"
	"radgo/core/volume/nrrd"
)

// Extract PyRadiomics' default features (Original image) of a test case.
func ExampleExtractor_Extract() {
	img, _ := nrrd.ReadFile("testdata/pyradiomics/data/breast1_image.nrrd")
	mask, _ := nrrd.ReadMask("testdata/pyradiomics/data/breast1_label.nrrd")
	res, err := radiomics.NewExtractor().Extract(context.Background(), img, mask)
	if err != nil {
		fmt.Println(err)
		return
	}
	v, _ := res.Get("original_glcm_Idmn")
	fmt.Printf("%d features; original_glcm_Idmn = %.6f (PyRadiomics 0.93749594)\n", res.Len(), v)
	// Output: 107 features; original_glcm_Idmn = 0.937496 (PyRadiomics 0.93749594)
}

// A PyRadiomics parameter file enables image types, classes and settings.
func ExampleParseParams() {
	e, err := radiomics.ParseParams([]byte(`
imageType:
  Original: {}
  Wavelet: {}
featureClass:
  firstorder: [Mean, StandardDeviation]
setting:
  binWidth: 10
`), "params.yaml")
	if err != nil {
		fmt.Println(err)
		return
	}
	img, _ := nrrd.ReadFile("testdata/pyradiomics/data/breast1_image.nrrd")
	mask, _ := nrrd.ReadMask("testdata/pyradiomics/data/breast1_label.nrrd")
	res, err := e.Extract(context.Background(), img, mask)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Names()[:3], res.Len())
	// Output: [original_firstorder_Mean original_firstorder_StandardDeviation wavelet-LLH_firstorder_Mean] 18
}

// A typo in a parameter file is an error naming the key.
func ExampleParseParams_typo() {
	_, err := radiomics.ParseParams([]byte("setting:\n  binwidth: 25\n"), "params.yaml")
	fmt.Println(err)
	// Output: params.yaml: setting: unknown setting "binwidth" (did you mean binWidth?)
}

// One call from a notebook cell: files in, ordered features out.
func ExampleExtractFiles() {
	res, err := radiomics.ExtractFiles(context.Background(),
		"testdata/pyradiomics/data/brain2_image.nrrd", "testdata/pyradiomics/data/brain2_label.nrrd", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	f := res.Features[0]
	fmt.Printf("%s = %.6f\n", f.Key(), f.Value)
	// Output: original_shape_Elongation = 0.740769
}
