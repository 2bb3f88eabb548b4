package kernel

import "sync"

// historyEntry is one stored execution.
type historyEntry struct {
	line   int
	input  string
	output string // text/plain of the execute_result, "" if none
}

// history keeps the inputs of the session in memory for history_request.
type history struct {
	mu      sync.Mutex
	entries []historyEntry
}

func (h *history) add(line int, input, output string) {
	h.mu.Lock()
	h.entries = append(h.entries, historyEntry{line, input, output})
	h.mu.Unlock()
}

func (h *history) snapshot() []historyEntry {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]historyEntry(nil), h.entries...)
}

// tail returns the last n entries (all when n <= 0).
func (h *history) tail(n int) []historyEntry {
	e := h.snapshot()
	if n > 0 && n < len(e) {
		e = e[len(e)-n:]
	}
	return e
}

// rng returns the entries with start <= line < stop; stop <= 0 means to the
// end, a negative start counts back from the last line (IPython's range
// semantics for the current session).
func (h *history) rng(start, stop int) []historyEntry {
	e := h.snapshot()
	last := 0
	if len(e) > 0 {
		last = e[len(e)-1].line
	}
	if start < 0 {
		start += last + 1
	}
	var out []historyEntry
	for _, x := range e {
		if x.line >= start && (stop <= 0 || x.line < stop) {
			out = append(out, x)
		}
	}
	return out
}

// search returns the entries whose input matches the glob pattern (* and
// ?, matching any character including newlines and slashes), newest last;
// n > 0 keeps only the last n; unique keeps the newest of equal inputs.
func (h *history) search(pattern string, n int, unique bool) []historyEntry {
	e := h.snapshot()
	var out []historyEntry
	seen := map[string]bool{}
	for i := len(e) - 1; i >= 0; i-- {
		if !globMatch(pattern, e[i].input) {
			continue
		}
		if unique {
			if seen[e[i].input] {
				continue
			}
			seen[e[i].input] = true
		}
		out = append(out, e[i])
		if n > 0 && len(out) == n {
			break
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out
}

// globMatch matches s against a glob pattern where * matches any run of
// characters and ? any one character (runes, newlines and / included;
// path.Match treats / specially, so it cannot be used).
func globMatch(pattern, s string) bool {
	p, t := []rune(pattern), []rune(s)
	pi, ti := 0, 0
	star, mark := -1, 0
	for ti < len(t) {
		switch {
		case pi < len(p) && (p[pi] == '?' || p[pi] == t[ti]):
			pi++
			ti++
		case pi < len(p) && p[pi] == '*':
			star, mark = pi, ti
			pi++
		case star >= 0:
			pi = star + 1
			mark++
			ti = mark
		default:
			return false
		}
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}
