package kernel

import "testing"

// BenchmarkExecuteRoundTrip measures the protocol cost of a trivial cell
// over real local zmq4 sockets: execute_request → reply → idle, with an
// in-process executor (no interpreter, no worker process).
func BenchmarkExecuteRoundTrip(b *testing.B) {
	_, c, _ := startKernel(b, &fakeExec{})
	b.ResetTimer()
	for b.Loop() {
		c.Execute("1", nil)
	}
}
