// Package web is the browser UI of the server: server-rendered pages
// (html/template) with embedded assets, signed-in with a team token.
package web

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// Config assembles the UI.
type Config struct {
	Service *ingest.Service
	// Key signs session cookies and CSRF tokens; at least 32 bytes.
	Key []byte
	Log *slog.Logger
	// MaxBody bounds an upload; 0 means 2 MiB.
	MaxBody int64
	// NotFound answers unknown paths that are not a browser's page
	// request (the API's problem+json); nil means a plain 404.
	NotFound gin.HandlerFunc
	// LintBudget and RenderBudget bound the time of one lint and of one
	// artifact render, as for the API; 0 or negative means no budget (the
	// work still stops when the browser goes).
	LintBudget, RenderBudget time.Duration
	// Observe, when set, is told of what the server's metrics count; nil
	// counts nothing.
	Observe Observer
}

// Observer is told of the UI's uploads and of work it stopped, for the
// server's metrics (renders reach them through the Service).
type Observer interface {
	RecordingStored()
	RecordingRejected(reason string)
	WorkStopped(work, reason string)
}

// noObserver counts nothing.
type noObserver struct{}

func (noObserver) RecordingStored()           {}
func (noObserver) RecordingRejected(string)   {}
func (noObserver) WorkStopped(string, string) {}

type ui struct {
	svc     *ingest.Service
	key     []byte
	log     *slog.Logger
	maxBody int64
	pages   map[string]*template.Template
	obs     Observer

	lintBudget, renderBudget time.Duration
}

const (
	sessionCookie = "stepwise_session"
	csrfCookie    = "stepwise_csrf"
	sessionTTL    = 12 * time.Hour
)

// Mount adds the UI's routes to r: pages at /, assets under /static.
func Mount(r *gin.Engine, cfg Config) error {
	if len(cfg.Key) < 32 {
		return errors.New("web: the session key must have at least 32 bytes")
	}
	u := &ui{svc: cfg.Service, key: cfg.Key, log: cfg.Log, maxBody: cfg.MaxBody, pages: map[string]*template.Template{},
		lintBudget: cfg.LintBudget, renderBudget: cfg.RenderBudget, obs: cfg.Observe}
	if u.obs == nil {
		u.obs = noObserver{}
	}
	if u.log == nil {
		u.log = slog.New(slog.DiscardHandler)
	}
	if u.maxBody <= 0 {
		u.maxBody = 2 << 20
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return err
	}
	for _, n := range names {
		base := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if base == "layout" {
			continue
		}
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n)
		if err != nil {
			return fmt.Errorf("web: parse %s: %w", n, err)
		}
		u.pages[base] = t
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return err
	}
	// Every form body is bounded before anything reads it: sign-in and
	// sign-out carry a few fields, upload and lint a file within the
	// server's body limit plus the form around it.
	r.MaxMultipartMemory = u.maxBody + formOverhead
	small, medium, large := u.form(smallForm), u.form(commentForm), u.form(u.maxBody+formOverhead)
	notFound := func(c *gin.Context) {
		// A browser asking for a page that does not exist gets a page;
		// anything else gets the API's answer.
		if strings.Contains(c.GetHeader("Accept"), "text/html") && !strings.HasPrefix(c.Request.URL.Path, "/api/") {
			u.render(c, http.StatusNotFound, "error", map[string]any{"Title": "Not found", "Message": "There is no such page."})
			return
		}
		if cfg.NotFound != nil {
			cfg.NotFound(c)
			return
		}
		c.Status(http.StatusNotFound)
	}
	r.NoRoute(headers, notFound)
	pub := r.Group("/", headers)
	pub.Match(getHead, "/static/*file", func(c *gin.Context) { serveStatic(c, static, notFound) })
	pub.Match(getHead, "/", func(c *gin.Context) { c.Redirect(http.StatusSeeOther, "/workflows") })
	pub.Match(getHead, "/signin", u.signinPage)
	pub.POST("/signin", small, u.signin)
	g := r.Group("/", headers, u.session)
	g.POST("/signout", small, u.csrf, u.signout)
	g.Match(getHead, "/workflows", u.workflows)
	g.Match(getHead, "/workflows/:slug", u.workflow)
	g.Match(getHead, "/workflows/:slug/files/:artifact", u.file)
	g.Match(getHead, "/workflows/:slug/compare", u.compare)
	g.POST("/workflows/:slug/versions/:version/status", medium, u.csrf, u.postStatus)
	g.POST("/workflows/:slug/versions/:version/acceptances", medium, u.csrf, u.postAcceptance)
	g.Match(getHead, "/workflows/:slug/audit", u.audit)
	g.Match(getHead, "/workflows/:slug/reviewed", u.reviewedPage)
	g.POST("/workflows/:slug/reviewed", large, u.csrf, u.postReviewed)
	g.Match(getHead, "/upload", u.uploadPage)
	g.POST("/upload", large, u.csrf, u.upload)
	g.Match(getHead, "/lint", u.lintPage)
	g.POST("/lint", large, u.csrf, u.lint)
	g.Match(getHead, "/templates", u.templates)
	g.Match(getHead, "/templates/:name", u.template)
	return nil
}

// getHead are the methods of a page: HEAD answers as GET does, without
// the body.
var getHead = []string{http.MethodGet, http.MethodHead}

// serveStatic serves an embedded asset; a directory, or anything that is
// not a file, is not found: the assets are never listed.
func serveStatic(c *gin.Context, static fs.FS, notFound gin.HandlerFunc) {
	name := strings.TrimPrefix(c.Param("file"), "/")
	if !fs.ValidPath(name) {
		notFound(c)
		return
	}
	data, err := fs.ReadFile(static, name)
	if err != nil {
		notFound(c)
		return
	}
	c.Header("Cache-Control", "public, max-age=3600")
	http.ServeContent(c.Writer, c.Request, name, time.Time{}, bytes.NewReader(data))
}

// Headers sets the security headers of every UI answer, pages, redirects
// and errors alike: no inline script, no framing, no sniffing.
func Headers(c *gin.Context) { headers(c) }

func headers(c *gin.Context) {
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "same-origin")
	c.Next()
}

// render writes a page; data is the page's own fields.
func (u *ui) render(c *gin.Context, status int, page string, data map[string]any) {
	t, ok := u.pages[page]
	if !ok {
		c.String(http.StatusInternalServerError, "no page %s", page)
		return
	}
	if data == nil {
		data = map[string]any{}
	}
	if team, ok := c.Get("team"); ok {
		data["Team"] = team.(ingest.Team)
		data["Person"] = person(c)
		data["CSRF"] = u.csrfToken(c)
	}
	data["Page"] = page
	var b bytes.Buffer
	if err := t.ExecuteTemplate(&b, "layout.html", data); err != nil {
		u.log.ErrorContext(c.Request.Context(), "render page", "page", page, "err", err)
		c.String(http.StatusInternalServerError, "the page could not be rendered")
		return
	}
	c.Header("Cache-Control", "no-store")
	c.Data(status, "text/html; charset=utf-8", b.Bytes())
}

func (u *ui) notFound(c *gin.Context) {
	u.render(c, http.StatusNotFound, "error", map[string]any{"Title": "Not found", "Message": "There is no such page for your team."})
	c.Abort()
}

func (u *ui) fail(c *gin.Context, err error) {
	if errors.Is(err, ingest.ErrNotFound) {
		u.notFound(c)
		return
	}
	if errors.Is(err, ingest.ErrBadRequest) {
		u.render(c, http.StatusBadRequest, "error", map[string]any{"Title": "Bad request", "Message": err.Error()})
		c.Abort()
		return
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		work, reason := "render", "over_budget"
		if c.FullPath() == "/lint" {
			work = "lint"
		}
		if c.Request.Context().Err() != nil {
			reason = "client_gone"
		}
		u.obs.WorkStopped(work, reason)
		c.Header("Retry-After", "5")
		u.render(c, http.StatusServiceUnavailable, "error", map[string]any{"Title": "The server stopped the work", "Message": "This took longer than the server allows for one request. Try again later, or with a smaller document."})
		c.Abort()
		return
	}
	u.log.ErrorContext(c.Request.Context(), "page failed", "route", c.FullPath(), "err", err)
	u.render(c, http.StatusInternalServerError, "error", map[string]any{"Title": "Something went wrong", "Message": "The server could not answer. Try again."})
	c.Abort()
}

// --- sessions and CSRF ---

func (u *ui) mac(parts ...[]byte) []byte {
	m := hmac.New(sha256.New, u.key)
	for _, p := range parts {
		m.Write(p)
		m.Write([]byte{0})
	}
	return m.Sum(nil)
}

// A session is a random id kept by the store (as its SHA-256) with its
// team and expiry; the cookie holds the id, signed. Signing out deletes it
// from the store, so a copy of the cookie is worth nothing afterwards.

// newSession stores a session for a person and returns its cookie value.
func (u *ui) newSession(ctx context.Context, p ingest.Person) (string, error) {
	id := make([]byte, 32)
	rand.Read(id)
	if err := u.svc.Store.CreateSession(ctx, sessionHash(id), p.ID, time.Now().Add(sessionTTL)); err != nil {
		return "", fmt.Errorf("sign in: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(id) + "." + base64.RawURLEncoding.EncodeToString(u.mac([]byte("session"), id)), nil
}

// sessionID checks a cookie value's signature and returns its session id.
func (u *ui) sessionID(v string) ([]byte, bool) {
	id64, sig64, ok := strings.Cut(v, ".")
	if !ok {
		return nil, false
	}
	id, err1 := base64.RawURLEncoding.DecodeString(id64)
	sig, err2 := base64.RawURLEncoding.DecodeString(sig64)
	if err1 != nil || err2 != nil || len(id) != 32 || !hmac.Equal(sig, u.mac([]byte("session"), id)) {
		return nil, false
	}
	return id, true
}

func sessionHash(id []byte) []byte {
	h := sha256.Sum256(id)
	return h[:]
}

func secure(c *gin.Context) bool {
	return c.Request.TLS != nil || c.GetHeader("X-Forwarded-Proto") == "https"
}

func (u *ui) setCookie(c *gin.Context, name, value string, maxAge int) {
	http.SetCookie(c.Writer, &http.Cookie{
		Name: name, Value: value, Path: "/", MaxAge: maxAge,
		HttpOnly: true, Secure: secure(c), SameSite: http.SameSiteStrictMode,
	})
}

// session resolves the session cookie to the person and team, or sends
// the browser to sign in.
func (u *ui) session(c *gin.Context) {
	ck, _ := c.Cookie(sessionCookie)
	id, ok := u.sessionID(ck)
	var p ingest.Person
	if ok {
		var err error
		p, err = u.svc.Store.SessionPerson(c.Request.Context(), sessionHash(id))
		if err != nil && !errors.Is(err, ingest.ErrUnauthorized) {
			u.fail(c, err)
			return
		}
		ok = err == nil
	}
	if !ok {
		if ck != "" {
			u.setCookie(c, sessionCookie, "", -1)
		}
		if c.Request.Method == http.MethodGet || c.Request.Method == http.MethodHead {
			c.Redirect(http.StatusSeeOther, "/signin?next="+urlEscape(c.Request.URL.RequestURI()))
		} else {
			c.String(http.StatusUnauthorized, "sign in first")
		}
		c.Abort()
		return
	}
	c.Set("team", p.Team)
	c.Set("person", p)
	c.Set("session", ck)
	c.Set("sessionID", id)
	c.Next()
}

// csrfToken is bound to the session: a form of another site cannot know it.
func (u *ui) csrfToken(c *gin.Context) string {
	s, _ := c.Get("session")
	v, _ := s.(string)
	return base64.RawURLEncoding.EncodeToString(u.mac([]byte("csrf"), []byte(v)))
}

// csrf refuses a form without the session's token.
func (u *ui) csrf(c *gin.Context) {
	got := c.PostForm("csrf")
	if subtle.ConstantTimeCompare([]byte(got), []byte(u.csrfToken(c))) != 1 {
		u.render(c, http.StatusForbidden, "error", map[string]any{"Title": "Form expired", "Message": "The form was not sent from this page, or it is too old. Go back, reload it and try again."})
		c.Abort()
		return
	}
	c.Next()
}

func (u *ui) signinPage(c *gin.Context) {
	tok := make([]byte, 16)
	rand.Read(tok)
	v := base64.RawURLEncoding.EncodeToString(tok)
	u.setCookie(c, csrfCookie, v, 3600)
	u.render(c, http.StatusOK, "signin", map[string]any{"Title": "Sign in", "SigninCSRF": v, "Next": safeNext(c.Query("next"))})
}

func (u *ui) signin(c *gin.Context) {
	ck, err := c.Cookie(csrfCookie)
	if err != nil || ck == "" || subtle.ConstantTimeCompare([]byte(ck), []byte(c.PostForm("csrf"))) != 1 {
		u.render(c, http.StatusForbidden, "error", map[string]any{"Title": "Form expired", "Message": "Reload the sign-in page and try again."})
		return
	}
	token := strings.TrimSpace(c.PostForm("token"))
	p, err := u.svc.Store.PersonByToken(c.Request.Context(), ingest.HashToken(token))
	if err != nil || token == "" {
		u.log.InfoContext(c.Request.Context(), "sign-in refused")
		v := make([]byte, 16)
		rand.Read(v)
		nv := base64.RawURLEncoding.EncodeToString(v)
		u.setCookie(c, csrfCookie, nv, 3600)
		u.render(c, http.StatusUnauthorized, "signin", map[string]any{"Title": "Sign in", "SigninCSRF": nv, "Error": "That token is not valid.", "Next": safeNext(c.PostForm("next"))})
		return
	}
	v, err := u.newSession(c.Request.Context(), p)
	if err != nil {
		u.fail(c, err)
		return
	}
	u.setCookie(c, sessionCookie, v, int(sessionTTL.Seconds()))
	u.setCookie(c, csrfCookie, "", -1)
	c.Redirect(http.StatusSeeOther, safeNext(c.PostForm("next")))
}

// signout ends the session on the server, then in the browser.
func (u *ui) signout(c *gin.Context) {
	if err := u.svc.Store.DeleteSession(c.Request.Context(), sessionHash(c.MustGet("sessionID").([]byte))); err != nil {
		u.fail(c, err)
		return
	}
	u.setCookie(c, sessionCookie, "", -1)
	c.Redirect(http.StatusSeeOther, "/signin")
}

func urlEscape(s string) string { return template.URLQueryEscaper(s) }

func team(c *gin.Context) ingest.Team { return c.MustGet("team").(ingest.Team) }

// person is who is signed in.
func person(c *gin.Context) ingest.Person { return c.MustGet("person").(ingest.Person) }

func readLimited(r io.Reader, max int64) ([]byte, bool, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, false, err
	}
	return data, int64(len(data)) <= max, nil
}
