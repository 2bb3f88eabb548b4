package dicom

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

// benchSeries writes a 120-slice 512×512 signed CT series (Implicit VR LE,
// 63 MB) once per process. With RADGO_BENCH_DIR set it is written there and
// kept, so testdata/bench/compare.sh can time DCMTK on the same files.
var benchOnce sync.Once
var benchDir string

func benchSeries(b *testing.B) string {
	benchOnce.Do(func() {
		dir := os.Getenv("RADGO_BENCH_DIR")
		if dir == "" {
			var err error
			if dir, err = os.MkdirTemp("", "radgo-bench-"); err != nil {
				b.Fatal(err)
			}
		}
		if err := os.MkdirAll(dir, 0o755); err != nil {
			b.Fatal(err)
		}
		if _, err := os.Stat(filepath.Join(dir, "slice119.dcm")); err == nil {
			benchDir = dir
			return
		}
		px := make([]int16, 512*512)
		for k := 0; k < 120; k++ {
			for i := range px {
				x, y := i%512-256, i/512-256
				px[i] = int16(-1000 + (x*x+y*y+k*37)%2400)
			}
			writeSlice(b, filepath.Join(dir, fmt.Sprintf("slice%03d.dcm", k)), slice{
				sop: fmt.Sprintf("1.2.3.%d", k), ipp: fmt.Sprintf(`-250\-250\%g`, float64(k)*1.25),
				rows: 512, cols: 512, pixels: px, slope: "1", icpt: "0",
			})
		}
		benchDir = dir
	})
	return benchDir
}

// BenchmarkLoadSeries loads the 120×512² series into HU (float64), scan
// included, with 1 and with GOMAXPROCS decoding goroutines.
func BenchmarkLoadSeries(b *testing.B) {
	dir := benchSeries(b)
	for _, w := range []int{1, 0} {
		name := "workers=GOMAXPROCS"
		if w == 1 {
			name = "workers=1"
		}
		b.Run(name, func(b *testing.B) {
			b.SetBytes(120 * 512 * 512 * 2)
			for i := 0; i < b.N; i++ {
				opts := []Option{}
				if w > 0 {
					opts = append(opts, Workers(w))
				}
				v, _, err := ReadSeries(dir, opts...)
				if err != nil {
					b.Fatal(err)
				}
				if math.IsNaN(v.Voxels[0]) {
					b.Fatal("NaN")
				}
			}
		})
	}
}

// BenchmarkScan reads headers only.
func BenchmarkScan(b *testing.B) {
	dir := benchSeries(b)
	for i := 0; i < b.N; i++ {
		c, err := Scan(dir)
		if err != nil || len(c.Series) != 1 {
			b.Fatal(err)
		}
	}
}

// BenchmarkSTS019 loads the 47-slice test series, per transfer syntax.
func BenchmarkSTS019(b *testing.B) {
	for _, d := range []string{"testdata/sts019/ct"} {
		b.Run(filepath.Base(d), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, _, err := ReadSeries(d); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
