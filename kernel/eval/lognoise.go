package eval

import (
	"io"
	"log"
	"regexp"
	"sync"
)

// yaegi v0.16.1 reports some compile failures with log.Panic on the
// process-wide standard logger ("nil type", "nil reflect type",
// "compositeGenerator not implemented ..."), which the evaluator recovers
// and turns into the cell's error; the log line itself would show up as
// noise on the cell's stderr. quietYaegiLog installs, once, a filter on
// the standard logger's writer that drops exactly those lines and passes
// everything else through.
var quietOnce sync.Once

var yaegiLogRE = regexp.MustCompile(`^(?:\d{4}/\d\d/\d\d \d\d:\d\d:\d\d(?:\.\d+)? )?(?:nil type|nil reflect type|\d+:\d+: compositeGenerator not implemented.*)\n?$`)

func quietYaegiLog() {
	quietOnce.Do(func() { log.SetOutput(logFilter{log.Writer()}) })
}

type logFilter struct{ w io.Writer }

func (f logFilter) Write(p []byte) (int, error) {
	if yaegiLogRE.Match(p) {
		return len(p), nil
	}
	return f.w.Write(p)
}
