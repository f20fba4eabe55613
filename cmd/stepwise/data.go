package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
)

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("migrate", "stepwise migrate --db FILE|URL",
		"Brings the store's schema up to this version of stepwise and exits. stepwise serve\ndoes the same on start; run this first to upgrade a database on its own, before new\nreplicas start. Migrations only add, so servers of the version before keep running.")
	db := dbFlag(fs)
	pos, code, ok := fs.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return fs.usageError(stderr, "unexpected argument %q", pos[0])
	}
	s, err := openStore(ctx, db())
	if err != nil {
		fmt.Fprintf(stderr, "stepwise migrate: %v\n", err)
		return exitError
	}
	defer s.Close()
	from, to := s.Schema()
	if from == to {
		fmt.Fprintf(stdout, "stepwise migrate: %s: schema %d, up to date\n", shownDB(db()), to)
	} else {
		fmt.Fprintf(stdout, "stepwise migrate: %s: schema %d → %d\n", shownDB(db()), from, to)
	}
	return exitOK
}

func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("export", "stepwise export --db FILE|URL --team NAME [--out FILE]",
		"Writes everything the store keeps of a team — its recordings with their versions,\nstatuses, uploaders, redaction counts and idempotency hashes, its tokens' hashes with\ntheir people and roles, approvals, accepted control errors, reviewed text and audit\nlog — as JSON Lines ("+ingest.ExportFormat+"), from one consistent snapshot,\nwhile servers run. stepwise restore loads it into another store, SQLite or PostgreSQL.")
	db := dbFlag(fs)
	team := fs.String("team", "", "team `NAME`")
	out := fs.String("out", "", "write to `FILE` (replaced only once the export is whole) instead of stdout")
	pos, code, ok := fs.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	switch {
	case len(pos) > 0:
		return fs.usageError(stderr, "unexpected argument %q", pos[0])
	case *team == "":
		return fs.usageError(stderr, "missing --team NAME")
	}
	s, err := openStore(ctx, db())
	if err != nil {
		fmt.Fprintf(stderr, "stepwise export: %v\n", err)
		return exitError
	}
	defer s.Close()
	n, err := exportTo(ctx, s, *team, *out, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "stepwise export: %s: %v\n", shownDB(db()), err)
		return exitError
	}
	fmt.Fprintf(stderr, "stepwise export: team %q: %d recordings, %d tokens, %d approvals, %d acceptances, %d reviewed texts, %d audit entries\n", *team, n.Recordings, n.Tokens, n.Approvals, n.Acceptances, n.Reviewed, n.Audit)
	return exitOK
}

// exportTo writes the export to stdout, or to a temporary file renamed to
// out once it is whole and synced.
func exportTo(ctx context.Context, s store, team, out string, stdout io.Writer) (ingest.ExportCount, error) {
	if out == "" {
		return ingest.Export(ctx, stdout, s, team, time.Now())
	}
	f, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return ingest.ExportCount{}, err
	}
	defer os.Remove(f.Name()) // gone once renamed
	n, err := ingest.Export(ctx, f, s, team, time.Now())
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), out)
	}
	return n, err
}

func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("restore", "stepwise restore --db FILE|URL [--team NAME] FILE",
		"Loads a team written by stepwise export into the store, in one transaction: all of it,\nor on any problem (a file cut short or altered, a recording id or version kept here\nas another recording) nothing. What is already kept the same is skipped, so it may be\nrun again. --team loads it under another name.")
	db := dbFlag(fs)
	team := fs.String("team", "", "load under this team `NAME` (default: the exported team's)")
	pos, code, ok := fs.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	switch {
	case len(pos) == 0:
		return fs.usageError(stderr, "missing FILE, written by stepwise export")
	case len(pos) > 1:
		return fs.usageError(stderr, "takes one file, not %d", len(pos))
	}
	f, err := os.Open(pos[0])
	if err != nil {
		fmt.Fprintf(stderr, "stepwise restore: %v\n", err)
		return exitError
	}
	defer f.Close()
	h, items, err := ingest.ReadExport(f)
	if err != nil {
		fmt.Fprintf(stderr, "stepwise restore: %s: %v\n", pos[0], err)
		return exitError
	}
	name := h.Team
	if *team != "" {
		name = *team
	}
	s, err := openStore(ctx, db())
	if err != nil {
		fmt.Fprintf(stderr, "stepwise restore: %v\n", err)
		return exitError
	}
	defer s.Close()
	n, err := s.ImportTeam(ctx, name, items)
	if err != nil {
		fmt.Fprintf(stderr, "stepwise restore: %s into %s: nothing restored: %v\n", pos[0], shownDB(db()), err)
		return exitError
	}
	fmt.Fprintf(stdout, "stepwise restore: team %q: %d recordings, %d tokens, %d approvals, %d acceptances, %d reviewed texts and %d audit entries added, %d already there\n",
		name, n.Recordings, n.Tokens, n.Approvals, n.Acceptances, n.Reviewed, n.Audit, n.Present)
	return exitOK
}
