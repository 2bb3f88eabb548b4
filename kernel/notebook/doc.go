// Package notebook reads, writes and executes Jupyter notebooks in
// nbformat 4 (https://nbformat.readthedocs.io/en/latest/format_description.html).
//
// [Read] validates what radgo relies on (nbformat 4, known cell types,
// well-formed outputs) and reports problems with the file name and the
// cell index; [Notebook.Write] produces the layout Jupyter itself writes
// (keys sorted, one-space indentation, text as lists of lines), so that a
// notebook read and written back without changes is byte-identical to one
// saved by Jupyter. [Run] executes the code cells with a kernel.Executor
// and stores their outputs, execution counts and display data; [Compare]
// checks re-executed outputs against stored ones, skipping outputs marked
// volatile ({"radgo": {"volatile": true}} in their metadata: timings,
// progress bars, provenance blocks). [Notebook.StoredProvenance] returns
// the provenance radgo exec stored in the metadata, or the last
// %provenance output of a notebook saved by Jupyter.
package notebook
