package worker

import (
	"io"
	"sync"
	"time"
	"unicode/utf8"
)

// streamReader reads one of the child's output pipes, splits off sync
// markers and hands coalesced text to the proxy's current cell.
type streamReader struct {
	name string
	p    *Proxy

	mu       sync.Mutex
	cond     *sync.Cond
	buf      []byte      // text not yet flushed
	timer    *time.Timer // flushes a batch FlushInterval after its first byte
	synced   uint64      // highest marker seen
	released uint64      // highest marker whose event has been delivered
	eof      bool
	dead     bool // the child was killed: stop waiting for releases

	flushMu sync.Mutex // serialises deliveries, keeping their order
}

func newStreamReader(name string, p *Proxy) *streamReader {
	s := &streamReader{name: name, p: p}
	s.cond = sync.NewCond(&s.mu)
	return s
}

// run reads r until EOF.
func (s *streamReader) run(r io.Reader) {
	b := make([]byte, 64<<10)
	var carry []byte
	for {
		n, err := r.Read(b)
		if n > 0 {
			data := b[:n]
			if len(carry) > 0 {
				data = append(carry, data...)
			}
			carry = splitMarkers(data, s.text, s.sync)
			carry = append([]byte(nil), carry...)
		}
		if err != nil {
			if len(carry) > 0 {
				s.text(carry)
			}
			s.flush(true)
			s.mu.Lock()
			s.eof = true
			s.cond.Broadcast()
			s.mu.Unlock()
			return
		}
	}
}

func (s *streamReader) text(b []byte) {
	s.mu.Lock()
	if len(s.buf) == 0 {
		// The first byte of a new batch arms the flush timer, so output
		// never waits longer than FlushInterval and an idle kernel has no
		// timers running.
		if s.timer == nil {
			s.timer = time.AfterFunc(s.p.opts.FlushInterval, s.timedFlush)
		} else {
			s.timer.Reset(s.p.opts.FlushInterval)
		}
	}
	s.buf = append(s.buf, b...)
	full := len(s.buf) >= s.p.opts.MaxChunk
	s.mu.Unlock()
	if full {
		s.flush(false)
	}
}

// sync handles marker seq: everything before it is delivered, then the
// reader waits until the event that follows the marker has been delivered
// too (release), so that output written after a display cannot overtake it.
func (s *streamReader) sync(seq uint64) {
	s.flush(true)
	s.mu.Lock()
	if seq > s.synced {
		s.synced = seq
	}
	s.cond.Broadcast()
	deadline := time.Now().Add(releaseTimeout)
	t := time.AfterFunc(releaseTimeout, func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	for s.released < seq && !s.dead && time.Now().Before(deadline) {
		s.cond.Wait()
	}
	s.mu.Unlock()
	t.Stop()
}

// releaseTimeout bounds the wait for an event whose marker was read; it only
// matters if the event never comes (a bug or a dying child).
const releaseTimeout = 5 * time.Second

func (s *streamReader) release(seq uint64, dead bool) {
	s.mu.Lock()
	if seq > s.released {
		s.released = seq
	}
	if dead {
		s.dead = true
	}
	s.cond.Broadcast()
	s.mu.Unlock()
}

// flush delivers the buffered text. Unless all is set, an incomplete UTF-8
// sequence at the end stays buffered for the next read.
func (s *streamReader) flush(all bool) {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	s.mu.Lock()
	n := len(s.buf)
	if !all {
		n = completeUTF8(s.buf)
	}
	if n == 0 {
		s.mu.Unlock()
		return
	}
	text := string(s.buf[:n])
	s.buf = append(s.buf[:0], s.buf[n:]...)
	s.mu.Unlock()
	s.p.deliver(s.name, text)
}

// timedFlush runs FlushInterval after a batch started. An incomplete UTF-8
// sequence left in the buffer re-arms the timer.
func (s *streamReader) timedFlush() {
	s.flush(false)
	s.mu.Lock()
	if len(s.buf) > 0 {
		s.timer.Reset(s.p.opts.FlushInterval)
	}
	s.mu.Unlock()
}

// waitSync waits until the marker seq has been read (or the pipe closed,
// or timeout passed).
func (s *streamReader) waitSync(seq uint64, timeout time.Duration) {
	if seq == 0 {
		return
	}
	deadline := time.Now().Add(timeout)
	t := time.AfterFunc(timeout, func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	defer t.Stop()
	s.mu.Lock()
	for s.synced < seq && !s.eof && time.Now().Before(deadline) {
		s.cond.Wait()
	}
	s.mu.Unlock()
}

// waitEOF waits until the pipe is closed or timeout passes.
func (s *streamReader) waitEOF(timeout time.Duration) {
	deadline := time.Now().Add(timeout)
	t := time.AfterFunc(timeout, func() {
		s.mu.Lock()
		s.cond.Broadcast()
		s.mu.Unlock()
	})
	defer t.Stop()
	s.mu.Lock()
	for !s.eof && time.Now().Before(deadline) {
		s.cond.Wait()
	}
	s.mu.Unlock()
}

// completeUTF8 returns the length of the longest prefix of b that does not
// end inside a UTF-8 sequence.
func completeUTF8(b []byte) int {
	for i := len(b) - 1; i >= 0 && i >= len(b)-utf8.UTFMax; i-- {
		if utf8.RuneStart(b[i]) {
			if utf8.FullRune(b[i:]) {
				return len(b)
			}
			return i
		}
	}
	return len(b)
}
