package sopgen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen/prose"
)

// Builder assembles the procedure of a Document read from text (a YAML
// template or a Markdown SOP): it numbers phases and steps, classifies
// each step from its words, and gives each a stable id.
type Builder struct {
	d   *Document
	voc *Vocabulary
	// flat is set while the only phase is the one Step started for steps
	// under no heading: its steps are numbered 1, 2, 3, not 1.1, 1.2.
	flat bool
	// steps counts the steps of the current phase, not the actions split
	// off them (2.3b): the next step is 2.4.
	steps int
}

// NewBuilder returns a Builder adding phases to d; nil voc means the
// built-in vocabulary.
func NewBuilder(d *Document, voc *Vocabulary) *Builder {
	if voc == nil {
		voc = DefaultVocabulary()
	}
	return &Builder{d: d, voc: voc}
}

// Phase starts a new phase. An untitled phase is called "Procedure".
func (b *Builder) Phase(title string, line int) {
	if title == "" {
		title = "Procedure"
	}
	if b.flat {
		// Steps came before the first phase heading: they are phase 1
		// after all, and numbered as such.
		b.flat = false
		for _, s := range b.d.Phases[0].Steps {
			s.Number = "1." + s.Number // "3b" → "1.3b"
		}
	}
	b.d.Phases = append(b.d.Phases, Phase{Title: title, Names: b.voc.ClassifyText(prose.Task(title)).Kind, Line: line})
	b.steps = 0
}

// Step adds a step to the current phase (starting one when there is none)
// and returns it classified; callers may override what it read.
func (b *Builder) Step(text []Span, role string, line int) *ProcStep {
	if len(b.d.Phases) == 0 {
		b.Phase("", line)
		b.flat = true
	}
	ph := &b.d.Phases[len(b.d.Phases)-1]
	b.steps++
	n := b.steps
	s := &ProcStep{
		Text:   text,
		Role:   strings.TrimSpace(role),
		Number: fmt.Sprintf("%d.%d", len(b.d.Phases), n),
		Loc:    Location{File: b.d.Source, Line: line},
	}
	if b.flat {
		s.Number = fmt.Sprintf("%d", n)
	}
	parts := b.voc.actions(s.Plain())
	c := b.voc.ClassifyText(s.Plain())
	s.Kind, s.Method, s.Channel, s.Outcome = c.Kind, c.Method, c.Channel, c.Outcome
	if len(parts) == 1 {
		c := parts[0].c
		s.Kind, s.Method, s.Channel, s.Outcome = c.Kind, c.Method, c.Channel, c.Outcome
		if s.Method == "" && s.Kind == KindVerify {
			s.Method = b.voc.ClassifyText(s.Plain()).Method
		}
	}
	if len(parts) == 0 && s.Kind == KindOther {
		// "Locate the MFA field … Press **Send account reset email**":
		// a control named in bold is read by what it does, as one in
		// quotes is, from the last instruction that presses one.
		if c := b.voc.ClassifyText(boldQuoted(s.Text)); c.Kind != KindOther {
			s.Kind, s.Method, s.Channel, s.Outcome = c.Kind, c.Method, c.Channel, c.Outcome
		}
	}
	if len(parts) > 1 {
		// "Look them up in AD and reset the password and read the new
		// password to them over the phone": one step, several actions of
		// different control kinds. Each becomes a step of its own (2.3,
		// 2.3b, 2.3c) on the same line, so that every rule sees each.
		first := parts[0]
		s.Kind, s.Method, s.Channel, s.Outcome = first.c.Kind, first.c.Method, first.c.Channel, first.c.Outcome
		ph.Steps = append(ph.Steps, s)
		for i, a := range parts[1:] {
			sub := &ProcStep{
				Text:   []Span{{Text: upperFirst(a.text)}},
				Role:   s.Role,
				Number: s.Number + string(rune('b'+i)),
				Loc:    s.Loc,
				Kind:   a.c.Kind, Method: a.c.Method, Channel: a.c.Channel, Outcome: a.c.Outcome,
			}
			ph.Steps = append(ph.Steps, sub)
		}
		return s
	}
	ph.Steps = append(ph.Steps, s)
	return s
}

// Continue adds what a paragraph after a step says it does ("The script
// will generate a new password for the user, change it, and then email
// them the password") as more actions of that step: steps at its line,
// numbered after it. It adds nothing when the text names no control work.
func (b *Builder) Continue(prev *ProcStep, text []Span) {
	ph := &b.d.Phases[len(b.d.Phases)-1]
	i := slices.Index(ph.Steps, prev)
	if i < 0 {
		return
	}
	// Only what its verbs do counts: "Admins will also see a Reset MFA
	// link" names a control, it does nothing.
	var parts []action
	for _, sent := range prose.Sentences(strings.TrimSpace(plainSpans(text))) {
		for _, cl := range prose.Read(sent).Clauses {
			if !isAction(cl) || cl.Negated {
				continue // "The requester should reset their 2SV": theirs to do
			}
			k := b.voc.verbKind(workWords(cl))
			if !slices.Contains(controlKinds, k) {
				continue
			}
			c := b.voc.ClassifyText(cl.Text)
			c.Kind = k
			if n := len(parts); n > 0 && parts[n-1].c.Kind == k {
				parts[n-1].text += "; " + cl.Text
				continue
			}
			parts = append(parts, action{text: cl.Text, c: c})
		}
	}
	if len(parts) == 0 {
		return
	}
	n := 0
	for j := i + 1; j < len(ph.Steps) && strings.HasPrefix(ph.Steps[j].Number, prev.Number) && len(ph.Steps[j].Number) > len(prev.Number); j++ {
		n++
	}
	var subs []*ProcStep
	for k, a := range parts {
		if !slices.Contains(controlKinds, a.c.Kind) {
			continue
		}
		subs = append(subs, &ProcStep{
			Text:   []Span{{Text: upperFirst(a.text)}},
			Role:   prev.Role,
			Number: prev.Number + string(rune('b'+n+k)),
			Loc:    prev.Loc,
			Kind:   a.c.Kind, Method: a.c.Method, Channel: a.c.Channel, Outcome: a.c.Outcome,
		})
	}
	at := i + 1 + n
	ph.Steps = append(ph.Steps[:at], append(subs, ph.Steps[at:]...)...)
}

// Reread classifies a step again after data was added to it (the list of
// facts a caller must give, under "verify the caller"): its method, and its
// kind when it had none.
func (b *Builder) Reread(st *ProcStep) {
	c := b.voc.ClassifyText(st.Plain())
	if st.Kind == KindOther || st.Kind == "" {
		st.Kind = c.Kind
	}
	if st.Kind == c.Kind {
		if c.Method != "" {
			st.Method = c.Method
		}
		if st.Channel == "" {
			st.Channel = c.Channel
		}
	}
}

// Adopt gives st the control kind of text, something the step does when
// the reader picks it (an option the step offers), when st has none of its
// own.
func (b *Builder) Adopt(st *ProcStep, text string) {
	if st.Kind != KindOther && st.Kind != "" {
		return
	}
	if c := b.voc.ClassifyText(text); c.Kind != KindOther && c.Kind != "" {
		st.Kind, st.Method, st.Channel = c.Kind, c.Method, c.Channel
	}
}

// action is one action of a written step and how it reads.
type action struct {
	text string
	c    Classification
	// parts are the pieces text is joined from once the step is read, so
	// that a long step is not copied again at each clause.
	parts []string
	// sub says a subordinate clause ("until …") is open in text: an
	// "and …" after it continues it.
	sub bool
}

// add appends a clause to a's text after sep; a description (sep " ")
// keeps the punctuation before it.
func (a *action) add(sep, clause string) {
	if sep != " " {
		n := len(a.parts) - 1
		a.parts[n] = strings.TrimRight(a.parts[n], ". ")
	}
	a.parts = append(a.parts, sep+clause)
	a.sub = a.sub || hasSubordinator(strings.Fields(strings.ToLower(clause)))
}

// actions splits a written step into its actions when they are of
// different control kinds: sentences, then clauses joined by "and", "then"
// or ";". Actions of no control kind stay with the one before them. It
// returns nil when the step is one action, or its actions are of one kind.
func (v *Vocabulary) actions(text string) []action {
	if lead, _, ok := strings.Cut(text, ": "); ok && prose.IsInstruction(lead) {
		// "Reset the password: choose …; then select Reset": one action,
		// led by what it does, with its settings.
		return nil
	}
	var out []action
	kinds := map[Kind]bool{}
	prev := "" // the object of the clause before, which "it" may stand for
	for _, sent := range prose.Sentences(text) {
		for _, cl := range prose.Read(sent).Clauses {
			read := cl.Text
			if len(cl.Object) > 0 && cl.Object[0] == "it" && prev != "" {
				// "Copy the password and give it to the user" gives the
				// password.
				read = cl.Stem + " " + prev + " " + strings.Join(cl.Object[1:], " ")
			}
			if obj := headPhrase(cl.Object); len(obj) > 0 && obj[0] != "it" {
				prev = strings.Join(obj, " ")
			}
			if !isAction(cl) || cl.Negated {
				// "do not email the user" forbids, it does nothing.
				// A description ("the form displays the Reset password
				// button", "methods are available") goes with the action
				// before it.
				if n := len(out); n > 0 {
					out[n-1].add(" ", cl.Text)
				}
				continue
			}
			c := v.ClassifyText(read)
			if n := len(out); n > 0 && out[n-1].sub {
				// "Stay on the line until the user has signed in and set a
				// new password": the and-clause goes on with "until".
				out[n-1].add(" and ", cl.Text)
				continue
			}
			if n := len(out); n > 0 && (!slices.Contains(controlKinds, c.Kind) || out[n-1].c.Kind == c.Kind) {
				out[n-1].add("; ", cl.Text)
				continue
			}
			if n := len(out); n > 0 && !slices.Contains(controlKinds, out[n-1].c.Kind) {
				// What came first had no control kind: it leads this one.
				out[n-1].add("; ", cl.Text)
				out[n-1].c = c
				kinds[c.Kind] = true
				continue
			}
			if slices.Contains(controlKinds, c.Kind) {
				kinds[c.Kind] = true
			}
			t := strings.TrimSpace(cl.Text)
			out = append(out, action{parts: []string{t}, c: c, sub: endsInSubordinate(t) || asksSomeone(cl)})
		}
	}
	for i := range out {
		out[i].text = strings.Join(out[i].parts, "")
		out[i].parts = nil
	}
	if len(out) == 1 && slices.Contains(controlKinds, out[0].c.Kind) {
		// One action: read by its own clauses, not by every word of the
		// step ("…, reset password, do not email the user" changes access;
		// it e-mails nothing).
		return out
	}
	if len(out) < 2 || len(kinds) < 2 {
		return nil
	}
	return out
}

// isAction reports whether a clause tells or reports an action: an
// instruction, the writer's or "you"'s work, or a passive report ("will be
// emailed the new password"); not what a thing or another person does.
func isAction(cl prose.Clause) bool {
	if cl.Stem == "" || cl.Stem == "be" || cl.Stem == "have" {
		return false
	}
	if cl.Mood == prose.Imperative || cl.Passive || cl.ByAgent() {
		return true
	}
	return slices.ContainsFunc(cl.Subject, func(w string) bool { return w == "you" || w == "we" || w == "i" })
}

// asksSomeone reports a clause that asks another person to do something
// ("Ask the user to sign in", "Tell the caller to restart the laptop"):
// the and-clauses after it ("and change their password") are more of
// what that person is to do, not the reader's own actions.
func asksSomeone(cl prose.Clause) bool {
	if !slices.Contains(askingVerbs, cl.Stem) && cl.Stem != "request" {
		return false
	}
	return slices.Contains(cl.Object, "to") && !slices.Contains(cl.Object, "approve") && len(cl.Object) > 0 && cl.Object[0] != "to"
}

// endsInSubordinate reports whether a clause ends in a subordinate clause
// ("… until the user has signed in"), which a following "and …" continues.
func endsInSubordinate(t string) bool {
	ws := strings.Fields(strings.ToLower(t))
	return hasSubordinator(ws[min(1, len(ws)):])
}

// hasSubordinator reports whether one of ws opens a subordinate clause.
func hasSubordinator(ws []string) bool {
	for _, w := range ws {
		switch w {
		case "until", "when", "once", "after", "before", "while", "because", "if", "unless", "whether":
			return true
		}
	}
	return false
}

// Finish gives every step its stable id, and steps with no role the first
// role under Roles that is not the account owner's.
func (b *Builder) Finish() {
	writtenUnits(b.d.Phases)
	steps := b.d.Steps()
	// A procedure whose only change is a reset link or e-mail sent to the
	// user ("Press Send account reset email") changes access by sending it.
	if !slices.ContainsFunc(steps, func(s *ProcStep) bool { return s.Kind == KindAccess }) {
		for _, s := range steps {
			if s.Kind == KindDeliver && s.Channel == "reset-link" {
				s.Kind = KindAccess
				break
			}
		}
	}
	def := ""
	for _, r := range b.d.Roles {
		if n := strings.ToLower(r.Name); n != "user" && n != "account owner" && n != "requester" && n != "caller" {
			def = r.Name
			break
		}
	}
	seen := map[uint32]int{}
	for _, s := range b.d.Steps() {
		if s.Role == "" {
			s.Role = b.subjectRole(s)
		}
		if s.Role == "" {
			s.Role, s.RoleAssumed = def, def != ""
		}
		s.ID = stableID(s, seen)
	}
}

// subjectRole is the role under Roles that a written step names as its
// subject ("The engineer adds the requester to the group" is done by "IT
// Operations engineer"), by the last word of the role's name; "" when the
// subject names none, or more than one role ends in that word.
func (b *Builder) subjectRole(s *ProcStep) string {
	if len(s.Evidence) > 0 || len(b.d.Roles) == 0 {
		return "" // a recording's steps are the recorder's
	}
	_, main := prose.Split(s.Plain())
	subj := prose.Read(main).First().Subject
	if len(subj) == 0 {
		return ""
	}
	head := subj[len(subj)-1]
	found := ""
	for _, r := range b.d.Roles {
		ws := strings.Fields(strings.ToLower(r.Name))
		if len(ws) == 0 || ws[len(ws)-1] != head {
			continue
		}
		if found != "" {
			return ""
		}
		found = r.Name
	}
	return found
}

// boldQuoted is the text of the last sentence of sp that presses a
// control named in bold ("Press", "Click", "Select" …), the name in quotes: "Press “Send account reset email”, and
// confirm the action in the dialog."; "" when no sentence does.
func boldQuoted(sp []Span) string {
	var b strings.Builder
	for _, s := range sp {
		if s.Strong && strings.TrimSpace(s.Text) != "" {
			b.WriteString("“" + strings.TrimSpace(s.Text) + "”")
			continue
		}
		b.WriteString(s.Text)
	}
	sents := prose.Sentences(b.String())
	for i := len(sents) - 1; i >= 0; i-- {
		_, main := prose.Split(sents[i])
		if w, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(main)), " "); strings.Contains(sents[i], "“") && slices.Contains(uiClick, w) {
			return sents[i]
		}
	}
	return ""
}

// ParseSpans reads the **bold** runs of a written step as the names of
// things on screen.
func ParseSpans(text string) []Span {
	var out []Span
	parts := strings.Split(text, "**")
	if len(parts)%2 == 0 { // unbalanced: keep the text as written
		return []Span{{Text: text}}
	}
	for i, p := range parts {
		if p != "" {
			out = append(out, Span{Text: p, Strong: i%2 == 1})
		}
	}
	return out
}
