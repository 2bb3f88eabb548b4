package table

import (
	"bufio"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"radgo/core/provenance"
)

// ParseError is an error in a CSV file: File is the file name given to
// [Read] or [ReadFile], Line the 1-based line, Column the 1-based field
// number and Name the column header (when known).
type ParseError struct {
	File   string
	Line   int
	Column int
	Name   string
	Err    error
}

// Error formats the error as "table: file:line:column (column \"name\"): message".
func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("table: ")
	if e.File != "" {
		b.WriteString(e.File)
		b.WriteString(":")
	}
	fmt.Fprintf(&b, "%d", e.Line)
	if e.Column > 0 {
		fmt.Fprintf(&b, ":%d", e.Column)
	}
	if e.Name != "" {
		fmt.Fprintf(&b, " (column %q)", e.Name)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *ParseError) Unwrap() error { return e.Err }

// DefaultNA is the default set of cells read as missing.
var defaultNA = []string{"", "NA", "NaN", "nan", "N/A", "NULL"}

type readConfig struct {
	comma   rune
	types   map[string]Kind
	na      map[string]bool
	naMax   int
	comment rune
}

// Option configures [Read] and [ReadFile].
type Option func(*readConfig)

// WithDelimiter sets the field delimiter (default ',' or, for files named
// *.tsv or *.tab, tab).
func WithDelimiter(r rune) Option { return func(c *readConfig) { c.comma = r } }

// WithType fixes the kind of the named column instead of inferring it. A
// cell that does not parse as the kind is a [ParseError].
func WithType(column string, k Kind) Option {
	return func(c *readConfig) { c.types[column] = k }
}

// WithNA replaces the set of cells read as missing (default "", "NA",
// "NaN", "nan", "N/A", "NULL").
func WithNA(values ...string) Option {
	return func(c *readConfig) {
		c.na = map[string]bool{}
		for _, v := range values {
			c.na[v] = true
		}
	}
}

// WithComment makes lines starting with r comments.
func WithComment(r rune) Option { return func(c *readConfig) { c.comment = r } }

func newConfig(name string, opts []Option) *readConfig {
	c := &readConfig{comma: ',', types: map[string]Kind{}, na: map[string]bool{}}
	base := strings.TrimSuffix(strings.ToLower(name), ".gz")
	if strings.HasSuffix(base, ".tsv") || strings.HasSuffix(base, ".tab") {
		c.comma = '\t'
	}
	for _, v := range defaultNA {
		c.na[v] = true
	}
	for _, o := range opts {
		o(c)
	}
	for v := range c.na {
		c.naMax = max(c.naMax, len(v))
	}
	return c
}

func (c *readConfig) isNA(s string) bool {
	if len(s) > c.naMax {
		return false
	}
	return c.na[s]
}

// ReadFile reads a CSV or TSV file (gzip-compressed when the name ends in
// ".gz"); see the package documentation for type inference.
func ReadFile(path string, opts ...Option) (*Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("table: %w", err)
	}
	defer f.Close()
	provenance.RecordInput("table.ReadFile", path)
	var r io.Reader = bufio.NewReaderSize(f, 1<<20)
	if strings.HasSuffix(strings.ToLower(path), ".gz") {
		gz, err := gzip.NewReader(r)
		if err != nil {
			return nil, fmt.Errorf("table: %s: %w", path, err)
		}
		defer gz.Close()
		r = gz
	}
	return Read(r, path, opts...)
}

// Read reads CSV from r. The name is used for the delimiter default and in
// error messages.
func Read(r io.Reader, name string, opts ...Option) (*Table, error) {
	cfg := newConfig(name, opts)
	cr := csv.NewReader(r)
	cr.Comma = cfg.comma
	cr.Comment = cfg.comment
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, &ParseError{File: name, Line: 1, Err: errors.New("empty input: no header line")}
	}
	if err != nil {
		return nil, csvError(name, err)
	}
	names := make([]string, len(header))
	seen := map[string]int{}
	for j, h := range header {
		if j == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		h = strings.TrimSpace(h)
		if h == "" {
			h = "V" + strconv.Itoa(j+1)
		}
		if k, dup := seen[h]; dup {
			return nil, &ParseError{File: name, Line: 1, Column: j + 1, Name: h, Err: fmt.Errorf("column name repeats column %d", k+1)}
		}
		seen[h] = j
		names[j] = h
	}
	for col := range cfg.types {
		if _, ok := seen[col]; !ok {
			return nil, fmt.Errorf("table: %s: WithType names column %q, which the header does not have", name, col)
		}
	}
	// Rows are kept as text in row-major blocks of blockRows rows (one
	// allocation each, no regrowth). While the reader fills the next block,
	// workers parse full blocks as numbers in row order, which reads memory
	// sequentially; only columns that are not all numbers (or whose kind is
	// fixed to something else) are converted from the kept text afterwards.
	p := len(names)
	blockRows := min(256, max(1, 1<<16/max(p, 1))) // about 1 MB of string headers
	type block struct {
		text   []string
		rows   int
		f      []float64 // column-major: f[j*blockRows+k]
		notNum []bool    // column j has a cell that is not a number
		notInt []bool    // column j has a number that is not a decimal integer
		seen   []bool    // column j has a non-missing cell
	}
	eager := make([]bool, p)
	for j, n := range names {
		k, fixed := cfg.types[n]
		eager[j] = !fixed || k == Float
	}
	parseBlock := func(b *block) {
		b.f = make([]float64, p*blockRows)
		b.notNum, b.notInt, b.seen = make([]bool, p), make([]bool, p), make([]bool, p)
		for k := range b.rows {
			row := b.text[k*p : (k+1)*p]
			for j, s := range row {
				if !eager[j] || b.notNum[j] {
					continue
				}
				if cfg.isNA(s) {
					b.f[j*blockRows+k] = math.NaN()
					continue
				}
				v, ok := parseFloat(s)
				if !ok {
					b.notNum[j] = true
					continue
				}
				if !b.notInt[j] && !isInt(s) {
					b.notInt[j] = true
				}
				b.seen[j] = true
				b.f[j*blockRows+k] = v
			}
		}
	}
	var blocks []*block
	var lines []int
	todo := make(chan *block, 4)
	var wg sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range todo {
				parseBlock(b)
			}
		}()
	}
	var readErr error
	var cur *block
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			readErr = csvError(name, err)
			break
		}
		line, _ := cr.FieldPos(0)
		if cur == nil {
			cur = &block{text: make([]string, blockRows*p)}
			blocks = append(blocks, cur)
		}
		copy(cur.text[cur.rows*p:], rec)
		cur.rows++
		lines = append(lines, line)
		if cur.rows == blockRows {
			todo <- cur
			cur = nil
		}
	}
	if cur != nil {
		todo <- cur
	}
	close(todo)
	wg.Wait()
	if readErr != nil {
		return nil, readErr
	}
	n := len(lines)
	cols := make([]*Column, p)
	errs := make([]error, p)
	var cells []string
	for j := range names {
		numeric, allInt, seen := eager[j], true, false
		for _, b := range blocks {
			numeric = numeric && !b.notNum[j]
			allInt = allInt && !b.notInt[j]
			seen = seen || b.seen[j]
		}
		kind, fixed := cfg.types[names[j]]
		if numeric && (!allInt || !seen || fixed) {
			f := make([]float64, 0, n)
			for _, b := range blocks {
				f = append(f, b.f[j*blockRows:j*blockRows+b.rows]...)
			}
			cols[j] = NewFloat(names[j], f)
			continue
		}
		if cells == nil {
			cells = make([]string, n)
		}
		for i := range n {
			cells[i] = blocks[i/blockRows].text[(i%blockRows)*p+j]
		}
		c, row, err := parseColumn(names[j], cells, cfg, kind, fixed)
		if err != nil {
			errs[j] = &ParseError{File: name, Line: lines[row], Column: j + 1, Name: names[j], Err: err}
		}
		cols[j] = c
	}
	if err := errors.Join(errs...); err != nil {
		for _, e := range errs {
			if e != nil {
				return nil, e // the leftmost column's error
			}
		}
	}
	return &Table{cols: cols, index: indexOf(cols), nrows: len(lines)}, nil
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &ParseError{File: name, Line: pe.Line, Column: pe.Column, Err: pe.Err}
	}
	return fmt.Errorf("table: %s: %w", name, err)
}

// parseColumn converts the cells of one column. With fixed false the kind
// is inferred; the returned row locates an error.
func parseColumn(name string, cells []string, cfg *readConfig, kind Kind, fixed bool) (*Column, int, error) {
	n := len(cells)
	c := &Column{name: name, kind: kind}
	if !fixed {
		// One pass parses numbers while inferring; most feature columns
		// end here as floats.
		f, allInt, ok := parseFloats(cells, cfg)
		switch {
		case ok && !allInt:
			c.kind, c.f = Float, f
			return c, 0, nil
		case ok:
			kind = Int
		case inferBool(cells, cfg):
			kind = Bool
		default:
			kind = String
		}
		c.kind = kind
	}
	var na []bool
	setNA := func(r int) {
		if na == nil {
			na = make([]bool, n)
		}
		na[r] = true
	}
	switch kind {
	case Float:
		c.f = make([]float64, n)
		for r, s := range cells {
			if cfg.isNA(s) {
				c.f[r] = math.NaN()
				continue
			}
			v, ok := parseFloat(s)
			if !ok {
				return nil, r, fmt.Errorf("%q is not a number", s)
			}
			c.f[r] = v
		}
	case Int:
		c.i = make([]int64, n)
		for r, s := range cells {
			if cfg.isNA(s) {
				setNA(r)
				continue
			}
			v, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil {
				return nil, r, fmt.Errorf("%q is not an integer", s)
			}
			c.i[r] = v
		}
	case Bool:
		c.b = make([]bool, n)
		for r, s := range cells {
			if cfg.isNA(s) {
				setNA(r)
				continue
			}
			v, ok := parseBool(s)
			if !ok {
				return nil, r, fmt.Errorf("%q is not true or false", s)
			}
			c.b[r] = v
		}
	case String:
		c.s = make([]string, n)
		for r, s := range cells {
			if cfg.isNA(s) {
				setNA(r)
				continue
			}
			c.s[r] = strings.Clone(s) // do not pin the whole line
		}
	case Categorical:
		v := make([]string, n)
		for r, s := range cells {
			if !cfg.isNA(s) {
				v[r] = s
			}
		}
		cc, err := NewCategorical(name, v)
		if err != nil {
			return nil, 0, err
		}
		return cc, 0, nil
	default:
		return nil, 0, fmt.Errorf("unknown kind %v", kind)
	}
	c.na = na
	return c, 0, nil
}

// parseFloat parses a number, allowing surrounding spaces.
func parseFloat(s string) (float64, bool) {
	v, err := strconv.ParseFloat(s, 64)
	if err == nil {
		return v, true
	}
	if t := strings.TrimSpace(s); len(t) != len(s) {
		v, err = strconv.ParseFloat(t, 64)
		return v, err == nil
	}
	return 0, false
}

// parseFloats parses every non-missing cell as a number; ok is false at
// the first that is not one. allInt reports that every cell is a decimal
// integer. A column of only missing cells is a float column.
func parseFloats(cells []string, cfg *readConfig) (f []float64, allInt, ok bool) {
	f = make([]float64, len(cells))
	allInt = true
	seen := false
	for r, s := range cells {
		if cfg.isNA(s) {
			f[r] = math.NaN()
			continue
		}
		v, ok := parseFloat(s)
		if !ok {
			return nil, false, false
		}
		if allInt && !isInt(s) {
			allInt = false
		}
		f[r] = v
		seen = true
	}
	return f, allInt && seen, true
}

func inferBool(cells []string, cfg *readConfig) bool {
	for _, s := range cells {
		if cfg.isNA(s) {
			continue
		}
		if _, ok := parseBool(s); !ok {
			return false
		}
	}
	return true
}

// isInt is a fast check for a decimal integer that fits in int64.
func isInt(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) == 0 || len(s) > 18 {
		_, err := strconv.ParseInt(s, 10, 64)
		return err == nil
	}
	k := 0
	if s[0] == '-' || s[0] == '+' {
		k = 1
		if len(s) == 1 {
			return false
		}
	}
	for ; k < len(s); k++ {
		if s[k] < '0' || s[k] > '9' {
			return false
		}
	}
	return true
}

func parseBool(s string) (v, ok bool) {
	switch strings.TrimSpace(s) {
	case "true", "TRUE", "True", "T":
		return true, true
	case "false", "FALSE", "False", "F":
		return false, true
	}
	return false, false
}

// WriteCSV writes the table as CSV with a header line. Numbers are written
// in the shortest form that reads back to the same float64; missing values
// are written as "NA", as R's write.csv does.
func (t *Table) WriteCSV(w io.Writer) error { return t.write(w, ',') }

// WriteTSV writes the table as tab-separated values (see [Table.WriteCSV]).
func (t *Table) WriteTSV(w io.Writer) error { return t.write(w, '\t') }

func (t *Table) write(w io.Writer, comma rune) error {
	cw := csv.NewWriter(w)
	cw.Comma = comma
	if err := cw.Write(t.Names()); err != nil {
		return fmt.Errorf("table: %w", err)
	}
	rec := make([]string, len(t.cols))
	for i := range t.nrows {
		for j, c := range t.cols {
			rec[j] = c.Text(i)
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("table: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("table: %w", err)
	}
	return nil
}

// WriteFile writes the table to path as CSV, or TSV when the name ends in
// ".tsv" or ".tab", gzip-compressed when it ends in ".gz".
func (t *Table) WriteFile(path string) (err error) {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("table: %w", err)
	}
	defer func() {
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("table: %w", cerr)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	var w io.Writer = bw
	var gz *gzip.Writer
	lower := strings.ToLower(path)
	if strings.HasSuffix(lower, ".gz") {
		gz = gzip.NewWriter(bw)
		w = gz
	}
	comma := ','
	base := strings.TrimSuffix(lower, ".gz")
	if ext := filepath.Ext(base); ext == ".tsv" || ext == ".tab" {
		comma = '\t'
	}
	if err := t.write(w, comma); err != nil {
		return fmt.Errorf("%w (writing %s)", err, path)
	}
	if gz != nil {
		if err := gz.Close(); err != nil {
			return fmt.Errorf("table: %s: %w", path, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("table: %s: %w", path, err)
	}
	return nil
}
