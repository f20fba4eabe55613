package ingest_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
	"github.com/stepwise-sop/stepwise/sopgen"
)

// team is a service on a real store with one person of each role.
type team struct {
	svc                   *ingest.Service
	rita, rex, ann, admin ingest.Person
}

func newTeam(t *testing.T) *team {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "stepwise.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	clock := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	tm := &team{svc: &ingest.Service{Store: store, Now: func() time.Time { clock = clock.Add(time.Minute); return clock }}}
	for _, p := range []struct {
		to   *ingest.Person
		name string
		role ingest.Role
	}{{&tm.rita, "Rita Recorder", ingest.RoleRecorder}, {&tm.rex, "Rex Reviewer", ingest.RoleReviewer}, {&tm.ann, "Ann Approver", ingest.RoleApprover}, {&tm.admin, "Ada Admin", ingest.RoleAdmin}} {
		is, err := store.CreatePersonToken(ctx, "help-desk", p.name, p.role)
		if err != nil {
			t.Fatal(err)
		}
		*p.to = is.Person
	}
	return tm
}

func (tm *team) record(t *testing.T, by ingest.Person, id, note string) int {
	t.Helper()
	r, err := tm.svc.Ingest(context.Background(), ingest.Upload{Team: by.Team.ID, By: by, Body: ingesttest.Recording(id, "reset", "Reset", note)})
	if err != nil {
		t.Fatal(err)
	}
	return r.Version
}

func (tm *team) errorFingerprint(t *testing.T, v int) (string, sopgen.Finding) {
	t.Helper()
	_, res, err := tm.svc.Document(context.Background(), tm.rita.Team.ID, "reset", v)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Severity == sopgen.SeverityError {
			return f.Fingerprint, f
		}
	}
	t.Fatal("the recording has no control error")
	return "", sopgen.Finding{}
}

func wantErr(t *testing.T, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Errorf("%s: err = %v, want %v", what, err, want)
	}
}

func TestApprovalNeedsEveryControlErrorAcceptedAndAnotherPerson(t *testing.T) {
	ctx := context.Background()
	tm := newTeam(t)
	svc := tm.svc
	v1 := tm.record(t, tm.rita, "rec-0000001", "Told the user the ticket is closed.")
	if err := svc.SetStatus(ctx, tm.rita, "reset", v1, sopgen.StatusInReview, ""); err != nil {
		t.Fatal(err)
	}
	err := svc.SetStatus(ctx, tm.ann, "reset", v1, sopgen.StatusApproved, "")
	wantErr(t, "approve with an open control error", err, ingest.ErrNotAllowed)
	if err == nil || !strings.Contains(err.Error(), "exception-failed-verification-missing at step 2.1") {
		t.Errorf("the refusal does not name the error and its step: %v", err)
	}
	wantErr(t, "a recorder approves", svc.SetStatus(ctx, tm.rita, "reset", v1, sopgen.StatusApproved, ""), ingest.ErrForbidden)
	wantErr(t, "a reviewer approves", svc.SetStatus(ctx, tm.rex, "reset", v1, sopgen.StatusApproved, ""), ingest.ErrForbidden)

	fp, f := tm.errorFingerprint(t, v1)
	_, err = svc.Accept(ctx, tm.rita, "reset", v1, fp, "Escalation is in the desk's runbook.")
	wantErr(t, "a recorder accepts", err, ingest.ErrForbidden)
	_, err = svc.Accept(ctx, tm.rex, "reset", v1, fp, "  ")
	wantErr(t, "an acceptance without a reason", err, ingest.ErrInvalidInput)
	_, err = svc.Accept(ctx, tm.rex, "reset", v1, "no-such-fingerprint", "Because.")
	wantErr(t, "an acceptance of no finding", err, ingest.ErrInvalidInput)
	a, err := svc.Accept(ctx, tm.rex, "reset", v1, fp, "Escalation is in the desk's runbook.")
	if err != nil || a.Rule != f.Rule || a.Step != f.Step || a.By != "Rex Reviewer" {
		t.Fatalf("accept = %+v, %v", a, err)
	}
	_, res, err := svc.Document(ctx, tm.rita.Team.ID, "reset", v1)
	if err != nil {
		t.Fatal(err)
	}
	if r := res.Doc.Review; !r.Approvable() || r.Headline() != "Ready for approval" || len(res.Doc.Control.Accepted) != 1 {
		t.Errorf("review after the acceptance: %q, %+v", r.Headline(), res.Doc.Control.Accepted)
	}
	if err := svc.SetStatus(ctx, tm.ann, "reset", v1, sopgen.StatusApproved, "Checked against the runbook."); err != nil {
		t.Fatal(err)
	}
	_, res, err = svc.Document(ctx, tm.rita.Team.ID, "reset", v1)
	if err != nil {
		t.Fatal(err)
	}
	c := res.Doc.Control
	if c.Status != sopgen.StatusApproved || c.Approval == nil || c.Approval.By != "Ann Approver" || c.Approval.Comment != "Checked against the runbook." ||
		c.Effective != "2026-12-01" || len(c.History) != 1 || c.History[0].Summary != "First version." || c.History[0].ApprovedBy != "Ann Approver" {
		t.Errorf("control of the approved version = %+v", c)
	}
	if h := res.Doc.Review.Headline(); !strings.HasPrefix(h, "Approved by Ann Approver") {
		t.Errorf("headline = %q", h)
	}
	_, err = svc.Accept(ctx, tm.rex, "reset", v1, fp, "Again.")
	wantErr(t, "an acceptance on an approved version", err, ingest.ErrNotAllowed)
	wantErr(t, "a version superseded by hand", svc.SetStatus(ctx, tm.admin, "reset", v1, sopgen.StatusSuperseded, ""), ingest.ErrNotAllowed)
	wantErr(t, "a status that is none", svc.SetStatus(ctx, tm.admin, "reset", v1, "published", ""), ingest.ErrInvalidInput)
	wantErr(t, "a return to draft without a reason", svc.SetStatus(ctx, tm.admin, "reset", v1, sopgen.StatusDraft, ""), ingest.ErrInvalidInput)
}

func TestARecordingAfterApprovalIsADraftWithARedlineAndItsHistory(t *testing.T) {
	ctx := context.Background()
	tm := newTeam(t)
	svc := tm.svc
	v1 := tm.record(t, tm.rita, "rec-0000001", "Told the user the ticket is closed.")
	approve := func(v int, by ingest.Person) {
		t.Helper()
		if err := svc.SetStatus(ctx, tm.rita, "reset", v, sopgen.StatusInReview, ""); err != nil {
			t.Fatal(err)
		}
		_, res, err := svc.Document(ctx, tm.rita.Team.ID, "reset", v)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range res.Findings {
			if f.Severity != sopgen.SeverityError {
				continue
			}
			if _, err := svc.Accept(ctx, tm.rex, "reset", v, f.Fingerprint, "Escalation is in the runbook."); err != nil {
				t.Fatal(err)
			}
		}
		if err := svc.SetStatus(ctx, by, "reset", v, sopgen.StatusApproved, ""); err != nil {
			t.Fatal(err)
		}
	}
	approve(v1, tm.ann)
	approvedMD, err := svc.Artifact(ctx, tm.rita.Team.ID, "reset", v1, "sop.md")
	if err != nil {
		t.Fatal(err)
	}

	v2 := tm.record(t, tm.rita, "rec-0000002", "Confirmed the user can sign in.")
	_, res, err := svc.Document(ctx, tm.rita.Team.ID, "reset", v2)
	if err != nil {
		t.Fatal(err)
	}
	c := res.Doc.Control
	if c.Status != sopgen.StatusDraft || len(c.History) != 2 || c.History[0].Version != v1 || c.History[1].Version != v2 {
		t.Fatalf("control of the new draft = %+v", c)
	}
	if got, want := c.History[1].Summary, "From version 1: 1 step changed (5.1); resolved confirmation-missing."; got != want {
		t.Errorf("the draft's history line = %q, want %q", got, want)
	}
	vs, err := svc.Store.Versions(ctx, tm.rita.Team.ID, "reset")
	if err != nil {
		t.Fatal(err)
	}
	if from := ingest.ApprovedBefore(vs, v2); from != v1 {
		t.Errorf("the redline of version 2 starts from %d, want %d", from, v1)
	}

	// Reviewed text applies to the draft, and not to the approved version,
	// whose documents do not change.
	if _, err := svc.EditReviewed(ctx, tm.rita, "reset", sopgen.Reviewed{Purpose: "x"}, 0); !errors.Is(err, ingest.ErrForbidden) {
		t.Errorf("a recorder edits the reviewed text: %v", err)
	}
	rev, err := svc.EditReviewed(ctx, tm.rex, "reset", sopgen.Reviewed{Purpose: "Restore a caller's access only after their identity is verified.", Owner: "Service desk lead", ReviewInterval: "6 months",
		Exceptions: map[string]string{"failed-verification": "Reset nothing; record the outcome on the ticket and escalate it to the security team."}}, 0)
	if err != nil || rev != 1 {
		t.Fatalf("edit = %d, %v", rev, err)
	}
	_, res, err = svc.Document(ctx, tm.rita.Team.ID, "reset", v2)
	if err != nil {
		t.Fatal(err)
	}
	if res.Doc.Purpose.Text != "Restore a caller's access only after their identity is verified." || res.Doc.Control.Owner != "Service desk lead" {
		t.Errorf("the draft's purpose = %q, owner %q", res.Doc.Purpose.Text, res.Doc.Control.Owner)
	}
	if e := res.Doc.Exception("failed-verification"); e == nil || e.Action != "Reset nothing; record the outcome on the ticket and escalate it to the security team." || e.Derived {
		t.Errorf("the draft's failed-verification exception = %+v", e)
	}
	again, err := svc.Artifact(ctx, tm.rita.Team.ID, "reset", v1, "sop.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(again.Data) != string(approvedMD.Data) || again.Key != approvedMD.Key {
		t.Error("editing the reviewed text changed the approved version's SOP")
	}

	// Approving version 2 (by the admin this time) keeps the text it was
	// approved with, supersedes version 1 and dates the next review.
	before, err := svc.Artifact(ctx, tm.rita.Team.ID, "reset", v2, "sop.md")
	if err != nil {
		t.Fatal(err)
	}
	approve(v2, tm.admin)
	after, err := svc.Artifact(ctx, tm.rita.Team.ID, "reset", v2, "sop.md")
	if err != nil {
		t.Fatal(err)
	}
	if after.Key == before.Key {
		t.Error("the approval did not change the artifact's key: a cache would serve the draft's bytes")
	}
	if _, err := svc.EditReviewed(ctx, tm.rex, "reset", sopgen.Reviewed{Purpose: "Something else."}, 1); err != nil {
		t.Fatal(err)
	}
	_, res, err = svc.Document(ctx, tm.rita.Team.ID, "reset", v2)
	if err != nil {
		t.Fatal(err)
	}
	c = res.Doc.Control
	if res.Doc.Purpose.Text != "Restore a caller's access only after their identity is verified." || c.NextReview != "2027-06-01" ||
		c.History[0].Status != sopgen.StatusSuperseded || !strings.HasPrefix(c.History[1].Summary, "From version 1:") {
		t.Errorf("approved version 2: purpose %q, control %+v", res.Doc.Purpose.Text, c)
	}
	log, err := svc.Audit(ctx, tm.rita.Team.ID, "reset", 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, string(e.Action))
	}
	// Version 2 has no error to accept: the reviewed text gives the path
	// for a failed verification.
	want := "recorded submitted_for_review finding_accepted approved recorded reviewed_text_edited submitted_for_review superseded approved reviewed_text_edited"
	if got := strings.Join(actions, " "); got != want {
		t.Errorf("audit actions:\n%s\nwant\n%s", got, want)
	}
	if _, err := svc.Audit(ctx, tm.rita.Team.ID, "nowhere", 0, 0); !errors.Is(err, ingest.ErrNotFound) {
		t.Errorf("audit of no workflow: %v", err)
	}
}

func TestReviewedTextIsCheckedBeforeItIsKept(t *testing.T) {
	for _, c := range []struct {
		name    string
		r       sopgen.Reviewed
		pointer string
	}{
		{"a purpose too long", sopgen.Reviewed{Purpose: strings.Repeat("a", ingest.MaxReviewedSection+1)}, "/purpose"},
		{"a control character", sopgen.Reviewed{Scope: "All agents\x1b[2J"}, "/scope"},
		{"a picture as a data: URI", sopgen.Reviewed{Owner: "data:image/png;base64,iVBORw0KGgo="}, "/owner"},
		{"an interval that is not one", sopgen.Reviewed{ReviewInterval: "yearly-ish"}, "/review_interval"},
		{"too many roles", sopgen.Reviewed{Roles: manyEntries(ingest.MaxReviewedRoles + 1)}, "/roles"},
		{"a role name with a slash", sopgen.Reviewed{Roles: map[string]string{"Agent/Lead": strings.Repeat("x", ingest.MaxReviewedEntry+1)}}, "/roles/Agent~1Lead"},
		{"attempts out of range", sopgen.Reviewed{MaxAttempts: 1000}, "/max_attempts"},
		{"resets below zero", sopgen.Reviewed{ResetsPerDay: -1}, "/resets_per_day"},
		{"a lifetime that is no duration", sopgen.Reviewed{LinkLifetime: "a while"}, "/link_lifetime"},
		{"a retention that is no duration", sopgen.Reviewed{Retention: "forever"}, "/retention"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ingest.CleanReviewed(c.r)
			var ie *ingest.InputError
			if !errors.As(err, &ie) || len(ie.Errors) == 0 || ie.Errors[0].Pointer != c.pointer {
				t.Fatalf("err = %v, want an input error at %s", err, c.pointer)
			}
		})
	}
	got, err := ingest.CleanReviewed(sopgen.Reviewed{Purpose: "  Personal data: kept 90 days.\r\n", Roles: map[string]string{"Agent": " ", "Lead": "Approves."}})
	if err != nil || got.Purpose != "Personal data: kept 90 days." || len(got.Roles) != 1 {
		t.Errorf("clean text = %+v, %v", got, err)
	}
}

func manyEntries(n int) map[string]string {
	m := map[string]string{}
	for i := range n {
		m[strings.Repeat("r", i+1)] = "duty"
	}
	return m
}

// What people write to the server — a comment, a reason, reviewed text —
// is scrubbed of personal data as a recording's notes are.
func TestCommentsReasonsAndReviewedTextAreScrubbed(t *testing.T) {
	ctx := context.Background()
	tm := newTeam(t)
	svc := tm.svc
	v1 := tm.record(t, tm.rita, "rec-0000009", "Told the user the ticket is closed.")
	secrets := []string{"jane.doe@example.com", "020 7946 0958"}
	if err := svc.SetStatus(ctx, tm.rita, "reset", v1, sopgen.StatusInReview, "Caller was jane.doe@example.com"); err != nil {
		t.Fatal(err)
	}
	fp, _ := tm.errorFingerprint(t, v1)
	if _, err := svc.Accept(ctx, tm.rex, "reset", v1, fp, "Escalate by calling 020 7946 0958."); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.EditReviewed(ctx, tm.rex, "reset", sopgen.Reviewed{Purpose: "Ask jane.doe@example.com first.", Roles: map[string]string{"Lead": "On 020 7946 0958."}}, 0); err != nil {
		t.Fatal(err)
	}
	_, res, err := svc.Document(ctx, tm.rita.Team.ID, "reset", v1)
	if err != nil {
		t.Fatal(err)
	}
	log, err := svc.Store.Audit(ctx, tm.rita.Team.ID, "reset", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var md bytes.Buffer
	if err := res.Write("sop.md", &md); err != nil {
		t.Fatal(err)
	}
	kept := fmt.Sprintf("%+v %+v %s", res.Doc.Control, log, md.String())
	for _, s := range secrets {
		if strings.Contains(kept, s) {
			t.Errorf("%q is kept: %s", s, kept)
		}
	}
	if !strings.Contains(md.String(), "Escalate by calling") {
		t.Error("the scrubbed reason is not in the SOP at all: the test reads nothing")
	}
}
