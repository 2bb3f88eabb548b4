package depcheck

import (
	"os/exec"
	"strings"
	"testing"
)

// forbidden lists, for each tree of the module, the import path prefixes
// that none of its packages may depend on, directly or indirectly.
var forbidden = []struct {
	tree  string
	bans  []string
	about string
}{
	{"radgo/core/...", []string{"radgo/kernel", "radgo/stdlib", "radgo/cmd", "github.com/traefik/yaegi", "github.com/go-zeromq/"},
		"core is the compiled engine: callable from plain Go programs, benchmarked alone"},
	{"radgo/stdlib/...", []string{"radgo/kernel", "radgo/cmd", "github.com/go-zeromq/"},
		"stdlib is what the interpreter sees; it knows nothing of the protocol"},
}

func TestDependencyPolicy(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("go command not found")
	}
	for _, f := range forbidden {
		out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}} {{join .Deps \" \"}}", f.tree).CombinedOutput()
		if err != nil {
			if strings.Contains(string(out), "matched no packages") {
				continue
			}
			t.Fatalf("go list %s: %v\n%s", f.tree, err, out)
		}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			fields := strings.Fields(line)
			if len(fields) == 0 || !strings.HasPrefix(fields[0], strings.TrimSuffix(f.tree, "/...")) {
				continue
			}
			for _, dep := range fields[1:] {
				for _, ban := range f.bans {
					if strings.HasPrefix(dep, ban) {
						t.Errorf("%s depends on %s: %s", fields[0], dep, f.about)
					}
				}
			}
		}
	}
}
