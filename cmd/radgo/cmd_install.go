package main

import (
	"errors"
	"io"
)

// cmdInstall is a placeholder until its issue lands.
func cmdInstall(args []string, stdout, stderr io.Writer) error {
	return errors.New("not built yet")
}
