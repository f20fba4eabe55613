package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/sopgen"
)

// approvalSchema is the migration that gives versions a status, and
// workflows their approvals, acceptances, reviewed text and audit log.
// The invariants are the database's own, so that no code path (nor a hand
// with sqlite3) can break them unnoticed:
//   - one approved version per workflow (a partial unique index);
//   - a version's status moves only along the lifecycle (draft → in
//     review → approved → superseded, back to draft from review, any
//     older unapproved version to superseded), and only an approval row
//     makes a version approved;
//   - an approval is refused for the version's uploader, for a role that
//     may not approve and for a version not in review (the approver's
//     role is the one they had then: a restore brings back approvals of
//     people whose role changed since; the approving statement itself
//     checks the role they have now);
//   - a stored recording, an approval, an acceptance and an audit entry
//     never change and are never deleted (nor is an approved version);
//   - acceptances are added to draft and in-review versions only.
//
// Versions stored before have no known uploader and are drafts; each gets
// a "recorded" audit entry with no person.
const approvalSchema = `
	ALTER TABLE recordings ADD COLUMN status TEXT NOT NULL DEFAULT 'draft'
		CHECK (status IN ('draft', 'in_review', 'approved', 'superseded'));
	ALTER TABLE recordings ADD COLUMN uploaded_by INTEGER REFERENCES people(id);
	CREATE UNIQUE INDEX recordings_one_approved ON recordings (team_id, workflow) WHERE status = 'approved';
	CREATE TABLE approvals (
		team_id   INTEGER NOT NULL,
		workflow  TEXT NOT NULL,
		version   INTEGER NOT NULL,
		person_id INTEGER NOT NULL REFERENCES people(id),
		person    TEXT NOT NULL,
		role      TEXT NOT NULL,
		at        TEXT NOT NULL,
		comment   TEXT NOT NULL,
		reviewed  TEXT NOT NULL,
		summary   TEXT NOT NULL,
		PRIMARY KEY (team_id, workflow, version),
		FOREIGN KEY (team_id, workflow, version) REFERENCES recordings (team_id, workflow, version)
	);
	CREATE TABLE acceptances (
		team_id     INTEGER NOT NULL,
		workflow    TEXT NOT NULL,
		version     INTEGER NOT NULL,
		fingerprint TEXT NOT NULL,
		rule        TEXT NOT NULL,
		step        TEXT NOT NULL,
		reason      TEXT NOT NULL,
		person_id   INTEGER NOT NULL REFERENCES people(id),
		person      TEXT NOT NULL,
		at          TEXT NOT NULL,
		PRIMARY KEY (team_id, workflow, version, fingerprint),
		FOREIGN KEY (team_id, workflow, version) REFERENCES recordings (team_id, workflow, version)
	);
	CREATE TABLE reviewed (
		team_id    INTEGER NOT NULL REFERENCES teams(id),
		workflow   TEXT NOT NULL,
		body       TEXT NOT NULL,
		revision   INTEGER NOT NULL,
		updated_at TEXT NOT NULL,
		PRIMARY KEY (team_id, workflow)
	);
	CREATE TABLE audit (
		id        INTEGER PRIMARY KEY,
		team_id   INTEGER NOT NULL REFERENCES teams(id),
		workflow  TEXT NOT NULL,
		at        TEXT NOT NULL,
		person_id INTEGER REFERENCES people(id),
		person    TEXT NOT NULL,
		role      TEXT NOT NULL,
		action    TEXT NOT NULL,
		version   INTEGER NOT NULL,
		comment   TEXT NOT NULL
	);
	CREATE INDEX audit_workflow ON audit (team_id, workflow, id);
	INSERT INTO audit (team_id, workflow, at, person, role, action, version, comment)
		SELECT team_id, workflow, received_at, '', '', 'recorded', version, 'stored before Stepwise kept who uploads'
		FROM recordings ORDER BY received_at, team_id, workflow, version;

	CREATE TRIGGER recordings_never_change BEFORE UPDATE OF team_id, id, workflow, version, title, body_hash, recording, redactions, received_at, uploaded_by ON recordings
	BEGIN SELECT RAISE(ABORT, 'a stored recording never changes'); END;
	CREATE TRIGGER recordings_approved_kept BEFORE DELETE ON recordings WHEN OLD.status IN ('approved', 'superseded')
	BEGIN SELECT RAISE(ABORT, 'an approved version is never deleted'); END;
	CREATE TRIGGER recordings_lifecycle BEFORE UPDATE OF status ON recordings
	WHEN NOT (OLD.status = 'draft' AND NEW.status IN ('in_review', 'superseded')
		OR OLD.status = 'in_review' AND NEW.status IN ('draft', 'approved', 'superseded')
		OR OLD.status = 'approved' AND NEW.status = 'superseded')
	BEGIN SELECT RAISE(ABORT, 'not a move of the approval lifecycle'); END;
	CREATE TRIGGER recordings_approved_by_approval BEFORE UPDATE OF status ON recordings
	WHEN NEW.status = 'approved' AND NOT EXISTS (SELECT 1 FROM approvals a
		WHERE a.team_id = NEW.team_id AND a.workflow = NEW.workflow AND a.version = NEW.version)
	BEGIN SELECT RAISE(ABORT, 'a version is approved only with its approval'); END;

	CREATE TRIGGER approvals_guard BEFORE INSERT ON approvals
	WHEN (SELECT status FROM recordings WHERE team_id = NEW.team_id AND workflow = NEW.workflow AND version = NEW.version) IS NOT 'in_review'
		OR NEW.person_id IS (SELECT uploaded_by FROM recordings WHERE team_id = NEW.team_id AND workflow = NEW.workflow AND version = NEW.version)
		OR NEW.role NOT IN ('approver', 'admin')
	BEGIN SELECT RAISE(ABORT, 'only an approver or admin who did not upload it approves a version in review'); END;
	CREATE TRIGGER approvals_never_change BEFORE UPDATE ON approvals
	BEGIN SELECT RAISE(ABORT, 'an approval never changes'); END;
	CREATE TRIGGER approvals_never_deleted BEFORE DELETE ON approvals
	BEGIN SELECT RAISE(ABORT, 'an approval is never deleted'); END;

	CREATE TRIGGER acceptances_guard BEFORE INSERT ON acceptances
	WHEN (SELECT status FROM recordings WHERE team_id = NEW.team_id AND workflow = NEW.workflow AND version = NEW.version) NOT IN ('draft', 'in_review')
	BEGIN SELECT RAISE(ABORT, 'findings are accepted on draft and in-review versions only'); END;
	CREATE TRIGGER acceptances_never_change BEFORE UPDATE ON acceptances
	BEGIN SELECT RAISE(ABORT, 'an acceptance never changes'); END;
	CREATE TRIGGER acceptances_never_deleted BEFORE DELETE ON acceptances
	BEGIN SELECT RAISE(ABORT, 'an acceptance is never deleted'); END;

	CREATE TRIGGER audit_never_changes BEFORE UPDATE ON audit
	BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
	CREATE TRIGGER audit_never_deleted BEFORE DELETE ON audit
	BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;`

// execer is a transaction or a prepared statement's host.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// nullID is a person's id for a column that is NULL for Stepwise itself.
func nullID(p ingest.Person) any {
	if p.ID == 0 {
		return nil
	}
	return p.ID
}

// stamp is how a time is kept: in microseconds, as PostgreSQL keeps it,
// so that a team moved between the stores keeps its times.
func stamp(t time.Time) string { return t.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano) }

// audit appends one entry to a workflow's log.
func audit(ctx context.Context, tx execer, team int64, workflow string, at time.Time, by ingest.Person, action ingest.AuditAction, version int, comment string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit (team_id, workflow, at, person_id, person, role, action, version, comment)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, team, workflow, stamp(at), nullID(by), by.AuditName(), by.AuditRole(), string(action), version, comment)
	if err != nil {
		return fmt.Errorf("audit %s: %w", action, storageErr(err))
	}
	return nil
}

// ChangeStatus implements ingest.Store.
func (s *Store) ChangeStatus(ctx context.Context, c ingest.StatusChange) ([]int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("change status: %w", storageErr(err))
	}
	defer tx.Rollback()
	var superseded []int
	if c.To == sopgen.StatusApproved {
		if superseded, err = approve(ctx, tx, c); err != nil {
			return nil, err
		}
	}
	res, err := tx.ExecContext(ctx, "UPDATE recordings SET status = ? WHERE team_id = ? AND workflow = ? AND version = ? AND status = ?",
		string(c.To), c.Team, c.Workflow, c.Version, string(c.From))
	if err != nil {
		return nil, fmt.Errorf("change status of %s version %d: %w", c.Workflow, c.Version, storageErr(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, refused(ctx, tx, c)
	}
	for _, v := range superseded {
		if err := audit(ctx, tx, c.Team, c.Workflow, c.At, c.By, ingest.ActionSuperseded, v, ingest.SupersededComment(c.Version)); err != nil {
			return nil, err
		}
	}
	if err := audit(ctx, tx, c.Team, c.Workflow, c.At, c.By, c.Action, c.Version, c.Comment); err != nil {
		return nil, err
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("change status: commit: %w", storageErr(err))
	}
	return superseded, nil
}

// approve keeps the approval of c's version — only if it is in review,
// was not uploaded by the approver, the approver may approve, and no later
// version was approved — then supersedes every older version not
// superseded yet. The caller's conditional status update follows in the
// same transaction.
func approve(ctx context.Context, tx *sql.Tx, c ingest.StatusChange) ([]int, error) {
	var rv sopgen.Reviewed
	if c.Reviewed != nil {
		rv = *c.Reviewed
	}
	body, err := json.Marshal(rv)
	if err != nil {
		return nil, fmt.Errorf("approve: reviewed text: %w", err)
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO approvals (team_id, workflow, version, person_id, person, role, at, comment, reviewed, summary)
		SELECT r.team_id, r.workflow, r.version, p.id, p.name, p.role, ?, ?, ?, ?
		FROM recordings r JOIN people p ON p.id = ? AND p.team_id = r.team_id AND p.role IN ('approver', 'admin')
		WHERE r.team_id = ? AND r.workflow = ? AND r.version = ? AND r.status = 'in_review'
		AND (r.uploaded_by IS NULL OR r.uploaded_by <> p.id)
		AND NOT EXISTS (SELECT 1 FROM approvals a WHERE a.team_id = r.team_id AND a.workflow = r.workflow AND a.version > r.version)`,
		stamp(c.At), c.Comment, string(body), c.Summary, c.By.ID, c.Team, c.Workflow, c.Version)
	if err != nil {
		return nil, fmt.Errorf("approve %s version %d: %w", c.Workflow, c.Version, storageErr(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil, refused(ctx, tx, c)
	}
	rows, err := tx.QueryContext(ctx, `UPDATE recordings SET status = 'superseded'
		WHERE team_id = ? AND workflow = ? AND version < ? AND status <> 'superseded' RETURNING version`, c.Team, c.Workflow, c.Version)
	if err != nil {
		return nil, fmt.Errorf("supersede before %s version %d: %w", c.Workflow, c.Version, storageErr(err))
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("supersede: %w", storageErr(err))
	}
	slices.Sort(out)
	return out, nil
}

// state reads what explains a refused change of a version: its status
// and uploader and, for an approval, the approver's role and the latest
// version approved. It reads in the transaction that was refused.
func state(ctx context.Context, tx *sql.Tx, team int64, workflow string, version int, approver int64) (ingest.VersionState, error) {
	var v ingest.VersionState
	var status string
	var uploader sql.NullInt64
	err := tx.QueryRowContext(ctx, "SELECT status, uploaded_by FROM recordings WHERE team_id = ? AND workflow = ? AND version = ?", team, workflow, version).Scan(&status, &uploader)
	if errors.Is(err, sql.ErrNoRows) {
		return v, nil
	}
	if err != nil {
		return v, err
	}
	v.Found, v.Status, v.Uploader = true, sopgen.Status(status), uploader.Int64
	var role sql.NullString
	if err := tx.QueryRowContext(ctx, `SELECT (SELECT role FROM people WHERE id = ? AND team_id = ?),
		(SELECT COALESCE(MAX(version), 0) FROM approvals WHERE team_id = ? AND workflow = ?)`, approver, team, team, workflow).Scan(&role, &v.LatestApproved); err != nil {
		return v, err
	}
	v.ApproverRole = ingest.Role(role.String)
	return v, nil
}

// refused explains a refused change of status.
func refused(ctx context.Context, tx *sql.Tx, c ingest.StatusChange) error {
	v, err := state(ctx, tx, c.Team, c.Workflow, c.Version, c.By.ID)
	if err != nil {
		return err
	}
	return c.Refusal(v)
}

// Accept implements ingest.Store.
func (s *Store) Accept(ctx context.Context, a ingest.Acceptance) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("accept: %w", storageErr(err))
	}
	defer tx.Rollback()
	f := a.Finding
	res, err := tx.ExecContext(ctx, `INSERT INTO acceptances (team_id, workflow, version, fingerprint, rule, step, reason, person_id, person, at)
		SELECT team_id, workflow, version, ?, ?, ?, ?, ?, ?, ? FROM recordings
		WHERE team_id = ? AND workflow = ? AND version = ? AND status IN ('draft', 'in_review')
		ON CONFLICT (team_id, workflow, version, fingerprint) DO NOTHING`,
		f.Fingerprint, f.Rule, f.Step, f.Reason, a.By.ID, a.By.Name, stamp(f.At), a.Team, a.Workflow, a.Version)
	if err != nil {
		return fmt.Errorf("accept %s in %s version %d: %w", f.Rule, a.Workflow, a.Version, storageErr(err))
	}
	if n, _ := res.RowsAffected(); n == 0 {
		v, err := state(ctx, tx, a.Team, a.Workflow, a.Version, 0)
		if err != nil {
			return err
		}
		return a.Refusal(v)
	}
	if err := audit(ctx, tx, a.Team, a.Workflow, f.At, a.By, ingest.ActionAccepted, a.Version, a.AuditComment()); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("accept: commit: %w", storageErr(err))
	}
	return nil
}

// Acceptances implements ingest.Store.
func (s *Store) Acceptances(ctx context.Context, team int64, workflow string, version int) ([]sopgen.Acceptance, error) {
	rows, err := s.read(ctx, `SELECT rule, step, fingerprint, reason, person, at FROM acceptances
		WHERE team_id = ? AND workflow = ? AND version = ? ORDER BY at, rowid`, team, workflow, version)
	if err != nil {
		return nil, fmt.Errorf("acceptances: %w", err)
	}
	defer rows.Close()
	var out []sopgen.Acceptance
	for rows.Next() {
		var a sopgen.Acceptance
		var at string
		if err := rows.Scan(&a.Rule, &a.Step, &a.Fingerprint, &a.Reason, &a.By, &at); err != nil {
			return nil, err
		}
		a.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Reviewed implements ingest.Store.
func (s *Store) Reviewed(ctx context.Context, team int64, workflow string) (sopgen.Reviewed, int, error) {
	var r sopgen.Reviewed
	var body string
	var rev int
	err := s.readRow(ctx, "SELECT body, revision FROM reviewed WHERE team_id = ? AND workflow = ?", team, workflow).Scan(&body, &rev)
	if errors.Is(err, sql.ErrNoRows) {
		return r, 0, nil
	}
	if err != nil {
		return r, 0, fmt.Errorf("reviewed text of %s: %w", workflow, err)
	}
	if err := json.Unmarshal([]byte(body), &r); err != nil {
		return r, 0, fmt.Errorf("reviewed text of %s: %w", workflow, err)
	}
	return r, rev, nil
}

// PutReviewed implements ingest.Store. The replacement is one conditional
// statement: an insert when no text was written (base 0), an update of
// the revision the editor read otherwise; a negative base replaces
// whatever is there.
func (s *Store) PutReviewed(ctx context.Context, e ingest.ReviewedEdit) (int, error) {
	body, err := json.Marshal(e.Reviewed)
	if err != nil {
		return 0, fmt.Errorf("reviewed text: %w", err)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, fmt.Errorf("edit reviewed text: %w", storageErr(err))
	}
	defer tx.Rollback()
	var q string
	args := []any{e.Team, e.Workflow, string(body), stamp(e.At)}
	switch {
	case e.Base < 0:
		q = `INSERT INTO reviewed (team_id, workflow, body, revision, updated_at)
			SELECT ?1, ?2, ?3, 1, ?4 WHERE EXISTS (SELECT 1 FROM recordings WHERE team_id = ?1 AND workflow = ?2)
			ON CONFLICT (team_id, workflow) DO UPDATE SET body = excluded.body, revision = reviewed.revision + 1, updated_at = excluded.updated_at
			RETURNING revision`
	case e.Base == 0:
		q = `INSERT INTO reviewed (team_id, workflow, body, revision, updated_at)
			SELECT ?1, ?2, ?3, 1, ?4 WHERE EXISTS (SELECT 1 FROM recordings WHERE team_id = ?1 AND workflow = ?2)
			ON CONFLICT (team_id, workflow) DO NOTHING
			RETURNING revision`
	default:
		q = `UPDATE reviewed SET body = ?3, revision = revision + 1, updated_at = ?4
			WHERE team_id = ?1 AND workflow = ?2 AND revision = ?5 RETURNING revision`
		args = append(args, e.Base)
	}
	var rev int
	err = tx.QueryRowContext(ctx, q, args...).Scan(&rev)
	if errors.Is(err, sql.ErrNoRows) {
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM recordings WHERE team_id = ? AND workflow = ? LIMIT 1)", e.Team, e.Workflow).Scan(&n); err != nil {
			return 0, err
		}
		return 0, e.Refusal(n > 0)
	}
	if err != nil {
		return 0, fmt.Errorf("edit reviewed text of %s: %w", e.Workflow, storageErr(err))
	}
	if err := audit(ctx, tx, e.Team, e.Workflow, e.At, e.By, ingest.ActionReviewedEdited, 0, e.Comment); err != nil {
		return 0, err
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("edit reviewed text: commit: %w", storageErr(err))
	}
	return rev, nil
}

// Audit implements ingest.Store.
func (s *Store) Audit(ctx context.Context, team int64, workflow string, after int64, limit int) ([]ingest.AuditEntry, error) {
	rows, err := s.read(ctx, `SELECT id, at, person, role, action, version, comment FROM audit
		WHERE team_id = ? AND workflow = ? AND id > ? ORDER BY id LIMIT ?`, team, workflow, after, limit)
	if err != nil {
		return nil, fmt.Errorf("audit log of %s: %w", workflow, err)
	}
	defer rows.Close()
	out := []ingest.AuditEntry{}
	for rows.Next() {
		var e ingest.AuditEntry
		var at, action string
		if err := rows.Scan(&e.ID, &at, &e.Person, &e.Role, &action, &e.Version, &e.Comment); err != nil {
			return nil, err
		}
		e.At, _ = time.Parse(time.RFC3339Nano, at)
		e.Action = ingest.AuditAction(action)
		out = append(out, e)
	}
	return out, rows.Err()
}
