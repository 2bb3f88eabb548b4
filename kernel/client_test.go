package kernel

import (
	"context"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"

	"radgo/kernel/kerneltest"
	"radgo/kernel/wire"
)

// endpoints converts bound connection information for kerneltest.
func endpoints(info ConnectionInfo) kerneltest.Endpoints {
	return kerneltest.Endpoints{
		Shell: info.endpoint(info.ShellPort), Control: info.endpoint(info.ControlPort),
		Stdin: info.endpoint(info.StdinPort), IOPub: info.endpoint(info.IOPubPort),
		HB: info.endpoint(info.HBPort), Key: info.Key,
	}
}

func dialClient(t testing.TB, ctx context.Context, info ConnectionInfo) *kerneltest.Client {
	return kerneltest.Dial(t, ctx, endpoints(info))
}

// startKernel runs a kernel with exec on free local ports and returns a
// connected client whose IOPub subscription is live.
func startKernel(t testing.TB, exec Executor, opts ...Option) (*Kernel, *kerneltest.Client, chan error) {
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
	c.WaitReady(10 * time.Second)
	return k, c, errc
}

func zmqMsg(s string) zmq4.Msg { return zmq4.NewMsgString(s) }
