package eval

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"reflect"
	"strings"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"

	"radgo/kernel"
)

// Standard input of cells.
//
// yaegi gives fmt.Scan* the Options.Stdin reader, but leaves interpreted
// os.Stdin the process's *os.File unless Options.Stdin is one (fd 0 is
// /dev/null in the kernel worker, so bufio on os.Stdin would see EOF). When
// standard input is not an *os.File, useStdin replaces the os.Stdin symbol
// with a *stdinFile over the same reader, so fmt.Scan*, bufio.Reader,
// bufio.Scanner, os.Stdin.Read and io.ReadAll(os.Stdin) share one stream
// that asks the front end for a line only when a read finds it empty.

// eofAnswers are the answers to an input request that end standard input
// for the rest of the cell: reads then return io.EOF, which is how a cell
// reading up to EOF (io.ReadAll(os.Stdin), a bufio.Scanner loop) is ended
// from a notebook, where no key sends an end of file. "^D" is the two
// characters caret and D; "\x04" is what Ctrl-D sends in a terminal front
// end. Surrounding spaces are ignored.
var eofAnswers = []string{"^D", "\x04"}

// noStdinError is what reading standard input returns when the front end
// does not accept input (allow_stdin false, radgo exec, nbconvert).
type noStdinError struct{}

func (noStdinError) Error() string {
	return "standard input is not available: the front end does not accept input for this cell (allow_stdin is false)"
}

func (noStdinError) Unwrap() error { return kernel.ErrNoStdin }

// noStdinNotice is written once per cell to its stderr when a read fails
// with noStdinError, so that a cell ignoring the error does not fail
// silently.
const noStdinNotice = "radgo: this cell reads standard input, but the front end does not accept input (allow_stdin is false): the read failed\n"

var errNoCell = errors.New("standard input can be read only while a cell runs")

// inputReader serves the standard input of cells by asking the front end
// for one line at a time with the running cell's Output.Input, when a read
// finds nothing left of the previous answer. fmt.Scanln makes three Read
// calls for one line: the buffer keeps the rest of the answer between
// them. newCell forgets what a previous cell left unread.
type inputReader struct {
	ip *Interpreter

	mu     sync.Mutex
	buf    []byte
	eof    bool // the user ended input in this cell
	warned bool // noStdinNotice was written in this cell
}

func (r *inputReader) newCell() {
	r.mu.Lock()
	r.buf, r.eof, r.warned = nil, false, false
	r.mu.Unlock()
}

func isEOFAnswer(s string) bool {
	s = strings.TrimSpace(s)
	for _, a := range eofAnswers {
		if s == a {
			return true
		}
	}
	return false
}

func (r *inputReader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for {
		r.mu.Lock()
		if len(r.buf) > 0 {
			n := copy(p, r.buf)
			r.buf = r.buf[n:]
			r.mu.Unlock()
			return n, nil
		}
		if r.eof {
			r.mu.Unlock()
			return 0, io.EOF
		}
		r.mu.Unlock()

		// Not under mu: a front end may take minutes to answer, and an
		// interrupt makes Input return.
		out := r.ip.output()
		if out == nil {
			return 0, errNoCell
		}
		line, err := out.Input("", false)
		r.mu.Lock()
		switch {
		case errors.Is(err, kernel.ErrNoStdin):
			warn := !r.warned
			r.warned = true
			r.mu.Unlock()
			if warn {
				out.Stream("stderr", noStdinNotice)
			}
			return 0, noStdinError{}
		case err != nil:
			r.mu.Unlock()
			return 0, err
		case isEOFAnswer(line):
			r.eof = true
		default:
			r.buf = append(r.buf, line...)
			r.buf = append(r.buf, '\n')
		}
		r.mu.Unlock()
	}
}

// stdinFile is interpreted os.Stdin when the standard input of cells is
// not an *os.File. It has the reading methods of *os.File; Close has no
// effect (the stream belongs to the session), Fd is invalid and Stat
// describes a character device, as for a terminal.
type stdinFile struct{ r io.Reader }

func (f *stdinFile) Read(p []byte) (int, error) { return f.r.Read(p) }

// Close does nothing: later cells can still read standard input.
func (f *stdinFile) Close() error { return nil }

func (f *stdinFile) Name() string { return "/dev/stdin" }

// Fd returns an invalid descriptor: there is no file behind the stream.
func (f *stdinFile) Fd() uintptr { return ^uintptr(0) }

func (f *stdinFile) Stat() (os.FileInfo, error) { return stdinInfo{}, nil }

func (f *stdinFile) SetDeadline(time.Time) error     { return os.ErrNoDeadline }
func (f *stdinFile) SetReadDeadline(time.Time) error { return os.ErrNoDeadline }

func (f *stdinFile) Write([]byte) (int, error) {
	return 0, &fs.PathError{Op: "write", Path: f.Name(), Err: os.ErrPermission}
}

func (f *stdinFile) WriteString(s string) (int, error) { return f.Write([]byte(s)) }

type stdinInfo struct{}

func (stdinInfo) Name() string       { return "stdin" }
func (stdinInfo) Size() int64        { return 0 }
func (stdinInfo) Mode() fs.FileMode  { return fs.ModeDevice | fs.ModeCharDevice | 0o620 }
func (stdinInfo) ModTime() time.Time { return time.Time{} }
func (stdinInfo) IsDir() bool        { return false }
func (stdinInfo) Sys() any           { return nil }

// useStdin makes interpreted os.Stdin read stdin, which fmt.Scan* already
// read. yaegi itself hands os.Stdin an *os.File (radgo run passes the
// process's stdin).
func (ip *Interpreter) useStdin(stdin io.Reader) error {
	if _, ok := stdin.(*os.File); ok {
		return nil
	}
	f := &stdinFile{r: stdin}
	return ip.in.Use(interp.Exports{"os/os": {"Stdin": reflect.ValueOf(&f).Elem()}})
}
