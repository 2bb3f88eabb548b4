package stdlib_test

import (
	"fmt"
	"path"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	yaegistd "github.com/traefik/yaegi/stdlib"

	"radgo/stdlib"
)

// TestSymbolsCompile refers to every exported symbol of every extracted
// package from interpreted code, so that a symbol yaegi cannot use (a bad
// wrapper, a type it cannot represent) fails here and not in a notebook.
func TestSymbolsCompile(t *testing.T) {
	keys := make([]string, 0, len(stdlib.Symbols))
	for k := range stdlib.Symbols {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(keys) < 20 {
		t.Fatalf("only %d packages extracted", len(keys))
	}
	for _, key := range keys {
		importPath := path.Dir(key)
		t.Run(importPath, func(t *testing.T) {
			i := interp.New(interp.Options{})
			if err := i.Use(yaegistd.Symbols); err != nil {
				t.Fatal(err)
			}
			if err := i.Use(stdlib.Symbols); err != nil {
				t.Fatal(err)
			}
			var b strings.Builder
			fmt.Fprintf(&b, "package main\nimport p %q\n", importPath)
			names := make([]string, 0, len(stdlib.Symbols[key]))
			for n := range stdlib.Symbols[key] {
				names = append(names, n)
			}
			sort.Strings(names)
			count := 0
			for _, n := range names {
				if strings.HasPrefix(n, "_") {
					continue // interface wrappers
				}
				v := stdlib.Symbols[key][n]
				if v.Kind() == reflect.Ptr && v.IsNil() && v.Type().Elem().Kind() != reflect.Invalid {
					fmt.Fprintf(&b, "var _ p.%s\n", n) // a type
				} else {
					fmt.Fprintf(&b, "var _ = p.%s\n", n)
				}
				count++
			}
			if count == 0 {
				t.Fatalf("%s: no exported symbols", importPath)
			}
			if _, err := i.Eval(b.String()); err != nil {
				t.Errorf("%s: %v", importPath, err)
			}
		})
	}
}

// TestProjectPackagesExtracted checks that every project package in the
// list has a table with its exported functions.
func TestProjectPackagesExtracted(t *testing.T) {
	for _, want := range []string{"radgo/core/volume/volume", "radgo/core/survival/survival", "radgo/stdlib/display/display"} {
		if _, ok := stdlib.Symbols[want]; !ok {
			t.Errorf("no symbols for %s", want)
		}
	}
}

func TestParsePackages(t *testing.T) {
	pkgs, err := stdlib.ParsePackages("# c\na/b\nc/d preload # x\ne/v2 preload as e\n\n")
	if err != nil {
		t.Fatal(err)
	}
	want := []stdlib.Package{{"a/b", "b", false}, {"c/d", "d", true}, {"e/v2", "e", true}}
	if !reflect.DeepEqual(pkgs, want) {
		t.Errorf("got %+v, want %+v", pkgs, want)
	}
	if _, err := stdlib.ParsePackages("a/b load"); err == nil || !strings.Contains(err.Error(), "packages.txt:1") {
		t.Errorf("bad line: %v", err)
	}
	listed, err := stdlib.Packages()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range listed {
		if _, ok := stdlib.Symbols[p.Path+"/"+path.Base(p.Path)]; !ok {
			t.Errorf("packages.txt lists %s but it has no symbols (run go generate ./stdlib/...)", p.Path)
		}
	}
}
