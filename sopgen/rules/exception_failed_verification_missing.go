package rules

import "github.com/stepwise-sop/stepwise/sopgen"

// ExceptionFailedVerificationMissing reports a procedure with no path for
// failed, refused or timed-out verification.
var ExceptionFailedVerificationMissing = &Rule{
	ID:       "exception-failed-verification-missing",
	Severity: sopgen.SeverityError,
	Doc:      "A procedure that verifies identity must say what happens when verification fails, is refused or times out: stop, record, escalate. A default Stepwise writes into a generated SOP does not count; the recording or the template must show the path.",
	Refs:     []string{"NIST SP 800-63A-4 §3.1.13.1", "NIST SP 800-53 IR-6"},
	Run: func(p *Pass) {
		steps := p.Doc.Steps()
		if len(kindIndexes(steps, sopgen.KindVerify)) == 0 {
			// Nothing is verified: verification-missing says so, and there
			// is no verification whose failure needs a path.
			return
		}
		added := ""
		for _, e := range p.Doc.Exceptions {
			if e.FailedVerification && !e.Derived {
				return
			}
			if e.FailedVerification && e.Derived {
				// The documents print the default: say what it is, so that
				// the report and the SOP beside it tell the same story.
				added = "; the Exceptions show a default path, " + sopgen.DerivedNote
			}
		}
		v := kindIndexes(steps, sopgen.KindVerify)
		at := steps[v[len(v)-1]]
		p.Report(at, at.Loc.Line, "no path is given for when the verification at %s fails, is refused or times out%s", quote(at), added)
	},
}
