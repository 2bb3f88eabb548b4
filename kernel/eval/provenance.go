package eval

import (
	"fmt"
	"html"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"time"

	"radgo/core/provenance"
	"radgo/kernel"
)

// ProvenanceMIME is the MIME type of the JSON provenance block that
// %provenance displays (the same object radgo exec stores under
// metadata.radgo.provenance). In Jupyter, where a kernel cannot write the
// notebook's metadata, the saved notebook keeps this output.
const ProvenanceMIME = "application/vnd.radgo.provenance+json"

// VolatileMetadata is the output metadata marking an output whose content
// legitimately changes between runs (timings, progress bars, provenance):
// radgo exec --check skips such outputs.
func VolatileMetadata() map[string]any {
	return map[string]any{"radgo": map[string]any{"volatile": true}}
}

// Provenance describes what produced a session's outputs: the radgo
// build, the Go toolchain, the preloaded modules, the platform, and the
// inputs and seeds the project's packages reported (see core/provenance).
type Provenance struct {
	Radgo     string            `json:"radgo"`
	Commit    string            `json:"commit,omitempty"`
	GoVersion string            `json:"go"`
	OS        string            `json:"os"`
	Arch      string            `json:"arch"`
	CPUs      int               `json:"cpus"`
	Modules   map[string]string `json:"modules"`
	// Inputs are the files and folders the project's readers opened, with
	// their hashes, sorted by path; Input.Cell is the execution number of
	// the cell that first read each (1 for the first Execute call).
	Inputs []provenance.Input `json:"inputs"`
	// Seeds are the seeds the project's randomised functions used, in
	// order; Seed.Cell is the execution number of the cell.
	Seeds []provenance.Seed `json:"seeds"`
}

// CurrentProvenance returns the provenance of the running binary (no
// inputs or seeds; see Interpreter.Provenance).
func CurrentProvenance() Provenance {
	p := Provenance{Radgo: "(devel)", GoVersion: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH,
		CPUs: runtime.NumCPU(), Modules: map[string]string{}}
	if bi, ok := debug.ReadBuildInfo(); ok {
		if bi.Main.Version != "" {
			p.Radgo = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				p.Commit = s.Value
			}
		}
		for _, d := range bi.Deps {
			p.Modules[d.Path] = d.Version
		}
	}
	return p
}

// Provenance returns the provenance of the session: the build and
// platform, and every input and seed the project's packages reported
// while the interpreter's cells ran (since New; %reset keeps them). An
// input last modified after New is marked Generated: the session wrote it
// (a synthetic cohort, an intermediate table) before reading it.
func (ip *Interpreter) Provenance() Provenance {
	p := CurrentProvenance()
	p.Inputs, p.Seeds = ip.rec.Inputs(), ip.rec.Seeds()
	for i, in := range p.Inputs {
		p.Inputs[i].Generated = in.Err == "" && !in.ModTime.Before(ip.started.Add(-mtimeSlack))
	}
	return p
}

// mtimeSlack allows for file modification times that lag the clock: Linux
// stamps them from a coarse clock (a few milliseconds behind time.Now) and
// some file systems round them to seconds, so a file written right after
// New can carry a time just before it.
const mtimeSlack = time.Second

// Map returns p as a JSON-ready map, as stored in notebook metadata.
// Inputs and seeds carry the execution number of their cell as "cell".
func (p Provenance) Map() map[string]any {
	mods := map[string]any{}
	for k, v := range p.Modules {
		mods[k] = v
	}
	m := map[string]any{"radgo": p.Radgo, "go": p.GoVersion, "os": p.OS, "arch": p.Arch,
		"cpus": p.CPUs, "modules": mods}
	if p.Commit != "" {
		m["commit"] = p.Commit
	}
	ins := make([]any, len(p.Inputs))
	for i, in := range p.Inputs {
		ins[i] = InputMap(in, in.Cell)
	}
	seeds := make([]any, len(p.Seeds))
	for i, s := range p.Seeds {
		seeds[i] = SeedMap(s, s.Cell)
	}
	m["inputs"], m["seeds"] = ins, seeds
	return m
}

// InputMap is the JSON-ready form of a recorded input, with cell as its
// "cell" (radgo exec stores the index in the notebook's cells).
func InputMap(in provenance.Input, cell int) map[string]any {
	m := map[string]any{"path": in.Path, "sha256": in.SHA256, "reader": in.Reader, "cell": cell}
	if in.Files > 0 {
		m["files"] = in.Files
	}
	if in.Err != "" {
		m["error"] = in.Err
	}
	if in.Generated {
		m["generated"] = true
	}
	return m
}

// SeedMap is the JSON-ready form of a recorded seed.
func SeedMap(s provenance.Seed, cell int) map[string]any {
	return map[string]any{"func": s.Func, "seed": s.Seed, "cell": cell}
}

// Text renders p as aligned lines.
func (p Provenance) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "radgo    %s", p.Radgo)
	if p.Commit != "" {
		fmt.Fprintf(&b, " (%s)", p.Commit)
	}
	fmt.Fprintf(&b, "\ngo       %s\nplatform %s/%s, %d CPUs\n", p.GoVersion, p.OS, p.Arch, p.CPUs)
	mods := make([]string, 0, len(p.Modules))
	for m := range p.Modules {
		mods = append(mods, m)
	}
	sort.Strings(mods)
	for _, m := range mods {
		fmt.Fprintf(&b, "module   %s %s\n", m, p.Modules[m])
	}
	if len(p.Inputs) == 0 {
		b.WriteString("inputs   none read by radgo's readers so far\n")
	}
	for _, in := range p.Inputs {
		sum := in.SHA256
		if in.Err != "" {
			sum = "(not hashed: " + in.Err + ")"
		}
		files := ""
		if in.Files > 0 {
			files = fmt.Sprintf(", %d files", in.Files)
		}
		if in.Generated {
			files += ", written by this session"
		}
		fmt.Fprintf(&b, "input    %s sha256 %s (%s, cell %d%s)\n", in.Path, sum, in.Reader, in.Cell, files)
	}
	for _, s := range p.Seeds {
		fmt.Fprintf(&b, "seed     %d (%s, cell %d)\n", s.Seed, s.Func, s.Cell)
	}
	return b.String()
}

// showProvenance displays the session's provenance (%provenance) as text,
// HTML and the JSON block, marked volatile.
func (ip *Interpreter) showProvenance(out kernel.Output) {
	p := ip.Provenance()
	text := strings.TrimSuffix(p.Text(), "\n")
	out.Display(kernel.Display{Data: kernel.MIMEBundle{
		"text/plain":   text,
		"text/html":    "<pre>" + html.EscapeString(text) + "</pre>",
		ProvenanceMIME: p.Map(),
	}, Metadata: VolatileMetadata()})
}

func sortStrings(s []string) { sort.Strings(s) }
