package sopgen

import (
	"slices"
	"strings"
	"unicode"

	"github.com/stepwise-sop/stepwise/sopgen/interact"
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
var personName = lazyRegexp(`^\p{Lu}[\p{Ll}'’-]+( \p{Lu}[\p{Ll}'’-]+){1,2}$`)

// selectorLike matches names that are CSS selectors or ids rather than
// accessible names: what a recorder writes when it found no label.
var selectorLike = lazyRegexp(`^[#.\[]|[>~]\s|^[a-z]+[#.][\w-]+|^(div|span|a|button|input|svg|path|li|td|tr)\b|^xpath|//`)

func isListRole(role string) bool {
	switch role {
	case "link", "row", "cell", "gridcell", "listitem", "option", "treeitem":
		return true
	}
	return false
}

var userField = lazyRegexp(`(?i)\b(user|caller|requested for|requester|employee|contact|customer|account owner|name)\b`)

// ticketsOpened learns the ticket numbers of a tool whose numbering the
// vocabulary does not know: a link or row named by a number ("I 2411 277",
// "T-88412"), picked on a page that lists tickets ("Incident Management",
// "My open requests"), opens a ticket, and the page that later carries
// its number is that ticket. Every mention of the number becomes "the
// ticket"; numbers the vocabulary knows are generalised by it.
func ticketsOpened(acts []*act, v *Vocabulary) {
	var nums []string
	for _, a := range acts {
		if a.action != "click" || a.role != "link" && a.role != "row" || !recordNumber(a.name) || !listsTickets(a.page) || slices.Contains(nums, a.name) {
			continue
		}
		if v.generalize(a.name) == a.name { // "INC0012345" is "the incident" already
			nums = append(nums, a.name)
		}
	}
	for _, n := range nums {
		for _, a := range acts {
			for _, f := range []*string{&a.name, &a.page, &a.text, &a.choice, &a.menu} {
				*f = strings.ReplaceAll(*f, n, "the ticket")
			}
		}
	}
}

// recordNumber reports a name made of a number and at most a short code:
// at least three digits, and no word longer than three letters. A number
// the scrubber took for a phone's ("I 2411 277" became "I [phone]") was
// one, of seven digits or more.
func recordNumber(name string) bool {
	digits := 0
	ws := strings.Fields(name)
	if len(ws) == 0 || len(ws) > 4 {
		return false
	}
	for _, w := range ws {
		if w == PhonePlaceholder {
			digits += 7
			continue
		}
		letters := 0
		for _, r := range strings.TrimLeft(w, "#") {
			switch {
			case unicode.IsDigit(r):
				digits++
			case unicode.IsLetter(r):
				letters++
			case r != '-' && r != '/' && r != '.':
				return false
			}
		}
		if letters > 3 {
			return false
		}
	}
	return digits >= 3
}

// listsTickets reports a page whose title names a list of tickets.
func listsTickets(page string) bool {
	return headNames(page, "incident", "incidents", "ticket", "tickets", "case", "cases", "request", "requests", "queue", "queues", "conversations", "inbox")
}

// headNames reports whether the head of a page's title holds one of ws.
func headNames(page string, ws ...string) bool {
	return slices.ContainsFunc(words(pageHead(page)), func(w string) bool { return slices.Contains(ws, w) })
}

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
	if a.action == "select" && personName().MatchString(a.choice) && userField().MatchString(a.name) {
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
	} else if mayBeSelector(a.name) && selectorLike().MatchString(a.name) {
		a.raw = true
	}
}

// mayBeSelector reports whether name could match selectorLike: it holds a
// character every other alternative needs ('#', '.', '[', '>', '~', '/'),
// or starts with a tag name or "xpath". Most names are words, and pass
// without the pattern, which tries every position for its unanchored
// alternatives.
func mayBeSelector(name string) bool {
	if strings.ContainsAny(name, "#.[>~/") {
		return true
	}
	w := name
	if i := strings.IndexFunc(name, func(r rune) bool { return !(r >= 'a' && r <= 'z') }); i >= 0 {
		w = name[:i]
	}
	switch w {
	case "div", "span", "a", "button", "input", "svg", "path", "li", "td", "tr":
		return true
	}
	return strings.HasPrefix(name, "xpath")
}

// classify sets the kind, method, outcome and channel of each act. It reads
// each act's words, then gives the kinds that matter to controls to the
// acts that commit a unit of work (units), and carries a verification
// method forward to the code entry and submit steps that continue it.
func classify(acts []*act, v *Vocabulary) {
	for _, a := range acts {
		ws := words(strings.Join([]string{a.name, a.menu, a.choice, a.text, strings.Join(a.fields, " ")}, " "))
		if isNavigation(a.action) {
			ws = append(ws, words(pageHead(a.page)+" "+a.app)...)
		}
		a.class = KindOther
		if e := v.classify(ws); e != nil {
			a.class, a.method = e.Kind, e.Method
		}
		// A control's name is an imperative: read it as a written step
		// ("Add internal note") when its words alone say nothing.
		if a.class == KindOther && a.action == "click" && a.name != "" && !a.raw && !interact.IsNavigationName(a.name) {
			if c := v.ClassifyText(a.name); slices.Contains(controlKinds, c.Kind) {
				a.class, a.method = c.Kind, c.Method
			}
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
	}
	units(acts, v)
	identify(acts)
	receive(acts)
	method := ""
	started := false
	for _, a := range acts {
		// Once work on the request has begun, going back to the ticket is
		// not a new intake; finding the account is.
		if a.class == KindIntake && started && a.mark != "intake" && !a.identify {
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
			ow = append(ow, a.context...)
			a.outcome = v.outcome(ow)
			if a.outcome == "" && a.note != nil {
				a.outcome = a.note.outcome
			}
			if a.method == "" {
				a.method = method
			}
			method = a.method
		case KindDeliver:
			ws := words(strings.Join([]string{a.name, a.menu, a.choice, a.text, strings.Join(a.fields, " ")}, " "))
			a.channel = v.channel(append(ws, a.context...))
			if a.channel == "" && a.pasted {
				a.channel = "message"
			}
		case KindIntake, KindEscalate:
			method = ""
		}
	}
}

// identify marks the steps that find the account the work is about: a
// pick of the user or record from a list, a picker or a search result, and
// the links, searches and choices that led to it since the last commit,
// tab change or opener of a control. They are intake: "identify the
// account", the phase after receiving the request.
func identify(acts []*act) {
	for i, a := range acts {
		if a.effect == interact.Commits || a.class != KindOther {
			continue
		}
		switch {
		case picksRecord(a), a.role == "row" && i > 0 && searches(acts[i-1]) && namesRecord(a.name):
		case searches(a) && listsPeople(a.page):
			// A search of a list of people finds the account, whether
			// or not a named row is picked after it (a row's own Edit
			// button opens the form instead): the search, and the
			// button that runs it.
			if i+1 < len(acts) && acts[i+1].class == KindOther && acts[i+1].action == "click" && hasAnyWord(acts[i+1].name, "search", "find", "filter") {
				acts[i+1].class, acts[i+1].identify = KindIntake, true
			}
		default:
			continue
		}
		a.class, a.identify = KindIntake, true
		for j := i - 1; j >= 0; j-- {
			b := acts[j]
			if b.class != KindOther || b.effect == interact.Commits || isNavigation(b.action) || b.opener || b.role == "tab" || !leadsToRecord(b) {
				break
			}
			b.class, b.identify = KindIntake, true
		}
	}
}

// receive marks the steps that receive the request: from the start of the
// recording, the pages, queues and lists on the way to the ticket and the
// opening of the ticket itself, then a bare commit on the ticket that takes
// it before any work (Assign to me, Accept). Nothing is received once work
// of another kind has begun.
func receive(acts []*act) {
	open := -1
	for i, a := range acts {
		// The ticket is opened by a step its words name ("INC0012345")
		// or by the link that leads to its page ("Can't sign in").
		leads := i+1 < len(acts) && a.effect == interact.Opens && onTicket(acts[i+1].page) && !onTicket(a.page)
		if a.class == KindIntake && !a.identify && a.effect != interact.Commits || leads {
			open = i
			break
		}
		if a.class != KindOther || a.effect == interact.Commits || a.action == "note" || a.action == "mark" {
			return
		}
	}
	if open < 0 {
		return
	}
	for _, a := range acts[:open+1] {
		a.class = KindIntake
	}
	for _, a := range acts[open+1:] {
		if a.effect != interact.Commits {
			continue // the settings of the commit that takes it
		}
		if !a.ticketSave {
			break
		}
		a.class = KindIntake
		for _, s := range a.sets {
			s.class = KindIntake // "Status: In progress", "Assign to me"
		}
	}
}

// picksRecord reports whether a picks a person or record, not a setting.
func picksRecord(a *act) bool {
	// A row opens what it shows (identify takes one found by a search).
	return a.role != "row" && (namesRecord(a.name) || namesRecord(a.choice))
}

// namesRecord reports a name that stands for a person or record.
func namesRecord(n string) bool {
	return n == "the user" || n == "the record" || n == RecordPlaceholder || n == IdentifierPlaceholder
}

// listsPeople reports a page whose title names a list of people or
// accounts: "Users - Administration", "User Accounts", "Members".
func listsPeople(page string) bool {
	return headNames(page, "users", "accounts", "people", "members", "directory", "employees", "identities", "user", "account")
}

// searches reports a search typed in: a row of its results that names a
// person or record is the pick of the account.
func searches(a *act) bool {
	return a.action == "input" && (a.role == "searchbox" || slices.ContainsFunc(words(a.name), func(w string) bool { return w == "search" || w == "filter" }))
}

// leadsToRecord reports whether a is a step on the way to picking one: a
// link, a search, a choice of where to look.
func leadsToRecord(a *act) bool {
	switch {
	case a.action == "click" && (a.role == "link" || a.role == "button" && interact.IsNavigationName(a.name)):
		return true
	case (a.action == "input" || a.action == "select") && (a.role == "searchbox" || a.role == "combobox" || a.kind == "search"):
		return true
	}
	return false
}

// controlKinds are the kinds a control rule reasons about: they belong to
// the step that commits a unit of work, never to one that opens or sets.
var controlKinds = []Kind{KindVerify, KindAccess, KindDeliver, KindConfirm, KindNotify, KindLog, KindApprove, KindEscalate}

// Control reports whether a control rule reasons about steps of kind k.
func (k Kind) Control() bool { return slices.Contains(controlKinds, k) }

// units gives the control kinds to committing acts. A unit of work is what
// is opened and set between two commits. Its commit takes the kind of the
// nearest opener or parameter before it that names one ("Reset password",
// then Apply; "Work notes", then Post), else its own ("Verify"), else that
// of the page or dialog it is in; and the words of the unit, so that the
// method, outcome and channel set in the form are the commit's. Openers
// and settings keep no control kind: opening a Reset password dialog
// changes nothing. Three settings are parameters of the commit rather than
// its kind: how a secret travels (the channel of an access change), a
// verification outcome chosen in a field (the record of the verification,
// committed or not) and a value copied after an access change and pasted
// into the form (which makes its commit a delivery).
//
// A unit that ends with no commit in view (at a note, a change of page or
// the end of the recording) was completed out of the recorder's view: its
// last setting that names a control kind keeps it, or else its opener,
// and a delivery chosen in it is one. A
// unit dismissed (Cancel, Close) did nothing. Notes and marks are reports
// of work done out of view and keep their own reading; so do steps a
// person marked.
func units(acts []*act, v *Vocabulary) {
	var (
		kind, openerKind   Kind
		method, openerMeth string
		openerAct, lastSet *act
		lastKind           Kind
		lastMeth           string
		ctx, delivery      []string
		deliverySets, sets []*act
		copied, pasted     bool
		fromSet            bool // kind came from a setting, not an opener
	)
	reset := func() {
		kind, openerKind, method, openerMeth, openerAct, fromSet = "", "", "", "", nil, false
		lastKind, lastMeth, lastSet = "", "", nil
		ctx, delivery, deliverySets, sets, pasted = nil, nil, nil, nil, false
	}
	abandon := func() {
		switch {
		case lastSet != nil:
			lastSet.class, lastSet.method = lastKind, lastMeth
		case openerAct != nil:
			openerAct.class, openerAct.method = openerKind, openerMeth
		}
		for _, d := range deliverySets {
			d.class = KindDeliver
		}
		reset()
	}
	for _, a := range acts {
		if completesInView(a, lastKind, sets) {
			// A note of the unit's own kind reports the commit the
			// recorder could not see ("Asked the caller for their e-mail
			// address; it matched" after choosing Personal data
			// confirmation): it commits the unit's settings.
			a.sets, a.context = sets, ctx
			if a.method == "" {
				a.method = lastMeth
			}
			reset()
			continue
		}
		if a.action == "note" || a.action == "mark" || isNavigation(a.action) {
			abandon()
		}
		if a.action == "note" || a.action == "mark" {
			continue
		}
		own := a.class
		switch a.effect {
		case interact.Opens, interact.Sets:
			if a.effect == interact.Opens && isDismissal(a.name) {
				reset()
				continue
			}
			ctx = append(ctx, words(strings.Join([]string{a.name, a.menu, a.choice, strings.Join(a.fields, " ")}, " "))...)
			if a.action == "copy" || slices.Contains(words(a.name), "copy") {
				copied = copied || accessDone(acts, a)
			}
			if a.action == "paste" && copied {
				pasted, a.pasted = true, true
			}
			if a.effect == interact.Sets {
				sets = append(sets, a)
			}
			if a.mark != "" || !slices.Contains(controlKinds, own) {
				continue
			}
			if own == KindVerify && a.effect == interact.Sets && v.outcome(words(a.choice+" "+a.name)) != "" {
				if a.method == "" && kind == KindVerify {
					a.method = method
				}
				continue
			}
			switch {
			case own == KindDeliver && a.effect == interact.Sets:
				delivery = append(delivery, words(a.name+" "+a.choice)...)
				deliverySets = append(deliverySets, a)
			case a.effect == interact.Opens && !isNavigation(a.action) && !interact.IsNavigationName(a.name):
				a.opener, fromSet = true, false
				kind, method = own, a.method
				openerKind, openerMeth, openerAct = own, a.method, a
			case a.effect == interact.Sets:
				kind, method = own, a.method
				lastKind, lastMeth, lastSet = own, a.method, a
				fromSet = true
			default:
				kind, method = own, a.method
			}
			a.class, a.method = KindOther, ""
		case interact.Commits:
			a.context = append(ctx, words(pageHead(a.page))...)
			a.pasted, a.sets = pasted, sets
			if a.mark == "" {
				k, m := own, a.method
				switch {
				case pasted:
					k, m = KindDeliver, ""
				case openerAct != nil && abbreviates(a.name, openerAct.name):
					k, m = openerKind, openerMeth
				case slices.Contains(controlKinds, own):
				case kind != "" && fromSet && kind == KindAccess && onTicket(a.page):
					// A ticket's form records what its fields say (a macro
					// named "Password reset completed"); it changes no
					// access.
					k, m = KindLog, ""
				case kind != "":
					k, m = kind, method
				case onTicket(a.page):
					// Saving the ticket's form records on the ticket.
					k, m = KindLog, ""
					a.ticketSave = true
				default:
					if e := v.classify(words(pageHead(a.page))); e != nil && slices.Contains(controlKinds, e.Kind) {
						k, m = e.Kind, e.Method
					}
				}
				if k == KindVerify && m == "" && kind == KindVerify {
					m = method
				}
				if k == KindVerify && m == "" {
					if e := v.classify(a.context); e != nil && e.Kind == KindVerify {
						m = e.Method
					}
				}
				// A new password typed and confirmed (two password fields)
				// and saved sets the credential, whatever the button says.
				if (k == "" || k == KindOther || k == KindLog && a.ticketSave) && newPassword(sets) {
					k, m = KindAccess, ""
				}
				// A form that makes someone an administrator or gives a
				// role or permission ("Grafana Admin: Yes", then Change;
				// the Overall/Administer box, then Save) grants access.
				if (k == "" || k == KindOther) && !onTicket(a.page) && slices.ContainsFunc(sets, func(s *act) bool { return setsChoice(s) && GrantSetting(s.name, s.choice) }) {
					k, m = KindAccess, ""
				}
				// A code or link sent to a number or address typed into
				// the form goes where the caller said, not to the contact
				// of record (which a console offers to pick).
				if k == KindVerify && typedContact(sets) {
					m = "caller-supplied"
				}
				a.class, a.method = k, m
				// A password the agent typed is one they can paste later,
				// as one they copied is.
				if k == KindAccess && newPassword(sets) {
					copied = true
				}
				// A form that changes access and names how the secret
				// travels (SMS, a reset e-mail) commits that channel too.
				if k == KindAccess && len(delivery) > 0 {
					a.channel = v.channel(delivery)
				}
				// A delivery chosen in a form that neither changes access
				// nor sends anything (a ticket saved with "sent by SMS")
				// records the delivery itself, as an outcome field does.
				if k != KindAccess && k != KindDeliver {
					for _, d := range deliverySets {
						d.class = KindDeliver
					}
				}
			}
			reset()
		}
	}
	abandon()
}

// completesInView reports whether a note or mark completes the unit of
// work in view: it is of a control kind, the same kind as the unit's
// settings, and settings were made.
func completesInView(a *act, unitKind Kind, sets []*act) bool {
	return (a.action == "note" || a.action == "mark") && a.mark != "exception" && len(sets) > 0 &&
		unitKind != "" && a.class == unitKind
}

// newPassword reports whether a form sets a password: two password fields
// (the new one and its confirmation) were filled in. A sign-in form has
// one.
func newPassword(sets []*act) bool {
	n := 0
	for _, s := range sets {
		if s.action == "input" && s.kind == "password" {
			n += max(1, len(s.fields))
		}
	}
	return n >= 2
}

// setsChoice reports a setting chosen or ticked, not typed.
func setsChoice(s *act) bool {
	return s.action == "select" || s.action == "check" || s.action == "click" && (s.role == "checkbox" || s.role == "radio" || s.role == "switch")
}

// GrantSetting reports a form's setting that gives access: a field named
// for an administrator's rights, a role or a permission ("Grafana Admin",
// "Overall/Administer", "Role"), chosen or ticked in the affirmative.
func GrantSetting(name, choice string) bool {
	named := slices.ContainsFunc(words(name), func(w string) bool {
		switch w {
		case "admin", "administrator", "administer", "superuser", "role", "permission", "permissions", "privileges":
			return true
		}
		return false
	})
	if !named {
		return false
	}
	switch strings.ToLower(strings.TrimSpace(choice)) {
	case "no", "none", "off", "false", "viewer", "read-only", "read only":
		return false
	}
	return true
}

// typedContact reports whether a phone number or e-mail address was typed
// into the form rather than picked.
func typedContact(sets []*act) bool {
	for _, s := range sets {
		if s.action == "input" && (s.kind == "tel" || s.kind == "email") {
			return true
		}
	}
	return false
}

// onTicket reports whether a page is a ticket, incident or request: its
// title names one (generalised: "the incident | …").
func onTicket(page string) bool {
	// "the incident", "#INC-2058 Password expired", "Can't sign in
	// (#327)": the title names a ticket, which generalising made "the
	// ticket" (a list's title names none).
	head := " " + strings.Trim(strings.ToLower(pageHead(page)), "# ") + " "
	for _, t := range []string{"the ticket", "the incident", "the request", "the case", "the interaction"} {
		if strings.Contains(head, " "+t+" ") || strings.Contains(head, "("+t+")") {
			return true
		}
	}
	return false
}

// abbreviates reports whether a commit's name is made of words of its
// opener's ("Reset" in a "Reset password" dialog, "Send link" after "Send
// verification link"): the opener says in full what the commit does.
func abbreviates(commit, opener string) bool {
	cw, ow := words(commit), words(opener)
	if len(cw) == 0 {
		return false
	}
	for _, w := range cw {
		if !slices.Contains(ow, w) {
			return false
		}
	}
	return true
}

// isDismissal reports whether a control's name dismisses what was opened.
func isDismissal(name string) bool {
	ws := words(name)
	return len(ws) > 0 && slices.Contains([]string{"cancel", "close", "dismiss", "discard"}, ws[0])
}

// accessDone reports whether an access change was committed before a.
func accessDone(acts []*act, a *act) bool {
	for _, b := range acts {
		if b == a {
			return false
		}
		if b.class == KindAccess && b.effect == interact.Commits {
			return true
		}
	}
	return false
}

// pageHead is the part of a page title before the app suffix people's tools
// add ("Reset password | Okta" → "Reset password").
func pageHead(p string) string {
	for _, sep := range []string{" | ", " - ", " — ", " – ", " :: ", " : ", " · "} {
		if i := strings.Index(p, sep); i > 0 {
			return strings.TrimSpace(p[:i])
		}
	}
	return p
}
