package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gin-gonic/gin"
	"go.yaml.in/yaml/v3"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/postgres"
	"github.com/stepwise-sop/stepwise/recorder-ingest/postgres/pgtest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
)

// testStore is what the tests use of a store, SQLite's or PostgreSQL's.
type testStore interface {
	ingest.Store
	CreateToken(ctx context.Context, team string) (string, error)
	CreatePersonToken(ctx context.Context, team, name string, role ingest.Role) (ingest.Issued, error)
	Ping(ctx context.Context) error
	Close() error
}

type env struct {
	h       http.Handler
	store   testStore
	dir     string // the SQLite database's folder
	pgURL   string // the PostgreSQL database's URL, when the store is PostgreSQL
	teamA   string // tokens
	teamB   string
	log     *ingesttest.SyncBuffer
	maxBody int64
}

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// newEnv is an API on a new SQLite database, with a token for each of
// two teams.
func newEnv(tb testing.TB, cfg api.Config) *env { return newEnvOn(tb, "sqlite", cfg) }

// envMaker makes an env on one kind of store.
type envMaker func(tb testing.TB, cfg api.Config) *env

// onEachStore runs test on SQLite and on PostgreSQL.
func onEachStore(t *testing.T, test func(t *testing.T, newEnv envMaker)) {
	for _, kind := range []string{"sqlite", "postgres"} {
		t.Run(kind, func(t *testing.T) {
			test(t, func(tb testing.TB, cfg api.Config) *env { return newEnvOn(tb, kind, cfg) })
		})
	}
}

func newEnvOn(tb testing.TB, kind string, cfg api.Config) *env {
	tb.Helper()
	e := &env{dir: tb.TempDir(), log: &ingesttest.SyncBuffer{}}
	var err error
	if kind == "postgres" {
		t, ok := tb.(*testing.T)
		if !ok {
			tb.Fatal("PostgreSQL envs are for tests")
		}
		e.pgURL = pgtest.Database(t)
		e.store, err = postgres.Open(context.Background(), e.pgURL)
	} else {
		e.store, err = sqlite.Open(context.Background(), filepath.Join(e.dir, "stepwise.db"))
	}
	if err != nil {
		tb.Fatal(err)
	}
	store := e.store
	tb.Cleanup(func() { store.Close() })
	if e.teamA, err = store.CreateToken(context.Background(), "team-a"); err != nil {
		tb.Fatal(err)
	}
	if e.teamB, err = store.CreateToken(context.Background(), "team-b"); err != nil {
		tb.Fatal(err)
	}
	cfg.Service = &ingest.Service{Store: store}
	cfg.Ready = store.Ping
	cfg.Log = slog.New(slog.NewJSONHandler(e.log, nil))
	if cfg.Rate == 0 {
		cfg.Rate = -1
	}
	e.h = api.New(cfg)
	return e
}

func (e *env) do(tb testing.TB, method, path, token, ctype string, body []byte, hdr ...string) *httptest.ResponseRecorder {
	tb.Helper()
	req := httptest.NewRequest(method, path, bytes.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec
}

func (e *env) upload(tb testing.TB, token string, body []byte) *httptest.ResponseRecorder {
	tb.Helper()
	return e.do(tb, "POST", "/api/v1/recordings", token, "application/json", body)
}

func mustStatus(tb testing.TB, rec *httptest.ResponseRecorder, want int) {
	tb.Helper()
	if rec.Code != want {
		tb.Fatalf("status = %d, want %d; body: %s", rec.Code, want, rec.Body.String())
	}
}

func TestUploadAnswers(t *testing.T) {
	onEachStore(t, func(t *testing.T, newEnv envMaker) {
		e := newEnv(t, api.Config{})
		body := ingesttest.Recording("rec-0000001", "reset", "Password reset", "Done.")

		rec := e.upload(t, e.teamA, body)
		mustStatus(t, rec, http.StatusCreated)
		var got map[string]any
		if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil || got["id"] != "rec-0000001" || got["workflow"] != "reset" || got["version"] != 1.0 {
			t.Errorf("201 body = %s", rec.Body.String())
		}
		if loc := rec.Header().Get("Location"); loc != "/api/v1/recordings/rec-0000001" {
			t.Errorf("Location = %q", loc)
		}
		again := e.upload(t, e.teamA, body)
		mustStatus(t, again, http.StatusOK)
		if again.Body.String() != rec.Body.String() {
			t.Errorf("a retry answered %s, want the same answer %s", again.Body.String(), rec.Body.String())
		}
		mustStatus(t, e.upload(t, e.teamA, ingesttest.Recording("rec-0000001", "reset", "Password reset", "Other.")), http.StatusConflict)
		// Another team may use the same id: ids are scoped by team.
		mustStatus(t, e.upload(t, e.teamB, body), http.StatusCreated)
		// A new recording of the same workflow is its next version.
		v2 := e.upload(t, e.teamA, ingesttest.Recording("rec-0000002", "reset", "Password reset", "Again."))
		mustStatus(t, v2, http.StatusCreated)
		if !strings.Contains(v2.Body.String(), `"version":2`) {
			t.Errorf("second version answered %s", v2.Body.String())
		}
	})
}

func TestUploadRefusals(t *testing.T) {
	e := newEnv(t, api.Config{MaxBody: 4096})
	body := ingesttest.Recording("rec-0000001", "reset", "Password reset", "Done.")
	cases := []struct {
		name   string
		rec    *httptest.ResponseRecorder
		status int
	}{
		{"no token", e.do(t, "POST", "/api/v1/recordings", "", "application/json", body), 401},
		{"an unknown token", e.do(t, "POST", "/api/v1/recordings", "sw_nope", "application/json", body), 401},
		{"a malformed Authorization header", e.do(t, "POST", "/api/v1/recordings", "", "application/json", body, "Authorization", "Basic dXNlcg=="), 401},
		{"text/plain", e.do(t, "POST", "/api/v1/recordings", e.teamA, "text/plain", body), 415},
		{"no content type", e.do(t, "POST", "/api/v1/recordings", e.teamA, "", body), 415},
		{"a body over the limit", e.upload(t, e.teamA, bytes.Repeat([]byte(" "), 5000)), 413},
		{"an unknown format", e.do(t, "POST", "/api/v1/recordings?format=har", e.teamA, "application/json", body), 400},
		{"a Chrome export without a workflow", e.do(t, "POST", "/api/v1/recordings?format=chrome-recorder", e.teamA, "application/json", []byte(`{"title":"x","steps":[]}`)), 400},
		{"GET on the upload route", e.do(t, "PUT", "/api/v1/recordings", e.teamA, "application/json", body), 405},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mustStatus(t, c.rec, c.status)
			if ct := c.rec.Header().Get("Content-Type"); ct != "application/problem+json" {
				t.Errorf("Content-Type = %q", ct)
			}
			var p map[string]any
			if err := json.Unmarshal(c.rec.Body.Bytes(), &p); err != nil || p["status"] != float64(c.status) || p["title"] == "" {
				t.Errorf("problem = %s", c.rec.Body.String())
			}
		})
	}
}

func TestRateLimitAnswers429WithRetryAfter(t *testing.T) {
	e := newEnv(t, api.Config{Rate: 1})
	codes := map[int]int{}
	var last *httptest.ResponseRecorder
	for i := 0; i < 5; i++ {
		last = e.do(t, "GET", "/api/v1/workflows", e.teamA, "", nil)
		codes[last.Code]++
	}
	if codes[200] != 2 || codes[429] != 3 {
		t.Fatalf("codes = %v, want a burst of 2 then 429s", codes)
	}
	if last.Header().Get("Retry-After") != "1" {
		t.Errorf("Retry-After = %q", last.Header().Get("Retry-After"))
	}
	// The limit is per token: another team is not slowed.
	mustStatus(t, e.do(t, "GET", "/api/v1/workflows", e.teamB, "", nil), 200)
}

func TestChromeRecorderExportIsImported(t *testing.T) {
	onEachStore(t, func(t *testing.T, newEnv envMaker) {
		e := newEnv(t, api.Config{})
		data, err := os.ReadFile("../chromerecorder/testdata/recorder-demo__order-a-coffee.json")
		if err != nil {
			t.Fatal(err)
		}
		rec := e.do(t, "POST", "/api/v1/recordings?format=chrome-recorder&workflow=coffee", e.teamA, "application/json", data)
		mustStatus(t, rec, 201)
		mustStatus(t, e.do(t, "POST", "/api/v1/recordings?format=chrome-recorder&workflow=coffee", e.teamA, "application/json", data), 200)
		md := e.do(t, "GET", "/api/v1/workflows/coffee/sop.md", e.teamA, "", nil)
		mustStatus(t, md, 200)
		if !strings.Contains(md.Body.String(), "Proceed to checkout") {
			t.Errorf("sop.md of the import lacks its steps")
		}
	})
}

func TestReadRoutes(t *testing.T) {
	onEachStore(t, func(t *testing.T, newEnv envMaker) {
		e := newEnv(t, api.Config{})
		mustStatus(t, e.upload(t, e.teamA, ingesttest.Recording("rec-0000001", "reset", "Password reset", "Done.")), 201)
		mustStatus(t, e.upload(t, e.teamA, ingesttest.Recording("rec-0000002", "reset", "Password reset", "Confirmed the user can sign in.")), 201)

		rec := e.do(t, "GET", "/api/v1/recordings/rec-0000001", e.teamA, "", nil)
		mustStatus(t, rec, 200)
		if !strings.Contains(rec.Body.String(), `"schema":"stepwise/recording@1"`) {
			t.Errorf("recording = %s", rec.Body.String())
		}
		mustStatus(t, e.do(t, "GET", "/api/v1/recordings/rec-9999999", e.teamA, "", nil), 404)

		list := e.do(t, "GET", "/api/v1/workflows", e.teamA, "", nil)
		mustStatus(t, list, 200)
		if !strings.Contains(list.Body.String(), `"slug":"reset"`) || !strings.Contains(list.Body.String(), `"latest_version":2`) {
			t.Errorf("workflows = %s", list.Body.String())
		}
		wf := e.do(t, "GET", "/api/v1/workflows/reset", e.teamA, "", nil)
		mustStatus(t, wf, 200)
		if !strings.Contains(wf.Body.String(), `"versions":[{"version":1`) {
			t.Errorf("workflow = %s", wf.Body.String())
		}
		mustStatus(t, e.do(t, "GET", "/api/v1/workflows/nope", e.teamA, "", nil), 404)

		for name, ctype := range ingest.ContentTypes {
			for _, q := range []string{"", "?version=1"} {
				r := e.do(t, "GET", "/api/v1/workflows/reset/"+name+q, e.teamA, "", nil)
				mustStatus(t, r, 200)
				if r.Header().Get("Content-Type") != ctype || r.Body.Len() == 0 {
					t.Errorf("%s%s: %q, %d bytes", name, q, r.Header().Get("Content-Type"), r.Body.Len())
				}
			}
		}
		v1 := e.do(t, "GET", "/api/v1/workflows/reset/sop.md?version=1", e.teamA, "", nil)
		v2 := e.do(t, "GET", "/api/v1/workflows/reset/sop.md", e.teamA, "", nil)
		if !strings.Contains(v1.Body.String(), "| Version | 1 |") || !strings.Contains(v2.Body.String(), "| Version | 2 |") {
			t.Errorf("?version does not select the version")
		}
		etag := v2.Header().Get("ETag")
		mustStatus(t, e.do(t, "GET", "/api/v1/workflows/reset/sop.md", e.teamA, "", nil, "If-None-Match", etag), 304)
		mustStatus(t, e.do(t, "GET", "/api/v1/workflows/reset/sop.md?version=9", e.teamA, "", nil), 404)
		mustStatus(t, e.do(t, "GET", "/api/v1/workflows/reset/sop.md?version=x", e.teamA, "", nil), 400)
		mustStatus(t, e.do(t, "GET", "/api/v1/workflows/reset/secrets.txt", e.teamA, "", nil), 404)

		d := e.do(t, "GET", "/api/v1/workflows/reset/diff?from=1&to=2", e.teamA, "", nil)
		mustStatus(t, d, 200)
		var diff ingest.Diff
		if err := json.Unmarshal(d.Body.Bytes(), &diff); err != nil {
			t.Fatal(err)
		}
		if diff.Summary.Changed+diff.Summary.Added+diff.Summary.Removed == 0 || diff.Summary.Unchanged == 0 {
			t.Errorf("diff = %+v", diff.Summary)
		}
		md := e.do(t, "GET", "/api/v1/workflows/reset/diff?from=1&to=2&format=md", e.teamA, "", nil)
		mustStatus(t, md, 200)
		if !strings.HasPrefix(md.Body.String(), "# reset: version 1 → 2") {
			t.Errorf("diff markdown = %s", md.Body.String())
		}
		mustStatus(t, e.do(t, "GET", "/api/v1/workflows/reset/diff?from=1", e.teamA, "", nil), 400)
		mustStatus(t, e.do(t, "GET", "/api/v1/workflows/reset/diff?from=1&to=7", e.teamA, "", nil), 404)
	})
}

// TestArtifactsRenderOnceUnderConcurrentDownloads downloads every artifact
// of two workflows from many goroutines at once (run with -race) and
// checks each was rendered once.
func TestArtifactsRenderOnceUnderConcurrentDownloads(t *testing.T) {
	e := newEnv(t, api.Config{MetricsToken: metricsToken})
	for _, wf := range []string{"one", "two"} {
		mustStatus(t, e.upload(t, e.teamA, ingesttest.Recording("rec-"+wf+"00001", wf, "Reset "+wf, "Done.")), 201)
	}
	var wg sync.WaitGroup
	bodies := sync.Map{}
	for round := 0; round < 3; round++ {
		for _, wf := range []string{"one", "two"} {
			for name := range ingest.ContentTypes {
				wg.Add(1)
				go func() {
					defer wg.Done()
					r := e.do(t, "GET", "/api/v1/workflows/"+wf+"/"+name, e.teamA, "", nil)
					if r.Code != 200 {
						t.Errorf("%s/%s: %d", wf, name, r.Code)
						return
					}
					if prev, loaded := bodies.LoadOrStore(wf+"/"+name, r.Body.String()); loaded && prev != r.Body.String() {
						t.Errorf("%s/%s differs between downloads", wf, name)
					}
				}()
			}
		}
	}
	wg.Wait()
	m := e.do(t, "GET", "/metrics", metricsToken, "", nil)
	for name := range ingest.ContentTypes {
		if want := fmt.Sprintf("stepwise_artifact_render_duration_seconds_count{artifact=%q} 2", name); !strings.Contains(m.Body.String(), want) {
			t.Errorf("metrics lack %q", want)
		}
	}
}

// TestTeamsAreIsolated tries every route that names an object with the
// token of a team that does not own it.
func TestTeamsAreIsolated(t *testing.T) {
	onEachStore(t, func(t *testing.T, newEnv envMaker) {
		e := newEnv(t, api.Config{})
		mustStatus(t, e.upload(t, e.teamA, ingesttest.Recording("rec-0000001", "reset", "Password reset", "Done.")), 201)
		mustStatus(t, e.upload(t, e.teamA, ingesttest.Recording("rec-0000002", "reset", "Password reset", "Again.")), 201)
		paths := []string{
			"/api/v1/recordings/rec-0000001",
			"/api/v1/workflows/reset",
			"/api/v1/workflows/reset/diff?from=1&to=2",
		}
		for name := range ingest.ContentTypes {
			paths = append(paths, "/api/v1/workflows/reset/"+name, "/api/v1/workflows/reset/"+name+"?version=1")
		}
		for _, p := range paths {
			if r := e.do(t, "GET", p, e.teamB, "", nil); r.Code != 404 {
				t.Errorf("team B got %d on %s", r.Code, p)
			}
			if r := e.do(t, "GET", p, e.teamA, "", nil); r.Code != 200 {
				t.Errorf("team A got %d on %s", r.Code, p)
			}
		}
		list := e.do(t, "GET", "/api/v1/workflows", e.teamB, "", nil)
		if strings.TrimSpace(list.Body.String()) != `{"workflows":[]}` {
			t.Errorf("team B lists %s", list.Body.String())
		}
	})
}

func TestLintRoute(t *testing.T) {
	e := newEnv(t, api.Config{})
	sop := "# Reset\n\n## Procedure\n\n1. Reset the password as appropriate.\n"
	r := e.do(t, "POST", "/api/v1/lint?name=reset.md", e.teamA, "text/markdown", []byte(sop))
	mustStatus(t, r, 200)
	var rep struct {
		Findings []struct {
			Rule     string `json:"rule"`
			Location struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"location"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(r.Body.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range rep.Findings {
		found = found || f.Rule == "step-vague" && f.Location.File == "reset.md" && f.Location.Line == 5
	}
	if !found {
		t.Errorf("findings = %s", r.Body.String())
	}
	bad := e.do(t, "POST", "/api/v1/lint", e.teamA, "application/yaml", []byte("purpse: x\n"))
	mustStatus(t, bad, 422)
	if !strings.Contains(bad.Body.String(), `"line":1`) {
		t.Errorf("422 = %s", bad.Body.String())
	}
	mustStatus(t, e.do(t, "POST", "/api/v1/lint", e.teamA, "text/csv", []byte("a,b")), 415)
	mustStatus(t, e.do(t, "POST", "/api/v1/lint", "", "text/markdown", []byte(sop)), 401)
}

func TestOperationsRoutes(t *testing.T) {
	e := newEnv(t, api.Config{MetricsToken: metricsToken})
	mustStatus(t, e.do(t, "GET", "/healthz", "", "", nil), 200)
	mustStatus(t, e.do(t, "GET", "/readyz", "", "", nil), 200)
	mustStatus(t, e.upload(t, e.teamA, ingesttest.Recording("rec-0000001", "reset", "Password reset", "Done.")), 201)
	mustStatus(t, e.upload(t, e.teamA, []byte(`{"schema":"nope"}`)), 422)
	mustStatus(t, e.do(t, "GET", "/api/v1/workflows/reset/sop.md", e.teamA, "", nil), 200)
	m := e.do(t, "GET", "/metrics", metricsToken, "", nil)
	mustStatus(t, m, 200)
	for _, want := range []string{
		"stepwise_recordings_ingested_total 1",
		`stepwise_recordings_rejected_total{reason="invalid"} 1`,
		`stepwise_http_requests_total{method="POST",route="/api/v1/recordings",status="201"} 1`,
		`stepwise_http_request_duration_seconds_bucket{method="GET",route="/api/v1/workflows/:slug/:artifact"`,
		`stepwise_artifact_render_duration_seconds_count{artifact="sop.md"} 1`,
	} {
		if !strings.Contains(m.Body.String(), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	mustStatus(t, e.do(t, "GET", "/api/openapi.yaml", "", "", nil), 200)
	mustStatus(t, e.do(t, "GET", "/nowhere", "", "", nil), 404)
}

// TestOpenAPIDescribesEveryRoute keeps /api/openapi.yaml true: every route
// of the engine is documented with its method, and nothing else is.
func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	e := newEnv(t, api.Config{MetricsToken: metricsToken})
	r := e.do(t, "GET", "/api/openapi.yaml", "", "", nil)
	var doc struct {
		OpenAPI string                               `yaml:"openapi"`
		Paths   map[string]map[string]map[string]any `yaml:"paths"`
	}
	if err := yaml.Unmarshal(r.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q", doc.OpenAPI)
	}
	routes := map[string]bool{}
	for _, rt := range e.h.(*gin.Engine).Routes() {
		path := rt.Path
		if !strings.HasPrefix(path, "/api/") && path != "/healthz" && path != "/readyz" && path != "/metrics" {
			continue // the web UI's pages are not the API
		}
		if rt.Method == http.MethodHead {
			continue // every GET answers HEAD: TestEveryGETRouteAnswersHEAD
		}
		for _, seg := range strings.Split(path, "/") {
			if strings.HasPrefix(seg, ":") {
				path = strings.Replace(path, seg, "{"+seg[1:]+"}", 1)
			}
		}
		key := strings.ToLower(rt.Method) + " " + path
		routes[key] = true
		op, ok := doc.Paths[path][strings.ToLower(rt.Method)]
		if !ok {
			t.Errorf("%s is not in the OpenAPI document", key)
			continue
		}
		if _, ok := op["responses"]; !ok {
			t.Errorf("%s documents no responses", key)
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if !routes[method+" "+path] {
				t.Errorf("the OpenAPI document has %s %s, which is not a route", method, path)
			}
		}
	}
}

// TestPlantedSecretsGoNowhere uploads personal data in the title and a
// note and looks for it in the database files, the logs, every answer and
// every artifact.
func TestPlantedSecretsGoNowhere(t *testing.T) {
	onEachStore(t, func(t *testing.T, newEnv envMaker) {
		e := newEnv(t, api.Config{})
		secrets := []string{"jane.doe@example.com", "+44 7700 900123", "4111 1111 1111 1111"}
		body := ingesttest.Recording("rec-secret1", "reset", "Reset for "+secrets[0], "Called "+secrets[1]+", card "+secrets[2]+".")
		mustStatus(t, e.upload(t, e.teamA, body), 201)

		var seen bytes.Buffer
		for _, p := range []string{"/api/v1/recordings/rec-secret1", "/api/v1/workflows", "/api/v1/workflows/reset"} {
			r := e.do(t, "GET", p, e.teamA, "", nil)
			mustStatus(t, r, 200)
			seen.Write(r.Body.Bytes())
		}
		if !strings.Contains(seen.String(), `"email":1`) {
			t.Errorf("the redaction summary is missing: %s", seen.String())
		}
		if text := e.readArtifacts(t, "reset", &seen); !bytes.Contains(text, []byte("Purpose")) {
			t.Fatalf("pdftotext found no text in sop.pdf")
		}
		before := seen.Len()
		e.readStoreAndLog(t, &seen)
		// The search covers what is stored: the scrubbed recording is there.
		if stored := seen.Bytes()[before:]; !bytes.Contains(stored, []byte("rec-secret1")) || !bytes.Contains(stored, []byte("[email]")) {
			t.Fatalf("the store's contents read back hold no recording")
		}
		for _, s := range secrets {
			for _, form := range []string{s, strings.ReplaceAll(s, " ", "")} {
				if bytes.Contains(seen.Bytes(), []byte(form)) {
					t.Errorf("%q is in the database, the logs, an answer or an artifact", form)
				}
			}
		}
		if !strings.Contains(e.log.String(), `"route":"/api/v1/recordings"`) {
			t.Errorf("requests are not logged: %s", e.log.String())
		}
	})
}

// readArtifacts writes every artifact of workflow's latest version, and
// the text of its PDF, to seen, and returns the PDF's text.
func (e *env) readArtifacts(tb testing.TB, workflow string, seen *bytes.Buffer) []byte {
	tb.Helper()
	var text []byte
	for name := range ingest.ContentTypes {
		r := e.do(tb, "GET", "/api/v1/workflows/"+workflow+"/"+name, e.teamA, "", nil)
		mustStatus(tb, r, 200)
		seen.Write(r.Body.Bytes())
		if name == "sop.pdf" {
			text = pdfText(tb, r.Body.Bytes())
			seen.Write(text)
		}
	}
	return text
}

// readStoreAndLog closes the store and writes its files (database, WAL),
// or every row of its PostgreSQL database, and the server's log to seen.
func (e *env) readStoreAndLog(tb testing.TB, seen *bytes.Buffer) {
	tb.Helper()
	e.store.Close()
	seen.WriteString(e.log.String())
	if e.pgURL != "" {
		seen.Write(pgtest.Contents(tb, e.pgURL))
		return
	}
	files, _ := filepath.Glob(filepath.Join(e.dir, "*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		seen.Write(data)
	}
}

// pdfText extracts a PDF's text: its streams are compressed, so a search
// of its bytes would prove nothing.
func pdfText(tb testing.TB, pdf []byte) []byte {
	tb.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		tb.Fatal("pdftotext is required (Debian package poppler-utils; .ci/run installs it)")
	}
	cmd := exec.Command("pdftotext", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		tb.Fatal(err)
	}
	return out
}
