package web_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
)

type site struct {
	srv   *httptest.Server
	token string
}

func newSite(t testing.TB) *site { return newSiteWith(t, nil, api.Config{}) }

// newSiteWith is newSite with store options, and the API's configuration
// (its Service, UIKey and Rate are set here).
func newSiteWith(t testing.TB, opts []sqlite.Option, cfg api.Config) *site {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	token, _ := store.CreateToken(ctx, "help-desk")
	key, _ := store.Secret(ctx, "ui-session")
	svc := &ingest.Service{Store: store}
	p, _ := store.PersonByToken(ctx, ingest.HashToken(token))
	if _, err := svc.Ingest(ctx, ingest.Upload{Team: p.Team.ID, By: p, Body: ingesttest.Recording("rec-0000001", "reset", "Reset", "Told the user the ticket is closed.")}); err != nil {
		t.Fatal(err)
	}
	cfg.Service, cfg.UIKey, cfg.Rate = svc, key, -1
	srv := httptest.NewServer(api.New(cfg))
	t.Cleanup(srv.Close)
	return &site{srv: srv, token: token}
}

func client(t testing.TB) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func get(t testing.TB, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return resp, readBody(resp)
}

// readBody reads and closes an answer's body.
func readBody(resp *http.Response) string {
	defer resp.Body.Close()
	var b strings.Builder
	buf := make([]byte, 32<<10)
	for {
		n, err := resp.Body.Read(buf)
		b.Write(buf[:n])
		if err != nil {
			break
		}
	}
	return b.String()
}

func field(page, name string) string {
	i := strings.Index(page, `name="`+name+`" value="`)
	if i < 0 {
		return ""
	}
	rest := page[i+len(`name="`+name+`" value="`):]
	return rest[:strings.Index(rest, `"`)]
}

// signIn returns a client with a session for the site's team.
func (s *site) signIn(t testing.TB) *http.Client {
	t.Helper()
	c := client(t)
	_, page := get(t, c, s.srv.URL+"/signin")
	resp, err := c.PostForm(s.srv.URL+"/signin", url.Values{"csrf": {field(page, "csrf")}, "token": {s.token}, "next": {"/workflows"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/workflows" {
		t.Fatalf("sign-in answered %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	for _, ck := range resp.Cookies() {
		if ck.Name == "stepwise_session" && (!ck.HttpOnly || ck.SameSite != http.SameSiteStrictMode) {
			t.Errorf("session cookie %+v is not HttpOnly and SameSite=Strict", ck)
		}
	}
	return c
}

func TestPagesNeedASession(t *testing.T) {
	s := newSite(t)
	for _, p := range []string{"/workflows", "/workflows/reset", "/upload", "/lint", "/templates", "/workflows/reset/files/sop.pdf"} {
		resp, _ := get(t, client(t), s.srv.URL+p)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/signin?next=") {
			t.Errorf("%s without a session: %d to %q", p, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	c := s.signIn(t)
	resp, page := get(t, c, s.srv.URL+"/workflows")
	if resp.StatusCode != 200 || !strings.Contains(page, `href="/workflows/reset"`) {
		t.Errorf("workflows: %d", resp.StatusCode)
	}
	for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options", "X-Frame-Options"} {
		if resp.Header.Get(h) == "" {
			t.Errorf("no %s header", h)
		}
	}
	if csp := resp.Header.Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP = %q", csp)
	}
	// A tampered session is no session.
	u, _ := url.Parse(s.srv.URL)
	for _, ck := range c.Jar.Cookies(u) {
		if ck.Name == "stepwise_session" {
			first := "A"
			if ck.Value[0] == 'A' {
				first = "B"
			}
			c.Jar.SetCookies(u, []*http.Cookie{{Name: "stepwise_session", Value: first + ck.Value[1:], Path: "/"}})
		}
	}
	if resp, _ := get(t, c, s.srv.URL+"/workflows"); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("a tampered session was accepted: %d", resp.StatusCode)
	}
}

func TestFormsNeedTheirCSRFToken(t *testing.T) {
	s := newSite(t)
	c := s.signIn(t)
	for _, p := range []string{"/signout", "/lint", "/upload"} {
		resp, err := c.PostForm(s.srv.URL+p, url.Values{"csrf": {"forged"}, "source": {"# x"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s with a forged token: %d", p, resp.StatusCode)
		}
	}
	// Signing in needs the token of the sign-in page, too.
	resp, err := client(t).PostForm(s.srv.URL+"/signin", url.Values{"csrf": {"x"}, "token": {s.token}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("sign-in without the page's token: %d", resp.StatusCode)
	}
}

func TestSignInRefusesABadTokenAndStaysOnSite(t *testing.T) {
	s := newSite(t)
	c := client(t)
	_, page := get(t, c, s.srv.URL+"/signin")
	resp, err := c.PostForm(s.srv.URL+"/signin", url.Values{"csrf": {field(page, "csrf")}, "token": {"sw_wrong"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a wrong token: %d", resp.StatusCode)
	}
	_, page = get(t, c, s.srv.URL+"/signin")
	resp, err = c.PostForm(s.srv.URL+"/signin", url.Values{"csrf": {field(page, "csrf")}, "token": {s.token}, "next": {"//evil.example/"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if loc := resp.Header.Get("Location"); loc != "/workflows" {
		t.Errorf("next=//evil.example/ redirected to %q", loc)
	}
}

func postMultipart(t *testing.T, c *http.Client, u string, fields map[string]string, fileField, fileName string, file []byte) (*http.Response, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	if fileField != "" {
		fw, _ := w.CreateFormFile(fileField, fileName)
		fw.Write(file)
	}
	w.Close()
	resp, err := c.Post(u, w.FormDataContentType(), &b)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func TestUploadRedlineAndSARIF(t *testing.T) {
	s := newSite(t)
	c := s.signIn(t)
	_, page := get(t, c, s.srv.URL+"/upload")
	csrf := field(page, "csrf")

	// A second version of "reset", then the redline between them.
	resp, _ := postMultipart(t, c, s.srv.URL+"/upload", map[string]string{"csrf": csrf}, "recording", "r.json", ingesttest.Recording("rec-0000002", "reset", "Reset", "Confirmed the user can sign in."))
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/workflows/reset?version=2" {
		t.Fatalf("upload: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page = get(t, c, s.srv.URL+"/workflows/reset/compare?from=1&to=2")
	if !strings.Contains(page, "<del>") || !strings.Contains(page, "<ins>") || !strings.Contains(page, "Confirm the user can sign in.") {
		t.Errorf("redline page lacks the change:\n%s", page)
	}

	// A Chrome Recorder export needs a workflow name; with one it is stored.
	chrome, err := os.ReadFile("../chromerecorder/testdata/recorder-demo__order-a-coffee.json")
	if err != nil {
		t.Fatal(err)
	}
	resp, page = postMultipart(t, c, s.srv.URL+"/upload", map[string]string{"csrf": csrf}, "recording", "c.json", chrome)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "needs a workflow name") {
		t.Errorf("a Chrome export without a name: %d", resp.StatusCode)
	}
	resp, _ = postMultipart(t, c, s.srv.URL+"/upload", map[string]string{"csrf": csrf, "workflow": "coffee"}, "recording", "c.json", chrome)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/workflows/coffee") {
		t.Errorf("a Chrome export: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	// The lint page reports, and gives SARIF to download.
	_, page = get(t, c, s.srv.URL+"/lint")
	csrf = field(page, "csrf")
	sop := "# Reset\n\n## Procedure\n\n1. Reset the password as appropriate.\n"
	resp, page = postMultipart(t, c, s.srv.URL+"/lint", map[string]string{"csrf": csrf, "kind": "md", "source": sop}, "", "", nil)
	if resp.StatusCode != 200 || !strings.Contains(page, "step-vague") {
		t.Errorf("lint page: %d", resp.StatusCode)
	}
	resp, page = postMultipart(t, c, s.srv.URL+"/lint", map[string]string{"csrf": csrf, "kind": "md", "source": sop, "format": "sarif"}, "", "", nil)
	if !strings.Contains(resp.Header.Get("Content-Disposition"), "stepwise.sarif") || !strings.Contains(page, `"version": "2.1.0"`) {
		t.Errorf("SARIF download: %q %.100s", resp.Header.Get("Content-Disposition"), page)
	}
	resp, page = postMultipart(t, c, s.srv.URL+"/lint", map[string]string{"csrf": csrf, "kind": "yaml", "source": "purpse: x\n"}, "", "", nil)
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "line 1: field purpse not found") {
		t.Errorf("a bad template: %d", resp.StatusCode)
	}
	// Templates can be read and downloaded.
	resp, page = get(t, c, s.srv.URL+"/templates/password-reset?download=1")
	if !strings.Contains(resp.Header.Get("Content-Disposition"), "password-reset.yaml") || !strings.HasPrefix(page, "# yaml-language-server") {
		t.Errorf("template download: %q", resp.Header.Get("Content-Disposition"))
	}
	if resp, _ := get(t, c, s.srv.URL+"/templates/nope"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown template: %d", resp.StatusCode)
	}
}

func TestUnknownPagesAnswerInKind(t *testing.T) {
	s := newSite(t)
	req, _ := http.NewRequest("GET", s.srv.URL+"/no/such/page", nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Errorf("a browser's unknown page: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	resp, err = http.Get(s.srv.URL + "/api/v1/nothing")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotFound || resp.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("an unknown API route: %d %q", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func TestTheWorkflowPageCountsWhatWasScrubbedInWords(t *testing.T) {
	s := newSite(t)
	c := s.signIn(t)
	_, page := get(t, c, s.srv.URL+"/upload")
	rec := strings.Replace(string(ingesttest.Recording("rec-0000009", "scrubbed", "Scrubbed", "Mailed ann@example.com")),
		`https://desk.example.com/incidents`, `https://desk.example.com/incidents?q=SECRETQUERY#frag`, 1)
	resp, _ := postMultipart(t, c, s.srv.URL+"/upload", map[string]string{"csrf": field(page, "csrf")}, "recording", "r.json", []byte(rec))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	_, page = get(t, c, s.srv.URL+"/workflows/scrubbed")
	i := strings.Index(page, `id="redactions"`)
	if i < 0 {
		t.Fatal("the workflow page has no redaction line")
	}
	line := page[i:]
	line = line[:strings.Index(line, "</p>")]
	for _, want := range []string{"1 email address,", "0 phone numbers", "2 URL parts dropped"} {
		if !strings.Contains(line, want) {
			t.Errorf("redaction line %q lacks %q", line, want)
		}
	}
	if strings.Contains(page, "SECRETQUERY") || strings.Contains(page, "(s)") {
		t.Errorf("the page shows the query or a count written as (s)")
	}
}

func TestTheWorkflowPageCountsRecordIdentifiers(t *testing.T) {
	const sid, guid = "S-1-5-21-1004336348-1177238915-682003330-512", "0f8fad5b-d9cb-469f-a165-70867728950e"
	s := newSite(t)
	c := s.signIn(t)
	_, page := get(t, c, s.srv.URL+"/upload")
	rec := ingesttest.Recording("rec-0000010", "ids", "Ids", "Reset the account "+sid+", object "+guid)
	resp, _ := postMultipart(t, c, s.srv.URL+"/upload", map[string]string{"csrf": field(page, "csrf")}, "recording", "r.json", rec)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("upload: %d", resp.StatusCode)
	}
	_, page = get(t, c, s.srv.URL+"/workflows/ids")
	i := strings.Index(page, `id="redactions"`)
	if i < 0 {
		t.Fatal("the workflow page has no redaction line")
	}
	line := page[i:]
	line = line[:strings.Index(line, "</p>")]
	if want := "2 record identifiers,"; !strings.Contains(line, want) {
		t.Errorf("redaction line %q lacks %q", line, want)
	}
	if strings.Contains(page, sid) || strings.Contains(page, guid) {
		t.Errorf("the page shows a record identifier")
	}
}

func TestUploadOnAFullDiskIs507AndStoresNothing(t *testing.T) {
	s := newSiteWith(t, []sqlite.Option{sqlite.MaxPages(64)}, api.Config{})
	srv := s.srv
	c := s.signIn(t)
	_, page := get(t, c, srv.URL+"/upload")
	var steps []string
	for i := range 200 {
		steps = append(steps, fmt.Sprintf(`{"t": %d, "action": "note", "text": "%s"}`, i, strings.Repeat("n", 1500)))
	}
	big := `{"schema": "stepwise/recording@1", "id": "rec-big00001", "workflow": "big", "recorded_at": "2026-11-02T09:30:00Z",
		"recorder": {"name": "r", "version": "1"}, "steps": [` + strings.Join(steps, ",") + `]}`
	resp, body := postMultipart(t, c, srv.URL+"/upload", map[string]string{"csrf": field(page, "csrf")}, "recording", "big.json", []byte(big))
	if resp.StatusCode != http.StatusInsufficientStorage || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("status = %d, Retry-After %q, want 507 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if !strings.Contains(body, "storage is full") {
		t.Errorf("the page does not say the storage is full")
	}
	if resp, _ := get(t, c, srv.URL+"/workflows/big"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("GET of the refused workflow = %d, want 404", resp.StatusCode)
	}
}

func TestTheLintPageAndDownloadsKeepToTheServersBudgets(t *testing.T) {
	// A budget spent before the work starts: every lint and render runs out.
	s := newSiteWith(t, nil, api.Config{LintBudget: time.Nanosecond, RenderBudget: time.Nanosecond})
	srv := s.srv
	c := s.signIn(t)
	_, page := get(t, c, srv.URL+"/lint")
	resp, _ := postMultipart(t, c, srv.URL+"/lint", map[string]string{"csrf": field(page, "csrf"), "kind": "md", "source": "# Reset\n\n## Procedure\n\n1. Reset the password.\n"}, "", "", nil)
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("lint over budget: status %d, Retry-After %q; want 503 with Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	resp, _ = get(t, c, srv.URL+"/workflows/reset/files/sop.pdf")
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("render over budget: status %d, want 503", resp.StatusCode)
	}
}
