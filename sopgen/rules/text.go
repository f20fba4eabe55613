package rules

import (
	"regexp"
	"slices"
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// prose is a step's own wording: the names of things on screen (bold in
// the SOP) become "X", so a button called "Reset and send" does not read
// as two actions.
func prose(s *sopgen.ProcStep) string {
	var b strings.Builder
	for _, sp := range s.Text {
		if sp.Strong {
			b.WriteString("X")
			continue
		}
		b.WriteString(sp.Text)
	}
	return b.String()
}

// passage is a piece of a document's text and where it is.
type passage struct {
	text    string
	step    *sopgen.ProcStep // nil outside the procedure
	line    int
	trigger bool // an exception's trigger: a situation, not an instruction
}

// passages lists the text of the procedure, exceptions, records, purpose
// and scope; what compose derived is left out unless withDerived.
func passages(d *sopgen.Document, withDerived bool) []passage {
	var out []passage
	if withDerived || !d.Purpose.Derived {
		out = append(out, passage{text: d.Purpose.Text, line: d.Purpose.Line})
	}
	if withDerived || !d.Scope.Derived {
		out = append(out, passage{text: d.Scope.Text, line: d.Scope.Line})
	}
	for _, s := range d.Steps() {
		out = append(out, passage{text: s.Plain(), step: s, line: s.Loc.Line})
	}
	for _, e := range d.Exceptions {
		if withDerived || !e.Derived {
			out = append(out, passage{text: e.Trigger, line: e.Line, trigger: true}, passage{text: e.Action, line: e.Line})
		}
	}
	for _, r := range d.Records {
		if withDerived || !r.Derived {
			out = append(out, passage{text: r.What + " " + r.Where, line: r.Line})
		}
	}
	return out
}

// report reports a finding at a passage.
func (p *Pass) reportAt(at passage, format string, args ...any) {
	p.Report(at.step, at.line, format, args...)
}

// negation marks a sentence that forbids what it names: "never skip
// verification", "do not paste the password".
var negation = regexp.MustCompile(`(?i)\b(do not|don't|never|must not|may not|cannot|can't|no one|not even|under no circumstances|is not allowed|are not allowed|is forbidden|even if|even when|regardless)\b`)

// sentences splits text into sentences and clauses separated by ; or .
func sentences(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == '.' || r == ';' || r == '\n' || r == '!' || r == '?' })
}

// affirmed reports whether re matches a sentence of text that does not
// negate it.
func affirmed(re *regexp.Regexp, text string) bool {
	for _, s := range sentences(text) {
		if re.MatchString(s) && !negation.MatchString(s) {
			return true
		}
	}
	return false
}

// firstAffirmed is the first passage in which re is affirmed.
func firstAffirmed(re *regexp.Regexp, ps []passage) (passage, bool) {
	for _, p := range ps {
		if affirmed(re, p.text) {
			return p, true
		}
	}
	return passage{}, false
}

// anyMatch reports whether re matches any passage.
func anyMatch(re *regexp.Regexp, ps []passage) bool {
	return slices.ContainsFunc(ps, func(p passage) bool { return re.MatchString(p.text) })
}

// firstInRun reports, for each verification run, the first step for which
// match is true.
func firstInRun(steps []*sopgen.ProcStep, match func(*sopgen.ProcStep) bool, report func(*sopgen.ProcStep)) {
	for _, run := range verifyRuns(steps) {
		if i := slices.IndexFunc(run, match); i >= 0 {
			report(run[i])
		}
	}
}

// privileged names accounts that need a stricter path.
var privileged = regexp.MustCompile(`(?i)\b(privileged|admin|admins|administrator|administrators|administrative|service accounts?|shared accounts?|break-glass|emergency access|elevated|domain admin|global admin|root)\b`)

// toolNames are admin tools, not admin accounts.
var toolNames = regexp.MustCompile(`(?i)\badmin(istration|istrator)? (console|center|centre|portal|panel|page|tool|ui)\b`)

// mentionsPrivileged reports whether text is about privileged accounts or
// access.
func mentionsPrivileged(text string) bool {
	return privileged.MatchString(toolNames.ReplaceAllString(text, ""))
}

// leadingWord is the first word of the instruction of a step.
func leadingWord(text string) string {
	t := strings.ToLower(strings.TrimSpace(text))
	t = strings.TrimLeft(t, "-*0123456789. ")
	w, _, _ := strings.Cut(t, " ")
	return strings.Trim(w, ",:;.")
}
