package main

import (
	"errors"
	"io"
)

// cmdExec is a placeholder until its issue lands.
func cmdExec(args []string, stdout, stderr io.Writer) error {
	return errors.New("not built yet")
}
