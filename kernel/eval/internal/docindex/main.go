// Command docindex writes the documentation index that kernel/eval embeds
// for inspect requests (shift-tab) on the project's and gonum's packages,
// which an installed radgo binary has no sources for. It reads the
// package list of stdlib/packages.txt; radgo packages keep their whole
// doc comments, third-party ones the first paragraph (at most 200 bytes).
//
// Usage (from go generate in radgo/kernel/eval):
//
//	go run ./internal/docindex ../../stdlib/packages.txt docindex.json
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"log"
	"os"
	"os/exec"
	"strings"

	"radgo/kernel/eval/internal/godoc"
)

func main() {
	log.SetPrefix("docindex: ")
	log.SetFlags(0)
	if len(os.Args) != 3 {
		log.Fatal("usage: docindex PACKAGES_FILE OUT.json")
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		log.Fatal(err)
	}
	var pkgs []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = strings.TrimSpace(line[:i])
		}
		if line != "" {
			pkgs = append(pkgs, strings.Fields(line)[0])
		}
	}
	f.Close()
	out, err := exec.Command("go", append([]string{"list", "-f", "{{.ImportPath}}\t{{.Dir}}"}, pkgs...)...).Output()
	if err != nil {
		log.Fatalf("go list: %v", err)
	}
	index := map[string]*godoc.Package{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, dir, _ := strings.Cut(line, "\t")
		p, err := godoc.Load(dir, path)
		if err != nil {
			log.Fatalf("%s: %v", path, err)
		}
		if !strings.HasPrefix(path, "radgo/") {
			p.Shorten(200)
		}
		index[path] = p
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(index); err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(os.Args[2], buf.Bytes(), 0o644); err != nil {
		log.Fatal(err)
	}
}
