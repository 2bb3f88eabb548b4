package main

import (
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is set at link time with -ldflags "-X main.version=..."; the
// module version or "devel" otherwise.
var version = ""

func cmdVersion(args []string, stdout, stderr io.Writer) error {
	fmt.Fprintf(stdout, "radgo %s %s %s/%s\n", versionString(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}

// versionString is the version and, when the build recorded it, the commit.
func versionString() string {
	v, commit := version, ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		if v == "" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				commit = s.Value
			}
		}
	}
	if v == "" || v == "(devel)" {
		v = "devel"
	}
	if commit != "" {
		v += " (" + commit + ")"
	}
	return v
}
