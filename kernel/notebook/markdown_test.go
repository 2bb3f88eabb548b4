package notebook

import "testing"

func TestMarkdownHTML(t *testing.T) {
	for _, c := range []struct{ md, want string }{
		{"# Title", "<h1>Title</h1>\n"},
		{"### Sub ###", "<h3>Sub</h3>\n"},
		{"a **b** *c* _d_ `e*f` [g](http://x)", "<p>a <strong>b</strong> <em>c</em> <em>d</em> <code>e*f</code> <a href=\"http://x\">g</a></p>\n"},
		{"one\ntwo\n\nthree", "<p>one two</p>\n<p>three</p>\n"},
		{"- a\n- b\n1. c", "<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol>\n<li>c</li>\n</ol>\n"},
		{"```go\nx := 1 < 2\n```", "<pre><code>x := 1 &lt; 2</code></pre>\n"},
		{"<script>x</script> snake_case_name", "<p>&lt;script&gt;x&lt;/script&gt; snake_case_name</p>\n"},
	} {
		if got := markdownHTML(c.md); got != c.want {
			t.Errorf("markdownHTML(%q) = %q, want %q", c.md, got, c.want)
		}
	}
}
