package rules

import (
	"regexp"

	"github.com/stepwise-sop/stepwise/sopgen"
)

var (
	issuesSecret = regexp.MustCompile(`(?i)\btemporary (password|passcode|pin|code|access pass|credential)s?\b|\b(generate|auto-generate|set|type|enter|create|issue|choose|assign)\b[^.;]*\b(a |an |the )?(new |initial |temporary )?password\b|\binitial password\b|\btemporary access pass\b`)
	forcedChange = regexp.MustCompile(`(?i)\b(change|reset|choose|set|replace)\b[^.;]*\b(at|on|upon|after)\s+(the\s+|their\s+)?(next|first)\s+(sign[- ]?in|log[- ]?on|login|logon|use)\b|\bmust change (their |the |a )?password\b|\bsingle[- ]use\b|\bexpires?\b|\bexpiry\b|\btime[- ]limited\b|\bvalid (for|until)\b|\bone[- ]time (use|password|passcode)\b`)
)

// CredentialChangeNotForced reports a temporary secret that the procedure
// does not make single-use, time-limited or changed at next sign-in.
var CredentialChangeNotForced = &Rule{
	ID:       "credential-change-not-forced",
	Severity: sopgen.SeverityError,
	Doc:      "A temporary password or code that the agent has seen must stop working once used: single-use, time-limited, or replaced by the user at next sign-in. Otherwise the agent, and anyone who overheard it, keeps a working credential.",
	Refs:     []string{"NIST SP 800-53 IA-5(1)(e)", "ISO/IEC 27002 5.17(a)"},
	Run: func(p *Pass) {
		ps := passages(p.Doc, false)
		if anyMatch(forcedChange, ps) {
			return
		}
		for _, s := range p.Doc.Steps() {
			if (s.Kind == sopgen.KindAccess || s.Kind == sopgen.KindDeliver) && affirmed(issuesSecret, s.Plain()) {
				p.Report(s, s.Loc.Line, "%s issues a temporary secret, but nothing makes it single-use, time-limited or changed at next sign-in", quote(s))
				return
			}
		}
	},
}

var (
	literalSecret  = regexp.MustCompile(`(?i)\b(password|passcode|pwd|passwd|pin)\s*(?:is|:|=|to|as)\s*["'“‘]?([^\s"'”’,;]*[0-9!@#$%^&*][^\s"'”’,;]*)`)
	defaultSecret  = regexp.MustCompile(`(?i)\b(welcome\d+!?|password\d+!?|passw0rd!?|p@ssw0rd!?|p@55w0rd|changeme\d*!?|letmein\d*|qwerty\d+|(summer|winter|spring|autumn|fall)20\d\d!?|company123)(\W|$)`)
	secretToTicket = regexp.MustCompile(`(?i)\b(paste|copy|write|type|put|record|include|add|enter|note)\b[^.;]*\b(password|passcode|credential|credentials|secret)\b[^.;]*\b(into|in|on|to)\s+(the\s+)?(ticket|incident|case|chat|email|note|notes|work notes|comment|comments|spreadsheet|request)\b`)
)

// redactSecrets hides what secret-in-document would report, so that no
// message quoting a step repeats a password.
func redactSecrets(t string) string {
	t = literalSecret.ReplaceAllString(t, "$1 [redacted]")
	return defaultSecret.ReplaceAllString(t, "[redacted]$3")
}

// SecretInDocument reports a literal password, a default credential or an
// instruction to write the password into the ticket.
var SecretInDocument = &Rule{
	ID:       "secret-in-document",
	Severity: sopgen.SeverityError,
	Doc:      `An SOP is read by many and stored in many places: a literal password or a default credential in it is a published secret, and "paste the password into the ticket" spreads the secret to everyone who can read tickets. The finding never repeats the secret.`,
	Refs:     []string{"NIST SP 800-53 IA-5(g)"},
	Run: func(p *Pass) {
		for _, at := range passages(p.Doc, false) {
			switch {
			case affirmed(secretToTicket, at.text):
				p.reportAt(at, "%s tells the reader to write a secret where others can read it", where(at))
			case literalSecret.MatchString(at.text) || defaultSecret.MatchString(at.text):
				p.reportAt(at, "%s contains what looks like a literal or default password (not repeated here)", where(at))
			}
		}
	},
}

// where names a passage in a message.
func where(at passage) string {
	if at.step != nil {
		return "step " + at.step.Number
	}
	return "this line"
}

var (
	compromise = regexp.MustCompile(`(?i)\b(compromised?|compromise of|hacked|phish\w*|account takeover|suspicious (sign-ins?|activity|logins?)|unauthori[sz]ed (access|sign-ins?|use))\b`)
	revocation = regexp.MustCompile(`(?i)\b(revoke|revoking|revoked|sign (the user |them )?out (of )?(all|every)|sign-out of all|terminate (all |active |their )?sessions|invalidate|end (all |active |their )?sessions|refresh tokens|re-?register (all )?(factors|mfa))\b`)
)

// SessionRevocationMissing reports a procedure that handles suspected
// compromise without revoking sessions and tokens.
var SessionRevocationMissing = &Rule{
	ID:       "session-revocation-missing",
	Severity: sopgen.SeverityWarning,
	Doc:      "When an account may be compromised, a new password does not end the attacker's access: their sessions, refresh tokens and any factor they registered stay valid until revoked. The procedure must revoke them as part of the reset.",
	Refs:     []string{"NIST SP 800-63B-4 §4.3"},
	Run: func(p *Pass) {
		ps := passages(p.Doc, false)
		if len(kindIndexes(p.Doc.Steps(), sopgen.KindAccess)) == 0 || anyMatch(revocation, ps) {
			return
		}
		if at, ok := firstAffirmed(compromise, ps); ok {
			p.reportAt(at, "%s deals with a possibly compromised account, but no step revokes its sessions, tokens or other factors", where(at))
		}
	},
}
