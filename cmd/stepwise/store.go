package main

import (
	"context"
	"flag"
	"net/url"
	"os"
	"strings"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/postgres"
	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
)

// store is what the commands use of a store, SQLite's or PostgreSQL's.
type store = ingest.Backend

// dbFlag adds --db to a command that opens the store and returns what
// to open once the flags are parsed: --db, else $STEPWISE_DB, else
// stepwise.db. The variable is read only then, so that help never prints
// a URL's password as a default.
func dbFlag(c *command) func() string {
	db := c.String("db", "stepwise.db", "the store: a SQLite database `FILE` (created if missing) or a postgres:// URL; $STEPWISE_DB when not given")
	return func() string {
		set := false
		c.Visit(func(f *flag.Flag) { set = set || f.Name == "db" })
		if env := os.Getenv("STEPWISE_DB"); !set && env != "" {
			return env
		}
		return *db
	}
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
