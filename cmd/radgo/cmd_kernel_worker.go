package main

import (
	"errors"
	"io"
)

// cmdKernelWorker is a placeholder until its issue lands.
func cmdKernelWorker(args []string, stdout, stderr io.Writer) error {
	return errors.New("not built yet")
}
