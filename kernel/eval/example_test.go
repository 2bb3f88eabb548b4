package eval_test

import (
	"context"
	"fmt"

	"radgo/kernel"
	"radgo/kernel/eval"
)

// printer is a minimal kernel.Output that prints what a cell sends.
type printer struct{}

func (printer) Stream(name, text string)           { fmt.Print(text) }
func (printer) Display(d kernel.Display)           { fmt.Println("display:", d.Data["text/plain"]) }
func (printer) Clear(bool)                         {}
func (printer) Input(string, bool) (string, error) { return "", kernel.ErrNoStdin }

func ExampleInterpreter_Execute() {
	ip, err := eval.New(eval.Options{})
	if err != nil {
		panic(err)
	}
	defer ip.Close()
	ctx := context.Background()
	cells := []string{
		"type Point struct{ X, Y float64 }\nfunc (p Point) Norm() float64 { return math.Hypot(p.X, p.Y) }",
		"p := Point{3, 4}\nfmt.Println(\"norm of\", p)\np.Norm()",
		`display.Markdown("**done**")`,
		"p.Z",
	}
	for _, c := range cells {
		res, err := ip.Execute(ctx, c, printer{})
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		if res != nil {
			fmt.Println("result:", res["text/plain"])
		}
	}
	// Output:
	// norm of {3 4}
	// result: 5
	// display: **done**
	// error: CompileError: cell:1:1: undefined selector: Z
}
