package stats

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

func colMatrix(v []float64) *mat.Dense  { return mat.NewDense(len(v), 1, append([]float64(nil), v...)) }
func rowMatrix(v ...float64) *mat.Dense { return mat.NewDense(1, len(v), v) }
