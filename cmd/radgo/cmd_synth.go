package main

import (
	"errors"
	"io"
)

// cmdSynth is a placeholder until its issue lands.
func cmdSynth(args []string, stdout, stderr io.Writer) error {
	return errors.New("not built yet")
}
