package rules

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

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
	// Off says the rule runs only when a configuration gives it a
	// severity: it was measured too noisy on published procedures to run
	// by default. Demoted says why, for the catalog.
	Off     bool
	Demoted string
}

// All is every rule, in the order they are documented.
var All = []*Rule{
	// Document
	SectionMissing,
	MetadataMissing,
	ReviewOverdue,
	RecordsLocationMissing,
	RoleUndefined,
	// Step quality
	StepVague,
	StepMultipleActions,
	StepNotImperative,
	StepBranchIncomplete,
	StepRawUIEvent,
	LabelMarkup,
	// Identity verification
	VerificationMissing,
	VerificationAfterAccess,
	VerificationVague,
	VerificationMethodUnapproved,
	VerificationKnowledgeBased,
	VerificationCallerSuppliedContact,
	VerificationBypass,
	// Credentials
	DeliveryChannelUnapproved,
	CredentialChangeNotForced,
	SecretInDocument,
	SessionRevocationMissing,
	// Notification, logging, exceptions
	NotificationMissing,
	LoggingMissing,
	LoggingIncomplete,
	ConfirmationMissing,
	ExceptionFailedVerificationMissing,
	EscalationTargetMissing,
	// Privileged and access
	PrivilegedPathMissing,
	DutiesNotSegregated,
	GrantWithoutApproval,
	// Suppressions
	SuppressionInvalid,
}

// ByID returns the rule with id, or nil.
func ByID(id string) *Rule {
	for _, r := range All {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// Config adjusts the rule set.
type Config struct {
	// Severity overrides a rule's severity by id: error, warning, info or
	// off.
	Severity map[string]string
	// Today is the date review-overdue compares against; zero skips the
	// comparison (generated documents stay reproducible).
	Today time.Time
	// FingerprintFile names the document's file in fingerprints; empty
	// means the file of each finding's location. A linter sets the path
	// relative to its root, so that every spelling of one file's path
	// (sop/x.md, ./sop/x.md, an absolute path) gives one fingerprint.
	FingerprintFile string
}

// Pass is what a rule sees while it runs.
type Pass struct {
	Doc      *sopgen.Document
	rule     *Rule
	severity sopgen.Severity
	today    time.Time
	known    func(id string) bool
	fpFile   string // the file as fingerprints name it; "" for the location's
	cache    *checkCache
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
	subject := f.Message
	if step != nil {
		subject = step.Plain()
		f.Step = step.Number
		f.Location = step.Loc
		if f.Location.File == "" {
			f.Location.File = p.Doc.Source
		}
		for k, i := range step.Evidence {
			e := sopgen.Evidence{Step: step.Number, Index: i, Pointer: "/steps/" + strconv.Itoa(i)}
			if k < len(step.Actions) && step.Actions[k].Index == i {
				e.Did = step.Actions[k].Text
			}
			f.Evidence = append(f.Evidence, e)
		}
		if len(f.Evidence) > 0 && step.Loc.Line > 0 {
			f.Evidence[0].Line = step.Loc.Line
		}
	}
	if f.Location.Line == 0 {
		// The finding concerns the whole file: point at its metadata.
		f.Location.Line = max(p.Doc.Meta.Line, 1)
	}
	file := p.fpFile
	if file == "" {
		file = f.Location.File
	}
	h := sha256.Sum256([]byte(f.Rule + "\x00" + file + "\x00" + subject))
	f.Fingerprint = hex.EncodeToString(h[:8])
	*p.findings = append(*p.findings, f)
}

// Check runs every enabled rule over d and returns the findings sorted by
// location and rule.
func Check(d *sopgen.Document, cfg Config) []sopgen.Finding {
	out, _ := CheckContext(context.Background(), d, cfg) // never cancelled
	return out
}

// CheckContext is Check that stops between rules once ctx is done, with
// ctx's error: a server's budget for one request.
func CheckContext(ctx context.Context, d *sopgen.Document, cfg Config) ([]sopgen.Finding, error) {
	var out []sopgen.Finding
	known := func(id string) bool { return ByID(id) != nil }
	cache := &checkCache{lower: map[*sopgen.ProcStep]string{}}
	for _, r := range All {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("check %s: %w", d.Source, err)
		}
		sev := r.Severity
		s, ok := cfg.Severity[r.ID]
		if r.Off && !ok {
			continue // off by default; a configured severity turns it on
		}
		if ok {
			if s == "off" {
				continue
			}
			sev = sopgen.Severity(s)
		}
		r.Run(&Pass{Doc: d, rule: r, severity: sev, today: cfg.Today, known: known, fpFile: cfg.FingerprintFile, cache: cache, findings: &out})
	}
	out = slices.DeleteFunc(out, func(f sopgen.Finding) bool { return suppressed(d, f) })
	sopgen.SortFindings(out)
	// Two findings with one fingerprint (the same rule on two steps with
	// the same words) are told apart by their order.
	seen := map[string]int{}
	for i := range out {
		fp := out[i].Fingerprint
		if seen[fp]++; seen[fp] > 1 {
			out[i].Fingerprint = fmt.Sprintf("%s:%d", fp, seen[fp])
		}
	}
	return out, nil
}

func suppressed(d *sopgen.Document, f sopgen.Finding) bool {
	if f.Rule == SuppressionInvalid.ID {
		return false
	}
	return slices.ContainsFunc(d.Suppressions, func(s sopgen.Suppression) bool { return s.Covers(f.Rule, f.Location.Line) })
}

// quote shows a step in a message: its number and its text, shortened.
func quote(s *sopgen.ProcStep) string {
	t := redactSecrets(s.Plain())
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
