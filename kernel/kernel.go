package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"

	"radgo/kernel/wire"
)

// Kernel serves the Jupyter protocol for one Executor. Create it with New
// and run it with Run.
type Kernel struct {
	info    ConnectionInfo
	exec    Executor
	log     *slog.Logger
	key     []byte
	session string
	impl    string
	version string
	banner  string
	signals bool

	shell, control, stdin, iopub, hb zmq4.Socket
	shellMu, controlMu, stdinMu      sync.Mutex
	iopubMu                          sync.Mutex

	queue    *msgQueue // shell requests waiting for the shell worker
	stop     chan struct{}
	stopOnce sync.Once
	restart  bool

	mu         sync.Mutex
	cancelCell context.CancelFunc // cancels the running cell, nil when idle
	execCount  int
	inputMu    sync.Mutex      // one input_request at a time
	inputCh    chan inputReply // input_reply contents from the stdin socket
	ready      chan struct{}   // closed once the sockets are bound
	history    history
	bound      ConnectionInfo // info with the actual ports after binding
}

// Option configures a Kernel.
type Option func(*Kernel)

// WithLogger sets the logger for protocol problems (dropped messages,
// failed sends). The default discards nothing: it logs to stderr.
func WithLogger(l *slog.Logger) Option { return func(k *Kernel) { k.log = l } }

// WithImplementation sets the implementation name and version reported in
// kernel_info_reply (default "radgo", "0.0.0").
func WithImplementation(name, version string) Option {
	return func(k *Kernel) { k.impl, k.version = name, version }
}

// WithBanner sets the banner of kernel_info_reply.
func WithBanner(b string) Option { return func(k *Kernel) { k.banner = b } }

// WithSignals makes Run turn SIGINT into an interrupt of the running cell
// (jupyter_client's interrupt_mode "signal"); without it SIGINT keeps its
// default behaviour. The radgo command enables it.
func WithSignals() Option { return func(k *Kernel) { k.signals = true } }

// New returns a kernel that binds the sockets described by info and
// evaluates cells with exec. A port of 0 binds a free port; see Bound.
func New(info ConnectionInfo, exec Executor, opts ...Option) *Kernel {
	k := &Kernel{
		info:    info,
		exec:    exec,
		log:     slog.New(slog.NewTextHandler(os.Stderr, nil)),
		key:     []byte(info.Key),
		session: wire.NewID(),
		impl:    "radgo",
		version: "0.0.0",
		banner:  "radgo: Go cells for radiogenomics (yaegi interpreter)",
		queue:   newMsgQueue(),
		stop:    make(chan struct{}),
		inputCh: make(chan inputReply, 1),
		ready:   make(chan struct{}),
	}
	for _, o := range opts {
		o(k)
	}
	return k
}

// Bound waits until Run has bound the sockets and returns the connection
// information with the actual port numbers, or ok false when ctx ends first.
func (k *Kernel) Bound(ctx context.Context) (info ConnectionInfo, ok bool) {
	select {
	case <-k.ready:
		return k.bound, true
	case <-ctx.Done():
		return ConnectionInfo{}, false
	}
}

// ErrRestart is returned by Run when the front end asked for a restart
// (shutdown_request with restart true); the caller exits and Jupyter
// starts a new kernel process.
var ErrRestart = errors.New("kernel: restart requested")

// Run binds the sockets and serves requests until ctx is done or a
// shutdown_request arrives. It returns nil after a shutdown, ErrRestart
// after a restart request, and an error when a socket cannot be bound.
// When the Executor implements io.Closer, Run closes it before returning.
func (k *Kernel) Run(ctx context.Context) error {
	if err := k.info.validate(); err != nil {
		return fmt.Errorf("kernel: %w", err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := k.bind(ctx); err != nil {
		k.closeSockets()
		return err
	}
	defer k.closeSockets()
	var wg sync.WaitGroup
	run := func(f func(context.Context)) {
		wg.Add(1)
		go func() { defer wg.Done(); f(ctx) }()
	}
	if k.signals {
		sigc := make(chan os.Signal, 1)
		signal.Notify(sigc, os.Interrupt)
		defer signal.Stop(sigc)
		run(func(ctx context.Context) {
			for {
				select {
				case <-sigc:
					k.log.Info("SIGINT: interrupting the running cell")
					k.interrupt()
				case <-ctx.Done():
					return
				}
			}
		})
	}
	close(k.ready)
	k.log.Info("kernel ready", "shell", k.bound.endpoint(k.bound.ShellPort), "protocol", wire.Version, "session", k.session)

	k.publish(nil, "status", map[string]any{"execution_state": "starting"})
	run(k.heartbeat)
	run(k.readShell)
	run(k.readControl)
	run(k.readStdin)
	run(k.shellWorker)

	select {
	case <-ctx.Done():
	case <-k.stop:
		// Let the PUB writer flush the last idle status.
		time.Sleep(50 * time.Millisecond)
	}
	k.interrupt()
	cancel()
	k.closeSockets()
	k.queue.close()
	// Closing the executor now (a worker process) also ends a cell that
	// ignores the interrupt, so the wait below is short.
	if c, ok := k.exec.(io.Closer); ok {
		c.Close()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(3 * time.Second):
		k.log.Warn("a cell did not stop within 3 s of shutdown; exiting anyway")
	}
	if k.restart {
		return ErrRestart
	}
	return nil
}

func (k *Kernel) bind(ctx context.Context) error {
	k.shell = zmq4.NewRouter(ctx, zmq4.WithTimeout(10*time.Second))
	k.control = zmq4.NewRouter(ctx, zmq4.WithTimeout(10*time.Second))
	k.stdin = zmq4.NewRouter(ctx, zmq4.WithTimeout(10*time.Second))
	k.iopub = zmq4.NewPub(ctx)
	k.hb = zmq4.NewRep(ctx)
	k.bound = k.info
	for _, s := range []struct {
		name string
		sck  zmq4.Socket
		port *int
	}{
		{"shell", k.shell, &k.bound.ShellPort},
		{"control", k.control, &k.bound.ControlPort},
		{"stdin", k.stdin, &k.bound.StdinPort},
		{"iopub", k.iopub, &k.bound.IOPubPort},
		{"heartbeat", k.hb, &k.bound.HBPort},
	} {
		ep := k.info.endpoint(*s.port)
		if err := s.sck.Listen(ep); err != nil {
			return fmt.Errorf("kernel: binding the %s socket to %s: %w", s.name, ep, err)
		}
		if a, ok := s.sck.Addr().(*net.TCPAddr); ok {
			*s.port = a.Port
		}
	}
	return nil
}

func (k *Kernel) closeSockets() {
	for _, s := range []zmq4.Socket{k.shell, k.control, k.stdin, k.iopub, k.hb} {
		if s != nil {
			s.Close()
		}
	}
}

func (k *Kernel) shutdown(restart bool) {
	k.stopOnce.Do(func() {
		k.restart = restart
		close(k.stop)
	})
}

// interrupt cancels the running cell, if any.
func (k *Kernel) interrupt() {
	k.mu.Lock()
	if k.cancelCell != nil {
		k.cancelCell()
	}
	k.mu.Unlock()
}

func (k *Kernel) heartbeat(ctx context.Context) {
	for {
		msg, err := k.hb.Recv()
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			continue
		}
		if err := k.hb.Send(msg); err != nil && ctx.Err() == nil {
			k.log.Warn("heartbeat reply failed", "err", err)
		}
	}
}

// recv reads and verifies the next message of sck; it returns nil, false
// when the socket is closed. Messages with a bad signature or malformed
// frames are logged and dropped here, before anything looks at them.
func (k *Kernel) recv(ctx context.Context, sck zmq4.Socket, channel string) (*wire.Message, bool) {
	for {
		zm, err := sck.Recv()
		if err != nil {
			if ctx.Err() != nil {
				return nil, false
			}
			k.log.Warn("receive failed", "channel", channel, "err", err)
			time.Sleep(10 * time.Millisecond)
			continue
		}
		m, err := wire.Decode(zm.Frames, k.key)
		if err != nil {
			k.log.Warn("dropped message", "channel", channel, "err", err)
			continue
		}
		return m, true
	}
}

func (k *Kernel) readShell(ctx context.Context) {
	for {
		m, ok := k.recv(ctx, k.shell, "shell")
		if !ok {
			return
		}
		k.queue.push(m)
	}
}

func (k *Kernel) readControl(ctx context.Context) {
	for {
		m, ok := k.recv(ctx, k.control, "control")
		if !ok {
			return
		}
		k.dispatch(m, k.control, &k.controlMu, true)
	}
}

func (k *Kernel) readStdin(ctx context.Context) {
	for {
		m, ok := k.recv(ctx, k.stdin, "stdin")
		if !ok {
			return
		}
		if m.Header.MsgType != "input_reply" {
			k.log.Warn("unexpected message on stdin", "msg_type", m.Header.MsgType)
			continue
		}
		var r inputReply
		if err := json.Unmarshal(m.Content, &r); err != nil {
			k.log.Warn("bad input_reply", "err", err)
			continue
		}
		select {
		case k.inputCh <- r:
		default:
			k.log.Warn("input_reply with no pending input_request")
		}
	}
}

func (k *Kernel) shellWorker(ctx context.Context) {
	for {
		m, ok := k.queue.pop()
		if !ok {
			return
		}
		k.dispatch(m, k.shell, &k.shellMu, false)
	}
}

// dispatch handles one request: busy, the handler, its reply, idle.
func (k *Kernel) dispatch(m *wire.Message, sck zmq4.Socket, mu *sync.Mutex, control bool) {
	k.publish(m, "status", map[string]any{"execution_state": "busy"})
	defer k.publish(m, "status", map[string]any{"execution_state": "idle"})
	replied := false
	defer func() {
		if r := recover(); r != nil {
			buf := make([]byte, 8192)
			buf = buf[:runtime.Stack(buf, false)]
			k.log.Error("handler panicked", "msg_type", m.Header.MsgType, "panic", r, "stack", string(buf))
			// Answer anyway, so the front end does not wait forever.
			if name, ok := strings.CutSuffix(m.Header.MsgType, "_request"); ok && !replied {
				msg := fmt.Sprint(r)
				k.send(sck, mu, m, name+"_reply", map[string]any{"status": "error", "ename": "KernelError",
					"evalue": msg, "traceback": []string{"KernelError: " + msg}})
			}
		}
	}()
	reply := func(msgType string, content any) { replied = true; k.send(sck, mu, m, msgType, content) }
	t := m.Header.MsgType
	switch {
	case t == "kernel_info_request":
		reply("kernel_info_reply", k.kernelInfo())
	case t == "shutdown_request":
		var r shutdownRequest
		k.decode(m, &r)
		reply("shutdown_reply", map[string]any{"status": "ok", "restart": r.Restart})
		k.shutdown(r.Restart)
	case t == "interrupt_request":
		k.interrupt()
		reply("interrupt_reply", map[string]any{"status": "ok"})
	case t == "history_request":
		reply("history_reply", k.historyReply(m))
	case t == "comm_info_request":
		reply("comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}})
	case t == "comm_open":
		// No comm targets are registered: close it, as the spec asks.
		var c commOpen
		k.decode(m, &c)
		k.publish(m, "comm_close", map[string]any{"comm_id": c.CommID, "data": map[string]any{}})
	case t == "comm_msg" || t == "comm_close":
	case control:
		k.log.Warn("unhandled control request", "msg_type", t)
	case t == "execute_request":
		k.execute(m)
	case t == "complete_request":
		var r completeRequest
		k.decode(m, &r)
		c := k.exec.Complete(r.Code, r.CursorPos)
		if c.Matches == nil {
			c.Matches = []string{}
		}
		reply("complete_reply", map[string]any{"status": "ok", "matches": c.Matches,
			"cursor_start": c.CursorStart, "cursor_end": c.CursorEnd, "metadata": map[string]any{}})
	case t == "inspect_request":
		var r inspectRequest
		k.decode(m, &r)
		in := k.exec.Inspect(r.Code, r.CursorPos, r.DetailLevel)
		if in.Data == nil {
			in.Data = MIMEBundle{}
		}
		reply("inspect_reply", map[string]any{"status": "ok", "found": in.Found, "data": in.Data, "metadata": map[string]any{}})
	case t == "is_complete_request":
		var r isCompleteRequest
		k.decode(m, &r)
		status, indent := k.exec.IsComplete(r.Code)
		content := map[string]any{"status": status}
		if status == "incomplete" {
			content["indent"] = indent
		}
		reply("is_complete_reply", content)
	default:
		k.log.Warn("unhandled shell request", "msg_type", t)
	}
}

func (k *Kernel) decode(m *wire.Message, v any) {
	if err := json.Unmarshal(m.Content, v); err != nil {
		k.log.Warn("bad request content; using defaults", "msg_type", m.Header.MsgType, "err", err)
	}
}

func (k *Kernel) kernelInfo() map[string]any {
	return map[string]any{
		"status":                 "ok",
		"protocol_version":       wire.Version,
		"implementation":         k.impl,
		"implementation_version": k.version,
		"language_info": map[string]any{
			"name":               "go",
			"version":            strings.TrimPrefix(runtime.Version(), "go"),
			"mimetype":           "text/x-go",
			"file_extension":     ".go",
			"pygments_lexer":     "go",
			"codemirror_mode":    "go",
			"nbconvert_exporter": "script",
		},
		"banner": k.banner,
		"help_links": []map[string]string{
			{"text": "Go language specification", "url": "https://go.dev/ref/spec"},
			{"text": "Go standard library", "url": "https://pkg.go.dev/std"},
		},
		"debugger": false,
	}
}

func (k *Kernel) historyReply(m *wire.Message) map[string]any {
	var r historyRequest
	k.decode(m, &r)
	var e []historyEntry
	switch r.HistAccessType {
	case "tail":
		e = k.history.tail(r.N)
	case "range":
		e = k.history.rng(r.Start, r.Stop)
	case "search":
		e = k.history.search(r.Pattern, r.N, r.Unique)
	}
	hist := make([]any, 0, len(e))
	for _, x := range e {
		if r.Output {
			hist = append(hist, []any{0, x.line, []any{x.input, x.output}})
		} else {
			hist = append(hist, []any{0, x.line, x.input})
		}
	}
	return map[string]any{"status": "ok", "history": hist}
}

// message builds a message of msgType whose parent is req (nil: none).
func (k *Kernel) message(req *wire.Message, msgType string, content any) (*wire.Message, error) {
	c, err := json.Marshal(content)
	if err != nil {
		return nil, fmt.Errorf("kernel: encoding %s: %w", msgType, err)
	}
	m := &wire.Message{Header: wire.NewHeader(msgType, k.session, "radgo"), Content: c}
	if req != nil {
		m.ParentHeader = req.RawHeader
		m.Header.Username = req.Header.Username
	}
	return m, nil
}

// send replies to req on a ROUTER socket, routed back to the requester.
func (k *Kernel) send(sck zmq4.Socket, mu *sync.Mutex, req *wire.Message, msgType string, content any) {
	m, err := k.message(req, msgType, content)
	if err != nil {
		k.log.Error("cannot encode reply", "err", err)
		return
	}
	m.Identities = req.Identities
	frames, err := wire.Encode(m, k.key)
	if err != nil {
		k.log.Error("cannot encode reply", "err", err)
		return
	}
	mu.Lock()
	defer mu.Unlock()
	if err := sck.Send(zmq4.NewMsgFrom(frames...)); err != nil {
		k.log.Warn("send failed", "msg_type", msgType, "err", err)
	}
}

// publish sends an IOPub message whose parent is req (nil: none).
func (k *Kernel) publish(req *wire.Message, msgType string, content any) {
	m, err := k.message(req, msgType, content)
	if err != nil {
		k.log.Error("cannot encode iopub message", "err", err)
		return
	}
	m.Identities = [][]byte{[]byte(msgType)} // topic
	frames, err := wire.Encode(m, k.key)
	if err != nil {
		k.log.Error("cannot encode iopub message", "err", err)
		return
	}
	k.iopubMu.Lock()
	defer k.iopubMu.Unlock()
	// SendMulti writes all frames with one writev (Send writes frame by frame).
	if err := k.iopub.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		k.log.Warn("publish failed", "msg_type", msgType, "err", err)
	}
}
