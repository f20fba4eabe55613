package mdguard_test

import (
	"testing"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/stepwise-sop/stepwise/sopgen/mdguard"
)

// small limits let the fuzzer reach them with short inputs.
var small = mdguard.Limits{MaxQuoteDepth: 3, MaxListDepth: 3}

var parser = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough)).Parser()

// depths returns the deepest nesting of block quotes and of lists in the
// tree goldmark builds.
func depths(src []byte) (quotes, lists int) {
	var walk func(n ast.Node, q, l int)
	walk = func(n ast.Node, q, l int) {
		switch n.Kind() {
		case ast.KindBlockquote:
			q++
		case ast.KindList:
			l++
		}
		quotes, lists = max(quotes, q), max(lists, l)
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			walk(c, q, l)
		}
	}
	walk(parser.Parse(text.NewReader(src)), 0, 0)
	return quotes, lists
}

// FuzzCheckNeverUndercounts holds the guard to goldmark: whatever Check
// accepts, goldmark nests no deeper than the limits. The guard may
// overcount (reject what goldmark would nest less deeply), never
// undercount.
func FuzzCheckNeverUndercounts(f *testing.F) {
	for _, s := range []string{
		">>>> a", "> > > > a", "- - - - a", "1. 1. 1. 1. a", "> - > - a",
		"- a\n  - b\n    - c\n      - d\n",
		"- a\nlazy\n  - b\nlazy\n    - c\nlazy\n      - d\n",
		"> - a\n>   - b\n>     - c\n>       - d\n",
		"<pre>\n```\n</pre>\n>>>> a\n",
		"- ```\n>>>> a\n",
		"```\n>>>> a\n```\n",
		"   ```\n>>>> a\n",
		"\t- a\n\t\t- b\n\t\t\t- c\n\t\t\t\t- d\n",
		"- a\n\n  - b\n\n    - c\n\n      - d\n",
		"* - + 1) a",
		"- * * *\n",
		"<!--\n```\n-->\n>>>> a\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return
		}
		if err := mdguard.Check([]byte(s), small); err != nil {
			return
		}
		q, l := depths([]byte(s))
		if q > small.MaxQuoteDepth || l > small.MaxListDepth {
			t.Errorf("accepted %q, which goldmark nests %d quotes and %d lists deep", s, q, l)
		}
	})
}
