// Package kerneltest is a Jupyter client for tests and benchmarks of the
// radgo kernel: DEALER sockets sharing one identity for shell, control and
// stdin, SUB for iopub and REQ for the heartbeat, as jupyter_client sets
// them up, over real zmq4 sockets.
//
// It is the Go counterpart of jupyter_client's BlockingKernelClient for
// radgo's own tests and benchmarks (like net/http/httptest); the Python
// jupyter_kernel_test suite in cmd/radgo/testdata checks the kernel against
// the reference client.
package kerneltest
