package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
)

func runToken(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("token", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", "stepwise.db", "SQLite database `FILE`")
	team := fs.String("team", "", "team `NAME` (created if missing)")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: stepwise token create --db FILE --team NAME\n\nPrints a new API token for the team, once; only its hash is stored.\n\n")
		fs.PrintDefaults()
	}
	pos, err := parseArgs(fs, args)
	if err != nil {
		return flagExit(err)
	}
	if len(pos) != 1 || pos[0] != "create" || *team == "" {
		fs.Usage()
		return exitError
	}
	store, err := sqlite.Open(ctx, *db)
	if err != nil {
		fmt.Fprintf(stderr, "stepwise token: %v\n", err)
		return exitError
	}
	defer store.Close()
	token, err := store.CreateToken(ctx, *team)
	if err != nil {
		fmt.Fprintf(stderr, "stepwise token: %v\n", err)
		return exitError
	}
	fmt.Fprintln(stdout, token)
	return exitOK
}
