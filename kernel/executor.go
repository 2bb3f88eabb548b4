package kernel

import "context"

// This file is the contract between the protocol server (package kernel,
// kernel/wire, kernel/worker) and the cell evaluator (kernel/eval). The
// server never imports yaegi; the evaluator never imports zmq4.

// MIMEBundle maps a MIME type ("text/plain", "text/html", "image/png", ...)
// to its data as it goes into a Jupyter display_data or execute_result
// message: a string for text types and base64 for binary image types, or
// any JSON value for JSON types.
type MIMEBundle map[string]any

// Display is one rich output of a cell.
type Display struct {
	Data     MIMEBundle
	Metadata map[string]any
	// ID, when set, is the transient display_id, so that a later Display
	// with the same ID and Update set replaces it in place
	// (update_display_data).
	ID     string
	Update bool
}

// Output receives what a running cell produces, in order. Implementations
// are safe for concurrent use (goroutines of a cell may print).
type Output interface {
	// Stream sends text to "stdout" or "stderr".
	Stream(name, text string)
	// Display sends a display_data or update_display_data message.
	Display(d Display)
	// Clear sends clear_output; with wait set the front end clears when the
	// next output arrives.
	Clear(wait bool)
	// Input asks the front end for a line of input (input_request on the
	// stdin channel). It returns ErrNoStdin when the request did not allow
	// stdin.
	Input(prompt string, password bool) (string, error)
}

// ExecError is the error an Executor returns when a cell fails; it becomes
// the ename/evalue/traceback of the execute_reply and of an iopub error
// message.
type ExecError struct {
	Name      string // e.g. "CompileError", "panic", "Interrupted"
	Value     string
	Traceback []string
}

func (e *ExecError) Error() string { return e.Name + ": " + e.Value }

// Completion is the answer to a complete_request.
type Completion struct {
	Matches     []string
	CursorStart int
	CursorEnd   int
}

// Inspection is the answer to an inspect_request; Found false means no
// documentation for the name under the cursor.
type Inspection struct {
	Found bool
	Data  MIMEBundle
}

// Executor evaluates cells. Execute returns the cell's result (the value of
// a trailing expression, nil when there is none) or an *ExecError. Execute
// returns promptly with an ExecError named "Interrupted" when ctx is
// cancelled (interrupt_request or SIGINT).
type Executor interface {
	Execute(ctx context.Context, code string, out Output) (MIMEBundle, error)
	Complete(code string, cursor int) Completion
	Inspect(code string, cursor, detailLevel int) Inspection
	// IsComplete answers is_complete_request: status is "complete",
	// "incomplete", "invalid" or "unknown"; indent is the suggested
	// indentation for an incomplete cell.
	IsComplete(code string) (status, indent string)
}
