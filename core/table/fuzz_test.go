package table

import (
	"bytes"
	"os"
	"testing"
)

// FuzzRead checks that Read never panics, and that whatever it reads
// writes back as CSV that reads again to the same table.
func FuzzRead(f *testing.F) {
	for _, name := range []string{"testdata/km_toy.csv", "testdata/veteran.csv"} {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("id,x,flag\nP1,1.5,true\n\"P,2\",NA,\n"))
	f.Add([]byte("a\n\n"))
	f.Add([]byte("\ufeffa,b\n1,\"multi\nline\"\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<16 {
			return
		}
		tb, err := Read(bytes.NewReader(data), "fuzz.csv")
		if err != nil {
			return
		}
		_ = tb.String()
		_ = tb.HTML()
		var out bytes.Buffer
		if err := tb.WriteCSV(&out); err != nil {
			t.Fatalf("WriteCSV: %v", err)
		}
		back, err := Read(bytes.NewReader(out.Bytes()), "back.csv")
		if err != nil {
			t.Fatalf("re-reading written CSV: %v\n%q", err, out.String())
		}
		var out2 bytes.Buffer
		back.WriteCSV(&out2)
		if out.String() != out2.String() {
			t.Fatalf("round trip differs:\n%q\n%q", out.String(), out2.String())
		}
	})
}
