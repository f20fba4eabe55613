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
	"github.com/prometheus/client_golang/prometheus/promhttp"
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
	// Ready reports whether the store answers, for /readyz.
	Ready func(context.Context) error
	Log   *slog.Logger
	// Registry receives the metrics; nil makes a new one.
	Registry *prometheus.Registry
	// MaxBody bounds a request body; 0 means 2 MiB.
	MaxBody int64
	// Rate is the requests per second allowed per token (burst twice
	// that); 0 means 20, a negative value no limit.
	Rate float64
	// UIKey, when set, serves the web UI too and signs its sessions.
	UIKey []byte
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
}

// New returns the API as an http.Handler.
func New(cfg Config) http.Handler {
	gin.SetMode(gin.ReleaseMode)
	s := &server{
		svc: cfg.Service, ready: cfg.Ready, log: cfg.Log, maxBody: cfg.MaxBody, rate: cfg.Rate,
		limiters: map[string]*rate.Limiter{},
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
	s.m = newMetrics(reg, s.svc.Renders)

	r := gin.New()
	r.HandleMethodNotAllowed = true
	r.Use(s.recover, s.observe)
	notFound := func(c *gin.Context) { s.fail(c, fmt.Errorf("%w: no such route", ingest.ErrNotFound)) }
	r.NoRoute(notFound)
	r.NoMethod(func(c *gin.Context) {
		s.problem(c, problem{Status: http.StatusMethodNotAllowed, Title: "Method not allowed"})
	})

	r.GET("/healthz", func(c *gin.Context) { c.String(http.StatusOK, "ok\n") })
	r.GET("/readyz", s.readyz)
	r.GET("/metrics", gin.WrapH(promhttp.HandlerFor(reg, promhttp.HandlerOpts{})))
	r.GET("/api/openapi.yaml", func(c *gin.Context) { c.Data(http.StatusOK, "application/yaml", openapi) })

	v1 := r.Group("/api/v1", s.auth)
	v1.POST("/recordings", s.postRecording)
	v1.GET("/recordings/:id", s.getRecording)
	v1.GET("/workflows", s.listWorkflows)
	v1.GET("/workflows/:slug", s.getWorkflow)
	v1.GET("/workflows/:slug/diff", s.diff)
	v1.GET("/workflows/:slug/:artifact", s.artifact)
	v1.POST("/lint", s.lint)
	if cfg.UIKey != nil {
		if err := web.Mount(r, web.Config{Service: s.svc, Key: cfg.UIKey, Log: s.log, MaxBody: s.maxBody, NotFound: notFound}); err != nil {
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

func (s *server) json(c *gin.Context, status int, v any) {
	c.Header("Content-Type", "application/json")
	c.Status(status)
	_ = jsonEncode(c.Writer, v)
}

// recover turns a panic into a 500 problem; the panic goes to the log
// without the request body.
func (s *server) recover(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			s.log.ErrorContext(c.Request.Context(), "panic", "route", c.FullPath(), "panic", fmt.Sprint(v))
			s.problem(c, problem{Status: http.StatusInternalServerError, Title: "Internal server error"})
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

// auth resolves the bearer token to a team and applies its rate limit.
func (s *server) auth(c *gin.Context) {
	h := c.GetHeader("Authorization")
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || token == "" {
		s.m.rejected.WithLabelValues("unauthorized").Inc()
		c.Header("WWW-Authenticate", `Bearer realm="stepwise"`)
		s.fail(c, ingest.ErrUnauthorized)
		return
	}
	hash := ingest.HashToken(strings.TrimSpace(token))
	team, err := s.svc.Store.TeamByToken(c.Request.Context(), hash)
	if err != nil {
		if errors.Is(err, ingest.ErrUnauthorized) {
			s.m.rejected.WithLabelValues("unauthorized").Inc()
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
			s.m.rejected.WithLabelValues("rate_limited").Inc()
			c.Header("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			s.problem(c, problem{Status: http.StatusTooManyRequests, Title: "Too many requests", Detail: fmt.Sprintf("this token may make %g requests a second", s.rate)})
			return
		}
	}
	c.Set("team", team)
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

// body reads a request body of one of the media types, within the limit.
func (s *server) body(c *gin.Context, types ...string) ([]byte, bool) {
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	ok := err == nil
	if ok {
		ok = false
		for _, t := range types {
			ok = ok || mt == t
		}
	}
	if !ok {
		s.m.rejected.WithLabelValues("unsupported_media_type").Inc()
		s.problem(c, problem{Status: http.StatusUnsupportedMediaType, Title: "Unsupported media type", Detail: "send " + strings.Join(types, " or ")})
		return nil, false
	}
	if c.Request.ContentLength > s.maxBody {
		s.tooLarge(c)
		return nil, false
	}
	data, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, s.maxBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.tooLarge(c)
			return nil, false
		}
		s.problem(c, problem{Status: http.StatusBadRequest, Title: "The request body could not be read"})
		return nil, false
	}
	return data, true
}

func (s *server) tooLarge(c *gin.Context) {
	s.m.rejected.WithLabelValues("too_large").Inc()
	s.problem(c, problem{Status: http.StatusRequestEntityTooLarge, Title: "The request body is too large", Detail: fmt.Sprintf("the limit is %d bytes", s.maxBody)})
}

func (s *server) readyz(c *gin.Context) {
	if s.ready != nil {
		if err := s.ready(c.Request.Context()); err != nil {
			s.log.WarnContext(c.Request.Context(), "not ready", "err", err)
			s.problem(c, problem{Status: http.StatusServiceUnavailable, Title: "The store is not available"})
			return
		}
	}
	c.String(http.StatusOK, "ready\n")
}

func (s *server) postRecording(c *gin.Context) {
	data, ok := s.body(c, "application/json")
	if !ok {
		return
	}
	rec, err := s.svc.Ingest(c.Request.Context(), ingest.Upload{
		Team: team(c).ID, Body: data, Format: c.Query("format"), Workflow: c.Query("workflow"),
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
		}
		s.m.rejected.WithLabelValues(reason).Inc()
		s.fail(c, err)
		return
	}
	status := http.StatusOK
	if rec.Created {
		status = http.StatusCreated
		s.m.ingested.Inc()
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
	s.json(c, http.StatusOK, struct {
		Slug      string           `json:"slug"`
		Title     string           `json:"title"`
		Latest    int              `json:"latest_version"`
		Versions  []ingest.Version `json:"versions"`
		Findings  any              `json:"findings"`
		Artifacts []string         `json:"artifacts"`
	}{slug, res.Doc.Meta.Title, latest.Version, vs, map[string]int{"errors": sum.Errors, "warnings": sum.Warnings, "info": sum.Info}, generate.Artifacts})
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
	start := time.Now()
	ctx, cancel := withBudget(c.Request.Context(), s.renderBudget)
	defer cancel()
	data, st, err := s.svc.Artifact(ctx, team(c).ID, c.Param("slug"), n, name)
	if err != nil {
		if !s.overBudget(c, err) {
			s.fail(c, err)
		}
		return
	}
	s.m.render.WithLabelValues(name).Observe(time.Since(start).Seconds())
	etag := fmt.Sprintf(`"%s-%d-%s-%s"`, st.ID, st.Version, sopgen.GeneratorVersion, name)
	c.Header("ETag", etag)
	c.Header("Cache-Control", "private, no-cache")
	if c.GetHeader("If-None-Match") == etag {
		c.Status(http.StatusNotModified)
		return
	}
	if name == "sop.pdf" || name == "process-map.png" {
		c.Header("Content-Disposition", fmt.Sprintf(`inline; filename="%s-v%d-%s"`, st.Workflow, st.Version, name))
	}
	c.Data(http.StatusOK, ingest.ContentTypes[name], data)
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
	data, ok := s.body(c, types...)
	if !ok {
		return
	}
	mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	name := lintTypes[mt]
	if q := c.Query("name"); q != "" && lint.KindOf(q) == lint.KindOf(name) {
		name = q
	}
	ctx, cancel := withBudget(c.Request.Context(), s.lintBudget)
	defer cancel()
	fs, err := lint.SourceContext(ctx, name, data, nil, lint.Options{Today: time.Now().UTC()})
	if err != nil {
		if !s.overBudget(c, err) {
			s.fail(c, err)
		}
		return
	}
	res := &lint.Result{Findings: fs, Files: 1}
	c.Header("Content-Type", "application/json")
	c.Status(http.StatusOK)
	_ = lint.WriteJSON(c.Writer, res)
}
