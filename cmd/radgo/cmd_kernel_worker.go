package main

import (
	"fmt"
	"io"

	"radgo/kernel"
	"radgo/kernel/eval"
	"radgo/kernel/worker"
)

// newEvaluator builds the cell evaluator inside the kernel-worker process;
// env carries the writers that reach the running cell. Tests replace it.
var newEvaluator = func(env worker.ChildEnv) (kernel.Executor, error) {
	// os.Stdout and os.Stderr are the worker's fds 1 and 2, which the kernel
	// reads: interpreted code, compiled packages and goroutines all reach the
	// running cell through them.
	return eval.New(eval.Options{Stdout: env.Stdout, Stderr: env.Stderr})
}

// cmdKernelWorker is the supervised child process of "radgo kernel"; it is
// started by the kernel with pipes on fds 1-5 and is not meant to be run by
// hand.
func cmdKernelWorker(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("kernel-worker takes no arguments (it is started by \"radgo kernel\")")
	}
	return worker.ServeChild(newEvaluator)
}
