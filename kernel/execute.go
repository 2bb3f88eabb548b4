package kernel

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"

	"radgo/kernel/wire"
)

// execute runs one execute_request and sends its side effects and reply.
func (k *Kernel) execute(m *wire.Message) {
	var r executeRequest
	k.decode(m, &r)
	store := boolOr(r.StoreHistory, true) && !r.Silent
	allowStdin := boolOr(r.AllowStdin, true)

	k.mu.Lock()
	if store {
		k.execCount++
	}
	n := k.execCount
	ctx, cancel := context.WithCancel(context.Background())
	k.cancelCell = cancel
	k.mu.Unlock()

	if !r.Silent {
		k.publish(m, "execute_input", map[string]any{"code": r.Code, "execution_count": n})
	}
	out := &cellOutput{k: k, req: m, silent: r.Silent, allowStdin: allowStdin, ctx: ctx}
	bundle, err := k.runCell(ctx, r.Code, out)

	k.mu.Lock()
	k.cancelCell = nil
	k.mu.Unlock()
	cancel()

	if err != nil {
		ee := asExecError(err)
		// Take the requests to abort before replying: a request the client
		// sends after seeing this reply must run.
		var aborted []*wire.Message
		if boolOr(r.StopOnError, true) {
			aborted = k.queue.takeExecutes()
		}
		if !r.Silent {
			k.publish(m, "error", map[string]any{"ename": ee.Name, "evalue": ee.Value, "traceback": ee.Traceback})
		}
		k.send(k.shell, &k.shellMu, m, "execute_reply", map[string]any{
			"status": "error", "execution_count": n,
			"ename": ee.Name, "evalue": ee.Value, "traceback": ee.Traceback,
		})
		if store {
			k.history.add(n, r.Code, "")
		}
		k.abort(aborted)
		return
	}
	text := ""
	if len(bundle) > 0 {
		if s, ok := bundle["text/plain"].(string); ok {
			text = s
		}
		if !r.Silent {
			k.publish(m, "execute_result", map[string]any{"execution_count": n, "data": bundle, "metadata": map[string]any{}})
		}
	}
	k.send(k.shell, &k.shellMu, m, "execute_reply", map[string]any{
		"status": "ok", "execution_count": n, "payload": []any{}, "user_expressions": userExpressions(r.UserExpressions),
	})
	if store {
		k.history.add(n, r.Code, text)
	}
}

// userExpressions answers user_expressions: evaluating them is not
// supported, so each name maps to an error explaining so (an empty request
// gets an empty object, which is what front ends send).
func userExpressions(req map[string]string) map[string]any {
	out := map[string]any{}
	for name := range req {
		out[name] = map[string]any{"status": "error", "ename": "NotImplemented",
			"evalue": "radgo does not evaluate user_expressions", "traceback": []string{}}
	}
	return out
}

// runCell calls the executor, turning a panic in it into an ExecError so a
// bug in the evaluator cannot take the kernel down.
func (k *Kernel) runCell(ctx context.Context, code string, out Output) (b MIMEBundle, err error) {
	defer func() {
		if r := recover(); r != nil {
			buf := make([]byte, 8192)
			buf = buf[:runtime.Stack(buf, false)]
			k.log.Error("executor panicked", "panic", r, "stack", string(buf))
			b, err = nil, &ExecError{Name: "KernelError", Value: fmt.Sprintf("the evaluator panicked: %v", r), Traceback: []string{}}
		}
	}()
	return k.exec.Execute(ctx, code, out)
}

func asExecError(err error) *ExecError {
	var ee *ExecError
	if !errors.As(err, &ee) {
		ee = &ExecError{Name: "Error", Value: err.Error()}
	}
	c := *ee
	if len(c.Traceback) == 0 {
		// Front ends render the traceback, not ename/evalue: never leave it
		// empty.
		c.Traceback = []string{c.Name + ": " + c.Value}
	}
	return &c
}

// abort answers the execute_requests that were waiting behind a failed
// cell with status "aborted" (stop_on_error), as ipykernel does.
func (k *Kernel) abort(queued []*wire.Message) {
	for _, m := range queued {
		k.publish(m, "status", map[string]any{"execution_state": "busy"})
		k.mu.Lock()
		n := k.execCount
		k.mu.Unlock()
		k.send(k.shell, &k.shellMu, m, "execute_reply", map[string]any{"status": "aborted", "execution_count": n})
		k.publish(m, "status", map[string]any{"execution_state": "idle"})
	}
}

// cellOutput is the Output of one execute_request: everything it receives
// is published with that request as parent, also after the cell ended
// (goroutines started by the cell keep printing into it).
type cellOutput struct {
	k          *Kernel
	req        *wire.Message
	silent     bool
	allowStdin bool
	ctx        context.Context // cancelled when the cell ends or is interrupted
}

func (o *cellOutput) Stream(name, text string) {
	if o.silent || text == "" {
		return
	}
	if name != "stderr" {
		name = "stdout"
	}
	o.k.publish(o.req, "stream", map[string]any{"name": name, "text": strings.ToValidUTF8(text, "\uFFFD")})
}

func (o *cellOutput) Display(d Display) {
	if o.silent {
		return
	}
	data := d.Data
	if data == nil {
		data = MIMEBundle{}
	}
	md := d.Metadata
	if md == nil {
		md = map[string]any{}
	}
	transient := map[string]any{}
	if d.ID != "" {
		transient["display_id"] = d.ID
	}
	t := "display_data"
	if d.Update && d.ID != "" {
		t = "update_display_data"
	}
	o.k.publish(o.req, t, map[string]any{"data": data, "metadata": md, "transient": transient})
}

func (o *cellOutput) Clear(wait bool) {
	if o.silent {
		return
	}
	o.k.publish(o.req, "clear_output", map[string]any{"wait": wait})
}

// Input sends input_request on the stdin channel, to the same client as the
// execute_request, and waits for input_reply or the end of the cell.
func (o *cellOutput) Input(prompt string, password bool) (string, error) {
	if !o.allowStdin {
		return "", ErrNoStdin
	}
	k := o.k
	k.inputMu.Lock()
	defer k.inputMu.Unlock()
	select { // discard a stale reply to an abandoned request
	case <-k.inputCh:
	default:
	}
	k.send(k.stdin, &k.stdinMu, o.req, "input_request", map[string]any{"prompt": prompt, "password": password})
	select {
	case r := <-k.inputCh:
		return r.Value, nil
	case <-o.ctx.Done():
		return "", fmt.Errorf("kernel: input interrupted: %w", o.ctx.Err())
	}
}

// msgQueue is the unbounded FIFO between the shell reader and the shell
// worker.
type msgQueue struct {
	mu     sync.Mutex
	items  []*wire.Message
	notify chan struct{}
	closed bool
}

func newMsgQueue() *msgQueue { return &msgQueue{notify: make(chan struct{}, 1)} }

func (q *msgQueue) push(m *wire.Message) {
	q.mu.Lock()
	q.items = append(q.items, m)
	q.mu.Unlock()
	select {
	case q.notify <- struct{}{}:
	default:
	}
}

func (q *msgQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	select {
	case q.notify <- struct{}{}:
	default:
	}
}

// pop blocks until a message is queued; ok is false once closed.
func (q *msgQueue) pop() (*wire.Message, bool) {
	for {
		q.mu.Lock()
		if q.closed {
			q.mu.Unlock()
			return nil, false
		}
		if len(q.items) > 0 {
			m := q.items[0]
			q.items = q.items[1:]
			q.mu.Unlock()
			return m, true
		}
		q.mu.Unlock()
		<-q.notify
	}
}

// takeExecutes removes and returns the queued execute_requests, keeping the
// other requests in order.
func (q *msgQueue) takeExecutes() []*wire.Message {
	q.mu.Lock()
	defer q.mu.Unlock()
	var ex, rest []*wire.Message
	for _, m := range q.items {
		if m.Header.MsgType == "execute_request" {
			ex = append(ex, m)
		} else {
			rest = append(rest, m)
		}
	}
	q.items = rest
	return ex
}
