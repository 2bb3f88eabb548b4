package eval

import (
	"context"
	"testing"
)

// BenchmarkExecuteTrivial measures a trivial cell (split, compile, run,
// display of the value): the evaluator's share of an execute round trip.
func BenchmarkExecuteTrivial(b *testing.B) {
	ip, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	rec := &recorder{}
	for i := 0; i < b.N; i++ {
		if _, err := ip.Execute(ctx, "1 + 1", rec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNew measures creating an interpreter with every table loaded
// and the preloaded packages imported (part of kernel start-up).
func BenchmarkNew(b *testing.B) {
	for i := 0; i < b.N; i++ {
		if _, err := New(Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
