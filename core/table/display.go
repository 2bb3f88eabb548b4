package table

import (
	"fmt"
	"html"
	"strconv"
	"strings"
	"unicode/utf8"
)

// DisplayRows is the number of rows up to which String and HTML show every
// row; longer tables show the first and last DisplayRows/2 rows.
// DisplayCols is the same limit for columns.
const (
	DisplayRows = 20
	DisplayCols = 20
	// TextWidth is the widest line String produces, in characters, when
	// the table has more than one column.
	TextWidth   = 160
	maxCellRune = 32
)

var kindAbbrev = [...]string{"<dbl>", "<int>", "<lgl>", "<chr>", "<fct>"}

// display returns the row and column indices to show; -1 marks an elision.
func (t *Table) display() (rows, cols []int) {
	pick := func(n, limit int) []int {
		var idx []int
		if n <= limit {
			for k := range n {
				idx = append(idx, k)
			}
			return idx
		}
		h := limit / 2
		for k := range h {
			idx = append(idx, k)
		}
		idx = append(idx, -1)
		for k := n - h; k < n; k++ {
			idx = append(idx, k)
		}
		return idx
	}
	return pick(t.nrows, DisplayRows), pick(len(t.cols), DisplayCols)
}

func (c *Column) cell(r int) string {
	var s string
	if c.kind == Float && !c.IsNA(r) {
		s = strconv.FormatFloat(c.f[r], 'g', 6, 64)
	} else {
		s = c.Text(r)
	}
	if utf8.RuneCountInString(s) > maxCellRune {
		s = string([]rune(s)[:maxCellRune-1]) + "…"
	}
	return s
}

func countShown(cols []int) int {
	n := 0
	for _, c := range cols {
		if c >= 0 {
			n++
		}
	}
	return n
}

// ShapeString returns "n rows × p columns".
func (t *Table) ShapeString() string {
	return fmt.Sprintf("%d rows × %d columns", t.nrows, len(t.cols))
}

// String renders the table as aligned text: the shape, a header line, a line of kinds
// (<dbl>, <int>, <lgl>, <chr>, <fct>) and the rows (head and tail of long
// tables). Numbers are right-aligned, text left-aligned.
func (t *Table) String() string {
	rows, cols := t.display()
	grid := make([][]string, len(rows)+2)
	right := make([]bool, len(cols))
	for k := range grid {
		grid[k] = make([]string, len(cols)+1)
	}
	grid[0][0], grid[1][0] = "", ""
	for j, c := range cols {
		if c < 0 {
			grid[0][j+1], grid[1][j+1] = "…", ""
			continue
		}
		col := t.cols[c]
		grid[0][j+1] = col.name
		grid[1][j+1] = kindAbbrev[col.kind]
		right[j] = col.kind == Float || col.kind == Int
	}
	for k, r := range rows {
		line := grid[k+2]
		if r < 0 {
			line[0] = "…"
			for j := range cols {
				line[j+1] = "…"
			}
			continue
		}
		line[0] = strconv.Itoa(r)
		for j, c := range cols {
			if c < 0 {
				line[j+1] = "…"
			} else {
				line[j+1] = t.cols[c].cell(r)
			}
		}
	}
	width := make([]int, len(cols)+1)
	for _, line := range grid {
		for j, s := range line {
			width[j] = max(width[j], utf8.RuneCountInString(s))
		}
	}
	// Keep the text within TextWidth: show the leading columns that fit and
	// an elision column, and name how many are hidden.
	hidden := 0
	total := width[0]
	for j := 1; j < len(width); j++ {
		total += 2 + width[j]
		if total > TextWidth && j > 1 {
			keep := j - 1 // grid columns 1..keep stay
			hidden = len(t.cols) - countShown(cols[:keep])
			for k := range grid {
				grid[k] = append(grid[k][:keep+1], "…")
				if k == 1 {
					grid[k][keep+1] = ""
				}
			}
			right = append(right[:keep], false)
			width = append(width[:keep+1], 1)
			break
		}
	}
	var b strings.Builder
	b.WriteString(t.ShapeString())
	if hidden > 0 {
		fmt.Fprintf(&b, " (%d columns not shown)", hidden)
	}
	for _, line := range grid {
		b.WriteByte('\n')
		for j, s := range line {
			pad := strings.Repeat(" ", width[j]-utf8.RuneCountInString(s))
			if j > 0 {
				b.WriteString("  ")
			}
			if j == 0 || right[j-1] {
				b.WriteString(pad)
				b.WriteString(s)
			} else {
				b.WriteString(s)
				if j < len(line)-1 {
					b.WriteString(pad)
				}
			}
		}
	}
	lines := strings.Split(b.String(), "\n")
	for k := range lines {
		lines[k] = strings.TrimRight(lines[k], " ")
	}
	return strings.Join(lines, "\n")
}

// HTML renders the table as an HTML fragment for notebook display: a
// <table> with the column names and kinds in the header, the head and tail
// of long tables and the shape in a caption line below.
func (t *Table) HTML() string {
	rows, cols := t.display()
	var b strings.Builder
	b.WriteString(`<div class="radgo-table"><table border="1" class="dataframe">` + "\n<thead><tr><th></th>")
	for _, c := range cols {
		if c < 0 {
			b.WriteString("<th>…</th>")
			continue
		}
		col := t.cols[c]
		fmt.Fprintf(&b, `<th title="%s">%s<br><small>%s</small></th>`, col.kind, html.EscapeString(col.name), html.EscapeString(kindAbbrev[col.kind]))
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	for _, r := range rows {
		if r < 0 {
			b.WriteString("<tr><th>…</th>")
			for range cols {
				b.WriteString("<td>…</td>")
			}
			b.WriteString("</tr>\n")
			continue
		}
		fmt.Fprintf(&b, "<tr><th>%d</th>", r)
		for _, c := range cols {
			if c < 0 {
				b.WriteString("<td>…</td>")
				continue
			}
			col := t.cols[c]
			style := ""
			if col.kind == Float || col.kind == Int {
				style = ` style="text-align:right"`
			}
			if col.IsNA(r) {
				fmt.Fprintf(&b, `<td%s><i>NA</i></td>`, style)
			} else {
				fmt.Fprintf(&b, "<td%s>%s</td>", style, html.EscapeString(col.cell(r)))
			}
		}
		b.WriteString("</tr>\n")
	}
	fmt.Fprintf(&b, "</tbody>\n</table>\n<p>%s</p></div>", t.ShapeString())
	return b.String()
}
