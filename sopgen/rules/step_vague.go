package rules

import (
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
)

var vaguePhrase = guard(`\b(as appropriate|where appropriate|the appropriate|an appropriate|whichever [\w -]{1,30} (is|are) appropriate|as needed|if needed|if necessary|where necessary|as required|if applicable|as applicable|where applicable|any additional|properly|correctly|etc\.?|and so on|the system)\b`, "appropriate", "as needed", "if needed", "if necessary", "where necessary", "as required", "applicable", "any additional", "properly", "correctly", "etc", "and so on", "the system")

// dangling is a step that stops before its object: "Remove user from".
var dangling = danglingMatcher{}

type danglingMatcher struct{}

// MatchString reports whether t's last word is a preposition that needs an
// object after it.
func (danglingMatcher) MatchString(t string) bool {
	t = strings.TrimRight(t, " \t")
	i := strings.LastIndexAny(t, " \t")
	switch t[i+1:] {
	case "from", "to", "into", "with", "for":
		return true
	}
	return false
}

// StepVague reports steps whose wording leaves the reader to guess.
var StepVague = &Rule{
	ID:       "step-vague",
	Severity: sopgen.SeverityWarning,
	Doc:      `A step must say exactly what to do to what; phrases such as "as appropriate", "if needed", "properly", "etc." or "the system" leave the decision to whoever reads it.`,
	Refs:     []string{"EU GMP Chapter 4", "EPA QA/G-6"},
	Run: func(p *Pass) {
		for _, s := range p.Doc.Steps() {
			if m := vaguePhrase.FindString(p.lower(s)); m != "" {
				p.Report(s, s.Loc.Line, "%s is vague: %q does not say what to do", quote(s), m)
				continue
			}
			if t := strings.TrimRight(p.lower(s), " .:"); len(s.Evidence) == 0 && dangling.MatchString(t) && !strings.HasSuffix(p.lower(s), ":") {
				p.Report(s, s.Loc.Line, "%s stops before saying what it applies to", quote(s))
			}
		}
	},
}
