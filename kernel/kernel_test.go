package kernel

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"radgo/kernel/kerneltest"
	"radgo/kernel/wire"
)

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

// fakeExec is a test-only Executor with a tiny command language:
//
//	print TEXT      stdout TEXT
//	eprint TEXT     stderr TEXT
//	fail            ExecError
//	slowfail        ExecError after 300 ms
//	loop            blocks until interrupted
//	input PROMPT    asks for a line, shows it
//	display         display_data, then update_display_data, then clear_output
//	panic           panics inside Execute
//	anything else   shown as text/plain
type fakeExec struct {
	calls   atomic.Int64
	closed  atomic.Bool
	started chan string // if set, receives "loop" or "input" when such a cell starts waiting
}

// Close records that the kernel closed its executor.
func (f *fakeExec) Close() error { f.closed.Store(true); return nil }

func (f *fakeExec) notify(what string) {
	if f.started != nil {
		f.started <- what
	}
}

func (f *fakeExec) Execute(ctx context.Context, code string, out Output) (MIMEBundle, error) {
	f.calls.Add(1)
	cmd, arg, _ := strings.Cut(code, " ")
	switch cmd {
	case "print":
		out.Stream("stdout", arg+"\n")
		return nil, nil
	case "eprint":
		out.Stream("stderr", arg+"\n")
		return nil, nil
	case "fail":
		return nil, &ExecError{Name: "CompileError", Value: "1:1: undefined: x"}
	case "slowfail":
		time.Sleep(300 * time.Millisecond)
		return nil, &ExecError{Name: "CompileError", Value: "slow"}
	case "loop":
		f.notify("loop")
		<-ctx.Done()
		return nil, &ExecError{Name: "Interrupted", Value: "interrupted", Traceback: []string{"Interrupted"}}
	case "input":
		s, err := out.Input(arg, false)
		if err != nil {
			return nil, &ExecError{Name: "InputError", Value: err.Error()}
		}
		return MIMEBundle{"text/plain": "got " + s}, nil
	case "display":
		out.Display(Display{Data: MIMEBundle{"text/html": "<b>1</b>"}, ID: "d1"})
		out.Display(Display{Data: MIMEBundle{"text/html": "<b>2</b>"}, ID: "d1", Update: true})
		out.Clear(true)
		return nil, nil
	case "panic":
		panic("evaluator bug")
	}
	return MIMEBundle{"text/plain": code}, nil
}

func (f *fakeExec) Complete(code string, cursor int) Completion {
	if code == "panic" {
		panic("completion bug")
	}
	return Completion{Matches: []string{"fmt.Sprint", "fmt.Sprintf"}, CursorStart: 0, CursorEnd: cursor}
}

func (f *fakeExec) Inspect(code string, cursor, detail int) Inspection {
	if code == "" {
		return Inspection{}
	}
	return Inspection{Found: true, Data: MIMEBundle{"text/plain": "doc of " + code}}
}

func (f *fakeExec) IsComplete(code string) (string, string) {
	if strings.HasSuffix(code, "{") {
		return "incomplete", "\t"
	}
	return "complete", ""
}

func TestKernelInfoOnShellAndControl(t *testing.T) {
	_, c, _ := startKernel(t, &fakeExec{})
	for _, ch := range []struct {
		name string
		sck  zmq4.Socket
		rc   chan *wire.Message
	}{{"shell", c.Shell, c.ShellCh}, {"control", c.Control, c.ControlCh}} {
		t.Run(ch.name, func(t *testing.T) {
			sck, rc := ch.sck, ch.rc
			id := c.Send(sck, "kernel_info_request", map[string]any{})
			r := c.Reply(rc, id)
			got := kerneltest.Content(t, r)
			li := got["language_info"].(map[string]any)
			if got["status"] != "ok" || got["protocol_version"] != "5.3" || li["name"] != "go" || li["file_extension"] != ".go" {
				t.Errorf("kernel_info_reply = %v", got)
			}
			if s := kerneltest.Types(c.IOPubUntilIdle(id)); s != "status status" {
				t.Errorf("iopub around kernel_info = %q, want busy and idle", s)
			}
		})
	}
}

func TestExecuteSequence(t *testing.T) {
	_, c, _ := startKernel(t, &fakeExec{})
	r, io := c.Execute("print hello, world", nil)
	if got := kerneltest.Content(t, r); got["status"] != "ok" || got["execution_count"] != 1.0 {
		t.Fatalf("reply = %v", got)
	}
	if s := kerneltest.Types(io); s != "status execute_input stream status" {
		t.Fatalf("iopub = %q", s)
	}
	if st := kerneltest.Content(t, io[0])["execution_state"]; st != "busy" {
		t.Errorf("first status %v", st)
	}
	if s := kerneltest.Content(t, io[2]); s["name"] != "stdout" || s["text"] != "hello, world\n" {
		t.Errorf("stream = %v", s)
	}

	r, io = c.Execute("1+2+3", nil)
	if got := kerneltest.Content(t, r); got["execution_count"] != 2.0 {
		t.Fatalf("second reply = %v", got)
	}
	if s := kerneltest.Types(io); s != "status execute_input execute_result status" {
		t.Fatalf("iopub = %q", s)
	}
	res := kerneltest.Content(t, io[2])
	if res["execution_count"] != 2.0 || res["data"].(map[string]any)["text/plain"] != "1+2+3" {
		t.Errorf("execute_result = %v", res)
	}

	// silent: no outputs at all, counter unchanged, not in history.
	r, io = c.Execute("print secret", map[string]any{"silent": true})
	if got := kerneltest.Content(t, r); got["execution_count"] != 2.0 || got["status"] != "ok" {
		t.Errorf("silent reply = %v", got)
	}
	if s := kerneltest.Types(io); s != "status status" {
		t.Errorf("silent iopub = %q", s)
	}
	// store_history false: runs and shows, counter unchanged.
	r, io = c.Execute("7", map[string]any{"store_history": false})
	if got := kerneltest.Content(t, r); got["execution_count"] != 2.0 {
		t.Errorf("store_history=false reply = %v", got)
	}
	if s := kerneltest.Types(io); s != "status execute_input execute_result status" {
		t.Errorf("iopub = %q", s)
	}

	r, io = c.Execute("display", nil)
	if s := kerneltest.Types(io); s != "status execute_input display_data update_display_data clear_output status" {
		t.Fatalf("display iopub = %q", s)
	}
	if tr := kerneltest.Content(t, io[3])["transient"].(map[string]any); tr["display_id"] != "d1" {
		t.Errorf("update transient = %v", tr)
	}
}

func TestExecuteErrorAndAbort(t *testing.T) {
	fe := &fakeExec{}
	_, c, _ := startKernel(t, fe)
	r, io := c.Execute("fail", nil)
	got := kerneltest.Content(t, r)
	if got["status"] != "error" || got["ename"] != "CompileError" || got["execution_count"] != 1.0 {
		t.Fatalf("reply = %v", got)
	}
	if tb, ok := got["traceback"].([]any); !ok || tb == nil {
		t.Errorf("traceback = %#v, want a list", got["traceback"])
	}
	if s := kerneltest.Types(io); s != "status execute_input error status" {
		t.Fatalf("iopub = %q", s)
	}

	// A failing cell aborts the executions queued behind it.
	before := fe.calls.Load()
	id1 := c.Send(c.Shell, "execute_request", map[string]any{"code": "slowfail", "stop_on_error": true})
	id2 := c.Send(c.Shell, "execute_request", map[string]any{"code": "print never"})
	id3 := c.Send(c.Shell, "execute_request", map[string]any{"code": "print never"})
	for i, id := range []string{id1, id2, id3} {
		st := kerneltest.Content(t, c.Reply(c.ShellCh, id))["status"]
		want := "aborted"
		if i == 0 {
			want = "error"
		}
		if st != want {
			t.Errorf("reply %d status %v, want %s", i, st, want)
		}
	}
	if n := fe.calls.Load() - before; n != 1 {
		t.Errorf("executor ran %d cells, want 1", n)
	}
	// A request sent after the error reply is not aborted.
	for i := range 30 {
		id := c.Send(c.Shell, "execute_request", map[string]any{"code": "fail"})
		c.Reply(c.ShellCh, id)
		id = c.Send(c.Shell, "execute_request", map[string]any{"code": "5"})
		if st := kerneltest.Content(t, c.Reply(c.ShellCh, id))["status"]; st != "ok" {
			t.Fatalf("round %d: request sent after the error reply got %v", i, st)
		}
	}
	// stop_on_error false: the next cell runs.
	idA := c.Send(c.Shell, "execute_request", map[string]any{"code": "slowfail", "stop_on_error": false})
	idB := c.Send(c.Shell, "execute_request", map[string]any{"code": "5"})
	c.Reply(c.ShellCh, idA)
	if st := kerneltest.Content(t, c.Reply(c.ShellCh, idB))["status"]; st != "ok" {
		t.Errorf("after stop_on_error=false: %v", st)
	}
}

func TestInterruptMessage(t *testing.T) {
	fe := &fakeExec{started: make(chan string, 1)}
	_, c, _ := startKernel(t, fe)
	id := c.Send(c.Shell, "execute_request", map[string]any{"code": "loop"})
	<-fe.started
	iid := c.Send(c.Control, "interrupt_request", map[string]any{})
	if st := kerneltest.Content(t, c.Reply(c.ControlCh, iid))["status"]; st != "ok" {
		t.Errorf("interrupt_reply status %v", st)
	}
	got := kerneltest.Content(t, c.Reply(c.ShellCh, id))
	if got["status"] != "error" || got["ename"] != "Interrupted" {
		t.Errorf("interrupted reply = %v", got)
	}
	// Kernel still answers.
	if r, _ := c.Execute("1", nil); kerneltest.Content(t, r)["status"] != "ok" {
		t.Error("kernel dead after interrupt")
	}
}

func TestInterruptSIGINT(t *testing.T) {
	fe := &fakeExec{started: make(chan string, 1)}
	_, c, _ := startKernel(t, fe, WithSignals())
	id := c.Send(c.Shell, "execute_request", map[string]any{"code": "loop"})
	<-fe.started
	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if got := kerneltest.Content(t, c.Reply(c.ShellCh, id)); got["status"] != "error" || got["ename"] != "Interrupted" {
		t.Errorf("reply after SIGINT = %v", got)
	}
}

func TestStdin(t *testing.T) {
	_, c, _ := startKernel(t, &fakeExec{})
	id := c.Send(c.Shell, "execute_request", map[string]any{"code": "input name? ", "allow_stdin": true})
	req := kerneltest.Recv(t, c.StdinCh, "input_request", 10*time.Second)
	if req.Header.MsgType != "input_request" || kerneltest.ParentID(req) != id || kerneltest.Content(t, req)["prompt"] != "name? " {
		t.Fatalf("input_request = %s %s", req.Header.MsgType, req.Content)
	}
	c.Send(c.Stdin, "input_reply", map[string]any{"value": "Ada"})
	if got := kerneltest.Content(t, c.Reply(c.ShellCh, id)); got["status"] != "ok" {
		t.Fatalf("reply = %v", got)
	}
	io := c.IOPubUntilIdle(id)
	if d := kerneltest.Content(t, io[2])["data"].(map[string]any); d["text/plain"] != "got Ada" {
		t.Errorf("result = %v", d)
	}
	// Not allowed: the executor gets ErrNoStdin.
	r, _ := c.Execute("input x", map[string]any{"allow_stdin": false})
	if got := kerneltest.Content(t, r); got["status"] != "error" || !strings.Contains(got["evalue"].(string), "allow_stdin") {
		t.Errorf("reply without stdin = %v", got)
	}
	// An interrupt unblocks a pending input.
	id = c.Send(c.Shell, "execute_request", map[string]any{"code": "input wait ", "allow_stdin": true})
	kerneltest.Recv(t, c.StdinCh, "input_request", 10*time.Second)
	c.Reply(c.ControlCh, c.Send(c.Control, "interrupt_request", map[string]any{}))
	if got := kerneltest.Content(t, c.Reply(c.ShellCh, id)); got["status"] != "error" {
		t.Errorf("interrupted input reply = %v", got)
	}
}

func TestBadSignatureDropped(t *testing.T) {
	fe := &fakeExec{}
	_, c, _ := startKernel(t, fe)
	before := fe.calls.Load()
	c.SendKey(c.Shell, []byte("wrong key"), "execute_request", map[string]any{"code": "print pwned"})
	c.SendKey(c.Control, []byte("wrong key"), "shutdown_request", map[string]any{})
	// An unsigned message when a key is set.
	c.SendKey(c.Shell, nil, "execute_request", map[string]any{"code": "print pwned"})
	select {
	case m := <-c.ShellCh:
		t.Fatalf("kernel replied to a forged message: %s", m.Header.MsgType)
	case m := <-c.ControlCh:
		t.Fatalf("kernel replied to a forged message: %s", m.Header.MsgType)
	case <-time.After(300 * time.Millisecond):
	}
	r, _ := c.Execute("print ok", nil)
	if kerneltest.Content(t, r)["status"] != "ok" {
		t.Fatal("kernel not answering after forged messages")
	}
	if n := fe.calls.Load() - before; n != 1 {
		t.Errorf("executor ran %d cells, want 1 (forged ones must not run)", n)
	}
	// A forged input_reply does not answer an input_request.
	id := c.Send(c.Shell, "execute_request", map[string]any{"code": "input ? ", "allow_stdin": true})
	kerneltest.Recv(t, c.StdinCh, "input_request", 10*time.Second)
	c.SendKey(c.Stdin, []byte("wrong key"), "input_reply", map[string]any{"value": "evil"})
	time.Sleep(100 * time.Millisecond)
	c.Send(c.Stdin, "input_reply", map[string]any{"value": "good"})
	c.Reply(c.ShellCh, id)
	io := c.IOPubUntilIdle(id)
	if d := kerneltest.Content(t, io[2])["data"].(map[string]any); d["text/plain"] != "got good" {
		t.Errorf("input after a forged reply = %v", d)
	}
}

func TestExecutorPanic(t *testing.T) {
	_, c, _ := startKernel(t, &fakeExec{})
	r, _ := c.Execute("panic", nil)
	if got := kerneltest.Content(t, r); got["status"] != "error" || got["ename"] != "KernelError" {
		t.Errorf("reply = %v", got)
	}
	if r, _ := c.Execute("1", nil); kerneltest.Content(t, r)["status"] != "ok" {
		t.Error("kernel dead after executor panic")
	}
	id := c.Send(c.Shell, "complete_request", map[string]any{"code": "panic", "cursor_pos": 5})
	if got := kerneltest.Content(t, c.Reply(c.ShellCh, id)); got["status"] != "error" || got["evalue"] != "completion bug" {
		t.Errorf("complete after a panic: %v", got)
	}
}

func TestShellRequests(t *testing.T) {
	_, c, _ := startKernel(t, &fakeExec{})
	for _, tt := range []struct {
		req     string
		content map[string]any
		reply   string
		want    map[string]any
	}{
		{"complete_request", map[string]any{"code": "fmt.Sp", "cursor_pos": 6}, "complete_reply",
			map[string]any{"status": "ok", "matches": []any{"fmt.Sprint", "fmt.Sprintf"}, "cursor_start": 0.0, "cursor_end": 6.0, "metadata": map[string]any{}}},
		{"inspect_request", map[string]any{"code": "fmt.Println", "cursor_pos": 5, "detail_level": 0}, "inspect_reply",
			map[string]any{"status": "ok", "found": true, "data": map[string]any{"text/plain": "doc of fmt.Println"}, "metadata": map[string]any{}}},
		{"inspect_request", map[string]any{"code": "", "cursor_pos": 0}, "inspect_reply",
			map[string]any{"status": "ok", "found": false, "data": map[string]any{}, "metadata": map[string]any{}}},
		{"is_complete_request", map[string]any{"code": "func f() {"}, "is_complete_reply", map[string]any{"status": "incomplete", "indent": "\t"}},
		{"is_complete_request", map[string]any{"code": "x"}, "is_complete_reply", map[string]any{"status": "complete"}},
		{"comm_info_request", map[string]any{}, "comm_info_reply", map[string]any{"status": "ok", "comms": map[string]any{}}},
	} {
		id := c.Send(c.Shell, tt.req, tt.content)
		r := c.Reply(c.ShellCh, id)
		if r.Header.MsgType != tt.reply {
			t.Errorf("%s: reply type %s", tt.req, r.Header.MsgType)
		}
		if got := kerneltest.Content(t, r); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s %v:\n got %v\nwant %v", tt.req, tt.content, got, tt.want)
		}
		if s := kerneltest.Types(c.IOPubUntilIdle(id)); s != "status status" {
			t.Errorf("%s: iopub %q", tt.req, s)
		}
	}
	// comm_open on an unknown target is closed.
	id := c.Send(c.Shell, "comm_open", map[string]any{"comm_id": "c1", "target_name": "jupyter.widget", "data": map[string]any{}})
	if s := kerneltest.Types(c.IOPubUntilIdle(id)); s != "status comm_close status" {
		t.Errorf("comm_open iopub %q", s)
	}
}

func TestHistory(t *testing.T) {
	_, c, _ := startKernel(t, &fakeExec{})
	for _, code := range []string{"1+2+3", "print x", "1+2+3", "a"} {
		c.Execute(code, nil)
	}
	c.Execute("zzz", map[string]any{"store_history": false})
	for _, tt := range []struct {
		name string
		req  map[string]any
		want []any
	}{
		{"tail", map[string]any{"hist_access_type": "tail", "n": 2},
			[]any{[]any{0.0, 3.0, "1+2+3"}, []any{0.0, 4.0, "a"}}},
		{"tail output", map[string]any{"hist_access_type": "tail", "n": 1, "output": true},
			[]any{[]any{0.0, 4.0, []any{"a", "a"}}}},
		{"range", map[string]any{"hist_access_type": "range", "session": 0, "start": 2, "stop": 3},
			[]any{[]any{0.0, 2.0, "print x"}}},
		{"search", map[string]any{"hist_access_type": "search", "pattern": "1?2*"},
			[]any{[]any{0.0, 1.0, "1+2+3"}, []any{0.0, 3.0, "1+2+3"}}},
		{"search unique", map[string]any{"hist_access_type": "search", "pattern": "1?2*", "unique": true},
			[]any{[]any{0.0, 3.0, "1+2+3"}}},
		{"search n", map[string]any{"hist_access_type": "search", "pattern": "*", "n": 3},
			[]any{[]any{0.0, 2.0, "print x"}, []any{0.0, 3.0, "1+2+3"}, []any{0.0, 4.0, "a"}}},
	} {
		id := c.Send(c.Shell, "history_request", tt.req)
		got := kerneltest.Content(t, c.Reply(c.ShellCh, id))
		if got["status"] != "ok" || !reflect.DeepEqual(got["history"], tt.want) {
			t.Errorf("%s: history = %v, want %v", tt.name, got["history"], tt.want)
		}
		c.IOPubUntilIdle(id)
	}
}

func TestHeartbeat(t *testing.T) {
	_, c, _ := startKernel(t, &fakeExec{})
	if err := c.HB.Send(zmqMsg("ping")); err != nil {
		t.Fatal(err)
	}
	m, err := c.HB.Recv()
	if err != nil || string(m.Bytes()) != "ping" {
		t.Fatalf("heartbeat echo = %q, %v", m.Bytes(), err)
	}
}

func TestShutdown(t *testing.T) {
	for _, restart := range []bool{false, true} {
		fe := &fakeExec{}
		_, c, errc := startKernel(t, fe)
		id := c.Send(c.Control, "shutdown_request", map[string]any{"restart": restart})
		got := kerneltest.Content(t, c.Reply(c.ControlCh, id))
		if got["status"] != "ok" || got["restart"] != restart {
			t.Errorf("shutdown_reply = %v", got)
		}
		select {
		case err := <-errc:
			if restart && !errors.Is(err, ErrRestart) || !restart && err != nil {
				t.Errorf("restart=%v: Run returned %v", restart, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not return after shutdown_request")
		}
		if !fe.closed.Load() {
			t.Error("the executor was not closed")
		}
	}
}

func TestReadConnectionFile(t *testing.T) {
	dir := t.TempDir()
	for _, tt := range []struct {
		name, body, errPart string
	}{
		{"ok", `{"shell_port": 1, "iopub_port": 2, "stdin_port": 3, "control_port": 4, "hb_port": 5, "ip": "127.0.0.1", "key": "k", "transport": "tcp", "signature_scheme": "hmac-sha256", "kernel_name": "radgo"}`, ""},
		{"bad json", `{"shell_port": `, "not valid JSON"},
		{"no ip", `{"transport":"tcp"}`, "no ip"},
		{"scheme", `{"ip":"127.0.0.1","key":"k","signature_scheme":"hmac-md5"}`, "hmac-md5"},
		{"transport", `{"ip":"127.0.0.1","transport":"udp"}`, "udp"},
		{"port", `{"ip":"127.0.0.1","hb_port":70000}`, "hb_port"},
	} {
		name := filepath.Join(dir, tt.name+".json")
		os.WriteFile(name, []byte(tt.body), 0o600)
		c, err := ReadConnectionFile(name)
		switch {
		case tt.errPart == "" && err != nil:
			t.Errorf("%s: %v", tt.name, err)
		case tt.errPart != "" && (err == nil || !strings.Contains(err.Error(), tt.errPart) || !strings.Contains(err.Error(), name)):
			t.Errorf("%s: err = %v, want one naming %s and %q", tt.name, err, name, tt.errPart)
		}
		if tt.name == "ok" && (c.ShellPort != 1 || c.HBPort != 5 || c.Key != "k" || c.endpoint(c.ShellPort) != "tcp://127.0.0.1:1") {
			t.Errorf("parsed %+v", c)
		}
	}
	if _, err := ReadConnectionFile(filepath.Join(dir, "missing.json")); err == nil {
		t.Error("missing file accepted")
	}
	ipc := ConnectionInfo{Transport: "ipc", IP: "/tmp/k"}
	if e := ipc.endpoint(3); e != "ipc:///tmp/k-3" {
		t.Errorf("ipc endpoint %s", e)
	}
}

func TestGlobMatch(t *testing.T) {
	for _, tt := range []struct {
		p, s string
		want bool
	}{
		{"1?2*", "1+2+3", true}, {"1?2*", "12", false}, {"*", "", true}, {"a*b", "a/x\ny/b", true},
		{"a*b", "ab", true}, {"a*b", "abc", false}, {"?", "é", true}, {"*x*", "abc", false}, {"", "", true}, {"", "a", false},
	} {
		if got := globMatch(tt.p, tt.s); got != tt.want {
			t.Errorf("globMatch(%q, %q) = %v, want %v", tt.p, tt.s, got, tt.want)
		}
	}
}

func TestIPCTransport(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	info := ConnectionInfo{Transport: "ipc", IP: filepath.Join(t.TempDir(), "k"), Key: "k", SignatureScheme: "hmac-sha256",
		ShellPort: 1, IOPubPort: 2, StdinPort: 3, ControlPort: 4, HBPort: 5}
	k := New(info, &fakeExec{}, WithLogger(discardLogger()))
	done := make(chan error, 1)
	go func() { done <- k.Run(ctx) }()
	bound, ok := k.Bound(ctx)
	if !ok {
		t.Fatal("not bound")
	}
	c := dialClient(t, ctx, bound)
	id := c.Send(c.Control, "kernel_info_request", map[string]any{})
	if got := kerneltest.Content(t, c.Reply(c.ControlCh, id)); got["status"] != "ok" {
		t.Errorf("kernel_info over ipc = %v", got)
	}
	cancel()
	<-done
}
