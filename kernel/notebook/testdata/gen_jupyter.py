# Writes jupyter_written.ipynb with nbformat's own writer (the layout
# Jupyter saves), covering every cell and output type radgo reads.
# Run with Debian's python3-nbformat 5.5.0:  /usr/bin/python3 gen_jupyter.py
import nbformat
from nbformat.v4 import (new_notebook, new_code_cell, new_markdown_cell, new_raw_cell,
                         new_output)

nb = new_notebook()
nb.metadata["kernelspec"] = {"display_name": "Go (radgo)", "language": "go", "name": "radgo"}
cells = [
    new_markdown_cell("# Title\n\nSome *text* with <html> & \"quotes\"."),
    new_code_cell("x := 1\nfmt.Println(x)\nx", execution_count=1, outputs=[
        new_output("stream", name="stdout", text="1\n"),
        new_output("execute_result", data={"text/plain": "1"}, execution_count=1),
    ]),
    new_code_cell("display.PNG(b)", execution_count=2, outputs=[
        new_output("display_data", data={
            "image/png": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
            "text/plain": "<PNG image 1×1>"}),
        new_output("display_data", data={"application/json": {"a": [1, 2.5, None, True]}, "text/html": "<b>x</b>\n<i>y</i>",
                                         "text/plain": "line 1\nline 2\n"}, metadata={"isolated": True}),
    ]),
    new_code_cell("panic(\"boom\")", execution_count=3, outputs=[
        new_output("error", ename="panic", evalue="boom", traceback=["panic: boom", "  at cell:1:1"]),
    ]),
    new_code_cell("", execution_count=None),
    new_raw_cell("raw text\n"),
    new_code_cell("ünïcödé := \"日本\"", execution_count=4, outputs=[
        new_output("stream", name="stderr", text="warn\nmore\n"),
    ]),
]
for i, c in enumerate(cells):
    c["id"] = "cell-%d" % i
nb.cells = cells
nbformat.validate(nb)
with open("jupyter_written.ipynb", "w", encoding="utf-8") as f:
    nbformat.write(nb, f)
