package sopgen

import (
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/stepwise-sop/stepwise/sopgen/interact"
)

// Options tune Compose. The zero value is ready to use.
type Options struct {
	// Vocabulary classifies steps; nil means DefaultVocabulary.
	Vocabulary *Vocabulary
	// Scrubber removes personal data; nil means the default patterns.
	Scrubber *Scrubber
	// Template supplies reviewed text that replaces derived defaults.
	Template *Template
	// Version is the workflow version this recording is; 0 means 1.
	Version int
	// Source names the recording file, for finding locations.
	Source string
	// PriorRedactions counts what was scrubbed before the recording reached
	// Compose (by the ingest guard), so documents report the whole figure.
	PriorRedactions Redactions
	// Reviewed is text a reviewer wrote for the workflow; it is applied
	// after the template, so it wins over both the template and what the
	// recording gives.
	Reviewed *Reviewed
}

// Template is reviewed SOP text that a recording's generated document takes
// in place of derived defaults: purpose, scope, exceptions, records, policy.
type Template struct {
	Name       string
	Meta       Metadata
	Purpose    string
	Scope      string
	Roles      []Role
	Exceptions []Exception
	Records    []Record
	Policy     Policy
}

// DefaultPolicy is used when no template gives approved lists: codes to
// contact details already on record, a call back to a number of record, a
// verification portal, push approval and a video check; delivery by a reset link, the self-service portal or an
// SMS to the registered number.
func DefaultPolicy() Policy {
	return Policy{
		VerificationMethods: []string{"sms-code", "email-code", "portal", "authenticator-push", "video", "callback"},
		DeliveryChannels:    []string{"reset-link", "portal", "sms"},
		// The limits service-desk tools commonly ship with: three
		// verification attempts, three resets of one account a day.
		MaxAttempts:  3,
		ResetsPerDay: 3,
	}
}

// Compose runs the pipeline over a copy of rec: scrub, normalize,
// classify, generalize and compose the Document. rec is not modified.
func Compose(rec *Recording, opts Options) (*Document, error) {
	if rec == nil || len(rec.Steps) == 0 {
		return nil, fmt.Errorf("compose: %w: no steps", ErrInvalid)
	}
	voc := opts.Vocabulary
	if voc == nil {
		voc = DefaultVocabulary()
	}
	sc := opts.Scrubber
	if sc == nil {
		sc = &Scrubber{}
	}
	r := cloneRecording(rec)
	red := sc.Scrub(r).Add(opts.PriorRedactions)

	acts := normalize(r)
	ticketsOpened(acts, voc)
	for _, a := range acts {
		generalize(a, voc)
	}
	classify(acts, voc)
	acts = attachNotes(acts)

	c := &composer{rec: r, opts: opts, voc: voc}
	return c.document(acts, red), nil
}

func cloneRecording(rec *Recording) *Recording {
	r := *rec
	r.Steps = make([]Step, len(rec.Steps))
	for i, s := range rec.Steps {
		if s.Target != nil {
			t := *s.Target
			s.Target = &t
		}
		r.Steps[i] = s
	}
	if rec.Actor != nil {
		a := *rec.Actor
		r.Actor = &a
	}
	if rec.Context != nil {
		cx := *rec.Context
		r.Context = &cx
	}
	if rec.Coverage != nil {
		cv := Coverage{Uncaptured: append([]Uncaptured(nil), rec.Coverage.Uncaptured...)}
		r.Coverage = &cv
	}
	return &r
}

type composer struct {
	rec  *Recording
	opts Options
	voc  *Vocabulary
}

// phaseTitles names the phase each kind of step opens.
var phaseTitles = map[Kind]string{
	KindIntake:   "Receive the request",
	KindVerify:   "Verify the user's identity",
	KindApprove:  "Obtain approval",
	KindAccess:   "Restore access",
	KindDeliver:  "Restore access",
	KindConfirm:  "Confirm the user can sign in",
	KindNotify:   "Record and close",
	KindLog:      "Record and close",
	KindEscalate: "Escalate",
}

func (c *composer) document(acts []*act, red Redactions) *Document {
	rec := c.rec
	role := "Agent"
	if rec.Actor != nil && CleanText(rec.Actor.Role) != "" {
		role = upperFirst(CleanText(rec.Actor.Role))
	}
	systems := c.systems(acts)
	version := c.opts.Version
	if version <= 0 {
		version = 1
	}
	title := CleanText(c.voc.generalize(rec.Title))
	if title == "" {
		title = "Workflow " + rec.Workflow
	}
	d := &Document{
		Source: c.opts.Source,
		Meta: Metadata{
			Title:      title,
			Workflow:   rec.Workflow,
			Version:    strconv.Itoa(version),
			RecordedAt: rec.RecordedAt,
			ID:         rec.Workflow,
		},
		Policy: c.policy(),
		Provenance: &Provenance{
			RecordingID:   rec.ID,
			Recorder:      strings.TrimSpace(CleanText(rec.Recorder.Name) + " " + CleanText(rec.Recorder.Version)),
			RecordedAt:    rec.RecordedAt,
			Actor:         role,
			RecordedSteps: len(rec.Steps),
			Systems:       systems,
			Redactions:    red,
		},
	}
	if rec.Coverage != nil {
		d.Provenance.Uncaptured = rec.Coverage.Uncaptured
	}
	c.phases(d, acts, role)
	c.roles(d, role, systems)
	c.prose(d, role, systems)
	c.exceptions(d)
	c.records(d)
	c.applyTemplate(d)
	c.outcomes(d)
	c.applyReviewed(d)
	retention(d)
	return d
}

func (c *composer) systems(acts []*act) []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range acts {
		s := a.system()
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func (a *act) system() string {
	if a.app != "" {
		return a.app
	}
	return a.host
}

func (c *composer) phases(d *Document, acts []*act, role string) {
	// Each act's phase: its kind's phase, or for unclassified acts the
	// phase of the next classified act when the act opens or sets what
	// leads there, otherwise the phase it sits in.
	titles := make([]string, len(acts))
	current := ""
	for i, a := range acts {
		if t, ok := phaseTitles[a.class]; ok {
			current = t
			if a.identify {
				current = "Identify the account"
			}
		} else if isNavigation(a.action) || a.effect == interact.Opens || a.effect == interact.Sets {
			// A navigation, an opener or a setting belongs to the phase of
			// the work it leads to: the unit its commit completes.
			if t := nextPhase(acts[i+1:]); t != "" {
				current = t
			}
		}
		if current == "" {
			current = "Prepare"
		}
		titles[i] = current
	}
	seen := map[uint32]int{}
	for _, g := range groupActs(acts, titles) {
		title := titles[g[0]]
		if len(d.Phases) == 0 || d.Phases[len(d.Phases)-1].Title != title {
			d.Phases = append(d.Phases, Phase{Title: title})
		}
		ph := &d.Phases[len(d.Phases)-1]
		unit := make([]*act, len(g))
		for k, i := range g {
			unit[k] = acts[i]
		}
		a := anchorOf(unit)
		st := &ProcStep{
			Kind:     a.class,
			Effect:   a.effect,
			Role:     role,
			System:   a.system(),
			Text:     c.unitSentence(unit, a),
			Method:   a.method,
			Channel:  a.channel,
			Outcome:  a.outcome,
			Start:    max(unit[0].t-clampMillis(c.rec.Steps[0].T), 0),
			Record:   recordOf(a),
			Params:   paramsOf(a),
			OnTicket: onTicket(a.page),
			Number:   fmt.Sprintf("%d.%d", len(d.Phases), len(ph.Steps)+1),
		}
		for _, u := range unit {
			st.Evidence = append(st.Evidence, u.src...)
			st.Duration += u.dur
			st.Raw = st.Raw || u.raw
			st.Pasted = st.Pasted || u.pasted
			if st.Outcome == "" && u.class == st.Kind {
				st.Outcome = u.outcome
			}
			if len(unit) > 1 {
				for _, i := range u.src {
					st.Actions = append(st.Actions, Action{Index: i, Kind: u.class, Effect: u.effect, Text: plainSpans(sentence(u))})
				}
			}
		}
		st.Loc = Location{File: c.opts.Source, Pointer: "/steps/" + strconv.Itoa(a.src[0])}
		if a.src[0] < len(c.rec.StepLines) {
			st.Loc.Line = c.rec.StepLines[a.src[0]]
		}
		st.ID = stableID(st, seen)
		ph.Steps = append(ph.Steps, st)
	}
}

// maxUnit bounds how many recorded actions one SOP step folds: a form of a
// hundred fields is still written as several steps a reader can follow.
const maxUnit = 8

// groupActs folds the acts of one unit of work into one SOP step: what was
// opened and set up to and including the commit that completes it ("in
// Reset method, choose Auto-generate; tick Must change at next sign-in;
// then select Reset"), and a Close or Done just after that commit. A note
// or mark is a step of its own; a change of phase, a navigation after
// settings that were never committed, or maxUnit actions end a step.
func groupActs(acts []*act, titles []string) [][]int {
	var out [][]int
	var cur []int
	flush := func() {
		if len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
	}
	hasSet := false
	for i, a := range acts {
		if a.action == "note" || a.action == "mark" {
			flush()
			out = append(out, []int{i})
			hasSet = false
			continue
		}
		// A Close or Done right after a commit, on its page, ends it.
		if len(cur) == 0 && len(out) > 0 && a.effect == interact.Opens && (isDismissal(a.name) || isDone(a.name)) {
			prev := out[len(out)-1]
			last := acts[prev[len(prev)-1]]
			if last.effect == interact.Commits && last.action != "note" && last.action != "mark" && last.page == a.page && titles[prev[0]] == titles[i] && len(prev) < maxUnit {
				out[len(out)-1] = append(prev, i)
				continue
			}
		}
		if len(cur) > 0 && (titles[cur[0]] != titles[i] || len(cur) >= maxUnit || isNavigation(a.action) && hasSet || otherControl(acts, cur, a)) {
			flush()
			hasSet = false
		}
		cur = append(cur, i)
		hasSet = hasSet || a.effect == interact.Sets
		if a.effect == interact.Commits {
			flush()
			hasSet = false
		}
	}
	flush()
	return out
}

// otherControl reports whether a holds a control kind other than one an
// act of cur holds: an uncommitted opener of a reset and the delivery
// chosen after it are two units, each with its kind.
func otherControl(acts []*act, cur []int, a *act) bool {
	if !slices.Contains(controlKinds, a.class) {
		return false
	}
	for _, i := range cur {
		if k := acts[i].class; slices.Contains(controlKinds, k) && k != a.class {
			return true
		}
	}
	return false
}

// isDone reports whether a control's name closes what is finished.
func isDone(name string) bool {
	ws := words(name)
	return len(ws) == 1 && (ws[0] == "done" || ws[0] == "ok" || ws[0] == "exit")
}

// anchorOf is the act a unit's step takes its kind and location from: its
// commit, else its last act of a kind, else its last act.
func anchorOf(unit []*act) *act {
	if len(unit) == 1 {
		return unit[0]
	}
	for _, a := range slices.Backward(unit) {
		if a.effect != interact.Commits || a.action == "note" || a.action == "mark" {
			continue
		}
		if a.class == KindOther {
			// A commit of no kind saves what its form recorded: a
			// verification outcome chosen in it.
			for _, b := range slices.Backward(unit) {
				if slices.Contains(controlKinds, b.class) {
					return b
				}
			}
		}
		return a
	}
	for _, a := range slices.Backward(unit) {
		if a.class != KindOther && a.class != "" {
			return a
		}
	}
	return unit[len(unit)-1]
}

// unitSentence writes a unit as one instruction: its actions in order,
// the last after "then", led by what the unit does when its words alone
// would not tell a reader ("Record the work on the ticket: fill in Work
// notes; then select Post").
func (c *composer) unitSentence(unit []*act, anchor *act) []Span {
	var sp []Span
	prev := ""
	for k, a := range unit {
		part := sentence(a)
		part = part[:len(part)-1] // the closing "."
		if t := plainSpans(part); t == prev {
			continue // a recorded step folded into the one before it
		} else {
			prev = t
		}
		if k > 0 {
			sp = append(sp, plain("; "))
			if a == anchor {
				sp = append(sp, plain("then "))
			}
			part = lowerSpans(part)
		}
		sp = append(sp, part...)
	}
	sp = append(sp, plain("."))
	lead := leadFor(anchor, unit)
	if len(unit) == 1 && (anchor.action == "note" || anchor.action == "mark") {
		return sp // a person's words stand as they were read
	}
	if lead == "" || len(unit) == 1 && c.voc.ClassifyText(plainSpans(sp)).Kind == anchor.class {
		return sp
	}
	return append([]Span{plain(lead + ": ")}, lowerSpans(sp)...)
}

// leadFor names what a unit of the anchor's kind does, in words the
// written-step reader classifies as that kind.
func leadFor(anchor *act, unit []*act) string {
	var ws []string
	for _, a := range unit {
		ws = append(ws, words(strings.Join([]string{a.name, a.menu, a.choice, a.text, strings.Join(paramsOf(a), " ")}, " "))...)
	}
	has := func(terms ...string) bool {
		for _, w := range ws {
			for _, t := range terms {
				if strings.HasPrefix(w, t) {
					return true
				}
			}
		}
		return false
	}
	switch {
	case anchor.class == KindAccess && has("unlock"):
		return "Unlock the account"
	case anchor.class == KindAccess && has("mfa", "factor", "authenticator", "2fa", "bypass", "device"):
		return "Reset the sign-in factors"
	case anchor.class == KindAccess && has("password", "passcode"):
		return "Reset the password"
	case anchor.class == KindIntake && anchor.identify:
		return "Look up the account"
	case anchor.class == KindLog && has("resolved", "resolve", "closed", "close", "solved", "complete", "completed", "done"):
		return "Close the ticket"
	}
	return kindLead(anchor.class)
}

// kindLead names the work of a kind as an instruction the written-step
// reader classifies as that kind.
func kindLead(k Kind) string {
	return map[Kind]string{
		KindAccess:   "Change the account's access",
		KindVerify:   "Verify the user's identity",
		KindDeliver:  "Send the user the new credential",
		KindConfirm:  "Confirm that the user can sign in",
		KindLog:      "Record the work on the ticket",
		KindNotify:   "Notify the user",
		KindEscalate: "Escalate the request",
		KindApprove:  "Obtain the approval",
		KindIntake:   "Take the request",
	}[k]
}

// lowerSpans lower-cases the first letter of a plain leading span ("Select"
// → "select"); names on screen keep their case.
func lowerSpans(sp []Span) []Span {
	if len(sp) == 0 || sp[0].Strong {
		return sp
	}
	out := append([]Span(nil), sp...)
	r, n := utf8.DecodeRuneInString(out[0].Text)
	if r != utf8.RuneError {
		out[0].Text = string(unicode.ToLower(r)) + out[0].Text[n:]
	}
	return out
}

func plainSpans(sp []Span) string {
	var b strings.Builder
	for _, s := range sp {
		b.WriteString(s.Text)
	}
	return b.String()
}

func isNavigation(action string) bool {
	return action == "navigate" || action == "open_tab" || action == "switch_tab"
}

// nextPhase is the phase of the next classified act.
func nextPhase(rest []*act) string {
	for _, a := range rest {
		if t, ok := phaseTitles[a.class]; ok {
			if a.identify {
				return "Identify the account"
			}
			return t
		}
	}
	return ""
}

// stableID derives a step id from its kind and words, so inserting a step
// elsewhere does not renumber the others in a process map diff.
func stableID(st *ProcStep, seen map[uint32]int) string {
	h := fnv.New32a()
	h.Write([]byte(string(st.Kind) + "\x00" + st.Plain()))
	sum := h.Sum32()
	seen[sum]++
	if n := seen[sum]; n > 1 {
		return fmt.Sprintf("s%08x_%d", sum, n)
	}
	return fmt.Sprintf("s%08x", sum)
}

func strong(s string) Span { return Span{Text: s, Strong: true} }
func plain(s string) Span  { return Span{Text: s} }

// named renders a thing's name: bold when it is a name on screen, plain
// when generalization already made it a phrase such as "the incident".
func named(s string) Span {
	if strings.HasPrefix(s, "the ") {
		return plain(s)
	}
	return strong(s)
}

// sentence writes an act as an imperative instruction.
func sentence(a *act) []Span {
	name := a.name
	if name == "" {
		name = a.selector
	}
	var sp []Span
	switch a.action {
	case "navigate", "open_tab":
		head := pageHead(a.page)
		switch {
		case strings.HasPrefix(head, "the "):
			sp = []Span{plain("Open " + head)}
		case head != "":
			sp = []Span{plain("Open the "), strong(head), plain(" page")}
		case a.host != "":
			sp = []Span{plain("Open "), strong(a.host)}
		default:
			sp = []Span{plain("Open a new tab")}
		}
		if a.app != "" && !strings.Contains(strings.ToLower(head), strings.ToLower(a.app)) {
			sp = append(sp, plain(" in "), strong(a.app))
		}
	case "switch_tab":
		head := pageHead(a.page)
		if head == "" {
			head = a.app
		}
		switch {
		case head == "":
			sp = []Span{plain("Switch to the other tab")}
		case strings.HasPrefix(head, "the "):
			sp = []Span{plain("Switch to " + head)}
		default:
			sp = []Span{plain("Switch to the "), strong(head), plain(" page")}
		}
		if a.app != "" && head != a.app {
			sp = append(sp, plain(" in "), strong(a.app))
		}
	case "close_tab":
		sp = []Span{plain("Close the "), named(orDefault(pageHead(a.page), "current")), plain(" tab")}
	case "select":
		switch {
		case name != "" && a.choice != "":
			sp = []Span{plain("In "), named(name), plain(", choose "), named(a.choice)}
		case a.choice != "":
			sp = []Span{plain("Choose "), named(a.choice)}
		default:
			sp = []Span{plain("Choose an option in "), named(name)}
		}
	case "check":
		sp = []Span{plain("Tick "), named(name)}
	case "uncheck":
		sp = []Span{plain("Clear "), named(name)}
	case "input":
		fields := a.fields
		if len(fields) == 0 {
			fields = []string{name}
		}
		sp = []Span{plain("Fill in ")}
		sp = append(sp, list(fields)...)
		if a.kind == "password" && len(fields) == 1 {
			sp = append(sp, plain(" (the value is never recorded)"))
		}
	case "submit":
		if name != "" {
			sp = []Span{plain("Submit "), named(name)}
		} else {
			sp = []Span{plain("Submit the form")}
		}
	case "copy":
		sp = []Span{plain("Copy "), named(orDefault(name, "the value"))}
	case "paste":
		sp = []Span{plain("Paste into "), named(orDefault(name, "the field"))}
	case "download":
		sp = []Span{plain("Download "), named(orDefault(name, "the file"))}
	case "upload":
		sp = []Span{plain("Upload "), named(orDefault(name, "the file"))}
	case "note", "mark":
		if s := noteText(a); s != "" {
			sp = []Span{plain(s)}
			break
		}
		sp = []Span{plain(upperFirst(strings.TrimRight(a.text, ". ")))}
	default: // click
		switch {
		case a.menu != "":
			sp = []Span{plain("Select "), named(name), plain(" in the "), named(a.menu), plain(" menu")}
		case a.role == "link" || a.role == "row" || a.role == "gridcell" || a.role == "cell":
			sp = []Span{plain("Open "), named(orDefault(name, "the link"))}
		case a.role == "tab":
			sp = []Span{plain("Go to the "), named(name), plain(" tab")}
		case a.role == "radio":
			sp = []Span{plain("Choose "), named(orDefault(a.choice, name))}
		case a.role == "checkbox" || a.role == "switch":
			sp = []Span{plain("Tick "), named(name)}
		case a.role == "text" && name == "":
			// The recorder keeps no text of what is not a control.
			sp = []Span{plain("Click the text on the page")}
		case name == "":
			sp = []Span{plain("Select the highlighted control")}
		default:
			sp = []Span{plain("Select "), named(name)}
		}
	}
	return append(sp, plain("."))
}

func list(items []string) []Span {
	var sp []Span
	for i, it := range items {
		switch {
		case i == 0:
		case i == len(items)-1:
			sp = append(sp, plain(" and "))
		default:
			sp = append(sp, plain(", "))
		}
		sp = append(sp, named(orDefault(it, "the field")))
	}
	return sp
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

func joinList(items []string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}

func (c *composer) roles(d *Document, role string, systems []string) {
	duties := "Performs the procedure"
	if len(systems) > 0 {
		duties += " in " + joinList(systems)
	}
	d.Roles = append(d.Roles, Role{Name: role, Duties: duties + "."})
	if hasKind(d, KindVerify) || hasKind(d, KindAccess) {
		d.Roles = append(d.Roles, Role{Name: "User", Duties: "Owns the account; asks for help, proves their identity and confirms they can sign in."})
	}
	d.Roles = append(d.Roles, Role{Name: "Security team", Duties: "Receives failed, refused or timed-out verifications and any suspected account compromise."})
}

func hasKind(d *Document, k Kind) bool {
	for _, s := range d.Steps() {
		if s.Kind == k {
			return true
		}
	}
	return false
}

func (c *composer) prose(d *Document, role string, systems []string) {
	date := c.rec.RecordedAt
	if t, err := time.Parse(time.RFC3339, date); err == nil {
		date = t.UTC().Format("2 January 2006")
	}
	what := "complete the " + d.Meta.Title + " task"
	switch {
	case stepMentions(d, KindAccess, "unlock"):
		what = "unlock a user's account"
	case stepMentions(d, KindAccess, "mfa", "factor", "authenticator", "enrol", "enroll"):
		what = "reset a user's multi-factor authentication"
	case stepMentions(d, KindAccess, "password", "reset"):
		what = "reset a user's password"
	}
	in := ""
	if len(systems) > 0 {
		in = " in " + joinList(systems)
	}
	d.Purpose = Section{Derived: true, Text: fmt.Sprintf("This procedure sets out how the %s should %s%s, so that every request is handled the same way and leaves an audit trail.", strings.ToLower(role), what, in)}
	d.Scope = Section{Derived: true, Text: fmt.Sprintf("Requests handled by the %s%s, as recorded on %s. Privileged, service and shared accounts are not covered by this recording: they follow the privileged-account procedure.", strings.ToLower(role), in, date)}
}

func stepMentions(d *Document, k Kind, terms ...string) bool {
	for _, s := range d.Steps() {
		if s.Kind != k {
			continue
		}
		ws := words(s.Plain())
		for _, t := range terms {
			for _, w := range ws {
				if strings.HasPrefix(w, t) {
					return true
				}
			}
		}
	}
	return false
}

// exceptions lists the alternative paths. A failed-verification path is
// taken from the recording when it shows one (an escalation, or a failed
// outcome followed by anything but access); otherwise a safe default is
// written and marked derived, so the rules still report that none was
// recorded.
func (c *composer) exceptions(d *Document) {
	steps := d.Steps()
	failedSeen := false
	for _, s := range steps {
		if s.Kind == KindVerify && (s.Outcome == "failed" || s.Outcome == "timed-out" || s.Outcome == "not-enough-answers") {
			failedSeen = true
		}
		if s.Kind == KindEscalate {
			d.Exceptions = append(d.Exceptions, Exception{
				ID:                 fmt.Sprintf("recorded-%d", len(d.Exceptions)+1),
				Trigger:            triggerFor(failedSeen),
				Action:             s.Plain(),
				FailedVerification: failedSeen || hasKind(d, KindVerify),
				Line:               s.Loc.Line,
			})
		}
	}
	if !hasFailedPath(d.Exceptions) {
		d.Exceptions = append(d.Exceptions, Exception{
			ID:                 "failed-verification",
			Trigger:            failedTrigger(lastMethod(steps)),
			Action:             "Do not reset or unlock anything. Record the outcome on the incident and escalate it to the Security team through its queue.",
			FailedVerification: true,
			Derived:            true,
		})
	}
	if hasKind(d, KindAccess) {
		d.Exceptions = append(d.Exceptions, Exception{
			ID:      "privileged-account",
			Trigger: "The account is privileged, a service account or a shared account.",
			Action:  "Stop. Follow the privileged-account recovery procedure instead.",
			Derived: true,
		})
	}
	// The decision after verification: the last verify step of each run of
	// verify steps branches to the failed-verification path. Steps of no
	// control kind (filling in the code, opening the next screen) do not end
	// a run: sending a code and entering it are one verification, decided
	// once.
	target := firstFailedPath(d.Exceptions)
	for i, s := range steps {
		if s.Kind != KindVerify {
			continue
		}
		next := i + 1
		for next < len(steps) && steps[next].Kind == KindOther {
			next++
		}
		if next == len(steps) || steps[next].Kind != KindVerify {
			s.Branches = append(s.Branches, Branch{When: "verification fails", Goto: target})
		}
	}
}

func triggerFor(failed bool) string {
	if failed {
		return "Identity verification fails."
	}
	return "The request cannot be completed as recorded."
}

func hasFailedPath(ex []Exception) bool { return firstFailedPath(ex) != "" }

func firstFailedPath(ex []Exception) string {
	for _, e := range ex {
		if e.FailedVerification {
			return e.ID
		}
	}
	return ""
}

func (c *composer) records(d *Document) {
	seen := map[string]bool{}
	add := func(r Record) {
		k := r.What + "\x00" + r.Where
		if !seen[k] {
			seen[k] = true
			d.Records = append(d.Records, r)
		}
	}
	for _, s := range d.Steps() {
		where := ""
		if s.System != "" {
			where = s.System
		}
		switch {
		case s.Kind == KindLog && s.Record != "":
			add(Record{What: s.Record, Where: where})
		case s.Kind == KindVerify && s.Outcome != "":
			add(Record{What: "The verification method and outcome", Where: where})
		}
	}
	if len(d.Records) == 0 {
		add(Record{What: "No record-keeping step was recorded: write the action, the verification method and outcome on the incident.", Derived: true})
	}
}

// policy is the default policy with the template's lists and limits.
func (c *composer) policy() Policy {
	p := DefaultPolicy()
	if c.opts.Template != nil {
		p = p.Merge(c.opts.Template.Policy)
	}
	return p.Merge(c.opts.Reviewed.Limits())
}

func (c *composer) applyTemplate(d *Document) {
	t := c.opts.Template
	if t == nil {
		return
	}
	if t.Purpose != "" {
		d.Purpose = Section{Text: t.Purpose}
	}
	if t.Scope != "" {
		d.Scope = Section{Text: t.Scope}
	}
	if len(t.Exceptions) > 0 {
		d.Exceptions = append(slices.DeleteFunc(d.Exceptions, func(e Exception) bool { return e.Derived }), t.Exceptions...)
		target := firstFailedPath(d.Exceptions)
		for _, s := range d.Steps() {
			for i := range s.Branches {
				s.Branches[i].Goto = target
			}
		}
	}
	if len(t.Records) > 0 {
		d.Records = append(slices.DeleteFunc(d.Records, func(r Record) bool { return r.Derived }), t.Records...)
	}
	for _, r := range t.Roles {
		if !hasRole(d, r.Name) {
			d.Roles = append(d.Roles, r)
		}
	}
	m := t.Meta
	for _, f := range []struct {
		dst *string
		src string
	}{
		{&d.Meta.ID, m.ID}, {&d.Meta.Owner, m.Owner}, {&d.Meta.Approver, m.Approver},
		{&d.Meta.Effective, m.Effective}, {&d.Meta.NextReview, m.NextReview},
	} {
		if f.src != "" {
			*f.dst = f.src
		}
	}
}

func (c *composer) applyReviewed(d *Document) {
	r := c.opts.Reviewed
	if r == nil {
		return
	}
	if t := strings.TrimSpace(r.Purpose); t != "" {
		d.Purpose = Section{Text: t}
	}
	if t := strings.TrimSpace(r.Scope); t != "" {
		d.Scope = Section{Text: t}
	}
	if t := strings.TrimSpace(r.Owner); t != "" {
		d.Meta.Owner = t
	}
	if t := strings.TrimSpace(r.ReviewInterval); t != "" {
		d.Meta.ReviewInterval = t
	}
	for name, duties := range r.Roles {
		duties = strings.TrimSpace(duties)
		if duties == "" {
			continue
		}
		found := false
		for i := range d.Roles {
			if strings.EqualFold(d.Roles[i].Name, name) {
				d.Roles[i].Duties, found = duties, true
			}
		}
		if !found {
			d.Roles = append(d.Roles, Role{Name: name, Duties: duties})
		}
	}
	for key, action := range r.Exceptions {
		action = strings.TrimSpace(action)
		if action == "" {
			continue
		}
		for i := range d.Exceptions {
			e := &d.Exceptions[i]
			if e.ID == key || strings.EqualFold(e.Trigger, key) {
				e.Action, e.Derived = action, false
			}
		}
	}
}

func hasRole(d *Document, name string) bool {
	for _, r := range d.Roles {
		if strings.EqualFold(r.Name, name) {
			return true
		}
	}
	return false
}

// Systems lists the systems the procedure's steps use, in first-use order.
func (d *Document) Systems() []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range d.Steps() {
		if s.System != "" && !seen[s.System] {
			seen[s.System] = true
			out = append(out, s.System)
		}
	}
	return out
}

// SortFindings orders findings by file, line, rule and step number so that
// output is stable.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Location.File != b.Location.File {
			return a.Location.File < b.Location.File
		}
		if a.Location.Line != b.Location.Line {
			return a.Location.Line < b.Location.Line
		}
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Step < b.Step
	})
}

// paramsOf lists the settings a committing act commits.
func paramsOf(a *act) []string {
	var out []string
	for _, s := range a.sets {
		switch {
		case s.action == "uncheck":
			out = append(out, "not "+s.name)
		case s.choice != "" && s.name != "":
			out = append(out, s.name+": "+s.choice)
		case s.choice != "":
			out = append(out, s.choice)
		case s.action == "check" || s.action == "select" || s.action == "click":
			out = append(out, s.name)
		case s.action == "input" && s.kind == "password":
			// A password typed by the agent: the setting that issues it.
			fields := s.fields
			if len(fields) == 0 {
				fields = []string{s.name}
			}
			out = append(out, "Type "+joinList(fields))
		}
	}
	return out
}

// recordOf says what evidence a logging act leaves: the fields filled in or
// the state chosen on the ticket.
func recordOf(a *act) string {
	if a.class != KindLog {
		return ""
	}
	// A commit records what its form set.
	if a.effect == interact.Commits && (a.action == "click" || a.action == "submit") {
		for _, s := range slices.Backward(a.sets) {
			if r := recordOf(&act{class: KindLog, action: s.action, name: s.name, choice: s.choice, fields: s.fields}); r != "" {
				return r
			}
		}
	}
	switch a.action {
	case "input":
		fields := a.fields
		if len(fields) == 0 {
			fields = []string{a.name}
		}
		return upperFirst(joinList(fields)) + " on the ticket"
	case "select":
		if a.name != "" && a.choice != "" {
			return "The ticket's " + a.name + " set to " + a.choice
		}
	case "note", "mark":
		return upperFirst(strings.TrimRight(a.text, ". "))
	}
	return ""
}
