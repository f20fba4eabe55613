package sopgen

import (
	"regexp"
	"strings"
)

var markKinds = map[string]Kind{
	"intake":       KindIntake,
	"verification": KindVerify,
	"access":       KindAccess,
	"delivery":     KindDeliver,
	"confirmation": KindConfirm,
	"logging":      KindLog,
	"exception":    KindEscalate,
}

// personName matches a name as people write them ("Jane Smith",
// "Mary-Ann O'Neil"): two or three capitalised words.
var personName = regexp.MustCompile(`^\p{Lu}[\p{Ll}'’-]+( \p{Lu}[\p{Ll}'’-]+){1,2}$`)

// selectorLike matches names that are CSS selectors or ids rather than
// accessible names: what a recorder writes when it found no label.
var selectorLike = regexp.MustCompile(`^[#.\[]|[>~]\s|^[a-z]+[#.][\w-]+|^(div|span|a|button|input|svg|path|li|td|tr)\b|^xpath|//`)

func isListRole(role string) bool {
	switch role {
	case "link", "row", "cell", "gridcell", "listitem", "option", "treeitem":
		return true
	}
	return false
}

var userField = regexp.MustCompile(`(?i)\b(user|caller|requested for|requester|employee|contact|customer|account owner|name)\b`)

// generalize replaces record-specific text: ticket numbers become "the
// incident", people picked from lists or pickers become "the user".
func generalize(a *act, v *Vocabulary) {
	a.name = v.generalize(a.name)
	a.page = v.generalize(a.page)
	a.choice = v.generalize(a.choice)
	a.text = v.generalize(a.text)
	a.menu = v.generalize(a.menu)
	for i := range a.fields {
		a.fields[i] = v.generalize(a.fields[i])
	}
	if a.action == "select" && personName.MatchString(a.choice) && userField.MatchString(a.name) {
		a.choice = "the user"
	}
	// A record picked from a list and generalised before composing (by
	// the scrubber or the recorder) reads as what it is.
	switch {
	case a.name == IdentifierPlaceholder && isListRole(a.role):
		a.name = "the user"
	case a.name == RecordPlaceholder && isListRole(a.role):
		a.name = "the record"
	}
	if a.choice == IdentifierPlaceholder {
		a.choice = "the user"
	}
	if a.name == "" && a.selector != "" {
		a.raw = true
	} else if selectorLike.MatchString(a.name) {
		a.raw = true
	}
}

// classify sets the kind, method, outcome and channel of each act from its
// mark, action and words, and carries a verification method forward to the
// code entry and submit steps that continue it.
func classify(acts []*act, v *Vocabulary) {
	method := ""
	started := false
	for _, a := range acts {
		ws := words(strings.Join([]string{a.name, a.menu, a.choice, a.text, strings.Join(a.fields, " ")}, " "))
		if a.action == "navigate" || a.action == "switch_tab" || a.action == "open_tab" {
			ws = append(ws, words(pageHead(a.page)+" "+a.app)...)
		}
		a.class = KindOther
		if e := v.classify(ws); e != nil {
			a.class, a.method = e.Kind, e.Method
		}
		if a.action == "note" {
			r := v.readNote(a.text)
			a.note, a.class, a.method = &r, r.kind, r.method
		}
		if k, ok := markKinds[a.mark]; ok && a.class != k {
			a.class = k
			if k != KindVerify {
				a.method = ""
			}
		}
		// Once work on the request has begun, going back to the ticket is
		// not a new intake.
		if a.class == KindIntake && started && a.mark != "intake" {
			a.class = KindOther
		}
		if a.class != KindIntake && a.class != KindOther {
			started = true
		}
		switch a.class {
		case KindVerify:
			ow := words(a.choice + " " + a.name + " " + a.text)
			if isNavigation(a.action) {
				ow = append(ow, words(pageHead(a.page))...)
			}
			a.outcome = v.outcome(ow)
			if a.outcome == "" && a.note != nil {
				a.outcome = a.note.outcome
			}
			if a.method == "" {
				a.method = method
			}
			method = a.method
		case KindDeliver:
			a.channel = v.channel(ws)
		case KindIntake, KindEscalate:
			method = ""
		}
	}
}

// pageHead is the part of a page title before the app suffix people's tools
// add ("Reset password | Okta" → "Reset password").
func pageHead(p string) string {
	for _, sep := range []string{" | ", " - ", " — ", " – ", " :: "} {
		if i := strings.Index(p, sep); i > 0 {
			return strings.TrimSpace(p[:i])
		}
	}
	return p
}
