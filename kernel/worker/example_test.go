package worker_test

import (
	"context"
	"fmt"
	"os"

	"radgo/kernel"
	"radgo/kernel/worker"
)

// The kernel process holds a Proxy; "radgo kernel-worker" calls ServeChild
// with a constructor for the real evaluator.
func Example() {
	p := worker.New(worker.Options{}) // starts "<this binary> kernel-worker" in the background
	defer p.Close()
	var out kernel.Output // the kernel's output for the running cell
	b, err := p.Execute(context.Background(), `fmt.Println("hi"); 1+2`, out)
	fmt.Println(b, err)
}

// What "radgo kernel-worker" runs.
func ExampleServeChild() {
	err := worker.ServeChild(func(env worker.ChildEnv) (kernel.Executor, error) {
		return newEvaluator(env.Stdout, env.Stderr) // e.g. eval.New(eval.Options{Stdout: env.Stdout, Stderr: env.Stderr})
	})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
	}
}

func newEvaluator(stdout, stderr *os.File) (kernel.Executor, error) { return nil, nil }
