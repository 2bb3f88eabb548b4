package worker

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"radgo/kernel"
)

// The test binary doubles as the child process: with this variable set,
// TestMain serves a test-only executor instead of running the tests.
const childEnv = "RADGO_WORKER_TEST_CHILD"

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) == "1" {
		if err := ServeChild(func(ChildEnv) (kernel.Executor, error) { return &testExec{}, nil }); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// testExec runs in the child. Commands (first word of the cell):
//
//	lines N   prints N numbered lines to os.Stdout, one write each
//	display   prints, displays, prints (order check)
//	late      returns, then a goroutine prints 200 ms later
//	gopanic   a goroutine panics while the cell runs
//	bgpanic   a goroutine panics 100 ms after the cell returned
//	exit      os.Exit(3)
//	loop      waits for the interrupt
//	hang      ignores the interrupt (a stuck compiled call)
//	input     asks for a line
//	set V     stores V in the child's memory; get returns it
//	pid       returns the child's pid
//	utf8      writes "é€😀" one byte per write
type testExec struct{ v string }

func (e *testExec) Execute(ctx context.Context, code string, out kernel.Output) (kernel.MIMEBundle, error) {
	cmd, arg, _ := strings.Cut(code, " ")
	switch cmd {
	case "lines":
		n, _ := strconv.Atoi(arg)
		for i := range n {
			fmt.Fprintf(os.Stdout, "line %d\n", i)
		}
	case "display":
		fmt.Println("before")
		fmt.Fprintln(os.Stderr, "err-before")
		out.Display(kernel.Display{Data: kernel.MIMEBundle{"text/html": "<b>x</b>"}})
		out.Stream("stdout", "after\n")
		out.Clear(true)
	case "late":
		go func() { time.Sleep(200 * time.Millisecond); fmt.Println("late output") }()
	case "gopanic":
		go func() { panic("boom in goroutine") }()
		time.Sleep(5 * time.Second)
	case "bgpanic":
		go func() { time.Sleep(100 * time.Millisecond); panic("background boom") }()
	case "exit":
		fmt.Println("bye")
		os.Exit(3)
	case "spawnexit":
		// A grandchild outlives the worker: it must not keep the cell waiting.
		gc := exec.Command("sleep", "60")
		if err := gc.Start(); err != nil {
			return nil, &kernel.ExecError{Name: "Spawn", Value: err.Error()}
		}
		fmt.Println(gc.Process.Pid)
		os.Exit(4)
	case "loop":
		<-ctx.Done()
		return nil, &kernel.ExecError{Name: "Interrupted", Value: "stopped"}
	case "hang":
		time.Sleep(time.Hour)
	case "input":
		s, err := out.Input("? ", false)
		if err != nil {
			return nil, &kernel.ExecError{Name: "InputError", Value: err.Error()}
		}
		return kernel.MIMEBundle{"text/plain": "got " + s}, nil
	case "set":
		e.v = arg
	case "get":
		return kernel.MIMEBundle{"text/plain": "v=" + e.v}, nil
	case "pid":
		return kernel.MIMEBundle{"text/plain": strconv.Itoa(os.Getpid())}, nil
	case "utf8":
		for _, b := range []byte("é€😀\n") {
			os.Stdout.Write([]byte{b})
			time.Sleep(time.Millisecond)
		}
	default:
		return nil, &kernel.ExecError{Name: "Unknown", Value: code}
	}
	return nil, nil
}

func (e *testExec) Complete(code string, cursor int) kernel.Completion {
	return kernel.Completion{Matches: []string{code + "X"}, CursorStart: 0, CursorEnd: cursor}
}
func (e *testExec) Inspect(code string, cursor, detail int) kernel.Inspection {
	return kernel.Inspection{Found: true, Data: kernel.MIMEBundle{"text/plain": "doc " + code}}
}
func (e *testExec) IsComplete(code string) (string, string) { return "incomplete", "  " }

// record is an Output that remembers everything in order.
type record struct {
	mu      sync.Mutex
	events  []string
	streams int
	input   string
}

func (r *record) add(s string) { r.mu.Lock(); r.events = append(r.events, s); r.mu.Unlock() }
func (r *record) Stream(name, text string) {
	r.mu.Lock()
	r.streams++
	r.mu.Unlock()
	r.add(name + ":" + text)
}
func (r *record) Display(d kernel.Display) { r.add(fmt.Sprintf("display:%v", d.Data)) }
func (r *record) Clear(wait bool)          { r.add(fmt.Sprintf("clear:%v", wait)) }
func (r *record) Input(prompt string, password bool) (string, error) {
	r.add("input:" + prompt)
	if r.input == "" {
		return "", kernel.ErrNoStdin
	}
	return r.input, nil
}

// text joins the stream text of one stream.
func (r *record) text(name string) string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var b strings.Builder
	for _, e := range r.events {
		if t, ok := strings.CutPrefix(e, name+":"); ok {
			b.WriteString(t)
		}
	}
	return b.String()
}

func startProxy(t *testing.T, o Options) *Proxy {
	t.Helper()
	o.Command = func() *exec.Cmd {
		c := exec.Command(os.Args[0], "-test.run=^$")
		c.Env = append(os.Environ(), childEnv+"=1")
		return c
	}
	p, err := Start(o)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func run(t *testing.T, p *Proxy, code string) (*record, kernel.MIMEBundle, error) {
	t.Helper()
	r := &record{}
	b, err := p.Execute(context.Background(), code, r)
	return r, b, err
}

func TestOrderedOutput(t *testing.T) {
	p := startProxy(t, Options{})
	r, _, err := run(t, p, "display")
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(r.events, "|")
	// stderr and stdout are separate pipes, so only the order within each
	// and relative to the display is defined.
	if !strings.Contains(got, "stdout:before\n") || !strings.Contains(got, "stderr:err-before\n") {
		t.Fatalf("events %q", got)
	}
	iBefore, iDisp, iAfter, iClear := strings.Index(got, "before"), strings.Index(got, "display:"), strings.Index(got, "stdout:after"), strings.Index(got, "clear:true")
	iErr := strings.Index(got, "err-before")
	if !(iBefore < iDisp && iErr < iDisp && iDisp < iAfter && iAfter < iClear) {
		t.Errorf("out of order: %q", got)
	}
}

func TestManyLines(t *testing.T) {
	const n = 200000
	p := startProxy(t, Options{})
	start := time.Now()
	r, _, err := run(t, p, fmt.Sprint("lines ", n))
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	for i := range n {
		fmt.Fprintf(&want, "line %d\n", i)
	}
	if got := r.text("stdout"); got != want.String() {
		t.Fatalf("got %d bytes, want %d", len(got), want.Len())
	}
	// Coalesced: far fewer messages than lines (64 KiB chunks ≈ 40).
	if r.streams > 2000 {
		t.Errorf("%d stream messages for %d lines", r.streams, n)
	}
	t.Logf("%d lines (%d bytes) in %d stream messages, %v", n, want.Len(), r.streams, time.Since(start))
}

func TestOutputCap(t *testing.T) {
	p := startProxy(t, Options{MaxCellOutput: 1 << 20})
	r, _, err := run(t, p, "lines 200000") // ≈ 2.2 MB
	if err != nil {
		t.Fatal(err)
	}
	if got := len(r.text("stdout")); got > 1<<20 || got < 512<<10 {
		t.Errorf("delivered %d bytes with a 1 MiB cap", got)
	}
	if !strings.Contains(r.text("stderr"), "discarded") {
		t.Errorf("no truncation notice: %q", r.text("stderr"))
	}
	// The next cell has its own budget.
	r, _, _ = run(t, p, "lines 3")
	if r.text("stdout") != "line 0\nline 1\nline 2\n" {
		t.Errorf("next cell output %q", r.text("stdout"))
	}
}

func TestUTF8Split(t *testing.T) {
	p := startProxy(t, Options{FlushInterval: time.Millisecond})
	r, _, err := run(t, p, "utf8")
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range r.events {
		if !utf8Valid(e) {
			t.Errorf("stream message split a rune: %q", e)
		}
	}
	if got := r.text("stdout"); got != "é€😀\n" {
		t.Errorf("text %q", got)
	}
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "?") == s }

func TestGoroutinePanicRestarts(t *testing.T) {
	p := startProxy(t, Options{})
	run(t, p, "set 42")
	_, pid1, _ := run(t, p, "pid")
	r, _, err := run(t, p, "gopanic")
	ee, ok := err.(*kernel.ExecError)
	if !ok || ee.Name != "WorkerDied" || !strings.Contains(ee.Value, "lost") {
		t.Fatalf("err = %#v", err)
	}
	if !strings.Contains(r.text("stderr"), "boom in goroutine") {
		t.Errorf("the crash report did not reach the cell: %q", r.text("stderr"))
	}
	_, b, err := run(t, p, "get")
	if err != nil || b["text/plain"] != "v=" {
		t.Errorf("after restart get = %v, %v; want fresh state", b, err)
	}
	_, pid2, _ := run(t, p, "pid")
	if pid1["text/plain"] == pid2["text/plain"] {
		t.Error("same child pid after a crash")
	}
}

func TestOsExit(t *testing.T) {
	p := startProxy(t, Options{})
	r, _, err := run(t, p, "exit")
	ee, ok := err.(*kernel.ExecError)
	if !ok || ee.Name != "WorkerDied" || !strings.Contains(ee.Value, "exit status 3") {
		t.Fatalf("err = %#v", err)
	}
	if r.text("stdout") != "bye\n" {
		t.Errorf("stdout %q", r.text("stdout"))
	}
	if _, b, err := run(t, p, "get"); err != nil || b["text/plain"] != "v=" {
		t.Errorf("not restarted: %v %v", b, err)
	}
}

func TestExitWithGrandchild(t *testing.T) {
	if _, err := exec.LookPath("sleep"); err != nil {
		t.Skip("no sleep command")
	}
	p := startProxy(t, Options{})
	r := &record{}
	done := make(chan error, 1)
	go func() { _, err := p.Execute(context.Background(), "spawnexit", r); done <- err }()
	select {
	case err := <-done:
		if ee, ok := err.(*kernel.ExecError); !ok || !strings.Contains(ee.Value, "exit status 4") {
			t.Errorf("err = %#v", err)
		}
	case <-time.After(30 * time.Second): // the grandchild lives 60 s
		t.Error("a grandchild holding the worker's pipes kept the cell waiting")
	}
	if pid, err := strconv.Atoi(strings.TrimSpace(r.text("stdout"))); err == nil {
		syscall.Kill(pid, syscall.SIGKILL)
	}
}

func TestDeathBetweenCells(t *testing.T) {
	p := startProxy(t, Options{})
	if _, _, err := run(t, p, "bgpanic"); err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	dead := p.child.dead
	p.mu.Unlock()
	select {
	case <-dead:
	case <-time.After(10 * time.Second):
		t.Fatal("the background panic did not kill the child")
	}
	r, _, err := run(t, p, "get")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.text("stderr"), "new one was started") {
		t.Errorf("no notice of the lost state: %q", r.events)
	}
}

func TestInterrupt(t *testing.T) {
	p := startProxy(t, Options{InterruptGrace: 500 * time.Millisecond})
	run(t, p, "set kept")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err := p.Execute(ctx, "loop", &record{})
	// Stopped by the context in the child, not killed after the grace period.
	if ee, ok := err.(*kernel.ExecError); !ok || ee.Name != "Interrupted" || strings.Contains(ee.Value, "lost") {
		t.Fatalf("err = %#v", err)
	}
	if _, b, _ := run(t, p, "get"); b["text/plain"] != "v=kept" {
		t.Errorf("state not kept after a clean interrupt: %v", b)
	}

	// A cell that ignores the interrupt is killed after the grace period.
	ctx, cancel = context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	_, err = p.Execute(ctx, "hang", &record{})
	if ee, ok := err.(*kernel.ExecError); !ok || ee.Name != "Interrupted" || !strings.Contains(ee.Value, "lost") {
		t.Fatalf("hang: err = %#v", err)
	}
	if _, b, _ := run(t, p, "get"); b["text/plain"] != "v=" {
		t.Errorf("after kill: %v", b)
	}
}

func TestInputAndLateOutput(t *testing.T) {
	p := startProxy(t, Options{})
	r := &record{input: "Ada"}
	b, err := p.Execute(context.Background(), "input", r)
	if err != nil || b["text/plain"] != "got Ada" {
		t.Fatalf("input: %v %v", b, err)
	}
	r = &record{}
	if _, err := p.Execute(context.Background(), "input", r); err == nil || !strings.Contains(err.Error(), "allow_stdin") {
		t.Errorf("no stdin: err = %v", err)
	}

	r = &record{}
	if _, err := p.Execute(context.Background(), "late", r); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(3 * time.Second)
	for r.text("stdout") != "late output\n" && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if r.text("stdout") != "late output\n" {
		t.Errorf("late goroutine output not attributed to its cell: %q", r.text("stdout"))
	}
}

func TestQueries(t *testing.T) {
	p := startProxy(t, Options{})
	if c := p.Complete("fmt.P", 5); len(c.Matches) != 1 || c.Matches[0] != "fmt.PX" || c.CursorEnd != 5 {
		t.Errorf("Complete = %+v", c)
	}
	if in := p.Inspect("fmt", 1, 0); !in.Found || in.Data["text/plain"] != "doc fmt" {
		t.Errorf("Inspect = %+v", in)
	}
	if s, ind := p.IsComplete("{"); s != "incomplete" || ind != "  " {
		t.Errorf("IsComplete = %q %q", s, ind)
	}
}

func TestSplitMarkers(t *testing.T) {
	var stream []byte
	var wantText strings.Builder
	var wantSeq []uint64
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := range 200 {
		s := fmt.Sprintf("text %d \x00 with nul\n", i)
		stream = append(stream, s...)
		wantText.WriteString(s)
		if i%7 == 0 {
			stream = append(stream, marker(uint64(i+1))...)
			wantSeq = append(wantSeq, uint64(i+1))
		}
	}
	// Feed the stream in random pieces, as pipe reads would.
	for trial := range 50 {
		var got strings.Builder
		var seqs []uint64
		var carry []byte
		rest := stream
		for len(rest) > 0 {
			n := 1 + rnd.IntN(min(len(rest), 40))
			if trial == 0 {
				n = 1
			}
			data := append(append([]byte(nil), carry...), rest[:n]...)
			rest = rest[n:]
			carry = splitMarkers(data, func(b []byte) { got.Write(b) }, func(s uint64) { seqs = append(seqs, s) })
		}
		got.Write(carry)
		if got.String() != wantText.String() {
			t.Fatalf("trial %d: text differs:\n%q\n%q", trial, got.String(), wantText.String())
		}
		if fmt.Sprint(seqs) != fmt.Sprint(wantSeq) {
			t.Fatalf("trial %d: markers %v, want %v", trial, seqs, wantSeq)
		}
	}
}

func TestCompleteUTF8(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want int
	}{{"abc", 3}, {"é", 2}, {"é"[:1], 0}, {"a€"[:3], 1}, {"a😀"[:4], 1}, {"a😀", 5}, {"\xff", 1}} {
		if got := completeUTF8([]byte(tt.in)); got != tt.want {
			t.Errorf("completeUTF8(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestNewStartsInBackground(t *testing.T) {
	p := New(Options{Command: func() *exec.Cmd {
		c := exec.Command(os.Args[0], "-test.run=^$")
		c.Env = append(os.Environ(), childEnv+"=1")
		return c
	}})
	defer p.Close()
	if _, b, err := run(t, p, "set 1"); err != nil || b != nil {
		t.Fatalf("first cell: %v %v", b, err)
	}
	// A child that cannot start reports it in the cell.
	bad := New(Options{Command: func() *exec.Cmd { return exec.Command("/nonexistent/radgo") }})
	defer bad.Close()
	_, _, err := run(t, bad, "get")
	if ee, ok := err.(*kernel.ExecError); !ok || !strings.Contains(ee.Value, "nonexistent") {
		t.Errorf("err = %#v", err)
	}
}

// BenchmarkProxyExecute measures the cost the worker process adds to a
// trivial cell: request over the pipe, sync markers on both output pipes,
// result back.
func BenchmarkProxyExecute(b *testing.B) {
	p, err := Start(Options{Command: func() *exec.Cmd {
		c := exec.Command(os.Args[0], "-test.run=^$")
		c.Env = append(os.Environ(), childEnv+"=1")
		return c
	}})
	if err != nil {
		b.Fatal(err)
	}
	defer p.Close()
	r := &record{}
	for b.Loop() {
		if _, err := p.Execute(context.Background(), "get", r); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzSplitMarkers checks that any output, cut anywhere, comes out of
// splitMarkers unchanged once the markers inserted into it are removed.
func FuzzSplitMarkers(f *testing.F) {
	f.Add([]byte("hello\nworld\n"), uint8(3), uint8(7))
	f.Add([]byte("\x00\x1bradgo-sync:12"), uint8(1), uint8(2))
	f.Add([]byte(markerPrefix+"x\x00"), uint8(0), uint8(5))
	f.Fuzz(func(t *testing.T, text []byte, at, cut uint8) {
		var stream []byte
		i := int(at) % (len(text) + 1)
		stream = append(stream, text[:i]...)
		stream = append(stream, marker(42)...)
		stream = append(stream, text[i:]...)
		var got []byte
		var seqs []uint64
		var carry []byte
		step := int(cut)%16 + 1
		for len(stream) > 0 {
			n := min(step, len(stream))
			data := append(append([]byte(nil), carry...), stream[:n]...)
			stream = stream[n:]
			carry = splitMarkers(data, func(b []byte) { got = append(got, b...) }, func(s uint64) { seqs = append(seqs, s) })
		}
		got = append(got, carry...)
		// Text that itself contains a marker yields that marker too; what is
		// checked is that the inserted one is found and no byte is lost or
		// invented.
		if !slices.Contains(seqs, 42) {
			t.Fatalf("marker lost: seqs %v", seqs)
		}
		if len(seqs) == 1 && !bytes.Equal(got, text) {
			t.Fatalf("text %q came out as %q", text, got)
		}
	})
}

func TestServeChildRefusesByHand(t *testing.T) {
	err := ServeChild(func(ChildEnv) (kernel.Executor, error) {
		t.Fatal("evaluator built outside a worker")
		return nil, nil
	})
	if err == nil || !strings.Contains(err.Error(), "started by the radgo kernel") {
		t.Errorf("err = %v", err)
	}
}
