// Package kernel implements the Jupyter messaging protocol (version 5.3)
// over ZeroMQ (github.com/go-zeromq/zmq4): the shell, control, iopub, stdin
// and heartbeat channels of a kernel whose cells are evaluated by an
// Executor. It never imports the interpreter; kernel/eval provides the
// yaegi-backed Executor.
package kernel
