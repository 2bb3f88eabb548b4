package display

import (
	"fmt"
	"html"
	"strings"
	"sync"
	"time"
)

// Progress is a progress bar shown in place (update_display_data). Its
// methods are safe for concurrent use, so parallel workers may call Add.
// Its outputs carry the metadata {"radgo": {"volatile": true}}: they show
// elapsed times, and radgo exec --check does not compare them.
type Progress struct {
	s     *Session
	id    string
	label string

	mu       sync.Mutex
	total    int
	done     int
	start    time.Time
	last     time.Time
	finished bool
	now      func() time.Time
}

// volatile is the metadata of a progress bar: its text holds elapsed
// times, so radgo exec --check skips it ({"radgo": {"volatile": true}}).
func volatile() map[string]any {
	return map[string]any{"radgo": map[string]any{"volatile": true}}
}

// progressInterval is the shortest time between two updates of a bar.
const progressInterval = 100 * time.Millisecond

// NewProgress displays a progress bar for total steps (0 when unknown).
func (s *Session) NewProgress(label string, total int) *Progress {
	p := &Progress{s: s, id: s.NewID(), label: label, total: total, now: time.Now}
	p.start = p.now()
	p.last = p.start
	s.send(Output{Data: p.bundle(), Metadata: volatile(), ID: p.id})
	return p
}

// Add advances the bar by n steps.
func (p *Progress) Add(n int) {
	p.mu.Lock()
	p.done += n
	p.mu.Unlock()
	p.refresh(false)
}

// Set sets the number of steps done.
func (p *Progress) Set(done int) {
	p.mu.Lock()
	p.done = done
	p.mu.Unlock()
	p.refresh(false)
}

// Report sets the steps done and the total; its signature suits progress
// callbacks of long compiled calls (func(done, total int)).
func (p *Progress) Report(done, total int) {
	p.mu.Lock()
	p.done, p.total = done, total
	p.mu.Unlock()
	p.refresh(false)
}

// Done ends the bar: it is replaced by a summary line with the count and
// the elapsed time.
func (p *Progress) Done() {
	p.mu.Lock()
	if p.finished {
		p.mu.Unlock()
		return
	}
	p.finished = true
	p.mu.Unlock()
	p.refresh(true)
}

func (p *Progress) refresh(force bool) {
	p.mu.Lock()
	t := p.now()
	if !force && (p.finished || t.Sub(p.last) < progressInterval) {
		p.mu.Unlock()
		return
	}
	p.last = t
	p.mu.Unlock()
	p.s.send(Output{Data: p.bundle(), Metadata: volatile(), ID: p.id, Update: true})
}

// String returns the text form of the bar, e.g.
// "extraction [#########...........] 45/100 (45%) 2.1s".
func (p *Progress) String() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.textLocked()
}

func (p *Progress) textLocked() string {
	elapsed := p.now().Sub(p.start).Round(time.Millisecond)
	if p.finished {
		if p.total > 0 {
			return fmt.Sprintf("%s: %d/%d done in %v", p.label, p.done, p.total, elapsed)
		}
		return fmt.Sprintf("%s: %d done in %v", p.label, p.done, elapsed)
	}
	if p.total <= 0 {
		return fmt.Sprintf("%s %d %v", p.label, p.done, elapsed)
	}
	const width = 20
	frac := float64(p.done) / float64(p.total)
	frac = min(max(frac, 0), 1)
	n := int(frac * width)
	return fmt.Sprintf("%s [%s%s] %d/%d (%.0f%%) %v", p.label, strings.Repeat("#", n),
		strings.Repeat(".", width-n), p.done, p.total, 100*frac, elapsed)
}

func (p *Progress) bundle() Bundle {
	p.mu.Lock()
	defer p.mu.Unlock()
	text := p.textLocked()
	if p.finished || p.total <= 0 {
		return Bundle{"text/plain": text, "text/html": "<pre>" + html.EscapeString(text) + "</pre>"}
	}
	h := fmt.Sprintf(`<div><progress value="%d" max="%d" style="width:20em"></progress> <code>%s</code></div>`,
		p.done, p.total, html.EscapeString(text))
	return Bundle{"text/plain": text, "text/html": h}
}
