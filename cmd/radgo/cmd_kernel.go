package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"
	"time"

	"radgo/kernel"
	"radgo/kernel/worker"
)

const kernelHelp = `Usage: radgo kernel CONNECTION_FILE

Run the radgo Jupyter kernel. Jupyter starts this command itself, with the
path of a connection file (JSON: ip, ports, signing key), after
"radgo install" has registered the kernelspec; you rarely run it by hand.

The kernel speaks Jupyter messaging protocol 5.3 on five ZeroMQ sockets
(shell, control, iopub, stdin, heartbeat) and evaluates cells in a
supervised child process ("radgo kernel-worker"), so a cell that panics in a
goroutine, calls os.Exit or hangs in compiled code costs its interpreter
state, never the kernel. Interrupts arrive as interrupt_request messages
(interrupt_mode "message") or as SIGINT. Diagnostics go to stderr, which
Jupyter shows in its server log.
`

func cmdKernel(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("kernel", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {} // help goes to stdout for --help, to stderr after an error
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, kernelHelp)
			return nil
		}
		fmt.Fprint(stderr, "\n"+kernelHelp)
		return errUsage
	}
	if fs.NArg() != 1 {
		fmt.Fprint(stderr, kernelHelp)
		return errUsage
	}
	info, err := kernel.ReadConnectionFile(fs.Arg(0))
	if err != nil {
		return err
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	proxy := worker.New(worker.Options{Log: log})
	k := kernel.New(info, proxy,
		kernel.WithLogger(log),
		kernel.WithImplementation("radgo", radgoVersion()),
		kernel.WithSignals(),
	)
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	go watchParent(ctx, cancel, log)
	err = k.Run(ctx)
	if errors.Is(err, kernel.ErrRestart) {
		return nil // Jupyter starts a new process
	}
	return err
}

// watchParent stops the kernel when the process that launched it (the
// Jupyter server, which sets JPY_PARENT_PID) goes away and the kernel is
// re-parented, as ipykernel's ParentPoller does, so no orphan kernels and
// workers stay behind.
func watchParent(ctx context.Context, cancel context.CancelFunc, log *slog.Logger) {
	if os.Getenv("JPY_PARENT_PID") == "" {
		return
	}
	ppid := os.Getppid()
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if os.Getppid() != ppid {
				log.Warn("the Jupyter process that started this kernel is gone; exiting", "parent", ppid)
				cancel()
				return
			}
		}
	}
}

// radgoVersion is the version reported in kernel_info_reply: the link-time
// version, else the module version, else "devel".
func radgoVersion() string {
	v := version
	if bi, ok := debug.ReadBuildInfo(); ok && v == "" {
		v = bi.Main.Version
	}
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	return v
}
