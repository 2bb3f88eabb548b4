package elasticnet

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
)

// TestWriteBenchData writes the benchmark cohorts as CSV for
// testdata/bench_glmnet.sh, which times R's glmnet on exactly the data the
// Go benchmarks use. It runs only when RADGO_BENCH_DIR is set.
func TestWriteBenchData(t *testing.T) {
	dir := os.Getenv("RADGO_BENCH_DIR")
	if dir == "" {
		t.Skip("RADGO_BENCH_DIR not set")
	}
	for _, sz := range []struct{ n, p int }{{118, 638}, {1000, 2000}} {
		x, d := simCox(sz.n, sz.p, 1)
		folds := RandomFolds(sz.n, 10, rand.New(rand.NewPCG(7, 7))) // as BenchmarkCrossValidateCox
		name := filepath.Join(dir, fmt.Sprintf("cox_n%d_p%d.csv", sz.n, sz.p))
		f, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriter(f)
		fmt.Fprint(w, "time,event,fold")
		for j := 0; j < sz.p; j++ {
			fmt.Fprintf(w, ",x%d", j+1)
		}
		fmt.Fprintln(w)
		for i := 0; i < sz.n; i++ {
			ev := 0
			if d.Event[i] {
				ev = 1
			}
			fmt.Fprintf(w, "%.17g,%d,%d", d.Time[i], ev, folds[i])
			for j := 0; j < sz.p; j++ {
				fmt.Fprintf(w, ",%.17g", x.At(i, j))
			}
			fmt.Fprintln(w)
		}
		if err := w.Flush(); err != nil {
			t.Fatal(err)
		}
		f.Close()
	}
}
