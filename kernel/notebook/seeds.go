package notebook

import (
	"go/scanner"
	"go/token"
	"strings"
)

// Seed is a call in a code cell that seeds a random number generator,
// e.g. rand.NewPCG(1, 2), recorded in the provenance so that a reader sees
// which randomised results depend on which seeds.
type Seed struct {
	Cell int    `json:"cell"` // index in Notebook.Cells
	Call string `json:"call"` // the call as written
}

// seedFuncs are the functions and methods whose arguments are seeds.
var seedFuncs = map[string]bool{"NewPCG": true, "NewSource": true, "NewChaCha8": true, "Seed": true}

// FindSeeds returns the seeding calls of the notebook's code cells
// (rand.NewPCG, rand.NewSource, rand.NewChaCha8 and Seed methods), found
// by scanning the tokens so that any cell, declarations and statements
// mixed, is covered.
func FindSeeds(nb *Notebook) []Seed {
	var out []Seed
	for i, c := range nb.Cells {
		if c.Type != Code {
			continue
		}
		src := magicFree(c.Source)
		fset := token.NewFileSet()
		file := fset.AddFile("cell", -1, len(src))
		var s scanner.Scanner
		s.Init(file, []byte(src), func(token.Position, string) {}, 0)
		type tk struct {
			pos int
			tok token.Token
			lit string
		}
		var toks []tk
		for {
			p, t, lit := s.Scan()
			if t == token.EOF {
				break
			}
			toks = append(toks, tk{file.Offset(p), t, lit})
		}
		for j := 0; j+1 < len(toks); j++ {
			if toks[j].tok != token.IDENT || !seedFuncs[toks[j].lit] || toks[j+1].tok != token.LPAREN {
				continue
			}
			start := toks[j].pos
			if j >= 2 && toks[j-1].tok == token.PERIOD && toks[j-2].tok == token.IDENT {
				start = toks[j-2].pos
			}
			depth, end := 0, -1
			for k := j + 1; k < len(toks); k++ {
				switch toks[k].tok {
				case token.LPAREN:
					depth++
				case token.RPAREN:
					depth--
				}
				if depth == 0 {
					end = toks[k].pos + 1
					break
				}
			}
			if end > start {
				out = append(out, Seed{Cell: i, Call: strings.Join(strings.Fields(src[start:end]), " ")})
			}
		}
	}
	return out
}

// magicFree blanks magic and shell lines of a cell.
func magicFree(src string) string {
	lines := strings.Split(src, "\n")
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "%") || strings.HasPrefix(t, "!") {
			lines[i] = ""
		}
	}
	return strings.Join(lines, "\n")
}

// SeedsJSON converts seeds to the JSON-ready form stored in metadata.
func SeedsJSON(seeds []Seed) []any {
	out := make([]any, len(seeds))
	for i, s := range seeds {
		out[i] = map[string]any{"cell": s.Cell, "call": s.Call}
	}
	return out
}
