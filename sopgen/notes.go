package sopgen

import (
	"slices"
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen/prose"
)

// A note is the agent's own account of what happened, written as it came:
// "Temporary password sent by SMS", "Caller confirmed they can sign in",
// "Could not verify the caller". It is read for its grammar (who did what,
// when, whether it happened at all) before the vocabulary says what kind
// of work the verb and its object are.

// noteReading is what a note records.
type noteReading struct {
	kind    Kind
	method  string
	outcome string
	clause  prose.Clause   // the first clause with a verb
	clauses []prose.Clause // all of them
	text    string         // the note's main clause, cleaned
}

// contactVerbs report how a person reached the desk: the request itself.
var contactVerbs = []string{"ring", "call", "phone", "contact", "email", "message", "write", "chat", "open", "raise", "log", "submit"}

// requestVerbs reach the desk only with a request as their object: "User
// opened a ticket", not "User opened the vault".
var requestVerbs = []string{"open", "raise", "log", "submit", "write"}

func requestObject(obj []string) bool {
	return slices.ContainsFunc(obj, func(w string) bool {
		return slices.Contains([]string{"ticket", "case", "request", "incident", "issue", "call", "chat", "email", "e-mail", "message", "form"}, w)
	})
}

// endUsers are the people whose own actions confirm the outcome.
var endUsers = []string{"caller", "user", "requester", "customer", "employee", "member", "they", "he", "she"}

// accessWorks reports whether words say that access works again: signed
// or logged in, back in, able to access, the code or password worked.
func accessWorks(ws []string) bool {
	for i, w := range ws {
		next := ""
		if i+1 < len(ws) {
			next = ws[i+1]
		}
		switch {
		case (w == "sign" || w == "signed" || w == "signs" || w == "log" || w == "logged" || w == "logs" || w == "get" || w == "got" || w == "back" || w == "are" || w == "is" || w == "was" || w == "were") && (next == "in" || next == "on" || next == "into"):
			// "must get in", "needs to sign in" is a wish, not a fact.
			return !wish(ws[:i])
		case w == "worked" || w == "works" || w == "working":
			return true
		case slices.Contains(endUsers, w) && (next == "in" || next == "back") && (i+2 >= len(ws) || ws[i+2] != "to"):
			return true // "User in", "caller back in"
		case (w == "access" || w == "accessed") && i > 0 && (ws[i-1] == "can" || ws[i-1] == "could" || ws[i-1] == "to"):
			return true
		case w == "sign-in" || w == "login" || w == "logon":
			// The noun says how sign-in went only with a word for it:
			// "Login OK", "sign-in confirmed"; "vault sign-in stops at
			// the prompt" says it does not work.
			if succeeded(ws) {
				return true
			}
		}
	}
	return false
}

// succeeded reports words that say something went well, and none that
// say it did not.
func succeeded(ws []string) bool {
	ok := false
	for _, w := range ws {
		switch w {
		case "not", "no", "stops", "stopped", "fails", "failed", "cannot", "can't", "blocked", "error", "errors", "denied", "locked":
			return false
		case "ok", "okay", "ok'd", "worked", "works", "successful", "succeeded", "success", "fine", "good", "confirmed", "done", "complete", "completed":
			ok = true
		}
	}
	return ok
}

// wish reports whether the words before a verb make it a wish or a
// failure rather than a fact: "must", "cannot", "needs to", "wants to".
func wish(before []string) bool {
	n := len(before)
	if n == 0 {
		return false
	}
	if slices.Contains([]string{"must", "cannot", "can't", "couldn't", "not", "never"}, before[n-1]) {
		return true
	}
	return before[n-1] == "to" && n >= 2 && slices.Contains([]string{"need", "needs", "want", "wants", "try", "tries", "trying", "tried", "has", "have", "hoping"}, before[n-2])
}

// speechVerbs report what a person said: context for the request.
var speechVerbs = []string{"say", "tell", "report", "explain", "claim", "state", "mention", "want", "need", "ask", "request"}

// readNote reads a note. A note by the writer (no subject, "I", or a
// passive) is the work its verb and object name, in the base form: "sent"
// is "send", "was confirmed" is "confirm". A note about another person
// ("Caller confirmed …", "User signed in") is what the writer observed: a
// confirmation of the outcome, unless it reports identity evidence (a
// verification) or what the person said (the request). A negated note
// records work that did not happen: a verification that failed, or nothing.
func (v *Vocabulary) readNote(text string) noteReading {
	_, main := prose.Split(CleanText(text))
	r := noteReading{kind: KindOther, text: main}
	rd := prose.Read(main)
	r.clauses = rd.Clauses
	c := rd.First()
	r.clause = c
	ws := words(main)
	// A report that opens with a noun ("Call-back to the desk number — OK;
	// user confirmed") names its work by that noun, before what the
	// person then did.
	if len(rd.Clauses) > 1 && rd.Clauses[0].Stem == "" {
		if e := v.classify(withStems(words(rd.Clauses[0].Text))); e != nil && slices.Contains(controlKinds, e.Kind) {
			r.kind, r.method = e.Kind, e.Method
			if e.Kind == KindVerify {
				r.outcome = v.outcome(ws)
			}
			return r
		}
	}
	if c.Stem == "" {
		// A report with no verb names its work by its head noun, before
		// what the phrases after it mention ("Callback to the number of
		// record done after the reset").
		if e := v.classify(withStems(headPhrase(ws))); e != nil && slices.Contains(controlKinds, e.Kind) {
			r.kind, r.method = e.Kind, e.Method
			return r
		}
		if e := v.classify(ws); e != nil {
			r.kind, r.method = e.Kind, e.Method
		}
		return r
	}
	if c.ByPerson() {
		work := v.workKind(c)
		switch {
		case work == KindVerify:
			// "Caller gave their date of birth": identity evidence;
			// "Caller could not answer the security questions": failed.
			r.kind, r.method = KindVerify, v.verifyMethod(ws)
			if c.Negated {
				r.outcome = "failed"
			}
		case c.Negated, c.Stem == "be":
			r.kind = KindOther
		case work == KindApprove:
			r.kind = KindApprove // "Manager approved the request"
		case slices.Contains(contactVerbs, c.Stem) && c.Particle == "" && (!slices.Contains(requestVerbs, c.Stem) || requestObject(c.Object)): // not "logged on"
			r.kind = KindIntake
		case slices.Contains(speechVerbs, c.Stem) && !accessWorks(ws):
			r.kind = KindOther // what they say is context
		case slices.ContainsFunc(c.Subject, func(w string) bool { return slices.Contains(endUsers, w) }) && accessWorks(ws):
			// The user signed in, or says they are back in: the outcome
			// the writer observed. What else they did or said ("User
			// abroad, left the phone at home") is context.
			r.kind = KindConfirm
		case slices.ContainsFunc(c.Subject, func(w string) bool { return slices.Contains(endUsers, w) }) && c.Mood != prose.Modal && v.anyWork(rd.Clauses, KindAccess):
			// "User set a new password", "Member re-enrolled the
			// authenticator": the owner did the change's last part
			// themselves, which they can only do once signed in.
			r.kind = KindConfirm
		default:
			r.kind = KindOther
		}
		if r.kind == KindVerify && r.outcome == "" {
			r.outcome = v.outcome(ws)
		}
		return r
	}
	// The writer's own work, as an instruction would name it: the first
	// clause that names work the vocabulary knows.
	for _, cl := range rd.Clauses {
		if cl.Stem == "" || !cl.ByAgent() || cl.Mood == prose.Modal {
			continue
		}
		k := v.workKind(cl)
		if k == KindOther {
			continue
		}
		r.kind = k
		if cl.Negated {
			if k != KindVerify {
				r.kind = KindOther
				break
			}
			r.outcome = "failed"
		}
		break
	}
	// A thing that did something ("Verification timed out", "Code
	// matched") reports how the work went: read by its words, unless it
	// also says that access works ("Reset e-mail reached the inbox;
	// signed in with the new password"): the outcome, observed.
	if r.kind == KindOther && !c.ByAgent() && accessWorks(ws) {
		r.kind = KindConfirm
	}
	if r.kind == KindOther && !c.ByAgent() {
		if e := v.classify(withStems(ws)); e != nil {
			r.kind, r.method = e.Kind, e.Method
		}
	}
	// "User in", "Login OK": access works, whatever else the note says.
	if r.kind == KindOther && accessWorks(ws) {
		r.kind = KindConfirm
	}
	if r.kind == KindVerify {
		if callerSupplied(main) {
			r.method = "caller-supplied"
		}
		if r.method == "" {
			r.method = v.verifyMethod(ws)
		}
		if r.outcome == "" {
			r.outcome = v.outcome(ws)
		}
	}
	return r
}

// anyWork reports whether one of the clauses, not negated, names work of
// kind k: "User opened the vault and chose a new master password".
func (v *Vocabulary) anyWork(cs []prose.Clause, k Kind) bool {
	return slices.ContainsFunc(cs, func(c prose.Clause) bool { return c.Stem != "" && !c.Negated && v.workKind(c) == k })
}

// workKind is the kind of work a clause names, read as an instruction:
// "Temporary password sent by SMS" as "send temporary password by SMS".
func (v *Vocabulary) workKind(c prose.Clause) Kind {
	work := workWords(c)
	k := v.verbKind(work)
	if k == KindOther {
		if e := v.classify(withStems(work)); e != nil {
			k = e.Kind
		}
	}
	return k
}

// workWords are a clause's words as an instruction would have them: the
// verb's base form and particle first, then a passive's subject, then the
// object.
func workWords(c prose.Clause) []string {
	// "Callback done after the reset", "Check performed": a light verb's
	// passive names its work by its subject.
	if c.Passive && lightVerbs[c.Stem] && len(c.Subject) > 0 {
		return append([]string(nil), c.Subject...)
	}
	work := []string{c.Stem}
	if c.Particle != "" {
		work = append(work, c.Particle)
	}
	if c.Passive {
		work = append(work, c.Subject...)
	}
	return append(work, c.Object...)
}

// headPhrase is a phrase's words up to its first preposition.
func headPhrase(ws []string) []string {
	for i, w := range ws {
		if i > 0 && slices.Contains([]string{"to", "after", "before", "for", "from", "with", "by", "via", "on", "in", "at", "of", "during"}, w) {
			return ws[:i]
		}
	}
	return ws
}

// lightVerbs carry no work of their own: the noun they go with does.
var lightVerbs = map[string]bool{"do": true, "perform": true, "complete": true, "carry": true, "conduct": true, "make": true, "place": true, "run": true, "finish": true}

// verbKind is the kind the vocabulary's verb table gives an instruction
// (its verb first), or KindOther.
func (v *Vocabulary) verbKind(ws []string) Kind {
	k, _ := v.byVerb(ws)
	return k
}

// verifyMethod is the verification method the words name, or "".
func (v *Vocabulary) verifyMethod(ws []string) string {
	for i := range v.compiled {
		e := &v.compiled[i]
		if e.Kind == KindVerify && e.Method != "" && anyTerm(e.terms, ws) {
			return e.Method
		}
	}
	return ""
}

// heldPersonalData reports whether the scrubber replaced something in s.
func heldPersonalData(s string) bool {
	for _, p := range []string{EmailPlaceholder, PhonePlaceholder, CardPlaceholder, OtherPlaceholder, IdentifierPlaceholder} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

// noteInstruction writes what a note records as an instruction: "Temporary
// password sent by SMS" → "Send the temporary password by SMS"; "Caller
// confirmed they can sign in" → "Confirm with the caller that they can sign
// in". What the note says besides the work (an outcome, what the console
// did) follows in brackets. It returns "" for a note that is no
// instruction (something that did not happen, a note it cannot read).
func noteInstruction(r noteReading) string {
	c := r.clause
	main := strings.TrimRight(r.text, ". ")
	switch {
	case c.Stem == "":
		// A report with no verb ("Callback to the number in HR -
		// confirmed by the user") names its work by a noun: the
		// instruction is the work of its kind, the note its record.
		if lead := kindLead(r.kind); lead != "" && r.kind != KindIntake {
			return lead + " (recorded: " + lowerFirst(main) + ")"
		}
		return ""
	case c.Mood == prose.Imperative && !c.Negated:
		return upperFirst(main)
	case c.ByPerson():
		who := nounPhrase(c.SubjectText)
		said := lowerFirst(main)
		if strings.HasPrefix(main, c.SubjectText) {
			said = who + main[len(c.SubjectText):]
		}
		first, more, _ := strings.Cut(said, ";")
		after := strings.TrimSpace(strings.TrimPrefix(first, who))
		var out string
		switch r.kind {
		case KindConfirm:
			if len(c.Subject) > 3 {
				// "User in, new pwd set": no clause to repeat.
				return kindLead(KindConfirm) + " (recorded: " + lowerFirst(main) + ")"
			}
			// All the person said, not only the first clause: "they could
			// sign in and were asked to change it".
			_, rest, _ := strings.Cut(after, " ")
			if slices.Contains([]string{"confirm", "say", "reply", "report", "tell", "answer", "state"}, c.Stem) && rest != "" {
				if !strings.HasPrefix(rest, "that ") && !strings.Contains(rest, " that ") {
					rest = "that " + rest
				}
				out = "Confirm with " + who + " " + rest
			} else {
				out = "Confirm that " + who + " " + after
			}
			if more = strings.TrimSpace(more); more != "" {
				out += " (" + more + ")"
			}
			return out
		case KindVerify:
			return "Verify " + possessive(who) + " identity (recorded: " + said + ")"
		case KindIntake:
			return "Take the request (recorded: " + said + ")"
		case KindApprove:
			return "Obtain approval (recorded: " + said + ")"
		}
		return "Hear " + who + " out (recorded: " + said + ")"
	case c.Negated:
		if r.kind == KindVerify {
			return "Verify " + orDefault(c.Rest, "the caller") + " (recorded: " + lowerFirst(main) + ")"
		}
		return ""
	case c.ByAgent() && c.Mood == prose.Indicative:
		// The clauses that report the writer's work become instructions;
		// from the first that does not, the note follows as written.
		var work []string
		remark := ""
		for _, cl := range r.clauses {
			// A bare verb ("Done.") names no work to repeat.
			bare := cl.Rest == "" && cl.Particle == "" && !cl.Passive
			if cl.Stem != "" && cl.ByAgent() && cl.Reported() && !cl.Negated && !bare {
				work = append(work, imperative(cl))
				continue
			}
			if i := strings.Index(main, strings.TrimRight(cl.Text, ". ")); i >= 0 {
				remark = strings.Trim(main[i:], ";, ")
			}
			break
		}
		if len(work) == 0 {
			return ""
		}
		out := upperFirst(strings.Join(work, " and "))
		if remark != "" {
			out += " (" + remark + ")"
		}
		return out
	}
	return ""
}

// imperative writes a reported clause as an instruction: "sent the code to
// the phone" → "send the code to the phone", "password was reset" → "reset
// the password".
func imperative(c prose.Clause) string {
	verb := c.Stem
	if c.Particle != "" && !c.ParticleLate {
		verb += " " + c.Particle
	}
	if c.Passive && c.Rest != "" && strings.Contains(strings.ToLower(c.Text), c.Verb+":") {
		// "Identity checked: caller quoted …": the details follow.
		return verb + " " + nounPhrase(c.SubjectText) + " (recorded: " + c.Rest + ")"
	}
	if c.Passive {
		return strings.TrimSpace(verb + " " + nounPhrase(c.SubjectText) + " " + c.Rest)
	}
	return strings.TrimSpace(verb + " " + c.Rest)
}

// nounPhrase writes a subject as an object: "Temporary password" → "the
// temporary password", "Caller" → "the caller", "The user" → "the user".
func nounPhrase(s string) string {
	s = strings.TrimSpace(s)
	first, _, _ := strings.Cut(strings.ToLower(s), " ")
	for _, d := range []string{"the", "a", "an", "their", "its", "his", "her", "this", "that", "they", "he", "she"} {
		if first == d {
			return lowerFirst(s)
		}
	}
	return "the " + lowerFirst(s)
}

func possessive(np string) string {
	switch np {
	case "they":
		return "their"
	case "he":
		return "his"
	case "she":
		return "her"
	}
	return np + "'s"
}

// lowerFirst lowers the first letter unless the first word is an acronym
// ("SMS").
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	first, _, _ := strings.Cut(s, " ")
	if len(first) > 1 && strings.ToUpper(first) == first {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// noteText is the step a note becomes, or "" when it becomes none. A note
// that held personal data becomes a step only when it records control work
// and the instruction stands without the phrase that held the data: "Read
// the password aloud to [email]" → "Read the password aloud".
func noteText(a *act) string {
	if a.note == nil {
		return ""
	}
	s := noteInstruction(*a.note)
	if !heldPersonalData(a.text) {
		return s
	}
	if a.class == KindOther || a.class == KindIntake {
		return ""
	}
	cut := len(s)
	for _, p := range []string{EmailPlaceholder, PhonePlaceholder, CardPlaceholder, OtherPlaceholder, IdentifierPlaceholder} {
		if i := strings.Index(s, p); i >= 0 && i < cut {
			cut = i
		}
	}
	// Drop the phrase that held the data, from its preposition on.
	ws := strings.Fields(s[:cut])
	for len(ws) > 0 && !slices.Contains([]string{"to", "at", "on", "for", "from", "with", "via", "by", "in", "into"}, strings.ToLower(ws[len(ws)-1])) {
		ws = ws[:len(ws)-1]
	}
	if len(ws) > 0 {
		ws = ws[:len(ws)-1]
	}
	if len(ws) < 2 {
		return ""
	}
	return strings.TrimRight(strings.Join(ws, " "), ",;:(")
}

// attachNotes keeps notes that are no instruction out of the numbered
// steps: a note that held personal data (the scrubber replaced something in
// it), or one that records no work to repeat, joins the evidence of the step
// before it, or of the step after it when it comes first.
func attachNotes(acts []*act) []*act {
	var out []*act
	var pending []int
	for _, a := range acts {
		if a.action == "note" && a.note != nil && noteText(a) == "" && (a.mark == "" || heldPersonalData(a.text)) && (len(out) == 0 || !slices.Contains(controlKinds, a.class) || out[len(out)-1].class == a.class) {
			if len(out) > 0 {
				prev := out[len(out)-1]
				prev.src = append(prev.src, a.src...)
				// "Verification timed out" after a verification step
				// is that step's outcome.
				if a.class == KindVerify && prev.class == KindVerify && prev.outcome == "" {
					prev.outcome = a.outcome
				}
			} else {
				pending = append(pending, a.src...)
			}
			continue
		}
		if len(pending) > 0 {
			a.src = append(a.src, pending...)
			pending = nil
		}
		out = append(out, a)
	}
	if len(out) == 0 {
		return acts
	}
	return out
}
