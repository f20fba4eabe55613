package sopgen

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"testing"
)

func mustCompose(tb testing.TB, path string, opts Options) *Document {
	tb.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	rec, err := ParseRecording(data)
	if err != nil {
		tb.Fatal(err)
	}
	d, err := Compose(rec, opts)
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// actionOutline is "kind effect text" per recorded action, through the
// steps that fold them (a step of one action is that action).
func actionOutline(steps []*ProcStep) []string {
	var out []string
	for _, s := range steps {
		if len(s.Actions) == 0 {
			out = append(out, fmt.Sprintf("%s %s %s", s.Kind, s.Effect, s.Plain()))
			continue
		}
		last := ""
		for _, a := range s.Actions {
			if a.Text == last {
				continue // a recorded step folded into the act before it
			}
			last = a.Text
			out = append(out, fmt.Sprintf("%s %s %s", a.Kind, a.Effect, a.Text))
		}
	}
	return out
}

// outline is "kind method channel outcome | text" per step.
func outline(d *Document) []string {
	var out []string
	for _, s := range d.Steps() {
		out = append(out, strings.Join([]string{s.Number, string(s.Kind), s.Method, s.Channel, s.Outcome}, " ")+" | "+s.Plain())
	}
	return out
}

func TestComposeWritesAnSOPFromTheSMSReset(t *testing.T) {
	d := mustCompose(t, "../examples/password-reset-sms/recording.json", Options{})
	// One step per unit of work: what was opened and set, then the commit
	// that completes it, led by what the unit does.
	want := []string{
		"1.1 intake    | Take the request: open the Incidents page in Service Desk; then open the incident.",
		"2.1 verify sms-code   | Verify the user's identity: in Verification method, choose SMS code to registered mobile; then select Send code.",
		"2.2 verify sms-code  passed | Verify the user's identity: fill in Verification code; then in Verification result, choose Passed.",
		"3.1 access  sms  | Reset the password: select Reset password in the More actions menu; in Reset method, choose Auto-generate a temporary password; tick User must change password at next sign-in; in Send temporary password via, choose SMS to registered mobile; then select Reset.",
		"4.1 confirm    | Confirm with the user that they could sign in with the temporary password and were asked to change it.",
		"5.1 log    | Record the work on the ticket: fill in Work notes; then select Post.",
		"5.2 log    | Close the ticket: in State, choose Resolved; then select Save.",
	}
	got := outline(d)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("procedure:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var titles []string
	for _, p := range d.Phases {
		titles = append(titles, p.Title)
	}
	if got, want := strings.Join(titles, "; "), "Receive the request; Verify the user's identity; Restore access; Confirm the user can sign in; Record and close"; got != want {
		t.Errorf("phases = %q, want %q", got, want)
	}
	v := d.Steps()[2]
	if len(v.Branches) != 1 || d.Exception(v.Branches[0].Goto) == nil || !d.Exception(v.Branches[0].Goto).FailedVerification {
		t.Errorf("the last verification step has no failed-verification branch: %+v", v.Branches)
	}
}

func TestNormalizeFoldsRecorderNoise(t *testing.T) {
	d := mustCompose(t, "../examples/password-reset-sms/recording.json", Options{})
	// 19 recorded steps: the wait, the focus click on the code field and
	// the menu button fold away before the units are written; each step
	// keeps its recorded actions as evidence.
	if got, want := len(d.Steps()), 7; got != want {
		t.Errorf("%d steps, want %d", got, want)
	}
	code := d.Steps()[2]
	var texts []string
	for _, a := range code.Actions {
		texts = append(texts, fmt.Sprintf("%d %s %s %s", a.Index, a.Kind, a.Effect, a.Text))
	}
	want := []string{
		"5 other sets Fill in Verification code.", // the focus click, folded into the entry
		"6 other sets Fill in Verification code.",
		"7 verify sets In Verification result, choose Passed.",
	}
	if strings.Join(texts, "\n") != strings.Join(want, "\n") {
		t.Errorf("code entry actions:\n%s\nwant:\n%s", strings.Join(texts, "\n"), strings.Join(want, "\n"))
	}
	// Send code (12.1 s) took until the code was entered (32 s: the wait
	// folded into it); the choice of method before it, 2.3 s.
	if got, want := d.Steps()[1].Duration, int64(32000-12100)+(12100-9800); got != want {
		t.Errorf("the SMS code unit took %d ms, want %d", got, want)
	}
}

func TestNormalizeFoldsConsecutiveInputsOfOneForm(t *testing.T) {
	rec := &Recording{Schema: Schema, ID: "rec-form-0001", Workflow: "form", RecordedAt: "2026-11-01T00:00:00Z", Steps: []Step{
		{T: 0, Action: "input", Page: "New user", Target: &Target{Role: "textbox", Name: "First name"}, FieldKind: "text"},
		{T: 10, Action: "input", Page: "New user", Target: &Target{Role: "textbox", Name: "Last name"}, FieldKind: "text"},
		{T: 20, Action: "input", Page: "New user", Target: &Target{Role: "textbox", Name: "Phone"}, FieldKind: "tel"},
		{T: 30, Action: "click", Page: "New user", Target: &Target{Role: "button", Name: "Create"}},
		{T: 40, Action: "click", Page: "New user", Target: &Target{Role: "button", Name: "Create"}},
	}}
	d, err := Compose(rec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := outline(d)
	// The inputs fold into one action; with the Create that commits them
	// they are one unit of work, so one step.
	want := []string{"1.1 other    | Fill in First name, Last name and Phone; then select Create."}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestComposeWordsAClickOnStaticTextWithoutItsText(t *testing.T) {
	rec := &Recording{Schema: Schema, ID: "rec-text-0001", Workflow: "text", RecordedAt: "2026-11-01T00:00:00Z", Steps: []Step{
		{T: 0, Action: "click", Page: "User", Target: &Target{Role: "text"}},
		{T: 10, Action: "click", Page: "User", Target: &Target{Role: "textbox"}},
	}}
	d, err := Compose(rec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(outline(d), "\n")
	want := "1.1 other    | Click the text on the page; then select the highlighted control."
	if got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}

func TestGeneralizeReplacesTicketsAndPeople(t *testing.T) {
	for _, path := range []string{"../examples/password-reset-portal/recording.json", "../examples/account-unlock/recording.json"} {
		d := mustCompose(t, path, Options{})
		all := strings.Join(outline(d), "\n")
		for _, specific := range []string{"INC0020077", "IMS0004521", "Jordan Rivera", "Sam Patel"} {
			if strings.Contains(all, specific) {
				t.Errorf("%s: procedure still names %q:\n%s", path, specific, all)
			}
		}
		if !strings.Contains(strings.ToLower(all), "open the user") {
			t.Errorf("%s: the person picked from a list did not become the user:\n%s", path, all)
		}
	}
}

func TestClassifyKnowsVerificationMethodsAndChannels(t *testing.T) {
	// A setting's kind and parameters belong to the step that commits its
	// form: those cases are followed by a neutral Save, and checked there.
	save := Step{T: 1, Action: "click", Target: &Target{Role: "button", Name: "Save"}}
	cases := []struct {
		step                     Step
		kind                     Kind
		method, channel, outcome string
	}{
		{Step{Action: "select", Target: &Target{Name: "Verification method"}, Choice: "Security questions"}, KindVerify, "security-questions", "", ""},
		{Step{Action: "select", Target: &Target{Name: "Verification method"}, Choice: "Ask for date of birth"}, KindVerify, "personal-data", "", ""},
		{Step{Action: "click", Target: &Target{Role: "button", Name: "Send code to registered email"}}, KindVerify, "email-code", "", ""},
		{Step{Action: "click", Target: &Target{Role: "button", Name: "Send verification link"}}, KindVerify, "portal", "", ""},
		{Step{Action: "select", Target: &Target{Name: "Verification result"}, Choice: "Timed out"}, KindVerify, "", "", "timed-out"},
		{Step{Action: "select", Target: &Target{Name: "Verification result"}, Choice: "Not enough questions answered"}, KindVerify, "", "", "not-enough-answers"},
		{Step{Action: "select", Target: &Target{Name: "Verification result"}, Choice: "Failed"}, KindVerify, "", "", "failed"},
		{Step{Action: "click", Target: &Target{Role: "button", Name: "Unlock account"}}, KindAccess, "", "", ""},
		{Step{Action: "select", Target: &Target{Name: "Reset method"}, Choice: "Type a temporary password"}, KindAccess, "", "", ""},
		{Step{Action: "note", Text: "Read the new password aloud to the caller"}, KindDeliver, "", "read-aloud", ""},
		{Step{Action: "click", Target: &Target{Role: "button", Name: "Send password by chat"}}, KindDeliver, "", "chat", ""},
		{Step{Action: "click", Target: &Target{Role: "button", Name: "Send reset instructions"}}, KindDeliver, "", "reset-link", ""},
		{Step{Action: "input", Target: &Target{Name: "Work notes"}, FieldKind: "text"}, KindLog, "", "", ""},
		{Step{Action: "click", Target: &Target{Role: "button", Name: "Escalate to Security"}}, KindEscalate, "", "", ""},
		{Step{Action: "note", Mark: "confirmation", Text: "Done"}, KindConfirm, "", "", ""},
	}
	for _, tc := range cases {
		name := tc.step.Action + " " + tc.step.Choice + tc.step.Text
		if tc.step.Target != nil {
			name += " " + tc.step.Target.Name
		}
		t.Run(name, func(t *testing.T) {
			tc.step.T = 0
			steps := []Step{tc.step}
			if tc.step.Action == "select" || tc.step.Action == "input" {
				steps = append(steps, save)
			}
			rec := &Recording{Schema: Schema, ID: "rec-class-0001", Workflow: "c", RecordedAt: "2026-11-01T00:00:00Z", Steps: steps}
			d, err := Compose(rec, Options{})
			if err != nil {
				t.Fatal(err)
			}
			s := d.Steps()[len(d.Steps())-1]
			if tc.outcome != "" {
				s = d.Steps()[0] // an outcome chosen is the record of the verification itself
			}
			if s.Kind != tc.kind || s.Method != tc.method || s.Channel != tc.channel || s.Outcome != tc.outcome {
				t.Errorf("got kind=%s method=%q channel=%q outcome=%q, want %s %q %q %q", s.Kind, s.Method, s.Channel, s.Outcome, tc.kind, tc.method, tc.channel, tc.outcome)
			}
		})
	}
}

func TestLoadVocabularyExtendsTheBuiltInOne(t *testing.T) {
	v, err := LoadVocabulary(strings.NewReader(`{"entries": [{"kind": "verify", "method": "badge-scan", "terms": ["scan+badge"]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	rec := &Recording{Schema: Schema, ID: "rec-vocab-0001", Workflow: "v", RecordedAt: "2026-11-01T00:00:00Z", Steps: []Step{
		{Action: "click", Target: &Target{Name: "Scan the badge"}},
		{T: 1, Action: "click", Target: &Target{Name: "Reset password"}},
	}}
	d, err := Compose(rec, Options{Vocabulary: v})
	if err != nil {
		t.Fatal(err)
	}
	if s := d.Steps()[0]; s.Kind != KindVerify || s.Method != "badge-scan" {
		t.Errorf("extended term: kind=%s method=%s", s.Kind, s.Method)
	}
	if s := d.Steps()[1]; s.Kind != KindAccess {
		t.Errorf("built-in term lost: kind=%s", s.Kind)
	}
	if _, err := LoadVocabulary(strings.NewReader(`{"entries": [{"kind": "teleport", "terms": ["x"]}]}`)); err == nil {
		t.Error("an unknown kind was accepted")
	}
	if _, err := LoadVocabulary(strings.NewReader(`{"entrys": []}`)); err == nil {
		t.Error("an unknown key was accepted")
	}
}

func TestTemplateReplacesDerivedText(t *testing.T) {
	tmpl := &Template{
		Purpose:    "Reviewed purpose.",
		Scope:      "Reviewed scope.",
		Exceptions: []Exception{{ID: "t1", Trigger: "Verification fails.", Action: "Escalate to the Security team.", FailedVerification: true}},
		Policy:     Policy{VerificationMethods: []string{"portal"}},
	}
	d := mustCompose(t, "../examples/password-reset-sms/recording.json", Options{Template: tmpl})
	if d.Purpose.Text != "Reviewed purpose." || d.Purpose.Derived || d.Scope.Derived {
		t.Errorf("purpose/scope not taken from the template: %+v %+v", d.Purpose, d.Scope)
	}
	// The template's one exception says nothing of the other outcomes of
	// an SMS code: those are added, the derived defaults it replaces are
	// not kept.
	var derived []string
	for _, e := range d.Exceptions {
		if e.Derived {
			derived = append(derived, e.ID)
		}
	}
	if want := []string{"verification-passed", "verification-refused", "verification-timed-out", "attempts-exhausted", "reset-limit"}; !slices.Equal(derived, want) {
		t.Errorf("derived exceptions beside the template's = %v, want the outcomes it does not cover %v", derived, want)
	}
	full := *tmpl
	full.Exceptions = append(slices.Clone(tmpl.Exceptions),
		Exception{ID: "t2", Trigger: "Verification passes.", Action: "Carry on."},
		Exception{ID: "t3", Trigger: "The caller refuses the check, the code expires, or three attempts fail.", Action: "Escalate."},
		Exception{ID: "t4", Trigger: "The account was reset three times in 24 hours.", Action: "Escalate."})
	for _, e := range mustCompose(t, "../examples/password-reset-sms/recording.json", Options{Template: &full}).Exceptions {
		if e.Derived {
			t.Errorf("derived exception %q kept beside a template that covers every outcome", e.ID)
		}
	}
	for _, s := range d.Steps() {
		for _, b := range s.Branches {
			if b.Goto != "t1" {
				t.Errorf("branch of %s goes to %q, want the template's exception", s.Number, b.Goto)
			}
		}
	}
	if got := d.Policy.VerificationMethods; len(got) != 1 || got[0] != "portal" {
		t.Errorf("policy = %v", got)
	}
}

func TestComposeDoesNotModifyTheRecording(t *testing.T) {
	data, _ := os.ReadFile("../examples/hostile/recording.json")
	rec, err := ParseRecording(data)
	if err != nil {
		t.Fatal(err)
	}
	before := rec.Steps[2].Text
	if _, err := Compose(rec, Options{}); err != nil {
		t.Fatal(err)
	}
	if rec.Steps[2].Text != before {
		t.Error("Compose scrubbed the caller's recording in place")
	}
}

func TestTimingsNeverOverflow(t *testing.T) {
	cases := []struct {
		name string
		t    func(i int) int64
		dur  int64
	}{
		// What the decoder accepts at most: t and every duration at 7 days.
		{"the largest timings the format allows", func(i int) int64 { return MaxMillis }, MaxMillis},
		// What a caller of Compose could pass without the decoder.
		{"timings near the int64 maximum", func(i int) int64 { return math.MaxInt64 - 10 + int64(i%3) }, math.MaxInt64},
		{"negative timings", func(i int) int64 { return -int64(i) }, math.MinInt64},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := &Recording{Schema: Schema, ID: "rec-timing-01", Workflow: "timing", RecordedAt: "2026-11-01T10:00:00Z"}
			for i := range MaxSteps {
				rec.Steps = append(rec.Steps, Step{T: tc.t(i), Duration: tc.dur, Action: "click", Target: &Target{Role: "button", Name: fmt.Sprintf("Button %d", i)}})
			}
			d, err := Compose(rec, Options{})
			if err != nil {
				t.Fatal(err)
			}
			r := NewReport(d, nil)
			// Each step lasts at most MaxMillis, the last at most the sum
			// of the durations folded into it.
			bound := int64(MaxSteps) * MaxMillis * 2
			for _, ph := range r.Timing.Phases {
				if ph.MS < 0 || ph.MS > bound {
					t.Errorf("phase %d: %d ms, want 0 to %d", ph.Number, ph.MS, bound)
				}
			}
			for _, s := range d.Steps() {
				if s.Start < 0 || s.Duration < 0 || s.Duration > bound {
					t.Fatalf("step %s: start %d, duration %d", s.Number, s.Start, s.Duration)
				}
			}
			if got := r.Timing.TotalMS; got < 0 || got > bound {
				t.Errorf("total = %d ms, want 0 to %d", got, bound)
			}
		})
	}
}

func TestComposeGivesControlKindsToTheCommitNotTheOpener(t *testing.T) {
	t.Parallel()
	const dialog = "Reset password | Console"
	click := func(ms int64, role, name string) Step {
		return Step{T: ms, Action: "click", Page: dialog, Target: &Target{Role: role, Name: name}}
	}
	rec := &Recording{Schema: Schema, ID: "rec-units-0001", Workflow: "u", RecordedAt: "2026-11-01T00:00:00Z", Steps: []Step{
		click(0, "button", "More actions"),
		click(1000, "menuitem", "Reset password"),
		click(2000, "button", "Continue to verify"),
		{T: 3000, Action: "select", Page: dialog, Target: &Target{Role: "radio", Name: "Verification method"}, Choice: "SMS code to registered mobile"},
		click(4000, "button", "Send code"),
		{T: 5000, Action: "input", Page: dialog, Target: &Target{Role: "textbox", Name: "Code"}},
		click(6000, "button", "Verify"),
		click(7000, "button", "Continue to reset"),
		{T: 8000, Action: "select", Page: dialog, Target: &Target{Role: "radio", Name: "Password"}, Choice: "Auto-generate a password"},
		click(9000, "button", "Reset password"),
		click(10000, "button", "Close"),
	}}
	d, err := Compose(rec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := actionOutline(d.Steps())
	want := []string{
		"other opens Select Reset password in the More actions menu.",
		"other opens Select Continue to verify.",
		"other sets In Verification method, choose SMS code to registered mobile.",
		"verify commits Select Send code.",
		"other sets Fill in Code.",
		"verify commits Select Verify.",
		"other opens Select Continue to reset.",
		"other sets In Password, choose Auto-generate a password.",
		"access commits Select Reset password.",
		"other opens Select Close.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("steps:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	var reset *ProcStep
	for _, s := range d.Steps() {
		if s.Kind == KindAccess {
			reset = s
		}
	}
	if want := "access commits Reset the password: select Continue to reset; in Password, choose Auto-generate a password; then select Reset password; select Close."; fmt.Sprintf("%s %s %s", reset.Kind, reset.Effect, reset.Plain()) != want {
		t.Errorf("the reset step reads %q, want %q", reset.Plain(), want)
	}
	if want := []string{"Password: Auto-generate a password"}; !slices.Equal(reset.Params, want) {
		t.Errorf("the reset commits %q, want %q", reset.Params, want)
	}
}

func TestComposePutsFindingTheAccountInItsOwnPhase(t *testing.T) {
	t.Parallel()
	const page = "Users | Console"
	rec := &Recording{Schema: Schema, ID: "rec-identify-0001", Workflow: "i", RecordedAt: "2026-11-01T00:00:00Z", Steps: []Step{
		{T: 0, Action: "navigate", Page: "INC0001234 | Service Desk", App: "Service Desk"},
		{T: 1000, Action: "note", Mark: "verification", Text: "Verified the caller with a code sent to the registered mobile."},
		{T: 2000, Action: "open_tab", Page: page},
		{T: 3000, Action: "click", Page: page, Target: &Target{Role: "link", Name: "Users"}},
		{T: 4000, Action: "input", Page: page, Target: &Target{Role: "searchbox", Name: "Search users"}},
		{T: 5000, Action: "click", Page: page, Target: &Target{Role: "link", Name: IdentifierPlaceholder}},
		{T: 6000, Action: "click", Page: page, Target: &Target{Role: "button", Name: "Unlock account"}},
	}}
	d, err := Compose(rec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ph := range d.Phases {
		var ks []string
		for _, a := range actionOutline(ph.Steps) {
			ks = append(ks, strings.Fields(a)[0])
		}
		got = append(got, ph.Title+": "+strings.Join(ks, " "))
	}
	want := []string{
		"Receive the request: intake",
		"Verify the user's identity: verify",
		"Identify the account: other intake intake intake",
		"Restore access: access",
	}
	if !slices.Equal(got, want) {
		t.Errorf("phases:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestAVerificationIsDecidedOnceThoughItsCodeIsFilledInBetween(t *testing.T) {
	// Send code (verify), fill in the code (no control kind), choose the
	// result (verify): one verification, one decision, on its last step.
	d := mustCompose(t, "../examples/password-reset-sms/recording.json", Options{})
	var branched []string
	for _, s := range d.Steps() {
		if len(s.Branches) > 0 {
			branched = append(branched, s.Plain())
		}
	}
	if len(branched) != 1 || !strings.Contains(branched[0], "Verification result") {
		t.Errorf("steps with the failed-verification branch = %q, want the one choosing the result", branched)
	}
}

// A ticket tool whose numbering the vocabulary does not know: the link
// named by a number on its list of incidents opens the ticket, and saving
// the form on the page that carries that number records on it. A row of
// search results that names a record is the pick of the account.
func TestComposeLearnsATicketNumberFromTheListItWasOpenedFrom(t *testing.T) {
	t.Parallel()
	const list, users = "Incident Management - Desk", "Users - Console"
	rec := &Recording{Schema: Schema, ID: "rec-tickets-0001", Workflow: "i", RecordedAt: "2026-11-01T00:00:00Z", Steps: []Step{
		{T: 0, Action: "navigate", Page: list, App: "Desk", Target: &Target{Role: "link", Name: "Incident Management"}},
		{T: 1000, Action: "click", Page: list, Target: &Target{Role: "link", Name: "I 2411 277"}},
		{T: 2000, Action: "note", Mark: "verification", Text: "Verified the caller with a code sent to the registered mobile."},
		{T: 3000, Action: "open_tab", Page: users},
		{T: 4000, Action: "input", Page: users, Target: &Target{Role: "searchbox", Name: "Search users"}},
		{T: 5000, Action: "click", Page: users, Target: &Target{Role: "row", Name: RecordPlaceholder}},
		{T: 6000, Action: "click", Page: users, Target: &Target{Role: "button", Name: "Unlock account"}},
		{T: 7000, Action: "switch_tab", Page: "I 2411 277 - Desk"},
		{T: 8000, Action: "input", Page: "I 2411 277 - Desk", Target: &Target{Role: "textbox", Name: "Action"}, FieldKind: "text"},
		{T: 9000, Action: "click", Page: "I 2411 277 - Desk", Target: &Target{Role: "button", Name: "Save"}},
	}}
	d, err := Compose(rec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[int]Kind{}
	for _, s := range d.Steps() {
		for _, e := range s.Evidence {
			kinds[e] = s.Kind
		}
	}
	for i, want := range map[int]Kind{1: KindIntake, 4: KindIntake, 5: KindIntake, 6: KindAccess, 9: KindLog} {
		if kinds[i] != want {
			t.Errorf("step %d: kind %s, want %s", i, kinds[i], want)
		}
	}
	for _, s := range d.Steps() {
		if strings.Contains(s.Plain(), "2411") {
			t.Errorf("step %s names the ticket's number: %q", s.Number, s.Plain())
		}
	}
}

func TestRecordNumber(t *testing.T) {
	for name, want := range map[string]bool{"I 2411 277": true, "T-88412": true, "#5120": true, "I " + PhonePlaceholder: true, "Password reset": false, "12": false, "Ticket for Jane 123": false} {
		if got := recordNumber(name); got != want {
			t.Errorf("recordNumber(%q) = %v, want %v", name, got, want)
		}
	}
}

// A search of a list of people finds the account even when no named row is
// picked after it (the row's own Edit button opens the form).
func TestComposeReadsASearchOfPeopleAsFindingTheAccount(t *testing.T) {
	t.Parallel()
	const users = "User Accounts - Site Administration - Forge"
	rec := &Recording{Schema: Schema, ID: "rec-search-0001", Workflow: "i", RecordedAt: "2026-11-01T00:00:00Z", Steps: []Step{
		{T: 0, Action: "navigate", Page: "INC0001234 | Service Desk", App: "Service Desk"},
		{T: 1000, Action: "note", Mark: "verification", Text: "Verified the caller with a code sent to the registered mobile."},
		{T: 2000, Action: "open_tab", Page: users},
		{T: 3000, Action: "click", Page: users, Target: &Target{Role: "link", Name: "User Accounts"}},
		{T: 4000, Action: "input", Page: users, Target: &Target{Role: "searchbox", Name: "Search..."}, FieldKind: "search"},
		{T: 5000, Action: "click", Page: users, Target: &Target{Role: "button", Name: "Search"}},
		{T: 6000, Action: "click", Page: users, Target: &Target{Role: "button", Name: "Unlock account"}},
	}}
	d, err := Compose(rec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[int]Kind{}
	for _, s := range d.Steps() {
		for _, e := range s.Evidence {
			kinds[e] = s.Kind
		}
	}
	for i, want := range map[int]Kind{3: KindIntake, 4: KindIntake, 5: KindIntake, 6: KindAccess} {
		if kinds[i] != want {
			t.Errorf("step %d: kind %s, want %s", i, kinds[i], want)
		}
	}
}

func TestGrantSetting(t *testing.T) {
	for _, tt := range []struct {
		name, choice string
		want         bool
	}{
		{"Grafana Admin", "Yes", true},
		{"Overall/Administer", "", true},
		{"Role", "Editor", true},
		{"Role", "Viewer", false},
		{"Grafana Admin", "No", false},
		{"Assignment group", "Service Desk", false},
		{"Reset method", "Auto-generate a temporary password", false},
	} {
		if got := GrantSetting(tt.name, tt.choice); got != tt.want {
			t.Errorf("GrantSetting(%q, %q) = %v, want %v", tt.name, tt.choice, got, tt.want)
		}
	}
}
