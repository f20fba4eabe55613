package html

import (
	"regexp"
	"strings"
	"testing"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/markdown"
)

var tag = regexp.MustCompile(`<[^>]*>`)

// FuzzEscapedTextRendersAsText checks the Markdown escaper through the real
// HTML renderer: escaped text inside a paragraph produces no element but
// the paragraph, and reads back as the cleaned input.
func FuzzEscapedTextRendersAsText(f *testing.F) {
	for _, s := range []string{"<script>alert(1)</script>", "**bold** _it_ `code`", "[x](javascript:alert(1))", "| a | b |", "&amp; &#x3c;", "# heading", "1. list", "![i](x)", "\\*", "www.example.com", "~~s~~"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		in := sopgen.CleanText(s)
		if in == "" {
			return
		}
		out, err := Convert([]byte("x "+markdown.Text(in)+"\n"), nil)
		if err != nil {
			t.Fatal(err)
		}
		html := string(out)
		tags := tag.FindAllString(html, -1)
		for _, tg := range tags {
			if tg != "<p>" && tg != "</p>" {
				t.Fatalf("escaped %q rendered markup %s in %q", in, tg, html)
			}
		}
		text := tag.ReplaceAllString(html, "")
		text = strings.NewReplacer("&lt;", "<", "&gt;", ">", "&quot;", `"`, "&amp;", "&").Replace(text)
		if got := strings.TrimSpace(text); got != "x "+in {
			t.Errorf("text = %q, want %q", got, "x "+in)
		}
	})
}
