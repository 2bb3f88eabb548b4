package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"radgo/kernel/kerneltest"
)

// launchKernel starts "radgo kernel" (this test binary acting as radgo) on
// free local ports and returns the process and the connection endpoints.
func launchKernel(t testing.TB) (*exec.Cmd, kerneltest.Endpoints) {
	t.Helper()
	ports := make([]int, 5)
	for i := range ports {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ports[i] = l.Addr().(*net.TCPAddr).Port
		l.Close()
	}
	conn := map[string]any{
		"transport": "tcp", "ip": "127.0.0.1", "signature_scheme": "hmac-sha256", "key": "e2e-key",
		"shell_port": ports[0], "control_port": ports[1], "stdin_port": ports[2], "iopub_port": ports[3], "hb_port": ports[4],
	}
	b, _ := json.Marshal(conn)
	file := filepath.Join(t.TempDir(), "kernel.json")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	bin, _ := os.Executable()
	cmd := exec.Command(bin, "kernel", file)
	cmd.Env = append(os.Environ(), asRadgoEnv+"=1")
	if testing.Verbose() {
		cmd.Stderr = os.Stderr
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	ep := func(p int) string { return fmt.Sprintf("tcp://127.0.0.1:%d", p) }
	return cmd, kerneltest.Endpoints{Shell: ep(ports[0]), Control: ep(ports[1]), Stdin: ep(ports[2]), IOPub: ep(ports[3]), HB: ep(ports[4]), Key: "e2e-key"}
}

// TestKernelEndToEnd drives the real kernel process (kernel, worker and
// evaluator) over ZeroMQ from Go, so the integrated stack is tested even
// where Python's jupyter_kernel_test is not installed.
func TestKernelEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes; skipped with -short")
	}
	cmd, ep := launchKernel(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := kerneltest.Dial(t, ctx, ep)
	c.WaitReady(30 * time.Second)

	r, io := c.Execute(`x := 40; fmt.Println("hi"); x + 2`, nil)
	if got := kerneltest.Content(t, r); got["status"] != "ok" {
		t.Fatalf("reply %v", got)
	}
	if s := kerneltest.Types(io); s != "status execute_input stream execute_result status" {
		t.Errorf("iopub %q", s)
	}
	if txt := kerneltest.Text(t, io, "stdout"); txt != "hi\n" {
		t.Errorf("stdout %q", txt)
	}
	if d := kerneltest.Content(t, io[3])["data"].(map[string]any); d["text/plain"] != "42" {
		t.Errorf("result %v", d)
	}

	r, io = c.Execute(`go func() { panic("boom") }(); time.Sleep(2 * time.Second)`, nil)
	got := kerneltest.Content(t, r)
	if got["status"] != "error" || !strings.Contains(got["evalue"].(string), "lost") {
		t.Errorf("goroutine panic reply %v", got)
	}
	if !strings.Contains(kerneltest.Text(t, io, "stderr"), "boom") {
		t.Errorf("crash report missing: %q", kerneltest.Text(t, io, "stderr"))
	}
	r, _ = c.Execute("x", nil)
	if got := kerneltest.Content(t, r); got["status"] != "error" {
		t.Errorf("x survived the restart: %v", got)
	}

	id := c.Send(c.Control, "shutdown_request", map[string]any{"restart": false})
	c.Reply(c.ControlCh, id)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("kernel exited with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("kernel did not exit after shutdown_request")
	}
}

// BenchmarkKernelStart measures launching "radgo kernel" to its first
// kernel_info_reply.
func BenchmarkKernelStart(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		ctx, cancel := context.WithCancel(context.Background())
		b.StartTimer()
		_, ep := launchKernel(b)
		c := kerneltest.Dial(b, ctx, ep)
		id := c.Send(c.Shell, "kernel_info_request", map[string]any{})
		c.Reply(c.ShellCh, id)
		b.StopTimer()
		c.Close()
		cancel()
		b.StartTimer()
	}
}

// BenchmarkKernelExecute measures the round trip of a trivial cell ("1")
// through the kernel, its worker and the real evaluator: execute_request →
// execute_reply → idle.
func BenchmarkKernelExecute(b *testing.B) {
	_, ep := launchKernel(b)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := kerneltest.Dial(b, ctx, ep)
	c.WaitReady(30 * time.Second)
	c.Execute("1", nil)
	for b.Loop() {
		c.Execute("1", nil)
	}
}
