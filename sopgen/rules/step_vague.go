package rules

import (
	"github.com/stepwise-sop/stepwise/sopgen"
)

var vaguePhrase = guard(`\b(as appropriate|as needed|if needed|if necessary|where necessary|properly|correctly|etc\.?|and so on|the system)\b`, "as appropriate", "as needed", "if needed", "if necessary", "where necessary", "properly", "correctly", "etc", "and so on", "the system")

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
			}
		}
	},
}
