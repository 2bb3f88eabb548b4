package radiomics

import (
	"testing"

	"radgo/core/radiomics/discretize"
	"radgo/core/radiomics/glrlm"
	"radgo/core/radiomics/glszm"
	"radgo/core/volume/imageio"
	"radgo/core/volume/nifti"
)

const ibsiPhantomDir = "../../../shared/reference/imaging/ibsi1_ct_phantom/nifti/"

// ibsiRegion discretises the IBSI phantom's ROI box with the default bin
// width 25, the region the texture classes see for the original image.
func ibsiRegion(b *testing.B) *discretize.Region {
	img, err := imageio.ReadImage(ibsiPhantomDir + "image/phantom.nii.gz")
	if err != nil {
		b.Skipf("IBSI phantom not available: %v", err)
	}
	m, err := nifti.ReadMask(ibsiPhantomDir + "mask/mask.nii.gz")
	if err != nil {
		b.Skip(err)
	}
	lo, hi, ok := m.Bounds(1)
	if !ok {
		b.Skip("empty mask")
	}
	size := [3]int{hi[0] - lo[0] + 1, hi[1] - lo[1] + 1, hi[2] - lo[2] + 1}
	var vals []float64
	var in []bool
	for k := lo[2]; k <= hi[2]; k++ {
		for j := lo[1]; j <= hi[1]; j++ {
			for i := lo[0]; i <= hi[0]; i++ {
				vals = append(vals, img.At(i, j, k))
				in = append(in, m.Labels[m.Offset(i, j, k)] == 1)
			}
		}
	}
	r, err := discretize.NewRegion(size, img.Spacing, vals, in, 25, 0)
	if err != nil {
		b.Fatal(err)
	}
	return r
}

// Per-class costs on the IBSI phantom's original image (one of the nine
// images of a defaults + wavelet extraction).
func BenchmarkClassIBSI(b *testing.B) {
	r := ibsiRegion(b)
	b.Run("neighbourhood", func(b *testing.B) {
		s := NewExtractor().Settings
		for i := 0; i < b.N; i++ {
			if nb := fusedNeighbourhood(r, &s); nb == nil || nb.err != nil {
				b.Fatal("no fused neighbourhood")
			}
		}
	})
	b.Run("glszm", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			glszm.Calculate(r, glszm.Settings{})
		}
	})
	b.Run("glrlm", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := glrlm.Calculate(r, glrlm.Settings{WeightingNorm: ""}); err != nil {
				b.Fatal(err)
			}
		}
	})
}
