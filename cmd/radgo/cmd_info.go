package main

import (
	"errors"
	"io"
)

// cmdInfo is a placeholder until its issue lands.
func cmdInfo(args []string, stdout, stderr io.Writer) error {
	return errors.New("not built yet")
}
