package rules

import "github.com/stepwise-sop/stepwise/sopgen"

// StepRawUIEvent reports generated steps that name a selector instead of
// something a person can see.
var StepRawUIEvent = &Rule{
	ID:       "step-raw-ui-event",
	Severity: sopgen.SeverityInfo,
	Doc:      "A generated step that names a CSS selector rather than a label on screen is a recorder artefact; rewrite it with the name a person sees, or give the control an accessible name.",
	Refs:     []string{"ISO 9001 7.5.2(b)"},
	Run: func(p *Pass) {
		for _, s := range p.Doc.Steps() {
			if s.Raw {
				p.Report(s, s.Loc.Line, "%s names a page element, not a label a person can see", quote(s))
			}
		}
	},
}
