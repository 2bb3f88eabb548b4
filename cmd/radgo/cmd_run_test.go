package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCmdRun(t *testing.T) {
	dir := t.TempDir()
	script := writeFile(t, dir, "s.go", `package main

x := 21
fmt.Println("hello", os.Args[1])
//%%
x * 2
//%% a second cell
display.Markdown("**md**")
bar := display.NewProgress("work", 2)
bar.Add(2)
bar.Done()
`)
	var out, errb bytes.Buffer
	if err := cmdRun([]string{script, "arg1"}, &out, &errb); err != nil {
		t.Fatalf("run: %v\nstderr: %s", err, errb.String())
	}
	got := out.String()
	for _, want := range []string{"hello arg1\n", "42\n", "**md**\n", "work: 2/2 done in"} {
		if !strings.Contains(got, want) {
			t.Errorf("stdout %q lacks %q", got, want)
		}
	}
	if strings.Count(got, "work") != 1 {
		t.Errorf("the progress bar printed more than its final state: %q", got)
	}

	bad := writeFile(t, dir, "bad.go", "a := 1\n//%%\n\nb := a +\n  nope\n")
	err := cmdRun([]string{bad}, &out, &errb)
	if err == nil || !strings.Contains(err.Error(), bad+":5:3: undefined: nope") {
		t.Errorf("error %v, want the file position %s:5:3", err, bad)
	}
	pan := writeFile(t, dir, "panic.go", "panic(\"boom\")\n")
	if err := cmdRun([]string{pan}, &out, &errb); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Errorf("panic: %v", err)
	}
	prog := writeFile(t, dir, "prog.go", "package main\n\nimport \"fmt\"\n\nfunc main() {\n\tfmt.Println(\"from main\", twice(21))\n}\n\nfunc twice(x int) int { return 2 * x }\n")
	out.Reset()
	if err := cmdRun([]string{prog}, &out, &errb); err != nil || out.String() != "from main 42\n" {
		t.Errorf("a Go program: %v, stdout %q", err, out.String())
	}
	if err := cmdRun(nil, &out, &errb); err != errUsage {
		t.Errorf("no file: %v, want usage", err)
	}
}

func TestScriptCells(t *testing.T) {
	cells := scriptCells("package main\na\n//%%\nb\n  //%% x\nc")
	if len(cells) != 3 || cells[1].line != 4 || cells[2].line != 6 || strings.Contains(cells[0].code, "package") {
		t.Errorf("cells %+v", cells)
	}
}
