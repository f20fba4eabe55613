package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
)

// ExportTeam implements ingest.Exporter from one snapshot (a read-only
// REPEATABLE READ transaction), which uploads meanwhile do not change and
// do not wait for.
func (s *Store) ExportTeam(ctx context.Context, team string, each func(ingest.Item) error) error {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx)
	var id int64
	if err := tx.QueryRow(ctx, "SELECT id FROM teams WHERE name = $1", team).Scan(&id); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("%w: no team %q", ingest.ErrNotFound, team)
		}
		return err
	}
	rows, err := tx.Query(ctx, `SELECT k.hash, k.created_at, p.name, p.role FROM tokens k JOIN people p ON p.id = k.person_id
		WHERE k.team_id = $1 ORDER BY k.created_at, k.hash`, id)
	if err != nil {
		return err
	}
	var t ingest.TokenItem
	var role string
	_, err = pgx.ForEachRow(rows, []any{&t.Hash, &t.CreatedAt, &t.Person, &role}, func() error {
		tok := ingest.TokenItem{Hash: t.Hash, CreatedAt: t.CreatedAt.UTC(), Person: t.Person, Role: ingest.Role(role)}
		return each(ingest.Item{Token: &tok})
	})
	if err != nil {
		return err
	}
	rows, err = tx.Query(ctx, "SELECT id, workflow, version, title, body_hash, recording, redactions, received_at FROM recordings WHERE team_id = $1 ORDER BY workflow COLLATE \"C\", version", id)
	if err != nil {
		return err
	}
	var r ingest.RecordingItem
	var red []byte
	_, err = pgx.ForEachRow(rows, []any{&r.ID, &r.Workflow, &r.Version, &r.Title, &r.BodyHash, &r.Recording, &red, &r.ReceivedAt}, func() error {
		rec := r
		rec.ReceivedAt = r.ReceivedAt.UTC()
		if err := json.Unmarshal(red, &rec.Redactions); err != nil {
			return fmt.Errorf("recording %s: redactions: %w", r.ID, err)
		}
		return each(ingest.Item{Recording: &rec})
	})
	return err
}

// ImportTeam implements ingest.Importer in one transaction. Uploads of
// the team's workflows made meanwhile wait for its commit (their counter
// rows are locked); a restore is meant for a database servers do not yet
// write to.
func (s *Store) ImportTeam(ctx context.Context, team string, items iter.Seq2[ingest.Item, error]) (ingest.ImportCount, error) {
	var n ingest.ImportCount
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return n, err
	}
	defer tx.Rollback(ctx)
	t, err := createTeam(ctx, tx, team)
	if err != nil {
		return n, err
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
	if err := tx.Commit(ctx); err != nil {
		return ingest.ImportCount{}, storageErr(err)
	}
	return n, nil
}

// importToken adds a token with its person, who is created (with the
// export's role) unless the team has them already (who keeps theirs).
func importToken(ctx context.Context, tx pgx.Tx, team int64, tok *ingest.TokenItem, n *ingest.ImportCount) error {
	name, role := tok.Owner()
	if _, err := tx.Exec(ctx, "INSERT INTO people (team_id, name, role, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (team_id, name) DO NOTHING",
		team, name, string(role), tok.CreatedAt); err != nil {
		return fmt.Errorf("token's person: %w", err)
	}
	tag, err := tx.Exec(ctx, `INSERT INTO tokens (hash, team_id, person_id, created_at)
		SELECT $1, $2, id, $3 FROM people WHERE team_id = $2 AND name = $4 ON CONFLICT (hash) DO NOTHING`, tok.Hash, team, tok.CreatedAt, name)
	if err != nil {
		return fmt.Errorf("token: %w", err)
	}
	if tag.RowsAffected() == 1 {
		n.Tokens++
		return nil
	}
	var owner int64
	if err := tx.QueryRow(ctx, "SELECT team_id FROM tokens WHERE hash = $1", tok.Hash).Scan(&owner); err != nil {
		return fmt.Errorf("token: %w", err)
	}
	if err := ingest.SameToken(owner, team); err != nil {
		return err
	}
	n.Present++
	return nil
}

func importRecording(ctx context.Context, tx pgx.Tx, team int64, r *ingest.RecordingItem, n *ingest.ImportCount) error {
	red, err := json.Marshal(r.Redactions)
	if err != nil {
		return err
	}
	// The counter goes to the highest version kept, so that the next
	// upload follows the imported ones.
	if _, err := tx.Exec(ctx, `INSERT INTO workflows (team_id, slug, last_version) VALUES ($1, $2, $3)
		ON CONFLICT (team_id, slug) DO UPDATE SET last_version = GREATEST(workflows.last_version, EXCLUDED.last_version)`,
		team, r.Workflow, r.Version); err != nil {
		return fmt.Errorf("recording %s: %w", r.ID, err)
	}
	tag, err := tx.Exec(ctx, `INSERT INTO recordings (team_id, id, workflow, version, title, body_hash, recording, redactions, received_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (team_id, id) DO NOTHING`,
		team, r.ID, r.Workflow, r.Version, r.Title, r.BodyHash, []byte(r.Recording), red, r.ReceivedAt)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == codeUniqueViolated {
		return fmt.Errorf("%w: recording %s: version %d of %s is another recording here", ingest.ErrConflict, r.ID, r.Version, r.Workflow)
	}
	if err != nil {
		return fmt.Errorf("recording %s: %w", r.ID, err)
	}
	if tag.RowsAffected() == 1 {
		n.Recordings++
		return nil
	}
	var wf string
	var v int
	var hash []byte
	if err := tx.QueryRow(ctx, "SELECT workflow, version, body_hash FROM recordings WHERE team_id = $1 AND id = $2", team, r.ID).Scan(&wf, &v, &hash); err != nil {
		return fmt.Errorf("recording %s: %w", r.ID, err)
	}
	if err := ingest.SameRecording(r, wf, v, hash); err != nil {
		return err
	}
	n.Present++
	return nil
}
