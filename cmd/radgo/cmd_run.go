package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"radgo/kernel"
	"radgo/kernel/eval"
)

const runUsage = `usage: radgo run [-h] FILE.go [args...]

Run a Go script in the notebook interpreter: the same preloaded packages
(fmt, math, strings, sort, os, time, rand, gonum mat/stat/floats, plot,
display, the radgo analysis packages) and the same cell semantics as the
Jupyter kernel. A script is a sequence of cells separated by lines that
start with //%%; a leading "package main" line is ignored, and a func main,
if there is one, runs after the rest, so a plain Go program works too. The value of a
cell's last expression and every display is printed as plain text. Errors
name FILE:line:col. The exit code is non-zero when a cell fails.

Arguments after FILE are the script's os.Args[1:].

Example:

	$ cat hello.go
	x := 21
	//%%
	x * 2
	$ radgo run hello.go
	42
`

// cellSepRE matches a cell separator line of a script.
var cellSepRE = regexp.MustCompile(`^\s*//\s*%%`)

func cmdRun(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, runUsage) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() < 1 {
		fs.Usage()
		return errUsage
	}
	file := fs.Arg(0)
	src, err := os.ReadFile(file)
	if err != nil {
		return err
	}
	ip, err := eval.New(eval.Options{Stdout: stdout, Stderr: stderr, Stdin: os.Stdin, Args: fs.Args()})
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	out := &textOutput{stdout: stdout, stderr: stderr}
	cells := scriptCells(string(src))
	// A plain Go program: its main runs after the declarations.
	hasMain := false
	for i, c := range cells {
		if mainFuncRE.MatchString(c.code) {
			cells[i].code = mainFuncRE.ReplaceAllString(c.code, "func "+scriptMain+"()")
			hasMain = true
		}
	}
	if hasMain {
		cells = append(cells, scriptCell{code: scriptMain + "()", line: 1})
	}
	for _, c := range cells {
		if strings.TrimSpace(c.code) == "" {
			continue
		}
		res, err := ip.Execute(ctx, c.code, out)
		out.flushUpdates()
		if err != nil {
			return scriptError(file, c.line, err)
		}
		if t, ok := res["text/plain"].(string); ok {
			fmt.Fprintln(stdout, t)
		}
	}
	return nil
}

// scriptCell is one cell of a script and the file line it starts on.
type scriptCell struct {
	code string
	line int
}

// scriptCells splits a script at //%% lines. Each cell's code starts on
// its first line, so that cell:L positions map to file line line+L-1.
func scriptCells(src string) []scriptCell {
	lines := strings.Split(src, "\n")
	var cells []scriptCell
	start := 0
	for i := 0; i <= len(lines); i++ {
		if i == len(lines) || cellSepRE.MatchString(lines[i]) {
			cells = append(cells, scriptCell{code: strings.Join(lines[start:i], "\n"), line: start + 1})
			start = i + 1
		}
	}
	if len(cells) > 0 {
		// A leading package clause (so that editors treat the script as Go)
		// is blanked, keeping positions.
		first := cells[0].code
		if m := pkgClauseRE.FindStringIndex(first); m != nil {
			cells[0].code = first[:m[0]] + strings.Repeat(" ", m[1]-m[0]) + first[m[1]:]
		}
	}
	return cells
}

var pkgClauseRE = regexp.MustCompile(`(?m)^package\s+main\s*$`)

// mainFuncRE finds the main function of a script written as a Go program.
var mainFuncRE = regexp.MustCompile(`(?m)^func main\(\)`)

const scriptMain = "radgoScriptMain"

var cellPosRE = regexp.MustCompile(`cell:(\d+):(\d+)`)

// scriptError rewrites cell positions of a cell error as file positions.
func scriptError(file string, line0 int, err error) error {
	var ee *kernel.ExecError
	if !errors.As(err, &ee) {
		return err
	}
	fix := func(s string) string {
		return cellPosRE.ReplaceAllStringFunc(s, func(m string) string {
			p := cellPosRE.FindStringSubmatch(m)
			l, _ := strconv.Atoi(p[1])
			return fmt.Sprintf("%s:%d:%s", file, line0+l-1, p[2])
		})
	}
	msg := fix(ee.Value)
	if !strings.Contains(msg, file+":") && ee.Name != "panic" {
		msg = fmt.Sprintf("%s:%d: %s", file, line0, msg)
	}
	var tb []string
	for _, t := range ee.Traceback[min(1, len(ee.Traceback)):] {
		tb = append(tb, fix(t))
	}
	if len(tb) > 0 {
		msg += "\n" + strings.Join(tb, "\n")
	}
	return fmt.Errorf("%s: %s", ee.Name, msg)
}

// textOutput prints a cell's outputs to a terminal: streams as they come,
// displays as their text/plain form; displays updated in place (progress
// bars) print once, in their final state, when the cell ends.
type textOutput struct {
	mu      sync.Mutex
	stdout  io.Writer
	stderr  io.Writer
	pending map[string]string
	order   []string
}

func (o *textOutput) Stream(name, text string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if name == "stderr" {
		io.WriteString(o.stderr, text)
	} else {
		io.WriteString(o.stdout, text)
	}
}

func (o *textOutput) Display(d kernel.Display) {
	o.mu.Lock()
	defer o.mu.Unlock()
	text, _ := d.Data["text/plain"].(string)
	if d.ID != "" {
		if o.pending == nil {
			o.pending = map[string]string{}
		}
		if _, ok := o.pending[d.ID]; !ok {
			o.order = append(o.order, d.ID)
		}
		o.pending[d.ID] = text
		return
	}
	fmt.Fprintln(o.stdout, text)
}

func (o *textOutput) flushUpdates() {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, id := range o.order {
		fmt.Fprintln(o.stdout, o.pending[id])
	}
	o.pending, o.order = nil, nil
}

func (o *textOutput) Clear(bool) {}

func (o *textOutput) Input(string, bool) (string, error) { return "", kernel.ErrNoStdin }
