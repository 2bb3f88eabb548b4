package kernel

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"radgo/kernel/wire"
)

// testClient drives a kernel over real zmq4 sockets, as jupyter_client does:
// DEALER sockets with one identity for shell, control and stdin, SUB for
// iopub, REQ for the heartbeat.
type testClient struct {
	t                           testing.TB
	key                         []byte
	session                     string
	shell, control, stdin, hb   zmq4.Socket
	iopub                       zmq4.Socket
	iopubCh                     chan *wire.Message
	shellCh, controlCh, stdinCh chan *wire.Message
}

func dialClient(t testing.TB, ctx context.Context, info ConnectionInfo) *testClient {
	id := zmq4.SocketIdentity(wire.NewID())
	c := &testClient{
		t: t, key: []byte(info.Key), session: wire.NewID(),
		shell:   zmq4.NewDealer(ctx, zmq4.WithID(id)),
		control: zmq4.NewDealer(ctx, zmq4.WithID(id)),
		stdin:   zmq4.NewDealer(ctx, zmq4.WithID(id)),
		hb:      zmq4.NewReq(ctx),
		iopub:   zmq4.NewSub(ctx),
		iopubCh: make(chan *wire.Message, 10000), shellCh: make(chan *wire.Message, 100),
		controlCh: make(chan *wire.Message, 100), stdinCh: make(chan *wire.Message, 100),
	}
	for _, s := range []struct {
		sck  zmq4.Socket
		port int
	}{{c.shell, info.ShellPort}, {c.control, info.ControlPort}, {c.stdin, info.StdinPort}, {c.hb, info.HBPort}, {c.iopub, info.IOPubPort}} {
		if err := s.sck.Dial(info.endpoint(s.port)); err != nil {
			t.Fatalf("dial %d: %v", s.port, err)
		}
	}
	if err := c.iopub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		sck zmq4.Socket
		ch  chan *wire.Message
	}{{c.shell, c.shellCh}, {c.control, c.controlCh}, {c.stdin, c.stdinCh}, {c.iopub, c.iopubCh}} {
		go func() {
			for {
				zm, err := p.sck.Recv()
				if err != nil {
					return
				}
				m, err := wire.Decode(zm.Frames, c.key)
				if err != nil {
					t.Errorf("client: kernel sent an undecodable message: %v", err)
					return
				}
				p.ch <- m
			}
		}()
	}
	t.Cleanup(c.close)
	return c
}

func (c *testClient) close() {
	for _, s := range []zmq4.Socket{c.shell, c.control, c.stdin, c.hb, c.iopub} {
		s.Close()
	}
}

// sendKey sends a request signed with key (the connection key unless a test
// forges one) and returns its msg_id.
func (c *testClient) sendKey(sck zmq4.Socket, key []byte, msgType string, content any) string {
	b, err := json.Marshal(content)
	if err != nil {
		c.t.Fatal(err)
	}
	m := &wire.Message{Header: wire.NewHeader(msgType, c.session, "tester"), Content: b}
	frames, err := wire.Encode(m, key)
	if err != nil {
		c.t.Fatal(err)
	}
	if err := sck.Send(zmq4.NewMsgFrom(frames...)); err != nil {
		c.t.Fatal(err)
	}
	return m.Header.MsgID
}

func (c *testClient) send(sck zmq4.Socket, msgType string, content any) string {
	return c.sendKey(sck, c.key, msgType, content)
}

func recvOn(t testing.TB, ch chan *wire.Message, what string, timeout time.Duration) *wire.Message {
	t.Helper()
	select {
	case m := <-ch:
		return m
	case <-time.After(timeout):
		t.Fatalf("no %s message within %v", what, timeout)
		return nil
	}
}

// reply waits for the reply to msgID on ch.
func (c *testClient) reply(ch chan *wire.Message, msgID string) *wire.Message {
	c.t.Helper()
	m := recvOn(c.t, ch, "reply", 10*time.Second)
	if p := parentID(m); p != msgID {
		c.t.Fatalf("reply %s has parent %q, want %q", m.Header.MsgType, p, msgID)
	}
	if m.Header.Version != "5.3" {
		c.t.Fatalf("reply version %q", m.Header.Version)
	}
	return m
}

// iopubUntilIdle collects the IOPub messages whose parent is msgID, from
// busy to idle inclusive.
func (c *testClient) iopubUntilIdle(msgID string) []*wire.Message {
	c.t.Helper()
	var out []*wire.Message
	for {
		m := recvOn(c.t, c.iopubCh, "iopub", 10*time.Second)
		if parentID(m) != msgID {
			continue
		}
		out = append(out, m)
		if m.Header.MsgType == "status" && content(c.t, m)["execution_state"] == "idle" {
			return out
		}
	}
}

func parentID(m *wire.Message) string {
	var h struct {
		MsgID string `json:"msg_id"`
	}
	json.Unmarshal(m.ParentHeader, &h)
	return h.MsgID
}

func content(t testing.TB, m *wire.Message) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(m.Content, &c); err != nil {
		t.Fatalf("content of %s: %v", m.Header.MsgType, err)
	}
	return c
}

func types(ms []*wire.Message) string {
	s := ""
	for _, m := range ms {
		if s != "" {
			s += " "
		}
		s += m.Header.MsgType
	}
	return s
}

// startKernel runs a kernel with exec on free local ports and returns a
// connected client whose IOPub subscription is live.
func startKernel(t testing.TB, exec Executor, opts ...Option) (*Kernel, *testClient, chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	info := ConnectionInfo{Transport: "tcp", IP: "127.0.0.1", SignatureScheme: "hmac-sha256", Key: "test-key-" + wire.NewID()}
	k := New(info, exec, append([]Option{WithLogger(discardLogger())}, opts...)...)
	errc := make(chan error, 1)
	done := make(chan struct{})
	go func() { errc <- k.Run(ctx); close(done) }()
	bound, ok := k.Bound(ctx)
	if !ok {
		t.Fatal("kernel did not bind")
	}
	c := dialClient(t, ctx, bound)
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Error("kernel did not stop")
		}
	})
	// Wait for the subscription to reach the PUB socket (slow joiner), as
	// jupyter_client's wait_for_ready does: kernel_info until iopub speaks.
	deadline := time.Now().Add(10 * time.Second)
	for {
		id := c.send(c.shell, "kernel_info_request", map[string]any{})
		c.reply(c.shellCh, id)
		select {
		case <-c.iopubCh:
			c.drainIOPub(id)
			return k, c, errc
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatal("iopub never delivered a message")
		}
	}
}

// drainIOPub discards IOPub messages until the idle of msgID.
func (c *testClient) drainIOPub(msgID string) {
	for {
		select {
		case m := <-c.iopubCh:
			if parentID(m) == msgID && m.Header.MsgType == "status" && content(c.t, m)["execution_state"] == "idle" {
				return
			}
		case <-time.After(2 * time.Second):
			return
		}
	}
}

func (c *testClient) execute(code string, extra map[string]any) (reply *wire.Message, iopub []*wire.Message) {
	c.t.Helper()
	req := map[string]any{"code": code, "silent": false, "store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true}
	for k, v := range extra {
		req[k] = v
	}
	id := c.send(c.shell, "execute_request", req)
	reply = c.reply(c.shellCh, id)
	return reply, c.iopubUntilIdle(id)
}

func zmqMsg(s string) zmq4.Msg { return zmq4.NewMsgString(s) }
