package rules

import (
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// RoleUndefined reports steps whose actor is not defined under Roles.
var RoleUndefined = &Rule{
	ID:       "role-undefined",
	Severity: sopgen.SeverityWarning,
	Doc:      "Every step's actor must be a role defined under Roles, so that responsibility and authority for each step are assigned and understood.",
	Refs:     []string{"ISO 9001 5.3"},
	Run: func(p *Pass) {
		defined := map[string]bool{}
		for _, r := range p.Doc.Roles {
			defined[strings.ToLower(r.Name)] = true
		}
		reported := map[string]bool{}
		for _, s := range p.Doc.Steps() {
			role := strings.ToLower(s.Role)
			if s.Role == "" || defined[role] || reported[role] {
				continue
			}
			reported[role] = true
			p.Report(s, s.Loc.Line, "%s is done by %q, which the Roles section does not define", quote(s), s.Role)
		}
	},
}
