package eval

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"radgo/kernel"
)

// countingRecorder is a recorder that counts input requests.
type countingRecorder struct {
	recorder
	requests int
}

func (r *countingRecorder) Input(prompt string, password bool) (string, error) {
	r.mu.Lock()
	r.requests++
	r.mu.Unlock()
	return r.recorder.Input(prompt, password)
}

func TestStdinReaders(t *testing.T) {
	for _, c := range []struct {
		name     string
		code     string
		input    []string
		stdout   string // exact stdout
		requests int    // input requests the cell must make
	}{
		{"Scanln", "var s string\nvar n int\nfmt.Scanln(&s, &n)\nfmt.Println(s, n)", []string{"Ada 36"}, "Ada 36\n", 1},
		{"Scan two lines", "var a, b int\nfmt.Scan(&a)\nfmt.Scan(&b)\nfmt.Println(a + b)", []string{"2", "40"}, "42\n", 2},
		{"bufio.Reader", "import \"bufio\"\nr := bufio.NewReader(os.Stdin)\nline, err := r.ReadString('\\n')\nfmt.Printf(\"%q %v\\n\", line, err)", []string{"hello world"}, "\"hello world\\n\" <nil>\n", 1},
		{"bufio.Reader empty line", "import \"bufio\"\nline, err := bufio.NewReader(os.Stdin).ReadString('\\n')\nfmt.Printf(\"%q %v\\n\", line, err)", []string{""}, "\"\\n\" <nil>\n", 1},
		{"bufio.Scanner two lines", "import \"bufio\"\nsc := bufio.NewScanner(os.Stdin)\nfor i := 0; i < 2 && sc.Scan(); i++ {\n\tfmt.Println(i, sc.Text())\n}", []string{"first", "second"}, "0 first\n1 second\n", 2},
		{"bufio.Scanner to EOF", "import \"bufio\"\nsc := bufio.NewScanner(os.Stdin)\nn := 0\nfor sc.Scan() {\n\tn++\n}\nfmt.Println(n, sc.Err())", []string{"a", "b", "c", "^D"}, "3 <nil>\n", 4},
		{"os.Stdin.Read", "b := make([]byte, 3)\nn, err := os.Stdin.Read(b)\nfmt.Printf(\"%q %v\\n\", b[:n], err)", []string{"abcdef"}, "\"abc\" <nil>\n", 1},
		{"io.ReadAll", "import \"io\"\nb, err := io.ReadAll(os.Stdin)\nfmt.Printf(\"%q %v\\n\", b, err)", []string{"x", "y", " \x04 "}, "\"x\\ny\\n\" <nil>\n", 3},
		{"EOF is sticky in the cell", "import \"io\"\nio.ReadAll(os.Stdin)\nvar s string\n_, err := fmt.Scanln(&s)\nfmt.Println(err)", []string{"^D"}, "EOF\n", 1},
		{"Scan and bufio share the stream", "import \"bufio\"\nvar n int\nfmt.Scan(&n)\nline, _ := bufio.NewReader(os.Stdin).ReadString('\\n')\nfmt.Printf(\"%d %q\\n\", n, line)", []string{"7", "rest"}, "7 \"rest\\n\"\n", 2},
		{"Stat is a character device", "fi, err := os.Stdin.Stat()\nfmt.Println(fi.Mode()&os.ModeCharDevice != 0, err)", nil, "true <nil>\n", 0},
		{"no read, no request", "fmt.Println(os.Stdin.Name())", nil, "/dev/stdin\n", 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			ip := newInterp(t)
			rec := &countingRecorder{recorder: recorder{input: append([]string(nil), c.input...)}}
			if _, err := ip.Execute(context.Background(), c.code, rec); err != nil {
				t.Fatalf("Execute: %v", err)
			}
			if got := rec.stdout.String(); got != c.stdout {
				t.Errorf("stdout = %q, want %q", got, c.stdout)
			}
			if rec.requests != c.requests {
				t.Errorf("%d input requests, want %d", rec.requests, c.requests)
			}
			if s := rec.stderr.String(); s != "" {
				t.Errorf("stderr = %q", s)
			}
		})
	}
}

// TestStdinNotAllowed: with allow_stdin false every way of reading fails
// with an error naming the cause, and the cell's stderr says so once.
func TestStdinNotAllowed(t *testing.T) {
	for _, code := range []string{
		"var s string\n_, err := fmt.Scanln(&s)\nfmt.Println(err)",
		"import \"bufio\"\n_, err := bufio.NewReader(os.Stdin).ReadString('\\n')\nfmt.Println(err)",
		"import \"bufio\"\nsc := bufio.NewScanner(os.Stdin)\nfor sc.Scan() {}\nfmt.Println(sc.Err())",
		"import \"io\"\n_, err := io.ReadAll(os.Stdin)\nfmt.Println(err)\n_, err = os.Stdin.Read(make([]byte, 1))\nfmt.Println(err)",
	} {
		ip := newInterp(t)
		rec := &recorder{} // no input: Input returns kernel.ErrNoStdin
		if _, err := ip.Execute(context.Background(), code, rec); err != nil {
			t.Fatalf("%q: %v", code, err)
		}
		out := rec.stdout.String()
		if !strings.Contains(out, "allow_stdin is false") || strings.Contains(out, "EOF") {
			t.Errorf("%q: stdout %q, want the allow_stdin error", code, out)
		}
		if n := strings.Count(rec.stderr.String(), "does not accept input"); n != 1 {
			t.Errorf("%q: stderr %q, want the notice once", code, rec.stderr.String())
		}
	}
	var err error = noStdinError{}
	if !errors.Is(err, kernel.ErrNoStdin) {
		t.Error("noStdinError does not wrap kernel.ErrNoStdin")
	}
}

// TestStdinNewCell: what a cell left unread and an end of input do not
// reach the next cell; %reset keeps standard input working.
func TestStdinNewCell(t *testing.T) {
	ip := newInterp(t)
	rec := &countingRecorder{recorder: recorder{input: []string{"1 2 3", "^D"}}}
	for _, code := range []string{"var a int\nfmt.Scan(&a)", "import \"io\"\nio.ReadAll(os.Stdin)"} {
		if _, err := ip.Execute(context.Background(), code, rec); err != nil {
			t.Fatal(err)
		}
	}
	for _, code := range []string{"", "%reset"} {
		if code != "" {
			if _, err := ip.Execute(context.Background(), code, &recorder{}); err != nil {
				t.Fatal(err)
			}
		}
		rec = &countingRecorder{recorder: recorder{input: []string{"9"}}}
		res, err := ip.Execute(context.Background(), "var b int\nfmt.Scan(&b)\nb", rec)
		if err != nil || res["text/plain"] != "9" || rec.requests != 1 {
			t.Errorf("after %q: got %v, %v with %d requests; want 9 with 1", code, res, err, rec.requests)
		}
	}
}

// TestStdinInterrupt: a cell waiting for input stops when interrupted.
func TestStdinInterrupt(t *testing.T) {
	ip := newInterp(t)
	ctx, cancel := context.WithCancel(context.Background())
	out := &blockingInput{recorder: &recorder{}, ctx: ctx, asked: make(chan struct{})}
	done := make(chan error, 1)
	go func() {
		_, err := ip.Execute(ctx, "import \"bufio\"\nbufio.NewReader(os.Stdin).ReadString('\\n')", out)
		done <- err
	}()
	select {
	case <-out.asked:
	case err := <-done:
		t.Fatalf("the cell ended (%v) without asking for input", err)
	case <-time.After(10 * time.Second):
		t.Fatal("no input request after 10 s")
	}
	cancel()
	err := <-done
	var ee *kernel.ExecError
	if !errors.As(err, &ee) || ee.Name != "Interrupted" {
		t.Errorf("got %v, want Interrupted", err)
	}
}

// blockingInput answers no input request until its context ends.
type blockingInput struct {
	*recorder
	ctx   context.Context
	asked chan struct{}
}

func (b *blockingInput) Input(string, bool) (string, error) {
	close(b.asked)
	<-b.ctx.Done()
	return "", b.ctx.Err()
}
