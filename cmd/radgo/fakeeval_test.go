package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"radgo/kernel"
	"radgo/kernel/worker"
)

// fakeEvaluator is a scripted, test-only evaluator: it knows exactly the
// cells of testdata/test_radgo_kernel.py and performs what the real Go code
// would do at the process level (fd-level printing, a real goroutine panic,
// a real os.Exit, a loop that only stops when interrupted), so the protocol
// and supervision layers can be tested through jupyter_kernel_test before
// and independently of the yaegi evaluator. It is never shipped.
type fakeEvaluator struct{ env worker.ChildEnv }

func newFakeEvaluator(env worker.ChildEnv) (kernel.Executor, error) {
	return &fakeEvaluator{env}, nil
}

func (f *fakeEvaluator) Execute(ctx context.Context, code string, out kernel.Output) (kernel.MIMEBundle, error) {
	text := func(s string) (kernel.MIMEBundle, error) { return kernel.MIMEBundle{"text/plain": s}, nil }
	switch code {
	case `fmt.Println("hello, world")`:
		fmt.Println("hello, world")
	case `fmt.Fprintln(os.Stderr, "oops")`:
		fmt.Fprintln(os.Stderr, "oops")
	case "1+2+3":
		return text("6")
	case `strings.Repeat("ab", 2)`:
		return text("abab")
	case `display.HTML("<b>hi</b>")`:
		out.Display(kernel.Display{Data: kernel.MIMEBundle{"text/html": "<b>hi</b>", "text/plain": "<b>hi</b>"}})
	case "display.Clear(false)":
		out.Clear(false)
	case "for {}":
		<-ctx.Done()
		return nil, &kernel.ExecError{Name: "Interrupted", Value: "interrupted", Traceback: []string{}}
	case `go func() { panic("boom") }(); time.Sleep(2 * time.Second)`:
		go func() { panic("boom") }()
		time.Sleep(2 * time.Second)
	case "os.Exit(3)":
		os.Exit(3)
	case `for i := 0; i < 200000; i++ { fmt.Println(i) }`:
		for i := 0; i < 200000; i++ {
			fmt.Println(i)
		}
	case `var s string; fmt.Scanln(&s); fmt.Println("got", s)`:
		s, err := out.Input("", false)
		if err != nil {
			return nil, &kernel.ExecError{Name: "InputError", Value: err.Error()}
		}
		fmt.Println("got", s)
	case "x := 41", "x := 99", `fmt.Println("pwned")`:
	default:
		return nil, &kernel.ExecError{Name: "CompileError", Value: "1:1: undefined: " + code, Traceback: []string{"1:1: undefined: " + code}}
	}
	return nil, nil
}

func (f *fakeEvaluator) Complete(code string, cursor int) kernel.Completion {
	if strings.HasSuffix(code[:cursor], "fmt.Sprin") {
		return kernel.Completion{Matches: []string{"fmt.Sprint", "fmt.Sprintf", "fmt.Sprintln"}, CursorStart: cursor - len("fmt.Sprin"), CursorEnd: cursor}
	}
	return kernel.Completion{CursorStart: cursor, CursorEnd: cursor}
}

func (f *fakeEvaluator) Inspect(code string, cursor, detail int) kernel.Inspection {
	if strings.Contains(code, "fmt.Println") {
		return kernel.Inspection{Found: true, Data: kernel.MIMEBundle{"text/plain": "func Println(a ...any) (n int, err error)"}}
	}
	return kernel.Inspection{}
}

func (f *fakeEvaluator) IsComplete(code string) (string, string) {
	switch {
	case strings.Contains(code, ":= :="):
		return "invalid", ""
	case strings.Count(code, "{")+strings.Count(code, "(")+strings.Count(code, "[") >
		strings.Count(code, "}")+strings.Count(code, ")")+strings.Count(code, "]") || strings.HasSuffix(code, ","):
		return "incomplete", "\t"
	}
	return "complete", ""
}
