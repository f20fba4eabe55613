// Package sqlite keeps teams, people and their tokens, recordings with the
// approval of each version, and each workflow's reviewed text and audit log
// in an embedded SQLite database (modernc.org/sqlite, pure Go).
//
// Durability: the database runs in WAL mode with synchronous=FULL, so a
// commit returns only after the write-ahead log is on disk; a 201 is sent
// after the commit. A crash of the process — or of the machine — loses
// nothing acknowledged. Uploads arriving together are committed together
// (group commit): one writer goroutine takes every pending upload, writes
// them in one transaction and answers each after the commit, so the cost of
// the fsync is shared under load.
package sqlite

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"time"

	_ "modernc.org/sqlite"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/sopgen"
)

// migrations create the schema; each runs once, in order, recorded in
// user_version.
var migrations = []string{
	`CREATE TABLE teams (
		id         INTEGER PRIMARY KEY,
		name       TEXT NOT NULL UNIQUE,
		created_at TEXT NOT NULL
	);
	CREATE TABLE tokens (
		hash       BLOB PRIMARY KEY,
		team_id    INTEGER NOT NULL REFERENCES teams(id),
		created_at TEXT NOT NULL
	) WITHOUT ROWID;
	CREATE TABLE recordings (
		team_id     INTEGER NOT NULL REFERENCES teams(id),
		id          TEXT NOT NULL,
		workflow    TEXT NOT NULL,
		version     INTEGER NOT NULL,
		title       TEXT NOT NULL,
		body_hash   BLOB NOT NULL,
		recording   BLOB NOT NULL,
		redactions  TEXT NOT NULL,
		received_at TEXT NOT NULL,
		PRIMARY KEY (team_id, id),
		UNIQUE (team_id, workflow, version)
	);`,
	`CREATE TABLE secrets (
		name  TEXT PRIMARY KEY,
		value BLOB NOT NULL
	) WITHOUT ROWID;`,
	// Web UI sessions, so that signing out ends one on the server. Only
	// the SHA-256 of a session id is kept.
	`CREATE TABLE sessions (
		hash       BLOB PRIMARY KEY,
		team_id    INTEGER NOT NULL REFERENCES teams(id),
		expires_at INTEGER NOT NULL
	) WITHOUT ROWID;
	CREATE INDEX sessions_expiry ON sessions (expires_at);`,
	// People: tokens and sessions belong to a named person with a role in
	// the team. Each token made before is given a person of its own, an
	// admin named "token" and the first 12 hex digits of the token's
	// SHA-256 (what a token made without a name is called too); sessions
	// end, so everyone signs in again.
	`CREATE TABLE people (
		id         INTEGER PRIMARY KEY,
		team_id    INTEGER NOT NULL REFERENCES teams(id),
		name       TEXT NOT NULL,
		role       TEXT NOT NULL CHECK (role IN ('recorder', 'reviewer', 'approver', 'admin')),
		created_at TEXT NOT NULL,
		UNIQUE (team_id, name)
	);
	INSERT INTO people (team_id, name, role, created_at)
		SELECT team_id, 'token ' || lower(hex(substr(hash, 1, 6))), 'admin', created_at FROM tokens;
	CREATE TABLE person_tokens (
		hash       BLOB PRIMARY KEY,
		person_id  INTEGER NOT NULL REFERENCES people(id),
		created_at TEXT NOT NULL
	) WITHOUT ROWID;
	INSERT INTO person_tokens (hash, person_id, created_at)
		SELECT k.hash, p.id, k.created_at FROM tokens k
		JOIN people p ON p.team_id = k.team_id AND p.name = 'token ' || lower(hex(substr(k.hash, 1, 6)));
	DROP TABLE tokens;
	ALTER TABLE person_tokens RENAME TO tokens;
	DROP TABLE sessions;
	CREATE TABLE sessions (
		hash       BLOB PRIMARY KEY,
		person_id  INTEGER NOT NULL REFERENCES people(id),
		expires_at INTEGER NOT NULL
	) WITHOUT ROWID;
	CREATE INDEX sessions_expiry ON sessions (expires_at);`,
	approvalSchema,
}

// Store is the SQLite store. It implements ingest.Backend.
type Store struct {
	db     *sql.DB
	insert *sql.Stmt // a new recording at the next version, unless its id exists
	find   *sql.Stmt // the stored recording of an id
	writes chan *write
	done   chan struct{}
	closed sync.Once

	// stmts holds the reads prepared once (query → *sql.Stmt): SQLite
	// parses a statement in more time than a small read takes to run.
	stmts sync.Map

	// people remembers the people of tokens that resolved. (Approval
	// checks the approver's role in the database, never here.)
	people ingest.PersonCache

	schemaFrom int // the schema version found at Open, before migrating
}

type write struct {
	put   ingest.Put
	reply chan writeResult
}

type writeResult struct {
	receipt ingest.Receipt
	err     error
}

// maxBatch bounds how many uploads one transaction commits.
const maxBatch = 256

// Option tunes Open.
type Option func(*options)

type options struct {
	maxPages int
}

// MaxPages caps the database at n pages (SQLite's max_page_count): a write
// that would grow it further fails as a full disk does. For tests of a
// full disk; 0 leaves SQLite's default.
func MaxPages(n int) Option { return func(o *options) { o.maxPages = n } }

// Open opens (creating if needed) the database at path and migrates it.
// It refuses a database it must not run on, with an error that names the
// file and says what to do: a damaged write-ahead log (one whose recovery
// would drop committed transactions), a database that fails SQLite's
// quick_check after recovery, or one whose schema is newer than this
// binary knows.
func Open(ctx context.Context, path string, opts ...Option) (*Store, error) {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	if err := checkWAL(path); err != nil {
		return nil, err
	}
	dsn := "file:" + path + "?_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)&_txlock=immediate"
	if o.maxPages > 0 {
		dsn += fmt.Sprintf("&_pragma=max_page_count(%d)", o.maxPages)
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	if err := checkSchema(ctx, db, path); err != nil {
		db.Close()
		return nil, err
	}
	if err := quickCheck(ctx, db, path); err != nil {
		db.Close()
		return nil, err
	}
	from, err := migrate(ctx, db)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, storageErr(err))
	}
	s := &Store{db: db, writes: make(chan *write, maxBatch), done: make(chan struct{}), schemaFrom: from}
	if s.insert, err = db.PrepareContext(ctx, `INSERT INTO recordings (team_id, id, workflow, version, title, body_hash, recording, redactions, received_at, uploaded_by)
		SELECT ?1, ?2, ?3, COALESCE(MAX(version), 0) + 1, ?4, ?5, ?6, ?7, ?8, ?9 FROM recordings WHERE team_id = ?1 AND workflow = ?3
		ON CONFLICT (team_id, id) DO NOTHING RETURNING version`); err != nil {
		db.Close()
		return nil, fmt.Errorf("prepare: %w", err)
	}
	if s.find, err = db.PrepareContext(ctx, "SELECT workflow, version, body_hash FROM recordings WHERE team_id = ? AND id = ?"); err != nil {
		db.Close()
		return nil, fmt.Errorf("prepare: %w", err)
	}
	go s.writer()
	return s, nil
}

// migrate brings the schema up to this binary's and returns the version
// it found. Each migration commits with its new user_version in one
// transaction (BEGIN IMMEDIATE), which also keeps two processes starting
// together from running one twice: the second waits for the write lock,
// then reads the version the first left.
func migrate(ctx context.Context, db *sql.DB) (int, error) {
	from := -1
	for {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return from, err
		}
		var v int
		if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
			tx.Rollback()
			return from, err
		}
		if from < 0 {
			from = v
		}
		if v >= len(migrations) {
			tx.Rollback()
			return from, nil
		}
		if _, err := tx.ExecContext(ctx, migrations[v]); err != nil {
			tx.Rollback()
			return from, fmt.Errorf("migration %d: %w", v+1, err)
		}
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v+1)); err != nil {
			tx.Rollback()
			return from, err
		}
		if err := tx.Commit(); err != nil {
			return from, err
		}
	}
}

// Schema reports the schema version the database had when it was opened
// and the one it has now, this binary's.
func (s *Store) Schema() (from, to int) { return s.schemaFrom, len(migrations) }

// Close stops the writer after the uploads it holds and closes the
// database.
func (s *Store) Close() error {
	s.closed.Do(func() { close(s.writes) })
	<-s.done
	s.insert.Close()
	s.find.Close()
	s.stmts.Range(func(_, st any) bool {
		st.(*sql.Stmt).Close()
		return true
	})
	return s.db.Close()
}

// prepared returns the read q prepared once for the store's life.
func (s *Store) prepared(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := s.stmts.Load(q); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := s.db.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	if prev, loaded := s.stmts.LoadOrStore(q, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

// read runs a read of many rows through its prepared statement.
func (s *Store) read(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	st, err := s.prepared(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// rowScanner is a row read through a prepared statement, or the error of
// preparing it.
type rowScanner struct {
	row *sql.Row
	err error
}

func (r rowScanner) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	return r.row.Scan(dest...)
}

// readRow runs a read of one row through its prepared statement.
func (s *Store) readRow(ctx context.Context, q string, args ...any) rowScanner {
	st, err := s.prepared(ctx, q)
	if err != nil {
		return rowScanner{err: err}
	}
	return rowScanner{row: st.QueryRowContext(ctx, args...)}
}

// Ping checks that the database can be read and written: it takes the
// write lock (BEGIN IMMEDIATE), reads, and rolls back. A stalled disk or a
// writer that holds the lock makes it wait until ctx ends; a closed store,
// a read-only file or an I/O error make it fail.
func (s *Store) Ping(ctx context.Context) error {
	tx, err := s.db.BeginTx(ctx, nil) // _txlock=immediate: BEGIN IMMEDIATE
	if err != nil {
		return fmt.Errorf("ping: begin: %w", err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM recordings LIMIT 1)").Scan(&n); err != nil {
		return fmt.Errorf("ping: read: %w", err)
	}
	return nil
}

// CreateTeam creates a team, or returns the one with that name.
func (s *Store) CreateTeam(ctx context.Context, name string) (ingest.Team, error) {
	return createTeam(ctx, s.db, name)
}

// querier is a database or a transaction.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func createTeam(ctx context.Context, q querier, name string) (ingest.Team, error) {
	name, err := ingest.TeamName(name)
	if err != nil {
		return ingest.Team{}, err
	}
	if _, err := q.ExecContext(ctx, "INSERT INTO teams (name, created_at) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", name, now()); err != nil {
		return ingest.Team{}, fmt.Errorf("create team: %w", err)
	}
	t := ingest.Team{Name: name}
	err = q.QueryRowContext(ctx, "SELECT id FROM teams WHERE name = ?", name).Scan(&t.ID)
	return t, err
}

// Secret returns the server secret called name, made of 32 random bytes
// the first time it is asked for and kept in the database, so that (for
// example) signed sessions survive a restart.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return nil, err
	}
	if _, err := s.db.ExecContext(ctx, "INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING", name, raw); err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	var v []byte
	err := s.db.QueryRowContext(ctx, "SELECT value FROM secrets WHERE name = ?", name).Scan(&v)
	return v, err
}

// Empty reports whether no recording is stored yet.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM (SELECT 1 FROM recordings LIMIT 1)").Scan(&n)
	return n == 0, err
}

// PutRecording implements ingest.Store: it returns once the recording is
// committed to disk.
func (s *Store) PutRecording(ctx context.Context, p ingest.Put) (r ingest.Receipt, err error) {
	w := &write{put: p, reply: make(chan writeResult, 1)}
	defer func() {
		if recover() != nil { // the store is closing
			err = errors.New("store closed")
		}
	}()
	select {
	case s.writes <- w:
	case <-ctx.Done():
		return ingest.Receipt{}, ctx.Err()
	}
	// Once queued, wait for the outcome even if the client goes away: the
	// write may commit, and the answer must match what is stored.
	res := <-w.reply
	return res.receipt, res.err
}

// writer commits queued uploads in batches.
func (s *Store) writer() {
	defer close(s.done)
	for first := range s.writes {
		batch := []*write{first}
	more:
		for len(batch) < maxBatch {
			select {
			case w, ok := <-s.writes:
				if !ok {
					break more
				}
				batch = append(batch, w)
			default:
				break more
			}
		}
		s.commit(batch)
	}
}

func (s *Store) commit(batch []*write) {
	ctx := context.Background()
	results := make([]writeResult, len(batch))
	fail := func(err error) {
		for _, w := range batch {
			w.reply <- writeResult{err: err}
		}
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		fail(fmt.Errorf("begin: %w", storageErr(err)))
		return
	}
	insert, find := tx.StmtContext(ctx, s.insert), tx.StmtContext(ctx, s.find)
	for i, w := range batch {
		results[i] = put(ctx, tx, insert, find, w.put)
		if errors.Is(results[i].err, ingest.ErrStorageFull) {
			// SQLite may have rolled the transaction back already; the
			// batch as a whole is not stored, and each upload may be sent
			// again.
			tx.Rollback()
			fail(results[i].err)
			return
		}
	}
	if err := tx.Commit(); err != nil {
		fail(fmt.Errorf("commit: %w", storageErr(err)))
		return
	}
	for i, w := range batch {
		w.reply <- results[i]
	}
}

// put inserts p at the next version of its workflow, a draft with its
// audit entry, or, when its id is taken, compares bodies: the same one is
// the earlier receipt, another a conflict.
func put(ctx context.Context, tx execer, insert, find *sql.Stmt, p ingest.Put) writeResult {
	red, _ := json.Marshal(p.Redactions)
	var version int
	err := insert.QueryRowContext(ctx, p.Team, p.ID, p.Workflow, p.Title, p.BodyHash, p.Recording, string(red), stamp(p.ReceivedAt), nullID(p.By)).Scan(&version)
	if err == nil {
		if err := audit(ctx, tx, p.Team, p.Workflow, p.ReceivedAt, p.By, ingest.ActionRecorded, version, "recording "+p.ID); err != nil {
			return writeResult{err: err}
		}
		return writeResult{receipt: ingest.Receipt{ID: p.ID, Workflow: p.Workflow, Version: version, Created: true}}
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return writeResult{err: fmt.Errorf("insert recording: %w", storageErr(err))}
	}
	r := ingest.Receipt{ID: p.ID}
	var hash []byte
	if err := find.QueryRowContext(ctx, p.Team, p.ID).Scan(&r.Workflow, &r.Version, &hash); err != nil {
		return writeResult{err: err}
	}
	if string(hash) != string(p.BodyHash) {
		return writeResult{err: ingest.ErrConflict}
	}
	return writeResult{receipt: r}
}

// storedFrom selects a recording with its uploader and approval; the
// caller adds the WHERE clause on r.
const storedFrom = `SELECT r.id, r.workflow, r.version, r.recording, r.redactions, r.received_at, r.status,
	COALESCE(r.uploaded_by, 0), COALESCE(u.name, ''),
	a.person, a.role, a.at, a.comment, a.reviewed, a.summary
	FROM recordings r LEFT JOIN people u ON u.id = r.uploaded_by
	LEFT JOIN approvals a ON a.team_id = r.team_id AND a.workflow = r.workflow AND a.version = r.version `

func scanStored(row interface{ Scan(...any) error }) (*ingest.Stored, error) {
	var st ingest.Stored
	var red, at, status string
	var by, role, approvedAt, comment, reviewed, summary sql.NullString
	if err := row.Scan(&st.ID, &st.Workflow, &st.Version, &st.Recording, &red, &at, &status, &st.UploaderID, &st.Uploader,
		&by, &role, &approvedAt, &comment, &reviewed, &summary); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, ingest.ErrNotFound
		}
		return nil, err
	}
	var r sopgen.Redactions
	if err := json.Unmarshal([]byte(red), &r); err != nil {
		return nil, fmt.Errorf("recording %s: redactions: %w", st.ID, err)
	}
	st.Redactions = r
	st.ReceivedAt, _ = time.Parse(time.RFC3339Nano, at)
	st.Status = sopgen.Status(status)
	if by.Valid {
		a := &ingest.Approval{Approval: approval(by, role, approvedAt, comment), Summary: summary.String}
		if err := json.Unmarshal([]byte(reviewed.String), &a.Reviewed); err != nil {
			return nil, fmt.Errorf("recording %s: approved reviewed text: %w", st.ID, err)
		}
		st.Approval = a
	}
	return &st, nil
}

func approval(by, role, at, comment sql.NullString) sopgen.Approval {
	t, _ := time.Parse(time.RFC3339Nano, at.String)
	return sopgen.Approval{By: by.String, Role: role.String, At: t, Comment: comment.String}
}

// Recording implements ingest.Store.
func (s *Store) Recording(ctx context.Context, team int64, id string) (*ingest.Stored, error) {
	return scanStored(s.readRow(ctx, storedFrom+"WHERE r.team_id = ? AND r.id = ?", team, id))
}

// Version implements ingest.Store.
func (s *Store) Version(ctx context.Context, team int64, workflow string, n int) (*ingest.Stored, error) {
	if n <= 0 {
		return scanStored(s.readRow(ctx, storedFrom+"WHERE r.team_id = ? AND r.workflow = ? ORDER BY r.version DESC LIMIT 1", team, workflow))
	}
	return scanStored(s.readRow(ctx, storedFrom+"WHERE r.team_id = ? AND r.workflow = ? AND r.version = ?", team, workflow, n))
}

// Workflows implements ingest.Store.
func (s *Store) Workflows(ctx context.Context, team int64) ([]ingest.WorkflowSummary, error) {
	rows, err := s.read(ctx, `SELECT r.workflow, r.title, r.version, c.n, r.received_at, r.status, COALESCE(ap.version, 0)
		FROM recordings r JOIN (SELECT workflow, MAX(version) AS v, COUNT(*) AS n FROM recordings WHERE team_id = ? GROUP BY workflow) c
		ON r.workflow = c.workflow AND r.version = c.v
		LEFT JOIN recordings ap ON ap.team_id = r.team_id AND ap.workflow = r.workflow AND ap.status = 'approved'
		WHERE r.team_id = ? ORDER BY r.workflow`, team, team)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ingest.WorkflowSummary{}
	for rows.Next() {
		var w ingest.WorkflowSummary
		var at, status string
		if err := rows.Scan(&w.Slug, &w.Title, &w.LatestVersion, &w.Versions, &at, &status, &w.ApprovedVersion); err != nil {
			return nil, err
		}
		w.Status = sopgen.Status(status)
		w.UpdatedAt, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, w)
	}
	return out, rows.Err()
}

// Versions implements ingest.Store.
func (s *Store) Versions(ctx context.Context, team int64, workflow string) ([]ingest.Version, error) {
	rows, err := s.read(ctx, `SELECT r.version, r.id, r.received_at, r.status, COALESCE(u.name, ''),
		a.person, a.role, a.at, a.comment, a.summary
		FROM recordings r LEFT JOIN people u ON u.id = r.uploaded_by
		LEFT JOIN approvals a ON a.team_id = r.team_id AND a.workflow = r.workflow AND a.version = r.version
		WHERE r.team_id = ? AND r.workflow = ? ORDER BY r.version`, team, workflow)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ingest.Version
	for rows.Next() {
		var v ingest.Version
		var at, status string
		var by, role, approvedAt, comment, summary sql.NullString
		if err := rows.Scan(&v.Version, &v.ID, &at, &status, &v.UploadedBy, &by, &role, &approvedAt, &comment, &summary); err != nil {
			return nil, err
		}
		v.ReceivedAt, _ = time.Parse(time.RFC3339Nano, at)
		v.Status = sopgen.Status(status)
		if by.Valid {
			a := approval(by, role, approvedAt, comment)
			v.Approval, v.Summary = &a, summary.String
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, ingest.ErrNotFound
	}
	return out, nil
}

// now is the time kept with a new row (see stamp).
func now() string { return stamp(time.Now()) }

var _ ingest.Backend = (*Store)(nil)
