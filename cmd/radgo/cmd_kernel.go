package main

import (
	"errors"
	"io"
)

// cmdKernel is a placeholder until its issue lands.
func cmdKernel(args []string, stdout, stderr io.Writer) error {
	return errors.New("not built yet")
}
