package main

import (
	"os"
	"testing"
)

// asRadgoEnv makes the test binary behave as the radgo command, so the
// Jupyter tests can launch it as the kernel (and the kernel can launch it
// again as its kernel-worker) without a separate go build.
const asRadgoEnv = "RADGO_TEST_AS_RADGO"

func TestMain(m *testing.M) {
	if os.Getenv(asRadgoEnv) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
