package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"time"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
)

// ExportTeam implements ingest.Exporter. It reads in one read transaction,
// a snapshot that uploads committing meanwhile do not change (WAL), and
// takes no write lock.
func (s *Store) ExportTeam(ctx context.Context, team string, each func(ingest.Item) error) error {
	tx, err := s.db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true}) // a deferred BEGIN
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var id int64
	if err := tx.QueryRowContext(ctx, "SELECT id FROM teams WHERE name = ?", team).Scan(&id); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("%w: no team %q", ingest.ErrNotFound, team)
		}
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT k.hash, k.created_at, p.name, p.role FROM tokens k JOIN people p ON p.id = k.person_id
		WHERE p.team_id = ? ORDER BY k.created_at, k.hash`, id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var t ingest.TokenItem
		var at, role string
		if err := rows.Scan(&t.Hash, &at, &t.Person, &role); err != nil {
			rows.Close()
			return err
		}
		t.Role = ingest.Role(role)
		t.CreatedAt, _ = time.Parse(time.RFC3339Nano, at)
		if err := each(ingest.Item{Token: &t}); err != nil {
			rows.Close()
			return err
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = tx.QueryContext(ctx, "SELECT id, workflow, version, title, body_hash, recording, redactions, received_at FROM recordings WHERE team_id = ? ORDER BY workflow, version", id)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var r ingest.RecordingItem
		var red, at string
		if err := rows.Scan(&r.ID, &r.Workflow, &r.Version, &r.Title, &r.BodyHash, &r.Recording, &red, &at); err != nil {
			return err
		}
		if err := json.Unmarshal([]byte(red), &r.Redactions); err != nil {
			return fmt.Errorf("recording %s: redactions: %w", r.ID, err)
		}
		r.ReceivedAt, _ = time.Parse(time.RFC3339Nano, at)
		if err := each(ingest.Item{Recording: &r}); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ImportTeam implements ingest.Importer in one write transaction (which
// holds SQLite's write lock: uploads wait for it, up to the busy timeout).
func (s *Store) ImportTeam(ctx context.Context, team string, items iter.Seq2[ingest.Item, error]) (ingest.ImportCount, error) {
	var n ingest.ImportCount
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return n, storageErr(err)
	}
	defer tx.Rollback()
	t, err := createTeam(ctx, tx, team)
	if err != nil {
		return n, storageErr(err)
	}
	for it, err := range items {
		if err != nil {
			return ingest.ImportCount{}, err
		}
		switch {
		case it.Token != nil:
			err = importToken(ctx, tx, t.ID, it.Token, &n)
		case it.Recording != nil:
			err = importRecording(ctx, tx, t.ID, it.Recording, &n)
		}
		if err != nil {
			return ingest.ImportCount{}, storageErr(err)
		}
	}
	if err := tx.Commit(); err != nil {
		return ingest.ImportCount{}, storageErr(err)
	}
	return n, nil
}

// importToken adds a token with its person, who is created (with the
// export's role) unless the team has them already (who keeps theirs).
func importToken(ctx context.Context, tx *sql.Tx, team int64, tok *ingest.TokenItem, n *ingest.ImportCount) error {
	name, role := tok.Owner()
	if _, err := tx.ExecContext(ctx, "INSERT INTO people (team_id, name, role, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (team_id, name) DO NOTHING",
		team, name, string(role), stamp(tok.CreatedAt)); err != nil {
		return fmt.Errorf("token's person: %w", err)
	}
	res, err := tx.ExecContext(ctx, "INSERT INTO tokens (hash, person_id, created_at) SELECT ?, id, ? FROM people WHERE team_id = ? AND name = ? ON CONFLICT (hash) DO NOTHING",
		tok.Hash, stamp(tok.CreatedAt), team, name)
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}
	if k, _ := res.RowsAffected(); k == 1 {
		n.Tokens++
		return nil
	}
	var owner int64
	if err := tx.QueryRowContext(ctx, "SELECT p.team_id FROM tokens k JOIN people p ON p.id = k.person_id WHERE k.hash = ?", tok.Hash).Scan(&owner); err != nil {
		return fmt.Errorf("token: %w", err)
	}
	if err := ingest.SameToken(owner, team); err != nil {
		return err
	}
	n.Present++
	return nil
}

func importRecording(ctx context.Context, tx *sql.Tx, team int64, r *ingest.RecordingItem, n *ingest.ImportCount) error {
	red, err := json.Marshal(r.Redactions)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO recordings (team_id, id, workflow, version, title, body_hash, recording, redactions, received_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (team_id, id) DO NOTHING`,
		team, r.ID, r.Workflow, r.Version, r.Title, r.BodyHash, []byte(r.Recording), string(red), r.ReceivedAt.UTC().Format(time.RFC3339Nano))
	if sqliteCode(err) == codeConstraint {
		return fmt.Errorf("%w: recording %s: version %d of %s is another recording here", ingest.ErrConflict, r.ID, r.Version, r.Workflow)
	}
	if err != nil {
		return fmt.Errorf("recording %s: %w", r.ID, err)
	}
	if k, _ := res.RowsAffected(); k == 1 {
		n.Recordings++
		return nil
	}
	var wf string
	var v int
	var hash []byte
	if err := tx.QueryRowContext(ctx, "SELECT workflow, version, body_hash FROM recordings WHERE team_id = ? AND id = ?", team, r.ID).Scan(&wf, &v, &hash); err != nil {
		return fmt.Errorf("recording %s: %w", r.ID, err)
	}
	if err := ingest.SameRecording(r, wf, v, hash); err != nil {
		return err
	}
	n.Present++
	return nil
}
