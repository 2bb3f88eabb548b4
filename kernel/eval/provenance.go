package eval

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"

	"radgo/kernel"
)

// Provenance describes what produced a session's outputs: the radgo
// build, the Go toolchain, the preloaded modules and the platform.
type Provenance struct {
	Radgo     string            `json:"radgo"`
	Commit    string            `json:"commit,omitempty"`
	GoVersion string            `json:"go"`
	OS        string            `json:"os"`
	Arch      string            `json:"arch"`
	CPUs      int               `json:"cpus"`
	Modules   map[string]string `json:"modules"`
}

// CurrentProvenance returns the provenance of the running binary.
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

// Map returns p as a JSON-ready map, as stored in notebook metadata.
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
	return m
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
	return b.String()
}

func (ip *Interpreter) provenanceBundle() kernel.MIMEBundle {
	p := CurrentProvenance()
	return kernel.MIMEBundle{"text/plain": strings.TrimSuffix(p.Text(), "\n")}
}

func sortStrings(s []string) { sort.Strings(s) }
