// Package worker runs cells in a supervised child process, so that nothing
// a cell does — a panic in a goroutine, os.Exit, a runaway loop in compiled
// code — can take the Jupyter kernel down.
//
// The kernel process holds a [Proxy], which implements kernel.Executor by
// forwarding every call to a child process ("radgo kernel-worker") that runs
// [ServeChild] around the real evaluator. The child's file descriptors are:
//
//	0  /dev/null
//	1  pipe to the parent: everything written to stdout (interpreted code,
//	   compiled packages, goroutines, the Go runtime's own crash report)
//	2  pipe to the parent: the same for stderr
//	3  requests, parent → child (JSON lines)
//	4  events, child → parent (JSON lines: results, displays, input requests)
//	5  the child's own log, shared with the kernel's stderr
//
// Because the parent owns the read ends of the output pipes at the file
// descriptor level, output reaches the running cell whatever writes it, and
// the last words of a child that crashes are not lost. Output is coalesced
// (flushed every 50 ms or every 64 KiB) so hundreds of thousands of short
// lines become a few dozen stream messages, and capped per cell so a cell
// that prints forever cannot exhaust the kernel's memory.
//
// Ordering between the output pipes and the event pipe is kept with sync
// markers: before the child sends an event that must follow earlier output
// (a display, an input request, the cell's result) it writes a numbered
// marker to fds 1 and 2, and the parent delivers the event only after both
// pipes have reached the marker.
//
// An interrupt cancels the cell's context in the child. If the cell has not
// returned after a grace period (2 s by default) — typically a long call
// into compiled code — the child is killed and restarted and the cell fails
// with an error saying that the interpreter state was lost. A child that
// dies during a cell is restarted the same way; one that dies between cells
// is restarted before the next cell, which is told so on stderr.
//
// The child process needs inherited file descriptors, so the worker runs
// on Unix only; elsewhere every cell fails with an error saying so.
package worker
