package rules

import (
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
	lang "github.com/stepwise-sop/stepwise/sopgen/prose"
)

// ExceptionFailedVerificationMissing reports a procedure with no path for
// failed, refused or timed-out verification.
var ExceptionFailedVerificationMissing = &Rule{
	ID:       "exception-failed-verification-missing",
	Severity: sopgen.SeverityError,
	Doc:      "A procedure that verifies identity must say what happens when verification fails, is refused or times out: stop, record, escalate, in its Exceptions or in a step of its own (\"If the verification fails: …\"). A default Stepwise writes into a generated SOP does not count; the recording or the template must show the path.",
	Refs:     []string{"NIST SP 800-63A-4 §3.1.13.1", "NIST SP 800-53 IR-6"},
	Run: func(p *Pass) {
		steps := p.Doc.Steps()
		if len(kindIndexes(steps, sopgen.KindVerify)) == 0 {
			// Nothing is verified: verification-missing says so, and there
			// is no verification whose failure needs a path.
			return
		}
		for _, s := range steps {
			if len(s.Evidence) > 0 {
				continue // a recording shows its paths as exceptions
			}
			// "If the verification failed: move to step 2b", "If the user
			// is unable to pass the challenge: …", or a sentence of a step
			// ("All answers must be correct. If the user cannot answer any
			// of the questions, do not reset …"): the path is written in
			// the procedure itself.
			if onFailurePath(p, s) {
				return
			}
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

// onFailurePath reports a step one of whose sentences is led by a
// condition of verification failing. A step split off a longer one on its
// line ("… read the code back. If the caller cannot, inform their
// manager" gives "Inform their manager") is read in the sentence it came
// from.
func onFailurePath(p *Pass, s *sopgen.ProcStep) bool {
	if len(p.onLine(s)) == 1 && !strings.ContainsAny(p.lower(s), ",:;") {
		return false // a leading condition ends at a comma, colon or semicolon
	}
	own := strings.TrimRight(p.lower(s), ". ")
	for _, t := range p.onLine(s) {
		for _, sent := range lang.Sentences(p.lower(t)) {
			if (t == s || strings.Contains(sent, own)) && failedVerification(leadingCondition(sent)) {
				return true
			}
		}
	}
	return false
}

// onLine is the steps on s's line (s among them), looked up once per
// document.
func (p *Pass) onLine(s *sopgen.ProcStep) []*sopgen.ProcStep {
	c := p.cache
	if c.byLine == nil {
		c.byLine = map[sopgen.Location][]*sopgen.ProcStep{}
		for _, t := range p.Doc.Steps() {
			c.byLine[t.Loc] = append(c.byLine[t.Loc], t)
		}
	}
	return c.byLine[s.Loc]
}

// failedVerification reports a condition that names verification failing:
// something about verifying or proving identity (or what it asks for: an
// answer, a question, a code), and a word of failure.
func failedVerification(cond string) bool {
	if cond == "" {
		return false
	}
	ws := tokens(cond)
	about, failed := false, false
	for _, w := range ws {
		switch {
		case strings.HasPrefix(w, "verif"), strings.HasPrefix(w, "authenticat"), w == "identity", w == "prove", w == "challenge", w == "challenges", w == "pass",
			// What a verification asks for: "If they get any answer
			// wrong", "If the code does not match".
			w == "answer", w == "answers", w == "question", w == "questions", w == "code", w == "codes":
			about = true
		case strings.HasPrefix(w, "fail"), w == "not", w == "unable", w == "cannot", w == "can't", strings.HasPrefix(w, "refus"), w == "wrong", w == "incorrect", w == "mismatch", w == "doesn't", w == "don't":
			failed = true
		}
	}
	return about && failed
}
