package rules

import "github.com/stepwise-sop/stepwise/sopgen"

// RecordsLocationMissing reports Records entries that do not say where the
// evidence is kept.
var RecordsLocationMissing = &Rule{
	ID:       "records-location-missing",
	Severity: sopgen.SeverityWarning,
	Doc:      "The Records section must say where each piece of evidence is kept (the ticket, the IAM audit log), or an auditor cannot find it.",
	Refs:     []string{"NIST SP 800-53 AU-2", "NIST SP 800-53 AU-12", "ISO/IEC 27002 5.17(f)"},
	Run: func(p *Pass) {
		for _, r := range p.Doc.Records {
			if r.Where == "" {
				p.Report(nil, r.Line, "the record %q does not say where it is kept", r.What)
			}
		}
	},
}
