package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
	"github.com/stepwise-sop/stepwise/recorder-ingest/storetest"
)

func TestStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) func(*testing.T) storetest.Store {
		path := filepath.Join(t.TempDir(), "stepwise.db")
		return func(t *testing.T) storetest.Store {
			s, err := sqlite.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}
	})
}
