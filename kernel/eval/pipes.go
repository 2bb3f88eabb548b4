package eval

import (
	"bytes"
	"os"
	"sync"
	"time"
)

// pipeStream captures what interpreted code writes to os.Stdout or
// os.Stderr when Options.Stdout/Stderr are nil: yaegi hands the
// interpreted os.Stdout the Options value only when it is an *os.File, so
// the evaluator passes the write end of a pipe and pumps the read end into
// the running cell's stream. sync drains it before a cell returns.
type pipeStream struct {
	ip     *Interpreter
	name   string
	r, w   *os.File
	synced chan struct{}
	mu     sync.Mutex            // serialises sync
	filter func(b []byte) []byte // applied to the text before it is sent
}

// syncMarker ends the output of a cell in the pipe; it cannot occur in
// text output (NUL bytes).
var syncMarker = []byte("\x00radgo-eval-sync\x00")

func newPipeStream(ip *Interpreter, name string, filter func([]byte) []byte) (*pipeStream, error) {
	r, w, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	p := &pipeStream{ip: ip, name: name, r: r, w: w, synced: make(chan struct{}, 1), filter: filter}
	go p.pump()
	return p, nil
}

func (p *pipeStream) emit(b []byte) {
	if p.filter != nil {
		b = p.filter(b)
	}
	if len(b) == 0 {
		return
	}
	if out := p.ip.output(); out != nil {
		out.Stream(p.name, string(b))
	}
}

func (p *pipeStream) pump() {
	buf := make([]byte, 64<<10)
	var pending []byte
	for {
		n, err := p.r.Read(buf)
		pending = append(pending, buf[:n]...)
		for {
			i := bytes.Index(pending, syncMarker)
			if i < 0 {
				break
			}
			p.emit(pending[:i])
			pending = pending[i+len(syncMarker):]
			select {
			case p.synced <- struct{}{}:
			default:
			}
		}
		// Hold back a tail that may be the start of a marker.
		k := markerPrefixLen(pending)
		p.emit(pending[:len(pending)-k])
		pending = append(pending[:0], pending[len(pending)-k:]...)
		if err != nil {
			p.emit(pending)
			return
		}
	}
}

// markerPrefixLen returns the length of the longest suffix of b that is a
// proper prefix of syncMarker.
func markerPrefixLen(b []byte) int {
	for k := min(len(b), len(syncMarker)-1); k > 0; k-- {
		if bytes.Equal(b[len(b)-k:], syncMarker[:k]) {
			return k
		}
	}
	return 0
}

// sync waits until everything written so far has been sent to the cell.
func (p *pipeStream) sync() {
	p.mu.Lock()
	defer p.mu.Unlock()
	select { // a stale signal
	case <-p.synced:
	default:
	}
	if _, err := p.w.Write(syncMarker); err != nil {
		return
	}
	select {
	case <-p.synced:
	case <-time.After(5 * time.Second): // the pump is stuck in a slow Output
	}
}

func (p *pipeStream) close() {
	p.w.Close()
}
