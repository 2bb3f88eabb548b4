package provenance_test

import (
	"fmt"
	"os"
	"path/filepath"

	"radgo/core/provenance"
)

// A program records what the project's readers open while it runs.
func Example() {
	dir, _ := os.MkdirTemp("", "prov")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "clinical.csv")
	os.WriteFile(path, []byte("id,age\n1,60\n"), 0o644)

	var rec provenance.Recorder
	detach := provenance.Attach(&rec)
	provenance.RecordInput("table.ReadFile", path) // what core/table.ReadFile does
	provenance.RecordSeed("stats.Split", 2024)     // what core/stats.Split does
	detach()

	for _, in := range rec.Inputs() {
		fmt.Println(filepath.Base(in.Path), in.Reader, in.SHA256[:12])
	}
	for _, s := range rec.Seeds() {
		fmt.Println(s.Func, s.Seed)
	}
	// Output:
	// clinical.csv table.ReadFile d28e21535b2b
	// stats.Split 2024
}
