package eval

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"reflect"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/traefik/yaegi/interp"
	yaegistd "github.com/traefik/yaegi/stdlib"

	"radgo/core/provenance"
	"radgo/kernel"
	"radgo/stdlib"
	"radgo/stdlib/display"
)

// Options configure an Interpreter. The zero value is ready to use.
type Options struct {
	// Stdout and Stderr receive what interpreted code prints with fmt.Print*,
	// print, log and os.Stdout/os.Stderr (when they are *os.File values).
	// When nil, the interpreter writes to a pipe whose content goes to the
	// running cell's kernel.Output as stdout and stderr streams (also what
	// interpreted code writes to os.Stdout and os.Stderr; compiled packages
	// writing to the process's os.Stdout are not captured). The kernel
	// worker, which captures file descriptors 1 and 2, passes its
	// os.Stdout and os.Stderr.
	Stdout, Stderr io.Writer
	// Stdin is the standard input of cells: what fmt.Scan* and interpreted
	// os.Stdin read. When nil, each line is requested with the running
	// cell's Output.Input (input_request); see the package documentation.
	Stdin io.Reader
	// Env is the environment seen by interpreted os.Getenv; nil means
	// os.Environ().
	Env []string
	// Args is interpreted os.Args; nil means os.Args.
	Args []string
	// NoPreload disables the implicit imports of Preloaded.
	NoPreload bool
}

// Preloaded lists the packages a cell can use without an import line,
// under the name given (the last element of the path unless it is a major
// version, as for math/rand/v2): the standard packages below and the
// entries marked "preload" in stdlib/packages.txt (gonum mat, stat, floats,
// plot, the project's analysis packages, display). They live in the
// interpreter's universe scope, so an explicit import of any package under
// the same name shadows them without conflict.
var Preloaded = append([]Package{
	{"fmt", "fmt"}, {"math", "math"}, {"strings", "strings"}, {"sort", "sort"}, {"os", "os"},
	{"time", "time"}, {"errors", "errors"}, {"strconv", "strconv"}, {"rand", "math/rand/v2"},
}, listedPreloads()...)

func listedPreloads() []Package {
	pkgs, err := stdlib.Packages()
	if err != nil {
		panic("eval: " + err.Error()) // packages.txt is embedded: a build-time mistake
	}
	var out []Package
	for _, p := range pkgs {
		if p.Preload {
			out = append(out, Package{p.Name, p.Path})
		}
	}
	return out
}

// Package is a preloaded package: the name cells use and its import path.
type Package struct{ Name, Path string }

// Interpreter evaluates notebook cells in one yaegi interpreter; it
// implements kernel.Executor. Cells run one at a time.
type Interpreter struct {
	opts Options

	run sync.Mutex // held while a cell runs

	mu  sync.Mutex // guards out
	out kernel.Output

	in      *interp.Interpreter
	session *display.Session
	stderr  *panicFilter

	preloadBinding map[string]string // preloaded name -> import path it denotes now
	defers         []func()          // deferred calls of the running cell's top level
	pipes          []*pipeStream     // stdout, stderr captures (nil when Options gave writers)
	input          *inputReader      // standard input of cells when Options.Stdin is nil

	result        display.Bundle // set by the compiled result function
	hasResult     bool
	resultWrapped bool   // the result is a yaegi wrapper: its text is unreliable
	plain         string // text of the unwrapped result
	hasPlain      bool

	syms *symtab

	rec    provenance.Recorder // inputs and seeds reported by the project's packages
	detach func()              // stops rec observing the process's readers
	execN  int                 // Execute calls so far: the cell tag of rec
	// started is when New was called: inputs modified later were written
	// by the session.
	started time.Time
}

var _ kernel.Executor = (*Interpreter)(nil)

func preloadPath(p Package) string { return "radgo/preload/" + p.Name + "/" + p.Name }

// resultPath is the import path under which the compiled function that
// receives a cell's last expression is registered.
const (
	resultPath  = "radgo/kernel/eval/internal/cellresult"
	resultAlias = "_radgoCell"
	osAlias     = "_radgoOS" // os for the magics, whatever the cells call os
	resultVar   = "_radgoV"  // holds the value of a cell's last expression
)

// New returns an interpreter with the standard library, the packages of
// radgo/stdlib and the notebook display package loaded, and Preloaded
// imported.
func New(opts Options) (*Interpreter, error) {
	quietYaegiLog()
	ip := &Interpreter{opts: opts, stderr: &panicFilter{w: io.Discard}, started: time.Now()}
	ip.input = &inputReader{ip: ip}
	for i, name := range []string{"stdout", "stderr"} {
		if (i == 0 && opts.Stdout == nil) || (i == 1 && opts.Stderr == nil) {
			var filter func([]byte) []byte
			if i == 1 {
				filter = ip.stderr.filter
			}
			p, err := newPipeStream(ip, name, filter)
			if err != nil {
				return nil, fmt.Errorf("eval: %w", err)
			}
			ip.pipes = append(ip.pipes, p)
		} else {
			ip.pipes = append(ip.pipes, nil)
		}
	}
	// The process's readers report to ip.rec (core/provenance: it only
	// observes). Two interpreters in one process both see every report.
	ip.detach = provenance.Attach(&ip.rec)
	if err := ip.init(); err != nil {
		ip.Close()
		return nil, err
	}
	return ip, nil
}

// Close releases the pipes that capture the output of interpreted code
// (when Options.Stdout or Stderr were nil). The interpreter must not be
// used afterwards.
func (ip *Interpreter) Close() error {
	ip.detach()
	for _, p := range ip.pipes {
		if p != nil {
			p.close()
		}
	}
	return nil
}

// syncOutput waits until the captured output of the cell reached it.
func (ip *Interpreter) syncOutput() {
	for _, p := range ip.pipes {
		if p != nil {
			p.sync()
		}
	}
}

// reset replaces the interpreter by a fresh one (%reset).
func (ip *Interpreter) reset() error { return ip.init() }

// init (re)creates the yaegi interpreter and the symbol table.
func (ip *Interpreter) init() error {
	opts := ip.opts
	ip.syms = newSymtab()
	ip.preloadBinding = map[string]string{}
	for _, p := range Preloaded {
		ip.preloadBinding[p.Name] = p.Path
	}
	var stdout, stderr io.Writer = opts.Stdout, opts.Stderr
	if stdout == nil {
		stdout = ip.pipes[0].w
	}
	var interpStderr io.Writer = ip.stderr
	if stderr == nil {
		// The pipe itself, so that interpreted os.Stderr is captured too;
		// its pump applies the filter (New set it up).
		interpStderr = ip.pipes[1].w
	} else {
		ip.stderr.w = stderr
	}
	stdin := opts.Stdin
	if stdin == nil {
		stdin = ip.input
	}
	env := opts.Env
	if env == nil {
		env = os.Environ()
	}
	args := opts.Args
	if args == nil {
		args = os.Args
	}
	ip.in = interp.New(interp.Options{Stdout: stdout, Stderr: interpStderr, Stdin: stdin, Env: env, Args: args})

	// Preloaded packages: yaegi's ImportUsed puts every package loaded so
	// far into the universe scope under the last element of its key, so
	// load them first under "radgo/preload/<name>" and everything else
	// after it.
	preload := interp.Exports{}
	if !opts.NoPreload {
		for _, p := range Preloaded {
			t := symbolTable(p.Path)
			if t == nil {
				return fmt.Errorf("eval: preloaded package %s has no symbol table (add it to stdlib/packages.txt)", p.Path)
			}
			preload[preloadPath(p)] = t
		}
	}
	if err := ip.in.Use(preload); err != nil {
		return fmt.Errorf("eval: preloading packages: %w", err)
	}
	ip.in.ImportUsed()
	if err := ip.in.Use(yaegistd.Symbols); err != nil {
		return fmt.Errorf("eval: loading the standard library: %w", err)
	}
	if err := ip.in.Use(stdlib.Symbols); err != nil {
		return fmt.Errorf("eval: loading radgo/stdlib: %w", err)
	}
	if err := ip.useDisplay(); err != nil {
		return err
	}
	if err := ip.useStdin(stdin); err != nil {
		return err
	}
	// Loading the standard library redirected fmt, os and log to the
	// interpreter's streams, useStdin made os.Stdin read the cell's input,
	// and useDisplay bound display to the session: give the preloaded
	// copies the same symbols.
	if !opts.NoPreload {
		fix := interp.Exports{}
		for _, p := range Preloaded {
			switch p.Path {
			case "fmt", "os", "log", "radgo/stdlib/display":
				if ex := ip.in.Symbols(p.Path); ex[p.Path] != nil {
					fix[preloadPath(p)] = ex[p.Path]
				}
			}
		}
		if err := ip.in.Use(fix); err != nil {
			return fmt.Errorf("eval: preloading packages: %w", err)
		}
	}
	src := "package main\nimport (\n" + resultAlias + " " + strconv.Quote(resultPath) + "\n" + osAlias + ` "os"` + "\n)"
	if _, err := ip.compileAndRun(context.Background(), src); err != nil {
		return fmt.Errorf("eval: preloading packages: %w", err)
	}
	if !opts.NoPreload {
		for _, p := range Preloaded {
			ip.syms.addPackage(p.Name, p.Path)
		}
	}
	return nil
}

// displayInterfaces are the interfaces whose methods the compiled display
// functions see on interpreted values, most specific first (yaegi wraps a
// value for the first one it implements).
var displayInterfaces = []reflect.Type{
	reflect.TypeOf((*display.PNGer)(nil)).Elem(),
	reflect.TypeOf((*display.SVGer)(nil)).Elem(),
	reflect.TypeOf((*display.JPEGer)(nil)).Elem(),
	reflect.TypeOf((*display.HTMLer)(nil)).Elem(),
	reflect.TypeOf((*display.Markdowner)(nil)).Elem(),
	reflect.TypeOf((*display.JSONer)(nil)).Elem(),
	reflect.TypeOf((*fmt.Stringer)(nil)).Elem(),
	reflect.TypeOf((*error)(nil)).Elem(),
}

// useDisplay binds the display package to this interpreter: every
// package-level function of radgo/stdlib/display is replaced by the method
// of the same name of a Session writing to the running cell, and the
// result function for last expressions is registered.
func (ip *Interpreter) useDisplay() error {
	ip.session = display.NewSession(sinkAdapter{ip}, "")
	const key = "radgo/stdlib/display/display"
	syms, ok := stdlib.Symbols[key]
	if !ok {
		return errors.New("eval: radgo/stdlib/display has no symbol table (run go generate ./stdlib/...)")
	}
	bound := map[string]reflect.Value{}
	mapTypes := map[reflect.Value][]reflect.Type{}
	sv := reflect.ValueOf(ip.session)
	for name, v := range syms {
		if v.Kind() != reflect.Func {
			continue
		}
		m := sv.MethodByName(name)
		if !m.IsValid() {
			continue
		}
		if m.Type() != v.Type() {
			return fmt.Errorf("eval: display.%s and (*display.Session).%s differ in signature", name, name)
		}
		bound[name] = m
		mapTypes[m] = displayInterfaces
	}
	result := reflect.ValueOf(func(vs ...any) {
		ip.result = display.RenderAll(vs...)
		ip.hasResult = true
		// The text of a wrapped interpreted value is unreliable unless it
		// came from String/Error or a rich renderer (JSON, image size).
		ip.resultWrapped = len(vs) == 1 && display.IsWrapped(vs[0]) && ip.result.Text() == display.Text(vs[0])
		if ip.resultWrapped {
			switch vs[0].(type) {
			case fmt.Stringer, error: // the wrapper serves String/Error
				ip.resultWrapped = false
			}
		}
	})
	mapTypes[result] = displayInterfaces
	deferFn := reflect.ValueOf(func(f func()) {
		ip.defers = append(ip.defers, f)
	})
	plain := reflect.ValueOf(func(v any) {
		ip.plain, ip.hasPlain = display.Text(v), true
	})
	return ip.in.Use(interp.Exports{
		key: bound,
		resultPath + "/cellresult": {"Result": result, "Plain": plain, "Defer": deferFn,
			"Stop": reflect.ValueOf(&stopCell).Elem()},
		".": {"MapTypes": reflect.ValueOf(mapTypes)},
	})
}

// output returns the Output of the running (or last) cell.
func (ip *Interpreter) output() kernel.Output {
	ip.mu.Lock()
	defer ip.mu.Unlock()
	return ip.out
}

func (ip *Interpreter) setOutput(out kernel.Output) {
	ip.mu.Lock()
	ip.out = out
	ip.mu.Unlock()
}

// Execute runs one cell. See the package documentation for the pipeline.
func (ip *Interpreter) Execute(ctx context.Context, code string, out kernel.Output) (res kernel.MIMEBundle, err error) {
	ip.run.Lock()
	defer ip.run.Unlock()
	defer func() { // a bug of the evaluator must not take the kernel down
		if r := recover(); r != nil {
			res, err = nil, execErr("InternalError", fmt.Sprintf("radgo's evaluator failed on this cell: %v (please report it)", r))
		}
	}()
	if out == nil {
		out = discard{}
	}
	ip.setOutput(out)
	ip.execN++
	ip.rec.SetCell(ip.execN)
	ctx = provenance.NewContext(ctx, &ip.rec) // for compiled calls given the cell's context
	ip.input.newCell()
	ip.session.SetContext(ctx)
	defer ip.session.SetContext(context.Background())

	ip.defers = nil
	defer ip.syncOutput() // runs last
	defer ip.runDefers()
	if handled, res, err := ip.magic(ctx, code, out); handled {
		return res, err
	}
	return ip.execGo(ctx, code)
}

// runDefers runs the deferred calls of a cell's top level, last first; a
// panic in one is reported on the cell's stderr.
func (ip *Interpreter) runDefers() {
	for i := len(ip.defers) - 1; i >= 0; i-- {
		func() {
			defer func() {
				if r := recover(); r != nil {
					if out := ip.output(); out != nil {
						out.Stream("stderr", fmt.Sprintf("panic in a deferred call: %v\n", r))
					}
				}
			}()
			ip.defers[i]()
		}()
	}
	ip.defers = nil
}

// execGo runs Go source: split, evaluate each chunk, display the last
// expression.
func (ip *Interpreter) execGo(ctx context.Context, code string) (kernel.MIMEBundle, error) {
	if err := ip.syms.check(code); err != nil {
		return nil, err
	}
	chunks := splitCell(code)
	code = ip.syms.dropRepeatedImports(code, chunks)
	code, chunks = modernize(code, chunks)
	var err error
	if code, err = ip.rebindPreloaded(code, chunks); err != nil {
		return nil, err
	}
	for _, c := range chunks {
		if err := ctx.Err(); err != nil {
			return nil, interrupted()
		}
		switch c.kind {
		case declChunk:
			if strings.TrimSpace(code[c.start:c.end]) == "" {
				continue // only repeated imports
			}
			src := "package main\n" + padded(code, c)
			if _, err := ip.compileAndRun(ctx, src); err != nil {
				if !ip.retryRangeInt(ctx, err, code, c, "package main\n") {
					ip.syms.poison(code[c.start:c.end])
					return nil, ip.execError(err, code)
				}
			}
			text := code[c.start:c.end]
			if err := ip.rebind(ctx, ip.syms.addDecls(text), funcNames(text)); err != nil {
				return nil, err
			}
		case stmtChunk:
			if _, err := ip.compileAndRun(ctx, ";\n"+padded(code, c)); isStop(err) {
				return nil, nil // a top-level return ends the cell
			} else if err != nil {
				if !ip.retryRangeInt(ctx, err, code, c, ";\n") {
					return nil, ip.execError(err, code)
				}
			}
			if err := ip.rebind(ctx, ip.syms.addStmts(code[c.start:c.end]), nil); err != nil {
				return nil, err
			}
		case exprChunk:
			res, err := ip.evalExpr(ctx, code, c)
			if err != nil {
				return nil, ip.execError(err, code)
			}
			if res != nil {
				return kernel.MIMEBundle(res), nil
			}
		}
	}
	return nil, nil
}

// evalExpr evaluates the trailing expression statement of a cell as the
// argument of the compiled result function; when that does not compile
// (a call without results, a type, ...) the statement runs as it is.
func (ip *Interpreter) evalExpr(ctx context.Context, code string, c chunk) (display.Bundle, error) {
	// The call's opening parenthesis ends the line before the expression,
	// so lines and columns inside the expression stay the cell's own.
	pad := padded(code, c)
	// The last newline of the padding, not of a multi-line expression.
	nl := strings.LastIndexByte(pad[:len(pad)-(c.end-c.start)], '\n')
	wrapped := ";" + pad[:nl+1] + resultAlias + ".Result(\n" + pad[nl+1:] + ")"
	// With one value, keep it in a variable and also pass it to Plain,
	// which yaegi does not wrap, for its text form (interface wrappers hide
	// it): _radgoV := E; Result(_radgoV); Plain(_radgoV).
	single := ";" + pad[:max(nl, 0)] + " " + resultVar + " :=\n" + pad[nl+1:] +
		"\n" + resultAlias + ".Result(" + resultVar + ")\n" + resultAlias + ".Plain(" + resultVar + ")"
	ip.result, ip.hasResult = nil, false
	if isPrintCall(code[c.start:c.end]) {
		_, err := ip.compileAndRun(ctx, ";\n"+pad)
		return nil, err
	}
	ip.plain, ip.hasPlain = "", false
	// Result(E) decides whether E is a value (yaegi accepts an undefined
	// name on the right of :=, so the single form alone cannot).
	prog, err := ip.compile(wrapped)
	if err != nil {
		// Not a value: run the plain statement, whose errors are the
		// user's own.
		_, err := ip.compileAndRun(ctx, ";\n"+pad)
		return nil, err
	}
	// yaegi accepts x := f() for a multi-valued f (taking the first), so
	// the single form is only for expressions that are not calls.
	if e, perr := parser.ParseExpr(code[c.start:c.end]); perr == nil && ip.singleValued(e) {
		if p, err := ip.compile(single); err == nil {
			prog = p
		}
	}
	if _, err := ip.execute(ctx, prog); err != nil {
		return nil, err
	}
	if !ip.hasResult {
		return nil, nil
	}
	if ip.hasPlain && ip.resultWrapped {
		ip.result["text/plain"] = ip.plain
	}
	return ip.result, nil
}

// singleValued reports whether expression e certainly has one value: it
// is not a call, or it calls a function of an earlier cell or of a
// package with one result.
func (ip *Interpreter) singleValued(e ast.Expr) bool {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			break
		}
		e = p.X
	}
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return true
	}
	switch f := call.Fun.(type) {
	case *ast.Ident:
		if s := ip.syms.lookup(f.Name); s != nil && s.kind == symFunc {
			return s.results == 1
		}
	case *ast.SelectorExpr:
		if q, ok := f.X.(*ast.Ident); ok {
			if s := ip.syms.lookup(q.Name); s != nil && s.kind == symPkg {
				if v, ok := symbolTable(s.path)[f.Sel.Name]; ok && v.Kind() == reflect.Func {
					return v.Type().NumOut() == 1
				}
			}
		}
	}
	return false
}

// isPrintCall reports whether expr calls a Print*, Fprint* or Write*
// function or method, whose byte count and nil error nobody wants to see
// as the cell's value (gophernotes #179).
func isPrintCall(expr string) bool {
	e, err := parser.ParseExpr(expr)
	if err != nil {
		return false
	}
	call, ok := e.(*ast.CallExpr)
	if !ok {
		return false
	}
	var name string
	switch f := call.Fun.(type) {
	case *ast.SelectorExpr:
		name = f.Sel.Name
	case *ast.Ident:
		name = f.Name
	}
	for _, p := range []string{"Print", "Fprint", "Write"} {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}

// compile compiles src, turning an interpreter-internal panic into an
// error.
func (ip *Interpreter) compile(src string) (prog *interp.Program, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &internalError{value: r, stack: debug.Stack()}
		}
	}()
	return ip.in.Compile(src)
}

// execute runs a compiled program with ctx; cancellation returns at once.
func (ip *Interpreter) execute(ctx context.Context, prog *interp.Program) (res reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &internalError{value: r, stack: debug.Stack()}
		}
	}()
	ip.stderr.reset()
	return ip.in.ExecuteWithContext(ctx, prog)
}

func (ip *Interpreter) compileAndRun(ctx context.Context, src string) (reflect.Value, error) {
	prog, err := ip.compile(src)
	if err != nil {
		return reflect.Value{}, err
	}
	return ip.execute(ctx, prog)
}

// internalError is a panic of the interpreter itself (not of the cell).
type internalError struct {
	value any
	stack []byte
}

func (e *internalError) Error() string { return fmt.Sprint(e.value) }

// modernize applies rewriteLoopVars (and rewriteDefers to statements) to the chunks of a cell, shifting the
// chunks that follow a rewritten one.
func modernize(code string, chunks []chunk) (string, []chunk) {
	shift := 0
	out := make([]chunk, len(chunks))
	var b strings.Builder
	last := 0
	for i, c := range chunks {
		c.start += shift
		c.end += shift
		if c.kind != exprChunk {
			text := code[c.start-shift : c.end-shift]
			nt, ok := rewriteLoopVars(text, c.kind == declChunk)
			if c.kind == stmtChunk {
				if nt2, ok2 := rewriteDefers(nt); ok2 {
					nt, ok = nt2, true
				}
			}
			if ok {
				b.WriteString(code[last : c.start-shift])
				b.WriteString(nt)
				last = c.end - shift
				shift += len(nt) - len(text)
				c.end = c.start + len(nt)
			}
		}
		out[i] = c
	}
	if last == 0 {
		return code, chunks
	}
	b.WriteString(code[last:])
	return b.String(), out
}

// retryRangeInt re-runs a chunk whose compilation panicked with yaegi's
// "nil type" (a range over an integer) with its range loops rewritten;
// it reports whether that worked.
func (ip *Interpreter) retryRangeInt(ctx context.Context, err error, code string, c chunk, prefix string) bool {
	var ie *internalError
	if !errors.As(err, &ie) || !strings.Contains(ie.Error(), "nil type") {
		return false
	}
	text, ok := rewriteRangeInt(code[c.start:c.end], c.kind == declChunk)
	if !ok {
		return false
	}
	pad := padded(code, c)
	pad = pad[:len(pad)-(c.end-c.start)] + text
	prog, cerr := ip.compile(prefix + pad)
	if cerr != nil {
		return false
	}
	_, rerr := ip.execute(ctx, prog)
	return rerr == nil
}

// rebindPreloaded handles the imports of a cell that name a preloaded
// package: yaegi resolves a bare identifier in the universe scope first,
// so the import spec is blanked out and the universe binding is replaced
// by the imported package (latest import wins).
func (ip *Interpreter) rebindPreloaded(code string, chunks []chunk) (string, error) {
	if ip.opts.NoPreload {
		return code, nil
	}
	b := []byte(code)
	for _, c := range chunks {
		if !c.imports {
			continue
		}
		fset, f, err := parseDecls(code[c.start:c.end])
		if err != nil {
			continue
		}
		base := fset.File(f.Pos()).Base()
		off := func(p token.Pos) int { return c.start + int(p) - base - len("package main\n") }
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.IMPORT {
				continue
			}
			kept := 0
			for _, s := range gd.Specs {
				is := s.(*ast.ImportSpec)
				name, path := importName(is)
				pre, ok := preloadedByName(name)
				table := symbolTable(path)
				if !ok || table == nil {
					kept++
					continue
				}
				if ip.preloadBinding[name] != path {
					if err := ip.in.Use(interp.Exports{preloadPath(pre): table}); err != nil {
						return code, execErr("ImportError", err.Error())
					}
					ip.preloadBinding[name] = path
				}
				ip.syms.addPackage(name, path)
				blankRange(b, off(is.Pos()), off(is.End()))
			}
			if kept == 0 && len(gd.Specs) > 0 {
				blankDecl(b, off(gd.Pos()), off(gd.End()))
			}
		}
	}
	return string(b), nil
}

func preloadedByName(name string) (Package, bool) {
	for _, p := range Preloaded {
		if p.Name == name {
			return p, true
		}
	}
	return Package{}, false
}

// blankRange replaces b[from:to] by spaces, keeping newlines.
func blankRange(b []byte, from, to int) {
	for i := from; i < to && i < len(b); i++ {
		if b[i] != '\n' {
			b[i] = ' '
		}
	}
}

// blankDecl blanks a declaration and the semicolon that ends it.
func blankDecl(b []byte, from, to int) {
	for j := to; j < len(b) && (b[j] == ' ' || b[j] == '\t' || b[j] == ';'); j++ {
		if b[j] == ';' {
			to = j + 1
			break
		}
	}
	blankRange(b, from, to)
}

// rebind recompiles the functions that use redefined names, so that the
// latest definition wins for them too (yaegi binds a function's callees
// and globals when it compiles it; yaegi #1673). skip holds the functions
// just defined.
func (ip *Interpreter) rebind(ctx context.Context, redefined []string, skip map[string]bool) error {
	if len(redefined) == 0 {
		return nil
	}
	srcs := ip.syms.dependents(redefined, skip)
	if len(srcs) == 0 {
		return nil
	}
	if _, err := ip.compileAndRun(ctx, "package main\n"+strings.Join(srcs, "\n\n")); err != nil {
		e := ip.execError(err, "")
		e.Value = "recompiling the functions that use " + strings.Join(redefined, ", ") + " failed: " + e.Value
		return e
	}
	return nil
}

// funcNames returns the names of the functions declared in src.
func funcNames(src string) map[string]bool {
	names := map[string]bool{}
	if _, f, err := parseDecls(src); err == nil {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
				names[fd.Name.Name] = true
			}
		}
	}
	return names
}

// stopCell is the panic value of a rewritten top-level return.
var stopCell = &struct{ name string }{"radgo: return from a cell"}

func isStop(err error) bool {
	var p interp.Panic
	if !errors.As(err, &p) {
		return false
	}
	v := p.Value
	if rv, ok := v.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() { // yaegi passes it as a reflect.Value
		v = rv.Interface()
	}
	return v == any(stopCell)
}

func execErr(name, value string) *kernel.ExecError {
	return &kernel.ExecError{Name: name, Value: value, Traceback: []string{name + ": " + value}}
}

func interrupted() *kernel.ExecError {
	return &kernel.ExecError{Name: "Interrupted", Value: "the cell was interrupted", Traceback: []string{"Interrupted: the cell was interrupted"}}
}

// posRE matches a position yaegi puts in front of a message:
// "_.go:3:5: " or "3:5: ".
var posRE = regexp.MustCompile(`(?m)(^|\t|: |\()(?:_\.go:)?(\d+):(\d+)(: |\))`)

// mapPositions rewrites interpreter positions (one line below the cell's,
// because of the one-line prefix every chunk gets) into cell positions.
func mapPositions(msg string) string {
	return posRE.ReplaceAllStringFunc(msg, func(m string) string {
		s := posRE.FindStringSubmatch(m)
		line, _ := strconv.Atoi(s[2])
		if line > 1 {
			line--
		}
		return s[1] + "cell:" + strconv.Itoa(line) + ":" + s[3] + s[4]
	})
}

// execError converts an interpreter error into a *kernel.ExecError.
func (ip *Interpreter) execError(err error, code string) *kernel.ExecError {
	var p interp.Panic
	var ie *internalError
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return interrupted()
	case errors.As(err, &p):
		pv := p.Value
		if rv, ok := pv.(reflect.Value); ok && rv.IsValid() && rv.CanInterface() {
			pv = rv.Interface() // yaegi passes interpreted panic values as reflect.Value
		}
		val := fmt.Sprint(pv)
		if e, ok := pv.(error); ok {
			val = e.Error()
		}
		val = mapPositions(val)
		if strings.Contains(val, "on zero Value") {
			val += " (a nil pointer dereference or an uninitialised value)"
		}
		tb := []string{"panic: " + val}
		ip.syncOutput() // the panic position arrives through the stderr pipe
		if where := ip.stderr.lastPanic(); where != "" {
			tb = append(tb, "  at "+where)
		}
		return &kernel.ExecError{Name: "panic", Value: val, Traceback: tb}
	case errors.As(err, &ie):
		if u := firstUndefined(code, ip.syms); u != "" {
			return &kernel.ExecError{Name: "CompileError", Value: u, Traceback: []string{u}}
		}
		msg := mapPositions(ie.Error())
		val := "the interpreter failed on this cell: " + msg + hint(code, msg)
		return &kernel.ExecError{Name: "InternalError", Value: val, Traceback: []string{"InternalError: " + val}}
	}
	msg := mapPositions(err.Error())
	if strings.Contains(msg, "constant definition loop") {
		if u := firstUndefined(code, ip.syms); u != "" {
			msg = u
		}
	}
	msg += hint(code, msg)
	lines := strings.Split(msg, "\n")
	return &kernel.ExecError{Name: "CompileError", Value: msg, Traceback: lines}
}

// hint explains errors caused by Go features yaegi v0.16.1 lacks.
func hint(code, msg string) string {
	switch {
	case strings.Contains(msg, "undefined: min"), strings.Contains(msg, "undefined: max"):
		return "\n(the min and max builtins of Go 1.21 are missing in the interpreter: use math.Min, math.Max, floats.Min or floats.Max)"
	case strings.Contains(msg, "undefined selector") && (strings.Contains(code, "slices.") || strings.Contains(code, "maps.")):
		return "\n(the interpreter has only part of the generic slices and maps packages: use sort.Ints, sort.Float64s, sort.Strings, sort.Slice, floats.Max, or a loop over the map)"
	case strings.Contains(msg, "undefined type for"):
		return "\n(the interpreter cannot infer these type arguments (yaegi #1610): write them, e.g. Sum[float64](xs...))"
	case strings.Contains(msg, "undefined: clear"):
		return "\n(the clear builtin of Go 1.21 is missing in the interpreter: assign a new map or slice)"
	case strings.Contains(msg, "nil type") && strings.Contains(code, "range"):
		return "\n(range over an integer or a function (Go 1.22/1.23) is not supported by the interpreter: write for i := 0; i < n; i++)"
	}
	return ""
}

// panicFilter drops the "L:C: panic: f(...)" line yaegi writes to stderr
// for every panic in interpreted code (the panic becomes the cell's error
// instead) and remembers its position for the traceback.
type panicFilter struct {
	w     io.Writer
	mu    sync.Mutex
	where string
}

var panicLineRE = regexp.MustCompile(`^(?:_\.go:)?(\d+):(\d+): panic: (.*)\n?$`)

func (f *panicFilter) Write(p []byte) (int, error) {
	if rest := f.filter(p); len(rest) > 0 {
		if _, err := f.w.Write(rest); err != nil {
			return 0, err
		}
	}
	return len(p), nil
}

// filter removes yaegi's panic lines from p, recording the first one.
func (f *panicFilter) filter(p []byte) []byte {
	if !bytes.Contains(p, []byte(": panic: ")) {
		return p
	}
	var out []byte
	for len(p) > 0 {
		i := bytes.IndexByte(p, '\n')
		line := p
		if i >= 0 {
			line = p[:i+1]
		}
		p = p[len(line):]
		if m := panicLineRE.FindSubmatch(line); m != nil && i >= 0 {
			l, _ := strconv.Atoi(string(m[1]))
			f.mu.Lock()
			if f.where == "" { // the innermost frame comes first
				f.where = fmt.Sprintf("cell:%d:%s in %s", max(l-1, 1), m[2], m[3])
			}
			f.mu.Unlock()
			continue
		}
		out = append(out, line...)
	}
	return out
}

func (f *panicFilter) reset() {
	f.mu.Lock()
	f.where = ""
	f.mu.Unlock()
}

func (f *panicFilter) lastPanic() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.where
}

// sinkAdapter forwards display outputs to the running cell.
type sinkAdapter struct{ ip *Interpreter }

func (s sinkAdapter) Display(o display.Output) {
	if out := s.ip.output(); out != nil {
		out.Display(kernel.Display{Data: kernel.MIMEBundle(o.Data), Metadata: o.Metadata, ID: o.ID, Update: o.Update})
	}
}

func (s sinkAdapter) Clear(wait bool) {
	if out := s.ip.output(); out != nil {
		out.Clear(wait)
	}
}

// discard is the Output of a cell run without one.
type discard struct{}

func (discard) Stream(string, string)              {}
func (discard) Display(kernel.Display)             {}
func (discard) Clear(bool)                         {}
func (discard) Input(string, bool) (string, error) { return "", kernel.ErrNoStdin }
