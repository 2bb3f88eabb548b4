package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"testing"
	"time"
)

// TestJupyterKernelSuite runs Debian's jupyter_kernel_test (0.4.5, package
// python3-jupyter-kernel-test) against radgo launched by jupyter_client
// from a kernelspec, exactly as Jupyter launches it: every standard test
// plus radgo's own in testdata/test_radgo_kernel.py. The kernel binary is
// this test binary (TestMain turns it into radgo), with the real yaegi
// evaluator of kernel/eval in its kernel-worker.
func TestJupyterKernelSuite(t *testing.T) {
	if testing.Short() {
		t.Skip("integration test; skipped with -short")
	}
	const python = "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import jupyter_kernel_test, jupyter_client").Run(); err != nil {
		t.Skipf("%s cannot import jupyter_kernel_test (apt-get install python3-jupyter-kernel-test): %v", python, err)
	}
	bin, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	env := map[string]string{asRadgoEnv: "1"}
	dir := t.TempDir()
	spec := kernelSpec{
		Argv:          []string{bin, "kernel", "{connection_file}"},
		DisplayName:   "radgo test",
		Language:      "go",
		InterruptMode: "message",
		Env:           env,
		Metadata:      map[string]any{"debugger": false},
	}
	for name, mode := range map[string]string{"radgo-test": "message", "radgo-test-signal": "signal"} {
		spec.InterruptMode = mode
		b, _ := json.Marshal(spec)
		kdir := filepath.Join(dir, "jupyter", "kernels", name)
		if err := os.MkdirAll(kdir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(kdir, "kernel.json"), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script, _ := filepath.Abs("testdata/test_radgo_kernel.py")

	ctx, cancel := context.WithTimeout(context.Background(), 150*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, script, "-v")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(),
		"JUPYTER_PATH="+filepath.Join(dir, "jupyter"),
		"JUPYTER_DATA_DIR="+filepath.Join(dir, "data"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(dir, "runtime"),
		"JUPYTER_PLATFORM_DIRS=1",
		"RADGO_KERNEL_NAME=radgo-test",
		"RADGO_SIGNAL_KERNEL_NAME=radgo-test-signal",
		"PYTHONDONTWRITEBYTECODE=1",
	)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	t.Logf("jupyter_kernel_test output (%v):\n%s", time.Since(start).Round(time.Millisecond), out)
	if err != nil {
		t.Fatalf("jupyter_kernel_test failed: %v", err)
	}
	if !regexp.MustCompile(`(?m)^OK`).Match(out) {
		t.Fatal("no OK line in the unittest output")
	}
	if m := regexp.MustCompile(`Ran (\d+) tests`).FindSubmatch(out); m != nil {
		t.Logf("ran %s jupyter_kernel_test tests", m[1])
	}
}
