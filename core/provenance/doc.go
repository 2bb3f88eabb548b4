// Package provenance records what an analysis read and which seeds it
// used, so that a notebook or a program can store, next to its results,
// the content hash of every input file and folder and every random seed.
//
// # Who records
//
// The project's readers report what they open: core/table.ReadFile, the
// core/volume/imageio readers, core/study.ReadInputs and ExtractCohort
// report input paths; core/synth.Generate and core/stats.Split and
// Bootstrap report their seeds. Reporting never changes what a function
// computes: a [Recorder] only observes.
//
// A reader reports to two places:
//
//   - the Recorder carried by its context ([NewContext]), for functions
//     that take a context.Context (the explicit and preferred form);
//   - every Recorder attached to the process with [Attach]. This is the
//     one package-level state of the package; it is guarded by a mutex,
//     it only observes, and with no Recorder attached (the default) a
//     report costs one atomic load, so a program that never records pays
//     nothing and hashes nothing.
//
// A Recorder seen both ways records a path once.
//
// # Hashes
//
// A file's hash is the SHA-256 of its bytes. A folder's hash is the
// SHA-256 of the lines "REL HASH\n", one per regular file under it in
// lexical order of the slash-separated relative path REL, HASH being the
// file's hash in lower-case hex; symbolic links and other special files
// are skipped. (kernel/notebook computes the same hash for the paths a
// notebook names, so the two can be compared.)
//
// Paths are recorded as the caller gave them (relative paths are relative
// to the working directory at the time of the read).
package provenance
