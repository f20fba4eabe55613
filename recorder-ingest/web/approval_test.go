package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
)

// crew is a site whose workflow "reset" Rita (a recorder) uploaded, with
// a reviewer and an approver.
type crew struct {
	srv            *httptest.Server
	rita, rex, ann *site
}

func newCrew(t *testing.T) *crew {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "w.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	key, _ := store.Secret(ctx, "ui-session")
	svc := &ingest.Service{Store: store}
	srv := httptest.NewServer(api.New(api.Config{Service: svc, UIKey: key, Rate: -1}))
	t.Cleanup(srv.Close)
	cr := &crew{srv: srv}
	for _, p := range []struct {
		to   **site
		name string
		role ingest.Role
	}{{&cr.rita, "Rita Recorder", ingest.RoleRecorder}, {&cr.rex, "Rex Reviewer", ingest.RoleReviewer}, {&cr.ann, "Ann Approver", ingest.RoleApprover}} {
		is, err := store.CreatePersonToken(ctx, "help-desk", p.name, p.role)
		if err != nil {
			t.Fatal(err)
		}
		*p.to = &site{srv: srv, token: is.Token}
		if p.role == ingest.RoleRecorder {
			if _, err := svc.Ingest(ctx, ingest.Upload{Team: is.Person.Team.ID, By: is.Person, Body: ingesttest.Recording("rec-0000001", "reset", "Reset", "Told the user the ticket is closed.")}); err != nil {
				t.Fatal(err)
			}
		}
	}
	return cr
}

// postForm sends a form with the CSRF token of the page it is on.
func postForm(t *testing.T, c *http.Client, base, page, action string, v url.Values) (*http.Response, string) {
	t.Helper()
	_, p := get(t, c, base+page)
	v.Set("csrf", field(p, "csrf"))
	resp, err := c.PostForm(base+action, v)
	if err != nil {
		t.Fatal(err)
	}
	return resp, readBody(resp)
}

func fingerprintOn(page string) string {
	return field(page, "fingerprint")
}

func TestApprovalFormsRefuseAndEscape(t *testing.T) {
	cr := newCrew(t)
	base := cr.srv.URL
	rita, rex, ann := cr.rita.signIn(t), cr.rex.signIn(t), cr.ann.signIn(t)
	const page = "/workflows/reset"
	const status = "/workflows/reset/versions/1/status"

	_, p := get(t, rita, base+page)
	for _, want := range []string{`id="status">Draft<`, "Not approvable: 1 control error", `id="submit"`, "Rita Recorder (recorder), help-desk", "uploaded by Rita Recorder"} {
		if !strings.Contains(p, want) {
			t.Errorf("the draft's page lacks %q", want)
		}
	}
	resp, _ := postForm(t, rita, base, page, status, url.Values{"status": {"in_review"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/workflows/reset?version=1&done=in_review" {
		t.Fatalf("send for review: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, p = get(t, rita, base+resp.Header.Get("Location"))
	if !strings.Contains(p, "Sent for review.") || !strings.Contains(p, `id="status">In review<`) {
		t.Error("the page does not say the version went to review")
	}
	resp, p = postForm(t, rita, base, page, status, url.Values{"status": {"approved"}})
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(p, "the role recorder may not approve") || !strings.Contains(p, `role="alert"`) {
		t.Errorf("the recorder approves: %d", resp.StatusCode)
	}
	resp, p = postForm(t, ann, base, page, status, url.Values{"status": {"approved"}})
	if resp.StatusCode != http.StatusConflict || !strings.Contains(p, "exception-failed-verification-missing at step 2.1") {
		t.Errorf("an approval with an open error: %d", resp.StatusCode)
	}
	resp, p = postForm(t, rex, base, page, status, url.Values{"status": {"draft"}})
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(p, "say why") {
		t.Errorf("a return to draft without a reason: %d", resp.StatusCode)
	}

	// Hostile text in a reason, the reviewed text and a comment is shown as
	// text everywhere.
	_, p = get(t, rex, base+page)
	resp, _ = postForm(t, rex, base, page, "/workflows/reset/versions/1/acceptances", url.Values{"fingerprint": {fingerprintOn(p)}, "reason": {`<script>alert("reason")</script>`}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", resp.StatusCode)
	}
	resp, _ = postForm(t, rex, base, "/workflows/reset/reviewed", "/workflows/reset/reviewed", url.Values{"revision": {"0"}, "purpose": {`<img src=x onerror=alert("purpose")>`}, "role_key_0": {`"]; evil [`}, "role_text_0": {"Reads <b>everything</b>."}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save the reviewed text: %d", resp.StatusCode)
	}
	resp, p = postForm(t, ann, base, "/workflows/reset/reviewed", "/workflows/reset/reviewed", url.Values{"revision": {"0"}, "purpose": {"Lost edit."}})
	if resp.StatusCode != http.StatusPreconditionFailed || !strings.Contains(p, "Someone saved the text after you opened this page") || !strings.Contains(p, "Lost edit.") {
		t.Errorf("a stale save: %d", resp.StatusCode)
	}
	resp, _ = postForm(t, ann, base, page, status, url.Values{"status": {"approved"}, "comment": {`"><script>alert("comment")</script>`}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("approve: %d", resp.StatusCode)
	}
	for _, path := range []string{page, "/workflows/reset/audit", "/workflows/reset/reviewed", "/workflows/reset/files/sop.html"} {
		_, p = get(t, rita, base+path)
		for _, raw := range []string{`<script>alert(`, `<img src=x`, `<b>everything</b>`} {
			if strings.Contains(p, raw) {
				t.Errorf("%s shows %q as markup", path, raw)
			}
		}
	}
	_, p = get(t, rita, base+page)
	if !strings.Contains(p, `id="status">Approved<`) || !strings.Contains(p, "Approved by Ann Approver") || !strings.Contains(p, "&lt;script&gt;alert(&#34;reason&#34;)&lt;/script&gt;") {
		t.Error("the approved page lacks its status, approver or the accepted reason (as text)")
	}
	_, p = get(t, rita, base+"/workflows/reset/audit")
	for _, want := range []string{"recorded a new draft", "sent for review", "accepted a control error", "edited the reviewed text", "approved", "Ann Approver", "&lt;script&gt;alert(&#34;comment&#34;)"} {
		if !strings.Contains(p, want) {
			t.Errorf("the audit page lacks %q", want)
		}
	}
	resp, p = get(t, rita, base+"/workflows/reset/audit?format=json")
	if !strings.Contains(resp.Header.Get("Content-Disposition"), "reset-audit.json") || !strings.Contains(p, `"action":"approved"`) || strings.Contains(p, "<script>") {
		t.Errorf("the audit export: %q %.200s", resp.Header.Get("Content-Disposition"), p)
	}
}

func TestApprovalFormsNeedTheirCSRFTokenAndASession(t *testing.T) {
	cr := newCrew(t)
	c := cr.rex.signIn(t)
	for _, p := range []string{"/workflows/reset/versions/1/status", "/workflows/reset/versions/1/acceptances", "/workflows/reset/reviewed"} {
		resp, err := c.PostForm(cr.srv.URL+p, url.Values{"csrf": {"forged"}, "status": {"in_review"}, "revision": {"0"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden {
			t.Errorf("POST %s with a forged token: %d", p, resp.StatusCode)
		}
		resp, err = client(t).PostForm(cr.srv.URL+p, url.Values{"status": {"in_review"}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("POST %s without a session: %d", p, resp.StatusCode)
		}
	}
	for _, p := range []string{"/workflows/reset/audit", "/workflows/reset/reviewed"} {
		resp, _ := get(t, client(t), cr.srv.URL+p)
		if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/signin?next=") {
			t.Errorf("%s without a session: %d", p, resp.StatusCode)
		}
	}
	if resp, _ := get(t, c, cr.srv.URL+"/workflows/nowhere/audit"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("the audit page of no workflow: %d", resp.StatusCode)
	}
}
