// Package sqlite keeps teams, tokens and recordings in an embedded SQLite
// database (modernc.org/sqlite, pure Go).
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
}

// Store is the SQLite store. It implements ingest.Store.
type Store struct {
	db     *sql.DB
	insert *sql.Stmt // a new recording at the next version, unless its id exists
	find   *sql.Stmt // the stored recording of an id
	writes chan *write
	done   chan struct{}
	closed sync.Once

	teams ingest.TeamCache

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
	if s.insert, err = db.PrepareContext(ctx, `INSERT INTO recordings (team_id, id, workflow, version, title, body_hash, recording, redactions, received_at)
		SELECT ?1, ?2, ?3, COALESCE(MAX(version), 0) + 1, ?4, ?5, ?6, ?7, ?8 FROM recordings WHERE team_id = ?1 AND workflow = ?3
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
	return s.db.Close()
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

// CreateToken makes a new token for a team (created if needed) and
// returns it; only its hash is stored.
func (s *Store) CreateToken(ctx context.Context, team string) (string, error) {
	t, err := s.CreateTeam(ctx, team)
	if err != nil {
		return "", err
	}
	token, hash, err := ingest.NewToken()
	if err != nil {
		return "", err
	}
	if _, err := s.db.ExecContext(ctx, "INSERT INTO tokens (hash, team_id, created_at) VALUES (?, ?, ?)", hash, t.ID, now()); err != nil {
		return "", fmt.Errorf("create token: %w", err)
	}
	return token, nil
}

// TeamByToken implements ingest.Store.
func (s *Store) TeamByToken(ctx context.Context, hash []byte) (ingest.Team, error) {
	if t, ok := s.teams.Lookup(hash); ok {
		return t, nil
	}
	var t ingest.Team
	err := s.db.QueryRowContext(ctx, "SELECT t.id, t.name FROM tokens k JOIN teams t ON t.id = k.team_id WHERE k.hash = ?", hash).Scan(&t.ID, &t.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ingest.ErrUnauthorized
	}
	if err == nil {
		s.teams.Remember(hash, t)
	}
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
		results[i] = put(ctx, insert, find, w.put)
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

// put inserts p at the next version of its workflow, or, when its id is
// taken, compares bodies: the same one is the earlier receipt, another a
// conflict.
func put(ctx context.Context, insert, find *sql.Stmt, p ingest.Put) writeResult {
	red, _ := json.Marshal(p.Redactions)
	var version int
	err := insert.QueryRowContext(ctx, p.Team, p.ID, p.Workflow, p.Title, p.BodyHash, p.Recording, string(red), p.ReceivedAt.UTC().Format(time.RFC3339Nano)).Scan(&version)
	if err == nil {
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

const storedColumns = "id, workflow, version, recording, redactions, received_at"

func scanStored(row interface{ Scan(...any) error }) (*ingest.Stored, error) {
	var st ingest.Stored
	var red, at string
	if err := row.Scan(&st.ID, &st.Workflow, &st.Version, &st.Recording, &red, &at); err != nil {
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
	return &st, nil
}

// Recording implements ingest.Store.
func (s *Store) Recording(ctx context.Context, team int64, id string) (*ingest.Stored, error) {
	return scanStored(s.db.QueryRowContext(ctx, "SELECT "+storedColumns+" FROM recordings WHERE team_id = ? AND id = ?", team, id))
}

// Version implements ingest.Store.
func (s *Store) Version(ctx context.Context, team int64, workflow string, n int) (*ingest.Stored, error) {
	if n <= 0 {
		return scanStored(s.db.QueryRowContext(ctx, "SELECT "+storedColumns+" FROM recordings WHERE team_id = ? AND workflow = ? ORDER BY version DESC LIMIT 1", team, workflow))
	}
	return scanStored(s.db.QueryRowContext(ctx, "SELECT "+storedColumns+" FROM recordings WHERE team_id = ? AND workflow = ? AND version = ?", team, workflow, n))
}

// Workflows implements ingest.Store.
func (s *Store) Workflows(ctx context.Context, team int64) ([]ingest.WorkflowSummary, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT r.workflow, r.title, r.version, c.n, r.received_at
		FROM recordings r JOIN (SELECT workflow, MAX(version) AS v, COUNT(*) AS n FROM recordings WHERE team_id = ? GROUP BY workflow) c
		ON r.workflow = c.workflow AND r.version = c.v
		WHERE r.team_id = ? ORDER BY r.workflow`, team, team)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []ingest.WorkflowSummary{}
	for rows.Next() {
		var w ingest.WorkflowSummary
		var at string
		if err := rows.Scan(&w.Slug, &w.Title, &w.LatestVersion, &w.Versions, &at); err != nil {
			return nil, err
		}
		w.UpdatedAt, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, w)
	}
	return out, rows.Err()
}

// Versions implements ingest.Store.
func (s *Store) Versions(ctx context.Context, team int64, workflow string) ([]ingest.Version, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT version, id, received_at FROM recordings WHERE team_id = ? AND workflow = ? ORDER BY version", team, workflow)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ingest.Version
	for rows.Next() {
		var v ingest.Version
		var at string
		if err := rows.Scan(&v.Version, &v.ID, &at); err != nil {
			return nil, err
		}
		v.ReceivedAt, _ = time.Parse(time.RFC3339Nano, at)
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

// now is the time kept with a new row, in microseconds as PostgreSQL
// keeps it, so that a team moved between the stores keeps its times.
func now() string { return time.Now().UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano) }

// CreateSession implements ingest.Store. Sessions that have ended are
// removed at the same time, so the table holds only live ones.
func (s *Store) CreateSession(ctx context.Context, idHash []byte, team int64, expires time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE expires_at <= ?", time.Now().Unix()); err != nil {
		return fmt.Errorf("create session: sweep: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "INSERT INTO sessions (hash, team_id, expires_at) VALUES (?, ?, ?)", idHash, team, expires.Unix()); err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("create session: %w", err)
	}
	return nil
}

// SessionTeam implements ingest.Store.
func (s *Store) SessionTeam(ctx context.Context, idHash []byte) (ingest.Team, error) {
	var t ingest.Team
	err := s.db.QueryRowContext(ctx, "SELECT t.id, t.name FROM sessions k JOIN teams t ON t.id = k.team_id WHERE k.hash = ? AND k.expires_at > ?", idHash, time.Now().Unix()).Scan(&t.ID, &t.Name)
	if errors.Is(err, sql.ErrNoRows) {
		return t, ingest.ErrUnauthorized
	}
	if err != nil {
		return t, fmt.Errorf("session: %w", err)
	}
	return t, nil
}

// DeleteSession implements ingest.Store.
func (s *Store) DeleteSession(ctx context.Context, idHash []byte) error {
	if _, err := s.db.ExecContext(ctx, "DELETE FROM sessions WHERE hash = ?", idHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}
