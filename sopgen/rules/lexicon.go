package rules

import (
	"strings"
	"sync"

	lang "github.com/stepwise-sop/stepwise/sopgen/prose"
)

// lexicon matches whole words and phrases in lower-case text, as the
// regexp \b(word|two words|prefix\w*)\b would, without a regexp's cost
// of trying every position. A trailing * matches any ending; punctuation
// between the words of a phrase is ignored.
type lexicon struct {
	// index is built on first use, not at start-up: every command of the
	// binary links the rules, most never lint (issue 15).
	index func() lexIndex
}

type lexIndex struct {
	byFirst map[string][][]string // first word → the phrases starting with it
	prefix  [][]string            // phrases whose first word ends in *
}

func lex(phrases ...string) lexicon {
	return lexicon{index: sync.OnceValue(func() lexIndex {
		ix := lexIndex{byFirst: map[string][][]string{}}
		for _, p := range phrases {
			ws := strings.Fields(p)
			if strings.HasSuffix(ws[0], "*") {
				ix.prefix = append(ix.prefix, ws)
				continue
			}
			ix.byFirst[ws[0]] = append(ix.byFirst[ws[0]], ws)
		}
		return ix
	})}
}

// tokens splits text into lower-case words as every reader of procedure
// language does (prose.Tokens): an inner hyphen or apostrophe keeps a word
// whole ("sign-in", "don't"), and ’ is folded to '.
func tokens(s string) []string { return lang.Tokens(s) }

// MatchString reports whether s holds one of the phrases.
func (l lexicon) MatchString(s string) bool { return l.matchTokens(tokens(s)) }

func (l lexicon) matchTokens(ws []string) bool {
	ix := l.index()
	for i, w := range ws {
		for _, p := range ix.byFirst[bare(w)] {
			if phraseAt(ws, i, p) {
				return true
			}
		}
		for _, p := range ix.prefix {
			if phraseAt(ws, i, p) {
				return true
			}
		}
	}
	return false
}

func phraseAt(ws []string, i int, p []string) bool {
	if i+len(p) > len(ws) {
		return false
	}
	for j, pw := range p {
		w := ws[i+j]
		if stem, ok := strings.CutSuffix(pw, "*"); ok {
			if !strings.HasPrefix(w, stem) {
				return false
			}
		} else if bare(w) != pw {
			return false
		}
	}
	return true
}

// bare drops a possessive: "ticket's" is the word "ticket".
func bare(w string) string {
	if b, ok := strings.CutSuffix(w, "'s"); ok {
		return b
	}
	if b, ok := strings.CutSuffix(w, "’s"); ok {
		return b
	}
	return w
}
