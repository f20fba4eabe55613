package sopgen

import (
	"slices"
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen/interact"
	"github.com/stepwise-sop/stepwise/sopgen/prose"
)

// A written procedure is read with the same interaction model as a
// recording: "Select Reset a Password" opens a form, "select the person"
// and "Enter a description" fill it in, "Click Submit" commits it. The
// control kinds its words name ("reset") belong to the commit of the unit,
// not to the step that only opens it; a step that is no UI action
// ("Verify the caller's identity", "Call the user back") is work done as
// written and keeps its own kind.

// uiVerbs are the verbs of a written UI action, by what they do.
var (
	uiOpen   = []string{"navigate", "go", "open", "browse", "visit", "access", "launch", "expand"}
	uiClick  = []string{"click", "select", "press", "tap", "hit", "choose", "pick"}
	uiFill   = []string{"enter", "type", "fill", "input", "paste", "provide", "specify", "indicate", "complete"}
	uiTick   = []string{"tick", "check", "untick", "uncheck", "toggle", "enable", "disable"}
	pickWord = []string{"user", "person", "account", "member", "record", "row", "name", "entry", "result", "checkbox", "check", "box", "option", "radio", "field", "dropdown", "drop-down", "list", "one", "which"}
)

// writtenAction reads a written step as a UI action, or as work done as
// written (action "note").
func writtenAction(s *ProcStep) interact.Step {
	text := s.Plain()
	// Each phase is a page of its own: what the next task's first step
	// does says nothing of this task's last ("Click Create", then under
	// the next heading "click on the user name" is no menu it opened).
	st := interact.Step{Action: "note", Page: "written " + phaseOfStep(s)}
	// The first sentence that tells the reader to do something: "A set of
	// options will appear above the table. Select Reset master password."
	var (
		c     prose.Clause
		instr string // the sentence c was read from
	)
	for _, sent := range prose.Sentences(text) {
		_, main := prose.Split(sent)
		main = prose.Means(main)
		r := prose.Read(main).First()
		if prompted(r) {
			// "You will be asked to enter a new password": the console
			// prompts, the reader fills in.
			st.Action, st.Role, st.Name = "input", "textbox", strings.Join(r.Object, " ")
			return st
		}
		if r.Stem != "" && r.Mood == prose.Imperative && len(r.Subject) == 0 {
			// The last instruction is what the step leaves done: "Select
			// a user account. Select Reset 2-step verification." commits.
			c, instr = r, sent
			continue
		}
		if r.ByAgent() && r.Stem != "" && r.Stem != "be" {
			return st // the writer's report: work as written
		}
		// What the screen or someone else does ("A set of options will
		// appear") describes; the instruction may follow.
	}
	if c.Stem == "" {
		return st
	}
	c.Stem = strings.TrimPrefix(c.Stem, "re-") // "Re-enter the password"
	// The control is the one named in bold in that instruction: "To
	// require a change, choose **Require password reset**. Then choose
	// **Apply**." presses Apply.
	name := ""
	for _, sp := range s.Text {
		if t := strings.TrimSpace(sp.Text); sp.Strong && t != "" && strings.Contains(instr, t) {
			name = t
			break
		}
	}
	obj := strings.Join(c.Object, " ")
	if name == "" {
		name = obj
	}
	switch {
	case slices.Contains(uiOpen, c.Stem) && c.Stem != "access":
		st.Action = "navigate"
	case slices.Contains(uiFill, c.Stem):
		st.Action, st.Role, st.Name = "input", "textbox", name
	case slices.Contains(uiTick, c.Stem) && c.Stem != "check" || c.Stem == "check" && hasAnyWord(obj, "box", "checkbox", "option"):
		st.Action, st.Role, st.Name = "check", "checkbox", name
	case slices.Contains(uiClick, c.Stem):
		st.Action, st.Role, st.Name = "click", "button", name
		// "select the person whose password needs resetting", "click on
		// the user you want to reset", "choose one": a pick, not a button.
		// "select a method", "choose an option": an indefinite object is
		// one of several on offer, picked, not a control pressed.
		indefinite := len(c.Object) > 0 && (c.Object[0] == "a" || c.Object[0] == "an")
		if first := firstNoun(c.Object); (indefinite || slices.Contains(pickWord, first)) && !strings.Contains(strings.ToLower(name), "button") {
			st.Role = "option"
		}
		if hasAnyWord(obj, "menu", "dropdown", "drop-down", "tab", "link", "page") {
			st.Role = "menuitem"
		}
		if i := slices.Index(c.Object, "from"); i >= 0 && slices.ContainsFunc(c.Object[i:], func(w string) bool { return w == "list" || w == "dropdown" || w == "drop-down" }) {
			// "Select Update Password from the list": one of a list's
			// entries, picked.
			st.Role = "option"
		}
	}
	return st
}

// prompted reports a clause in which the console asks the reader for
// something: "You will be asked to enter …", "you are prompted to …".
func prompted(c prose.Clause) bool {
	return isYou(c.Subject) && c.Passive && (c.Stem == "ask" || c.Stem == "prompt" || c.Stem == "require")
}

func isYou(subject []string) bool {
	return len(subject) == 1 && (subject[0] == "you" || subject[0] == "they")
}

// firstNoun is the first word of an object after its determiners and a
// preposition ("on the user you want" → "user").
func firstNoun(obj []string) string {
	for _, w := range obj {
		switch w {
		case "on", "the", "a", "an", "their", "its", "his", "her", "this", "that", "your", "from", "in":
			continue
		}
		return w
	}
	return ""
}

func hasAnyWord(s string, ws ...string) bool {
	for _, w := range strings.Fields(strings.ToLower(s)) {
		if slices.Contains(ws, strings.Trim(w, ".,;:()\"'")) {
			return true
		}
	}
	return false
}

// writtenUnits gives the control kinds of a written procedure's UI steps to
// the step that commits their unit, as units does for a recording. A unit
// never committed in view (the text moves on to other work) leaves the
// kind where the words put it.
func writtenUnits(phases []Phase) {
	var steps []*ProcStep
	for _, ph := range phases {
		steps = append(steps, ph.Steps...)
	}
	is := make([]interact.Step, len(steps))
	for i, s := range steps {
		is[i] = writtenAction(s)
	}
	eff := interact.Read(is)
	// A written click on a control that changes access, then settings (a
	// pick, a field), then another click: the first opened the form the
	// last commits ("Click Credential Reset", "Select Update Password from
	// the list", "Click Send Email").
	// Prose with no control work of its own between them fills the form
	// in as well ("Enter the e-mail address … Check whether the new user
	// should get administration rights").
	fills := func(k int) bool {
		return eff[k] == interact.Sets || is[k].Action == "note" && !steps[k].Kind.Control()
	}
	for i := range steps {
		if is[i].Action != "click" || eff[i] != interact.Commits || steps[i].Kind != KindAccess || i+1 >= len(steps) || !fills(i+1) || phaseOfStep(steps[i+1]) != phaseOfStep(steps[i]) {
			continue
		}
		for k := i + 2; k < len(steps) && k <= i+4 && phaseOfStep(steps[k]) == phaseOfStep(steps[i]); k++ {
			if is[k].Action == "click" && eff[k] == interact.Commits {
				eff[i] = interact.Opens
				break
			}
			if !fills(k) {
				break
			}
		}
	}
	var (
		kind   Kind
		from   *ProcStep
		method string
	)
	orig := make([]Kind, len(steps))
	for i, s := range steps {
		orig[i] = s.Kind
	}
	// phaseEnd[i] is the index after the last step of steps[i]'s phase: a
	// later phase is another task, whose steps do their own work.
	phaseEnd := make([]int, len(steps))
	for i := len(steps) - 1; i >= 0; i-- {
		phaseEnd[i] = i + 1
		if i+1 < len(steps) && phaseOfStep(steps[i+1]) == phaseOfStep(steps[i]) {
			phaseEnd[i] = phaseEnd[i+1]
		}
	}
	at, fromAt := 0, 0
	abandon := func() {
		// A unit left without its commit in view keeps its kind on the
		// step whose words named it, unless a later step does that work
		// ("click Reset Password" shows the questions; "reset the
		// password" comes after the caller answers them).
		if from != nil {
			end := phaseEnd[fromAt]
			if !slices.Contains(orig[min(max(at, fromAt+1), end):end], kind) {
				from.Kind, from.Method = kind, method
			}
		}
		kind, from, method = "", nil, ""
	}
	for i, s := range steps {
		at = i
		if i > 0 && phaseOfStep(s) != phaseOfStep(steps[i-1]) {
			abandon() // a unit does not run on into the next phase's task
		}
		ui := is[i].Action != "note"
		// A commit right after a field was filled in commits what was
		// typed ("Type a new password", then "Click Set Password").
		filled := i > 0 && (is[i-1].Action == "input" || is[i-1].Action == "check")
		switch {
		case !ui:
			// Prose between an opener and its commit that does no control
			// work of its own ("Enter the e-mail address … Check whether
			// the new user should get administration rights") fills the
			// form in: the unit goes on. Prose that does ends it.
			if orig[i].Control() {
				abandon()
			}
		case is[i].Action == "navigate":
			abandon()
			if slices.Contains(controlKinds, s.Kind) {
				kind, from, method, fromAt = s.Kind, s, s.Method, i
				s.Kind, s.Method = KindOther, ""
			}
		case eff[i] == interact.Opens || eff[i] == interact.Sets:
			if kind == KindAccess && s.Kind == KindDeliver {
				// How the secret travels is a setting of the change
				// ("indicate which password: Email or Voicemail").
				s.Kind = KindOther
				continue
			}
			if slices.Contains(controlKinds, s.Kind) {
				if from != nil && from.Kind == KindOther && kind != s.Kind {
					from.Kind, from.Method = kind, method // an earlier opener of another kind keeps it
				}
				kind, from, method, fromAt = s.Kind, s, s.Method, i
				s.Kind, s.Method = KindOther, ""
			}
		case eff[i] == interact.Commits && i+1 < len(steps) && is[i+1].Action == "note" && orig[i+1] == KindVerify && s.Kind != KindVerify && slices.Contains(orig[i+2:], s.Kind):
			// "Click Reset Password", then "the caller must verify the
			// information displayed", then "reset the password": the click
			// showed what to verify; the change is made after it.
			s.Kind, s.Method = KindOther, ""
			kind, from, method = "", nil, ""
		case eff[i] == interact.Commits && is[i].Action == "click" && s.Kind == KindAccess && !filled && laterDoes(steps, orig, i, s.Kind):
			// "Select Helpdesk Assisted Password Reset", then search, pick,
			// answer questions, "enter the new password and click Submit":
			// the named control opened the work a later step does.
			s.Kind, s.Method = KindOther, ""
			kind, from, method = "", nil, ""
		case eff[i] == interact.Commits:
			// What the unit named ("Select Disable MFA") is what this
			// commit ("Click OK") commits; "Click Send Email" commits the
			// reset its form was opened for, and sends what it says.
			sends := kind == KindAccess && s.Kind == KindDeliver && is[i].Action == "click"
			if kind != "" && (!s.Kind.Control() || sends) {
				s.Kind, s.Method = kind, method
				s.Params = append(s.Params, from.Plain())
			}
			kind, from, method = "", nil, ""
		}
	}
	abandon()
	taskCommits(phases, steps, is, eff)
	// A unit that commits an access change in view makes an earlier step
	// of the same phase that only names one ("Create a new strong password
	// for the user. Keep this for later") its preparation.
	for i, s := range steps {
		if s.Kind != KindAccess || orig[i] == KindAccess || is[i].Action == "note" {
			continue
		}
		for j := i - 1; j >= 0 && phaseOfStep(steps[j]) == phaseOfStep(s); j-- {
			if steps[j].Kind == KindAccess && is[j].Action == "note" {
				steps[j].Kind, steps[j].Method = KindOther, ""
			}
		}
	}
}

// taskCommits gives a task's access change to the commit that completes
// it when none of its steps names the change: under "Add a user to a
// group", "Click the group's name", "Click Add", "Select the user", "Click
// Assign" assigns. The task is a phase whose title names an access change;
// its last UI action, when that is a click that commits, is the change,
// and the title is what it commits.
func taskCommits(phases []Phase, steps []*ProcStep, is []interact.Step, eff []interact.Effect) {
	at := 0
	for _, ph := range phases {
		n := len(ph.Steps)
		if ph.Names == KindAccess && !slices.ContainsFunc(ph.Steps, func(s *ProcStep) bool { return s.Kind == KindAccess }) {
			// The task's last UI action, if it is a commit: when the last
			// is a field filled in, its commit is not written as a step.
			for i := at + n - 1; i >= at; i-- {
				if is[i].Action == "note" {
					continue
				}
				if is[i].Action == "click" && eff[i] == interact.Commits && !steps[i].Kind.Control() {
					steps[i].Kind = KindAccess
					steps[i].Params = append(steps[i].Params, ph.Title)
				}
				break
			}
		}
		at += n
	}
}

// phaseOfStep is the phase part of a step's number; steps numbered 1, 2, 3
// under no phase heading are all of one.
func phaseOfStep(s *ProcStep) string {
	n, _, ok := strings.Cut(s.Number, ".")
	if !ok {
		return ""
	}
	return n
}

// laterDoes reports whether a step after i in the same phase, before any
// step of another control kind does work of its own, has kind k.
func laterDoes(steps []*ProcStep, orig []Kind, i int, k Kind) bool {
	for j := i + 1; j < len(steps) && j <= i+8; j++ {
		if phaseOfStep(steps[j]) != phaseOfStep(steps[i]) {
			return false
		}
		if orig[j] == k {
			return true
		}
	}
	return false
}
