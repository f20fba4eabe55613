package rules

import (
	"slices"
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
	lang "github.com/stepwise-sop/stepwise/sopgen/prose"
)

// actionVerbs are verbs that open an instruction; "and reset", "; close"
// after one instruction start a second.
var actionVerbs = `add|ask|assign|call|check|choose|clear|click|close|confirm|copy|create|disable|email|enable|enter|escalate|fill|generate|give|grant|log|notify|open|paste|read|record|remove|reset|revoke|select|send|set|sign|submit|tell|tick|type|unlock|update|upload|verify|write`

var subordinate = guard(`\b(until|while|so that|whether|once|unless|because|which|who)\b`, "until", "while", "so that", "whether", "once", "unless", "because", "which", "who")

var (
	actionVerbSet = setOf(strings.Split(actionVerbs, "|")...)
	objectStarts  = setOf("the", "a", "an", "their", "its", "his", "her", "it", "them", "that", "this", "x")
)

func setOf(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// secondAction finds where a step's clause starts a second action: "and
// then", "after that", ", then", "; close …", "and reset the …". It
// returns the words that show it, or "".
// secondInstruction finds a second action among the sentences that tell
// the reader what to do; a sentence that describes what follows ("This
// will send an email and upload the list") is no instruction.
func secondInstruction(text string) string {
	sents := lang.Sentences(text)
	if len(sents) <= 1 {
		c := lang.Read(text).First()
		if m := secondAction(text); m != "" && !uiPath(c.Stem, m) {
			return m
		}
		return ""
	}
	for _, sent := range sents {
		c := lang.Read(sent).First()
		if c.Stem == "" || c.Mood != lang.Imperative || len(c.Subject) > 0 {
			continue
		}
		if m := secondAction(mainClause(sent)); m != "" && !uiPath(c.Stem, m) {
			return m
		}
	}
	return ""
}

// uiPath reports whether a step's two actions are one way through a
// console: "Navigate to the Security section, and select the member",
// "Choose the user and select Authentication methods", "Select Save, then
// close". Selecting, opening and closing on the way to one change is one
// step; "Click Reset and then email the password" is two.
func uiPath(first, second string) bool {
	ui := []string{"navigate", "go", "open", "browse", "select", "click", "choose", "pick", "tap", "press", "expand", "locate", "find", "search"}
	// Signing in is on the way too: "Log in to the console as an
	// administrator and open the Admin interface".
	if !slices.Contains(ui, first) && first != "log" && first != "sign" {
		return false
	}
	for _, w := range strings.Fields(strings.ToLower(second)) {
		w = strings.Trim(w, ",;")
		if w == "" {
			continue
		}
		if slices.Contains(ui, w) || w == "close" || w == "cancel" || w == "exit" || w == "done" {
			return true
		}
		if w != "and" && w != "then" {
			return false
		}
	}
	return false
}

func secondAction(clause string) string {
	// What follows "until", "while", "so that"… describes a state, not the
	// reader's next action: "stay on the line until the user has signed
	// in and set a new password".
	if i := subordinate.FindStringIndex(clause); i != nil {
		clause = clause[:i[0]]
	}
	for _, part := range strings.Split(clause, ";")[1:] {
		if w := leadingWord(part); w == "then" || actionVerbSet[w] {
			return "; " + w
		}
	}
	for _, part := range strings.Split(clause, ",")[1:] {
		if leadingWord(part) == "then" && !dismisses(part) {
			return ", then"
		}
		if w := leadingWord(part); actionVerbSet[w] {
			// "Unsuspend the account, reset sign in cookies, reset
			// password": instructions listed with commas.
			return ", " + w
		}
	}
	ws := tokens(strings.ToLower(clause))
	for i := 0; i+1 < len(ws); i++ {
		switch {
		case ws[i] == "and" && (ws[i+1] == "then" || ws[i+1] == "afterwards"):
			return "and " + ws[i+1]
		case ws[i] == "after" && ws[i+1] == "that":
			return "after that"
		case ws[i] == "and" && actionVerbSet[ws[i+1]] && i+2 < len(ws) && objectStarts[ws[i+2]]:
			return "and " + ws[i+1] + " " + ws[i+2]
		}
	}
	return ""
}

// dismisses reports a "then …" that only closes what the step used:
// "Select save, then close" is one action, the save.
func dismisses(part string) bool {
	ws := tokens(strings.ToLower(part))
	if len(ws) < 2 || ws[0] != "then" {
		return false
	}
	switch ws[1] {
	case "close", "exit", "dismiss":
	default:
		return false
	}
	rest := ws[2:]
	if len(rest) > 0 && (rest[0] == "the" || rest[0] == "this") {
		rest = rest[1:]
	}
	return len(rest) == 0 || len(rest) == 1 && slices.Contains([]string{"window", "dialog", "pane", "panel", "blade", "tab", "page", "form", "popup", "pop-up"}, rest[0])
}

// StepMultipleActions reports steps that pack several actions together.
var StepMultipleActions = &Rule{
	ID:       "step-multiple-actions",
	Severity: sopgen.SeverityWarning,
	Doc:      `One step, one action: "reset the password and then email it" hides the second action from anyone ticking steps off, and a failure in the middle leaves the reader unsure where they are.`,
	Refs:     []string{"EPA QA/G-6"},
	Run: func(p *Pass) {
		for _, s := range p.Doc.Steps() {
			if s.Raw || len(s.Actions) > 0 {
				continue // a recorded unit of work: one action with its settings
			}
			if m := secondInstruction(leadOf(mainClause(prose(s)))); m != "" {
				p.Report(s, s.Loc.Line, "%s has more than one action (%q): give each its own step", quote(s), strings.TrimSpace(m))
			}
		}
	},
}

var modal = guard(`\b(should|must|shall|ought to|needs? to|has to|have to|is to|are to|will|would|can|may)\b|\b(is|are|be|been|being|gets|get)\s+(\w+ed|reset|sent|set|given|done|made|kept|held|shown|written|read|told|unlocked|issued)\b`, "should", "must", "shall", "ought", "need", "has to", "have to", "is to", "are to", "will", "would", "can", "may", "is ", "are ", "be ", "been", "being", "get")

// imperativeOpeners begin instructions even though they are not actions.
var imperativeOpeners = lazyRegexp(`^(do|don't|never|always|ensure|make|let|keep|wait|use|go|stop|continue|follow|leave|note|see|only|` + actionVerbs + `)$`)

// StepNotImperative reports steps written as statements about what should
// happen instead of instructions.
var StepNotImperative = &Rule{
	ID:       "step-not-imperative",
	Severity: sopgen.SeverityInfo,
	Doc:      `Write steps as instructions ("Reset the password"), not as passive or modal statements ("The password should be reset"): the imperative says who acts and leaves no doubt that the step is required.`,
	Refs:     []string{"EU GMP Chapter 4"},
	Off:      true,
	Demoted:  "Read by grammar (the reader with a modal, \"you should remove them\", or a passive with a modal and no one doing it, \"the card may be assigned\"), it still found 3 of the 10 judged statements on the published procedures of the evaluation corpus (EVALUATION.md) for 4 on text the judges took as correct (\"YOU MUST assign the issue\", \"You should communicate your actions\"): whether a modal step is a defect depends on emphasis the grammar does not show.",
	Run: func(p *Pass) {
		for _, s := range p.Doc.Steps() {
			if s.Raw || len(s.Evidence) > 0 {
				continue // generated steps are written by Stepwise in the imperative
			}
			if m := directive(lang.Read(mainClause(prose(s))).First()); m != "" {
				p.Report(s, s.Loc.Line, "%s is not an instruction (%q): start it with the verb", quote(s), m)
			}
		}
	},
}

// directive returns the modal of a clause that tells the reader what to
// do without saying it as an instruction: the reader with a modal ("you
// should remove them"), or a passive with a modal and no one doing it
// ("Issues should only be approved", "the card may be assigned"). What
// another party does or must do ("The caller must then verify the
// information", "You will be asked to enter") describes the procedure, and
// is not one.
func directive(c lang.Clause) string {
	if c.Stem == "" || c.Mood == lang.Imperative || c.Negated {
		return ""
	}
	switch c.Aux {
	case "should", "must", "shall", "ought", "need", "needs", "may":
	default:
		return ""
	}
	you := len(c.Subject) == 1 && c.Subject[0] == "you"
	switch {
	case you && !c.Passive && c.Aux != "may":
		return c.Aux
	case c.Passive && !you && c.Stem != "ask" && c.Stem != "prompt" && c.Stem != "require":
		return c.Aux + " be " + c.Verb
	}
	return ""
}

func isVerb(v *sopgen.Vocabulary, w string) bool {
	for _, e := range v.Verbs {
		for _, verb := range e.Verbs {
			if verb == w {
				return true
			}
		}
	}
	return false
}

var (
	condition      = guard(`(^|\W)(if|when|once)\s`, "if", "when", "once")
	vagueIf        = lex("if needed", "if necessary", "if applicable", "if appropriate", "if required", "if any", "if possible")
	otherOutcome   = lex("otherwise", "else", "if not", "unless", "in all other cases", "in either case", "whether or not", "either")
	negativeCond   = lex("not", "no", "fail", "fails", "failed", "refuse", "refuses", "refused", "cannot", "can't", "unable", "wrong", "incorrect", "mismatch", "expired", "times out", "timed out", "does not", "doesn't", "isn't", "aren't")
	leavesMainPath = lex("exception", "escalat*", "stop")
	counterOpener  = lazyRegexp(`^\W*(otherwise|else|if not|if (it|they|the \w+|verification|the code) (does not|doesn't|is not|isn't|fails|failed))\b`)
)

// StepBranchIncomplete reports a condition with only one outcome written.
var StepBranchIncomplete = &Rule{
	ID:       "step-branch-incomplete",
	Severity: sopgen.SeverityWarning,
	Doc:      `"If the code matches, reset the password" leaves the reader to invent what to do when it does not. A condition that leads to the main path needs its other outcome written (otherwise…, or a step or exception for it); a condition naming a failure may lead off the main path, which then continues.`,
	Refs:     []string{"EPA QA/G-6"},
	Off:      true,
	Demoted:  "On the published procedures of the evaluation corpus (EVALUATION.md) 18 of its 21 findings were on correct text: authors leave the \"otherwise\" of a condition to the next step (\"If the account is locked, unlock it\", then the next step for every case), which a reader follows without trouble.",
	Run: func(p *Pass) {
		steps := p.Doc.Steps()
		for i, s := range steps {
			t := prose(s)
			cond := leadingCondition(t)
			if cond == "" && condition.MatchString(t) {
				if loc := condition.re().FindStringIndex(t); loc != nil && loc[0] > 0 {
					cond = t[loc[0]:]
				}
			}
			if cond == "" || vagueIf.MatchString(cond) || len(s.Branches) > 0 {
				continue
			}
			if negativeCond.MatchString(cond) || otherOutcome.MatchString(t) || leavesMainPath.MatchString(t) || len(condition.re().FindAllString(t, -1)) > 1 {
				continue
			}
			if i+1 < len(steps) && counterOpener().MatchString(p.lower(steps[i+1])) {
				continue
			}
			p.Report(s, s.Loc.Line, "%s says what to do %s, but not otherwise", quote(s), conditionText(cond))
		}
	},
}

// mainClause and leadingCondition split "If X, do Y", as every reader of
// procedure language does.
// leadOf is the instruction before a colon that introduces its details
// ("Reset the password: choose Auto-generate; tick Must change; then select
// Reset" is one action with its settings), or t.
func leadOf(t string) string {
	if i := strings.Index(t, ": "); i > 0 && len(strings.Fields(t[:i])) >= 2 {
		return t[:i]
	}
	return t
}

func mainClause(t string) string {
	_, main := lang.Split(t)
	return main
}

func leadingCondition(t string) string {
	cond, _ := lang.Split(t)
	return cond
}

// conditionText is a condition as a message quotes it: "when the code
// matches".
func conditionText(cond string) string {
	c := strings.TrimSpace(strings.SplitN(cond, ",", 2)[0])
	if c == "" {
		return "in that case"
	}
	c = strings.Trim(c, ",;:. ")
	return strings.ToLower(c[:1]) + c[1:]
}
