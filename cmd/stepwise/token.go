package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	iofs "io/fs"
	"os"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
)

func runToken(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("token", `stepwise token create --db FILE|URL --team NAME [--name "PERSON"] [--role recorder|reviewer|approver|admin]`,
		"Prints a new API token, once; only its hash is stored. A token belongs to a person\n"+
			"with a role in the team (both created if missing): recorders upload and send drafts\n"+
			"for review; reviewers also return versions to draft, accept control errors with a\n"+
			"reason and edit the reviewed text; approvers and admins also approve, never a version\n"+
			"they uploaded. A new person is an admin unless --role says otherwise; another token\n"+
			"for a person who exists keeps their role, unless --role names another. Without --name\n"+
			"the token gets a person of its own, named \"token\" and the first 12 hex digits of\n"+
			"the token's SHA-256. Run it on the server's database (its --db).")
	db := dbFlag(fs)
	team := fs.String("team", "", "team `NAME` (created if missing)")
	name := fs.String("name", "", "the `PERSON` the token belongs to (created if missing)")
	role := fs.String("role", "", "the person's `ROLE`: recorder, reviewer, approver or admin (a new person: admin when absent)")
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
	if *role != "" {
		if _, err := ingest.ParseRole(*role); err != nil {
			return fs.usageError(stderr, "--role: %v", err)
		}
	}
	if *name != "" {
		if err := ingest.CheckName(*name); err != nil {
			return fs.usageError(stderr, "--name: %v", err)
		}
	}
	_, statErr := os.Stat(db())
	fresh := !isPostgres(db()) && errors.Is(statErr, iofs.ErrNotExist)
	store, err := openStore(ctx, db())
	if err != nil {
		fmt.Fprintf(stderr, "stepwise token: %v\n", err)
		return exitError
	}
	defer store.Close()
	is, err := store.CreatePersonToken(ctx, *team, *name, ingest.Role(*role))
	if err != nil {
		fmt.Fprintf(stderr, "stepwise token: %v\n", err)
		return exitError
	}
	fmt.Fprintln(stdout, is.Token)
	if is.PreviousRole != "" {
		// A role changed by a token is easy to miss: say it.
		fmt.Fprintf(stderr, "stepwise token: %s's role in %s is now %s (it was %s)\n", is.Person.Name, is.Person.Team.Name, is.Person.Role, is.PreviousRole)
	}
	if fresh {
		// A token in a database no server runs on answers 401 everywhere:
		// say so rather than let a mistyped --db go unnoticed.
		fmt.Fprintf(stderr, "stepwise token: %s did not exist and was created; the token works only with a server on it (stepwise serve --db %s)\n", db(), db())
	}
	return exitOK
}
