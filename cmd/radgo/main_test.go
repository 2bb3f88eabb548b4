package main

import (
	"os"
	"testing"
)

// asRadgoEnv makes the test binary behave as the radgo command, so the
// Jupyter tests can launch it as the kernel (and the kernel can launch it
// again as its kernel-worker) without a separate go build.
const asRadgoEnv = "RADGO_TEST_AS_RADGO"

// fakeEvalEnv selects the scripted test evaluator (fakeeval_test.go) in
// the kernel-worker instead of the real one.
const fakeEvalEnv = "RADGO_TEST_FAKE_EVAL"

func TestMain(m *testing.M) {
	if os.Getenv(asRadgoEnv) == "1" {
		if os.Getenv(fakeEvalEnv) == "1" {
			newEvaluator = newFakeEvaluator
		}
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
