package notebook

import (
	"html"
	"regexp"
	"strings"
)

// markdownHTML renders the common subset of Markdown that notebook text
// cells use: ATX headings, paragraphs, bullet and numbered lists, fenced
// code blocks, **bold**, *italic* and _italic_, `code` and [links](url).
// Anything else shows as text; raw HTML is escaped.
func markdownHTML(src string) string {
	var b strings.Builder
	lines := strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")
	var para []string
	list := ""
	flush := func() {
		if len(para) > 0 {
			b.WriteString("<p>" + inline(strings.Join(para, " ")) + "</p>\n")
			para = nil
		}
	}
	endList := func() {
		if list != "" {
			b.WriteString("</" + list + ">\n")
			list = ""
		}
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		t := strings.TrimSpace(l)
		switch {
		case strings.HasPrefix(t, "```"):
			flush()
			endList()
			var code []string
			for i++; i < len(lines) && !strings.HasPrefix(strings.TrimSpace(lines[i]), "```"); i++ {
				code = append(code, lines[i])
			}
			b.WriteString("<pre><code>" + html.EscapeString(strings.Join(code, "\n")) + "</code></pre>\n")
		case t == "":
			flush()
			endList()
		case headingRE.MatchString(t):
			flush()
			endList()
			m := headingRE.FindStringSubmatch(t)
			n := string(rune('0' + len(m[1])))
			b.WriteString("<h" + n + ">" + inline(m[2]) + "</h" + n + ">\n")
		case bulletRE.MatchString(t) || numberRE2.MatchString(t):
			flush()
			kind, re := "ul", bulletRE
			if !bulletRE.MatchString(t) {
				kind, re = "ol", numberRE2
			}
			if list != kind {
				endList()
				b.WriteString("<" + kind + ">\n")
				list = kind
			}
			b.WriteString("<li>" + inline(re.ReplaceAllString(t, "")) + "</li>\n")
		default:
			endList()
			para = append(para, t)
		}
	}
	flush()
	endList()
	return b.String()
}

var (
	headingRE = regexp.MustCompile(`^(#{1,6})\s+(.*?)\s*#*$`)
	bulletRE  = regexp.MustCompile(`^[-*+]\s+`)
	numberRE2 = regexp.MustCompile(`^\d+[.)]\s+`)
	codeRE    = regexp.MustCompile("`([^`]+)`")
	boldRE    = regexp.MustCompile(`\*\*([^*]+)\*\*`)
	italicRE  = regexp.MustCompile(`(^|[^\w*])[*_]([^*_]+)[*_]([^\w*]|$)`)
	linkRE    = regexp.MustCompile(`\[([^\]]+)\]\(([^)\s]+)\)`)
)

// inline renders inline markup of escaped text; code spans are kept
// verbatim.
func inline(s string) string {
	var spans []string
	s = codeRE.ReplaceAllStringFunc(s, func(m string) string {
		spans = append(spans, "<code>"+html.EscapeString(m[1:len(m)-1])+"</code>")
		return "\x00" + string(rune('0'+len(spans)-1)) + "\x00"
	})
	s = html.EscapeString(s)
	s = linkRE.ReplaceAllString(s, `<a href="$2">$1</a>`)
	s = boldRE.ReplaceAllString(s, "<strong>$1</strong>")
	for i := 0; i < 8; i++ { // adjacent spans share a boundary character
		t := italicRE.ReplaceAllString(s, "$1<em>$2</em>$3")
		if t == s {
			break
		}
		s = t
	}
	for i, sp := range spans {
		s = strings.Replace(s, "\x00"+string(rune('0'+i))+"\x00", sp, 1)
	}
	return s
}
