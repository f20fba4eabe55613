package interact

import (
	"slices"
	"strings"
	"unicode"
)

// Effect is what one recorded action does.
type Effect string

// The effects of a recorded action.
const (
	// Opens shows something without changing it: a navigation, a link,
	// a tab, a menu and its items, a dialog or wizard opener, Continue /
	// Next / Back / Cancel / Close.
	Opens Effect = "opens"
	// Sets fills a parameter of the form being filled: a selection, a
	// tick, an entry, a paste, a value copied.
	Sets Effect = "sets"
	// Commits completes a form: the button or submit that applies what
	// was set, or a note reporting work completed out of the recorder's
	// view.
	Commits Effect = "commits"
)

// Step is what the table reads of one recorded action.
type Step struct {
	Action string // the recording's action: navigate, click, select, ...
	Role   string // the ARIA role of the target, any case
	Name   string // the accessible name of the target
	Page   string // the page or dialog title the action happened in
	Mark   string // the recording's mark, for mark and note steps
}

// context is a step with its neighbours, as the table's rules see it.
type context struct {
	prev, step, next *Step
	// setSince says a parameter was set on this page since the last step
	// that opened or committed something.
	setSince bool
	// after is the steps after step, in order.
	after []Step
}

// rule is one row of the table: when match holds, the step has effect.
type rule struct {
	doc    string
	match  func(c context) bool
	effect Effect
}

// table is the one table of the package, tried in order; the first row
// that matches decides. Its rows are documented for the reader of a
// finding: each says why a step was read the way it was.
var table = []rule{
	{"a navigation, a tab switch or a wait opens a page", func(c context) bool { return navigations[c.step.Action] }, Opens},
	{"a selection, a tick, an entry, a paste or an upload sets a parameter", func(c context) bool { return setActions[c.step.Action] }, Sets},
	{"copying a value takes a parameter out, it changes nothing", func(c context) bool { return c.step.Action == "copy" }, Sets},
	{"a submit commits its form", func(c context) bool { return c.step.Action == "submit" }, Commits},
	{"an exception mark states a branch, it performs nothing", func(c context) bool { return c.step.Action == "mark" && c.step.Mark == "exception" }, Sets},
	{"a note or mark reports work completed out of the recorder's view", func(c context) bool { return c.step.Action == "note" || c.step.Action == "mark" }, Commits},
	{"a download opens a file", func(c context) bool { return c.step.Action == "download" }, Opens},
	{"a click on a form field sets it", func(c context) bool { return fieldRoles[role(c.step)] }, Sets},
	{"a link, tab, menu item or row opens what it names", func(c context) bool { return openerRoles[role(c.step)] }, Opens},
	{"a click on what is not a control (text, an image) opens at most; a click with no role is read as a button", func(c context) bool { return !isButton(c.step) }, Opens},
	{"a confirmation (OK, Yes, Confirm) right after a button on its page commits what that button asked", func(c context) bool {
		return c.prev != nil && (isButton(c.prev) || role(c.prev) == "menuitem") && c.prev.Page == c.step.Page && IsConfirmation(c.step.Name)
	}, Commits},
	{"a navigation button (Continue, Next, Back, Cancel, Close, Done, Search, Refresh, \"Continue to …\") opens", func(c context) bool { return IsNavigationName(c.step.Name) }, Opens},
	{"a menu button (More actions, ⋮) opens its menu", func(c context) bool { return menuButton().MatchString(c.step.Name) }, Opens},
	{"a button followed by a pick from a menu or list on its page (a menu item, a link, an option, a tab) opened that menu", func(c context) bool {
		return !c.setSince && c.next != nil && samePage(c) && c.next.Action == "click" && (openerRoles[role(c.next)] || role(c.next) == "option")
	}, Opens},
	{"a copy button takes a value, it changes nothing", func(c context) bool { return hasWord(c.step.Name, "copy") }, Sets},
	{"a button followed by a confirmation (OK, Yes, Confirm) on its page asked for it: the confirmation commits", func(c context) bool {
		return c.next != nil && isButton(c.next) && samePage(c) && IsConfirmation(c.next.Name)
	}, Opens},
	{"a button followed by one repeating its verb asked for confirmation: the second commits", func(c context) bool {
		return c.next != nil && isButton(c.next) && samePage(c) && leadingVerb(c.next.Name) == leadingVerb(c.step.Name) && leadingVerb(c.step.Name) != ""
	}, Opens},
	{"a button repeating the verb of the button just before it confirms it", func(c context) bool {
		return c.prev != nil && isButton(c.prev) && c.prev.Page == c.step.Page && leadingVerb(c.prev.Name) == leadingVerb(c.step.Name) && leadingVerb(c.step.Name) != ""
	}, Commits},
	{"a button followed on its page, through other buttons only, by a Save, Submit or Apply filled in its form (Generate password, then Save)", func(c context) bool {
		return savedLater(c)
	}, Sets},
	{"a button after parameters were set completes their form", func(c context) bool { return c.setSince }, Commits},
	{"a button followed by a form field, Cancel or Close opened that form", func(c context) bool {
		return c.next != nil && samePage(c) && (isFieldEdit(c.next) || isButton(c.next) && isDismissName(c.next.Name))
	}, Opens},
	{"any other button commits what it names", func(context) bool { return true }, Commits},
}

// Read returns the effect of each step, read with the steps around it.
func Read(steps []Step) []Effect {
	out := make([]Effect, len(steps))
	set := false
	for i := range steps {
		c := context{step: &steps[i], setSince: set}
		if i > 0 {
			c.prev = &steps[i-1]
		}
		if i+1 < len(steps) {
			c.next = &steps[i+1]
			c.after = steps[i+1:]
		}
		out[i], _ = explain(c)
		switch {
		case out[i] == Sets && steps[i].Action != "mark" && steps[i].Action != "note" && steps[i].Action != "copy" && !hasWord(steps[i].Name, "copy"):
			set = true
		case out[i] == Sets:
		default:
			set = false
		}
		if i+1 < len(steps) && steps[i+1].Page != steps[i].Page && steps[i+1].Page != "" {
			set = false
		}
	}
	return out
}

// explain returns the effect and the row of the table that decided it.
func explain(c context) (Effect, string) {
	for _, r := range table {
		if r.match(c) {
			return r.effect, r.doc
		}
	}
	return Opens, ""
}

var (
	navigations = map[string]bool{"navigate": true, "open_tab": true, "switch_tab": true, "close_tab": true, "wait": true}
	setActions  = map[string]bool{"select": true, "check": true, "uncheck": true, "input": true, "paste": true, "upload": true}
	fieldRoles  = map[string]bool{
		"textbox": true, "searchbox": true, "combobox": true, "listbox": true, "option": true,
		"radio": true, "checkbox": true, "switch": true, "spinbutton": true, "slider": true,
		"menuitemradio": true, "menuitemcheckbox": true, "textarea": true, "input": true,
	}
	openerRoles = map[string]bool{
		"link": true, "tab": true, "menuitem": true, "menu": true, "row": true, "cell": true,
		"gridcell": true, "treeitem": true, "listitem": true,
	}
	// navigationVerbs lead the names of buttons that move through a
	// flow or show something without changing it.
	navigationVerbs = []string{
		"continue", "next", "back", "previous", "prev", "cancel", "close", "done", "exit",
		"dismiss", "refresh", "reload", "search", "find", "filter", "view", "show", "hide",
		"open", "expand", "collapse", "return", "skip", "go", "more", "ok",
	}
	dismissVerbs = []string{"cancel", "close", "dismiss", "back", "exit"}
	menuButton   = lazyRegexp(`(?i)^(⋮|…|\.\.\.|more|more actions|actions|options|menu|more options)$`)
)

func role(s *Step) string { return strings.ToLower(strings.TrimSpace(s.Role)) }

// isButton reports whether s clicks a button, or a control the recorder
// gave no role (older recordings and imports often have none).
func isButton(s *Step) bool { return s.Action == "click" && (role(s) == "button" || role(s) == "") }

func samePage(c context) bool { return c.next.Page == c.step.Page }

// isFieldEdit reports whether s fills a field of a form.
func isFieldEdit(s *Step) bool {
	return setActions[s.Action] || s.Action == "click" && fieldRoles[role(s)]
}

// savedLater reports whether a form's own save button comes after the
// step on its page, with only buttons in between: the step was a helper
// of the form (it generated or showed a value), and the save commits.
func savedLater(c context) bool {
	for i := range c.after {
		s := &c.after[i]
		if !isButton(s) || s.Page != c.step.Page || i >= 3 {
			return false
		}
		if isSaveName(s.Name) {
			return true
		}
	}
	return false
}

// isSaveName reports a button that applies a form: Save, Submit, Apply,
// "Save changes".
func isSaveName(name string) bool {
	ws := words(name)
	return len(ws) > 0 && slices.Contains([]string{"save", "submit", "apply"}, ws[0])
}

// IsConfirmation reports whether a button's name only confirms what the
// button before it asked: OK, Yes, Confirm, "Yes, reset".
func IsConfirmation(name string) bool {
	w := strings.Fields(strings.ToLower(strings.Trim(strings.TrimSpace(name), ".!")))
	if len(w) == 0 {
		return false
	}
	first := strings.TrimRight(w[0], ",")
	return len(w) == 1 && (first == "ok" || first == "okay" || first == "confirm") || first == "yes"
}

// IsNavigationName reports whether a button's name moves through a flow
// or shows something ("Continue", "Next", "Continue to reset", "Back to
// list", "Search"): such a button opens, whatever it leads to.
func IsNavigationName(name string) bool {
	ws := words(name)
	if len(ws) == 0 {
		return false
	}
	// "OK" alone acknowledges; "OK" is not a navigation in "OK, reset".
	if ws[0] == "ok" && len(ws) > 1 {
		return false
	}
	return slices.Contains(navigationVerbs, ws[0])
}

func isDismissName(name string) bool {
	ws := words(name)
	return len(ws) > 0 && slices.Contains(dismissVerbs, ws[0])
}

// leadingVerb is the first word of a name, the verb of a button.
func leadingVerb(name string) string {
	if ws := words(name); len(ws) > 0 {
		return ws[0]
	}
	return ""
}

func hasWord(name, w string) bool { return slices.Contains(words(name), w) }

func words(s string) []string {
	return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
	})
}
