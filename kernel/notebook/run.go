package notebook

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"radgo/kernel"
)

// RunOptions configure Run.
type RunOptions struct {
	// AllowErrors runs every cell even after one fails.
	AllowErrors bool
	// Timeout bounds the run time of each cell (0: no limit).
	Timeout time.Duration
	// Progress, when set, is called before each code cell runs with its
	// index in nb.Cells.
	Progress func(index int)
}

// CellError is returned by Run for the first failing cell (the notebook
// keeps the error as that cell's output).
type CellError struct {
	Index int // in Notebook.Cells
	Err   *kernel.ExecError
}

func (e *CellError) Error() string {
	return fmt.Sprintf("cell %d: %s: %s", e.Index, e.Err.Name, e.Err.Value)
}

// Run executes the code cells of nb in order with exec, replacing their
// outputs and execution counts by the new ones, as Jupyter would store
// them. Empty code cells are skipped (execution count null), as nbclient
// does. It stops at the first error unless opts.AllowErrors; the error is
// a *CellError.
func Run(ctx context.Context, nb *Notebook, exec kernel.Executor, opts RunOptions) error {
	col := &collector{nb: nb}
	count := 0
	var first error
	for i, c := range nb.Cells {
		if c.Type != Code {
			continue
		}
		c.Outputs = nil
		c.ExecutionCount = nil
		if strings.TrimSpace(c.Source) == "" {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if opts.Progress != nil {
			opts.Progress(i)
		}
		count++
		n := count
		c.ExecutionCount = &n
		col.start(c)
		cctx, cancel := ctx, context.CancelFunc(func() {})
		if opts.Timeout > 0 {
			cctx, cancel = context.WithTimeout(ctx, opts.Timeout)
		}
		res, err := exec.Execute(cctx, c.Source, col)
		timedOut := cctx.Err() == context.DeadlineExceeded && ctx.Err() == nil
		cancel()
		if err != nil {
			var ee *kernel.ExecError
			if !errors.As(err, &ee) {
				ee = &kernel.ExecError{Name: "Error", Value: err.Error(), Traceback: []string{err.Error()}}
			}
			if timedOut {
				ee = &kernel.ExecError{Name: "Timeout", Value: fmt.Sprintf("the cell did not finish within %v", opts.Timeout),
					Traceback: []string{fmt.Sprintf("Timeout: the cell did not finish within %v (--timeout)", opts.Timeout)}}
			}
			col.add(&Output{Type: Error, EName: ee.Name, EValue: ee.Value, Traceback: nonNil(ee.Traceback)})
			if first == nil {
				first = &CellError{Index: i, Err: ee}
			}
			if !opts.AllowErrors {
				return first
			}
			continue
		}
		if len(res) > 0 {
			col.add(&Output{Type: ExecuteResult, Data: map[string]any(res), Metadata: map[string]any{}, ExecutionCount: &n})
		}
	}
	col.stop()
	if opts.AllowErrors {
		return nil
	}
	return first
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// collector is the kernel.Output of a notebook run: it appends outputs to
// the running cell, merging consecutive stream text, and applies display
// updates to earlier outputs with the same display ID.
type collector struct {
	mu        sync.Mutex
	nb        *Notebook
	cell      *Cell
	clearNext bool
}

func (c *collector) start(cell *Cell) {
	c.mu.Lock()
	c.cell, c.clearNext = cell, false
	c.mu.Unlock()
}

func (c *collector) stop() {
	c.mu.Lock()
	c.cell = nil
	c.mu.Unlock()
}

func (c *collector) add(o *Output) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.addLocked(o)
}

func (c *collector) addLocked(o *Output) {
	if c.cell == nil {
		return // output of a goroutine after the notebook finished
	}
	if c.clearNext {
		c.cell.Outputs, c.clearNext = nil, false
	}
	if o.Type == Stream {
		if n := len(c.cell.Outputs); n > 0 {
			if last := c.cell.Outputs[n-1]; last.Type == Stream && last.Name == o.Name {
				last.Text += o.Text
				return
			}
		}
	}
	c.cell.Outputs = append(c.cell.Outputs, o)
}

func (c *collector) Stream(name, text string) {
	c.add(&Output{Type: Stream, Name: name, Text: text})
}

func (c *collector) Display(d kernel.Display) {
	c.mu.Lock()
	defer c.mu.Unlock()
	md := d.Metadata
	if md == nil {
		md = map[string]any{}
	}
	if d.Update {
		for _, cell := range c.nb.Cells {
			for _, o := range cell.Outputs {
				if o.Type == DisplayData && o.DisplayID == d.ID {
					o.Data, o.Metadata = map[string]any(d.Data), md
				}
			}
		}
		return
	}
	c.addLocked(&Output{Type: DisplayData, Data: map[string]any(d.Data), Metadata: md, DisplayID: d.ID})
}

func (c *collector) Clear(wait bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.cell == nil {
		return
	}
	if wait {
		c.clearNext = true
		return
	}
	c.cell.Outputs = nil
}

func (c *collector) Input(string, bool) (string, error) { return "", kernel.ErrNoStdin }
