package main

import (
	"context"
	"net/url"
	"os"
	"strings"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/postgres"
	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
)

// store is what the commands use of a store, SQLite's or PostgreSQL's.
type store = ingest.Backend

// dbFlag adds --db to a command that opens the store; $STEPWISE_DB gives
// its default.
func dbFlag(c *command) *string {
	def := os.Getenv("STEPWISE_DB")
	if def == "" {
		def = "stepwise.db"
	}
	return c.String("db", def, "the store: a SQLite database `FILE` (created if missing) or a postgres:// URL ($STEPWISE_DB)")
}

func isPostgres(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// openStore opens (creating or migrating) the store db names.
func openStore(ctx context.Context, db string) (store, error) {
	if isPostgres(db) {
		s, err := postgres.Open(ctx, db)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// shownDB is db as it may be printed: a URL without its password.
func shownDB(db string) string {
	if !isPostgres(db) {
		return db
	}
	u, err := url.Parse(db)
	if err != nil {
		return "(a postgres:// URL)"
	}
	return u.Redacted()
}
