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
	"github.com/stepwise-sop/stepwise/sopgen"
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
	var recs []ingest.RecordingItem
	rows, err = tx.QueryContext(ctx, `SELECT r.id, r.workflow, r.version, r.title, r.body_hash, r.recording, r.redactions, r.received_at, r.status, COALESCE(u.name, '')
		FROM recordings r LEFT JOIN people u ON u.id = r.uploaded_by WHERE r.team_id = ? ORDER BY r.workflow, r.version`, id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var r ingest.RecordingItem
		var red, at, status string
		if err := rows.Scan(&r.ID, &r.Workflow, &r.Version, &r.Title, &r.BodyHash, &r.Recording, &red, &at, &status, &r.UploadedBy); err != nil {
			rows.Close()
			return err
		}
		if err := json.Unmarshal([]byte(red), &r.Redactions); err != nil {
			rows.Close()
			return fmt.Errorf("recording %s: redactions: %w", r.ID, err)
		}
		r.ReceivedAt, _ = time.Parse(time.RFC3339Nano, at)
		r.Status = sopgen.Status(status)
		recs = append(recs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
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
func exportApproval(ctx context.Context, tx *sql.Tx, team int64, r *ingest.RecordingItem, each func(ingest.Item) error) error {
	rows, err := tx.QueryContext(ctx, `SELECT rule, step, fingerprint, reason, person, at FROM acceptances
		WHERE team_id = ? AND workflow = ? AND version = ? ORDER BY at, fingerprint`, team, r.Workflow, r.Version)
	if err != nil {
		return err
	}
	var items []ingest.Item
	for rows.Next() {
		a := &ingest.AcceptanceItem{Workflow: r.Workflow, Version: r.Version}
		var at string
		if err := rows.Scan(&a.Rule, &a.Step, &a.Fingerprint, &a.Reason, &a.By, &at); err != nil {
			rows.Close()
			return err
		}
		a.At, _ = time.Parse(time.RFC3339Nano, at)
		items = append(items, ingest.Item{Acceptance: a})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	a := &ingest.ApprovalItem{Workflow: r.Workflow, Version: r.Version}
	var at, reviewed string
	err = tx.QueryRowContext(ctx, "SELECT person, role, at, comment, reviewed, summary FROM approvals WHERE team_id = ? AND workflow = ? AND version = ?", team, r.Workflow, r.Version).
		Scan(&a.By, &a.Role, &at, &a.Comment, &reviewed, &a.Summary)
	switch {
	case errors.Is(err, sql.ErrNoRows):
	case err != nil:
		return err
	default:
		a.At, _ = time.Parse(time.RFC3339Nano, at)
		if err := json.Unmarshal([]byte(reviewed), &a.Reviewed); err != nil {
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
func exportWorkflowRecords(ctx context.Context, tx *sql.Tx, team int64, each func(ingest.Item) error) error {
	rows, err := tx.QueryContext(ctx, "SELECT workflow, revision, updated_at, body FROM reviewed WHERE team_id = ? ORDER BY workflow", team)
	if err != nil {
		return err
	}
	var items []ingest.Item
	for rows.Next() {
		r := &ingest.ReviewedItem{}
		var at, body string
		if err := rows.Scan(&r.Workflow, &r.Revision, &at, &body); err != nil {
			rows.Close()
			return err
		}
		r.UpdatedAt, _ = time.Parse(time.RFC3339Nano, at)
		if err := json.Unmarshal([]byte(body), &r.Text); err != nil {
			rows.Close()
			return fmt.Errorf("reviewed text of %s: %w", r.Workflow, err)
		}
		items = append(items, ingest.Item{Reviewed: r})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, it := range items {
		if err := each(it); err != nil {
			return err
		}
	}
	rows, err = tx.QueryContext(ctx, "SELECT workflow, at, person, role, action, version, comment FROM audit WHERE team_id = ? ORDER BY id", team)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		a := &ingest.AuditItem{}
		var at, action string
		if err := rows.Scan(&a.Workflow, &at, &a.Person, &a.Role, &action, &a.Version, &a.Comment); err != nil {
			return err
		}
		a.At, _ = time.Parse(time.RFC3339Nano, at)
		a.Action = ingest.AuditAction(action)
		if err := each(ingest.Item{Audit: a}); err != nil {
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
		if _, err := tx.ExecContext(ctx, "UPDATE recordings SET status = ? WHERE team_id = ? AND workflow = ? AND version = ? AND status = 'in_review'",
			string(m.To), t.ID, m.Workflow, m.Version); err != nil {
			return ingest.ImportCount{}, fmt.Errorf("%s version %d: %w", m.Workflow, m.Version, storageErr(err))
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

// importRecording adds a recording (in review, unless a draft: see
// ingest.RecordingItem.ImportStatus) and reports whether it was added.
func importRecording(ctx context.Context, tx *sql.Tx, team int64, r *ingest.RecordingItem, n *ingest.ImportCount) (bool, error) {
	red, err := json.Marshal(r.Redactions)
	if err != nil {
		return false, err
	}
	uploader, err := personNamed(ctx, tx, team, r.UploadedBy)
	if err != nil {
		return false, fmt.Errorf("recording %s: uploader: %w", r.ID, err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO recordings (team_id, id, workflow, version, title, body_hash, recording, redactions, received_at, status, uploaded_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (team_id, id) DO NOTHING`,
		team, r.ID, r.Workflow, r.Version, r.Title, r.BodyHash, []byte(r.Recording), string(red), stamp(r.ReceivedAt), string(r.ImportStatus()), uploader)
	if sqliteCode(err) == codeConstraint {
		return false, fmt.Errorf("%w: recording %s: version %d of %s is another recording here", ingest.ErrConflict, r.ID, r.Version, r.Workflow)
	}
	if err != nil {
		return false, fmt.Errorf("recording %s: %w", r.ID, err)
	}
	if k, _ := res.RowsAffected(); k == 1 {
		n.Recordings++
		return true, nil
	}
	var wf string
	var v int
	var hash []byte
	if err := tx.QueryRowContext(ctx, "SELECT workflow, version, body_hash FROM recordings WHERE team_id = ? AND id = ?", team, r.ID).Scan(&wf, &v, &hash); err != nil {
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
func personNamed(ctx context.Context, tx *sql.Tx, team int64, name string) (any, error) {
	if name == "" {
		return nil, nil
	}
	var id int64
	err := tx.QueryRowContext(ctx, "SELECT id FROM people WHERE team_id = ? AND name = ?", team, name).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("%w: %q", ingest.ErrUnknownPerson, name)
	}
	return id, err
}

// counted adds one to added when a statement inserted its row, to
// Present when the row was there.
func counted(res sql.Result, added, present *int) {
	if k, _ := res.RowsAffected(); k == 1 {
		*added++
	} else {
		*present++
	}
}

// kept says whether the restore's transaction finds a row: an acceptance
// or approval of a version restored before is there, and the triggers
// would refuse adding one to a version approved since (they run before
// ON CONFLICT would skip it).
func kept(ctx context.Context, tx *sql.Tx, q string, args ...any) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM ("+q+" LIMIT 1)", args...).Scan(&n)
	return n > 0, err
}

func importAcceptance(ctx context.Context, tx *sql.Tx, team int64, a *ingest.AcceptanceItem, n *ingest.ImportCount) error {
	if there, err := kept(ctx, tx, "SELECT 1 FROM acceptances WHERE team_id = ? AND workflow = ? AND version = ? AND fingerprint = ?", team, a.Workflow, a.Version, a.Fingerprint); err != nil {
		return err
	} else if there {
		n.Present++
		return nil
	}
	by, err := personNamed(ctx, tx, team, a.By)
	if err != nil {
		return fmt.Errorf("acceptance of %s version %d: %w", a.Workflow, a.Version, err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO acceptances (team_id, workflow, version, fingerprint, rule, step, reason, person_id, person, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (team_id, workflow, version, fingerprint) DO NOTHING`,
		team, a.Workflow, a.Version, a.Fingerprint, a.Rule, a.Step, a.Reason, by, a.By, stamp(a.At))
	if err != nil {
		return fmt.Errorf("acceptance of %s version %d: %w", a.Workflow, a.Version, err)
	}
	counted(res, &n.Acceptances, &n.Present)
	return nil
}

func importApproval(ctx context.Context, tx *sql.Tx, team int64, a *ingest.ApprovalItem, n *ingest.ImportCount) error {
	if there, err := kept(ctx, tx, "SELECT 1 FROM approvals WHERE team_id = ? AND workflow = ? AND version = ?", team, a.Workflow, a.Version); err != nil {
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
	res, err := tx.ExecContext(ctx, `INSERT INTO approvals (team_id, workflow, version, person_id, person, role, at, comment, reviewed, summary)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (team_id, workflow, version) DO NOTHING`,
		team, a.Workflow, a.Version, by, a.By, a.Role, stamp(a.At), a.Comment, string(reviewed), a.Summary)
	if err != nil {
		return fmt.Errorf("approval of %s version %d: %w", a.Workflow, a.Version, err)
	}
	counted(res, &n.Approvals, &n.Present)
	return nil
}

// importReviewed adds a workflow's reviewed text; one kept already must
// be the same text at the same revision.
func importReviewed(ctx context.Context, tx *sql.Tx, team int64, r *ingest.ReviewedItem, n *ingest.ImportCount) error {
	body, err := json.Marshal(r.Text)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO reviewed (team_id, workflow, body, revision, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (team_id, workflow) DO NOTHING`, team, r.Workflow, string(body), r.Revision, stamp(r.UpdatedAt))
	if err != nil {
		return fmt.Errorf("reviewed text of %s: %w", r.Workflow, err)
	}
	if k, _ := res.RowsAffected(); k == 1 {
		n.Reviewed++
		return nil
	}
	var kept string
	var rev int
	if err := tx.QueryRowContext(ctx, "SELECT body, revision FROM reviewed WHERE team_id = ? AND workflow = ?", team, r.Workflow).Scan(&kept, &rev); err != nil {
		return fmt.Errorf("reviewed text of %s: %w", r.Workflow, err)
	}
	if err := ingest.SameReviewed(r, []byte(kept), rev); err != nil {
		return err
	}
	n.Present++
	return nil
}

// importAudit appends an entry to a workflow's log, unless the same entry
// is there (a restore run again).
func importAudit(ctx context.Context, tx *sql.Tx, team int64, a *ingest.AuditItem, n *ingest.ImportCount) error {
	by, err := personNamed(ctx, tx, team, a.Person)
	if errors.Is(err, ingest.ErrUnknownPerson) {
		by, err = nil, nil // Stepwise itself, or no one known
	}
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO audit (team_id, workflow, at, person_id, person, role, action, version, comment)
		SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9 WHERE NOT EXISTS (SELECT 1 FROM audit WHERE team_id = ?1 AND workflow = ?2
			AND at = ?3 AND person = ?5 AND role = ?6 AND action = ?7 AND version = ?8 AND comment = ?9)`,
		team, a.Workflow, stamp(a.At), by, a.Person, a.Role, string(a.Action), a.Version, a.Comment)
	if err != nil {
		return fmt.Errorf("audit entry of %s: %w", a.Workflow, err)
	}
	counted(res, &n.Audit, &n.Present)
	return nil
}
