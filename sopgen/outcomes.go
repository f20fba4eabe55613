package sopgen

import (
	"regexp"
	"slices"
	"strconv"
)

// The outcomes of an identity verification an SOP must say what to do
// about, beyond the failed one every SOP gets (composer.exceptions): each
// is added as a derived exception unless the exceptions written already
// cover it. covers matches the words an author uses for the outcome.
type outcome struct {
	id     string
	covers func() *regexp.Regexp
	// applies says whether the outcome can happen with method m under p.
	applies func(m string, p Policy, d *Document) bool
	row     func(m string, p Policy, next string) (trigger, action string)
}

var outcomeRows = []outcome{
	{
		id:      "verification-passed",
		covers:  lazyRegexp(`(?i)\b(pass(es|ed)?|succeeds?|successful(ly)?|verified)\b`),
		applies: func(string, Policy, *Document) bool { return true },
		row: func(_ string, _ Policy, next string) (string, string) {
			action := "Continue with the procedure as written and record the method and outcome on the incident."
			if next != "" {
				action = "Continue with step " + next + " and record the method and outcome on the incident."
			}
			return "Identity verification passes.", action
		},
	},
	{
		id:      "verification-refused",
		covers:  lazyRegexp(`(?i)\b(refus\w*|declin\w*|cannot complete|unable to complete|unwilling)\b`),
		applies: func(string, Policy, *Document) bool { return true },
		row: func(m string, _ Policy, _ string) (string, string) {
			trigger := "The caller refuses verification or cannot complete it."
			if sendsCode(m) {
				trigger = "The caller refuses verification or cannot complete it (no access to the registered phone or email)."
			}
			return trigger,
				"Do not reset or unlock anything. Record the refusal on the incident and follow the path for a failed verification."
		},
	},
	{
		id:      "verification-timed-out",
		covers:  lazyRegexp(`(?i)\b(expir\w*|time[sd]? ?out|timeout|lifetime|valid for)\b`),
		applies: func(m string, _ Policy, _ *Document) bool { return sendsCode(m) },
		row: func(m string, p Policy, _ string) (string, string) {
			what := "The code"
			if m == "portal" {
				what = "The verification link"
			}
			trigger := what + " expires before the caller uses it."
			if p.LinkLifetime != "" {
				trigger = what + " expires before the caller uses it (it is valid for " + p.LinkLifetime + ")."
			}
			action := "Do not reset anything. Send a new one only while attempts remain; otherwise follow the path for a failed verification."
			if p.MaxAttempts > 0 {
				action = "Do not reset anything. Send a new one only while attempts remain (" + strconv.Itoa(p.MaxAttempts) + " in all); otherwise follow the path for a failed verification."
			}
			return trigger, action
		},
	},
	{
		id:      "verification-not-enough-answers",
		covers:  lazyRegexp(`(?i)\b(enough|too few|insufficient)\b.*\b(answer\w*|questions?)\b`),
		applies: func(m string, _ Policy, _ *Document) bool { return m == "security-questions" || m == "personal-data" },
		row: func(string, Policy, string) (string, string) {
			return "The caller cannot answer enough of the questions.",
				"Do not ask more questions or give hints. Record it on the incident and follow the path for a failed verification."
		},
	},
	{
		id:      "attempts-exhausted",
		covers:  lazyRegexp(`(?i)\b(attempts?|tries|locked out|lockout)\b`),
		applies: func(_ string, p Policy, _ *Document) bool { return p.MaxAttempts > 0 },
		row: func(_ string, p Policy, _ string) (string, string) {
			return "Verification has failed " + Plural(p.MaxAttempts, "time", "times") + " on this request.",
				"Stop verifying and do not try another method on this request. Leave the account locked, record the attempts on the incident and escalate it to the Security team through its queue."
		},
	},
	{
		id:      "reset-limit",
		covers:  lazyRegexp(`(?i)\b(24 hours|per day|a day|times in|limit)\b`),
		applies: func(_ string, p Policy, d *Document) bool { return p.ResetsPerDay > 0 && hasKind(d, KindAccess) },
		row: func(_ string, p Policy, _ string) (string, string) {
			return "The account has already been reset or unlocked " + Plural(p.ResetsPerDay, "time", "times") + " in the last 24 hours.",
				"Do not reset it again. Record the request on the incident and escalate it to the Security team as a possible account takeover."
		},
	},
}

// sendsCode says whether method m sends a code or link that can expire.
func sendsCode(m string) bool {
	switch m {
	case "sms-code", "email-code", "portal", "authenticator-push", "callback":
		return true
	}
	return false
}

// outcomes adds a derived exception for each outcome of the recorded
// verification that no exception covers yet, so that the SOP says what to
// do whatever the verification's result. A document with no verification
// step gets none: its failed-verification finding says what is missing.
func (c *composer) outcomes(d *Document) {
	steps := d.Steps()
	m := lastMethod(steps)
	if m == "" && !hasKind(d, KindVerify) {
		return
	}
	next := afterVerification(steps)
	var passed, others []Exception
	for _, o := range outcomeRows {
		if !o.applies(m, d.Policy, d) || covered(d.Exceptions, o.covers()) {
			continue
		}
		trigger, action := o.row(m, d.Policy, next)
		e := Exception{ID: o.id, Trigger: trigger, Action: action, Derived: true}
		if o.id == "verification-passed" {
			passed = append(passed, e)
		} else {
			others = append(others, e)
		}
	}
	// Read in the order a verification goes: passes, fails (the failed
	// path already there), then the other ways it ends.
	at := len(d.Exceptions)
	for i, e := range d.Exceptions {
		if e.FailedVerification {
			at = i
			break
		}
	}
	after := min(at+1, len(d.Exceptions))
	d.Exceptions = slices.Concat(d.Exceptions[:at], passed, d.Exceptions[at:after], others, d.Exceptions[after:])
}

// covered says whether an exception an author wrote (not derived) names
// the outcome re describes.
func covered(ex []Exception, re *regexp.Regexp) bool {
	for _, e := range ex {
		if !e.Derived && re.MatchString(e.Trigger) {
			return true
		}
	}
	return false
}

// lastMethod is the method of the last verify step that names one: the
// verification the decision after it rests on.
func lastMethod(steps []*ProcStep) string {
	m := ""
	for _, s := range steps {
		if s.Kind == KindVerify && s.Method != "" {
			m = s.Method
		}
	}
	return m
}

// afterVerification is the number of the first step after the last verify
// step that is not itself part of verifying, or "".
func afterVerification(steps []*ProcStep) string {
	last := -1
	for i, s := range steps {
		if s.Kind == KindVerify {
			last = i
		}
	}
	if last < 0 {
		return ""
	}
	for _, s := range steps[last+1:] {
		if s.Kind != KindVerify {
			return s.Number
		}
	}
	return ""
}

// failedTrigger says what a failed verification looks like for method m.
func failedTrigger(m string) string {
	switch m {
	case "sms-code", "email-code", "authenticator-push":
		return "Identity verification fails: the code the caller reads back does not match."
	case "security-questions":
		return "Identity verification fails: an answer does not match the record."
	case "personal-data", "caller-supplied":
		return "Identity verification fails: the details given do not match the account's record."
	case "portal":
		return "Identity verification fails: the portal does not confirm the user."
	case "callback":
		return "Identity verification fails: the person at the number of record is not the user."
	}
	return "Identity verification fails."
}

// retention gives every record without a retention the policy's.
func retention(d *Document) {
	for i := range d.Records {
		if d.Records[i].Retention == "" {
			d.Records[i].Retention = d.Policy.Retention
		}
	}
}
