package sopgen

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestParseControlNamesTheBadInput(t *testing.T) {
	long := strings.Repeat("x", maxControlText+1)
	cases := map[string]struct{ in, want string }{
		"unknown field":     {`{"status":"draft","signature":"x"}`, `unknown field "signature"`},
		"unknown status":    {`{"status":"done"}`, `/status: "done" is not one of`},
		"approved, no one":  {`{"status":"approved"}`, `/approval: a approved version names who approved it`},
		"accepted, no why":  {`{"accepted":[{"rule":"r","by":"a","reason":" "}]}`, `/accepted/0: an accepted error needs a reason`},
		"long history text": {`{"history":[{"version":1,"date":"d"},{"version":2,"date":"d","summary":"` + long + `"}]}`, `/history/1/summary: text over`},
		"long role duties":  {`{"reviewed":{"roles":{"Agent":"` + long + `"}}}`, `/reviewed/roles/Agent: text over`},
		"two values":        {`{} {}`, `more than one JSON value`},
		"too big":           {`{"owner":"` + strings.Repeat("y", MaxControlBytes) + `"}`, `over the 1048576 limit`},
	}
	for name, tc := range cases {
		_, err := ParseControl([]byte(tc.in))
		if err == nil || !errors.Is(err, ErrBadControl) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want ErrBadControl saying %q", name, err, tc.want)
		}
	}
	f, err := ParseControl([]byte(`{"status":"approved","approval":{"by":"Ann","at":"2026-11-05T16:20:00Z"},"reviewed":{"purpose":"P"}}`))
	if err != nil || f.Status != StatusApproved || f.Approval.By != "Ann" || f.Reviewed.Purpose != "P" {
		t.Fatalf("a good control file: %+v, %v", f, err)
	}
}

func TestControlReviewCountsOpenErrorsOnly(t *testing.T) {
	at := time.Date(2026, 11, 5, 9, 0, 0, 0, time.UTC)
	findings := []Finding{
		{Rule: "logging-missing", Severity: SeverityWarning},
		{Rule: "verification-after-access", Severity: SeverityError, Step: "2.1", Fingerprint: "fp1"},
		{Rule: "delivery-channel-unapproved", Severity: SeverityError, Step: "2.2"},
		{Rule: "label-markup", Severity: SeverityInfo, Step: "1.1"},
	}
	d := &Document{}
	r := NewControlReview(d, findings)
	if r.Errors != 2 || r.Warnings != 1 || len(r.Items) != 3 || r.Approvable() || r.Headline() != "Not approvable: 2 control errors" {
		t.Fatalf("review = %+v, headline %q", r, r.Headline())
	}
	if r.Items[0].Finding.Severity != SeverityError || r.Items[2].Finding.Severity != SeverityWarning {
		t.Error("errors are not listed before warnings")
	}
	d.Control = &Control{Accepted: []Acceptance{
		{Fingerprint: "fp1", Reason: "r", By: "Ann", At: at},
		{Rule: "delivery-channel-unapproved", Step: "9.9", Reason: "other step", By: "Ann", At: at},
	}}
	r = NewControlReview(d, findings)
	if r.Errors != 1 || r.Headline() != "Not approvable: 1 control error" || r.Items[0].Accepted == nil {
		t.Fatalf("an acceptance by fingerprint was not applied, or one for another step was: %+v", r)
	}
	d.Control.Accepted = append(d.Control.Accepted, Acceptance{Rule: "delivery-channel-unapproved", Step: "2.2", Reason: "r", By: "Ann", At: at})
	if r = NewControlReview(d, findings); !r.Approvable() || r.Headline() != "Ready for approval" {
		t.Errorf("every error accepted, yet %q", r.Headline())
	}
	d.Control.Status, d.Control.Approval = StatusApproved, &Approval{By: "Bo", At: at}
	if h := NewControlReview(d, findings).Headline(); h != "Approved by Bo on 2026-11-05" {
		t.Errorf("approved headline = %q", h)
	}
	if got := CalloutLabel(r.Items[0]); got != "Accepted control error, step 2.1:" {
		t.Errorf("label of an accepted error = %q", got)
	}
}

func TestADraftNeverReadsAsApproved(t *testing.T) {
	d := &Document{Meta: Metadata{Approver: "Head of IT", Effective: "2026-12-01", NextReview: "2027-12-01", ReviewInterval: "12 months"}, Provenance: &Provenance{}}
	rows := map[string]string{}
	for _, r := range ControlRows(d) {
		rows[r[0]] = r[1]
	}
	if rows["Approval"] != "Awaiting approval by Head of IT" || rows["Effective"] != "On approval" || rows["Next review"] != "Every 12 months from approval" {
		t.Errorf("a generated draft's control rows: %v", rows)
	}
	d.Control = &Control{Status: StatusApproved, Approval: &Approval{By: "Ann", At: time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC)}}
	ApplyControl(d)
	rows = map[string]string{}
	for _, r := range ControlRows(d) {
		rows[r[0]] = r[1]
	}
	if rows["Approval"] != "Ann on 2026-11-05" || rows["Effective"] != "2026-11-05" || rows["Status"] != "Approved" {
		t.Errorf("an approved version's control rows: %v", rows)
	}
}

func TestReviewedTextWinsOverTemplateAndRecording(t *testing.T) {
	rv := &Reviewed{
		Purpose: "Reviewed purpose.", Owner: "Desk manager", ReviewInterval: "6 months",
		Roles:      map[string]string{"service desk agent": "Reviewed duties.", "Auditor": "Reads the records."},
		Exceptions: map[string]string{"failed-verification": "Reviewed failed path."},
	}
	d := mustCompose(t, "../examples/password-reset-sms/recording.json", Options{Reviewed: rv, Template: &Template{Purpose: "Template purpose."}})
	if d.Purpose.Text != "Reviewed purpose." || d.Purpose.Derived || d.Meta.Owner != "Desk manager" || d.Meta.ReviewInterval != "6 months" {
		t.Errorf("purpose/owner/interval: %+v %+v", d.Purpose, d.Meta)
	}
	duties := map[string]string{}
	for _, r := range d.Roles {
		duties[r.Name] = r.Duties
	}
	if duties["Service desk agent"] != "Reviewed duties." || duties["Auditor"] != "Reads the records." {
		t.Errorf("roles: %v", duties)
	}
	if e := d.Exception("failed-verification"); e == nil || e.Action != "Reviewed failed path." || e.Derived {
		t.Errorf("failed-verification exception: %+v", e)
	}
}

func TestReviewedPolicyLimitsReachTheExceptionsAndRecords(t *testing.T) {
	rv := &Reviewed{MaxAttempts: 5, ResetsPerDay: 2, LinkLifetime: "15 minutes", Retention: "2 years"}
	d := mustCompose(t, "../examples/password-reset-sms/recording.json", Options{Reviewed: rv, Template: &Template{Policy: Policy{MaxAttempts: 4, Retention: "1 year"}}})
	var triggers, actions string
	for _, e := range d.Exceptions {
		triggers += e.Trigger + "\n"
		actions += e.Action + "\n"
	}
	for _, want := range []string{"Verification has failed 5 times", "reset or unlocked 2 times in the last 24 hours", "(it is valid for 15 minutes)"} {
		if !strings.Contains(triggers, want) {
			t.Errorf("exceptions lack %q:\n%s", want, triggers)
		}
	}
	if !strings.Contains(actions, "(5 in all)") {
		t.Errorf("the expired-code path does not say how many attempts remain:\n%s", actions)
	}
	for _, r := range d.Records {
		if r.Retention != "2 years" {
			t.Errorf("record %q is kept for %q, want the reviewed retention", r.What, r.Retention)
		}
	}
}

func TestReviewListsErrorsInProcedureOrder(t *testing.T) {
	r := NewControlReview(&Document{}, []Finding{
		{Rule: "b", Severity: SeverityError, Step: "3.2"},
		{Rule: "w", Severity: SeverityWarning, Step: "1.1"},
		{Rule: "a", Severity: SeverityError, Step: "2.10"},
		{Rule: "c", Severity: SeverityError, Step: "2.9"},
		{Rule: "d", Severity: SeverityError},
	})
	var got []string
	for _, it := range r.Items {
		got = append(got, it.Finding.Rule)
	}
	if want := "d c a b w"; strings.Join(got, " ") != want {
		t.Errorf("order = %v, want %s", got, want)
	}
}
