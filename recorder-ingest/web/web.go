// Package web is the browser UI of the server: server-rendered pages
// (html/template) with embedded assets, signed-in with a team token.
package web

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"strconv"
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
}

type ui struct {
	svc     *ingest.Service
	key     []byte
	log     *slog.Logger
	maxBody int64
	pages   map[string]*template.Template
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
	u := &ui{svc: cfg.Service, key: cfg.Key, log: cfg.Log, maxBody: cfg.MaxBody, pages: map[string]*template.Template{}}
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
	r.GET("/static/*file", headers, func(c *gin.Context) {
		c.Header("Cache-Control", "public, max-age=3600")
		c.FileFromFS(c.Param("file"), http.FS(static))
	})
	r.GET("/", func(c *gin.Context) { c.Redirect(http.StatusSeeOther, "/workflows") })
	r.GET("/signin", headers, u.signinPage)
	r.POST("/signin", headers, u.signin)
	// A browser asking for a page that does not exist gets a page; anything
	// else gets the API's answer.
	r.NoRoute(func(c *gin.Context) {
		if strings.Contains(c.GetHeader("Accept"), "text/html") && !strings.HasPrefix(c.Request.URL.Path, "/api/") {
			headers(c)
			u.render(c, http.StatusNotFound, "error", map[string]any{"Title": "Not found", "Message": "There is no such page."})
			return
		}
		if cfg.NotFound != nil {
			cfg.NotFound(c)
			return
		}
		c.Status(http.StatusNotFound)
	})
	g := r.Group("/", headers, u.session)
	g.POST("/signout", u.csrf, u.signout)
	g.GET("/workflows", u.workflows)
	g.GET("/workflows/:slug", u.workflow)
	g.GET("/workflows/:slug/files/:artifact", u.file)
	g.GET("/workflows/:slug/compare", u.compare)
	g.GET("/upload", u.uploadPage)
	g.POST("/upload", u.csrf, u.upload)
	g.GET("/lint", u.lintPage)
	g.POST("/lint", u.csrf, u.lint)
	g.GET("/templates", u.templates)
	g.GET("/templates/:name", u.template)
	return nil
}

// headers are the security headers of every UI answer: no inline script,
// no framing, no sniffing.
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

// sessionValue is team id, expiry and a nonce, signed.
func (u *ui) sessionValue(team ingest.Team, now time.Time) string {
	payload := make([]byte, 8+8+16)
	binary.BigEndian.PutUint64(payload, uint64(team.ID))
	binary.BigEndian.PutUint64(payload[8:], uint64(now.Add(sessionTTL).Unix()))
	rand.Read(payload[16:])
	sig := u.mac([]byte("session"), payload)
	return base64.RawURLEncoding.EncodeToString(payload) + "." + base64.RawURLEncoding.EncodeToString(sig)
}

func (u *ui) parseSession(v string) (int64, bool) {
	p64, s64, ok := strings.Cut(v, ".")
	if !ok {
		return 0, false
	}
	payload, err1 := base64.RawURLEncoding.DecodeString(p64)
	sig, err2 := base64.RawURLEncoding.DecodeString(s64)
	if err1 != nil || err2 != nil || len(payload) != 32 || !hmac.Equal(sig, u.mac([]byte("session"), payload)) {
		return 0, false
	}
	if time.Now().Unix() > int64(binary.BigEndian.Uint64(payload[8:])) {
		return 0, false
	}
	return int64(binary.BigEndian.Uint64(payload)), true
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

// session resolves the session cookie to the team, or sends the browser
// to sign in.
func (u *ui) session(c *gin.Context) {
	ck, err := c.Cookie(sessionCookie)
	id, ok := u.parseSession(ck)
	if err != nil || !ok {
		if c.Request.Method == http.MethodGet {
			c.Redirect(http.StatusSeeOther, "/signin?next="+urlEscape(c.Request.URL.RequestURI()))
		} else {
			c.String(http.StatusUnauthorized, "sign in first")
		}
		c.Abort()
		return
	}
	c.Set("team", ingest.Team{ID: id, Name: u.teamName(c, id)})
	c.Set("session", ck)
	c.Next()
}

// teamName is carried in a second, unsigned cookie only for display.
func (u *ui) teamName(c *gin.Context, id int64) string {
	if n, err := c.Cookie("stepwise_team"); err == nil && n != "" {
		return n
	}
	return "team " + strconv.FormatInt(id, 10)
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
	team, err := u.svc.Store.TeamByToken(c.Request.Context(), ingest.HashToken(token))
	if err != nil || token == "" {
		u.log.InfoContext(c.Request.Context(), "sign-in refused")
		v := make([]byte, 16)
		rand.Read(v)
		nv := base64.RawURLEncoding.EncodeToString(v)
		u.setCookie(c, csrfCookie, nv, 3600)
		u.render(c, http.StatusUnauthorized, "signin", map[string]any{"Title": "Sign in", "SigninCSRF": nv, "Error": "That token is not valid.", "Next": safeNext(c.PostForm("next"))})
		return
	}
	u.setCookie(c, sessionCookie, u.sessionValue(team, time.Now()), int(sessionTTL.Seconds()))
	u.setCookie(c, "stepwise_team", team.Name, int(sessionTTL.Seconds()))
	u.setCookie(c, csrfCookie, "", -1)
	c.Redirect(http.StatusSeeOther, safeNext(c.PostForm("next")))
}

func (u *ui) signout(c *gin.Context) {
	u.setCookie(c, sessionCookie, "", -1)
	u.setCookie(c, "stepwise_team", "", -1)
	c.Redirect(http.StatusSeeOther, "/signin")
}

// safeNext keeps a redirect after sign-in on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.Contains(next, "\\") {
		return "/workflows"
	}
	return next
}

func urlEscape(s string) string { return template.URLQueryEscaper(s) }

func team(c *gin.Context) ingest.Team { return c.MustGet("team").(ingest.Team) }

func readLimited(r io.Reader, max int64) ([]byte, bool, error) {
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, false, err
	}
	return data, int64(len(data)) <= max, nil
}
