package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"time"

	"github.com/stepwise-sop/stepwise/examples"
	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
	"github.com/stepwise-sop/stepwise/sopgen"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", ":8080", "`address` to listen on")
	db := fs.String("db", "stepwise.db", "SQLite database `FILE` (created if missing)")
	withExamples := fs.Bool("examples", true, "load the example workflows into the team \"examples\" when the database is new")
	maxBody := fs.Int64("max-body", 2<<20, "largest request body in `bytes`")
	rate := fs.Float64("rate", 20, "requests a second allowed per token (negative: no limit)")
	var scrub patterns
	fs.Var(&scrub, "scrub", "extra `REGEXP` whose matches are replaced in recorded text before storage (repeatable), e.g. an employee-id format")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: stepwise serve [--addr :8080] [--db stepwise.db]\n\nServes the API (DESIGN.md) with an embedded SQLite store.\n\n")
		fs.PrintDefaults()
	}
	if _, err := parseArgs(fs, args); err != nil {
		return flagExit(err)
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	store, err := sqlite.Open(ctx, *db)
	if err != nil {
		fmt.Fprintf(stderr, "stepwise serve: %v\n", err)
		return exitError
	}
	defer store.Close()
	svc := &ingest.Service{Store: store, Scrubber: &sopgen.Scrubber{Extra: scrub}}
	if *withExamples {
		if err := loadExamples(ctx, store, svc, stdout); err != nil {
			fmt.Fprintf(stderr, "stepwise serve: load examples: %v\n", err)
			return exitError
		}
	}
	key, err := store.Secret(ctx, "ui-session")
	if err != nil {
		fmt.Fprintf(stderr, "stepwise serve: %v\n", err)
		return exitError
	}
	handler := api.New(api.Config{Service: svc, Ready: store.Ping, Log: log, MaxBody: *maxBody, Rate: *rate, UIKey: key})
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "stepwise serve: %v\n", err)
		return exitError
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute, WriteTimeout: 2 * time.Minute, IdleTimeout: 2 * time.Minute}
	fmt.Fprintf(stdout, "stepwise serve: listening on http://%s (database %s); open it in a browser to sign in\n", ln.Addr(), *db)
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		fmt.Fprintf(stderr, "stepwise serve: %v\n", err)
		return exitError
	case <-ctx.Done():
	}
	// Drain requests in flight; uploads already queued commit before the
	// store closes (deferred above).
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		fmt.Fprintf(stderr, "stepwise serve: shutdown: %v\n", err)
		return exitError
	}
	return exitOK
}

// patterns collects repeated --scrub flags.
type patterns []*regexp.Regexp

func (p *patterns) String() string { return fmt.Sprint(*p) }

func (p *patterns) Set(v string) error {
	re, err := regexp.Compile(v)
	if err != nil {
		return err
	}
	*p = append(*p, re)
	return nil
}

// loadExamples stores the example recordings for the team "examples" when
// the database holds no recording yet, and prints a token to read them.
func loadExamples(ctx context.Context, store *sqlite.Store, svc *ingest.Service, stdout io.Writer) error {
	empty, err := store.Empty(ctx)
	if err != nil || !empty {
		return err
	}
	recs, err := examples.Recordings()
	if err != nil {
		return err
	}
	team, err := store.CreateTeam(ctx, "examples")
	if err != nil {
		return err
	}
	for _, r := range recs {
		if _, err := svc.Ingest(ctx, ingest.Upload{Team: team.ID, Body: r.Data}); err != nil {
			return fmt.Errorf("%s: %w", r.Name, err)
		}
	}
	token, err := store.CreateToken(ctx, "examples")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "stepwise serve: loaded %d example workflows for the team \"examples\"; its API token (shown once):\n  %s\n", len(recs), token)
	return nil
}
