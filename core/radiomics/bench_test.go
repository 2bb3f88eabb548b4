package radiomics_test

import (
	"context"
	"math"
	"math/rand"
	"os"
	"syscall"
	"testing"
	"time"

	"radgo/core/radiomics"
	"radgo/core/volume"
	"radgo/core/volume/imageio"
	"radgo/core/volume/nifti"
)

// ibsiDir is the IBSI 1 CT phantom (CC BY-NC, never copied into the
// repository), read from the shared reference folder when present.
const ibsiDir = "../../../shared/reference/imaging/ibsi1_ct_phantom/nifti/"

func defaultsWavelet() *radiomics.Extractor {
	e := radiomics.NewExtractor()
	if err := e.EnableImageType("Wavelet", nil); err != nil {
		panic(err)
	}
	return e
}

// BenchmarkExtractIBSIPhantom: defaults + wavelet (851 features) on the IBSI
// CT phantom, 125,256 ROI voxels; PyRadiomics takes about 2.7 s here.
func BenchmarkExtractIBSIPhantom(b *testing.B) {
	img, err := imageio.ReadImage(ibsiDir + "image/phantom.nii.gz")
	if err != nil {
		b.Skipf("IBSI phantom not available: %v", err)
	}
	m, err := nifti.ReadMask(ibsiDir + "mask/mask.nii.gz")
	if err != nil {
		b.Skip(err)
	}
	e := defaultsWavelet()
	e.PixelType, e.PixelTypeKnown = radiomics.StoredPixelType(ibsiDir + "image/phantom.nii.gz")
	runExtract(b, e, img, m)
}

// cpuTime is the process's user+system CPU time so far.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}

// runExtract runs e.Extract b.N times and reports, besides wall time, the
// CPU time per op ("cpu-ns/op"): on a shared, loaded machine it is the
// stable measure (with GOMAXPROCS=1 it is the single-core cost).
func runExtract(b *testing.B, e *radiomics.Extractor, img *volume.Volume, m *volume.Mask) {
	b.Helper()
	b.ResetTimer()
	c0 := cpuTime()
	for i := 0; i < b.N; i++ {
		if _, err := e.Extract(context.Background(), img, m); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(cpuTime()-c0)/float64(b.N), "cpu-ns/op")
}

// sphere returns a noisy CT-like image of size n³ with a spherical ROI of
// radius r voxels.
func sphere(n int, r float64) (*volume.Volume, *volume.Mask) {
	g := volume.Identity([3]float64{0.8, 0.8, 1.5})
	img := volume.New([3]int{n, n, n}, g)
	m := volume.NewMask([3]int{n, n, n}, g)
	rnd := rand.New(rand.NewSource(1))
	c := float64(n-1) / 2
	for k := 0; k < n; k++ {
		for j := 0; j < n; j++ {
			for i := 0; i < n; i++ {
				d := math.Sqrt((float64(i)-c)*(float64(i)-c) + (float64(j)-c)*(float64(j)-c) + (float64(k)-c)*(float64(k)-c))
				o := img.Offset(i, j, k)
				img.Voxels[o] = math.Round(40 + 30*math.Sin(float64(i)/5)*math.Cos(float64(j)/7) + 20*rnd.NormFloat64())
				if d <= r {
					m.Labels[o] = 1
				}
			}
		}
	}
	return img, m
}

// BenchmarkExtractSphere900k: defaults + wavelet on a 904,089-voxel sphere
// (R = 60 in a 140³ image); PyRadiomics takes about 17 s here.
func BenchmarkExtractSphere900k(b *testing.B) {
	if os.Getenv("RADGO_BENCH_LARGE") == "" && testing.Short() {
		b.Skip("large benchmark")
	}
	img, m := sphere(140, 60)
	e := defaultsWavelet()
	runExtract(b, e, img, m)
}

// BenchmarkExtractBrain1: defaults + wavelet on brain1 (4,137 ROI voxels);
// PyRadiomics takes about 0.43 s.
func BenchmarkExtractBrain1(b *testing.B) {
	img, m := load(b, "data/brain1_image.nrrd", "data/brain1_label.nrrd")
	e := defaultsWavelet()
	runExtract(b, e, img, m)
}
