package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
)

// within fails tb when f takes longer than limit: a generous bound on
// work the limits make take milliseconds, never a timing assertion.
func within[T any](tb testing.TB, limit time.Duration, f func() T) T {
	tb.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(limit):
		tb.Fatalf("still running after %v", limit)
		panic("unreachable")
	}
}

// bigSOP is a valid Markdown SOP of n steps.
func bigSOP(n int) []byte {
	var b strings.Builder
	b.WriteString("# Reset\n\n## Purpose\n\nRestore access.\n\n## Procedure\n\n")
	for i := range n {
		fmt.Fprintf(&b, "%d. Send a one-time code to the registered mobile number and note it on the ticket %d.\n", i+1, i)
	}
	return []byte(b.String())
}

func TestLintRejectsParserBombsWith422NamingTheLine(t *testing.T) {
	e := newEnv(t, api.Config{})
	keys := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "k%d: v\n", i)
		}
		return b.String()
	}
	tests := []struct {
		name, ctype, body, want string
	}{
		{"block quotes nested 900,000 deep", "text/markdown", strings.Repeat(">", 900_000), `block quotes nested 900000 deep; at most 16`},
		{"lists nested on one line", "text/markdown", "# T\n" + strings.Repeat("- ", 400_000) + "x\n", `lists nested 400000 deep`},
		{"link destinations left open", "text/markdown", strings.Repeat("[a](", 200_000), `link destinations`},
		{"a Markdown file over the size limit", "text/markdown", strings.Repeat("a", 1_900_000), `at most 1048576`},
		{"YAML of 60,000 keys", "application/yaml", "scope:\n" + indent(keys(60_000)), `a mapping of 60000 keys; at most 256`},
		{"YAML of a billion laughs", "application/yaml", `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
`, `YAML nodes`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := within(t, 20*time.Second, func() *httptest.ResponseRecorder {
				return e.do(t, "POST", "/api/v1/lint", e.teamA, tt.ctype, []byte(tt.body))
			})
			mustStatus(t, r, http.StatusUnprocessableEntity)
			if got, want := r.Header().Get("Content-Type"), "application/problem+json"; got != want {
				t.Errorf("Content-Type = %q, want %q", got, want)
			}
			if !strings.Contains(r.Body.String(), tt.want) {
				t.Errorf("422 = %s, want it to say %q", r.Body.String(), tt.want)
			}
		})
	}
}

func indent(s string) string {
	return "  " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n  ") + "\n"
}

func TestLintOverItsBudgetAnswers503WithRetryAfter(t *testing.T) {
	e := newEnv(t, api.Config{LintBudget: time.Nanosecond})
	r := within(t, 20*time.Second, func() *httptest.ResponseRecorder {
		return e.do(t, "POST", "/api/v1/lint?name=reset.md", e.teamA, "text/markdown", bigSOP(2000))
	})
	mustStatus(t, r, http.StatusServiceUnavailable)
	if r.Header().Get("Retry-After") == "" {
		t.Error("no Retry-After on a 503")
	}
	if got, want := r.Header().Get("Content-Type"), "application/problem+json"; got != want {
		t.Errorf("Content-Type = %q, want %q", got, want)
	}
	if strings.Contains(r.Body.String(), "findings") {
		t.Errorf("503 = %s, want no findings", r.Body.String())
	}
}

// cancelAtEOF is a request body that cancels the request's context once
// it has been read to its end: a client that sent its document and went
// away while the server worked on it.
type cancelAtEOF struct {
	r      *strings.Reader
	cancel context.CancelFunc
}

func (c *cancelAtEOF) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if err != nil {
		c.cancel()
	}
	return n, err
}

func TestLintStopsWhenTheClientGoes(t *testing.T) {
	e := newEnv(t, api.Config{LintBudget: -1}) // no budget: only the client's going stops it
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	body := &cancelAtEOF{r: strings.NewReader(string(bigSOP(5000))), cancel: cancel}
	req := httptest.NewRequestWithContext(ctx, "POST", "/api/v1/lint?name=reset.md", body)
	req.Header.Set("Authorization", "Bearer "+e.teamA)
	req.Header.Set("Content-Type", "text/markdown")
	rec := httptest.NewRecorder()
	within(t, 20*time.Second, func() struct{} { e.h.ServeHTTP(rec, req); return struct{}{} })
	mustStatus(t, rec, http.StatusServiceUnavailable)
	if strings.Contains(rec.Body.String(), "findings") {
		t.Errorf("answer = %s, want the work stopped", rec.Body.String())
	}
	if !strings.Contains(rec.Body.String(), "client went away") {
		t.Errorf("answer = %s, want it to say the client went away", rec.Body.String())
	}
}

func TestLintWithinItsBudgetAnswers(t *testing.T) {
	e := newEnv(t, api.Config{}) // the default budget
	r := e.do(t, "POST", "/api/v1/lint?name=reset.md", e.teamA, "text/markdown", bigSOP(2000))
	mustStatus(t, r, http.StatusOK)
}

func TestRenderOverItsBudgetAnswers503WithRetryAfter(t *testing.T) {
	e := newEnv(t, api.Config{RenderBudget: time.Nanosecond})
	mustStatus(t, e.upload(t, e.teamA, ingesttest.Recording("rec-budget1", "reset", "Password reset", "Done.")), http.StatusCreated)
	r := within(t, 20*time.Second, func() *httptest.ResponseRecorder {
		return e.do(t, "GET", "/api/v1/workflows/reset/sop.html", e.teamA, "", nil)
	})
	mustStatus(t, r, http.StatusServiceUnavailable)
	if r.Header().Get("Retry-After") == "" {
		t.Error("no Retry-After on a 503")
	}
	if strings.Contains(r.Body.String(), "<html") {
		t.Errorf("503 = %s, want no page", r.Body.String())
	}
}
