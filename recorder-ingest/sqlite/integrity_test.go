package sqlite_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
)

const pageSize = 4096 // SQLite's default, which Open keeps

func mustOpen(tb testing.TB, path string, opts ...sqlite.Option) *sqlite.Store {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), path, opts...)
	if err != nil {
		tb.Fatal(err)
	}
	return s
}

// mustPut stores n recordings of workflow w, one commit each.
func mustPut(tb testing.TB, s *sqlite.Store, team int64, w string, n int) {
	tb.Helper()
	for i := range n {
		id := fmt.Sprintf("rec-%s-%04d", w, i)
		_, err := s.PutRecording(context.Background(), ingest.Put{
			Team: team, ID: id, Workflow: w, Title: "t", BodyHash: []byte(id),
			Recording: ingesttest.Recording(id, w, "t", strings.Repeat("note ", 200)), ReceivedAt: time.Now(),
		})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// populated makes a database of n recordings in dir, closed (so that
// everything is checkpointed into the database file).
func populated(tb testing.TB, dir string, n int) string {
	tb.Helper()
	path := filepath.Join(dir, "stepwise.db")
	s := mustOpen(tb, path)
	team, err := s.CreateTeam(context.Background(), "a")
	if err != nil {
		tb.Fatal(err)
	}
	mustPut(tb, s, team.ID, "reset", n)
	if err := s.Close(); err != nil {
		tb.Fatal(err)
	}
	return path
}

func mustOverwrite(tb testing.TB, path string, off int64, b []byte) {
	tb.Helper()
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(b, off); err != nil {
		tb.Fatal(err)
	}
}

func mustRefuse(tb testing.TB, path string, want ...string) {
	tb.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err == nil {
		s.Close()
		tb.Fatalf("Open(%s) accepted it", path)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			tb.Errorf("error %q does not say %q", err, w)
		}
	}
}

func TestOpenRefusesADatabaseWithCorruptedPages(t *testing.T) {
	path := populated(t, t.TempDir(), 40)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	pages := st.Size() / pageSize
	if pages < 4 {
		t.Fatalf("only %d pages", pages)
	}
	// Scribble over the start of every page but the first (the schema),
	// the way a failing disk returns garbage.
	junk := []byte(strings.Repeat("\xde\xad\xbe\xef", 256))
	for p := int64(1); p < pages; p++ {
		mustOverwrite(t, path, p*pageSize, junk)
	}
	mustRefuse(t, path, path, "damaged", "restore", ".recover")
}

func TestOpenRefusesAFileThatIsNotADatabase(t *testing.T) {
	path := populated(t, t.TempDir(), 1)
	mustOverwrite(t, path, 0, []byte("this is not a database header!!!"))
	mustRefuse(t, path, path, "not a SQLite database", "backup")
}

func TestOpenRefusesANewerSchema(t *testing.T) {
	path := populated(t, t.TempDir(), 1)
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	var known int
	if err := db.QueryRow("PRAGMA user_version").Scan(&known); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	mustRefuse(t, path, path, fmt.Sprintf("database schema 99 is newer than this stepwise (knows %d): upgrade stepwise", known))
}

// crashCopy copies the database and its write-ahead log while the store
// is open: what the disk holds if the machine stopped now.
func crashCopy(tb testing.TB, path, dir string) string {
	tb.Helper()
	to := filepath.Join(dir, "copy.db")
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(path + suffix)
		if err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(to+suffix, b, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
	return to
}

func count(tb testing.TB, path string) int {
	tb.Helper()
	s := mustOpen(tb, path)
	defer s.Close()
	ws, err := s.Workflows(context.Background(), 1)
	if err != nil {
		tb.Fatal(err)
	}
	n := 0
	for _, w := range ws {
		n += w.Versions
	}
	return n
}

func TestOpenChecksTheWriteAheadLog(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "stepwise.db")
	s := mustOpen(t, path)
	defer s.Close()
	team, err := s.CreateTeam(context.Background(), "a")
	if err != nil {
		t.Fatal(err)
	}
	mustPut(t, s, team.ID, "reset", 6)
	frame := int64(24 + pageSize)
	walSize := func(p string) int64 {
		st, err := os.Stat(p + "-wal")
		if err != nil {
			t.Fatal(err)
		}
		return st.Size()
	}
	if n := (walSize(path) - 32) / frame; n < 8 {
		t.Fatalf("the log holds %d frames; the test needs several commits in it", n)
	}

	t.Run("an intact log opens with every recording", func(t *testing.T) {
		p := crashCopy(t, path, t.TempDir())
		if got, want := count(t, p), 6; got != want {
			t.Errorf("%d recordings, want %d", got, want)
		}
	})
	t.Run("a log cut in its last frame (a crash while writing) opens", func(t *testing.T) {
		p := crashCopy(t, path, t.TempDir())
		if err := os.Truncate(p+"-wal", walSize(p)-frame/2); err != nil {
			t.Fatal(err)
		}
		if got := count(t, p); got < 5 {
			t.Errorf("%d recordings, want 5 or 6", got)
		}
	})
	t.Run("a damaged frame with commits after it is refused", func(t *testing.T) {
		p := crashCopy(t, path, t.TempDir())
		// The page data of the second frame.
		mustOverwrite(t, p+"-wal", 32+frame+24+500, []byte("garbage"))
		mustRefuse(t, p, p+"-wal", "damaged", "frame 2", "backup", "wal_checkpoint")
	})
}

func TestAClosedStoreRefusesPingsAndPuts(t *testing.T) {
	path := populated(t, t.TempDir(), 1)
	s := mustOpen(t, path)
	s.Close()
	if err := s.Ping(context.Background()); err == nil {
		t.Error("Ping of a closed store succeeded")
	}
	_, err := s.PutRecording(context.Background(), ingest.Put{Team: 1, ID: "rec-closed-1"})
	if err == nil {
		t.Error("a put to a closed store succeeded")
	}
}

func TestAFullDatabaseIsErrStorageFull(t *testing.T) {
	path := populated(t, t.TempDir(), 1)
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	s := mustOpen(t, path, sqlite.MaxPages(int(st.Size()/pageSize)+2))
	defer s.Close()
	var last error
	for i := 0; i < 50 && last == nil; i++ {
		id := fmt.Sprintf("rec-full-%04d", i)
		_, last = s.PutRecording(context.Background(), ingest.Put{
			Team: 1, ID: id, Workflow: "full", BodyHash: []byte(id),
			Recording: []byte(strings.Repeat("x", 3000)), ReceivedAt: time.Now(),
		})
	}
	if !errors.Is(last, ingest.ErrStorageFull) {
		t.Fatalf("err = %v, want ErrStorageFull", last)
	}
	if _, err := s.Recording(context.Background(), 1, "rec-reset-0000"); err != nil {
		t.Errorf("a read of a full database: %v", err)
	}
	if err := s.Ping(context.Background()); err != nil {
		t.Errorf("Ping of a full database: %v", err)
	}
}

// BenchmarkOpen measures the checks at start (the WAL check and
// quick_check) on a database of 5,000 recordings of about 3 KB each.
func BenchmarkOpen(b *testing.B) {
	path := populated(b, b.TempDir(), 5000)
	for b.Loop() {
		s := mustOpen(b, path)
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	if st, err := os.Stat(path); err == nil {
		b.ReportMetric(float64(st.Size())/(1<<20), "db-MB")
	}
}

// BenchmarkPing measures a /readyz check: the write lock, a read, a
// rollback.
func BenchmarkPing(b *testing.B) {
	s := mustOpen(b, filepath.Join(b.TempDir(), "stepwise.db"))
	defer s.Close()
	for b.Loop() {
		if err := s.Ping(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}
