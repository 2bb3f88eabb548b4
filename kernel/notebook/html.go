package notebook

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"sort"
	"strings"
)

// WriteHTML renders nb as a self-contained HTML page: markdown cells (the
// common subset of Markdown), raw cells as preformatted text, code cells with their outputs (HTML and SVG
// inline, images as data URLs), and the notebook's radgo provenance, when
// recorded, at the end.
func (nb *Notebook) WriteHTML(w io.Writer, title string) error {
	var b strings.Builder
	fmt.Fprintf(&b, `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>%s</title>
<style>
body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}
pre{background:#f6f8fa;padding:.5em;overflow-x:auto}
.in{border-left:3px solid #4a90d9}.err{background:#fdecea}
.count{color:#888;font-size:small}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}
</style></head><body>
`, html.EscapeString(title))
	for _, c := range nb.Cells {
		switch c.Type {
		case Markdown:
			fmt.Fprintf(&b, "<div class=\"md\">%s</div>\n", markdownHTML(c.Source))
		case Raw:
			fmt.Fprintf(&b, "<pre>%s</pre>\n", html.EscapeString(c.Source))
		case Code:
			count := " "
			if c.ExecutionCount != nil {
				count = fmt.Sprint(*c.ExecutionCount)
			}
			fmt.Fprintf(&b, "<div class=\"count\">In [%s]:</div><pre class=\"in\"><code>%s</code></pre>\n", count, html.EscapeString(c.Source))
			for _, o := range c.Outputs {
				writeOutputHTML(&b, o)
			}
		}
	}
	if prov := nb.StoredProvenance(); prov != nil {
		j, _ := json.MarshalIndent(prov, "", "  ")
		fmt.Fprintf(&b, "<h3 id=\"provenance\">Provenance</h3><pre class=\"provenance\">%s</pre>\n", html.EscapeString(string(j)))
	}
	b.WriteString("</body></html>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func writeOutputHTML(b *strings.Builder, o *Output) {
	switch o.Type {
	case Stream:
		fmt.Fprintf(b, "<pre>%s</pre>\n", html.EscapeString(o.Text))
	case Error:
		fmt.Fprintf(b, "<pre class=\"err\">%s</pre>\n", html.EscapeString(strings.Join(o.Traceback, "\n")))
	case DisplayData, ExecuteResult:
		// The richest type wins, as in Jupyter.
		for _, mime := range []string{"text/html", "image/svg+xml", "image/png", "image/jpeg", "text/markdown", "application/json", "text/plain"} {
			v, ok := o.Data[mime]
			if !ok {
				continue
			}
			s, _ := v.(string)
			switch mime {
			case "text/html", "image/svg+xml":
				fmt.Fprintf(b, "<div>%s</div>\n", s)
			case "text/markdown":
				fmt.Fprintf(b, "<div>%s</div>\n", markdownHTML(s))
			case "image/png", "image/jpeg":
				fmt.Fprintf(b, "<div><img src=\"data:%s;base64,%s\"></div>\n", mime, strings.TrimSpace(s))
			case "application/json":
				j, _ := json.MarshalIndent(v, "", "  ")
				fmt.Fprintf(b, "<pre>%s</pre>\n", html.EscapeString(string(j)))
			default:
				fmt.Fprintf(b, "<pre>%s</pre>\n", html.EscapeString(s))
			}
			return
		}
		mimes := o.MIMETypes()
		sort.Strings(mimes)
		fmt.Fprintf(b, "<pre>[output in %s]</pre>\n", html.EscapeString(strings.Join(mimes, ", ")))
	}
}
