// Package kernel implements the Jupyter messaging protocol (version 5.3)
// over ZeroMQ (github.com/go-zeromq/zmq4): the shell, control, iopub, stdin
// and heartbeat channels of a kernel whose cells are evaluated by an
// Executor. It never imports the interpreter; kernel/eval provides the
// yaegi-backed Executor and kernel/worker runs it in a supervised child
// process.
//
// # Running a kernel
//
//	info, err := kernel.ReadConnectionFile(path) // written by Jupyter
//	k := kernel.New(info, executor, kernel.WithSignals())
//	err = k.Run(ctx) // until shutdown_request or ctx is done
//
// # Behaviour
//
// Every request on shell and control is wrapped in status busy and idle
// messages on iopub, with the request as parent. Messages whose HMAC-SHA256
// signature is missing or wrong are logged and dropped before they are
// parsed (see kernel/wire); they never reach the Executor.
//
// Shell requests are handled in order by one goroutine, so the Executor's
// methods are never called concurrently. execute_request publishes
// execute_input, the cell's streams and displays, then execute_result or
// error, then replies. execution_count increases for every execution with
// store_history (and not silent); silent executions publish nothing. After
// a failed cell with stop_on_error, execute requests already queued are
// answered with status "aborted" without running. user_expressions are not
// evaluated (each gets an error entry). History (tail, range, search with
// * and ? globs, unique, output) is kept in memory for the process.
//
// Control requests — kernel_info, interrupt, shutdown, history, comm_info —
// are answered at once even while a cell runs. interrupt_request (and
// SIGINT, with WithSignals) cancels the running cell's context; an
// input_request waiting for the front end is abandoned. shutdown_request
// replies and makes Run return (ErrRestart when restart was asked: Jupyter
// starts a new process). kernel_info_reply is answered on both channels.
//
// Comms are not supported: comm_info lists none and comm_open is answered
// with comm_close.
//
// Output a cell produces after it returned (from goroutines it started) is
// published with that cell as parent, like ipykernel does for the latest
// cell.
package kernel
