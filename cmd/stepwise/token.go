package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"
)

func runToken(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("token", "stepwise token create --db FILE|URL --team NAME",
		"Prints a new API token for the team, once; only its hash is stored. The team is\ncreated if missing. Run it on the server's database (its --db).")
	db := dbFlag(fs)
	team := fs.String("team", "", "team `NAME` (created if missing)")
	pos, code, ok := fs.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	switch {
	case len(pos) == 0:
		return fs.usageError(stderr, "missing the subcommand create")
	case pos[0] != "create":
		return fs.usageError(stderr, "unknown subcommand %q (the one there is: create)", pos[0])
	case len(pos) > 1:
		return fs.usageError(stderr, "unexpected argument %q", pos[1])
	case *team == "":
		return fs.usageError(stderr, "missing --team NAME")
	}
	_, statErr := os.Stat(db())
	fresh := !isPostgres(db()) && errors.Is(statErr, iofs.ErrNotExist)
	store, err := openStore(ctx, db())
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
	if fresh {
		// A token in a database no server runs on answers 401 everywhere:
		// say so rather than let a mistyped --db go unnoticed.
		fmt.Fprintf(stderr, "stepwise token: %s did not exist and was created; the token works only with a server on it (stepwise serve --db %s)\n", db(), db())
	}
	return exitOK
}
