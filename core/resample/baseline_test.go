package resample

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"radgo/core/volume/nrrd"
)

var sharedRef = filepath.Join("..", "..", "..", "shared", "reference", "pyradiomics")

// pixelTypeOf maps an NRRD scalar type to the stored pixel type SimpleITK keeps.
func pixelTypeOf(t nrrd.Type) PixelType {
	return map[nrrd.Type]PixelType{nrrd.Int8: Int8, nrrd.Uint8: UInt8, nrrd.Int16: Int16, nrrd.Uint16: UInt16,
		nrrd.Int32: Int32, nrrd.Uint32: UInt32, nrrd.Int64: Int64, nrrd.Uint64: UInt64, nrrd.Float32: Float32}[t]
}

// TestResamplingBaseline checks every "_resampling" column of PyRadiomics'
// baseline_firstorder.csv whose image is in ../shared (brain1, brain2,
// breast1; resampledPixelSpacing [2, 2, 2], sitkBSpline): Minimum, Maximum
// and Median of the ROI after Resample (int16 image, so truncated values)
// must equal the baseline exactly and Mean to 1e-12 relative (summation
// order). These statistics use only the resampled voxels, so they isolate
// the grid, the B-spline, the truncation and the nearest-neighbour mask.
func TestResamplingBaseline(t *testing.T) {
	name := filepath.Join(sharedRef, "baseline", "baseline_firstorder.csv")
	f, err := os.Open(name)
	if err != nil {
		t.Skip("no ../shared/reference/pyradiomics")
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	row := map[string][]string{}
	for _, r := range rows[1:] {
		row[r[0]] = r
	}
	spacingRE := regexp.MustCompile(`'resampledPixelSpacing': \[([^\]]*)\]`)
	interpRE := regexp.MustCompile(`'interpolator': '([A-Za-z0-9]+)'`)
	padRE := regexp.MustCompile(`'padDistance': (\d+)`)
	checked := 0
	for col, head := range rows[0] {
		if !strings.HasSuffix(head, "_resampling") {
			continue
		}
		c := strings.TrimSuffix(head, "_resampling")
		image := filepath.Join(sharedRef, "data", c+"_image.nrrd")
		if _, err := os.Stat(image); err != nil {
			continue // lung1, lung2: label only
		}
		t.Run(head, func(t *testing.T) {
			settings := row["diagnostics_Configuration_Settings"][col]
			s := DefaultSettings()
			m := spacingRE.FindStringSubmatch(settings)
			if m == nil {
				t.Fatalf("no resampledPixelSpacing in %s", settings)
			}
			for a, v := range strings.Split(m[1], ",") {
				s.Spacing[a], err = strconv.ParseFloat(strings.TrimSpace(v), 64)
				if err != nil {
					t.Fatal(err)
				}
			}
			if m := interpRE.FindStringSubmatch(settings); m != nil {
				if s.Interpolator, err = ParseInterpolator(m[1]); err != nil {
					t.Fatal(err)
				}
			}
			if m := padRE.FindStringSubmatch(settings); m != nil {
				s.PadDistance, _ = strconv.Atoi(m[1])
			}
			d, err := nrrd.ReadData(image)
			if err != nil {
				t.Fatal(err)
			}
			s.PixelType = pixelTypeOf(d.Header.Type)
			img, err := d.Volume()
			if err != nil {
				t.Fatal(err)
			}
			mask, err := nrrd.ReadMask(filepath.Join(sharedRef, "data", c+"_label.nrrd"))
			if err != nil {
				t.Fatal(err)
			}
			ri, rm, err := Resample(img, mask, s)
			if err != nil {
				t.Fatal(err)
			}
			var vals []float64
			for i, l := range rm.Labels {
				if l == s.Label {
					vals = append(vals, ri.Voxels[i])
				}
			}
			sort.Float64s(vals)
			sum := 0.0
			for _, v := range vals {
				sum += v
			}
			n := len(vals)
			median := vals[n/2]
			if n%2 == 0 {
				median = (vals[n/2-1] + vals[n/2]) / 2
			}
			got := map[string]float64{"Minimum": vals[0], "Maximum": vals[n-1], "Median": median, "Mean": sum / float64(n)}
			for feat, g := range got {
				w, err := strconv.ParseFloat(row["original_firstorder_"+feat][col], 64)
				if err != nil {
					t.Fatal(err)
				}
				lim := 0.0
				if feat == "Mean" {
					lim = 1e-12 * math.Abs(w)
				}
				if math.Abs(g-w) > lim {
					t.Errorf("%s: got %.17g, want %.17g (%d ROI voxels, grid %v)", feat, g, w, n, ri.Size)
				}
				checked++
			}
		})
	}
	if checked == 0 {
		t.Skip("no resampling column with an image")
	}
}
