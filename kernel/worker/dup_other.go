//go:build !unix

package worker

import (
	"errors"
	"os"
)

// dupFile is not implemented off Unix: the kernel-worker needs inherited
// file descriptors 3–5, which only Unix provides through os/exec.
func dupFile(fd int, name string) (*os.File, error) {
	return nil, errors.New("worker: the kernel-worker process is supported on Unix only")
}

func closeOnExec(fd int) {}
