package postgres_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stepwise-sop/stepwise/recorder-ingest/postgres"
	"github.com/stepwise-sop/stepwise/recorder-ingest/postgres/pgtest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/storetest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

func mustOpen(tb testing.TB, url string) *postgres.Store {
	tb.Helper()
	s, err := postgres.Open(context.Background(), url)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) func(*testing.T) storetest.Store {
		url := pgtest.Database(t)
		return func(t *testing.T) storetest.Store { return mustOpen(t, url) }
	})
}

// TestReplicasStartingTogetherMigrateOnce opens a new database from
// several goroutines at once, as replicas starting together would: each
// waits its turn at the migration lock, one migrates, and none fails.
func TestReplicasStartingTogetherMigrateOnce(t *testing.T) {
	url := pgtest.Database(t)
	var wg sync.WaitGroup
	froms := make([]int, 6)
	for i := range froms {
		wg.Go(func() {
			s, err := postgres.Open(context.Background(), url)
			if err != nil {
				t.Error(err)
				return
			}
			defer s.Close()
			froms[i], _ = s.Schema()
		})
	}
	wg.Wait()
	slices.Sort(froms)
	_, to := mustOpen(t, url).Schema()
	if froms[0] != 0 || froms[1] != to {
		t.Errorf("schemas found = %v: want one start to migrate from 0 and the others to find %d", froms, to)
	}
}

func TestOpenRefuses(t *testing.T) {
	t.Run("a schema newer than this binary", func(t *testing.T) {
		url := pgtest.Database(t)
		_, to := mustOpen(t, url).Schema()
		pgtest.Exec(t, url, fmt.Sprintf("UPDATE stepwise_schema SET version = %d", to+4))
		_, err := postgres.Open(context.Background(), url)
		if want := fmt.Sprintf("database schema %d is newer than this stepwise (knows %d): upgrade stepwise", to+4, to); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error = %v, want it to say %q", err, want)
		}
	})
	t.Run("a database that acknowledges commits before they are flushed", func(t *testing.T) {
		url := pgtest.Database(t)
		_, err := postgres.Open(context.Background(), url+"&options=-c%20synchronous_commit%3Doff")
		if err == nil || !strings.Contains(err.Error(), "synchronous_commit off") {
			t.Errorf("error = %v, want a refusal naming synchronous_commit", err)
		}
	})
	t.Run("a URL with a password, without showing it", func(t *testing.T) {
		_, err := postgres.Open(context.Background(), "postgres://stepwise:hunter2@127.0.0.1:1/none?sslmode=disable&connect_timeout=2")
		if err == nil || strings.Contains(err.Error(), "hunter2") || !strings.Contains(err.Error(), "127.0.0.1:1") {
			t.Errorf("error = %v, want one naming the server and not the password", err)
		}
	})
}
