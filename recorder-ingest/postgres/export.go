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
	"github.com/stepwise-sop/stepwise/sopgen"
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
	rows, err = tx.Query(ctx, `SELECT r.id, r.workflow, r.version, r.title, r.body_hash, r.recording, r.redactions, r.received_at, r.status, COALESCE(u.name, '')
		FROM recordings r LEFT JOIN people u ON u.id = r.uploaded_by WHERE r.team_id = $1 ORDER BY r.workflow COLLATE "C", r.version`, id)
	if err != nil {
		return err
	}
	recs, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ingest.RecordingItem, error) {
		var r ingest.RecordingItem
		var red []byte
		var status string
		if err := row.Scan(&r.ID, &r.Workflow, &r.Version, &r.Title, &r.BodyHash, &r.Recording, &red, &r.ReceivedAt, &status, &r.UploadedBy); err != nil {
			return r, err
		}
		r.ReceivedAt, r.Status = r.ReceivedAt.UTC(), sopgen.Status(status)
		if err := json.Unmarshal(red, &r.Redactions); err != nil {
			return r, fmt.Errorf("recording %s: redactions: %w", r.ID, err)
		}
		return r, nil
	})
	if err != nil {
		return err
	}
	for i := range recs {
		r := &recs[i]
		if err := each(ingest.Item{Recording: r}); err != nil {
			return err
		}
		if err := exportApproval(ctx, tx, id, r, each); err != nil {
			return err
		}
	}
	return exportWorkflowRecords(ctx, tx, id, each)
}

// exportApproval lists a version's acceptances, then its approval.
func exportApproval(ctx context.Context, tx pgx.Tx, team int64, r *ingest.RecordingItem, each func(ingest.Item) error) error {
	rows, err := tx.Query(ctx, `SELECT rule, step, fingerprint, reason, person, at FROM acceptances
		WHERE team_id = $1 AND workflow = $2 AND version = $3 ORDER BY at, fingerprint`, team, r.Workflow, r.Version)
	if err != nil {
		return err
	}
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ingest.Item, error) {
		a := &ingest.AcceptanceItem{Workflow: r.Workflow, Version: r.Version}
		err := row.Scan(&a.Rule, &a.Step, &a.Fingerprint, &a.Reason, &a.By, &a.At)
		a.At = a.At.UTC()
		return ingest.Item{Acceptance: a}, err
	})
	if err != nil {
		return err
	}
	a := &ingest.ApprovalItem{Workflow: r.Workflow, Version: r.Version}
	var reviewed []byte
	err = tx.QueryRow(ctx, "SELECT person, role, at, comment, reviewed, summary FROM approvals WHERE team_id = $1 AND workflow = $2 AND version = $3", team, r.Workflow, r.Version).
		Scan(&a.By, &a.Role, &a.At, &a.Comment, &reviewed, &a.Summary)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
	case err != nil:
		return err
	default:
		a.At = a.At.UTC()
		if err := json.Unmarshal(reviewed, &a.Reviewed); err != nil {
			return fmt.Errorf("approval of %s version %d: %w", r.Workflow, r.Version, err)
		}
		items = append(items, ingest.Item{Approval: a})
	}
	for _, it := range items {
		if err := each(it); err != nil {
			return err
		}
	}
	return nil
}

// exportWorkflowRecords lists the team's reviewed texts, then its audit
// log in order.
func exportWorkflowRecords(ctx context.Context, tx pgx.Tx, team int64, each func(ingest.Item) error) error {
	rows, err := tx.Query(ctx, `SELECT workflow, revision, updated_at, body FROM reviewed WHERE team_id = $1 ORDER BY workflow COLLATE "C"`, team)
	if err != nil {
		return err
	}
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ingest.Item, error) {
		r := &ingest.ReviewedItem{}
		var body []byte
		if err := row.Scan(&r.Workflow, &r.Revision, &r.UpdatedAt, &body); err != nil {
			return ingest.Item{}, err
		}
		r.UpdatedAt = r.UpdatedAt.UTC()
		if err := json.Unmarshal(body, &r.Text); err != nil {
			return ingest.Item{}, fmt.Errorf("reviewed text of %s: %w", r.Workflow, err)
		}
		return ingest.Item{Reviewed: r}, nil
	})
	if err != nil {
		return err
	}
	for _, it := range items {
		if err := each(it); err != nil {
			return err
		}
	}
	rows, err = tx.Query(ctx, "SELECT workflow, at, person, role, action, version, comment FROM audit WHERE team_id = $1 ORDER BY id", team)
	if err != nil {
		return err
	}
	var a ingest.AuditItem
	var action string
	_, err = pgx.ForEachRow(rows, []any{&a.Workflow, &a.At, &a.Person, &a.Role, &action, &a.Version, &a.Comment}, func() error {
		e := a
		e.At, e.Action = a.At.UTC(), ingest.AuditAction(action)
		return each(ingest.Item{Audit: &e})
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
	var moves ingest.FinalMoves
	for it, err := range items {
		if err != nil {
			return ingest.ImportCount{}, err
		}
		switch {
		case it.Token != nil:
			err = importToken(ctx, tx, t.ID, it.Token, &n)
		case it.Recording != nil:
			var added bool
			if added, err = importRecording(ctx, tx, t.ID, it.Recording, &n); added {
				moves.Add(it.Recording)
			}
		case it.Acceptance != nil:
			err = importAcceptance(ctx, tx, t.ID, it.Acceptance, &n)
		case it.Approval != nil:
			err = importApproval(ctx, tx, t.ID, it.Approval, &n)
		case it.Reviewed != nil:
			err = importReviewed(ctx, tx, t.ID, it.Reviewed, &n)
		case it.Audit != nil:
			err = importAudit(ctx, tx, t.ID, it.Audit, &n)
		}
		if err != nil {
			return ingest.ImportCount{}, storageErr(err)
		}
	}
	for _, m := range moves.Ordered() {
		if _, err := tx.Exec(ctx, "UPDATE recordings SET status = $1 WHERE team_id = $2 AND workflow = $3 AND version = $4 AND status = 'in_review'",
			string(m.To), t.ID, m.Workflow, m.Version); err != nil {
			return ingest.ImportCount{}, fmt.Errorf("%s version %d: %w", m.Workflow, m.Version, storageErr(err))
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

// importRecording adds a recording (in review, unless a draft: see
// ingest.RecordingItem.ImportStatus) and reports whether it was added.
func importRecording(ctx context.Context, tx pgx.Tx, team int64, r *ingest.RecordingItem, n *ingest.ImportCount) (bool, error) {
	red, err := json.Marshal(r.Redactions)
	if err != nil {
		return false, err
	}
	uploader, err := personNamed(ctx, tx, team, r.UploadedBy)
	if err != nil {
		return false, fmt.Errorf("recording %s: uploader: %w", r.ID, err)
	}
	// The counter goes to the highest version kept, so that the next
	// upload follows the imported ones.
	if _, err := tx.Exec(ctx, `INSERT INTO workflows (team_id, slug, last_version) VALUES ($1, $2, $3)
		ON CONFLICT (team_id, slug) DO UPDATE SET last_version = GREATEST(workflows.last_version, EXCLUDED.last_version)`,
		team, r.Workflow, r.Version); err != nil {
		return false, fmt.Errorf("recording %s: %w", r.ID, err)
	}
	tag, err := tx.Exec(ctx, `INSERT INTO recordings (team_id, id, workflow, version, title, body_hash, recording, redactions, received_at, status, uploaded_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (team_id, id) DO NOTHING`,
		team, r.ID, r.Workflow, r.Version, r.Title, r.BodyHash, []byte(r.Recording), red, r.ReceivedAt, string(r.ImportStatus()), uploader)
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == codeUniqueViolated {
		return false, fmt.Errorf("%w: recording %s: version %d of %s is another recording here", ingest.ErrConflict, r.ID, r.Version, r.Workflow)
	}
	if err != nil {
		return false, fmt.Errorf("recording %s: %w", r.ID, err)
	}
	if tag.RowsAffected() == 1 {
		n.Recordings++
		return true, nil
	}
	var wf string
	var v int
	var hash []byte
	if err := tx.QueryRow(ctx, "SELECT workflow, version, body_hash FROM recordings WHERE team_id = $1 AND id = $2", team, r.ID).Scan(&wf, &v, &hash); err != nil {
		return false, fmt.Errorf("recording %s: %w", r.ID, err)
	}
	if err := ingest.SameRecording(r, wf, v, hash); err != nil {
		return false, err
	}
	n.Present++
	return false, nil
}

// personNamed is the id of the team's person called name: nil for "", an
// error for a name the team has no person of.
func personNamed(ctx context.Context, tx pgx.Tx, team int64, name string) (*int64, error) {
	if name == "" {
		return nil, nil
	}
	var id int64
	err := tx.QueryRow(ctx, "SELECT id FROM people WHERE team_id = $1 AND name = $2", team, name).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, fmt.Errorf("%w: %q", ingest.ErrUnknownPerson, name)
	}
	return &id, err
}

// kept says whether the restore's transaction finds a row: an acceptance
// or approval of a version restored before is there, and the triggers
// would refuse adding one to a version approved since (they run before
// ON CONFLICT would skip it).
func kept(ctx context.Context, tx pgx.Tx, q string, args ...any) (bool, error) {
	var there bool
	err := tx.QueryRow(ctx, "SELECT EXISTS ("+q+")", args...).Scan(&there)
	return there, err
}

func importAcceptance(ctx context.Context, tx pgx.Tx, team int64, a *ingest.AcceptanceItem, n *ingest.ImportCount) error {
	if there, err := kept(ctx, tx, "SELECT 1 FROM acceptances WHERE team_id = $1 AND workflow = $2 AND version = $3 AND fingerprint = $4", team, a.Workflow, a.Version, a.Fingerprint); err != nil {
		return err
	} else if there {
		n.Present++
		return nil
	}
	by, err := personNamed(ctx, tx, team, a.By)
	if err != nil {
		return fmt.Errorf("acceptance of %s version %d: %w", a.Workflow, a.Version, err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO acceptances (team_id, workflow, version, fingerprint, rule, step, reason, person_id, person, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		team, a.Workflow, a.Version, a.Fingerprint, a.Rule, a.Step, a.Reason, by, a.By, a.At); err != nil {
		return fmt.Errorf("acceptance of %s version %d: %w", a.Workflow, a.Version, err)
	}
	n.Acceptances++
	return nil
}

func importApproval(ctx context.Context, tx pgx.Tx, team int64, a *ingest.ApprovalItem, n *ingest.ImportCount) error {
	if there, err := kept(ctx, tx, "SELECT 1 FROM approvals WHERE team_id = $1 AND workflow = $2 AND version = $3", team, a.Workflow, a.Version); err != nil {
		return err
	} else if there {
		n.Present++
		return nil
	}
	by, err := personNamed(ctx, tx, team, a.By)
	if err != nil {
		return fmt.Errorf("approval of %s version %d: %w", a.Workflow, a.Version, err)
	}
	reviewed, err := json.Marshal(a.Reviewed)
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO approvals (team_id, workflow, version, person_id, person, role, at, comment, reviewed, summary)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		team, a.Workflow, a.Version, by, a.By, a.Role, a.At, a.Comment, reviewed, a.Summary); err != nil {
		return fmt.Errorf("approval of %s version %d: %w", a.Workflow, a.Version, err)
	}
	n.Approvals++
	return nil
}

// importReviewed adds a workflow's reviewed text; one kept already must
// be the same text at the same revision.
func importReviewed(ctx context.Context, tx pgx.Tx, team int64, r *ingest.ReviewedItem, n *ingest.ImportCount) error {
	body, err := json.Marshal(r.Text)
	if err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, `INSERT INTO reviewed (team_id, workflow, body, revision, updated_at) VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (team_id, workflow) DO NOTHING`, team, r.Workflow, body, r.Revision, r.UpdatedAt)
	if err != nil {
		return fmt.Errorf("reviewed text of %s: %w", r.Workflow, err)
	}
	if tag.RowsAffected() == 1 {
		n.Reviewed++
		return nil
	}
	var keptBody []byte
	var rev int
	if err := tx.QueryRow(ctx, "SELECT body, revision FROM reviewed WHERE team_id = $1 AND workflow = $2", team, r.Workflow).Scan(&keptBody, &rev); err != nil {
		return fmt.Errorf("reviewed text of %s: %w", r.Workflow, err)
	}
	if err := ingest.SameReviewed(r, keptBody, rev); err != nil {
		return err
	}
	n.Present++
	return nil
}

// importAudit appends an entry to a workflow's log, unless the same entry
// is there (a restore run again).
func importAudit(ctx context.Context, tx pgx.Tx, team int64, a *ingest.AuditItem, n *ingest.ImportCount) error {
	by, err := personNamed(ctx, tx, team, a.Person)
	if errors.Is(err, ingest.ErrUnknownPerson) {
		by, err = nil, nil // Stepwise itself, or no one known
	}
	if err != nil {
		return err
	}
	tag, err := tx.Exec(ctx, `INSERT INTO audit (team_id, workflow, at, person_id, person, role, action, version, comment)
		SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 WHERE NOT EXISTS (SELECT 1 FROM audit WHERE team_id = $1 AND workflow = $2
			AND at = $3 AND person = $5 AND role = $6 AND action = $7 AND version = $8 AND comment = $9)`,
		team, a.Workflow, a.At, by, a.Person, a.Role, string(a.Action), a.Version, a.Comment)
	if err != nil {
		return fmt.Errorf("audit entry of %s: %w", a.Workflow, err)
	}
	if tag.RowsAffected() == 1 {
		n.Audit++
	} else {
		n.Present++
	}
	return nil
}
