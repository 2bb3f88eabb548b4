package worker

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/exec"
	"sync"
	"sync/atomic"
	"time"

	"radgo/kernel"
)

// Options configure a Proxy. Zero fields take the documented defaults.
type Options struct {
	// Command returns the child command to start; the Proxy sets its
	// standard streams and extra files. Default: this executable with the
	// argument "kernel-worker".
	Command func() *exec.Cmd
	// InterruptGrace is how long an interrupted cell may take to return
	// before the child is killed and restarted. Default 2 s.
	InterruptGrace time.Duration
	// FlushInterval is the longest output waits before it is sent.
	// Default 50 ms.
	FlushInterval time.Duration
	// MaxChunk is the size at which buffered output is sent at once.
	// Default 64 KiB.
	MaxChunk int
	// MaxCellOutput caps the bytes of stream output one cell may send;
	// the rest is dropped with a notice on stderr. Default 32 MiB.
	MaxCellOutput int64
	// StartTimeout bounds the wait for a new child to report ready.
	// Default 60 s.
	StartTimeout time.Duration
	// Log receives supervision messages (child exits, restarts).
	// Default: slog to stderr.
	Log *slog.Logger
}

func (o *Options) defaults() {
	if o.Command == nil {
		o.Command = func() *exec.Cmd {
			exe, err := os.Executable()
			if err != nil {
				exe = os.Args[0]
			}
			return exec.Command(exe, "kernel-worker")
		}
	}
	if o.InterruptGrace <= 0 {
		o.InterruptGrace = 2 * time.Second
	}
	if o.FlushInterval <= 0 {
		o.FlushInterval = 50 * time.Millisecond
	}
	if o.MaxChunk <= 0 {
		o.MaxChunk = 64 << 10
	}
	if o.MaxCellOutput <= 0 {
		o.MaxCellOutput = 32 << 20
	}
	if o.StartTimeout <= 0 {
		o.StartTimeout = 60 * time.Second
	}
	if o.Log == nil {
		o.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
}

// Proxy is a kernel.Executor that evaluates cells in a supervised child
// process. Its methods must not be called concurrently (the kernel calls
// them from its one shell goroutine); Close may be called at any time.
type Proxy struct {
	opts Options

	mu     sync.Mutex
	child  *child
	closed bool

	outMu     sync.Mutex
	target    kernel.Output // output of the latest cell; late output goes here too
	cellBytes int64
	capped    bool
}

var _ kernel.Executor = (*Proxy)(nil)

// Start starts the first child and waits until its evaluator is ready.
func Start(opts Options) (*Proxy, error) {
	opts.defaults()
	p := &Proxy{opts: opts}
	c, err := p.startChild()
	if err != nil {
		return nil, err
	}
	p.child = c
	return p, nil
}

// New returns a Proxy whose first child starts in the background, so the
// kernel can answer kernel_info while the evaluator loads; the first call
// that needs the child waits for it. A start-up failure is reported by
// that call (and retried by the next).
func New(opts Options) *Proxy {
	opts.defaults()
	p := &Proxy{opts: opts}
	p.mu.Lock()
	go func() {
		defer p.mu.Unlock()
		c, err := p.startChild()
		if err != nil {
			p.opts.Log.Error("cannot start the kernel-worker", "err", err)
			return
		}
		p.child = c
	}()
	return p
}

// child is one running worker process.
type child struct {
	p       *Proxy
	cmd     *exec.Cmd
	reqW    *os.File
	encMu   sync.Mutex
	enc     *json.Encoder
	streams [2]*streamReader
	nextID  atomic.Uint64

	mu      sync.Mutex
	pending map[uint64]chan event
	dead    chan struct{} // closed when the event pipe ends
	exited  chan struct{} // closed when the process has been waited for
	waitErr error
}

func (p *Proxy) startChild() (*child, error) {
	cmd := p.opts.Command()
	reqR, reqW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("worker: %w", err)
	}
	evR, evW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("worker: %w", err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("worker: %w", err)
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("worker: %w", err)
	}
	cmd.Stdin = nil
	cmd.Stdout, cmd.Stderr = outW, errW
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, childMarkerEnv+"="+childMarkerValue)
	cmd.ExtraFiles = []*os.File{reqR, evW, os.Stderr}
	if err := cmd.Start(); err != nil {
		for _, f := range []*os.File{reqR, reqW, evR, evW, outR, outW, errR, errW} {
			f.Close()
		}
		return nil, fmt.Errorf("worker: starting %s: %w", cmd.Path, err)
	}
	for _, f := range []*os.File{reqR, evW, outW, errW} {
		f.Close()
	}
	c := &child{
		p: p, cmd: cmd, reqW: reqW, enc: json.NewEncoder(reqW),
		pending: map[uint64]chan event{}, dead: make(chan struct{}), exited: make(chan struct{}),
	}
	c.streams[0] = newStreamReader("stdout", p)
	c.streams[1] = newStreamReader("stderr", p)
	go c.streams[0].run(outR)
	go c.streams[1].run(errR)
	ready := make(chan event, 1)
	c.pending[0] = ready
	go c.readEvents(evR)
	go func() {
		c.waitErr = cmd.Wait()
		close(c.exited)
	}()
	select {
	case e, ok := <-ready:
		if !ok {
			c.kill()
			return nil, fmt.Errorf("worker: the kernel-worker process exited during start-up (%v)", c.exitStatus())
		}
		if e.Fatal != "" {
			c.kill()
			return nil, fmt.Errorf("worker: the evaluator failed to start: %s", e.Fatal)
		}
	case <-time.After(p.opts.StartTimeout):
		c.kill()
		return nil, fmt.Errorf("worker: the kernel-worker process was not ready within %v", p.opts.StartTimeout)
	}
	return c, nil
}

func (c *child) readEvents(r io.Reader) {
	dec := json.NewDecoder(bufio.NewReaderSize(r, 1<<16))
	for {
		var e event
		if err := dec.Decode(&e); err != nil {
			break
		}
		c.mu.Lock()
		ch := c.pending[e.ID]
		if e.Op == "ready" || e.Op == "result" {
			delete(c.pending, e.ID)
		}
		c.mu.Unlock()
		if ch != nil {
			ch <- e
			if e.Op == "ready" || e.Op == "result" {
				close(ch)
			}
			continue
		}
		c.orphan(e)
	}
	c.mu.Lock()
	for id, ch := range c.pending {
		close(ch)
		delete(c.pending, id)
	}
	c.mu.Unlock()
	close(c.dead)
}

// orphan handles an event of a cell that has already returned (a goroutine
// it started displays something): like late stream output it goes to the
// latest cell.
func (c *child) orphan(e event) {
	c.waitSync(e.Sync)
	switch e.Op {
	case "display":
		if e.Display != nil {
			c.p.withTarget(func(out kernel.Output) { out.Display(*e.Display) })
		}
	case "clear":
		c.p.withTarget(func(out kernel.Output) { out.Clear(e.Wait) })
	case "input":
		c.send(request{ID: e.InputID, Op: "input", Err: "the cell that asked for input has finished"})
	}
	c.release(e.Sync)
}

// call sends q and returns the channel its events arrive on (closed after
// the result, or when the child dies).
func (c *child) call(q request) (uint64, chan event, error) {
	if q.ID == 0 {
		q.ID = c.nextID.Add(1)
	}
	ch := make(chan event, 64)
	c.mu.Lock()
	select {
	case <-c.dead:
		c.mu.Unlock()
		return 0, nil, errChildDead
	default:
	}
	c.pending[q.ID] = ch
	c.mu.Unlock()
	if err := c.send(q); err != nil {
		return 0, nil, err
	}
	return q.ID, ch, nil
}

var errChildDead = errors.New("worker: the kernel-worker process is not running")

func (c *child) send(q request) error {
	c.encMu.Lock()
	defer c.encMu.Unlock()
	if err := c.enc.Encode(q); err != nil {
		return errChildDead
	}
	return nil
}

// kill stops the process and waits for its output pipes to drain.
func (c *child) kill() {
	c.streams[0].release(0, true)
	c.streams[1].release(0, true)
	if c.cmd.Process != nil {
		c.cmd.Process.Kill()
	}
	c.reqW.Close()
	<-c.exited
	c.streams[0].waitEOF(time.Second)
	c.streams[1].waitEOF(time.Second)
}

func (c *child) exitStatus() string {
	select {
	case <-c.exited:
	case <-time.After(2 * time.Second):
		return "still running"
	}
	if c.waitErr == nil {
		return "exit status 0"
	}
	return c.waitErr.Error()
}

// waitSync holds an event back until the output written before it has
// been delivered.
func (c *child) waitSync(seq uint64) {
	c.streams[0].waitSync(seq, 5*time.Second)
	c.streams[1].waitSync(seq, 5*time.Second)
}

// release lets the output readers continue past marker seq once its event
// has been delivered.
func (c *child) release(seq uint64) {
	c.streams[0].release(seq, false)
	c.streams[1].release(seq, false)
}

// deliver sends coalesced output to the latest cell, within its cap.
func (p *Proxy) deliver(name, text string) {
	p.outMu.Lock()
	defer p.outMu.Unlock()
	if p.target == nil {
		p.opts.Log.Info("output with no cell to show it in", "stream", name, "bytes", len(text))
		return
	}
	if p.capped {
		return
	}
	p.cellBytes += int64(len(text))
	if p.cellBytes > p.opts.MaxCellOutput {
		p.capped = true
		p.target.Stream("stderr", fmt.Sprintf("\nradgo: this cell printed more than %d MiB; the rest of its output is discarded (the cell keeps running; interrupt it to stop it)\n", p.opts.MaxCellOutput>>20))
		return
	}
	p.target.Stream(name, text)
}

func (p *Proxy) withTarget(f func(kernel.Output)) {
	p.outMu.Lock()
	defer p.outMu.Unlock()
	if p.target != nil {
		f(p.target)
	}
}

func (p *Proxy) setTarget(out kernel.Output) {
	p.outMu.Lock()
	p.target, p.cellBytes, p.capped = out, 0, false
	p.outMu.Unlock()
}

// current returns the running child, restarting it if it died since the
// last call; restarted reports why the previous one is gone.
func (p *Proxy) current() (c *child, restarted string, err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return nil, "", errors.New("worker: the proxy is closed")
	}
	if p.child != nil {
		select {
		case <-p.child.dead:
			restarted = p.child.exitStatus()
			p.child.kill()
			p.child = nil
		default:
			return p.child, "", nil
		}
	}
	c, err = p.startChild()
	if err != nil {
		return nil, restarted, err
	}
	p.child = c
	return c, restarted, nil
}

// restart replaces c (if still current) by a fresh child.
func (p *Proxy) restart(c *child) {
	c.kill()
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.child != c || p.closed {
		return
	}
	p.child = nil
	nc, err := p.startChild()
	if err != nil {
		p.opts.Log.Error("cannot restart the kernel-worker", "err", err)
		return
	}
	p.child = nc
}

// Execute runs code in the child. See the package documentation for what
// happens on interrupts and crashes.
func (p *Proxy) Execute(ctx context.Context, code string, out kernel.Output) (kernel.MIMEBundle, error) {
	p.setTarget(out)
	c, restarted, err := p.current()
	if err != nil {
		return nil, &kernel.ExecError{Name: "WorkerError", Value: err.Error(), Traceback: []string{}}
	}
	if restarted != "" {
		out.Stream("stderr", fmt.Sprintf("radgo: the interpreter process stopped after the previous cell (%s); a new one was started, so earlier variables, imports and definitions are gone.\n", restarted))
	}
	id, ch, err := c.call(request{Op: "execute", Code: code})
	if err != nil {
		return nil, p.lost(c, "could not be reached", "WorkerError")
	}
	done := ctx.Done()
	exited := c.exited
	var grace, gone <-chan time.Time
	for {
		select {
		case <-exited:
			// The process is gone; its event pipe normally ends too, but a
			// grandchild holding it open must not hang the cell: give the
			// events still in the pipe a moment, then give up.
			exited = nil
			gone = time.After(500 * time.Millisecond)
		case <-gone:
			return nil, p.lost(c, "exited ("+c.exitStatus()+") while running this cell", "WorkerDied")
		case e, ok := <-ch:
			if !ok {
				return nil, p.lost(c, "exited ("+c.exitStatus()+") while running this cell", "WorkerDied")
			}
			c.waitSync(e.Sync)
			switch e.Op {
			case "result":
				c.release(e.Sync)
				if e.Err != nil {
					return nil, e.Err
				}
				return e.Bundle, nil
			case "display":
				if e.Display != nil {
					out.Display(*e.Display)
				}
			case "clear":
				out.Clear(e.Wait)
			}
			switch e.Op {
			case "input":
				go func(e event) {
					v, err := out.Input(e.Prompt, e.Password)
					r := request{ID: e.InputID, Op: "input", Value: v}
					switch {
					case errors.Is(err, kernel.ErrNoStdin):
						r.Err = "nostdin"
					case err != nil:
						r.Err = err.Error()
					}
					c.send(r)
				}(e)
				c.release(e.Sync)
			case "display", "clear":
				c.release(e.Sync)
			}
		case <-done:
			done = nil
			c.send(request{ID: id, Op: "interrupt"})
			grace = time.After(p.opts.InterruptGrace)
		case <-grace:
			p.opts.Log.Warn("interrupted cell did not stop; killing the kernel-worker", "grace", p.opts.InterruptGrace)
			err := &kernel.ExecError{
				Name: "Interrupted",
				Value: fmt.Sprintf("the cell did not stop within %v of the interrupt (probably inside a long compiled call), so the interpreter process was killed and restarted: all variables, imports and definitions were lost",
					p.opts.InterruptGrace),
				Traceback: []string{},
			}
			p.restart(c)
			return nil, err
		}
	}
}

// lost restarts a dead or unreachable child and returns the cell's error.
func (p *Proxy) lost(c *child, what, name string) error {
	p.restart(c)
	return &kernel.ExecError{
		Name:      name,
		Value:     "the interpreter process " + what + "; a new one was started, so all variables, imports and definitions were lost",
		Traceback: []string{},
	}
}

// query runs a non-execute request with a timeout; ok is false when the
// child could not answer.
func (p *Proxy) query(q request) (event, bool) {
	c, _, err := p.current()
	if err != nil {
		return event{}, false
	}
	_, ch, err := c.call(q)
	if err != nil {
		return event{}, false
	}
	select {
	case e, ok := <-ch:
		return e, ok
	case <-time.After(10 * time.Second):
		return event{}, false
	}
}

// Complete forwards a complete_request to the child.
func (p *Proxy) Complete(code string, cursor int) kernel.Completion {
	e, ok := p.query(request{Op: "complete", Code: code, Cursor: cursor})
	if !ok || e.Completion == nil {
		return kernel.Completion{CursorStart: cursor, CursorEnd: cursor}
	}
	return *e.Completion
}

// Inspect forwards an inspect_request to the child.
func (p *Proxy) Inspect(code string, cursor, detail int) kernel.Inspection {
	e, ok := p.query(request{Op: "inspect", Code: code, Cursor: cursor, Detail: detail})
	if !ok || e.Inspection == nil {
		return kernel.Inspection{}
	}
	return *e.Inspection
}

// IsComplete forwards an is_complete_request to the child.
func (p *Proxy) IsComplete(code string) (status, indent string) {
	e, ok := p.query(request{Op: "is_complete", Code: code})
	if !ok || e.Status == "" {
		return "unknown", ""
	}
	return e.Status, e.Indent
}

// Close stops the child process.
func (p *Proxy) Close() error {
	p.mu.Lock()
	c := p.child
	p.child, p.closed = nil, true
	p.mu.Unlock()
	if c == nil {
		return nil
	}
	c.reqW.Close() // the child exits on EOF
	select {
	case <-c.exited:
	case <-time.After(time.Second):
	}
	c.kill()
	return nil
}

// PID returns the process id of the running child (0 if none), for tests
// and diagnostics.
func (p *Proxy) PID() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.child == nil || p.child.cmd.Process == nil {
		return 0
	}
	return p.child.cmd.Process.Pid
}
