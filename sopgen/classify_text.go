package sopgen

import (
	"slices"
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen/prose"
)

// Classification is what the vocabulary reads from one written step.
type Classification struct {
	Kind    Kind
	Method  string // for verify steps
	Channel string // for deliver steps
	Outcome string // for verify steps that name an outcome
}

// ClassifyText classifies a step written by a person (a template or a
// hand-written SOP): by the verb that leads its instruction, falling back
// to the term lists recordings are classified with.
func (v *Vocabulary) ClassifyText(text string) Classification {
	v.cacheMu.Lock()
	c, ok := v.textCache[text]
	v.cacheMu.Unlock()
	if ok {
		return c
	}
	c = v.classifyText(text)
	if c.Kind == KindAccess && ownerMust(text) {
		// "A SaaS user must meet one of the following conditions to be
		// eligible for a 2FA removal": what the owner has to do or be is
		// a condition of the change, not the change.
		c = Classification{Kind: KindOther}
	}
	v.cacheMu.Lock()
	if v.textCache == nil || len(v.textCache) >= 8192 {
		v.textCache = map[string]Classification{} // bounded: start again
	}
	v.textCache[text] = c
	v.cacheMu.Unlock()
	return c
}

func (v *Vocabulary) classifyText(text string) Classification {
	// "(re)set" is "re-set": set, again.
	text = strings.ReplaceAll(withoutFileNames(CleanText(text)), "(re)", "re-")
	clause := prose.Means(mainClause(text))
	cw := words(clause)
	// The clause is read by its verb, in its base form: an instruction
	// after "then" or "please", a report of what someone did ("The user
	// confirmed they can sign in"), a passive ("The account should be
	// unlocked" is read as "unlock the account").
	if r := prose.Read(clause).First(); r.Stem != "" {
		if r.Mood == prose.Indicative && stateVerbs[r.Stem] {
			// "The user account is required for SSO access": a state,
			// described, not work done.
			return Classification{Kind: KindOther}
		}
		if ownWork(r) {
			// "After recovery, the requester should reset their 2-step
			// verification": the owner's own work on their account, not a
			// change the procedure makes.
			return Classification{Kind: KindOther}
		}
		if asked := askedTo(r); asked != "" && v.classifyText(asked).Kind == KindAccess {
			// "Ask the user to connect to the VPN with the new password",
			// "Tell the caller to set a new PIN": what another person is
			// asked to do on their own account is their work, not a change
			// the procedure makes.
			return Classification{Kind: KindOther}
		}
		cw = workWords(r)
		// "Log in to the admin console" signs in; "log the reset" records.
		if (r.Stem == "log" || r.Stem == "sign") && r.Mood == prose.Imperative && len(r.Subject) == 0 && (r.Particle == "in" || r.Particle == "on" || len(r.Object) > 0 && (r.Object[0] == "in" || r.Object[0] == "into" || r.Object[0] == "on" || r.Object[0] == "onto")) {
			return Classification{Kind: KindOther}
		}
	}
	// The work is the verb and its object's head: not a name ("a file
	// called 2FA Verification.md"), not a place ("in a project they have
	// access to"), not a relative clause about the object.
	cw = beforePlace(beforeRelative(beforeName(cw)))
	if len(cw) > 0 && slices.Contains(uiClick, cw[0]) && navigates(cw) {
		// "Click on the notification link to be taken to 1Password":
		// the click goes somewhere; what it goes to names no work.
		return Classification{Kind: KindOther}
	}
	if work, ok := followed(cw); ok {
		// "Follow the Complete Recovery guidance": doing what a guide
		// says does the work its name (or the purpose after it) names;
		// referring to one is not escalating anything.
		if len(work) == 0 {
			return Classification{Kind: KindOther}
		}
		return v.classifyText(strings.Join(work, " "))
	}
	c := Classification{Kind: KindOther}
	var found bool
	c.Kind, found = v.byVerb(cw)
	if !found && len(cw) > 0 && slices.Contains(uiClick, cw[0]) {
		// "Select ‘Grant’", "Click "Add New Member"": the control is named
		// by what it does, and is read as that instruction, as a recorded
		// button's name is.
		if m := quotedName().FindStringSubmatch(clause); m != nil && !strings.EqualFold(m[1], clause) {
			if n := v.classifyText(m[1]); n.Kind != KindOther {
				return n
			}
		}
		// Unquoted, a control named by a verb phrase is read by that verb
		// alone: "Click Configure OTP" sets up a factor, whatever the
		// name's other words would suggest on their own.
		c.Kind, found = v.byVerb(cw[1:])
	}
	if !found && len(cw) > 0 && slices.Contains([]string{"navigate", "go", "browse", "visit", "scroll", "locate", "launch", "expand", "return", "proceed"}, cw[0]) {
		// Going somewhere changes nothing: "Navigate to All > Password
		// Reset > Service Desk" names where, not what is done.
		return c
	}
	if !found {
		// The words of a relative clause describe the object, they are not
		// the work: "search for the person whose password needs to be
		// reset", "select the member requesting an account reset".
		if e := v.classify(withStems(cw)); e != nil {
			c.Kind = e.Kind
		}
		if c.Kind == KindDeliver && len(cw) > 1 && slices.Contains(uiFill, cw[0]) && cw[1] == "your" {
			// "Enter your email address and password": typing your own
			// details into a form signs you in; it sends nobody anything.
			c.Kind = KindOther
		}
	}
	if c.Kind == KindOther && len(cw) > 2 && cw[0] == "use" {
		// "Use the ipa passwd command to (re)set a user's password": the
		// tool is the means, the work is after "to".
		if i := slices.Index(cw, "to"); i > 1 && i+1 < len(cw) {
			if k, ok := v.byVerb(cw[i+1:]); ok && k != KindOther {
				c.Kind = k
			}
		}
	}
	if c.Kind == KindOther && len(cw) > 0 && isMeans(cw[0]) {
		// "To change a password, run this command: aws iam
		// update-login-profile": the instruction is the means, its purpose
		// the work it does.
		if purpose, ok := strings.CutPrefix(strings.ToLower(leadingCondition(text)), "to "); ok {
			if k := v.classifyText(strings.TrimRight(purpose, ",:; ")); k.Kind != KindOther {
				return k
			}
		}
	}
	switch c.Kind {
	case KindVerify, KindDeliver:
		ws := words(text)
		if c.Kind == KindDeliver {
			c.Channel = v.channel(ws)
			break
		}
		for i := range v.compiled {
			e := &v.compiled[i]
			if e.Kind == KindVerify && e.Method != "" && anyTerm(e.terms, ws) {
				c.Method = e.Method
				break
			}
		}
		c.Outcome = v.outcome(words(leadingCondition(text)))
		if callerSupplied(text) {
			c.Method = "caller-supplied"
		}
	}
	return c
}

// byVerb classifies the words of a clause by their first word and the
// verbs table: the kind of the first entry that has the verb and, when it
// lists objects, one of them after it. ok is false when none matches.
func (v *Vocabulary) byVerb(cw []string) (Kind, bool) {
	if len(cw) == 0 {
		return KindOther, false
	}
	if len(cw) > 1 {
		switch {
		case (cw[0] == "log" || cw[0] == "sign") && (slices.Contains([]string{"in", "on"}, cw[1]) || slices.ContainsFunc(cw[1:min(len(cw), 5)], func(w string) bool { return w == "into" || w == "onto" })):
			// "Log in as admin", "the user is logged into the client":
			// signing in, not a record.
			return KindOther, true
		}
	}
	// "re-enable" is "enable" again: the same work.
	verb, again := strings.CutPrefix(cw[0], "re-")
	for i, e := range v.Verbs {
		if !slices.Contains(e.Verbs, cw[0]) && !(again && slices.Contains(e.Verbs, verb)) {
			continue
		}
		if len(v.objects[i]) > 0 && !slices.ContainsFunc(v.objects[i], func(o []string) bool { return hasPhrase(cw[1:], o) }) {
			continue
		}
		return e.Kind, true
	}
	return KindOther, false
}

// isMeans reports an instruction verb that does whatever its object does:
// running a command, calling an operation, pressing a control.
func isMeans(verb string) bool {
	return slices.Contains(uiClick, verb) || slices.Contains([]string{"run", "call", "use", "execute", "invoke", "issue", "submit", "apply"}, verb)
}

// quotedName is the name of a control in quotes: ‘Grant’, "Send
// invitation".
var quotedName = lazyRegexp(`["“‘']([A-Z+][^"”’']{1,40})["”’']`)

// suppliedContact finds a contact the caller gave during the contact
// rather than one on record: "the mobile the caller gave", "a number
// supplied by the user", "the caller provides a number".
var suppliedContact = lazyRegexp(`(?i)\b(mobile|number|phone|cell|e-?mail|address|contact)\b[^.;]{0,40}?\b(the |that )?(caller|user|requester|customer|they|he|she)\s+(gave|gives|give|supplied|supplies|supply|provided|provides|provide|offered|offers|read out|quoted|quotes|dictated)\b|\b(mobile|number|no\.|phone|cell|e-?mail|address|contact)\s+(given|supplied|provided|offered|dictated)\s+by\s+(the\s+)?(caller|user|requester|customer)\b|\b(caller|user|requester|customer)\s+(gave|gives|supplied|supplies|provided|provides)\s+(a|an|their|his|her|the)\s+(new\s+|personal\s+|different\s+|other\s+)?(mobile|number|phone|cell|e-?mail|address)|\b(mobile|number|no\.|phone|cell|e-?mail|address)\s+(given|supplied|provided|offered|dictated)\s+(on|during|in|over)\s+the\s+(call|phone|chat)\b`)

// suppliedVerbs holds a part of each verb of suppliedContact, one of which
// every match contains. They avoid the letters s and k, which the
// pattern's (?i) also matches as ſ and K (Kelvin) but strings.ToLower
// does not lower to them.
var suppliedVerbs = []string{"gave", "give", "uppl", "provid", "offer", "read out", "quot", "dictat"}

// callerSupplied reports whether text sends a code or link to contact
// details the caller supplied. Text without one of suppliedVerbs cannot
// match: most steps are passed over without compiling or running the
// pattern, the costliest of the package to compile.
func callerSupplied(text string) bool {
	lower := strings.ToLower(text)
	return slices.ContainsFunc(suppliedVerbs, func(v string) bool { return strings.Contains(lower, v) }) &&
		suppliedContact().MatchString(text)
}

// beforeRelative cuts words at the start of a relative clause.
func beforeRelative(ws []string) []string {
	// "Confirm with the user that they could sign in": after a verb of
	// checking, "that" opens what is checked, not a description.
	checks := len(ws) > 0 && (ws[0] == "confirm" || ws[0] == "check" || ws[0] == "verify" || ws[0] == "ensure")
	for i, w := range ws {
		if i < 2 {
			continue
		}
		switch w {
		case "that":
			if !checks {
				return ws[:i]
			}
		case "whose", "who", "which", "requesting", "needing", "wanting", "you":
			return ws[:i]
		}
	}
	return ws
}

// stateVerbs describe how things are, in a report: "is required",
// "needs", "contains", "allows".
var stateVerbs = map[string]bool{"require": true, "need": true, "contain": true, "include": true, "allow": true, "permit": true, "mean": true, "depend": true, "exist": true, "apply": true}

// fileExtensions end the names of files a step may mention.
var fileExtensions = []string{".md", ".txt", ".yml", ".yaml", ".json", ".csv", ".sh", ".py", ".ps1", ".html", ".pdf", ".docx", ".xlsx", ".rb", ".go", ".js"}

// withoutFileNames drops the names of files from text: "Populate the 2FA
// Verification.md file with the template" populates a file; the words of
// its name ("Verification") are not the work. A name is the word with the
// extension and, when it is capitalised, the capitalised words before it.
func withoutFileNames(text string) string {
	if !strings.Contains(text, ".") {
		return text
	}
	fs := strings.Fields(text)
	keep := fs[:0:0]
	for _, f := range fs {
		w := strings.TrimRight(f, ",;:)")
		if !slices.ContainsFunc(fileExtensions, func(ext string) bool { return len(w) > len(ext) && strings.HasSuffix(strings.ToLower(w), ext) }) {
			keep = append(keep, f)
			continue
		}
		// "2FA Verification.md": a name of several words, all capitalised;
		// the text's first word is its instruction, never part of a name.
		for capital(w) && len(keep) > 1 && capital(keep[len(keep)-1]) {
			keep = keep[:len(keep)-1]
		}
	}
	if len(keep) == len(fs) {
		return text
	}
	return strings.Join(keep, " ")
}

// capital reports a word that starts with a capital or a digit.
func capital(s string) bool { return s[0] >= 'A' && s[0] <= 'Z' || s[0] >= '0' && s[0] <= '9' }

// ownerMust reports a step whose main clause puts an obligation on the
// account's owner: "the user must meet …", "the requester should …".
func ownerMust(text string) bool {
	r := prose.Read(mainClause(CleanText(text))).First()
	if r.Mood != prose.Modal || r.Passive || len(r.Subject) == 0 {
		return false
	}
	return slices.ContainsFunc(r.Subject, isOwnerWord)
}

func isOwnerWord(w string) bool {
	switch w {
	case "user", "users", "requester", "requestor", "caller", "customer", "employee", "member", "owner", "they":
		return true
	}
	return false
}

// ownWork reports a clause in which the account's owner acts on what is
// theirs: "the requester should reset their 2-step verification", "the
// user sets their own password".
func ownWork(c prose.Clause) bool {
	if c.Passive || len(c.Subject) == 0 || len(c.Object) == 0 {
		return false
	}
	return slices.ContainsFunc(c.Subject, isOwnerWord) && (c.Object[0] == "their" || c.Object[0] == "his" || c.Object[0] == "her")
}

// navigates reports a click whose purpose is to get somewhere: "… to be
// taken to", "… to go to", "… to open", "… to view", "… to see".
func navigates(cw []string) bool {
	for i := 1; i+1 < len(cw); i++ {
		if cw[i] != "to" {
			continue
		}
		switch cw[i+1] {
		case "go", "open", "view", "see", "navigate", "reach":
			return true
		case "be":
			return i+2 < len(cw) && (cw[i+2] == "taken" || cw[i+2] == "redirected" || cw[i+2] == "brought")
		}
	}
	return false
}

// followed reads an instruction to follow or consult a guide: ok says cw
// is one, and work is what doing as the guide says does, by the guide's
// name ("follow the Complete Recovery guidance" → "recover"), or nil when
// the name says nothing ("refer to the documentation"): consulting a guide
// is not escalating anything.
func followed(cw []string) (work []string, ok bool) {
	var ws []string
	switch {
	case len(cw) > 2 && cw[0] == "follow", len(cw) > 2 && (cw[0] == "see" || cw[0] == "consult"):
		ws = cw[1:]
	case len(cw) > 3 && cw[0] == "refer" && cw[1] == "to":
		ws = cw[2:]
	default:
		return nil, false
	}
	if ws[0] == "the" || ws[0] == "our" || ws[0] == "these" {
		ws = ws[1:]
	}
	for i, w := range ws {
		switch w {
		case "guidance", "guide", "instructions", "steps", "procedure", "process", "runbook", "article", "documentation", "docs", "wizard":
			return asInstruction(ws[:i]), true
		}
	}
	return nil, false
}

// actionNouns name work by its noun: "Account Recovery" is recovering the
// account.
var actionNouns = map[string]string{
	"recovery": "recover", "removal": "remove", "reactivation": "reactivate", "deactivation": "deactivate",
	"revocation": "revoke", "enrolment": "enrol", "enrollment": "enroll", "registration": "register", "unlock": "unlock", "reset": "reset",
}

// asInstruction reads a name that ends in an action noun as that action
// on what the name puts before it: "Begin 1Password Account Recovery" →
// "recover 1password account". Other names are returned as they are.
func asInstruction(name []string) []string {
	for i, w := range name {
		verb, ok := actionNouns[w]
		if !ok || i < len(name)-1 {
			continue
		}
		var obj []string
		for _, o := range name[:i] {
			if o != "begin" && o != "complete" && o != "start" && o != "finish" {
				obj = append(obj, o)
			}
		}
		return append([]string{verb}, obj...)
	}
	return name
}

// beforeName cuts words where a name starts: "Create a file called 2FA
// Verification.md" creates a file; its name is not the work.
func beforeName(ws []string) []string {
	for i := 2; i < len(ws); i++ {
		switch ws[i] {
		case "called", "named", "titled", "entitled":
			return ws[:i]
		}
	}
	return ws
}

// beforePlace cuts words where a phrase of place on screen starts: "choose
// Show in the New password dialog box" shows something; the dialog's name
// says where, not what is done.
func beforePlace(ws []string) []string {
	for i := 2; i < len(ws); i++ {
		switch ws[i] {
		case "in", "on", "under", "from", "within", "at":
		default:
			continue
		}
		for _, w := range ws[i+1 : min(len(ws), i+7)] {
			switch w {
			case "dialog", "dialogue", "box", "page", "tab", "section", "menu", "pane", "panel", "window", "screen", "form", "blade", "sidebar",
				"tracker", "repository", "repo", "project", "directory", "folder", "channel":
				return ws[:i]
			}
		}
	}
	return ws
}

// askingVerbs ask another person to do something.
var askingVerbs = []string{"ask", "tell", "instruct", "remind", "advise", "direct"}

// askedTo is what a clause asks another person to do ("Ask the user to
// sign in" → "sign in"), or "".
func askedTo(r prose.Clause) string {
	if !slices.Contains(askingVerbs, r.Stem) {
		return ""
	}
	i := slices.Index(r.Object, "to")
	if i <= 0 || i == len(r.Object)-1 {
		return ""
	}
	return strings.Join(r.Object[i+1:], " ")
}

// mainClause drops leading conditions: "If the code matches, reset the
// password" → "reset the password"; "Once the password has been changed,
// if the user is remote, have them connect to the VPN" → "have them
// connect to the VPN".
func mainClause(text string) string {
	for range 3 {
		cond, main := prose.Split(text)
		if cond == "" {
			break
		}
		text = main
	}
	return text
}

// leadingCondition is the condition mainClause drops, or "".
func leadingCondition(text string) string {
	cond, _ := prose.Split(text)
	return cond
}

// withStems adds the base form of past participles, so that a passive
// step ("the account should be unlocked") still matches its terms; the
// words as written stay, for terms such as "resolved".
func withStems(ws []string) []string {
	out := append([]string(nil), ws...)
	for _, w := range ws {
		if !strings.HasSuffix(w, "ed") || len(w) <= 4 {
			continue
		}
		// "verified" → "verify", "enabled" → "enable", "emailed" →
		// "email", "unlocked" → "unlock": the one stemmer of sopgen/prose.
		if st := prose.Stem(w); st != w {
			out = append(out, st)
		}
	}
	return out
}
