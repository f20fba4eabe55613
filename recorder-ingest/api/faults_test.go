package api_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/postgres/pgtest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
)

// faultProblem is a problem+json answer as the fault tests read it.
type faultProblem struct {
	Title    string
	Status   int
	Detail   string
	Instance string
	Errors   []struct {
		Pointer, Reason string
		Line            int
	}
}

func mustProblem(tb testing.TB, body []byte, ctype string, status int) faultProblem {
	tb.Helper()
	if ctype != "application/problem+json" {
		tb.Fatalf("Content-Type = %q, want application/problem+json", ctype)
	}
	var p faultProblem
	if err := json.Unmarshal(body, &p); err != nil || p.Status != status || p.Title == "" {
		tb.Fatalf("problem = %q (%v), want a problem with status %d", body, err, status)
	}
	return p
}

// within fails the test when f takes longer than a generous bound: the
// fixes make these answers take milliseconds, the faults made them hang.
// f runs on another goroutine: it reports with Errorf, never Fatal.
// runWithin runs f and fails the test if it has not returned within d.
func runWithin(tb testing.TB, d time.Duration, f func()) {
	tb.Helper()
	within(tb, d, func() struct{} { f(); return struct{}{} })
}

func TestABadChromeRecorderExportIs422NamingThePointer(t *testing.T) {
	e := newEnv(t, api.Config{})
	nav := `{"type": "navigate", "url": "https://desk.example.com/"}`
	click := `{"type": "click", "selectors": ["#a"]}`
	cases := []struct {
		name, body, pointer string
	}{
		{"a viewport step without its fields", `{"title": "t", "steps": [` + nav + `, {"type": "setViewport"}]}`, "/steps/1/width"},
		{"steps that are a string", `{"title": "t", "steps": "x"}`, "/steps"},
		{"a step of an unknown type", `{"title": "t", "steps": [` + nav + `, {"type": "teleport"}]}`, "/steps/1/type"},
		{"a url that is a number", `{"title": "t", "steps": [{"type": "navigate", "url": 5}]}`, "/steps/0/url"},
		{"a title that is an array", `{"title": [], "steps": [` + nav + `]}`, "/title"},
		{"selectors of numbers", `{"title": "t", "steps": [{"type": "click", "selectors": [1]}]}`, "/steps/0/selectors/0"},
		{"more than 10,000 steps", `{"title": "t", "steps": [` + strings.Repeat(click+",", 10000) + click + `]}`, "/steps"},
		{"broken JSON", `{"title": "t", "steps": [`, "/steps"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do(t, "POST", "/api/v1/recordings?format=chrome-recorder&workflow=imported", e.teamA, "application/json", []byte(tc.body))
			if r.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status = %d, want 422: %.300s", r.Code, r.Body.String())
			}
			p := mustProblem(t, r.Body.Bytes(), r.Header().Get("Content-Type"), 422)
			if len(p.Errors) == 0 || p.Errors[0].Pointer != tc.pointer || p.Errors[0].Line < 1 {
				t.Errorf("errors = %+v, want %s first, with its line", p.Errors, tc.pointer)
			}
		})
	}
}

func TestAStoredRecordingThatNoLongerReadsIsA500WithAnErrorID(t *testing.T) {
	onEachStore(t, func(t *testing.T, newEnv envMaker) {
		e := newEnv(t, api.Config{})
		mustStatus(t, e.upload(t, e.teamA, ingesttest.Recording("rec-0000001", "reset", "Password reset", "Done.")), http.StatusCreated)
		// What a damaged page gives back: bytes that are not the JSON stored.
		e.damageRecordings(t, []byte("{\"schema\": \x00\xde\xad"))
		testDamagedRecordingIsA500(t, e)
	})
}

// damageRecordings overwrites every stored recording with data.
func (e *env) damageRecordings(t *testing.T, data []byte) {
	t.Helper()
	if e.pgURL != "" {
		// A damaged page is not an UPDATE: the trigger that refuses one
		// goes first.
		pgtest.Exec(t, e.pgURL, fmt.Sprintf(`ALTER TABLE recordings DISABLE TRIGGER recordings_never_change; UPDATE recordings SET recording = '\x%x'::bytea`, data))
		return
	}
	db, err := sql.Open("sqlite", "file:"+filepath.Join(e.dir, "stepwise.db")+"?_pragma=busy_timeout(10000)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// A damaged page is not an UPDATE: the trigger that refuses one goes
	// first.
	if _, err := db.Exec(`DROP TRIGGER recordings_never_change`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE recordings SET recording = ?`, data); err != nil {
		t.Fatal(err)
	}
}

func testDamagedRecordingIsA500(t *testing.T, e *env) {
	for _, path := range []string{"/api/v1/recordings/rec-0000001", "/api/v1/workflows/reset", "/api/v1/workflows/reset/sop.md"} {
		r := e.do(t, "GET", path, e.teamA, "", nil)
		if r.Code != http.StatusInternalServerError {
			t.Errorf("GET %s = %d %q, want 500", path, r.Code, r.Body.String())
			continue
		}
		p := mustProblem(t, r.Body.Bytes(), r.Header().Get("Content-Type"), 500)
		id, ok := strings.CutPrefix(p.Instance, "urn:stepwise:error:")
		if !ok || id == "" || !strings.Contains(p.Detail, id) {
			t.Errorf("GET %s: problem %+v names no error id", path, p)
			continue
		}
		if !strings.Contains(e.log.String(), `"error_id":"`+id+`"`) {
			t.Errorf("GET %s: error id %s is not in the log", path, id)
		}
	}
}

func TestReadyzReflectsWhetherTheStoreCanReadAndWrite(t *testing.T) {
	onEachStore(t, func(t *testing.T, newEnv envMaker) {
		t.Run("a store that reads and writes is ready", func(t *testing.T) {
			e := newEnv(t, api.Config{})
			mustStatus(t, e.do(t, "GET", "/readyz", "", "", nil), http.StatusOK)
		})
		t.Run("a closed store is not", func(t *testing.T) {
			e := newEnv(t, api.Config{})
			e.store.Close()
			r := e.do(t, "GET", "/readyz", "", "", nil)
			mustStatus(t, r, http.StatusServiceUnavailable)
			mustProblem(t, r.Body.Bytes(), r.Header().Get("Content-Type"), 503)
		})
	})
	t.Run("a store whose write lock is held elsewhere is not, within the timeout", func(t *testing.T) {
		e := newEnv(t, api.Config{ReadyTimeout: 200 * time.Millisecond})
		db, err := sql.Open("sqlite", "file:"+filepath.Join(e.dir, "stepwise.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		conn, err := db.Conn(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		if _, err := conn.ExecContext(context.Background(), "BEGIN IMMEDIATE"); err != nil {
			t.Fatal(err)
		}
		runWithin(t, 30*time.Second, func() {
			if got := e.do(t, "GET", "/readyz", "", "", nil).Code; got != http.StatusServiceUnavailable {
				t.Errorf("status = %d, want 503", got)
			}
		})
		conn.ExecContext(context.Background(), "ROLLBACK")
		// Ready again once the lock is free (a check still waiting on the
		// lock may answer the next probe first).
		runWithin(t, 30*time.Second, func() {
			for e.do(t, "GET", "/readyz", "", "", nil).Code != http.StatusOK {
				time.Sleep(50 * time.Millisecond)
			}
		})
	})
}

// TestReadyzIsBoundedWhenPostgreSQLHoldsALock holds a lock that keeps the
// readiness check from reading: the check answers 503 within its timeout,
// and 200 once the lock is gone.
func TestReadyzIsBoundedWhenPostgreSQLHoldsALock(t *testing.T) {
	e := newEnvOn(t, "postgres", api.Config{ReadyTimeout: 200 * time.Millisecond})
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, e.pgURL)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE recordings IN ACCESS EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	runWithin(t, 30*time.Second, func() {
		if got := e.do(t, "GET", "/readyz", "", "", nil).Code; got != http.StatusServiceUnavailable {
			t.Errorf("status = %d, want 503", got)
		}
	})
	tx.Rollback(ctx)
	runWithin(t, 30*time.Second, func() {
		for e.do(t, "GET", "/readyz", "", "", nil).Code != http.StatusOK {
			time.Sleep(50 * time.Millisecond)
		}
	})
}

func TestReadyzIsBoundedWhenTheStoreHangs(t *testing.T) {
	var calls atomic.Int32
	release := make(chan struct{})
	defer close(release)
	e := newEnv(t, api.Config{})
	h := api.New(api.Config{
		Service: &ingest.Service{Store: e.store},
		// A stalled disk: the call neither answers nor heeds its context.
		Ready:        func(context.Context) error { calls.Add(1); <-release; return nil },
		ReadyTimeout: 100 * time.Millisecond,
	})
	e.h = h
	var wg sync.WaitGroup
	runWithin(t, 30*time.Second, func() {
		for range 5 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r := e.do(t, "GET", "/readyz", "", "", nil)
				if r.Code != http.StatusServiceUnavailable {
					t.Errorf("status = %d, want 503", r.Code)
				}
			}()
		}
		wg.Wait()
	})
	if got := calls.Load(); got != 1 {
		t.Errorf("the stalled check was started %d times, want once for probes that overlap", got)
	}
}

func TestAFullDiskIs507WithRetryAfterAndReadsGoOn(t *testing.T) {
	dir := t.TempDir()
	store, err := sqlite.Open(context.Background(), filepath.Join(dir, "stepwise.db"), sqlite.MaxPages(64))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	token, err := store.CreateToken(context.Background(), "team-a")
	if err != nil {
		t.Fatal(err)
	}
	log := &ingesttest.SyncBuffer{}
	e := &env{h: api.New(api.Config{Service: &ingest.Service{Store: store}, Ready: store.Ping, Log: slog.New(slog.NewJSONHandler(log, nil)), Rate: -1}), store: store, dir: dir, teamA: token, log: log}
	mustStatus(t, e.upload(t, token, ingesttest.Recording("rec-0000001", "reset", "Password reset", "Done.")), http.StatusCreated)

	// A recording bigger than the room left: 200 notes of 1,500 characters.
	var steps []string
	for i := range 200 {
		steps = append(steps, fmt.Sprintf(`{"t": %d, "action": "note", "text": "%s"}`, i, strings.Repeat("n", 1500)))
	}
	big := `{"schema": "stepwise/recording@1", "id": "rec-big00001", "workflow": "big", "recorded_at": "2026-11-02T09:30:00Z",
		"recorder": {"name": "r", "version": "1"}, "steps": [` + strings.Join(steps, ",") + `]}`
	r := e.upload(t, token, []byte(big))
	if r.Code != http.StatusInsufficientStorage {
		t.Fatalf("status = %d, want 507: %.300s", r.Code, r.Body.String())
	}
	mustProblem(t, r.Body.Bytes(), r.Header().Get("Content-Type"), 507)
	if got := r.Header().Get("Retry-After"); got == "" {
		t.Error("a 507 without Retry-After")
	}
	get := e.do(t, "GET", "/api/v1/recordings/rec-0000001", token, "", nil)
	mustStatus(t, get, http.StatusOK)
	var st struct{ ID string }
	if err := json.Unmarshal(get.Body.Bytes(), &st); err != nil || st.ID != "rec-0000001" {
		t.Errorf("GET of a stored recording on a full disk = %q", get.Body.String())
	}
	mustStatus(t, e.do(t, "GET", "/api/v1/workflows/reset/sop.md", token, "", nil), http.StatusOK)
	// Nothing of the refused upload is kept: once there is room, it is a 201.
	mustStatus(t, e.do(t, "GET", "/api/v1/recordings/rec-big00001", token, "", nil), http.StatusNotFound)
}
