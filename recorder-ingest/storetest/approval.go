package storetest

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
	"github.com/stepwise-sop/stepwise/sopgen"
)

// approvalTests are the store's part of the approval contract: statuses
// and their moves, separation of duties, the one approved version,
// acceptances, reviewed text and the audit log.
var approvalTests = []struct {
	name string
	run  func(*testing.T, Factory)
}{
	{"a version moves through the lifecycle and the log says who moved it", lifecycle},
	{"two approvals of one version through two handles: exactly one wins", racingApprovals},
	{"reviewed text is replaced only from the revision read", reviewedRevisions},
	{"the audit log pages in order", auditPages},
}

// newPerson makes a person with a token in team (created if needed).
func newPerson(t testing.TB, s Store, team, name string, role ingest.Role) ingest.Person {
	t.Helper()
	is, err := s.CreatePersonToken(context.Background(), team, name, role)
	if err != nil {
		t.Fatal(err)
	}
	return is.Person
}

var at = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

// Upload stores a new version of workflow for by and returns its number.
func Upload(t testing.TB, s ingest.Store, by ingest.Person, id, workflow string) int {
	t.Helper()
	body := ingesttest.Recording(id, workflow, "Reset", "Done.")
	sum := sha256.Sum256(body)
	r, err := s.PutRecording(context.Background(), ingest.Put{Team: by.Team.ID, ID: id, Workflow: workflow, Title: "Reset",
		BodyHash: sum[:], Recording: body, ReceivedAt: at, By: by})
	if err != nil {
		t.Fatalf("upload %s: %v", id, err)
	}
	return r.Version
}

func move(s ingest.Store, by ingest.Person, workflow string, v int, from, to sopgen.Status) error {
	action := map[sopgen.Status]ingest.AuditAction{sopgen.StatusInReview: ingest.ActionSubmitted, sopgen.StatusDraft: ingest.ActionReturned, sopgen.StatusApproved: ingest.ActionApproved}[to]
	c := ingest.StatusChange{Team: by.Team.ID, Workflow: workflow, Version: v, From: from, To: to, By: by, At: at, Action: action, Comment: "by " + by.Name}
	if to == sopgen.StatusApproved {
		c.Reviewed = &sopgen.Reviewed{Purpose: "Reset a password safely."}
		c.Summary = fmt.Sprintf("version %d", v)
	}
	_, err := s.ChangeStatus(context.Background(), c)
	return err
}

func mustIs(t testing.TB, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s: err = %v, want %v", what, err, want)
	}
}

func status(t testing.TB, s ingest.Store, team int64, workflow string, v int) sopgen.Status {
	t.Helper()
	st, err := s.Version(context.Background(), team, workflow, v)
	if err != nil {
		t.Fatal(err)
	}
	return st.Status
}

func lifecycle(t *testing.T, f Factory) {
	ctx := context.Background()
	s := f(t)(t)
	rita := newPerson(t, s, "help-desk", "Rita Recorder", ingest.RoleRecorder)
	ann := newPerson(t, s, "help-desk", "Ann Approver", ingest.RoleApprover)
	bob := newPerson(t, s, "help-desk", "Bob Admin", ingest.RoleAdmin)
	eve := newPerson(t, s, "other-team", "Eve Admin", ingest.RoleAdmin)

	v1 := Upload(t, s, rita, "rec-0000001", "reset")
	if got := status(t, s, rita.Team.ID, "reset", v1); got != sopgen.StatusDraft {
		t.Fatalf("a new version is %q, want draft", got)
	}
	mustIs(t, "approve a draft", move(s, ann, "reset", v1, sopgen.StatusInReview, sopgen.StatusApproved), ingest.ErrNotAllowed)
	if err := move(s, rita, "reset", v1, sopgen.StatusDraft, sopgen.StatusInReview); err != nil {
		t.Fatal(err)
	}
	mustIs(t, "submit twice", move(s, rita, "reset", v1, sopgen.StatusDraft, sopgen.StatusInReview), ingest.ErrNotAllowed)
	mustIs(t, "the uploader approves", move(s, rita, "reset", v1, sopgen.StatusInReview, sopgen.StatusApproved), ingest.ErrForbidden)
	mustIs(t, "another team approves", move(s, eve, "reset", v1, sopgen.StatusInReview, sopgen.StatusApproved), ingest.ErrNotFound)
	if err := s.Accept(ctx, ingest.Acceptance{Team: ann.Team.ID, Workflow: "reset", Version: v1, By: ann,
		Finding: sopgen.Acceptance{Rule: "logging-missing", Step: "3.1", Fingerprint: "fp1", Reason: "logged by the tool", By: ann.Name, At: at}}); err != nil {
		t.Fatal(err)
	}
	mustIs(t, "accept twice", s.Accept(ctx, ingest.Acceptance{Team: ann.Team.ID, Workflow: "reset", Version: v1, By: ann,
		Finding: sopgen.Acceptance{Rule: "logging-missing", Step: "3.1", Fingerprint: "fp1", Reason: "again", By: ann.Name, At: at}}), ingest.ErrNotAllowed)
	if err := move(s, ann, "reset", v1, sopgen.StatusInReview, sopgen.StatusApproved); err != nil {
		t.Fatalf("an approver approves another's upload: %v", err)
	}
	st, err := s.Version(ctx, rita.Team.ID, "reset", v1)
	if err != nil {
		t.Fatal(err)
	}
	if st.Status != sopgen.StatusApproved || st.Approval == nil || st.Approval.By != "Ann Approver" || st.Approval.Role != "approver" ||
		st.Approval.Reviewed.Purpose != "Reset a password safely." || st.Uploader != "Rita Recorder" {
		t.Fatalf("approved version = %+v, approval %+v", st, st.Approval)
	}
	mustIs(t, "return an approved version", move(s, ann, "reset", v1, sopgen.StatusInReview, sopgen.StatusDraft), ingest.ErrNotAllowed)
	mustIs(t, "accept on an approved version", s.Accept(ctx, ingest.Acceptance{Team: ann.Team.ID, Workflow: "reset", Version: v1, By: ann,
		Finding: sopgen.Acceptance{Rule: "x", Fingerprint: "fp2", Reason: "r", By: ann.Name, At: at}}), ingest.ErrNotAllowed)
	acc, err := s.Acceptances(ctx, ann.Team.ID, "reset", v1)
	if err != nil || len(acc) != 1 || acc[0].Reason != "logged by the tool" || acc[0].By != "Ann Approver" {
		t.Fatalf("acceptances = %+v, %v", acc, err)
	}

	// A re-recording is a draft; its uploader, an approver, may not approve
	// it; an admin may, which supersedes version 1.
	v2 := Upload(t, s, ann, "rec-0000002", "reset")
	if err := move(s, ann, "reset", v2, sopgen.StatusDraft, sopgen.StatusInReview); err != nil {
		t.Fatal(err)
	}
	mustIs(t, "an approver approves their own upload", move(s, ann, "reset", v2, sopgen.StatusInReview, sopgen.StatusApproved), ingest.ErrForbidden)
	if err := move(s, bob, "reset", v2, sopgen.StatusInReview, sopgen.StatusApproved); err != nil {
		t.Fatal(err)
	}
	if got := status(t, s, rita.Team.ID, "reset", v1); got != sopgen.StatusSuperseded {
		t.Errorf("version 1 is %q after version 2 was approved, want superseded", got)
	}
	ws, err := s.Workflows(ctx, rita.Team.ID)
	if err != nil || len(ws) != 1 || ws[0].ApprovedVersion != v2 || ws[0].Status != sopgen.StatusApproved {
		t.Errorf("workflows = %+v, %v", ws, err)
	}
	vs, err := s.Versions(ctx, rita.Team.ID, "reset")
	if err != nil || len(vs) != 2 || vs[0].Status != sopgen.StatusSuperseded || vs[0].Approval == nil || vs[1].Approval.By != "Bob Admin" || vs[1].Summary != "version 2" || vs[0].UploadedBy != "Rita Recorder" {
		t.Errorf("versions = %+v, %v", vs, err)
	}

	// A recorder may not approve even another's upload: the store checks
	// the role too.
	v3 := Upload(t, s, ann, "rec-0000003", "reset")
	if err := move(s, ann, "reset", v3, sopgen.StatusDraft, sopgen.StatusInReview); err != nil {
		t.Fatal(err)
	}
	mustIs(t, "a recorder approves", move(s, rita, "reset", v3, sopgen.StatusInReview, sopgen.StatusApproved), ingest.ErrForbidden)
	if err := move(s, bob, "reset", v3, sopgen.StatusInReview, sopgen.StatusDraft); err != nil {
		t.Fatal(err)
	}
	mustIs(t, "an unknown version", move(s, bob, "reset", 9, sopgen.StatusDraft, sopgen.StatusInReview), ingest.ErrNotFound)

	log, err := s.Audit(ctx, rita.Team.ID, "reset", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range log {
		got = append(got, fmt.Sprintf("%s %s %s v%d", e.Person, e.Role, e.Action, e.Version))
	}
	want := []string{
		"Rita Recorder recorder recorded v1",
		"Rita Recorder recorder submitted_for_review v1",
		"Ann Approver approver finding_accepted v1",
		"Ann Approver approver approved v1",
		"Ann Approver approver recorded v2",
		"Ann Approver approver submitted_for_review v2",
		"Bob Admin admin superseded v1",
		"Bob Admin admin approved v2",
		"Ann Approver approver recorded v3",
		"Ann Approver approver submitted_for_review v3",
		"Bob Admin admin returned_to_draft v3",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("audit log:\n%q\nwant\n%q", got, want)
	}
	if other, err := s.Audit(ctx, eve.Team.ID, "reset", 0, 100); err != nil || len(other) != 0 {
		t.Errorf("another team's audit log = %+v, %v", other, err)
	}
}

func racingApprovals(t *testing.T, f Factory) {
	open := f(t)
	s, other := open(t), open(t)
	rita := newPerson(t, s, "help-desk", "Rita Recorder", ingest.RoleRecorder)
	approvers := []ingest.Person{
		newPerson(t, s, "help-desk", "Ann Approver", ingest.RoleApprover),
		newPerson(t, s, "help-desk", "Bob Admin", ingest.RoleAdmin),
		newPerson(t, s, "help-desk", "Cy Approver", ingest.RoleApprover),
		newPerson(t, s, "help-desk", "Di Approver", ingest.RoleApprover),
	}
	v := Upload(t, s, rita, "rec-0000001", "reset")
	if err := move(s, rita, "reset", v, sopgen.StatusDraft, sopgen.StatusInReview); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, len(approvers))
	for i, a := range approvers {
		h := s
		if i%2 == 1 {
			h = other // another replica
		}
		wg.Go(func() { errs[i] = move(h, a, "reset", v, sopgen.StatusInReview, sopgen.StatusApproved) })
	}
	wg.Wait()
	won := 0
	for _, err := range errs {
		switch {
		case err == nil:
			won++
		case !errors.Is(err, ingest.ErrNotAllowed):
			t.Errorf("a losing approval failed with %v, want ErrNotAllowed", err)
		}
	}
	if won != 1 {
		t.Fatalf("%d approvals succeeded, want 1: %v", won, errs)
	}
	log, err := s.Audit(context.Background(), rita.Team.ID, "reset", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	approved := 0
	for _, e := range log {
		if e.Action == ingest.ActionApproved {
			approved++
		}
	}
	if approved != 1 {
		t.Errorf("%d approvals in the audit log, want 1", approved)
	}
}

func reviewedRevisions(t *testing.T, f Factory) {
	ctx := context.Background()
	s := f(t)(t)
	rev := newPerson(t, s, "help-desk", "Rex Reviewer", ingest.RoleReviewer)
	Upload(t, s, rev, "rec-0000001", "reset")
	edit := func(base int, purpose string) (int, error) {
		return s.PutReviewed(ctx, ingest.ReviewedEdit{Team: rev.Team.ID, Workflow: "reset", Reviewed: sopgen.Reviewed{Purpose: purpose, Roles: map[string]string{"Agent": "Resets."}},
			Base: base, By: rev, At: at, Comment: "changed purpose"})
	}
	if r, n, err := s.Reviewed(ctx, rev.Team.ID, "reset"); err != nil || n != 0 || r.Purpose != "" {
		t.Fatalf("before any edit: %+v, %d, %v", r, n, err)
	}
	if n, err := edit(0, "one"); err != nil || n != 1 {
		t.Fatalf("first edit: %d, %v", n, err)
	}
	_, err := edit(0, "lost")
	mustIs(t, "a second first edit", err, ingest.ErrStale)
	if n, err := edit(1, "two"); err != nil || n != 2 {
		t.Fatalf("edit from 1: %d, %v", n, err)
	}
	_, err = edit(1, "lost")
	mustIs(t, "an edit from a stale revision", err, ingest.ErrStale)
	if n, err := edit(-1, "three"); err != nil || n != 3 {
		t.Fatalf("an unconditional edit: %d, %v", n, err)
	}
	r, n, err := s.Reviewed(ctx, rev.Team.ID, "reset")
	if err != nil || n != 3 || r.Purpose != "three" || r.Roles["Agent"] != "Resets." {
		t.Errorf("reviewed = %+v, %d, %v", r, n, err)
	}
	_, err = s.PutReviewed(ctx, ingest.ReviewedEdit{Team: rev.Team.ID, Workflow: "nowhere", Base: -1, By: rev, At: at})
	mustIs(t, "an edit of a workflow with no version", err, ingest.ErrNotFound)
	log, err := s.Audit(ctx, rev.Team.ID, "reset", 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	edits := 0
	for _, e := range log {
		if e.Action == ingest.ActionReviewedEdited && e.Version == 0 && e.Person == "Rex Reviewer" {
			edits++
		}
	}
	if edits != 3 {
		t.Errorf("%d edits in the audit log, want 3: %+v", edits, log)
	}
}

func auditPages(t *testing.T, f Factory) {
	ctx := context.Background()
	s := f(t)(t)
	rita := newPerson(t, s, "help-desk", "Rita Recorder", ingest.RoleRecorder)
	for i := 1; i <= 5; i++ {
		Upload(t, s, rita, fmt.Sprintf("rec-%07d", i), "reset")
	}
	var all []ingest.AuditEntry
	after := int64(0)
	for {
		page, err := s.Audit(ctx, rita.Team.ID, "reset", after, 2)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		if len(page) > 2 {
			t.Fatalf("a page of %d entries, limit 2", len(page))
		}
		all = append(all, page...)
		after = page[len(page)-1].ID
	}
	if len(all) != 5 {
		t.Fatalf("%d entries, want 5", len(all))
	}
	for i, e := range all {
		if e.Version != i+1 || e.Action != ingest.ActionRecorded || !e.At.Equal(at) {
			t.Errorf("entry %d = %+v", i, e)
		}
	}
}
