//go:build unix

package worker

import (
	"os"
	"syscall"
)

// dupFile returns a private duplicate of file descriptor fd.
func dupFile(fd int, name string) (*os.File, error) {
	nfd, err := syscall.Dup(fd)
	if err != nil {
		return nil, err
	}
	syscall.CloseOnExec(nfd)
	return os.NewFile(uintptr(nfd), name), nil
}

// closeOnExec marks fd close-on-exec.
func closeOnExec(fd int) { syscall.CloseOnExec(fd) }
