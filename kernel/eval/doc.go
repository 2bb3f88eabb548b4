// Package eval is the yaegi-backed implementation of kernel.Executor: it
// evaluates notebook cells written in Go, keeps the state of an interactive
// session across cells, renders the value of a cell's last expression as a
// MIME bundle, and answers completion, inspection and is_complete requests.
//
// # Cell pipeline
//
// A cell goes through these steps (see ../../shared/guides/kernel.md, §2–§7,
// for why each is needed with yaegi v0.16.1):
//
//  1. Magics: a cell starting with %%writefile, lines starting with %help,
//     %time, %env, %who, %reset, %provenance or !cmd are handled by the
//     evaluator, not the interpreter.
//  2. Splitting: the cell is scanned with go/scanner and cut at top level
//     into chunks of declarations (import, type, const, var, func) and
//     statements; yaegi accepts only one kind per Eval. Each chunk is padded
//     so that its lines and columns are the cell's own, which makes error
//     positions point into the cell.
//  3. Display: when the cell ends with an expression statement it is
//     evaluated as display.Show(expr) by a compiled function that sees the
//     methods of interpreted values (HTML, Markdown, SVG, PNG, JPEG, JSON,
//     String) and renders *plot.Plot and image.Image values; when that does
//     not compile (a call without results) the plain statement runs.
//  4. Errors: compile errors carry cell line:col; panics, runtime errors and
//     interpreter-internal panics become a *kernel.ExecError and the
//     interpreter stays usable; a cancelled context returns an ExecError
//     named "Interrupted" promptly.
//
// # Standard input
//
// With Options.Stdin nil, fmt.Scan*, bufio on os.Stdin, os.Stdin.Read and
// io.ReadAll(os.Stdin) share one stream: a read that finds it empty sends
// one input_request (Output.Input) and gets the answer plus a newline.
// Interpreted os.Stdin is then a *stdinFile (reading methods of *os.File,
// Stat reports a character device), not an *os.File. Answering "^D" (or
// Ctrl-D) ends input for the rest of the cell (reads return io.EOF). When
// the front end does not accept input (allow_stdin false, radgo exec), reads
// fail with an error wrapping kernel.ErrNoStdin and the cell's stderr says
// so once. A new cell starts with an empty stream.
//
// Packages listed in Preloaded need no import line; an explicit import of
// one of them is accepted and does not conflict.
//
// # Provenance
//
// An Interpreter attaches a core/provenance.Recorder for its lifetime (New
// to Close) and gives each cell a context carrying it, so the project's
// readers (table.ReadFile, imageio.ReadImage/ReadMask/ReadPair,
// study.ExtractCohort) report every file and folder they open, with its
// SHA-256, and the randomised functions (synth.Generate, stats.Split,
// stats.Bootstrap) report their seeds; each record carries the execution
// number of the cell that made it. [Interpreter.Provenance] returns them
// with the build, Go version, modules and platform. An input modified after
// New is marked generated (the session wrote it, e.g. a synthetic cohort).
//
// The %provenance magic displays this block as text/plain, text/html and
// [ProvenanceMIME] (application/vnd.radgo.provenance+json, the same object
// radgo exec stores in metadata.radgo.provenance). Under Jupyter a kernel
// cannot write the notebook's metadata: ending a notebook with a
// %provenance cell is how its provenance gets saved in the .ipynb, and
// radgo exec --check reads the inputs from that output when the metadata
// has none. %time's wall time, display.NewProgress bars and the
// %provenance block are displays with the metadata {"radgo": {"volatile":
// true}} ([VolatileMetadata]), which radgo exec --check does not compare.
package eval
