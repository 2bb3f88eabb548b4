package main

import (
	"errors"
	"fmt"
	"io"

	"radgo/kernel"
	"radgo/kernel/worker"
)

// newEvaluator builds the cell evaluator inside the kernel-worker process;
// env carries the writers that reach the running cell. Tests replace it.
var newEvaluator = func(env worker.ChildEnv) (kernel.Executor, error) {
	return nil, errors.New("this radgo binary was built without the cell evaluator (package radgo/kernel/eval)")
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
