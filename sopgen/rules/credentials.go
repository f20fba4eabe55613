package rules

import (
	"slices"
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/interact"
)

var (
	issuesSecret = guard(`\btemporary (password|passcode|pin|code|access pass|credential)s?\b|\b(generate|auto-generate|set|type|enter|create|issue|choose|assign)\b[^.;]*\b(a |an |the )?(new |initial |temporary )?password\b|\binitial password\b|\btemporary access pass\b|\b(generate|create|issue|add)\b[^.;]*\b(bypass codes?|recovery codes?|backup codes?|access pass)\b`, "password", "passcode", "pin", "temporary", "access pass", "credential", "bypass", "recovery", "backup")
	forcedChange = phraseSet("next sign-in", "next sign in", "next signin", "next log-in", "next log in", "next login", "next logon", "next log-on", "first sign-in", "first sign in", "first login", "first logon", "first use", "next use", "must change", "single-use", "single use", "expire", "expiry", "time-limited", "time limited", "valid for", "valid until", "one-time use", "one-time password", "one-time passcode", "one time password",
		// The user made to replace it: "They will be prompted to change
		// their password", "is asked to choose a new one".
		"prompted to change", "prompted to set", "prompted to choose", "prompted to create", "prompted for a new", "asked to change", "asked to choose", "asked to set", "required to change", "forced to change", "needs to change", "need to change", "has to change", "have to change")
)

// declined matches a setting answered in the negative ("In User must
// change password at next logon, choose No"): the change it names is not
// forced.
var declined = lazyRegexp(`\bchoose (no|off|never|false|disabled|none)\b|: (no|off|never|false|disabled|none)$|^not `)

// forced reports whether committed settings force a change. A console
// option that calls the secret temporary ("Create a temporary password")
// is the console's own promise that the user replaces it at first
// sign-in; a writer's "temporary" is not (see the rule).
func forced(params []string) bool {
	for _, p := range params {
		l := strings.ToLower(p)
		if (forcedChange.MatchString(l) || forcing().MatchString(l) || temporaryOption().MatchString(chosen(l))) && !declined().MatchString(l) {
			return true
		}
	}
	return false
}

var temporaryOption = lazyRegexp(`\btemporary\b`)

// forcing is a setting that makes the user replace the secret: "Force user
// to update", "Require this user to change their password", "User must
// create a new password".
var forcing = lazyRegexp(`\b(force|forces|forced|require|requires|required|must|make)\b[^.;:]*\b(change|update|create|replace|reset|set)\b[^.;:]*\b(password|passcode|pin|credential)|\b(force|forced|require|required)\b[^.;:]*\b(user|them)\b[^.;:]*\bto (change|update|replace|reset)\b`)

// chosen is what a setting chose: the choice of "Name: choice", or the
// name of what was ticked. "Send temporary password via: SMS" chose SMS.
func chosen(param string) string {
	if i := strings.LastIndex(param, ": "); i >= 0 {
		return param[i+2:]
	}
	return param
}

// CredentialChangeNotForced reports a temporary secret that the procedure
// does not make single-use, time-limited or changed at next sign-in.
var CredentialChangeNotForced = &Rule{
	ID:       "credential-change-not-forced",
	Severity: sopgen.SeverityError,
	Doc:      "A temporary password or code that the agent has seen must stop working once used: single-use, time-limited, or replaced by the user at next sign-in. Otherwise the agent, and anyone who overheard it, keeps a working credential.",
	Refs:     []string{"NIST SP 800-53 IA-5(1)(e)", "ISO/IEC 27002 5.17(a)"},
	Run: func(p *Pass) {
		ps := p.passages(false)
		if slices.ContainsFunc(ps, func(ps passage) bool {
			// A recorded unit's settings are read as its parameters,
			// below: "clear Make this user change their password at
			// first sign-in" is no forced change.
			if ps.step != nil && len(ps.step.Actions) > 0 {
				return false
			}
			return forcedChange.MatchString(ps.text) && !declined().MatchString(ps.text)
		}) {
			return
		}
		for _, s := range p.Doc.Steps() {
			if forced(s.Params) {
				return
			}
		}
		// A step written to the account's owner ("use the link in your
		// invitation email to access your account, set a password"), with
		// the actions split off it on its line, sets their own secret.
		own := map[int]bool{}
		for _, s := range p.Doc.Steps() {
			if l := p.lower(s); strings.Contains(l, "your account") || strings.Contains(l, "your own account") {
				own[s.Loc.Line] = true
			}
		}
		for _, s := range p.Doc.Steps() {
			if len(s.Evidence) == 0 && own[s.Loc.Line] {
				continue
			}
			// In a recording the secret is issued by the commit that
			// changes access, read with the settings it commits (Reset,
			// with "Password: Automatically generate a password"); a
			// later note that it was sent issues nothing.
			if len(s.Evidence) > 0 && (s.Kind != sopgen.KindAccess || s.Effect != interact.Commits) {
				continue
			}
			// What the commit names and the settings it commits say what
			// a recorded reset issues; a folded step's sentence repeats the
			// settings as instructions, so only its committing action is read.
			text := p.lower(s)
			if len(s.Actions) > 0 {
				text = ""
				for _, a := range s.Actions {
					if a.Effect == interact.Commits {
						text = strings.ToLower(a.Text)
					}
				}
			}
			text = withParams(text, s.Params)
			// The reader's own password ("re-enter your password to unlock
			// it") is not a secret the procedure issues.
			text = strings.ReplaceAll(strings.ReplaceAll(text, "your own password", ""), "your password", "")
			if (s.Kind == sopgen.KindAccess || s.Kind == sopgen.KindDeliver) && affirmed(issuesSecret, text) {
				p.Report(s, s.Loc.Line, "%s issues a temporary secret, but nothing makes it single-use, time-limited or changed at next sign-in", quote(s))
				return
			}
		}
	},
}

var (
	literalSecret  = guard(`\b(password|passcode|pwd|passwd|pin)\s*(?:is|:|=|to|as)\s*["'“‘]?([^\s"'”’,;]*[0-9!@#$%^&*][^\s"'”’,;]*)`, "password is", "password:", "password =", "password=", "password to", "password as", "passcode is", "passcode:", "passcode to", "pwd", "passwd", "pin is", "pin:", "pin =", "pin to")
	defaultSecret  = guard(`\b(welcome\d+!?|password\d+!?|passw0rd\d*!?|p@ssw0rd\d*!?|p@55w0rd\d*|changeme\d*!?|letmein\d*|qwerty\d+|(summer|winter|spring|autumn|fall)20\d\d!?|company123)(\W|$)`, "welcome", "passw0rd", "p@s", "changeme", "letmein", "qwerty", "summer", "winter", "spring", "autumn", "fall", "company123")
	secretToTicket = twoKeys{guard(`\b(paste|copy|write|type|put|record|include|add|enter|note)\b[^.;]*\b(password|passcode|credential|credentials|secret)\b[^.;]*\b(into|in|on|to)\s+(the\s+)?(ticket|incident|case|chat|email|note|notes|work notes|comment|comments|spreadsheet|request)\b`, "passw", "passcode", "credential", "secret"), newKeySet([]string{"ticket", "incident", "case", "chat", "email", "note", "comment", "spreadsheet", "request"})}
)

// redactSecrets hides what secret-in-document would report, so that no
// message quoting a step repeats a password.
func redactSecrets(t string) string {
	// The values of secret flags in a command: "--password 'Tr0ub4dor&3'".
	if args := secretArguments(asciiLower(t)); len(args) > 0 {
		slices.SortFunc(args, func(a, b [2]int) int { return b[0] - a[0] })
		last := len(t) + 1
		for _, r := range args {
			if r[1] <= last { // not overlapping one already replaced
				t = t[:r[0]] + "[redacted]" + t[r[1]:]
				last = r[0]
			}
		}
	}
	lower := strings.ToLower(t)
	if literalSecret.MatchString(lower) {
		t = literalSecretAnyCase().ReplaceAllString(t, "$1 [redacted]")
	}
	if defaultSecret.MatchString(lower) || passwordWithDigits(lower) {
		t = defaultSecretAnyCase().ReplaceAllString(t, "[redacted]$3")
	}
	return t
}

// passwordWithDigits finds "password1", "Password2024!": the default
// credential pattern's commonest form, found without a regexp because
// "password" itself is in most SOPs.
func passwordWithDigits(lower string) bool {
	for i := 0; ; {
		j := strings.Index(lower[i:], "password")
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len("password")
		if end < len(lower) && lower[end] >= '0' && lower[end] <= '9' && (start == 0 || !isWordByte(lower[start-1])) {
			return true
		}
		i = end
	}
}

func isWordByte(b byte) bool {
	return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b == '_'
}

// The same patterns in any case, to redact text as written; the rules
// match the lower-cased text with the guarded ones.
var (
	literalSecretAnyCase = lazyRegexp("(?i)" + literalSecret.expr)
	defaultSecretAnyCase = lazyRegexp("(?i)" + defaultSecret.expr)
)

// SecretInDocument reports a literal password, a default credential or an
// instruction to write the password into the ticket.
var SecretInDocument = &Rule{
	ID:       "secret-in-document",
	Severity: sopgen.SeverityError,
	Doc:      `An SOP is read by many and stored in many places: a literal password or a default credential in it (in a step, or in a command or sample it shows, which readers copy and run) is a published secret, and "paste the password into the ticket" spreads the secret to everyone who can read tickets. The finding never repeats the secret.`,
	Refs:     []string{"NIST SP 800-53 IA-5(g)"},
	Run: func(p *Pass) {
		for _, s := range p.Doc.Steps() {
			// A recorded paste of the value copied after the reset, into
			// a field of the ticket: the secret stays in its history.
			if s.Pasted && s.OnTicket {
				p.Report(s, s.Loc.Line, "step %s pastes the value copied after the access change into the ticket, where everyone who reads the ticket can see it", s.Number)
				break
			}
		}
		for _, c := range p.Doc.Code {
			// A command or sample a reader may copy and run: "…
			// -AsPlainText "p@ssw0rd1"" publishes the secret however the
			// text around it warns.
			if l := strings.ToLower(c.Text); literalSecret.MatchString(l) || defaultSecret.MatchString(l) || passwordWithDigits(l) || plainSecretArgument(l) {
				p.Report(nil, c.Line, "this line of code contains what looks like a literal or default password (not repeated here)")
			}
		}
		for _, at := range p.passages(false) {
			switch {
			case affirmed(secretToTicket, at.text):
				p.reportAt(at, "%s tells the reader to write a secret where others can read it", where(at))
			case literalSecret.MatchString(at.text) || defaultSecret.MatchString(at.text) || passwordWithDigits(at.text) || plainSecretArgument(at.text):
				p.reportAt(at, "%s contains what looks like a literal or default password (not repeated here)", where(at))
			}
		}
	},
}

// secretFlags are the command-line arguments that take a secret as
// their value.
var secretFlags = []string{"-asplaintext", "--password", "-password", "--passwd", "--pass", "/password:", "-newpassword"}

// plainSecretArgument reports a command line that gives a secret flag a
// literal value: a quoted string or a word that is no variable or
// placeholder ("$PASSWORD", "<password>", "{{ secret }}", "(Read-Host …)").
func plainSecretArgument(lower string) bool { return len(secretArguments(lower)) > 0 }

// secretArguments are the byte ranges of the literal values secret flags
// are given in lower (see plainSecretArgument), quotes included.
func secretArguments(lower string) [][2]int {
	var out [][2]int
	for _, flag := range secretFlags {
		for from := 0; ; {
			i := strings.Index(lower[from:], flag)
			if i < 0 {
				break
			}
			at := from + i
			from = at + len(flag)
			joined := strings.HasSuffix(flag, ":") // "/password:value"
			if at > 0 && lower[at-1] != ' ' && lower[at-1] != '(' || from >= len(lower) || !joined && !strings.ContainsRune(" =:\"'", rune(lower[from])) {
				continue // "--password-file", "--force-change-password-next-sign-in"
			}
			v := strings.TrimLeft(lower[from:], " =:")
			if v == "" {
				continue
			}
			start := len(lower) - len(v)
			if q := v[0]; q == '"' || q == '\'' {
				end := strings.IndexByte(v[1:], q)
				if end >= 4 && !placeholder(v[1:1+end]) {
					out = append(out, [2]int{start, start + end + 2})
				}
				continue
			}
			w, _, _ := strings.Cut(v, " ")
			w = strings.TrimRight(w, "`,.;)")
			switch w {
			case "flag", "option", "parameter", "argument", "switch", "field", "prompt":
				continue // "supply the --password flag": the flag, named
			}
			if len(w) >= 4 && !placeholder(w) {
				out = append(out, [2]int{start, start + len(w)})
			}
		}
	}
	return out
}

// asciiLower lowers A to Z only, so that byte offsets in the result are
// those of s.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func placeholder(v string) bool {
	return strings.ContainsAny(v[:1], "$<{%(*[") || strings.Contains(v, "xxx") || strings.Contains(v, "...")
}

// where names a passage in a message.
func where(at passage) string {
	if at.step != nil {
		return "step " + at.step.Number
	}
	return "this line"
}

var (
	compromise = guard(`\b(compromised?|compromise of|hacked|phish\w*|account takeover|suspicious (sign-ins?|activity|logins?)|unauthori[sz]ed (access|sign-ins?|use))\b`, "compromis", "hacked", "phish", "takeover", "suspicious", "unauthori")
	revocation = phraseSet("revok", "invalidat", "sessions", "refresh token", "re-register", "reregister", "sign out", "sign-out", "signed out", "log out of all", "log-out")
)

// SessionRevocationMissing reports a procedure that handles suspected
// compromise without revoking sessions and tokens.
var SessionRevocationMissing = &Rule{
	ID:       "session-revocation-missing",
	Severity: sopgen.SeverityWarning,
	Doc:      "When an account may be compromised, a new password does not end the attacker's access: their sessions, refresh tokens and any factor they registered stay valid until revoked. The procedure must revoke them as part of the reset.",
	Refs:     []string{"NIST SP 800-63B-4 §4.3"},
	Run: func(p *Pass) {
		ps := p.passages(false)
		if len(kindIndexes(p.Doc.Steps(), sopgen.KindAccess)) == 0 || anyMatch(revocation, ps) {
			return
		}
		if at, ok := firstAffirmed(compromise, ps); ok {
			p.reportAt(at, "%s deals with a possibly compromised account, but no step revokes its sessions, tokens or other factors", where(at))
		}
	},
}
