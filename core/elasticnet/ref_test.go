package elasticnet

import (
	"gonum.org/v1/gonum/mat"

	"radgo/core/internal/reftest"
)

// The reference-set helpers live in core/internal/reftest.
type table = reftest.Table

var (
	readCSV  = reftest.ReadCSV
	readJSON = reftest.ReadJSON
	relErr   = reftest.RelErr
	checkVec = reftest.CheckVec
)

// sparseCoef is the reference's sparse coefficient vector.
type sparseCoef struct {
	Lambda float64   `json:"lambda"`
	Index  []int     `json:"index_1based"`
	Value  []float64 `json:"value"`
	A0     *float64  `json:"a0"`
}

func (s sparseCoef) dense(p int) []float64 {
	d := make([]float64, p)
	for k, i := range s.Index {
		d[i-1] = s.Value[k]
	}
	return d
}

func column(m *mat.Dense, k int) []float64 {
	r, _ := m.Dims()
	c := make([]float64, r)
	for j := range c {
		c[j] = m.At(j, k)
	}
	return c
}
