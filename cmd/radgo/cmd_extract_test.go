package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const extractData = "../../core/radiomics/testdata/pyradiomics/data/"

func TestExtractSingleCSV(t *testing.T) {
	out := filepath.Join(t.TempDir(), "f.csv")
	var so, se bytes.Buffer
	err := cmdExtract([]string{extractData + "breast1_image.nrrd", extractData + "breast1_label.nrrd", "-o", out}, &so, &se)
	if err != nil {
		t.Fatalf("%v: %s", err, se.String())
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows, want header + one row", len(rows))
	}
	for _, h := range rows[0] {
		if h == "Image" || h == "Mask" {
			t.Errorf("single-case output has a %s column", h)
		}
	}
	if !strings.Contains(strings.Join(rows[0], ","), "original_glcm_Idmn") {
		t.Error("no original_glcm_Idmn column")
	}
}

func TestExtractJSONAndErrors(t *testing.T) {
	var so, se bytes.Buffer
	if err := cmdExtract([]string{extractData + "breast1_image.nrrd", extractData + "breast1_label.nrrd", "--format", "json"}, &so, &se); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(so.String(), "{") || !strings.Contains(so.String(), `"original_shape_VoxelVolume"`) {
		t.Errorf("json output: %.100s", so.String())
	}
	p := filepath.Join(t.TempDir(), "p.yaml")
	os.WriteFile(p, []byte("setting:\n  binWidht: 25\n"), 0o644)
	err := cmdExtract([]string{extractData + "breast1_image.nrrd", extractData + "breast1_label.nrrd", "--params", p}, &so, &se)
	if err == nil || !strings.Contains(err.Error(), `unknown setting "binWidht" (did you mean binWidth?)`) {
		t.Errorf("typo in params: %v", err)
	}
	err = cmdExtract([]string{extractData + "breast1_image.nrrd", extractData + "breast1_label.nrrd", "--label", "4"}, &so, &se)
	if err == nil || !strings.Contains(err.Error(), "label 4 not present") {
		t.Errorf("absent label: %v", err)
	}
}
