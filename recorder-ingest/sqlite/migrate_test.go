package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/sopgen"
)

// TestADatabaseFromBeforePeopleMigrates builds a database of schema 3 (teams,
// bare tokens, recordings, sessions) and opens it: each token keeps working
// and belongs to an admin named after it, the recordings are drafts with
// no known uploader and a "recorded" entry each in the audit log, and old
// sessions end.
func TestADatabaseFromBeforePeopleMigrates(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range migrations[:3] {
		if _, err := db.ExecContext(ctx, m); err != nil {
			t.Fatalf("migration %d: %v", i+1, err)
		}
	}
	tokens := []string{"sw_old-token-of-team-a", "sw_another-old-token-a", "sw_old-token-of-team-b"}
	for _, q := range []string{
		"PRAGMA user_version = 3",
		"INSERT INTO teams (id, name, created_at) VALUES (1, 'team-a', '2026-10-01T00:00:00Z'), (2, 'team-b', '2026-10-01T00:00:00Z')",
		fmt.Sprintf("INSERT INTO tokens (hash, team_id, created_at) VALUES (x'%x', 1, '2026-10-01T00:00:00Z'), (x'%x', 1, '2026-10-02T00:00:00Z'), (x'%x', 2, '2026-10-03T00:00:00Z')",
			ingest.HashToken(tokens[0]), ingest.HashToken(tokens[1]), ingest.HashToken(tokens[2])),
		`INSERT INTO recordings (team_id, id, workflow, version, title, body_hash, recording, redactions, received_at) VALUES
			(1, 'rec-0000001', 'reset', 1, 'Reset', x'00', '{}', '{}', '2026-10-05T00:00:00Z'),
			(1, 'rec-0000002', 'reset', 2, 'Reset', x'01', '{}', '{}', '2026-10-06T00:00:00Z')`,
		"INSERT INTO sessions (hash, team_id, expires_at) VALUES (x'abcd', 1, 99999999999)",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()

	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for i, tok := range tokens {
		p, err := s.PersonByToken(ctx, ingest.HashToken(tok))
		if err != nil {
			t.Fatalf("token %d after the migration: %v", i, err)
		}
		if p.Role != ingest.RoleAdmin || p.Name != ingest.TokenName(ingest.HashToken(tok)) || p.Team.Name != []string{"team-a", "team-a", "team-b"}[i] {
			t.Errorf("token %d belongs to %+v", i, p)
		}
	}
	vs, err := s.Versions(ctx, 1, "reset")
	if err != nil || len(vs) != 2 || vs[0].Status != sopgen.StatusDraft || vs[1].UploadedBy != "" {
		t.Errorf("versions after the migration = %+v, %v", vs, err)
	}
	log, err := s.Audit(ctx, 1, "reset", 0, 10)
	if err != nil || len(log) != 2 || log[0].Action != ingest.ActionRecorded || log[0].Version != 1 || log[1].Version != 2 || log[0].Person != "" {
		t.Errorf("audit log after the migration = %+v, %v", log, err)
	}
	if _, err := s.SessionPerson(ctx, []byte{0xab, 0xcd}); err != ingest.ErrUnauthorized {
		t.Errorf("an old session: %v, want it ended", err)
	}
	// An approver may approve an old version: its uploader is not known.
	ann, err := s.CreatePersonToken(ctx, "team-a", "Ann Approver", ingest.RoleApprover)
	if err != nil {
		t.Fatal(err)
	}
	by := ann.Person
	for _, c := range []ingest.StatusChange{
		{Team: 1, Workflow: "reset", Version: 2, From: sopgen.StatusDraft, To: sopgen.StatusInReview, By: by, Action: ingest.ActionSubmitted},
		{Team: 1, Workflow: "reset", Version: 2, From: sopgen.StatusInReview, To: sopgen.StatusApproved, By: by, Action: ingest.ActionApproved},
	} {
		if _, err := s.ChangeStatus(ctx, c); err != nil {
			t.Fatalf("%s: %v", c.To, err)
		}
	}
}
