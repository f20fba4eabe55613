package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
)

// TestEveryProblemHasAKindClientsCanBranchOn provokes each problem the API
// answers and checks it as RFC 9457 has it: a problem of a kind has that
// kind's type URI and title; about:blank is titled by the status phrase
// and has no extension member.
func TestEveryProblemHasAKindClientsCanBranchOn(t *testing.T) {
	e := newEnv(t, api.Config{MaxBody: 4096, MetricsToken: "metrics-secret"})
	body := ingesttest.Recording("rec-0000001", "reset", "Password reset", "Done.")
	mustStatus(t, e.upload(t, e.teamA, body), http.StatusCreated)
	cases := []struct {
		name string
		rec  *httptest.ResponseRecorder
		kind *api.Kind // nil: about:blank
		code int
	}{
		{"an invalid recording", e.upload(t, e.teamA, []byte(`{"schema":"stepwise/recording@1","screenshot":"x"}`)), &api.InvalidRecording, 0},
		{"an unreadable SOP", e.do(t, "POST", "/api/v1/lint", e.teamA, "application/yaml", []byte("procedure: [\n")), &api.InvalidSOP, 0},
		{"the same id with another body", e.upload(t, e.teamA, ingesttest.Recording("rec-0000001", "reset", "Password reset", "Other.")), &api.RecordingConflict, 0},
		{"no token", e.do(t, "GET", "/api/v1/workflows", "", "", nil), &api.Unauthorized, 0},
		{"a wrong metrics token", e.do(t, "GET", "/metrics", "wrong", "", nil), &api.Unauthorized, 0},
		{"a body over the limit", e.upload(t, e.teamA, bytes.Repeat([]byte(" "), 5000)), &api.BodyTooLarge, 0},
		{"text/plain", e.do(t, "POST", "/api/v1/lint", e.teamA, "text/plain", []byte("x")), &api.UnsupportedMediaType, 0},
		{"a bad version", e.do(t, "GET", "/api/v1/workflows/reset/sop.md?version=x", e.teamA, "", nil), &api.BadRequest, 0},
		{"an unknown workflow", e.do(t, "GET", "/api/v1/workflows/nope", e.teamA, "", nil), nil, http.StatusNotFound},
		{"an unknown route", e.do(t, "GET", "/api/v2/nothing", e.teamA, "", nil), nil, http.StatusNotFound},
		{"a method the route lacks", e.do(t, "DELETE", "/api/v1/recordings", e.teamA, "", nil), nil, http.StatusMethodNotAllowed},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if ct := c.rec.Header().Get("Content-Type"); ct != "application/problem+json" {
				t.Fatalf("Content-Type = %q; body %s", ct, c.rec.Body.String())
			}
			var p map[string]any
			if err := json.Unmarshal(c.rec.Body.Bytes(), &p); err != nil {
				t.Fatal(err)
			}
			checkProblem(t, p, c.rec.Code)
			if c.kind != nil {
				if p["type"] != c.kind.Type() || c.rec.Code != c.kind.Status {
					t.Errorf("type %v, status %d; want %s, %d", p["type"], c.rec.Code, c.kind.Type(), c.kind.Status)
				}
			} else if p["type"] != "about:blank" || c.rec.Code != c.code {
				t.Errorf("type %v, status %d; want about:blank, %d", p["type"], c.rec.Code, c.code)
			}
		})
	}
}

// checkProblem holds for every problem: a known type, the status of the
// answer, and under about:blank the status phrase and nothing but the
// standard members.
func checkProblem(tb testing.TB, p map[string]any, status int) {
	tb.Helper()
	if p["status"] != float64(status) {
		tb.Errorf("status member %v, answer %d", p["status"], status)
	}
	typ, _ := p["type"].(string)
	if typ == "about:blank" {
		if p["title"] != http.StatusText(status) {
			tb.Errorf("about:blank titled %q, want the status phrase %q", p["title"], http.StatusText(status))
		}
		for k := range p {
			switch k {
			case "type", "title", "status", "detail", "instance":
			default:
				tb.Errorf("about:blank carries the extension member %q", k)
			}
		}
		return
	}
	for _, k := range api.Kinds {
		if typ == k.Type() {
			if p["title"] != k.Title || status != k.Status {
				tb.Errorf("%s: title %q, status %d; want %q, %d", k.Name, p["title"], status, k.Title, k.Status)
			}
			return
		}
	}
	tb.Errorf("type %q is no documented problem kind", typ)
}

// TestProblemKindsAreDocumented keeps docs/server.md and the OpenAPI
// document in step with the kinds: each has its section (the type URI's
// fragment) and is named in the OpenAPI Problem schema.
func TestProblemKindsAreDocumented(t *testing.T) {
	docs, err := os.ReadFile("../../docs/server.md")
	if err != nil {
		t.Fatal(err)
	}
	spec, err := os.ReadFile("openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(api.ProblemTypeBase, "https://github.com/stepwise-sop/stepwise/blob/main/docs/server.md#") {
		t.Errorf("ProblemTypeBase %s is not docs/server.md", api.ProblemTypeBase)
	}
	seen := map[string]bool{}
	for _, k := range api.Kinds {
		if seen[k.Name] {
			t.Errorf("two kinds named %s", k.Name)
		}
		seen[k.Name] = true
		if !regexp.MustCompile("(?m)^#### `" + regexp.QuoteMeta(k.Name) + "`$").Match(docs) {
			t.Errorf("docs/server.md has no heading #### `%s` for %s", k.Name, k.Type())
		}
		if !bytes.Contains(spec, []byte(k.Type())) {
			t.Errorf("openapi.yaml does not name %s", k.Type())
		}
	}
}
