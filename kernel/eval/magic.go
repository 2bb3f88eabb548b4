package eval

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"radgo/kernel"
)

// magicHelp is what %help prints.
const magicHelp = `radgo cell magics (at the start of a cell):
  %help                  this list
  %time                  time the rest of the cell (the lines after it, or the rest of its line)
  %env                   list the interpreter's environment
  %env NAME              print one variable;  %env NAME=VALUE  sets it
  %who                   the names the cells have defined so far, with their kinds
  %reset                 forget every definition: a fresh interpreter
  %provenance            what produced this session's outputs (versions, platform, inputs read, seeds)
  %%writefile FILE       write the rest of the cell to FILE (%%writefile -a FILE appends)
  !command               run a shell command (sh -c); its output is shown

Preloaded packages (no import line needed): ` + "PRELOADED" + `
Display: the value of the last expression is shown; display.HTML, Markdown, SVG, PNG,
JSON, Image, Plot, Table, ShowID/Update, Clear and NewProgress show more.`

// magic handles the magic lines at the start of a cell. It reports whether
// the cell was consumed entirely; otherwise the remaining Go code runs.
func (ip *Interpreter) magic(ctx context.Context, code string, out kernel.Output) (bool, kernel.MIMEBundle, error) {
	trimmed := strings.TrimLeft(code, " \t\r\n")
	if strings.HasPrefix(trimmed, "%%") {
		first, rest, _ := strings.Cut(trimmed, "\n")
		f := strings.Fields(first)
		switch f[0] {
		case "%%writefile":
			return true, nil, writeFile(f[1:], rest, out)
		}
		return true, nil, execErr("MagicError", fmt.Sprintf("unknown cell magic %s (see %%help)", f[0]))
	}
	if !strings.HasPrefix(trimmed, "%") && !strings.HasPrefix(trimmed, "!") {
		return false, nil, nil
	}
	// Blank out the magic lines so that Go code keeps its cell positions.
	lines := strings.Split(code, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if !strings.HasPrefix(t, "%") && !strings.HasPrefix(t, "!") {
			res, err := ip.execGo(ctx, strings.Repeat("\n", i)+strings.Join(lines[i:], "\n"))
			return true, res, err
		}
		if strings.HasPrefix(t, "!") {
			if err := ip.shell(ctx, strings.TrimSpace(t[1:]), out); err != nil {
				return true, nil, err
			}
			continue
		}
		name, arg, _ := strings.Cut(t, " ")
		arg = strings.TrimSpace(arg)
		switch name {
		case "%help":
			out.Stream("stdout", strings.Replace(magicHelp, "PRELOADED", preloadedList(), 1)+"\n")
		case "%time":
			rest := strings.Repeat("\n", i+1) + strings.Join(lines[i+1:], "\n")
			if arg != "" {
				rest = strings.Repeat("\n", i) + strings.Repeat(" ", strings.Index(l, arg)) + arg + "\n" + strings.Join(lines[i+1:], "\n")
			}
			start := time.Now()
			res, err := ip.execGo(ctx, rest)
			ip.syncOutput() // the cell's own output first
			// A display marked volatile, not stdout: radgo exec --check skips it.
			wall := fmt.Sprintf("Wall time: %v", time.Since(start).Round(time.Microsecond))
			out.Display(kernel.Display{Data: kernel.MIMEBundle{"text/plain": wall}, Metadata: VolatileMetadata()})
			return true, res, err
		case "%env":
			if err := ip.env(arg, out); err != nil {
				return true, nil, err
			}
		case "%who":
			ip.who(out)
		case "%reset":
			if err := ip.reset(); err != nil {
				return true, nil, err
			}
			out.Stream("stdout", "interpreter reset: every definition is forgotten\n")
		case "%provenance":
			ip.showProvenance(out)
		default:
			return true, nil, execErr("MagicError", fmt.Sprintf("unknown magic %s (see %%help)", name))
		}
	}
	return true, nil, nil
}

func writeFile(args []string, body string, out kernel.Output) error {
	appendMode := false
	if len(args) > 0 && (args[0] == "-a" || args[0] == "--append") {
		appendMode, args = true, args[1:]
	}
	if len(args) != 1 {
		return execErr("MagicError", "usage: %%writefile [-a] FILE")
	}
	flag := os.O_CREATE | os.O_WRONLY | os.O_TRUNC
	verb := "Writing"
	if appendMode {
		flag, verb = os.O_CREATE|os.O_WRONLY|os.O_APPEND, "Appending to"
	} else if _, err := os.Stat(args[0]); err == nil {
		verb = "Overwriting"
	}
	f, err := os.OpenFile(args[0], flag, 0o644)
	if err != nil {
		return execErr("MagicError", "%%writefile: "+err.Error())
	}
	_, err = f.WriteString(body)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return execErr("MagicError", "%%writefile: "+err.Error())
	}
	out.Stream("stdout", verb+" "+args[0]+"\n")
	return nil
}

// shell runs a !command line with the interpreter's environment.
func (ip *Interpreter) shell(ctx context.Context, line string, out kernel.Output) error {
	cmd := exec.CommandContext(ctx, "sh", "-c", line)
	cmd.Env = ip.environ()
	cmd.Stdout = outWriter{out, "stdout"}
	cmd.Stderr = outWriter{out, "stderr"}
	err := cmd.Run()
	if ctx.Err() != nil {
		return interrupted()
	}
	if err != nil {
		return execErr("ShellError", fmt.Sprintf("!%s: %v", line, err))
	}
	return nil
}

type outWriter struct {
	out  kernel.Output
	name string
}

func (w outWriter) Write(p []byte) (int, error) {
	w.out.Stream(w.name, string(p))
	return len(p), nil
}

// environ returns the interpreter's (virtual) environment.
func (ip *Interpreter) environ() []string {
	v, err := ip.compileAndRun(context.Background(), ";\n"+osAlias+".Environ()")
	if err != nil || !v.IsValid() {
		return os.Environ()
	}
	env, _ := v.Interface().([]string)
	return env
}

func (ip *Interpreter) env(arg string, out kernel.Output) error {
	switch {
	case arg == "":
		env := ip.environ()
		sortStrings(env)
		out.Stream("stdout", strings.Join(env, "\n")+"\n")
	case strings.Contains(arg, "="):
		k, v, _ := strings.Cut(arg, "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		src := fmt.Sprintf(";\n%s.Setenv(%q, %q)", osAlias, k, v)
		if _, err := ip.compileAndRun(context.Background(), src); err != nil {
			return execErr("MagicError", "%env: "+err.Error())
		}
		out.Stream("stdout", "env: "+k+"="+v+"\n")
	default:
		v, err := ip.compileAndRun(context.Background(), fmt.Sprintf(";\n%s.Getenv(%q)", osAlias, arg))
		if err != nil {
			return execErr("MagicError", "%env: "+err.Error())
		}
		out.Stream("stdout", fmt.Sprint(v.Interface())+"\n")
	}
	return nil
}

func (ip *Interpreter) who(out kernel.Output) {
	syms := ip.syms.names(symVar, symConst, symFunc, symType)
	if len(syms) == 0 {
		out.Stream("stdout", "nothing defined yet\n")
		return
	}
	var b strings.Builder
	for _, s := range syms {
		fmt.Fprintf(&b, "%-6s %s\n", s.kind, s.decl)
	}
	out.Stream("stdout", b.String())
}

func preloadedList() string {
	var names []string
	for _, p := range Preloaded {
		n := p.Path
		if p.Name != n[strings.LastIndexByte(n, '/')+1:] {
			n = p.Name + " " + n
		}
		names = append(names, n)
	}
	return strings.Join(names, ", ")
}
