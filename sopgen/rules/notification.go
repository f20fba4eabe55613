package rules

import (
	"slices"
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
)

var (
	notMeRoute    = guard(`(wasn't me|was not me|did not (request|ask|make)|didn't (request|ask|make)|not (requested|made) by|if this was not|if they did not|report (it|this|the change)|contact (the )?(security|service desk|help desk))`, "me", "did not", "didn't", "not requested", "not made", "if this", "if they", "report", "contact")
	addressRecord = lex("registered", "on record", "of record", "on file", "primary email", "primary address", "primary phone", "known email", "known address", "known number", "directory")
)

// NotificationMissing reports an access change the account owner is not
// told about through an address of record, with a way to report it.
var NotificationMissing = &Rule{
	ID:       "notification-missing",
	Severity: sopgen.SeverityWarning,
	Doc:      `After a reset or factor change, tell the account owner at an address already on record (not one given on the call) and give them a way to say "this wasn't me"; it is how a takeover through the help desk gets noticed. A procedure that removes access (offboarding, leavers, revocation) is not checked.`,
	Refs:     []string{"NIST SP 800-63B-4 §4.2.3", "NIST SP 800-63B-4 §4.6"},
	Run: func(p *Pass) {
		steps := p.Doc.Steps()
		access := kindIndexes(steps, sopgen.KindAccess)
		if len(access) == 0 || removesAccess(p) {
			return
		}
		// A notice on the failure path ("If the user cannot answer …,
		// inform their manager") tells someone the change did not happen.
		var notify []int
		for _, i := range kindIndexes(steps, sopgen.KindNotify) {
			if !onFailurePath(p, steps[i]) {
				notify = append(notify, i)
			}
		}
		if len(notify) == 0 {
			// A reset or factor change, as its catalog entry says: a grant
			// is approved and recorded, not announced to its owner as a
			// takeover would need to be.
			for _, s := range missingAfter(p, sopgen.KindNotify, p.restores) {
				p.Report(s, s.Loc.Line, "%s changes access, but no step notifies the account owner at an address of record", quote(s))
			}
			return
		}
		var text strings.Builder
		for _, i := range notify {
			text.WriteString(p.lower(steps[i]) + " ")
		}
		var missing []string
		if !addressRecord.MatchString(text.String()) {
			missing = append(missing, "which address of record it goes to")
		}
		if !notMeRoute.MatchString(text.String()) {
			missing = append(missing, `a "this wasn't me" route`)
		}
		if len(missing) > 0 {
			s := steps[notify[0]]
			p.Report(s, s.Loc.Line, "%s notifies the account owner but does not say %s", quote(s), strings.Join(missing, " or "))
		}
	},
}

// logElements are what an audit record of an access change must hold.
var logElements = []struct {
	name string
	re   lexicon
}{
	{"who acted", lex("who", "agent", "analyst", "technician", "performed by", "your name", "name of the")},
	{"what was done", lex("what", "action", "reset", "unlock*", "change", "changes", "grant*", "removal", "re-enrol*")},
	{"when", lex("when", "time", "date", "timestamp")},
	{"the account", lex("account", "username", "user name", "upn", "user id")},
	{"the verification method", lex("method", "verified")},
	{"its outcome", lex("outcome", "result", "passed", "failed")},
	{"the ticket reference", lex("ticket", "incident", "case", "request number", "reference", "interaction")},
}

// grantRecord is how the record of a grant says what was done and to
// which account: who was added, to which group or role.
var grantRecord = map[string]lexicon{
	"what was done": lex("add*", "added", "group", "groups", "role", "roles", "membership", "permission*", "access"),
	"the account":   lex("who was added", "who was given", "who was granted", "person added", "user added", "member added", "requester"),
}

// LoggingIncomplete reports a log step that leaves out what an auditor
// needs.
var LoggingIncomplete = &Rule{
	ID:       "logging-incomplete",
	Severity: sopgen.SeverityWarning,
	Doc:      "The record of an access change must say who acted, what was done, when, to which account, how identity was verified (for a change given back to a caller) and with what outcome, and under which ticket; a note reading \"done\" cannot be audited.",
	Refs:     []string{"NIST SP 800-53 AU-3"},
	Run: func(p *Pass) {
		steps := p.Doc.Steps()
		logs := kindIndexes(steps, sopgen.KindLog)
		if len(logs) == 0 || len(kindIndexes(steps, sopgen.KindAccess)) == 0 {
			return // logging-missing's concern
		}
		var text strings.Builder
		for _, i := range logs {
			text.WriteString(p.lower(steps[i]) + " ")
		}
		for _, r := range p.Doc.Records {
			if !r.Derived {
				text.WriteString(strings.ToLower(r.What) + " ")
			}
		}
		// How a caller was verified is recorded for a change given back to
		// them; a grant answers no caller (its approval is
		// grant-without-approval's concern).
		grantsOnly := !slices.ContainsFunc(steps, func(s *sopgen.ProcStep) bool { return s.Kind == sopgen.KindAccess && !p.grants(s) })
		var missing []string
		for _, e := range logElements {
			if e.name == "the verification method" && grantsOnly {
				continue
			}
			if g, ok := grantRecord[e.name]; ok && grantsOnly && g.MatchString(text.String()) {
				continue // "who was added, to which group"
			}
			if !e.re.MatchString(text.String()) {
				missing = append(missing, e.name)
			}
		}
		if len(missing) > 0 {
			s := steps[logs[0]]
			p.Report(s, s.Loc.Line, "%s records the change but not %s", quote(s), joinAnd(missing))
		}
	},
}

var (
	escalates       = guard(`\bescalat\w*`, "escalat")
	escalationGroup = lex("team", "queue", "desk", "manager", "lead", "supervisor", "on-call", "group", "security", "soc", "owner", "administrator", "officer", "department", "analyst", "engineer")
	escalationWhen  = guard(`\b(within|in under|before)\s+(\d+|one|two|three|four|an?)\b|\b(same|next) (working |business )?day\b|\bimmediately\b|\bat once\b|\b(by|via|through|over|on|in) (phone|telephone|a call|the \w+ queue|its queue|their queue|the queue|queue|ticket|pager|chat|email|the [\w-]+ (channel|line|rota))\b|\bqueue\b|\bpage\b|\bcall\b`, "within", "in under", "before", "day", "immediately", "at once", "queue", "page", "call", "phone", "ticket", "pager", "chat", "email", "channel", "line", "rota")
)

// EscalationTargetMissing reports an escalation that does not say to whom,
// how or how fast.
var EscalationTargetMissing = &Rule{
	ID:       "escalation-target-missing",
	Severity: sopgen.SeverityWarning,
	Doc:      `"Escalate" alone leaves a failed verification sitting with whoever read it. Name the role or queue it goes to and how (queue, phone) or how fast (within 30 minutes).`,
	Refs:     []string{"NIST SP 800-53 IR-6"},
	Run: func(p *Pass) {
		roles := p.Doc.Roles
		done := map[int]bool{} // an exception recorded from a step shares its line
		for _, at := range p.passages(false) {
			loc := escalates.FindStringIndex(at.text)
			if loc == nil || (at.step == nil && at.text == strings.ToLower(p.Doc.Purpose.Text)) || (at.line > 0 && done[at.line]) {
				continue
			}
			done[at.line] = true
			rest := at.text[loc[0]:]
			target := escalationGroup.MatchString(rest) || namesRole(rest, roles)
			switch {
			case !target:
				p.reportAt(at, "%s escalates without naming the role or queue it goes to", where(at))
			case !escalationWhen.MatchString(rest):
				p.reportAt(at, "%s escalates without saying how (queue, phone) or how fast", where(at))
			}
		}
	},
}

func namesRole(text string, roles []sopgen.Role) bool {
	t := strings.ToLower(text)
	for _, r := range roles {
		if n := strings.ToLower(strings.TrimSpace(r.Name)); n != "" && strings.Contains(t, n) {
			return true
		}
	}
	return false
}
