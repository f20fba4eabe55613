package rules

import (
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// markup matches what a label on screen has no reason to hold: HTML tags
// and comments, Markdown fences, Mermaid and Graphviz syntax, template
// and script injections.
var markup = lazyRegexp("<\\s*/?\\s*[a-zA-Z!][^>]*>|<!--|-->|```|%%\\{|\\]\\]|\\{\\{|\\}\\}|\\bjavascript:|\\bon[a-z]+\\s*=|\\[label\\s*=|\\bsubgraph\\b")

// mayHoldMarkup reports whether t holds a character every match of markup
// needs ('<', '>', '`', '%', ']', '{', '}', '[', '=', ':') or "subgraph": most
// labels hold none, and are passed over without running the pattern.
func mayHoldMarkup(t string) bool {
	return strings.ContainsAny(t, "<>`%]{}[=:") || strings.Contains(t, "subgraph")
}

// LabelMarkup reports recorded labels that hold markup or code: they were
// escaped in every output and read as plain words, but a person should
// know the console showed them (or that someone planted them).
var LabelMarkup = &Rule{
	ID:       "label-markup",
	Severity: sopgen.SeverityInfo,
	Doc:      "A recorded name, choice or page title that holds markup or code (an HTML tag, a Markdown fence, diagram syntax) is shown escaped and never changes how other steps are read; it is reported so that a reviewer can check whether the console really showed it or someone planted it.",
	Refs:     []string{"OWASP ASVS 5.0 V1.2"},
	Run: func(p *Pass) {
		for _, s := range p.Doc.Steps() {
			if len(s.Evidence) == 0 {
				continue // written SOPs are Markdown: markup there is theirs
			}
			for _, sp := range s.Text {
				if sp.Strong && mayHoldMarkup(sp.Text) && markup().MatchString(sp.Text) {
					p.Report(s, s.Loc.Line, "%s names something on screen that holds markup or code (%s); it is shown as plain text", quote(s), clip(markup().FindString(sp.Text)))
					break
				}
			}
		}
	},
}

// clip shortens a quoted piece of a label to 24 runes.
func clip(s string) string {
	r := []rune(s)
	if len(r) > 24 {
		return string(r[:23]) + "…"
	}
	return string(r)
}
