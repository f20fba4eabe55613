package postgres

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/postgres/pgtest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/storetest"
	"github.com/stepwise-sop/stepwise/sopgen"
)

func open(t *testing.T, url string) *Store {
	t.Helper()
	s, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func connect(t *testing.T, url string) *pgx.Conn {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// TestTheDatabaseKeepsTheInvariants goes around the store, with SQL of
// its own on the same database, and finds the database refusing what no
// code path may do.
func TestTheDatabaseKeepsTheInvariants(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Database(t)
	s := open(t, url)
	person := func(name string, role ingest.Role) ingest.Person {
		is, err := s.CreatePersonToken(ctx, "help-desk", name, role)
		if err != nil {
			t.Fatal(err)
		}
		return is.Person
	}
	rita, ann := person("Rita Recorder", ingest.RoleRecorder), person("Ann Approver", ingest.RoleApprover)
	for _, id := range []string{"rec-0000001", "rec-0000002"} {
		v := storetest.Upload(t, s, rita, id, "reset")
		if _, err := s.ChangeStatus(ctx, ingest.StatusChange{Team: rita.Team.ID, Workflow: "reset", Version: v, From: sopgen.StatusDraft, To: sopgen.StatusInReview, By: rita, Action: ingest.ActionSubmitted}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.ChangeStatus(ctx, ingest.StatusChange{Team: rita.Team.ID, Workflow: "reset", Version: 1, From: sopgen.StatusInReview, To: sopgen.StatusApproved, By: ann, Action: ingest.ActionApproved}); err != nil {
		t.Fatal(err)
	}
	conn := connect(t, url)
	for _, c := range []struct{ what, sql, refusal string }{
		{"change an audit entry", "UPDATE audit SET comment = 'nothing happened'", "append-only"},
		{"delete the audit log", "DELETE FROM audit", "append-only"},
		{"truncate the audit log", "TRUNCATE audit", "append-only"},
		{"change an approval", "UPDATE approvals SET person = 'Someone Else'", "an approval never changes"},
		{"delete an approval", "DELETE FROM approvals", "an approval never changes"},
		{"change an approved recording", "UPDATE recordings SET recording = '\\x7b7d' WHERE version = 1", "a stored recording never changes"},
		{"change any stored recording", "UPDATE recordings SET title = 'x' WHERE version = 2", "a stored recording never changes"},
		{"take an approved version back to draft", "UPDATE recordings SET status = 'draft' WHERE version = 1", "not a move of the approval lifecycle"},
		{"approve without an approval", "UPDATE recordings SET status = 'approved' WHERE version = 2", "approved only with its approval"},
		{"approve one's own upload", "INSERT INTO approvals SELECT team_id, workflow, 2, uploaded_by, 'Rita Recorder', 'recorder', now(), '', '{}', '' FROM recordings WHERE version = 2", "who did not upload it"},
		{"delete an approved version", "DELETE FROM recordings WHERE version = 1", "an approved version is never deleted"},
		{"give a status outside the lifecycle", "UPDATE recordings SET status = 'published' WHERE version = 2", "not a move of the approval lifecycle"},
		{"accept a finding of an approved version", "INSERT INTO acceptances SELECT team_id, workflow, 1, 'fp', 'r', '', 'why', uploaded_by, 'Rita', now() FROM recordings WHERE version = 1", "draft and in-review versions only"},
	} {
		_, err := conn.Exec(ctx, c.sql)
		if err == nil || !strings.Contains(err.Error(), c.refusal) {
			t.Errorf("a hand's attempt to %s: err = %v, want the refusal %q", c.what, err, c.refusal)
		}
	}
	if _, err := conn.Exec(ctx, "ALTER TABLE recordings DISABLE TRIGGER recordings_approved_by_approval"); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, "UPDATE recordings SET status = 'approved' WHERE version = 2"); err == nil || !strings.Contains(err.Error(), "recordings_one_approved") {
		t.Errorf("two versions of one workflow approved: err = %v, want the unique index to refuse", err)
	}
}

// TestADatabaseFromBeforePeopleMigrates builds a database of schema 3 and
// opens it: its tokens belong to admins named after them, its recordings
// are drafts with a "recorded" audit entry each, old sessions end, and a
// token an older replica makes during an upgrade gets a person too.
func TestADatabaseFromBeforePeopleMigrates(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Database(t)
	conn := connect(t, url)
	tok := "sw_an-old-token-of-help-desk"
	for _, q := range append(append([]string{}, migrations[:3]...),
		"CREATE TABLE stepwise_schema (one BOOLEAN PRIMARY KEY DEFAULT true CHECK (one), version INTEGER NOT NULL); INSERT INTO stepwise_schema (version) VALUES (3)",
		"INSERT INTO teams (id, name) VALUES (1, 'help-desk')",
		fmt.Sprintf(`INSERT INTO tokens (hash, team_id) VALUES ('\x%x', 1)`, ingest.HashToken(tok)),
		"INSERT INTO workflows (team_id, slug, last_version) VALUES (1, 'reset', 2)",
		`INSERT INTO recordings (team_id, id, workflow, version, title, body_hash, recording, redactions, received_at) VALUES
			(1, 'rec-0000001', 'reset', 1, 'Reset', '\x00', '\x7b7d', '{}', '2026-10-05T00:00:00Z'),
			(1, 'rec-0000002', 'reset', 2, 'Reset', '\x01', '\x7b7d', '{}', '2026-10-06T00:00:00Z')`,
		`INSERT INTO sessions (hash, team_id, expires_at) VALUES ('\xabcd', 1, now() + interval '1 hour')`,
	) {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	s := open(t, url)
	p, err := s.PersonByToken(ctx, ingest.HashToken(tok))
	if err != nil || p.Role != ingest.RoleAdmin || p.Name != ingest.TokenName(ingest.HashToken(tok)) || p.Team.Name != "help-desk" {
		t.Errorf("the old token belongs to %+v, %v", p, err)
	}
	vs, err := s.Versions(ctx, 1, "reset")
	if err != nil || len(vs) != 2 || vs[0].Status != sopgen.StatusDraft || vs[1].UploadedBy != "" {
		t.Errorf("versions after the migration = %+v, %v", vs, err)
	}
	log, err := s.Audit(ctx, 1, "reset", 0, 10)
	if err != nil || len(log) != 2 || log[0].Action != ingest.ActionRecorded || log[1].Version != 2 || log[0].Person != "" {
		t.Errorf("audit log after the migration = %+v, %v", log, err)
	}
	if _, err := s.SessionPerson(ctx, []byte{0xab, 0xcd}); err != ingest.ErrUnauthorized {
		t.Errorf("an old session: %v, want it ended", err)
	}
	// An older replica, still running during the upgrade, makes a token
	// the way it knows: the database gives it a person.
	older := "sw_made-by-an-older-replica"
	if _, err := conn.Exec(ctx, "INSERT INTO tokens (hash, team_id) VALUES ($1, 1)", ingest.HashToken(older)); err != nil {
		t.Fatal(err)
	}
	if p, err := s.PersonByToken(ctx, ingest.HashToken(older)); err != nil || p.Role != ingest.RoleAdmin || p.Name != ingest.TokenName(ingest.HashToken(older)) {
		t.Errorf("a token made by an older replica belongs to %+v, %v", p, err)
	}
}
