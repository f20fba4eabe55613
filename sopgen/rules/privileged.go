package rules

import (
	"slices"
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
	lang "github.com/stepwise-sop/stepwise/sopgen/prose"
)

// PrivilegedPathMissing reports a reset or MFA procedure that neither
// excludes privileged accounts nor gives them their own path.
var PrivilegedPathMissing = &Rule{
	ID:       "privileged-path-missing",
	Severity: sopgen.SeverityError,
	Doc:      "Administrator, service and shared accounts are what attackers calling the help desk want most. A reset or MFA procedure must either exclude them explicitly (pointing to the privileged procedure) or give them a separate, stronger path.",
	Refs:     []string{"NIST SP 800-53 AC-2(7)", "NIST SP 800-53 AC-6(5)", "CIS Controls 5.4", "CIS Controls 6.5"},
	Run: func(p *Pass) {
		steps := p.Doc.Steps()
		access := kindIndexes(steps, sopgen.KindAccess)
		// Privileged accounts named with what to do about them: excluded,
		// or sent to a stricter path. "Log in to the admin console" or
		// "Admins will also see a link" names the agent's own rights.
		// The rule is about recovering an account (a reset, an unlock, a
		// factor reset): granting or removing access has rules of its own.
		access = slices.DeleteFunc(access, func(i int) bool { return !p.restores(steps[i]) })
		if removesAccess(p) {
			return
		}
		for _, e := range p.Doc.Exceptions {
			// "The account is privileged …" and what to do then.
			if t := strings.ToLower(e.Trigger + " " + e.Action); mentionsPrivileged(t) && handlesPrivileged().MatchString(t) {
				return
			}
		}
		if len(access) == 0 || slices.ContainsFunc(p.passages(true), func(at passage) bool {
			t := at.text
			// Every form of performer ends in "admin…" or "owner…": without
			// either, its backtracking search (most of this rule's time on
			// long procedures) cannot match.
			if strings.Contains(t, "admin") || strings.Contains(t, "owner") {
				t = performer().ReplaceAllString(t, "")
			}
			return mentionsPrivileged(t) && handlesPrivileged().MatchString(t)
		}) {
			return
		}
		line := p.Doc.Scope.Line
		if line == 0 {
			line = p.Doc.Headings["Scope"]
		}
		if line == 0 {
			s := steps[access[0]]
			p.Report(s, s.Loc.Line, "%s changes access, but the SOP neither excludes privileged, service and shared accounts nor gives them a stricter path", quote(s))
			return
		}
		p.Report(nil, line, "the SOP changes access, but neither excludes privileged, service and shared accounts nor gives them a stricter path")
	},
}

// privilegedChange reports whether access step s changes a privileged
// account or privileged access.
// handlesPrivileged says what a procedure does about the accounts it
// names: they are excluded, or take another, stricter path.
var handlesPrivileged = lazyRegexp(`\b(exclud\w*|except\w*|not covered|out of scope|separate|different|another|stricter|additional|extra|second|escalat\w*|refer\w*|follow(s|ed)?|stop|privileged[- ]account (procedure|process|path)|must not|do not|never|only (by|with|after)|approval|approve\w*|two-person|dual|go(es)? to|(are|is) handled by|(sent|passed|routed|transferred) to|rout(e|es|ing) to)\b`)

// performer finds the agent's own rights named as a privilege: "as an
// administrator, you can", "who must be a Google admin", "the Password
// Administrator role". They say who may do the work, not what happens to
// privileged accounts.
var performer = lazyRegexp(`\b(as|be|is|are|being|by|requires|require|needs)\s+(a|an|the)?\s*([\w-]+\s+){0,3}(admin|admins|administrator|administrators|owner|owners)\b|\b[\w-]+\s+(administrator|admin)\s+role\b|\b(password|license|licence|user|helpdesk|help desk|global|privileged role|authentication|security)\s+(administrator|admin)s?\b`)

// recovery names the work of giving an account back to its owner.
var recovery = lazyRegexp(`\b(reset\w*|unlock\w*|recover\w*|password|passcode|pin|mfa|2fa|multi-factor|factor|authenticator|totp|otp|credential\w*|re-?enrol\w*|re-?register\w*|bypass code|temporary access pass)\b`)

func privilegedChange(p *Pass, s *sopgen.ProcStep) bool {
	d := p.Doc
	return mentionsPrivileged(p.lower(s)) || mentionsPrivileged(strings.ToLower(d.Meta.Title)) || (!d.Purpose.Derived && mentionsPrivileged(strings.ToLower(d.Purpose.Text)))
}

// approves reports a step whose own verb approves ("Approve the request",
// "The manager approves …"), not one that obtains or asks for approval.
func approves(s *sopgen.ProcStep) bool {
	switch lang.Read(lang.Means(s.Plain())).First().Stem {
	case "approve", "authorise", "authorize", "sign":
		return true
	}
	return false
}

// DutiesNotSegregated reports a privileged change approved by the role that
// performs it.
var DutiesNotSegregated = &Rule{
	ID:       "duties-not-segregated",
	Severity: sopgen.SeverityWarning,
	Doc:      "A privileged change needs two people: the role that approves it must not be the role that performs it (nor the one that asked for it), or one person can give themselves or an attacker administrator access.",
	Refs:     []string{"NIST SP 800-53 AC-5", "ISO/IEC 27001 A.5.3"},
	Run: func(p *Pass) {
		steps := p.Doc.Steps()
		for _, i := range kindIndexes(steps, sopgen.KindAccess) {
			s := steps[i]
			if !privilegedChange(p, s) {
				continue
			}
			if s.RoleAssumed {
				continue // who performs it is not written
			}
			for _, a := range steps[:i] {
				// The role that approves, as written: not a role given to
				// every step that names none, nor one asking for approval
				// ("asks the manager to approve the request").
				if a.Kind == sopgen.KindApprove && a.Role != "" && !a.RoleAssumed && approves(a) && strings.EqualFold(a.Role, s.Role) {
					p.Report(a, a.Loc.Line, "%s is approved by %s, the role that performs the privileged change at step %s", quote(a), a.Role, s.Number)
					return
				}
			}
		}
	},
}

var (
	// grantWords names access given rather than given back: an account
	// created or reactivated, an invitation, a role, a group, a licence.
	grantWords = guard(`\b(grant\w*|provision\w*|invit\w*|give\b[^.;]*\baccess|enable access|reactivat\w*|(create|add)\w*( a| an| the)?( new)? (user|users|account|accounts|member|members|collaborator|collaborators)\b|add\w*\b[^.;]*\bto (the |a )?[\w '’-]*(group|role|team|distribution list)|assign\w*\b[^.;]*\b(role|group|licen[cs]e|permission|permissions|access|entitlement)|update permissions|promot\w*|make\b[^.;]*\b(admin|administrator|owner|superuser)|(admin|administrator|superuser|staff)( status| rights| privileges| role))\b`, "grant", "provision", "invit", "give", "enable access", "reactivat", "create", "add", "assign", "update permissions", "promot", "make", "admin", "superuser", "staff")
	approved   = lex("approv*")
)

// grants reports whether access step s gives access (a new account, a
// role, a group, an invitation) rather than giving an account back to its
// owner: by what s commits, or else by the title of the task it is in
// ("Add a new user", then "Click Submit"). A grant answers a request, so
// its control is an approval; a reset answers a caller, whose identity is
// verified.
func (p *Pass) grants(s *sopgen.ProcStep) bool {
	if s.Kind != sopgen.KindAccess {
		return false
	}
	return memo(&p.cache.grants, s, p.readGrant)
}

func (p *Pass) readGrant(s *sopgen.ProcStep) bool {
	unit := p.unit(s)
	if grantWords.MatchString(unit) {
		return true
	}
	// A recorded form's setting: "Grafana Admin: Yes", "Overall/Administer".
	for _, prm := range s.Params {
		name, choice, _ := strings.Cut(prm, ": ")
		if !strings.HasPrefix(prm, "not ") && sopgen.GrantSetting(name, choice) {
			return true
		}
	}
	if recovery().MatchString(unit) {
		return false
	}
	title := strings.ToLower(p.phaseOf(s).Title)
	return grantWords.MatchString(title) && !recovery().MatchString(title)
}

// phaseOf is the phase that holds s (the zero Phase when none does).
func (p *Pass) phaseOf(s *sopgen.ProcStep) sopgen.Phase {
	c := p.cache
	if c.phaseOf == nil {
		c.phaseOf = map[*sopgen.ProcStep]int{}
		for i, ph := range p.Doc.Phases {
			for _, st := range ph.Steps {
				c.phaseOf[st] = i
			}
		}
	}
	if i, ok := c.phaseOf[s]; ok {
		return p.Doc.Phases[i]
	}
	return sopgen.Phase{}
}

// GrantWithoutApproval reports access granted with no approval before it:
// the last grant of each phase, so that a page of several tasks ("Add a
// user", "Make a user an administrator") is judged task by task.
var GrantWithoutApproval = &Rule{
	ID:       "grant-without-approval",
	Severity: sopgen.SeverityError,
	Doc:      "Access may be granted only on a recorded approval (the approver's decision on the request or ticket); a grant with no approval before it is how access creeps and how an attacker's request gets fulfilled.",
	Refs:     []string{"NIST SP 800-53 AC-2(e)", "SOC 2 CC6.2"},
	Run: func(p *Pass) {
		approvedSoFar := false // a step before this one approves, or names an approval
		for _, ph := range p.Doc.Phases {
			// The last grant of the phase: the one that completes the
			// task, after what opened its form and what set it.
			var last *sopgen.ProcStep
			lastApproved := false
			for _, s := range ph.Steps {
				if p.grants(s) {
					last, lastApproved = s, approvedSoFar
				}
				approvedSoFar = approvedSoFar || s.Kind == sopgen.KindApprove || approved.MatchString(p.lower(s))
			}
			if last != nil && !lastApproved {
				p.Report(last, last.Loc.Line, "%s grants access with no approval or approved request before it", quote(last))
			}
		}
	},
}
