// Command radgo is the radgo radiogenomics kernel and toolbox: a Jupyter
// kernel whose cells are Go, a script runner, a headless notebook executor,
// and PyRadiomics-compatible feature extraction and study pipelines.
//
// Usage:
//
//	radgo <command> [arguments]
//
// Run "radgo help" for the list of commands and "radgo <command> --help" for
// the options of one.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// command is one subcommand of radgo. Each lives in its own file
// (cmd_<name>.go) with its flags and help text.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) error
	hidden  bool // internal commands (kernel-worker) are not listed
}

// commands is the table of subcommands; keep it sorted by name.
var commands = map[string]command{
	"exec":          {summary: "execute a notebook headless (--check compares with stored outputs, --html exports)", run: cmdExec},
	"extract":       {summary: "extract PyRadiomics-compatible features from an image and a mask, or a batch CSV", run: cmdExtract},
	"info":          {summary: "describe an image, series, RTSTRUCT, SEG, NRRD or NIfTI file or folder", run: cmdInfo},
	"install":       {summary: "install the radgo kernelspec into Jupyter", run: cmdInstall},
	"kernel":        {summary: "run the Jupyter kernel (Jupyter launches this with a connection file)", run: cmdKernel},
	"kernel-worker": {summary: "internal: the supervised child process that evaluates cells", run: cmdKernelWorker, hidden: true},
	"run":           {summary: "run a Go script (cells separated by //%% lines) in the notebook interpreter", run: cmdRun},
	"study":         {summary: "run the Cui et al. 2023 radiogenomics study (synthetic cohort by default)", run: cmdStudy},
	"synth":         {summary: "write a synthetic ESCC cohort: CT DICOM, two readers' RTSTRUCTs, clinical CSV", run: cmdSynth},
	"version":       {summary: "print the radgo version, commit and Go version", run: cmdVersion},
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return 0
	}
	c, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "radgo: unknown command %q\n\n", args[0])
		usage(stderr)
		return 2
	}
	if err := c.run(args[1:], stdout, stderr); err != nil {
		if err == errUsage {
			return 2
		}
		fmt.Fprintf(stderr, "radgo %s: %v\n", args[0], err)
		return 1
	}
	return 0
}

// errUsage is returned by a command that has already printed a usage
// message for bad arguments.
var errUsage = fmt.Errorf("usage")

func usage(w io.Writer) {
	fmt.Fprintln(w, "radgo — Go notebooks for radiogenomics")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage: radgo <command> [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Commands:")
	names := make([]string, 0, len(commands))
	for n, c := range commands {
		if !c.hidden {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-9s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, `Run "radgo <command> --help" for the options of a command.`)
}
