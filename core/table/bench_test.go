package table

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
)

// featureCSV returns a CSV of n rows: an ID column and p float feature
// columns written with 17 significant digits, as R and PyRadiomics write
// them.
func featureCSV(n, p int, seed uint64) []byte {
	rnd := rand.New(rand.NewPCG(seed, 1))
	var b bytes.Buffer
	b.WriteString("id")
	for j := range p {
		fmt.Fprintf(&b, ",f%04d", j)
	}
	b.WriteByte('\n')
	buf := make([]byte, 0, 32)
	for i := range n {
		fmt.Fprintf(&b, "P%05d", i)
		for range p {
			b.WriteByte(',')
			buf = strconv.AppendFloat(buf[:0], rnd.NormFloat64()*100, 'g', 17, 64)
			b.Write(buf)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

var benchSizes = []struct{ n, p int }{{1000, 100}, {10000, 1000}}

func BenchmarkReadCSV(b *testing.B) {
	for _, s := range benchSizes {
		data := featureCSV(s.n, s.p, 1)
		b.Run(fmt.Sprintf("%dx%d", s.n, s.p), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := Read(bytes.NewReader(data), "bench.csv"); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkJoin(b *testing.B) {
	for _, s := range benchSizes {
		left, err := Read(bytes.NewReader(featureCSV(s.n, s.p, 1)), "left.csv")
		if err != nil {
			b.Fatal(err)
		}
		right, err := Read(bytes.NewReader(featureCSV(s.n, s.p, 2)), "right.csv")
		if err != nil {
			b.Fatal(err)
		}
		right, _ = right.Sort(Desc("f0000")) // shuffle the key order
		b.Run(fmt.Sprintf("%dx%d", s.n, s.p), func(b *testing.B) {
			for b.Loop() {
				j, err := left.Join(right, "id", Inner)
				if err != nil || j.NRows() != s.n {
					b.Fatal(err)
				}
			}
		})
	}
}
