package rules

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// Rule is one check. Run inspects pass.Doc and calls pass.Report.
type Rule struct {
	ID       string
	Severity sopgen.Severity
	// Doc says what the rule detects and why it matters, in one paragraph.
	Doc string
	// Refs cites the standards the rule rests on.
	Refs []string
	Run  func(*Pass)
}

// All is every rule, in the order they are documented.
var All = []*Rule{
	SectionMissing,
	RoleUndefined,
	RecordsLocationMissing,
	StepVague,
	StepRawUIEvent,
	VerificationMissing,
	VerificationAfterAccess,
	VerificationVague,
	VerificationMethodUnapproved,
	VerificationKnowledgeBased,
	VerificationCallerSuppliedContact,
	DeliveryChannelUnapproved,
	LoggingMissing,
	ConfirmationMissing,
	ExceptionFailedVerificationMissing,
}

// Config adjusts the rule set: a severity per rule id, or "off".
type Config struct {
	Severity map[string]string
}

// Pass is what a rule sees while it runs.
type Pass struct {
	Doc      *sopgen.Document
	rule     *Rule
	severity sopgen.Severity
	findings *[]sopgen.Finding
}

// Report records a finding located at step (which may be nil for
// document-level findings, located at line instead).
func (p *Pass) Report(step *sopgen.ProcStep, line int, format string, args ...any) {
	f := sopgen.Finding{
		Rule:     p.rule.ID,
		Severity: p.severity,
		Message:  fmt.Sprintf(format, args...),
		Location: sopgen.Location{File: p.Doc.Source, Line: line},
	}
	if step != nil {
		f.Step = step.Number
		f.Location = step.Loc
		if f.Location.File == "" {
			f.Location.File = p.Doc.Source
		}
		for _, i := range step.Evidence {
			f.Evidence = append(f.Evidence, sopgen.Evidence{Step: step.Number, Index: i, Pointer: "/steps/" + strconv.Itoa(i)})
		}
		if len(f.Evidence) > 0 && step.Loc.Line > 0 {
			f.Evidence[0].Line = step.Loc.Line
		}
	}
	*p.findings = append(*p.findings, f)
}

// Check runs every enabled rule over d and returns the findings sorted by
// location and rule.
func Check(d *sopgen.Document, cfg Config) []sopgen.Finding {
	var out []sopgen.Finding
	for _, r := range All {
		sev := r.Severity
		if s, ok := cfg.Severity[r.ID]; ok {
			if s == "off" {
				continue
			}
			sev = sopgen.Severity(s)
		}
		r.Run(&Pass{Doc: d, rule: r, severity: sev, findings: &out})
	}
	sopgen.SortFindings(out)
	return out
}

// quote shows a step in a message: its number and its text, shortened.
func quote(s *sopgen.ProcStep) string {
	t := s.Plain()
	if r := []rune(t); len(r) > 80 {
		t = string(r[:79]) + "…"
	}
	return fmt.Sprintf("step %s (%q)", s.Number, strings.TrimSuffix(t, "."))
}

func kindIndexes(steps []*sopgen.ProcStep, k sopgen.Kind) []int {
	var out []int
	for i, s := range steps {
		if s.Kind == k {
			out = append(out, i)
		}
	}
	return out
}

func inList(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
