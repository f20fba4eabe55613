// Package postgres keeps teams, tokens, recordings, web sessions and the
// server's secrets in PostgreSQL, so that several replicas of the server
// can share one database.
//
// It uses pgx's own interface through pgxpool rather than database/sql:
// nothing here needs database/sql's driver independence, and pgx natively
// caches prepared statements per connection, speaks the binary protocol,
// and reports server errors with their SQLSTATE, which is what tells a
// full disk or a conflicting version from other failures.
//
// Durability: a commit returns once PostgreSQL has flushed it to its WAL
// (synchronous_commit on; Open refuses a database where it or fsync is
// off), and a 201 is sent after the commit. PostgreSQL shares WAL flushes
// between commits arriving together, so no group commit is needed here.
//
// Consistency across replicas is the database's: a recording's id is a
// primary key (idempotency and conflicts are decided by the INSERT, never
// by a read before it), and a workflow's version numbers come from a
// counter row locked by the upload's transaction, so they are unique and
// without gaps (an upload that does not commit rolls its number back).
package postgres

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/sopgen"
)

// Store is the PostgreSQL store. It implements ingest.Backend.
type Store struct {
	pool       *pgxpool.Pool
	name       string // the URL without its password, for messages
	people     ingest.PersonCache
	schemaFrom int
}

// Open connects to the database at a postgres:// (or postgresql://) URL,
// checks that commits are durable there, and migrates its schema, under
// an advisory lock so that replicas starting together take turns.
//
// The URL's pool_max_conns sets how many connections this process holds
// (pgxpool's default: the number of CPUs, at least 4). Uploads wait for
// a free one; on a small machine shared with the database, few
// connections commit faster than many that contend for the cores and the
// workflows' counter rows.
func Open(ctx context.Context, dsn string) (*Store, error) {
	name := redact(dsn)
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", name, err)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", name, err)
	}
	s := &Store{pool: pool, name: name}
	if err := s.checkDurable(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	if s.schemaFrom, err = migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("database %s: %w", name, storageErr(err))
	}
	return s, nil
}

// redact drops the password from a URL shown in a message.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "(an unreadable URL)"
	}
	return u.Redacted()
}

// checkDurable refuses a database that acknowledges commits it has not
// flushed: a 201 would promise what a crash could take back.
func (s *Store) checkDurable(ctx context.Context) error {
	var syncCommit, fsync string
	if err := s.pool.QueryRow(ctx, "SELECT current_setting('synchronous_commit'), current_setting('fsync')").Scan(&syncCommit, &fsync); err != nil {
		return fmt.Errorf("database %s: %w", s.name, err)
	}
	if syncCommit == "off" {
		return fmt.Errorf("database %s has synchronous_commit off: a commit, and so an upload answered 201, could be lost in a crash. Set it on for this database (ALTER DATABASE ... SET synchronous_commit = on) or remove the option from the URL", s.name)
	}
	if fsync == "off" {
		return fmt.Errorf("database %s runs with fsync off: a crash of its machine could lose uploads answered 201. Turn fsync on in postgresql.conf", s.name)
	}
	return nil
}

// Schema reports the schema version the database had when it was opened
// and the one it has now, this binary's.
func (s *Store) Schema() (from, to int) { return s.schemaFrom, len(migrations) }

// Close closes the connections; uploads in flight finish first (each
// holds its connection until it commits or rolls back).
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// Ping checks that the database takes writes: it answers in a
// transaction that may write (not a read-only standby), reading the
// recordings table. A database that does not answer makes it wait until
// ctx ends.
func (s *Store) Ping(ctx context.Context) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("ping: begin: %w", err)
	}
	defer tx.Rollback(ctx)
	var readOnly string
	if err := tx.QueryRow(ctx, "SELECT current_setting('transaction_read_only')").Scan(&readOnly); err != nil {
		return fmt.Errorf("ping: %w", err)
	}
	if readOnly == "on" {
		return errors.New("ping: the database takes no writes (a standby, or default_transaction_read_only)")
	}
	if _, err := tx.Exec(ctx, "SELECT 1 FROM recordings LIMIT 1"); err != nil {
		return fmt.Errorf("ping: read: %w", err)
	}
	return nil
}

// CreateTeam creates a team, or returns the one with that name.
func (s *Store) CreateTeam(ctx context.Context, name string) (ingest.Team, error) {
	return createTeam(ctx, s.pool, name)
}

// querier is a pool or a transaction.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

func createTeam(ctx context.Context, q querier, name string) (ingest.Team, error) {
	name, err := ingest.TeamName(name)
	if err != nil {
		return ingest.Team{}, err
	}
	t := ingest.Team{Name: name}
	// The no-op update makes RETURNING give the id of a team that exists.
	err = q.QueryRow(ctx, `INSERT INTO teams (name) VALUES ($1)
		ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id`, name).Scan(&t.ID)
	if err != nil {
		return t, fmt.Errorf("create team: %w", storageErr(err))
	}
	return t, nil
}

// CreateToken makes a new admin token for a team (created if needed),
// belonging to a new person named after the token, and returns it; only
// its hash is stored.
func (s *Store) CreateToken(ctx context.Context, team string) (string, error) {
	is, err := s.CreatePersonToken(ctx, team, "", "")
	return is.Token, err
}

// CreatePersonToken implements ingest.Backend: a token for the person
// called name in team, both created if needed.
func (s *Store) CreatePersonToken(ctx context.Context, team, name string, role ingest.Role) (ingest.Issued, error) {
	var is ingest.Issued
	pt, err := ingest.NewPersonToken(name, role)
	if err != nil {
		return is, err
	}
	is.Token, name = pt.Token, pt.Name
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return is, fmt.Errorf("create token: %w", storageErr(err))
	}
	defer tx.Rollback(ctx)
	t, err := createTeam(ctx, tx, team)
	if err != nil {
		return is, err
	}
	p := ingest.Person{Team: t, Name: name, Role: pt.NewRole()}
	// One statement makes the person or finds them, and says which, with
	// the role they had; FOR UPDATE keeps a concurrent token from changing
	// it meanwhile.
	var current string
	err = tx.QueryRow(ctx, "SELECT id, role FROM people WHERE team_id = $1 AND name = $2 FOR UPDATE", t.ID, name).Scan(&p.ID, &current)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		is.NewPerson = true
		err = tx.QueryRow(ctx, `INSERT INTO people (team_id, name, role) VALUES ($1, $2, $3)
			ON CONFLICT (team_id, name) DO UPDATE SET name = EXCLUDED.name RETURNING id, role`, t.ID, name, string(p.Role)).Scan(&p.ID, &current)
		if err != nil {
			return is, fmt.Errorf("create person: %w", storageErr(err))
		}
		p.Role = ingest.Role(current)
	case err != nil:
		return is, fmt.Errorf("find person: %w", err)
	default:
		p.Role = ingest.Role(current)
		if role != "" && role != p.Role {
			if _, err := tx.Exec(ctx, "UPDATE people SET role = $1 WHERE id = $2", string(role), p.ID); err != nil {
				return is, fmt.Errorf("change role: %w", storageErr(err))
			}
			is.PreviousRole, p.Role = p.Role, role
		}
	}
	if _, err := tx.Exec(ctx, "INSERT INTO tokens (hash, team_id, person_id) VALUES ($1, $2, $3)", pt.Hash, t.ID, p.ID); err != nil {
		return is, fmt.Errorf("create token: %w", storageErr(err))
	}
	if err := tx.Commit(ctx); err != nil {
		return is, fmt.Errorf("create token: %w", storageErr(err))
	}
	is.Person = p
	return is, nil
}

const personColumns = "p.id, p.name, p.role, t.id, t.name"

func scanPerson(row pgx.Row) (ingest.Person, error) {
	var p ingest.Person
	var role string
	err := row.Scan(&p.ID, &p.Name, &role, &p.Team.ID, &p.Team.Name)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, ingest.ErrUnauthorized
	}
	p.Role = ingest.Role(role)
	return p, err
}

// PersonByToken implements ingest.Store.
func (s *Store) PersonByToken(ctx context.Context, hash []byte) (ingest.Person, error) {
	if p, ok := s.people.Lookup(hash); ok {
		return p, nil
	}
	p, err := scanPerson(s.pool.QueryRow(ctx, "SELECT "+personColumns+" FROM tokens k JOIN people p ON p.id = k.person_id JOIN teams t ON t.id = p.team_id WHERE k.hash = $1", hash))
	if err != nil {
		if !errors.Is(err, ingest.ErrUnauthorized) {
			err = fmt.Errorf("token: %w", err)
		}
		return p, err
	}
	s.people.Remember(hash, p)
	return p, nil
}

// Secret returns the server secret called name, made of 32 random bytes
// the first time it is asked for and kept in the database: every replica
// reads the same one, whichever asked first, so a session signed by one
// is good on the others.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	if _, err := s.pool.Exec(ctx, "INSERT INTO secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", name, raw); err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, storageErr(err))
	}
	var v []byte
	if err := s.pool.QueryRow(ctx, "SELECT value FROM secrets WHERE name = $1", name).Scan(&v); err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	return v, nil
}

// Empty reports whether no recording is stored yet.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var any bool
	err := s.pool.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM recordings)").Scan(&any)
	return !any, err
}

// PutRecording implements ingest.Store: it returns once the recording is
// committed.
//
// In one transaction it takes the workflow's next version number (the
// counter row stays locked until the commit, so concurrent uploads of one
// workflow, on any replica, number one after another) and inserts the
// recording unless its id is taken. When it is, the transaction rolls
// back, number included, and the kept recording answers: the same body
// is its receipt, another a conflict. A concurrent upload of the same id
// makes the INSERT wait for that one's outcome, so exactly one of them
// stores it.
func (s *Store) PutRecording(ctx context.Context, p ingest.Put) (ingest.Receipt, error) {
	red, err := json.Marshal(p.Redactions)
	if err != nil {
		return ingest.Receipt{}, err
	}
	created, err := s.insert(ctx, p, red)
	if err != nil || created.Created {
		return created, err
	}
	r := ingest.Receipt{ID: p.ID}
	var hash []byte
	err = s.pool.QueryRow(ctx, "SELECT workflow, version, body_hash FROM recordings WHERE team_id = $1 AND id = $2", p.Team, p.ID).Scan(&r.Workflow, &r.Version, &hash)
	if err != nil {
		return ingest.Receipt{}, fmt.Errorf("recording %s: %w", p.ID, err)
	}
	if !bytes.Equal(hash, p.BodyHash) {
		return ingest.Receipt{}, ingest.ErrConflict
	}
	return r, nil
}

// insert stores p at its workflow's next version and reports Created, or
// stores nothing when its id is taken. BEGIN, the numbering and the
// INSERT go in one round trip (a pipelined batch), COMMIT or ROLLBACK in
// a second.
func (s *Store) insert(ctx context.Context, p ingest.Put, red []byte) (ingest.Receipt, error) {
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return ingest.Receipt{}, fmt.Errorf("recording %s: %w", p.ID, storageErr(err))
	}
	// A connection released inside a transaction (an error before its
	// end) is closed by the pool, which rolls the transaction back.
	defer conn.Release()
	var version int
	var inserted bool
	b := &pgx.Batch{}
	b.Queue("BEGIN")
	b.Queue(`INSERT INTO workflows (team_id, slug, last_version) VALUES ($1, $2, 1)
		ON CONFLICT (team_id, slug) DO UPDATE SET last_version = workflows.last_version + 1
		RETURNING last_version`, p.Team, p.Workflow).QueryRow(func(row pgx.Row) error { return row.Scan(&version) })
	b.Queue(`INSERT INTO recordings (team_id, id, workflow, version, title, body_hash, recording, redactions, received_at, uploaded_by)
		SELECT $1, $2, $3, last_version, $4, $5, $6, $7, $8, $9 FROM workflows WHERE team_id = $1 AND slug = $3
		ON CONFLICT (team_id, id) DO NOTHING`,
		p.Team, p.ID, p.Workflow, p.Title, p.BodyHash, p.Recording, red, p.ReceivedAt, personID(p.By)).Exec(func(tag pgconn.CommandTag) error {
		inserted = tag.RowsAffected() == 1
		return nil
	})
	// The "recorded" audit entry goes in the same transaction; when the
	// id was taken it is rolled back with the rest.
	b.Queue(`INSERT INTO audit (team_id, workflow, at, person_id, person, role, action, version, comment)
		SELECT $1, $2, $3, $4, $5, $6, $7, last_version, $8 FROM workflows WHERE team_id = $1 AND slug = $2`,
		p.Team, p.Workflow, p.ReceivedAt, personID(p.By), p.By.AuditName(), p.By.AuditRole(), string(ingest.ActionRecorded), "recording "+p.ID)
	if err := conn.SendBatch(ctx, b).Close(); err != nil {
		return ingest.Receipt{}, fmt.Errorf("insert recording %s: %w", p.ID, storageErr(err))
	}
	// Once the rows are written, the transaction ends as decided here
	// even if the client has gone: its answer and the store must agree.
	ectx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	if !inserted {
		_, err := conn.Exec(ectx, "ROLLBACK") // the number goes back too
		return ingest.Receipt{}, err
	}
	if _, err := conn.Exec(ectx, "COMMIT"); err != nil {
		return ingest.Receipt{}, fmt.Errorf("commit recording %s: %w", p.ID, storageErr(err))
	}
	return ingest.Receipt{ID: p.ID, Workflow: p.Workflow, Version: version, Created: true}, nil
}

// storedFrom selects a recording with its uploader and approval; the
// caller adds the WHERE clause on r.
const storedFrom = `SELECT r.id, r.workflow, r.version, r.recording, r.redactions, r.received_at, r.status,
	COALESCE(r.uploaded_by, 0), COALESCE(u.name, ''),
	a.person, a.role, a.at, a.comment, a.reviewed, a.summary
	FROM recordings r LEFT JOIN people u ON u.id = r.uploaded_by
	LEFT JOIN approvals a ON a.team_id = r.team_id AND a.workflow = r.workflow AND a.version = r.version `

func scanStored(row pgx.Row) (*ingest.Stored, error) {
	var st ingest.Stored
	var red, reviewed []byte
	var status string
	var by, role, comment, summary *string
	var at *time.Time
	if err := row.Scan(&st.ID, &st.Workflow, &st.Version, &st.Recording, &red, &st.ReceivedAt, &status, &st.UploaderID, &st.Uploader,
		&by, &role, &at, &comment, &reviewed, &summary); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return nil, ingest.ErrNotFound
		}
		return nil, err
	}
	var r sopgen.Redactions
	if err := json.Unmarshal(red, &r); err != nil {
		return nil, fmt.Errorf("recording %s: redactions: %w", st.ID, err)
	}
	st.Redactions = r
	st.ReceivedAt = st.ReceivedAt.UTC()
	st.Status = sopgen.Status(status)
	if by != nil {
		a := &ingest.Approval{Approval: approval(by, role, at, comment), Summary: *summary}
		if err := json.Unmarshal(reviewed, &a.Reviewed); err != nil {
			return nil, fmt.Errorf("recording %s: approved reviewed text: %w", st.ID, err)
		}
		st.Approval = a
	}
	return &st, nil
}

// approval is an approval read from a LEFT JOIN whose columns are set.
func approval(by, role *string, at *time.Time, comment *string) sopgen.Approval {
	return sopgen.Approval{By: *by, Role: *role, At: at.UTC(), Comment: *comment}
}

// Recording implements ingest.Store.
func (s *Store) Recording(ctx context.Context, team int64, id string) (*ingest.Stored, error) {
	return scanStored(s.pool.QueryRow(ctx, storedFrom+"WHERE r.team_id = $1 AND r.id = $2", team, id))
}

// Version implements ingest.Store.
func (s *Store) Version(ctx context.Context, team int64, workflow string, n int) (*ingest.Stored, error) {
	if n <= 0 {
		return scanStored(s.pool.QueryRow(ctx, storedFrom+"WHERE r.team_id = $1 AND r.workflow = $2 ORDER BY r.version DESC LIMIT 1", team, workflow))
	}
	return scanStored(s.pool.QueryRow(ctx, storedFrom+"WHERE r.team_id = $1 AND r.workflow = $2 AND r.version = $3", team, workflow, n))
}

// Workflows implements ingest.Store. Slugs sort by their bytes (COLLATE
// "C"), as in SQLite, whatever the database's locale.
func (s *Store) Workflows(ctx context.Context, team int64) ([]ingest.WorkflowSummary, error) {
	rows, err := s.pool.Query(ctx, `SELECT r.workflow, r.title, r.version, c.n, r.received_at, r.status, COALESCE(ap.version, 0)
		FROM recordings r JOIN (SELECT workflow, MAX(version) AS v, COUNT(*) AS n FROM recordings WHERE team_id = $1 GROUP BY workflow) c
		ON r.workflow = c.workflow AND r.version = c.v
		LEFT JOIN recordings ap ON ap.team_id = r.team_id AND ap.workflow = r.workflow AND ap.status = 'approved'
		WHERE r.team_id = $1 ORDER BY r.workflow COLLATE "C"`, team)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ingest.WorkflowSummary, error) {
		var w ingest.WorkflowSummary
		var status string
		err := row.Scan(&w.Slug, &w.Title, &w.LatestVersion, &w.Versions, &w.UpdatedAt, &status, &w.ApprovedVersion)
		w.UpdatedAt, w.Status = w.UpdatedAt.UTC(), sopgen.Status(status)
		return w, err
	})
	if out == nil && err == nil {
		out = []ingest.WorkflowSummary{}
	}
	return out, err
}

// Versions implements ingest.Store.
func (s *Store) Versions(ctx context.Context, team int64, workflow string) ([]ingest.Version, error) {
	rows, err := s.pool.Query(ctx, `SELECT r.version, r.id, r.received_at, r.status, COALESCE(u.name, ''),
		a.person, a.role, a.at, a.comment, a.summary
		FROM recordings r LEFT JOIN people u ON u.id = r.uploaded_by
		LEFT JOIN approvals a ON a.team_id = r.team_id AND a.workflow = r.workflow AND a.version = r.version
		WHERE r.team_id = $1 AND r.workflow = $2 ORDER BY r.version`, team, workflow)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ingest.Version, error) {
		var v ingest.Version
		var status string
		var by, role, comment, summary *string
		var at *time.Time
		err := row.Scan(&v.Version, &v.ID, &v.ReceivedAt, &status, &v.UploadedBy, &by, &role, &at, &comment, &summary)
		v.ReceivedAt, v.Status = v.ReceivedAt.UTC(), sopgen.Status(status)
		if err == nil && by != nil {
			a := approval(by, role, at, comment)
			v.Approval, v.Summary = &a, *summary
		}
		return v, err
	})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, ingest.ErrNotFound
	}
	return out, nil
}

// CreateSession implements ingest.Store. Sessions that have ended are
// removed at the same time, so the table holds only live ones.
func (s *Store) CreateSession(ctx context.Context, idHash []byte, person int64, expires time.Time) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	defer tx.Rollback(ctx)
	if _, err := tx.Exec(ctx, "DELETE FROM sessions WHERE expires_at <= $1", time.Now()); err != nil {
		return fmt.Errorf("create session: sweep: %w", err)
	}
	if _, err := tx.Exec(ctx, "INSERT INTO sessions (hash, team_id, person_id, expires_at) SELECT $1, team_id, id, $3 FROM people WHERE id = $2", idHash, person, expires); err != nil {
		return fmt.Errorf("create session: %w", storageErr(err))
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("create session: %w", storageErr(err))
	}
	return nil
}

// SessionPerson implements ingest.Store.
func (s *Store) SessionPerson(ctx context.Context, idHash []byte) (ingest.Person, error) {
	p, err := scanPerson(s.pool.QueryRow(ctx, "SELECT "+personColumns+" FROM sessions k JOIN people p ON p.id = k.person_id JOIN teams t ON t.id = p.team_id WHERE k.hash = $1 AND k.expires_at > $2", idHash, time.Now()))
	if err != nil && !errors.Is(err, ingest.ErrUnauthorized) {
		return p, fmt.Errorf("session: %w", err)
	}
	return p, err
}

// DeleteSession implements ingest.Store.
func (s *Store) DeleteSession(ctx context.Context, idHash []byte) error {
	if _, err := s.pool.Exec(ctx, "DELETE FROM sessions WHERE hash = $1", idHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}

// SQLSTATE codes this package tells apart.
const (
	codeDiskFull       = "53100"
	codeUniqueViolated = "23505"
	codeIntegrity      = "23000" // raised by the triggers that keep the invariants
)

// storageErr marks an error of a full disk as ingest.ErrStorageFull.
func storageErr(err error) error {
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == codeDiskFull {
		return fmt.Errorf("%w: %w", ingest.ErrStorageFull, err)
	}
	return err
}

var _ ingest.Backend = (*Store)(nil)
