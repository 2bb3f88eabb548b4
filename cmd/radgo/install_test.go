package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInstall(t *testing.T) {
	allowTempBinary = true
	defer func() { allowTempBinary = false }()
	dir := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", filepath.Join(dir, "data"))
	t.Setenv("VIRTUAL_ENV", filepath.Join(dir, "venv"))
	bin, _ := os.Executable()
	bin, _ = filepath.EvalSymlinks(bin)
	for _, tt := range []struct {
		args []string
		file string
		name string
	}{
		{nil, "data/kernels/radgo/kernel.json", "radgo (Go)"},
		{[]string{"--user", "--name", "radgo-dev", "--display-name", "Go dev"}, "data/kernels/radgo-dev/kernel.json", "Go dev"},
		{[]string{"--prefix", filepath.Join(dir, "pfx")}, "pfx/share/jupyter/kernels/radgo/kernel.json", "radgo (Go)"},
		{[]string{"--sys-prefix"}, "venv/share/jupyter/kernels/radgo/kernel.json", "radgo (Go)"},
	} {
		var out, errb bytes.Buffer
		if err := cmdInstall(tt.args, &out, &errb); err != nil {
			t.Fatalf("install %v: %v (%s)", tt.args, err, errb.String())
		}
		b, err := os.ReadFile(filepath.Join(dir, tt.file))
		if err != nil {
			t.Fatalf("install %v: %v", tt.args, err)
		}
		var spec kernelSpec
		if err := json.Unmarshal(b, &spec); err != nil {
			t.Fatal(err)
		}
		want := kernelSpec{Argv: []string{bin, "kernel", "{connection_file}"}, DisplayName: tt.name, Language: "go", InterruptMode: "message"}
		if strings.Join(spec.Argv, " ") != strings.Join(want.Argv, " ") || spec.DisplayName != want.DisplayName ||
			spec.Language != "go" || spec.InterruptMode != "message" || !filepath.IsAbs(spec.Argv[0]) {
			t.Errorf("install %v wrote %+v", tt.args, spec)
		}
		for _, logo := range []string{"logo-svg.svg", "logo-32x32.png", "logo-64x64.png"} {
			if fi, err := os.Stat(filepath.Join(dir, filepath.Dir(tt.file), logo)); err != nil || fi.Size() == 0 {
				t.Errorf("install %v: %s missing (%v)", tt.args, logo, err)
			}
		}
		if !strings.Contains(out.String(), filepath.Dir(filepath.Join(dir, tt.file))) {
			t.Errorf("install %v said %q", tt.args, out.String())
		}
	}
}

func TestInstallErrors(t *testing.T) {
	allowTempBinary = true
	defer func() { allowTempBinary = false }()
	t.Setenv("JUPYTER_DATA_DIR", t.TempDir())
	for _, tt := range []struct {
		args []string
		want string // in the error or on stderr
	}{
		{[]string{"--user", "--prefix", "/x"}, "choose one"},
		{[]string{"--name", "bad name"}, "may contain only"},
		{[]string{"--bogus"}, "not defined"},
		{[]string{"extra"}, "unexpected argument"},
	} {
		var out, errb bytes.Buffer
		err := cmdInstall(tt.args, &out, &errb)
		if err == nil {
			t.Errorf("install %v succeeded", tt.args)
			continue
		}
		if !strings.Contains(err.Error()+errb.String(), tt.want) {
			t.Errorf("install %v: %v / %q, want %q", tt.args, err, errb.String(), tt.want)
		}
	}
}

func TestHelp(t *testing.T) {
	for _, cmd := range []string{"install", "kernel"} {
		var out, errb bytes.Buffer
		if code := run([]string{cmd, "--help"}, &out, &errb); code != 0 {
			t.Errorf("%s --help exit %d", cmd, code)
		}
		if !strings.HasPrefix(out.String(), "Usage: radgo "+cmd) || errb.Len() != 0 {
			t.Errorf("%s --help: stdout %q stderr %q", cmd, out.String(), errb.String())
		}
	}
	var out bytes.Buffer
	run([]string{"--help"}, &out, &out)
	if strings.Contains(out.String(), "kernel-worker") || !strings.Contains(out.String(), "install") {
		t.Errorf("radgo --help lists: %s", out.String())
	}
}
