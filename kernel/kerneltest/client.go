package kerneltest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"radgo/kernel/wire"
)

// Endpoints are the addresses of a kernel's sockets and its signing key.
type Endpoints struct {
	Shell, Control, Stdin, IOPub, HB string
	Key                              string
}

// Client is a connected test client. Messages the kernel sends arrive on
// the channels, already verified and decoded.
type Client struct {
	T                           testing.TB
	Key                         []byte
	Session                     string
	Shell, Control, Stdin, HB   zmq4.Socket
	IOPub                       zmq4.Socket
	ShellCh, ControlCh, StdinCh chan *wire.Message
	IOPubCh                     chan *wire.Message
}

// Dial connects to a kernel; the client closes when the test ends.
func Dial(t testing.TB, ctx context.Context, ep Endpoints) *Client {
	t.Helper()
	id := zmq4.SocketIdentity(wire.NewID())
	// Retry dialing every 5 ms for up to 30 s: a kernel just launched may not
	// listen yet, and zmq4's default retry (250 ms) would dominate start-up
	// measurements.
	retry := []zmq4.Option{zmq4.WithDialerRetry(5 * time.Millisecond), zmq4.WithDialerMaxRetries(6000)}
	opts := func(o ...zmq4.Option) []zmq4.Option { return append(o, retry...) }
	c := &Client{
		T: t, Key: []byte(ep.Key), Session: wire.NewID(),
		Shell:   zmq4.NewDealer(ctx, opts(zmq4.WithID(id))...),
		Control: zmq4.NewDealer(ctx, opts(zmq4.WithID(id))...),
		Stdin:   zmq4.NewDealer(ctx, opts(zmq4.WithID(id))...),
		HB:      zmq4.NewReq(ctx, opts()...),
		IOPub:   zmq4.NewSub(ctx, opts()...),
		IOPubCh: make(chan *wire.Message, 10000), ShellCh: make(chan *wire.Message, 100),
		ControlCh: make(chan *wire.Message, 100), StdinCh: make(chan *wire.Message, 100),
	}
	for _, s := range []struct {
		sck zmq4.Socket
		ep  string
	}{{c.Shell, ep.Shell}, {c.Control, ep.Control}, {c.Stdin, ep.Stdin}, {c.HB, ep.HB}, {c.IOPub, ep.IOPub}} {
		if err := s.sck.Dial(s.ep); err != nil {
			t.Fatalf("dial %s: %v", s.ep, err)
		}
	}
	if err := c.IOPub.SetOption(zmq4.OptionSubscribe, ""); err != nil {
		t.Fatal(err)
	}
	for _, p := range []struct {
		sck zmq4.Socket
		ch  chan *wire.Message
	}{{c.Shell, c.ShellCh}, {c.Control, c.ControlCh}, {c.Stdin, c.StdinCh}, {c.IOPub, c.IOPubCh}} {
		go func() {
			for {
				zm, err := p.sck.Recv()
				if err != nil {
					return
				}
				m, err := wire.Decode(zm.Frames, c.Key)
				if err != nil {
					t.Errorf("client: kernel sent an undecodable message: %v", err)
					return
				}
				p.ch <- m
			}
		}()
	}
	t.Cleanup(c.Close)
	return c
}

// Close closes the sockets.
func (c *Client) Close() {
	for _, s := range []zmq4.Socket{c.Shell, c.Control, c.Stdin, c.HB, c.IOPub} {
		s.Close()
	}
}

// SendKey sends a request signed with key (the connection key unless a
// test forges one) and returns its msg_id.
func (c *Client) SendKey(sck zmq4.Socket, key []byte, msgType string, content any) string {
	b, err := json.Marshal(content)
	if err != nil {
		c.T.Fatal(err)
	}
	m := &wire.Message{Header: wire.NewHeader(msgType, c.Session, "tester"), Content: b}
	frames, err := wire.Encode(m, key)
	if err != nil {
		c.T.Fatal(err)
	}
	if err := sck.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		c.T.Fatal(err)
	}
	return m.Header.MsgID
}

// Send sends a properly signed request and returns its msg_id.
func (c *Client) Send(sck zmq4.Socket, msgType string, content any) string {
	return c.SendKey(sck, c.Key, msgType, content)
}

// Recv waits for the next message on ch.
func Recv(t testing.TB, ch chan *wire.Message, what string, timeout time.Duration) *wire.Message {
	t.Helper()
	select {
	case m := <-ch:
		return m
	case <-time.After(timeout):
		t.Fatalf("no %s message within %v", what, timeout)
		return nil
	}
}

// Reply waits for the reply to msgID on ch and checks its parent and
// protocol version.
func (c *Client) Reply(ch chan *wire.Message, msgID string) *wire.Message {
	c.T.Helper()
	m := Recv(c.T, ch, "reply", 30*time.Second)
	if p := ParentID(m); p != msgID {
		c.T.Fatalf("reply %s has parent %q, want %q", m.Header.MsgType, p, msgID)
	}
	if m.Header.Version != wire.Version {
		c.T.Fatalf("reply version %q", m.Header.Version)
	}
	return m
}

// IOPubUntilIdle collects the IOPub messages whose parent is msgID, from
// busy to idle inclusive.
func (c *Client) IOPubUntilIdle(msgID string) []*wire.Message {
	c.T.Helper()
	var out []*wire.Message
	for {
		m := Recv(c.T, c.IOPubCh, "iopub", 30*time.Second)
		if ParentID(m) != msgID {
			continue
		}
		out = append(out, m)
		if m.Header.MsgType == "status" && Content(c.T, m)["execution_state"] == "idle" {
			return out
		}
	}
}

// WaitReady sends kernel_info_request until a reply arrives and IOPub
// delivers (the subscription has reached the PUB socket), as
// jupyter_client's wait_for_ready does.
func (c *Client) WaitReady(timeout time.Duration) {
	c.T.Helper()
	deadline := time.Now().Add(timeout)
	for {
		id := c.Send(c.Shell, "kernel_info_request", map[string]any{})
		c.Reply(c.ShellCh, id)
		select {
		case <-c.IOPubCh:
			c.drainIOPub(id)
			return
		case <-time.After(200 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			c.T.Fatal("iopub never delivered a message")
		}
	}
}

func (c *Client) drainIOPub(msgID string) {
	for {
		select {
		case m := <-c.IOPubCh:
			if ParentID(m) == msgID && m.Header.MsgType == "status" && Content(c.T, m)["execution_state"] == "idle" {
				return
			}
		case <-time.After(2 * time.Second):
			return
		}
	}
}

// Execute runs code (extra overrides execute_request fields) and returns
// the reply and the IOPub messages up to idle.
func (c *Client) Execute(code string, extra map[string]any) (reply *wire.Message, iopub []*wire.Message) {
	c.T.Helper()
	req := map[string]any{"code": code, "silent": false, "store_history": true, "user_expressions": map[string]any{}, "allow_stdin": false, "stop_on_error": true}
	for k, v := range extra {
		req[k] = v
	}
	id := c.Send(c.Shell, "execute_request", req)
	reply = c.Reply(c.ShellCh, id)
	return reply, c.IOPubUntilIdle(id)
}

// ParentID is the msg_id of m's parent header.
func ParentID(m *wire.Message) string {
	var h struct {
		MsgID string `json:"msg_id"`
	}
	json.Unmarshal(m.ParentHeader, &h)
	return h.MsgID
}

// Content decodes m's content.
func Content(t testing.TB, m *wire.Message) map[string]any {
	t.Helper()
	var c map[string]any
	if err := json.Unmarshal(m.Content, &c); err != nil {
		t.Fatalf("content of %s: %v", m.Header.MsgType, err)
	}
	return c
}

// Types lists the msg_types of ms, space-separated.
func Types(ms []*wire.Message) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = m.Header.MsgType
	}
	return strings.Join(s, " ")
}

// Text joins the text of the stream messages named name.
func Text(t testing.TB, ms []*wire.Message, name string) string {
	var b strings.Builder
	for _, m := range ms {
		if m.Header.MsgType == "stream" {
			if c := Content(t, m); c["name"] == name {
				b.WriteString(c["text"].(string))
			}
		}
	}
	return b.String()
}
