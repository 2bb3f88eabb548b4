package main

import (
	"errors"
	"io"
)

// cmdStudy is a placeholder until its issue lands.
func cmdStudy(args []string, stdout, stderr io.Writer) error {
	return errors.New("not built yet")
}
