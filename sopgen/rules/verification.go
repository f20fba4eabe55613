package rules

import (
	"slices"
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// VerificationMissing reports an access step with no identity verification
// anywhere on the path before it or after it.
var VerificationMissing = &Rule{
	ID:       "verification-missing",
	Severity: sopgen.SeverityError,
	Doc:      "Every access step that gives an account back to someone (reset, unlock, temporary secret, factor removed or re-enrolled) must be preceded by an identity verification step; without one, anyone who calls the help desk can take over an account. A grant (a new account, a role, a group, an invitation) answers a request rather than a caller, and its control is an approval (grant-without-approval); a procedure that removes access (offboarding, leavers, revocation) answers no caller. Neither is checked.",
	Refs:     []string{"NIST SP 800-53 IA-5(a)", "ISO/IEC 27002 5.17(b)", "SOC 2 CC6.2"},
	Run: func(p *Pass) {
		steps := p.Doc.Steps()
		verify := kindIndexes(steps, sopgen.KindVerify)
		if len(verify) > 0 || removesAccess(p) {
			// Placement is verification-after-access's concern; removing a
			// leaver's access answers no caller.
			return
		}
		// A grant answers a request, and its control is the approval
		// (grant-without-approval): there is no caller to verify.
		reportFirst := func(steps []*sopgen.ProcStep) {
			if i := p.givenBack(steps); len(i) > 0 {
				s := steps[i[0]]
				p.Report(s, s.Loc.Line, "%s changes access, but no step verifies the user's identity", quote(s))
			}
		}
		if ts := tasks(p); ts != nil {
			// Several tasks: the first change of each.
			for _, ph := range ts {
				reportFirst(ph.Steps)
			}
			return
		}
		reportFirst(steps)
	},
}

// VerificationAfterAccess reports access steps that only have verification
// after them.
var VerificationAfterAccess = &Rule{
	ID:       "verification-after-access",
	Severity: sopgen.SeverityError,
	Doc:      "Identity verification must happen before the access step it protects; verifying afterwards protects nothing. A grant (a new account, a role, a group) answers a request and is approval's concern, not checked here.",
	Refs:     []string{"NIST SP 800-53 IA-5(a)"},
	Run: func(p *Pass) {
		steps := p.Doc.Steps()
		verify := kindIndexes(steps, sopgen.KindVerify)
		if len(verify) == 0 {
			return
		}
		for _, i := range p.givenBack(steps) {
			if verify[0] > i {
				p.Report(steps[i], steps[i].Loc.Line, "%s changes access before the identity is verified (first verification is step %s)", quote(steps[i]), steps[verify[0]].Number)
				return
			}
		}
	},
}

// givenBack is the indexes of the access steps that give an account back
// to someone (not grants, which answer a request, not a caller): the
// changes identity verification protects.
func (p *Pass) givenBack(steps []*sopgen.ProcStep) []int {
	var out []int
	for _, i := range kindIndexes(steps, sopgen.KindAccess) {
		if !p.grants(steps[i]) {
			out = append(out, i)
		}
	}
	return out
}

// verifyRuns groups consecutive verify steps: one verification each.
// Steps of no control kind between them (entering the code, refreshing the
// list of outcomes) do not end a run: sending a code and reading its
// outcome are one verification.
func verifyRuns(steps []*sopgen.ProcStep) [][]*sopgen.ProcStep {
	var runs [][]*sopgen.ProcStep
	var cur []*sopgen.ProcStep
	for _, s := range steps {
		if s.Kind == sopgen.KindVerify {
			cur = append(cur, s)
			continue
		}
		if s.Kind == sopgen.KindOther {
			continue
		}
		if len(cur) > 0 {
			runs = append(runs, cur)
			cur = nil
		}
	}
	if len(cur) > 0 {
		runs = append(runs, cur)
	}
	return runs
}

func methods(run []*sopgen.ProcStep) []string {
	var out []string
	for _, s := range run {
		if s.Method != "" && !inList(out, s.Method) {
			out = append(out, s.Method)
		}
	}
	return out
}

// VerificationVague reports a verification with no named method.
var VerificationVague = &Rule{
	ID:       "verification-vague",
	Severity: sopgen.SeverityWarning,
	Doc:      `"Verify the caller's identity" without a named method (a one-time code to a registered number, a verification portal) and without evidence to record lets each agent decide what counts as proof.`,
	Refs:     []string{"NIST SP 800-53 IA-5(d)", "NIST SP 800-63B-4 §4.2"},
	Off:      true,
	Demoted:  "On the published procedures of the evaluation corpus (EVALUATION.md) 6 of its 7 findings were on correct text: steps that verify something other than identity (\"Verify no open git PRs\", a verification template to fill in) or whose method is given in the steps around them. On recordings it fired on call-backs the agent described without the word for the method. The method itself is checked by verification-knowledge-based and verification-method-unapproved.",
	Run: func(p *Pass) {
		for _, run := range verifyRuns(p.Doc.Steps()) {
			if len(methods(run)) == 0 {
				p.Report(run[0], run[0].Loc.Line, "%s verifies identity without naming a method", quote(run[0]))
			}
		}
	},
}

// knowledgeBased are methods that rest on facts others can look up.
var knowledgeBased = []string{"security-questions", "personal-data"}

// VerificationMethodUnapproved reports a method outside the approved list.
var VerificationMethodUnapproved = &Rule{
	ID:       "verification-method-unapproved",
	Severity: sopgen.SeverityWarning,
	Doc:      "Each verification method must be on the approved list of the policy (configured in .stepwise.yaml or the template); anything else is a local invention nobody assessed.",
	Refs:     []string{"organisational policy"},
	Run: func(p *Pass) {
		approved := p.Doc.Policy.VerificationMethods
		unapproved := func(s *sopgen.ProcStep) bool {
			m := s.Method
			return m != "" && !inList(approved, m) && !inList(knowledgeBased, m) && m != "caller-supplied"
		}
		firstInRun(p.Doc.Steps(), unapproved, func(s *sopgen.ProcStep) {
			p.Report(s, s.Loc.Line, "%s uses the verification method %q, which is not on the approved list (%s)", quote(s), s.Method, strings.Join(approved, ", "))
		})
	},
}

// VerificationKnowledgeBased reports verification resting only on facts
// anyone can look up.
var VerificationKnowledgeBased = &Rule{
	ID:       "verification-knowledge-based",
	Severity: sopgen.SeverityError,
	Doc:      "Security questions, a date of birth, an employee id or \"confirm your email address\" are facts an attacker can find or guess; a verification resting only on them does not prove identity.",
	Refs:     []string{"NIST SP 800-63A-4 §2.5.1", "NIST SP 800-63B-4 §3.1.1.2"},
	Run: func(p *Pass) {
		for _, run := range verifyRuns(p.Doc.Steps()) {
			ms := methods(run)
			if len(ms) == 0 {
				continue
			}
			only := true
			for _, m := range ms {
				only = only && inList(knowledgeBased, m)
			}
			if only {
				// At the step that names the checks, not the heading step
				// before it ("Verify user identity", then "ask their name,
				// manager, employee ID").
				at := run[0]
				for _, s := range run {
					if inList(knowledgeBased, s.Method) {
						at = s
						break
					}
				}
				p.Report(at, at.Loc.Line, "%s verifies identity only with knowledge-based checks (%s)", quote(at), strings.Join(ms, ", "))
			}
		}
	},
}

// VerificationCallerSuppliedContact reports codes or links sent to contact
// details the caller gives during the call.
var VerificationCallerSuppliedContact = &Rule{
	ID:       "verification-caller-supplied-contact",
	Severity: sopgen.SeverityError,
	Doc:      "A code or link must go to a number or address already on record; sending it to one the caller supplies during the contact verifies only that the caller holds that phone.",
	Refs:     []string{"NIST SP 800-63B-4 §4.2.1", "CISA AA23-320A"},
	Run: func(p *Pass) {
		callerSupplied := func(s *sopgen.ProcStep) bool { return s.Method == "caller-supplied" }
		firstInRun(p.Doc.Steps(), callerSupplied, func(s *sopgen.ProcStep) {
			p.Report(s, s.Loc.Line, "%s sends the verification to contact details the caller supplied", quote(s))
		})
	},
}

var bypass = guard(`\b(skip|skips|skipping|skipped|bypass\w*|waive\w*|omit\w*|forgo|without)\b[^.;]*\b(verif\w*|identity checks?|authenticat\w*)|\b(verif\w*|identity checks?)\b[^.;]*\b(not (required|needed|necessary)|optional|unnecessary|(may|can) be (skipped|waived|omitted))|\bvouch\w*|\b(manager|colleague|supervisor|executive|vip|senior)\b[^.;]*\b(confirms?|approves?)\b[^.;]*\b(instead|in place of|rather than)\b`, "skip", "bypass", "waiv", "omit", "forgo", "without", "not required", "not needed", "not necessary", "optional", "unnecessary", "vouch", "instead", "in place of", "rather than")

// VerificationBypass reports wording that lets urgency, seniority or a
// third party's word stand in for verification.
var VerificationBypass = &Rule{
	ID:       "verification-bypass",
	Severity: sopgen.SeverityError,
	Doc:      `Social engineers call as the urgent executive or bring a "colleague" who vouches for them. A procedure that lets urgency, seniority or someone else's word skip verification hands them the account; say instead that verification is never skipped.`,
	Refs:     []string{"CISA AA23-320A"},
	Run: func(p *Pass) {
		for _, at := range p.passages(false) {
			if !at.trigger && affirmed(bypass, at.text) {
				p.reportAt(at, "%s lets identity verification be skipped or replaced by someone's word", where(at))
				return
			}
		}
		// What the procedure did, not what it says: access changed with no
		// verification passed before it, after the caller pressed with
		// rank or urgency.
		steps := p.Doc.Steps()
		access := p.givenBack(steps)
		if len(access) == 0 || passedBefore(steps, access[0]) {
			return
		}
		for _, at := range p.passages(false) {
			if at.step == nil || at.trigger || !affirmed(pressure, at.text) || slices.Index(steps, at.step) >= access[0] {
				continue
			}
			p.reportAt(at, "%s records pressure (rank or urgency), and access was changed at step %s with no verification passed before it", where(at), steps[access[0]].Number)
			return
		}
	},
}

// pressure is a caller leaning on rank or urgency.
var pressure = guard(`\b(director|executive|vp|vice[- ]president|ceo|cfo|cto|coo|cio|ciso|chief|president|chair\w*|board|vip|head of|senior (manager|leader\w*|vice)|partner)\b|\b(urgent\w*|asap|immediately|right now|right away|straight away|emergency|deadline|can'?t wait|cannot wait|before (a|the|their|his|her) (meeting|call|flight|presentation|board))\b`,
	"director", "executive", "vp", "president", "ceo", "cfo", "cto", "coo", "cio", "ciso", "chief", "chair", "board", "vip", "head of", "senior", "partner", "urgent", "asap", "immediately", "right now", "right away", "straight away", "emergency", "deadline", "wait", "before")

// passedBefore reports whether a verification before steps[end] was not
// recorded as failed, refused or timed out.
func passedBefore(steps []*sopgen.ProcStep, end int) bool {
	for _, run := range verifyRuns(steps[:end]) {
		// One verification: sending a code and its outcome. It passed
		// unless a step of it records a failure.
		if !slices.ContainsFunc(run, func(s *sopgen.ProcStep) bool {
			return s.Outcome == "failed" || s.Outcome == "timed-out" || s.Outcome == "not-enough-answers"
		}) {
			return true
		}
	}
	return false
}
