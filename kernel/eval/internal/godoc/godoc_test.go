package godoc

import (
	"strings"
	"testing"
)

func TestLoad(t *testing.T) {
	for i := 0; i < 5; i++ { // deterministic whatever the map order
		p, err := Load("testdata/tagged", "example.com/tagged")
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Entries["T.At"]; got != "func (t T) At() int\n\nAt is the default variant." {
			t.Fatalf("T.At = %q", got)
		}
		if !strings.HasPrefix(p.Doc, "Package tagged is test input") {
			t.Errorf("package doc %q", p.Doc)
		}
		p.Shorten(40)
		if got := p.Entries["Long"]; got != "func Long()\n\nLong has a long doc comment. It goes on …" {
			t.Errorf("shortened Long = %q", got)
		}
	}
	if _, err := Load("testdata/none", "x"); err == nil {
		t.Error("missing folder: no error")
	}
}
