package processmap

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// unquoteDOT reverses dotString for a check: it must give back the words
// of the input, with line breaks where wrap put them.
func unquoteDOT(tb testing.TB, q string) string {
	tb.Helper()
	if len(q) < 2 || q[0] != '"' || q[len(q)-1] != '"' {
		tb.Fatalf("not a quoted DOT string: %q", q)
	}
	var b strings.Builder
	body := q[1 : len(q)-1]
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == '"' {
			tb.Fatalf("unescaped quote in %q", q)
		}
		if c != '\\' {
			b.WriteByte(c)
			continue
		}
		i++
		if i == len(body) {
			tb.Fatalf("dangling backslash in %q", q)
		}
		switch body[i] {
		case '\\', '"':
			b.WriteByte(body[i])
		case 'n':
			b.WriteByte(' ')
		default:
			tb.Fatalf("DOT escape \\%c leaked through in %q", body[i], q)
		}
	}
	return b.String()
}

func FuzzDOTString(f *testing.F) {
	for _, s := range []string{`"]; evil [label="x`, `\N \G \L \\`, "a\nb", "<script>", "", strings.Repeat("w", 90)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		in := sopgen.CleanText(s)
		got := unquoteDOT(t, dotString(in, labelWidth))
		if in != "" && strings.Join(strings.Fields(got), "") != strings.Join(strings.Fields(in), "") {
			t.Errorf("dotString lost text: %q → %q", in, got)
		}
	})
}

func FuzzMermaidText(f *testing.F) {
	for _, s := range []string{`"]-->X[`, "%%{init: {}}%%", "```\nend", "a|b", "#quot;", "<b>&amp;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := mermaidText(s)
		if strings.ContainsAny(got, "\"`<>%|\n\r") {
			t.Errorf("mermaidText(%q) = %q keeps syntax", s, got)
		}
		// Every # starts an entity code the escaper wrote.
		for i := 0; i < len(got); i++ {
			if got[i] != '#' {
				continue
			}
			j := strings.IndexByte(got[i:], ';')
			if j < 0 || j > 6 {
				t.Fatalf("mermaidText(%q) = %q: stray #", s, got)
			}
			i += j
		}
	})
}

func TestDOTStringWrapsAndEscapes(t *testing.T) {
	if got, want := dotString(`say "hi" \N`, 40), `"say \"hi\" \\N"`; got != want {
		t.Errorf("dotString = %s, want %s", got, want)
	}
	if got := dotString("", 10); got != `" "` {
		t.Errorf("empty label = %s, want a space (Graphviz ignores empty labels)", got)
	}
	if got := dotString("one two three four", 9); got != `"one two\nthree\nfour"` {
		t.Errorf("wrapped = %s", got)
	}
}
