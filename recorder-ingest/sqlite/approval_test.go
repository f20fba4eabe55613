package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
	"github.com/stepwise-sop/stepwise/recorder-ingest/storetest"
	"github.com/stepwise-sop/stepwise/sopgen"
)

func openStore(t testing.TB) (*sqlite.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "stepwise.db")
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

func person(s *sqlite.Store) func(testing.TB, string, string, ingest.Role) ingest.Person {
	return func(t testing.TB, team, name string, role ingest.Role) ingest.Person {
		t.Helper()
		is, err := s.CreatePersonToken(context.Background(), team, name, role)
		if err != nil {
			t.Fatal(err)
		}
		return is.Person
	}
}

func TestTokensBelongToNamedPeople(t *testing.T) {
	ctx := context.Background()
	s, _ := openStore(t)
	first, err := s.CreatePersonToken(ctx, "help-desk", "Ann Approver", ingest.RoleApprover)
	if err != nil {
		t.Fatal(err)
	}
	if !first.NewPerson || first.Person.Role != ingest.RoleApprover || !strings.HasPrefix(first.Token, "sw_") {
		t.Errorf("first token = %+v", first)
	}
	// Another token for the same name is the same person; without a role
	// it keeps hers, with another role it changes it.
	second, err := s.CreatePersonToken(ctx, "help-desk", "Ann Approver", "")
	if err != nil || second.NewPerson || second.Person.ID != first.Person.ID || second.Person.Role != ingest.RoleApprover || second.PreviousRole != "" {
		t.Errorf("second token = %+v, %v", second, err)
	}
	third, err := s.CreatePersonToken(ctx, "help-desk", "Ann Approver", ingest.RoleReviewer)
	if err != nil || third.Person.Role != ingest.RoleReviewer || third.PreviousRole != ingest.RoleApprover {
		t.Errorf("third token = %+v, %v", third, err)
	}
	for _, tok := range []string{first.Token, second.Token, third.Token} {
		p, err := s.PersonByToken(ctx, ingest.HashToken(tok))
		if err != nil || p.ID != first.Person.ID || p.Team.Name != "help-desk" || p.Name != "Ann Approver" {
			t.Errorf("PersonByToken = %+v, %v", p, err)
		}
	}
	// A token without a name is an admin named after it.
	anon, err := s.CreateToken(ctx, "help-desk")
	if err != nil {
		t.Fatal(err)
	}
	p, err := s.PersonByToken(ctx, ingest.HashToken(anon))
	if err != nil || p.Role != ingest.RoleAdmin || p.Name != ingest.TokenName(ingest.HashToken(anon)) {
		t.Errorf("an unnamed token's person = %+v, %v", p, err)
	}
	if _, err := s.PersonByToken(ctx, ingest.HashToken("sw_unknown")); !errors.Is(err, ingest.ErrUnauthorized) {
		t.Errorf("unknown token: %v", err)
	}
	for _, bad := range []struct {
		name string
		role ingest.Role
	}{{"   ", ""}, {"Ann\x07", ""}, {strings.Repeat("a", 101), ""}, {"Ann", "owner"}} {
		if _, err := s.CreatePersonToken(ctx, "help-desk", bad.name, bad.role); !errors.Is(err, ingest.ErrBadRequest) {
			t.Errorf("CreatePersonToken(%q, %q) error = %v, want ErrBadRequest", bad.name, bad.role, err)
		}
	}
}

// TestTheDatabaseKeepsTheInvariants goes around the store, with SQL of
// its own on the same file, and finds the database refusing what no code
// path may do.
func TestTheDatabaseKeepsTheInvariants(t *testing.T) {
	ctx := context.Background()
	s, path := openStore(t)
	newPerson := person(s)
	rita := newPerson(t, "help-desk", "Rita Recorder", ingest.RoleRecorder)
	ann := newPerson(t, "help-desk", "Ann Approver", ingest.RoleApprover)
	v1 := storetest.Upload(t, s, rita, "rec-0000001", "reset")
	v2 := storetest.Upload(t, s, rita, "rec-0000002", "reset")
	for _, v := range []int{v1, v2} {
		if _, err := s.ChangeStatus(ctx, ingest.StatusChange{Team: rita.Team.ID, Workflow: "reset", Version: v, From: sopgen.StatusDraft, To: sopgen.StatusInReview, By: rita, Action: ingest.ActionSubmitted}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.ChangeStatus(ctx, ingest.StatusChange{Team: rita.Team.ID, Workflow: "reset", Version: v1, From: sopgen.StatusInReview, To: sopgen.StatusApproved, By: ann, Action: ingest.ActionApproved}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, c := range []struct{ what, sql, refusal string }{
		{"change an audit entry", "UPDATE audit SET comment = 'nothing happened'", "append-only"},
		{"delete the audit log", "DELETE FROM audit", "append-only"},
		{"change an approval", "UPDATE approvals SET person = 'Someone Else'", "an approval never changes"},
		{"delete an approval", "DELETE FROM approvals", "an approval is never deleted"},
		{"change an approved recording", "UPDATE recordings SET recording = '{}' WHERE version = 1", "a stored recording never changes"},
		{"change any stored recording", "UPDATE recordings SET title = 'x' WHERE version = 2", "a stored recording never changes"},
		{"take an approved version back to draft", "UPDATE recordings SET status = 'draft' WHERE version = 1", "not a move of the approval lifecycle"},
		{"approve without an approval", "UPDATE recordings SET status = 'approved' WHERE version = 2", "approved only with its approval"},
		{"approve one's own upload", "INSERT INTO approvals SELECT team_id, workflow, 2, uploaded_by, 'Rita Recorder', 'recorder', 'now', '', '{}', '' FROM recordings WHERE version = 2", "who did not upload it"},
		{"delete an approved version", "DELETE FROM recordings WHERE version = 1", "an approved version is never deleted"},
		{"give a status outside the lifecycle", "UPDATE recordings SET status = 'published' WHERE version = 2", "not a move of the approval lifecycle"},
		{"accept a finding of an approved version", "INSERT INTO acceptances SELECT team_id, workflow, 1, 'fp', 'r', '', 'why', uploaded_by, 'Rita', 'now' FROM recordings WHERE version = 1", "draft and in-review versions only"},
	} {
		_, err := db.ExecContext(ctx, c.sql)
		if err == nil || !strings.Contains(err.Error(), c.refusal) {
			t.Errorf("a hand's attempt to %s: err = %v, want the refusal %q", c.what, err, c.refusal)
		}
	}
	// Two approved versions of one workflow: the unique index refuses the
	// second even with an approval row (the triggers are not its only
	// guard).
	if _, err := db.ExecContext(ctx, "DROP TRIGGER recordings_approved_by_approval"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, "UPDATE recordings SET status = 'approved' WHERE version = 2"); err == nil || !strings.Contains(err.Error(), "UNIQUE") {
		t.Errorf("two versions of one workflow approved: err = %v, want a UNIQUE constraint", err)
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM audit").Scan(&n); err != nil || n != 5 {
		t.Errorf("the audit log holds %d entries, want 5 (%v)", n, err)
	}
}
