package main

import (
	"errors"
	"io"
)

// cmdRun is a placeholder until its issue lands.
func cmdRun(args []string, stdout, stderr io.Writer) error {
	return errors.New("not built yet")
}
