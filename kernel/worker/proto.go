package worker

import (
	"bytes"
	"strconv"

	"radgo/kernel"
)

// childMarkerEnv tells a child that its fds 3-5 are the worker pipes.
const (
	childMarkerEnv   = "RADGO_KERNEL_WORKER_FDS"
	childMarkerValue = "3:requests,4:events,5:log"
)

// request is a message from the kernel process to the child.
type request struct {
	ID     uint64 `json:"id"`
	Op     string `json:"op"` // execute, complete, inspect, is_complete, interrupt, input
	Code   string `json:"code,omitempty"`
	Cursor int    `json:"cursor,omitempty"`
	Detail int    `json:"detail,omitempty"`
	// input: the answer to an input event (Err set when there is none).
	Value string `json:"value,omitempty"`
	Err   string `json:"err,omitempty"`
}

// event is a message from the child to the kernel process.
type event struct {
	ID   uint64 `json:"id"`
	Op   string `json:"op"` // ready, result, display, clear, input
	Sync uint64 `json:"sync,omitempty"`

	Bundle  kernel.MIMEBundle `json:"bundle,omitempty"`
	Err     *kernel.ExecError `json:"err,omitempty"`
	Display *kernel.Display   `json:"display,omitempty"`
	Wait    bool              `json:"wait,omitempty"`

	InputID  uint64 `json:"input_id,omitempty"`
	Prompt   string `json:"prompt,omitempty"`
	Password bool   `json:"password,omitempty"`

	Completion *kernel.Completion `json:"completion,omitempty"`
	Inspection *kernel.Inspection `json:"inspection,omitempty"`
	Status     string             `json:"status,omitempty"`
	Indent     string             `json:"indent,omitempty"`

	Fatal string `json:"fatal,omitempty"` // ready: the evaluator could not start
}

// markerPrefix starts a sync marker on the output pipes: markerPrefix,
// the decimal sequence number, markerEnd. The control bytes make a clash
// with real output practically impossible, and since the one-byte end is
// neither a digit nor the first byte of a marker, output that happens to
// end with a partial marker can never swallow a real one that follows it
// (FuzzSplitMarkers).
const (
	markerPrefix = "\x00\x1bradgo-sync:"
	markerEnd    = "\x1b"
	maxDigits    = 20
)

func marker(seq uint64) []byte {
	b := []byte(markerPrefix)
	b = strconv.AppendUint(b, seq, 10)
	return append(b, markerEnd...)
}

// splitMarkers splits data into text and markers. It calls text for each
// run of ordinary output and sync for each complete marker, and returns the
// trailing bytes that may be the start of a marker and must be kept for the
// next read.
func splitMarkers(data []byte, text func([]byte), sync func(uint64)) (carry []byte) {
	for len(data) > 0 {
		i := bytes.Index(data, []byte(markerPrefix))
		if i < 0 {
			// Keep a suffix that could begin a marker.
			keep := 0
			for k := min(len(markerPrefix)-1, len(data)); k > 0; k-- {
				if bytes.HasPrefix([]byte(markerPrefix), data[len(data)-k:]) {
					keep = k
					break
				}
			}
			if len(data)-keep > 0 {
				text(data[:len(data)-keep])
			}
			return data[len(data)-keep:]
		}
		if i > 0 {
			text(data[:i])
			data = data[i:]
		}
		// data starts with markerPrefix.
		rest := data[len(markerPrefix):]
		j := 0
		for j < len(rest) && j <= maxDigits && rest[j] >= '0' && rest[j] <= '9' {
			j++
		}
		tail := rest[j:]
		switch {
		case j <= maxDigits && len(tail) < len(markerEnd) && bytes.HasPrefix([]byte(markerEnd), tail):
			return data // incomplete: wait for more
		case j > 0 && j <= maxDigits && bytes.HasPrefix(tail, []byte(markerEnd)):
			seq, err := strconv.ParseUint(string(rest[:j]), 10, 64)
			if err == nil {
				sync(seq)
				data = tail[len(markerEnd):]
				continue
			}
		}
		// Not a marker: the first byte is ordinary output.
		text(data[:1])
		data = data[1:]
	}
	return nil
}
