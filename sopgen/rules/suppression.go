package rules

import (
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// SuppressionInvalid reports stepwise:ignore comments without a reason or
// naming no known rule. Such a comment suppresses nothing.
var SuppressionInvalid = &Rule{
	ID:       "suppression-invalid",
	Severity: sopgen.SeverityWarning,
	Doc:      `Every suppression must say why ("# stepwise:ignore verification-vague -- the IdP enforces the method") and name rules that exist, so a reviewer can judge it later. One without a reason, or naming an unknown rule, suppresses nothing.`,
	Refs:     []string{"ISO 9001 7.5.3"},
	Run: func(p *Pass) {
		for _, s := range p.Doc.Suppressions {
			var unknown []string
			for _, id := range s.Rules {
				if !p.known(id) {
					unknown = append(unknown, id)
				}
			}
			switch {
			case len(s.Rules) == 0:
				p.Report(nil, s.Line, "the suppression names no rule")
			case len(unknown) > 0:
				p.Report(nil, s.Line, "the suppression names unknown rule(s) %s", strings.Join(unknown, ", "))
			case s.Reason == "":
				p.Report(nil, s.Line, `the suppression of %s gives no reason: add "-- why"`, strings.Join(s.Rules, ", "))
			}
		}
	},
}
