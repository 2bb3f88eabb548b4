// Package depcheck holds no code: its test states radgo's dependency policy
// and checks it with `go list -deps`, in the spirit of the standard
// library's go/build/deps_test.go.
//
//	core/...    → std, gonum, gonum/plot, yaml, suyashkumar/dicom; never kernel, stdlib, yaegi, zmq4
//	stdlib/...  → core/..., gonum, plot, yaegi (symbol tables); never kernel, zmq4
//	kernel/...  → never core/... directly except through stdlib (kernel/eval)
package depcheck
