package notebook_test

import (
	"context"
	"fmt"

	"radgo/kernel"
	"radgo/kernel/notebook"
)

// upper is a toy kernel.Executor that echoes a cell in capitals.
type upper struct{}

func (upper) Execute(_ context.Context, code string, out kernel.Output) (kernel.MIMEBundle, error) {
	out.Stream("stdout", "ran "+code+"\n")
	return kernel.MIMEBundle{"text/plain": fmt.Sprintf("%q", code)}, nil
}
func (upper) Complete(string, int) kernel.Completion     { return kernel.Completion{} }
func (upper) Inspect(string, int, int) kernel.Inspection { return kernel.Inspection{} }
func (upper) IsComplete(string) (string, string)         { return "complete", "" }

func ExampleRun() {
	nb := notebook.New()
	nb.AddCell(notebook.Markdown, "# Title")
	nb.AddCell(notebook.Code, "x")
	if err := notebook.Run(context.Background(), nb, upper{}, notebook.RunOptions{}); err != nil {
		panic(err)
	}
	c := nb.Cells[1]
	fmt.Println(*c.ExecutionCount, c.Outputs[0].Type, c.Outputs[0].Text, c.Outputs[1].Type, c.Outputs[1].Data["text/plain"])
	// Output: 1 stream ran x
	//  execute_result "x"
}
