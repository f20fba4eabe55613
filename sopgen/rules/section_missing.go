package rules

import (
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// SectionMissing reports any of the six SOP sections absent or empty.
var SectionMissing = &Rule{
	ID:       "section-missing",
	Severity: sopgen.SeverityError,
	Doc:      "An SOP must have all six sections (Purpose, Scope, Roles, Procedure, Exceptions, Records), each with content; a reader who cannot find the scope or the exceptions applies the procedure where it was never meant to run.",
	Refs:     []string{"EPA QA/G-6", "ISO 9001 8.5.1"},
	Run: func(p *Pass) {
		d := p.Doc
		present := map[string]bool{
			"Purpose":    strings.TrimSpace(d.Purpose.Text) != "",
			"Scope":      strings.TrimSpace(d.Scope.Text) != "",
			"Roles":      len(d.Roles) > 0,
			"Procedure":  len(d.Steps()) > 0,
			"Exceptions": len(d.Exceptions) > 0,
			"Records":    len(d.Records) > 0,
		}
		for _, name := range sopgen.SectionNames {
			if !present[name] {
				p.Report(nil, d.Headings[name], "the %s section is missing or empty", name)
			}
		}
	},
}
