package main

import (
	"errors"
	"io"
)

// cmdExtract is a placeholder until its issue lands.
func cmdExtract(args []string, stdout, stderr io.Writer) error {
	return errors.New("not built yet")
}
