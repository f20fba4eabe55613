package sopgen

import (
	"math"
	"net/url"
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen/interact"
)

// act is a normalized step: one or more recorded steps folded into a unit
// of work a person would write down.
type act struct {
	src      []int // recording step indexes, first is the anchor
	action   string
	app      string
	host     string
	page     string
	role     string
	name     string
	selector string
	choice   string
	kind     string // field_kind of an input
	text     string
	mark     string
	menu     string   // the menu a menu item was chosen from
	fields   []string // field names of folded inputs
	t        int64
	dur      int64
	explicit int64 // sum of recorded durations

	// effect is what the unit does (opens, sets, commits): the effect of
	// its last recorded step.
	effect interact.Effect
	// context holds the words of the unit of work a committing act
	// completes: the openers and settings since the last commit, and the
	// page or dialog it is in.
	context []string
	// pasted says the unit pastes a value copied after an access change.
	pasted bool
	// opener marks an act that opens the form of a control (Reset
	// password); identify marks one that finds the account.
	opener, identify bool
	// ticketSave marks a commit on the ticket whose form names no kind:
	// it records on the ticket (or, before any work, takes it).
	ticketSave bool
	// sets are the settings a committing act commits: the parameters of
	// its form set since the last commit.
	sets []*act

	class   Kind
	method  string
	channel string
	outcome string
	raw     bool
	note    *noteReading // what a note records, for notes
}

// normalize folds recorder noise: waits go into the next step's time,
// repeated clicks and focus-only clicks disappear, a menu button and the
// item chosen from it become one step, consecutive edits of one form become
// one step, and bare marks tag the step after them.
func normalize(rec *Recording) []*act {
	var out []*act
	var pendingMark string
	names := spokenNames(rec)
	effects := readEffects(rec, names)
	for i := range rec.Steps {
		s := &rec.Steps[i]
		a := &act{
			src:      []int{i},
			action:   s.Action,
			app:      CleanText(s.App),
			page:     CleanText(s.Page),
			choice:   CleanText(s.Choice),
			kind:     s.FieldKind,
			text:     CleanText(s.Text),
			mark:     s.Mark,
			t:        clampMillis(s.T),
			explicit: clampMillis(s.Duration),
			effect:   effects[i],
		}
		if u, err := url.Parse(StripURL(s.URL)); err == nil {
			a.host = u.Hostname()
		}
		if s.Target != nil {
			a.role = strings.ToLower(CleanText(s.Target.Role))
			a.name = names[i]
			a.selector = CleanText(s.Target.Selector)
		}
		var prev *act
		if len(out) > 0 {
			prev = out[len(out)-1]
		}
		switch {
		case a.action == "wait":
			continue // its time is the gap before the next step
		case a.action == "mark" && a.text == "":
			pendingMark = a.mark
			continue
		}
		if pendingMark != "" && a.mark == "" {
			a.mark = pendingMark
		}
		pendingMark = ""
		if prev != nil && fold(prev, a) {
			continue
		}
		out = append(out, a)
	}
	for i, a := range out {
		if i+1 < len(out) {
			a.dur = max(out[i+1].t-a.t, 0)
		} else {
			a.dur = a.explicit
		}
	}
	return out
}

// clampMillis holds a timing to the format's range, for recordings that
// did not come through the decoder, so that no sum of timings overflows:
// 10,000 steps of MaxMillis add up to about 6e12.
func clampMillis(ms int64) int64 { return min(max(ms, 0), MaxMillis) }

// addMillis adds timings, saturating instead of overflowing.
func addMillis(a, b int64) int64 {
	if b > 0 && a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

var menuOpener = lazyRegexp(`(?i)\b(menu|more|actions|options|⋮|…|\.\.\.)\b|^(⋮|…|\.\.\.)$`)

// fold merges a into prev when together they are one unit of work, and
// reports whether it did.
func fold(prev, a *act) bool {
	if a.mark != "" && prev.mark != a.mark {
		return false
	}
	samePage := prev.page == a.page && prev.app == a.app
	sameTarget := prev.name == a.name && prev.selector == a.selector && prev.role == a.role
	switch {
	case a.action == "navigate" && prev.action == "navigate":
		// A redirect chain or a reload: keep the page the person landed on.
		prev.page, prev.app, prev.host = a.page, a.app, a.host
	case a.action == "click" && prev.action == "click" && sameTarget && samePage && (prev.effect == a.effect || a.t-prev.t <= doubleClick):
		// A double or repeated click is one intent; a dialog's opener and
		// the commit of the same name inside it are two.
	case prev.action == "click" && isField(prev.role) && sameTarget && (a.action == "input" || a.action == "select" || a.action == "check" || a.action == "uncheck"):
		// The click only focused the field the next step edits.
		prev.action, prev.choice, prev.kind, prev.mark = a.action, a.choice, a.kind, a.mark
	case a.action == "click" && a.role == "menuitem" && prev.action == "click" && prev.menu == "" && (prev.role == "button" || prev.role == "menu") && menuOpener().MatchString(prev.name+" "+prev.role):
		prev.menu = prev.name
		prev.name, prev.role, prev.selector = a.name, a.role, a.selector
	case a.action == "input" && prev.action == "input" && samePage && !sameTarget && prev.mark == a.mark:
		if len(prev.fields) == 0 {
			prev.fields = []string{prev.name}
		}
		prev.fields = append(prev.fields, a.name)
		if a.kind == "password" {
			prev.kind = "password"
		}
	case a.action == "input" && prev.action == "input" && sameTarget:
		// Several edits of the same field are one entry.
	default:
		return false
	}
	prev.src = append(prev.src, a.src...)
	prev.effect = a.effect
	prev.explicit = addMillis(prev.explicit, a.explicit)
	return true
}

// doubleClick is the longest gap between two clicks of one double click.
const doubleClick = 1000

// readEffects reads what each recorded step does, with the steps around it;
// waits and bare marks, which do nothing on screen, are read past.
func readEffects(rec *Recording, names []string) []interact.Effect {
	out := make([]interact.Effect, len(rec.Steps))
	var steps []interact.Step
	var idx []int
	for i := range rec.Steps {
		s := &rec.Steps[i]
		if s.Action == "wait" || s.Action == "mark" && CleanText(s.Text) == "" {
			out[i] = interact.Opens
			continue
		}
		st := interact.Step{Action: s.Action, Page: CleanText(s.Page), Mark: s.Mark}
		if s.Target != nil {
			st.Role, st.Name = CleanText(s.Target.Role), names[i]
		}
		steps = append(steps, st)
		idx = append(idx, i)
	}
	for j, e := range interact.Read(steps) {
		out[idx[j]] = e
	}
	return out
}

func isField(role string) bool {
	switch role {
	case "textbox", "searchbox", "combobox", "listbox", "spinbutton", "textarea", "input", "checkbox", "radio", "switch":
		return true
	}
	return false
}
