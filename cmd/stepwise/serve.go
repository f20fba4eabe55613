package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/stepwise-sop/stepwise/examples"
	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/sopgen"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("serve", "stepwise serve [--addr 127.0.0.1:8080] [--db stepwise.db|postgres://...] [flags]",
		"Serves the HTTP API (docs/server.md) and the web UI. The store is an embedded SQLite\ndatabase, or PostgreSQL for several replicas of the server on one database; its schema\nis migrated on start. On a new database it loads the example workflows and prints an\nAPI token for them. Stop it with Ctrl-C (or SIGTERM): it finishes the requests in\nflight, then exits.")
	addr := fs.String("addr", "127.0.0.1:8080", "`address` to listen on (this machine only; :8080 for every interface)")
	db := dbFlag(fs)
	withExamples := fs.Bool("examples", true, "load the example workflows into the team \"examples\" when the database is new")
	maxBody := fs.Int64("max-body", 2<<20, "largest request body in `bytes`")
	rate := fs.Float64("rate", 20, "requests a second allowed per token (negative: no limit)")
	maxConns := fs.Int("max-conns", 512, "connections held at once; at the cap the longest idle gives way, or the new one is refused with 503")
	readTimeout := fs.Duration("read-timeout", time.Minute, "time to read a whole request, body included")
	writeTimeout := fs.Duration("write-timeout", 2*time.Minute, "time from a request's headers to the end of its answer")
	lintBudget := fs.Duration("lint-budget", 10*time.Second, "time one lint request may take before it is stopped with a 503 (0: no budget)")
	renderBudget := fs.Duration("render-budget", 30*time.Second, "time rendering one artifact may take before it is stopped with a 503 (0: no budget)")
	idleTimeout := fs.Duration("idle-timeout", time.Minute, "time a keep-alive connection may wait for its next request")
	metricsAddr := fs.String("metrics-addr", "", "serve /metrics on this `address` of its own (e.g. 127.0.0.1:9090); off when empty")
	metricsToken := fs.String("metrics-token", os.Getenv("STEPWISE_METRICS_TOKEN"), "serve /metrics on --addr too, to requests bearing this `token` ($STEPWISE_METRICS_TOKEN)")
	var scrub patterns
	fs.Var(&scrub, "scrub", "extra `REGEXP` whose matches are replaced in recorded text before storage (repeatable), e.g. an employee-id format")
	pos, code, ok := fs.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	if len(pos) > 0 {
		return fs.usageError(stderr, "unexpected argument %q", pos[0])
	}
	// Listen before anything is created: a port that is taken must leave
	// no database behind and print no token.
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		fmt.Fprintf(stderr, "stepwise serve: %s\n", listenProblem(*addr, err))
		return exitError
	}
	defer ln.Close()
	var mln net.Listener
	if *metricsAddr != "" {
		if mln, err = net.Listen("tcp", *metricsAddr); err != nil {
			fmt.Fprintf(stderr, "stepwise serve: metrics: %s\n", listenProblem(*metricsAddr, err))
			return exitError
		}
		defer mln.Close()
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	store, err := openStore(ctx, db())
	if err != nil {
		fmt.Fprintf(stderr, "stepwise serve: %v\n", err)
		return exitError
	}
	defer store.Close()
	svc := &ingest.Service{Store: store, Scrubber: &sopgen.Scrubber{Extra: scrub}}
	key, err := store.Secret(ctx, "ui-session")
	if err != nil {
		fmt.Fprintf(stderr, "stepwise serve: %v\n", err)
		return exitError
	}
	reg := api.NewRegistry()
	handler := api.New(api.Config{Service: svc, Ready: store.Ping, Log: log, MaxBody: *maxBody, Rate: *rate, UIKey: key, Registry: reg, MetricsToken: *metricsToken,
		LintBudget: noneIfZero(*lintBudget), RenderBudget: noneIfZero(*renderBudget)})
	srv, ln := api.NewServer(handler, ln, api.Limits{MaxConns: *maxConns, ReadTimeout: *readTimeout, WriteTimeout: *writeTimeout, IdleTimeout: *idleTimeout})
	errc := make(chan error, 2)
	if mln != nil {
		msrv, mln := api.NewServer(api.MetricsHandler(reg), mln, api.Limits{MaxConns: 16})
		defer msrv.Close()
		go func() { errc <- msrv.Serve(mln) }()
		fmt.Fprintf(stdout, "stepwise serve: metrics on http://%s/metrics\n", mln.Addr())
	}
	fmt.Fprintf(stdout, "stepwise serve: listening on http://%s (database %s); open it in a browser to sign in\n", ln.Addr(), shownDB(db()))
	// The token comes after the listen address: it is printed only by a
	// server that can be reached with it.
	shown := false
	if *withExamples {
		if shown, err = loadExamples(ctx, store, svc, db(), stdout); err != nil {
			fmt.Fprintf(stderr, "stepwise serve: load examples: %v\n", err)
			return exitError
		}
	}
	switch {
	case shown:
	case *withExamples:
		fmt.Fprintf(stdout, "stepwise serve: the database already holds recordings, so no examples are loaded and no token is shown; for an API token run:\n  %s\n(the team \"examples\" holds the example workflows if an earlier start loaded them; name your own team otherwise)\n", tokenCommand("examples", db()))
	default:
		fmt.Fprintf(stdout, "stepwise serve: for an API token run:\n  %s\n", tokenCommand("NAME", db()))
	}
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
// It reports whether it printed one.
func loadExamples(ctx context.Context, store store, svc *ingest.Service, db string, stdout io.Writer) (bool, error) {
	empty, err := store.Empty(ctx)
	if err != nil || !empty {
		return false, err
	}
	recs, err := examples.Recordings()
	if err != nil {
		return false, err
	}
	team, err := store.CreateTeam(ctx, "examples")
	if err != nil {
		return false, err
	}
	for _, r := range recs {
		if _, err := svc.Ingest(ctx, ingest.Upload{Team: team.ID, Body: r.Data}); err != nil {
			return false, fmt.Errorf("%s: %w", r.Name, err)
		}
	}
	token, err := store.CreateToken(ctx, "examples")
	if err != nil {
		return false, err
	}
	fmt.Fprintf(stdout, "stepwise serve: loaded %s for the team \"examples\"; its API token (shown once):\n  %s\nMake another at any time with:\n  %s\n",
		sopgen.Plural(len(recs), "example workflow", "example workflows"), token, tokenCommand("examples", db))
	return true, nil
}

// tokenCommand is the command line that makes a token for team on the
// database db, quoted for a POSIX shell when it needs to be (a URL's
// password is not shown).
func tokenCommand(team, db string) string {
	return "stepwise token create --team " + team + " --db " + shellQuote(shownDB(db))
}

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=@%+,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// listenProblem explains why the server could not listen on addr.
func listenProblem(addr string, err error) string {
	if errors.Is(err, syscall.EADDRINUSE) {
		return fmt.Sprintf("cannot listen on %s: the address is already in use (another stepwise serve?); stop that server or pick another address with --addr, e.g. --addr 127.0.0.1:8081", addr)
	}
	return fmt.Sprintf("cannot listen on %s: %v", addr, err)
}

// noneIfZero turns the flag's 0 ("no budget") into the negative duration
// api.Config reads as none (its 0 means the default).
func noneIfZero(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}
