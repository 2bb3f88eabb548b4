package worker

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"runtime"
	"sync"
	"sync/atomic"

	"radgo/kernel"
)

// ChildEnv is what the child gives the evaluator it constructs: writers
// that reach the running cell's stdout and stderr (the process's fds 1 and
// 2, so os.Stdout and os.Stderr reach it too) and a logger for the child's
// own diagnostics.
type ChildEnv struct {
	Stdout, Stderr *os.File
	Log            *log.Logger
}

// ServeChild is the body of "radgo kernel-worker": it builds the evaluator
// with newExec and serves the kernel process on the file descriptors
// described in the package documentation until the kernel closes the
// request pipe. It returns an error only when the descriptors are not set
// up as a Proxy sets them up.
func ServeChild(newExec func(ChildEnv) (kernel.Executor, error)) error {
	// Only a Proxy sets this variable; without it fds 3-5 may belong to
	// whoever started the process, and must not be touched.
	if os.Getenv(childMarkerEnv) != childMarkerValue {
		return errors.New("worker: kernel-worker must be started by the radgo kernel, not by hand")
	}
	os.Unsetenv(childMarkerEnv) // not inherited by what cells start
	// Programs that cells start must not inherit the protocol pipes (a
	// lingering grandchild would keep them open after this process died).
	for fd := 3; fd <= 5; fd++ {
		closeOnExec(fd)
	}
	reqF := os.NewFile(3, "requests")
	evF := os.NewFile(4, "events")
	logF := os.NewFile(5, "log")
	if reqF == nil || evF == nil || logF == nil {
		return errors.New("worker: kernel-worker must be started by the radgo kernel (missing fds 3-5)")
	}
	if _, err := evF.Stat(); err != nil {
		return fmt.Errorf("worker: kernel-worker must be started by the radgo kernel: %w", err)
	}
	// An interrupt is a message from the parent; the SIGINT that Jupyter's
	// signal mode sends to the whole process group is the parent's to handle.
	signal.Ignore(os.Interrupt)

	// Private duplicates of fds 1 and 2 for the sync markers, so that a cell
	// closing os.Stdout cannot break the protocol.
	syncOut, err1 := dupFile(1, "sync-stdout")
	syncErr, err2 := dupFile(2, "sync-stderr")
	if err1 != nil || err2 != nil {
		return fmt.Errorf("worker: duplicating stdout/stderr: %v %v", err1, err2)
	}
	s := &server{
		enc:     json.NewEncoder(evF),
		syncOut: syncOut, syncErr: syncErr,
		log:    log.New(logF, "radgo kernel-worker: ", log.LstdFlags),
		cells:  map[uint64]context.CancelFunc{},
		inputs: map[uint64]chan request{},
	}
	exec, err := newExec(ChildEnv{Stdout: os.Stdout, Stderr: os.Stderr, Log: s.log})
	if err != nil {
		s.emit(event{Op: "ready", Fatal: err.Error()})
		return fmt.Errorf("worker: starting the evaluator: %w", err)
	}
	s.exec = exec
	s.emit(event{Op: "ready"})
	s.serve(reqF)
	return nil
}

type server struct {
	exec             kernel.Executor
	encMu            sync.Mutex
	enc              *json.Encoder
	syncMu           sync.Mutex
	syncSeq          uint64
	syncOut, syncErr *os.File
	log              *log.Logger
	inputSeq         atomic.Uint64

	mu     sync.Mutex
	cells  map[uint64]context.CancelFunc
	inputs map[uint64]chan request // pending input events by id
}

func (s *server) emit(e event) {
	s.encMu.Lock()
	defer s.encMu.Unlock()
	if err := s.enc.Encode(e); err != nil {
		// The kernel is gone; nothing left to serve.
		os.Exit(0)
	}
}

// emitSynced writes the next marker to both output pipes and sends e
// carrying its number, under one lock so that markers and events stay in
// the same order. The number is 0 when a pipe is unusable, which tells the
// parent not to wait for it.
func (s *server) emitSynced(e event) {
	s.syncMu.Lock()
	defer s.syncMu.Unlock()
	s.syncSeq++
	m := marker(s.syncSeq)
	_, e1 := s.syncOut.Write(m)
	_, e2 := s.syncErr.Write(m)
	e.Sync = s.syncSeq
	if e1 != nil || e2 != nil {
		e.Sync = 0
	}
	s.emit(e)
}

func (s *server) serve(r io.Reader) {
	br := bufio.NewReaderSize(r, 1<<16)
	dec := json.NewDecoder(br)
	for {
		var q request
		if err := dec.Decode(&q); err != nil {
			if !errors.Is(err, io.EOF) {
				s.log.Printf("bad request: %v", err)
			}
			os.Exit(0) // the kernel closed the pipe or died
		}
		switch q.Op {
		case "execute":
			ctx, cancel := context.WithCancel(context.Background())
			s.mu.Lock()
			s.cells[q.ID] = cancel
			s.mu.Unlock()
			go s.execute(ctx, q)
		case "interrupt":
			s.mu.Lock()
			for _, c := range s.cells {
				c()
			}
			s.mu.Unlock()
		case "input":
			s.mu.Lock()
			ch := s.inputs[q.ID]
			delete(s.inputs, q.ID)
			s.mu.Unlock()
			if ch != nil {
				ch <- q
			}
		case "complete":
			go func() {
				c := s.exec.Complete(q.Code, q.Cursor)
				s.emit(event{ID: q.ID, Op: "result", Completion: &c})
			}()
		case "inspect":
			go func() {
				in := s.exec.Inspect(q.Code, q.Cursor, q.Detail)
				s.emit(event{ID: q.ID, Op: "result", Inspection: &in})
			}()
		case "is_complete":
			go func() {
				st, ind := s.exec.IsComplete(q.Code)
				s.emit(event{ID: q.ID, Op: "result", Status: st, Indent: ind})
			}()
		default:
			s.log.Printf("unknown request %q", q.Op)
		}
	}
}

func (s *server) execute(ctx context.Context, q request) {
	out := &childOutput{s: s, cell: q.ID, ctx: ctx}
	b, err := s.run(ctx, q.Code, out)
	s.mu.Lock()
	cancel := s.cells[q.ID]
	delete(s.cells, q.ID)
	s.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	e := event{ID: q.ID, Op: "result", Bundle: b}
	if err != nil {
		var ee *kernel.ExecError
		if !errors.As(err, &ee) {
			ee = &kernel.ExecError{Name: "Error", Value: err.Error()}
		}
		e.Err, e.Bundle = ee, nil
	}
	s.emitSynced(e)
}

func (s *server) run(ctx context.Context, code string, out kernel.Output) (b kernel.MIMEBundle, err error) {
	defer func() {
		if r := recover(); r != nil {
			buf := make([]byte, 8192)
			buf = buf[:runtime.Stack(buf, false)]
			s.log.Printf("evaluator panicked: %v\n%s", r, buf)
			b, err = nil, &kernel.ExecError{Name: "InternalError", Value: fmt.Sprintf("the evaluator panicked: %v", r), Traceback: []string{}}
		}
	}()
	return s.exec.Execute(ctx, code, out)
}

// childOutput is the Output the evaluator sees in the child.
type childOutput struct {
	s    *server
	cell uint64
	ctx  context.Context
}

func (o *childOutput) Stream(name, text string) {
	f := os.Stdout
	if name == "stderr" {
		f = os.Stderr
	}
	io.WriteString(f, text)
}

func (o *childOutput) Display(d kernel.Display) {
	o.s.emitSynced(event{ID: o.cell, Op: "display", Display: &d})
}

func (o *childOutput) Clear(wait bool) {
	o.s.emitSynced(event{ID: o.cell, Op: "clear", Wait: wait})
}

func (o *childOutput) Input(prompt string, password bool) (string, error) {
	id := o.s.inputSeq.Add(1)
	ch := make(chan request, 1)
	o.s.mu.Lock()
	o.s.inputs[id] = ch
	o.s.mu.Unlock()
	o.s.emitSynced(event{ID: o.cell, Op: "input", Prompt: prompt, Password: password, InputID: id})
	select {
	case r := <-ch:
		if r.Err == "nostdin" {
			return "", kernel.ErrNoStdin
		}
		if r.Err != "" {
			return "", errors.New(r.Err)
		}
		return r.Value, nil
	case <-o.ctx.Done():
		o.s.mu.Lock()
		delete(o.s.inputs, id)
		o.s.mu.Unlock()
		return "", o.ctx.Err()
	}
}
