// Package api is the HTTP API of the server (gin): recordings in, workflows
// and their documents out, lint, health and metrics. Errors are
// application/problem+json (RFC 9457).
package api

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"golang.org/x/time/rate"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/web"
	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/generate"
	"github.com/stepwise-sop/stepwise/sopgen/lint"
)

//go:embed openapi.yaml
var openapi []byte

// Config assembles the API.
type Config struct {
	Service *ingest.Service
	// Ready reports whether the store can read and write, for /readyz.
	Ready func(context.Context) error
	// ReadyTimeout bounds how long /readyz waits for Ready; 0 means 2 s.
	ReadyTimeout time.Duration
	Log          *slog.Logger
	// Registry receives the metrics; nil makes a new one.
	Registry *prometheus.Registry
	// MaxBody bounds a request body; 0 means 2 MiB.
	MaxBody int64
	// Rate is the requests per second allowed per token (burst twice
	// that); 0 means 20, a negative value no limit.
	Rate float64
	// UIKey, when set, serves the web UI too and signs its sessions.
	UIKey []byte
	// MetricsToken, when set, serves GET /metrics to requests that bear
	// it (Authorization: Bearer); without it /metrics is not served here
	// (see MetricsHandler for a listener of its own).
	MetricsToken string
	// LintBudget bounds the time one POST /lint may take, and RenderBudget
	// the time one artifact download may take to render; past it the
	// answer is 503 with Retry-After. 0 means 10 s and 30 s; a negative
	// value no budget (the work still stops when the client goes).
	LintBudget, RenderBudget time.Duration
}

type server struct {
	svc     *ingest.Service
	ready   func(context.Context) error
	log     *slog.Logger
	maxBody int64
	rate    float64
	m       *metrics

	lintBudget, renderBudget time.Duration

	limitersMu sync.Mutex
	limiters   map[string]*rate.Limiter

	readyTimeout time.Duration
	readyMu      sync.Mutex
	readyRun     *readyRun // the check in progress, if any
}

// readyRun is one call of Config.Ready, shared by the /readyz requests
// that arrive while it runs, so that a stalled store holds one goroutine,
// not one per probe.
type readyRun struct {
	done chan struct{}
	err  error
}

// New returns the API as an http.Handler.
func New(cfg Config) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	s := &server{
		svc: cfg.Service, ready: cfg.Ready, log: cfg.Log, maxBody: cfg.MaxBody, rate: cfg.Rate,
		limiters: map[string]*rate.Limiter{}, readyTimeout: cfg.ReadyTimeout,
	}
	if s.readyTimeout <= 0 {
		s.readyTimeout = 2 * time.Second
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.maxBody <= 0 {
		s.maxBody = 2 << 20
	}
	if s.rate == 0 {
		s.rate = 20
	}
	s.lintBudget, s.renderBudget = budget(cfg.LintBudget, 10*time.Second), budget(cfg.RenderBudget, 30*time.Second)
	reg := cfg.Registry
	if reg == nil {
		reg = prometheus.NewRegistry()
	}
	s.m = newMetrics(reg)
	if s.svc.OnRender == nil {
		// Renders are counted wherever they happen: the UI's too.
		s.svc.OnRender = s.m.Rendered
	}

	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.Use(s.recover, web.Headers, s.observe)
	notFound := func(c *gin.Context) { s.fail(c, fmt.Errorf("%w: no such route", ingest.ErrNotFound)) }
	r.NoRoute(notFound)
	r.NoMethod(func(c *gin.Context) {
		// RFC 9110 §15.5.6: a 405 names the methods the resource has.
		c.Header("Allow", allowed(r.Routes(), c.Request.URL.Path))
		s.problem(c, blank(http.StatusMethodNotAllowed, "the resource answers "+c.Writer.Header().Get("Allow")))
	})

	// Every GET route answers HEAD too (RFC 9110 §9.3.2).
	getHead := []string{http.MethodGet, http.MethodHead}
	r.Match(getHead, "/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok\n") })
	r.Match(getHead, "/readyz", s.readyz)
	if cfg.MetricsToken != "" {
		r.Match(getHead, "/metrics", s.metricsAuth(cfg.MetricsToken), gin.WrapH(MetricsHandler(reg)))
	}
	r.Match(getHead, "/api/openapi.yaml", func(c *gin.Context) { c.Data(http.StatusOK, "application/yaml", openapi) })

	v1 := r.Group("/api/v1", s.auth)
	v1.POST("/recordings", s.postRecording)
	v1.Match(getHead, "/recordings/:id", s.getRecording)
	v1.Match(getHead, "/workflows", s.listWorkflows)
	v1.Match(getHead, "/workflows/:slug", s.getWorkflow)
	v1.Match(getHead, "/workflows/:slug/diff", s.diff)
	v1.Match(getHead, "/me", s.me)
	v1.Match(getHead, "/workflows/:slug/versions/:version", s.getVersion)
	v1.POST("/workflows/:slug/versions/:version/status", s.postStatus)
	v1.POST("/workflows/:slug/versions/:version/acceptances", s.postAcceptance)
	v1.Match(getHead, "/workflows/:slug/reviewed", s.getReviewed)
	v1.PUT("/workflows/:slug/reviewed", s.putReviewed)
	v1.Match(getHead, "/workflows/:slug/audit", s.audit)
	v1.Match(getHead, "/workflows/:slug/:artifact", s.artifact)
	v1.POST("/lint", s.lint)
	if cfg.UIKey != nil {
		if err := web.Mount(r, web.Config{Service: s.svc, Key: cfg.UIKey, Log: s.log, MaxBody: s.maxBody, NotFound: notFound, LintBudget: s.lintBudget, RenderBudget: s.renderBudget, Observe: s.m}); err != nil {
			panic(err) // the embedded templates are broken: a build defect
		}
	}
	return r
}

func jsonEncode(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	return enc.Encode(v)
}

// json answers v as JSON. It encodes into memory first, so that a value
// that cannot be encoded (a stored recording that no longer reads as JSON)
// is a 500 problem, never a 200 with an empty or cut body.
func (s *server) json(c *gin.Context, status int, v any) {
	var b bytes.Buffer
	if err := jsonEncode(&b, v); err != nil {
		s.fail(c, fmt.Errorf("encode the answer: %w", err))
		return
	}
	c.Data(status, "application/json", b.Bytes())
}

// recover turns a panic into a 500 problem; the panic goes to the log
// without the request body.
func (s *server) recover(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			id := errorID()
			s.log.ErrorContext(c.Request.Context(), "panic", "route", c.FullPath(), "error_id", id, "panic", fmt.Sprint(v))
			p := blank(http.StatusInternalServerError, "error "+id+" is in the server's log")
			p.Instance = "urn:stepwise:error:" + id
			s.problem(c, p)
		}
	}()
	c.Next()
}

// observe logs and counts each request: route template, status, time,
// size and team. Never a body, a query or a recorded string.
func (s *server) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	d := time.Since(start)
	s.m.requests.WithLabelValues(route, c.Request.Method, strconv.Itoa(status)).Inc()
	s.m.latency.WithLabelValues(route, c.Request.Method).Observe(d.Seconds())
	attrs := []any{"method", c.Request.Method, "route", route, "status", status, "ms", float64(d.Microseconds()) / 1000, "bytes", c.Writer.Size()}
	if t, ok := c.Get("team"); ok {
		attrs = append(attrs, "team", t.(ingest.Team).ID)
	}
	s.log.InfoContext(c.Request.Context(), "request", attrs...)
}

// bearer returns the token of an Authorization header of the Bearer
// scheme, whose name is case-insensitive (RFC 9110 §11.1).
func bearer(h string) (string, bool) {
	scheme, token, ok := strings.Cut(strings.TrimSpace(h), " ")
	token = strings.TrimSpace(token)
	return token, ok && strings.EqualFold(scheme, "Bearer") && token != ""
}

// auth resolves the bearer token to a team and applies its rate limit.
func (s *server) auth(c *gin.Context) {
	token, ok := bearer(c.GetHeader("Authorization"))
	if !ok {
		c.Header("WWW-Authenticate", `Bearer realm="stepwise"`)
		s.fail(c, ingest.ErrUnauthorized)
		return
	}
	hash := ingest.HashToken(token)
	person, err := s.svc.Store.PersonByToken(c.Request.Context(), hash)
	if err != nil {
		if errors.Is(err, ingest.ErrUnauthorized) {
			c.Header("WWW-Authenticate", `Bearer realm="stepwise", error="invalid_token"`)
		}
		s.fail(c, err)
		return
	}
	if s.rate > 0 {
		lim := s.limiter(string(hash))
		if r := lim.Reserve(); r.Delay() > 0 {
			wait := r.Delay()
			r.Cancel()
			c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			s.problem(c, RateLimited.problem(fmt.Sprintf("this token may make %g requests a second", s.rate)))
			return
		}
	}
	c.Set("team", person.Team)
	c.Set("person", person)
	c.Next()
}

func (s *server) limiter(key string) *rate.Limiter {
	s.limitersMu.Lock()
	defer s.limitersMu.Unlock()
	l, ok := s.limiters[key]
	if !ok {
		l = rate.NewLimiter(rate.Limit(s.rate), int(math.Max(1, 2*s.rate)))
		s.limiters[key] = l
	}
	return l
}

func team(c *gin.Context) ingest.Team { return c.MustGet("team").(ingest.Team) }

// person is who the request's token belongs to.
func person(c *gin.Context) ingest.Person { return c.MustGet("person").(ingest.Person) }

// body reads a request body of one of the media types, within the limit.
// When it cannot, it answers the problem and returns why, as the metrics
// name the reason.
func (s *server) body(c *gin.Context, types ...string) ([]byte, string) {
	return s.bodyWithin(c, s.maxBody, types...)
}

// bodyWithin is body for a body of at most max bytes.
func (s *server) bodyWithin(c *gin.Context, max int64, types ...string) ([]byte, string) {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	ok := err == nil
	if ok {
		ok = false
		for _, t := range types {
			ok = ok || mt == t
		}
	}
	if !ok {
		s.problem(c, UnsupportedMediaType.problem("send "+strings.Join(types, " or ")))
		return nil, "unsupported_media_type"
	}
	if c.Request.ContentLength > max {
		s.tooLarge(c, max)
		return nil, "too_large"
	}
	data, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, max))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.tooLarge(c, max)
			return nil, "too_large"
		}
		s.problem(c, BadRequest.problem("the request body could not be read"))
		return nil, "bad_request"
	}
	return data, ""
}

func (s *server) tooLarge(c *gin.Context, max int64) {
	s.problem(c, BodyTooLarge.problem(fmt.Sprintf("the limit is %d bytes", max)))
}

// readyz answers 200 when the store can read and write, and a 503 problem
// when it cannot or does not answer within the ready timeout.
func (s *server) readyz(c *gin.Context) {
	if s.ready != nil {
		if err := s.checkReady(c.Request.Context()); err != nil {
			s.log.WarnContext(c.Request.Context(), "not ready", "err", err)
			s.problem(c, NotReady.problem("the store could not read and write within "+s.readyTimeout.String()))
			return
		}
	}
	c.String(http.StatusOK, "ready\n")
}

// checkReady runs Config.Ready, or joins the run in progress, and waits
// at most the ready timeout for its outcome.
func (s *server) checkReady(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, s.readyTimeout)
	defer cancel()
	s.readyMu.Lock()
	run := s.readyRun
	if run == nil {
		run = &readyRun{done: make(chan struct{})}
		s.readyRun = run
		go func() {
			rctx, cancel := context.WithTimeout(context.Background(), s.readyTimeout)
			defer cancel()
			run.err = s.ready(rctx)
			s.readyMu.Lock()
			s.readyRun = nil
			s.readyMu.Unlock()
			close(run.done)
		}()
	}
	s.readyMu.Unlock()
	select {
	case <-run.done:
		return run.err
	case <-ctx.Done():
		return fmt.Errorf("the store did not answer: %w", ctx.Err())
	}
}

func (s *server) postRecording(c *gin.Context) {
	data, refused := s.body(c, "application/json")
	if refused != "" {
		s.m.RecordingRejected(refused)
		return
	}
	rec, err := s.svc.Ingest(c.Request.Context(), ingest.Upload{
		Team: team(c).ID, By: person(c), Body: data, Format: c.Query("format"), Workflow: c.Query("workflow"),
	})
	if err != nil {
		reason := "error"
		switch {
		case errors.Is(err, sopgen.ErrInvalid):
			reason = "invalid"
		case errors.Is(err, ingest.ErrConflict):
			reason = "conflict"
		case errors.Is(err, ingest.ErrBadRequest):
			reason = "bad_request"
		case errors.Is(err, ingest.ErrStorageFull):
			reason = "storage_full"
		}
		if reason != "error" {
			s.m.RecordingRejected(reason)
		}
		s.fail(c, err)
		return
	}
	status := http.StatusOK
	if rec.Created {
		status = http.StatusCreated
		s.m.RecordingStored()
		c.Header("Location", "/api/v1/recordings/"+rec.ID)
	}
	s.json(c, status, rec)
}

func (s *server) getRecording(c *gin.Context) {
	st, err := s.svc.Store.Recording(c.Request.Context(), team(c).ID, c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.json(c, http.StatusOK, struct {
		ID         string            `json:"id"`
		Workflow   string            `json:"workflow"`
		Version    int               `json:"version"`
		ReceivedAt time.Time         `json:"received_at"`
		Redactions sopgen.Redactions `json:"redactions"`
		Recording  json.RawMessage   `json:"recording"`
	}{st.ID, st.Workflow, st.Version, st.ReceivedAt, st.Redactions, st.Recording})
}

func (s *server) listWorkflows(c *gin.Context) {
	ws, err := s.svc.Store.Workflows(c.Request.Context(), team(c).ID)
	if err != nil {
		s.fail(c, err)
		return
	}
	s.json(c, http.StatusOK, struct {
		Workflows []ingest.WorkflowSummary `json:"workflows"`
	}{ws})
}

func (s *server) getWorkflow(c *gin.Context) {
	slug := c.Param("slug")
	vs, err := s.svc.Store.Versions(c.Request.Context(), team(c).ID, slug)
	if err != nil {
		s.fail(c, err)
		return
	}
	latest, res, err := s.svc.Document(c.Request.Context(), team(c).ID, slug, 0)
	if err != nil {
		s.fail(c, err)
		return
	}
	sum := res.Report.Summary
	approved := 0
	for _, v := range vs {
		if v.Status == sopgen.StatusApproved {
			approved = v.Version
		}
	}
	s.json(c, http.StatusOK, struct {
		Slug      string           `json:"slug"`
		Title     string           `json:"title"`
		Latest    int              `json:"latest_version"`
		Status    sopgen.Status    `json:"status"`
		Approved  int              `json:"approved_version"`
		Versions  []ingest.Version `json:"versions"`
		Findings  any              `json:"findings"`
		Artifacts []string         `json:"artifacts"`
	}{slug, res.Doc.Meta.Title, latest.Version, latest.Status, approved, vs, map[string]int{"errors": sum.Errors, "warnings": sum.Warnings, "info": sum.Info}, generate.Artifacts})
}

// version reads ?version=N (0 when absent).
func version(c *gin.Context) (int, error) { return ingest.ParseVersion(c.Query("version")) }

func (s *server) artifact(c *gin.Context) {
	name := c.Param("artifact")
	n, err := version(c)
	if err != nil {
		s.fail(c, err)
		return
	}
	ctx, cancel := ingest.WithBudget(c.Request.Context(), s.renderBudget)
	defer cancel()
	out, err := s.svc.Artifact(ctx, team(c).ID, c.Param("slug"), n, name)
	if err != nil {
		if !s.overBudget(c, "render", err) {
			s.fail(c, err)
		}
		return
	}
	st := out.Stored
	// The key names the recording, generator, document control and
	// reviewed text: an approval or an edit makes a new ETag.
	etag := `"` + strings.ReplaceAll(out.Key, "/", "-") + `"`
	c.Header("ETag", etag)
	c.Header("Cache-Control", "private, no-cache")
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	if name == "sop.pdf" || name == "process-map.png" {
		c.Header("Content-Disposition", fmt.Sprintf(`inline; filename="%s-v%d-%s"`, st.Workflow, st.Version, name))
	}
	c.Data(http.StatusOK, ingest.ContentTypes[name], out.Data)
}

func (s *server) diff(c *gin.Context) {
	from, err1 := strconv.Atoi(c.Query("from"))
	to, err2 := strconv.Atoi(c.Query("to"))
	if err1 != nil || err2 != nil {
		s.fail(c, fmt.Errorf("%w: from and to must be version numbers", ingest.ErrBadRequest))
		return
	}
	d, err := s.svc.Diff(c.Request.Context(), team(c).ID, c.Param("slug"), from, to)
	if err != nil {
		s.fail(c, err)
		return
	}
	if c.Query("format") == "md" || strings.Contains(c.GetHeader("Accept"), "text/markdown") {
		var b bytes.Buffer
		if err := d.WriteMarkdown(&b); err != nil {
			s.fail(c, err)
			return
		}
		c.Data(http.StatusOK, "text/markdown; charset=utf-8", b.Bytes())
		return
	}
	s.json(c, http.StatusOK, d)
}

// lintTypes maps the media types POST /lint takes to a file name whose
// extension tells the reader.
var lintTypes = map[string]string{
	"text/markdown":      "sop.md",
	"text/x-markdown":    "sop.md",
	"application/yaml":   "sop.yaml",
	"application/x-yaml": "sop.yaml",
	"text/yaml":          "sop.yaml",
	"application/json":   "recording.json",
}

func (s *server) lint(c *gin.Context) {
	var types []string
	for t := range lintTypes {
		types = append(types, t)
	}
	slices.Sort(types)
	data, refused := s.body(c, types...)
	if refused != "" {
		return
	}
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	name := lintTypes[mt]
	if q := c.Query("name"); q != "" && lint.KindOf(q) == lint.KindOf(name) {
		name = q
	}
	ctx, cancel := ingest.WithBudget(c.Request.Context(), s.lintBudget)
	defer cancel()
	fs, err := lint.SourceContext(ctx, name, data, nil, lint.Options{Today: time.Now().UTC()})
	if err != nil {
		if !s.overBudget(c, "lint", err) {
			s.fail(c, err)
		}
		return
	}
	res := &lint.Result{Findings: fs, Files: 1}
	var b bytes.Buffer
	if err := lint.WriteJSON(&b, res); err != nil {
		s.fail(c, fmt.Errorf("encode the findings: %w", err))
		return
	}
	c.Data(http.StatusOK, "application/json", b.Bytes())
}

// allowed lists, sorted and comma-separated, the methods of the routes
// whose pattern (gin's :param and *rest) matches path.
func allowed(routes gin.RoutesInfo, path string) string {
	var methods []string
	for _, rt := range routes {
		if routeMatches(rt.Path, path) && !slices.Contains(methods, rt.Method) {
			methods = append(methods, rt.Method)
		}
	}
	slices.Sort(methods)
	return strings.Join(methods, ", ")
}

func routeMatches(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	for i, p := range ps {
		if strings.HasPrefix(p, "*") {
			return true
		}
		if i >= len(xs) || !strings.HasPrefix(p, ":") && p != xs[i] || strings.HasPrefix(p, ":") && xs[i] == "" {
			return false
		}
	}
	return len(ps) == len(xs)
}
