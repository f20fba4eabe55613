package api_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
)

// people are the tokens of one person of each role in team-a.
type people struct{ rita, rex, ann, ada string }

func (e *env) people(t testing.TB) people {
	t.Helper()
	token := func(name string, role ingest.Role) string {
		is, err := e.store.CreatePersonToken(context.Background(), "team-a", name, role)
		if err != nil {
			t.Fatal(err)
		}
		return is.Token
	}
	return people{token("Rita Recorder", ingest.RoleRecorder), token("Rex Reviewer", ingest.RoleReviewer), token("Ann Approver", ingest.RoleApprover), token("Ada Admin", ingest.RoleAdmin)}
}

func (e *env) post(t testing.TB, path, token, body string) *httptest.ResponseRecorder {
	t.Helper()
	return e.do(t, "POST", path, token, "application/json", []byte(body))
}

// refused checks a problem+json answer: its status and, when given, a
// phrase of its detail or the pointer of its first error.
func refused(t *testing.T, what string, r *httptest.ResponseRecorder, status int, detail, pointer string) {
	t.Helper()
	if r.Code != status {
		t.Errorf("%s: status = %d, want %d; body: %s", what, r.Code, status, r.Body.String())
		return
	}
	p := mustProblem(t, r.Body.Bytes(), r.Header().Get("Content-Type"), status)
	if detail != "" && !strings.Contains(p.Detail, detail) {
		t.Errorf("%s: detail = %q, want it to say %q", what, p.Detail, detail)
	}
	if pointer != "" && (len(p.Errors) == 0 || p.Errors[0].Pointer != pointer) {
		t.Errorf("%s: errors = %+v, want %s first", what, p.Errors, pointer)
	}
}

type reviewJSON struct {
	Status     string `json:"status"`
	Headline   string `json:"headline"`
	Approvable bool   `json:"approvable"`
	UploadedBy string `json:"uploaded_by"`
	Approval   *struct {
		By, Role, Comment string
	} `json:"approval"`
	Findings []struct {
		Rule, Severity, Step, Fingerprint string
		Accepted                          *struct{ Reason, By string }
	} `json:"findings"`
	RedlineFrom int `json:"redline_from"`
	History     []struct {
		Version    int
		Summary    string
		ApprovedBy string `json:"approved_by"`
	} `json:"history"`
}

func decodeReview(t testing.TB, r *httptest.ResponseRecorder) reviewJSON {
	t.Helper()
	mustStatus(t, r, http.StatusOK)
	var v reviewJSON
	if err := json.Unmarshal(r.Body.Bytes(), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestApprovalOverTheAPI walks a version through review and approval and
// tries every refusal on the way: each is a problem+json with the status
// the contract gives it.
func TestApprovalOverTheAPI(t *testing.T) {
	onEachStore(t, func(t *testing.T, newEnv envMaker) {
		e := newEnv(t, api.Config{})
		p := e.people(t)
		mustStatus(t, e.upload(t, p.rita, ingesttest.Recording("rec-0000001", "reset", "Password reset", "Told the user the ticket is closed.")), http.StatusCreated)
		const v1 = "/api/v1/workflows/reset/versions/1"

		me := e.do(t, "GET", "/api/v1/me", p.rita, "", nil)
		mustStatus(t, me, http.StatusOK)
		if b := me.Body.String(); !strings.Contains(b, `"name":"Rita Recorder"`) || !strings.Contains(b, `"role":"recorder"`) || strings.Contains(b, `"approve"`) {
			t.Errorf("GET /me = %s", b)
		}
		draft := decodeReview(t, e.do(t, "GET", v1, p.rex, "", nil))
		if draft.Status != "draft" || draft.UploadedBy != "Rita Recorder" || draft.Approvable || draft.Headline != "Not approvable: 1 control error" {
			t.Errorf("a new version's review = %+v", draft)
		}
		var fp string
		for _, f := range draft.Findings {
			if f.Severity == "error" {
				fp = f.Fingerprint
			}
		}

		refused(t, "approve a draft", e.post(t, v1+"/status", p.ann, `{"status":"approved"}`), 409, "only a version in review is approved", "")
		if r := decodeReview(t, e.post(t, v1+"/status", p.rita, `{"status":"in_review","comment":"Ready."}`)); r.Status != "in_review" {
			t.Errorf("after submitting: %+v", r)
		}
		refused(t, "submit twice", e.post(t, v1+"/status", p.rita, `{"status":"in_review"}`), 409, "in review, not draft", "")
		refused(t, "the recorder approves", e.post(t, v1+"/status", p.rita, `{"status":"approved"}`), 403, "the role recorder may not approve; approvers and admins may", "")
		refused(t, "a reviewer approves", e.post(t, v1+"/status", p.rex, `{"status":"approved"}`), 403, "the role reviewer may not approve", "")
		refused(t, "approve with an open control error", e.post(t, v1+"/status", p.ann, `{"status":"approved"}`), 409, "exception-failed-verification-missing at step 2.1", "")
		refused(t, "supersede by hand", e.post(t, v1+"/status", p.ada, `{"status":"superseded"}`), 409, "later version is approved", "")
		refused(t, "a status that is none", e.post(t, v1+"/status", p.ada, `{"status":"published"}`), 422, "", "/status")
		refused(t, "a status of the wrong type", e.post(t, v1+"/status", p.ada, `{"status":3}`), 422, "", "/status")
		refused(t, "an unknown field", e.post(t, v1+"/status", p.ada, `{"status":"draft","by":"someone"}`), 422, "", "/by")
		refused(t, "two JSON values", e.post(t, v1+"/status", p.ada, `{"status":"draft"} {}`), 422, "", "")
		refused(t, "a return without a reason", e.post(t, v1+"/status", p.rex, `{"status":"draft"}`), 422, "", "/comment")
		refused(t, "a comment too long", e.post(t, v1+"/status", p.rex, `{"status":"draft","comment":"`+strings.Repeat("x", ingest.MaxComment+1)+`"}`), 422, "", "/comment")
		refused(t, "not JSON", e.do(t, "POST", v1+"/status", p.rex, "text/plain", []byte("approve")), 415, "", "")
		refused(t, "a body over the limit", e.post(t, v1+"/status", p.rex, `{"comment":"`+strings.Repeat("x", 70<<10)+`"}`), 413, "", "")
		refused(t, "a version that is not a number", e.post(t, "/api/v1/workflows/reset/versions/one/status", p.ada, `{"status":"in_review"}`), 400, "whole number", "")
		refused(t, "a version that does not exist", e.post(t, "/api/v1/workflows/reset/versions/9/status", p.ada, `{"status":"in_review"}`), 404, "no version 9", "")
		refused(t, "no token", e.post(t, v1+"/status", "", `{"status":"approved"}`), 401, "", "")

		refused(t, "the recorder accepts", e.post(t, v1+"/acceptances", p.rita, `{"fingerprint":"`+fp+`","reason":"Runbook."}`), 403, "may not accept", "")
		refused(t, "an acceptance without a reason", e.post(t, v1+"/acceptances", p.rex, `{"fingerprint":"`+fp+`","reason":"  "}`), 422, "", "/reason")
		refused(t, "an acceptance of no finding", e.post(t, v1+"/acceptances", p.rex, `{"fingerprint":"0000","reason":"Runbook."}`), 422, "", "/fingerprint")
		acc := e.post(t, v1+"/acceptances", p.rex, `{"fingerprint":"`+fp+`","reason":"Escalation is in the desk's runbook."}`)
		mustStatus(t, acc, http.StatusCreated)
		if !strings.Contains(acc.Body.String(), `"by":"Rex Reviewer"`) || !strings.Contains(acc.Body.String(), `"rule":"exception-failed-verification-missing"`) {
			t.Errorf("acceptance = %s", acc.Body.String())
		}
		refused(t, "accept twice", e.post(t, v1+"/acceptances", p.ann, `{"fingerprint":"`+fp+`","reason":"Again."}`), 409, "already accepted", "")

		// Another team sees none of it.
		for _, r := range []*httptest.ResponseRecorder{
			e.do(t, "GET", v1, e.teamB, "", nil),
			e.post(t, v1+"/status", e.teamB, `{"status":"approved"}`),
			e.post(t, v1+"/acceptances", e.teamB, `{"fingerprint":"`+fp+`","reason":"x"}`),
			e.do(t, "GET", "/api/v1/workflows/reset/reviewed", e.teamB, "", nil),
			e.do(t, "PUT", "/api/v1/workflows/reset/reviewed", e.teamB, "application/json", []byte(`{"purpose":"x"}`)),
			e.do(t, "GET", "/api/v1/workflows/reset/audit", e.teamB, "", nil),
		} {
			refused(t, "another team", r, 404, "", "")
		}

		etag := e.do(t, "GET", "/api/v1/workflows/reset/sop.md?version=1", p.rita, "", nil).Header().Get("ETag")
		approved := decodeReview(t, e.post(t, v1+"/status", p.ann, `{"status":"approved","comment":"Checked."}`))
		if approved.Status != "approved" || approved.Approval == nil || approved.Approval.By != "Ann Approver" || approved.Approval.Comment != "Checked." || !strings.HasPrefix(approved.Headline, "Approved by Ann Approver") {
			t.Errorf("after approval: %+v", approved)
		}
		if now := e.do(t, "GET", "/api/v1/workflows/reset/sop.md?version=1", p.rita, "", nil).Header().Get("ETag"); now == etag {
			t.Errorf("the SOP's ETag %s did not change with the approval", etag)
		}
		if r := e.do(t, "GET", "/api/v1/workflows/reset/sop.md?version=1", p.rita, "", nil, "If-None-Match", etag); r.Code != http.StatusOK {
			t.Errorf("the draft's ETag answered %d after the approval, want 200 with the approved SOP", r.Code)
		}
		refused(t, "accept on an approved version", e.post(t, v1+"/acceptances", p.rex, `{"fingerprint":"`+fp+`","reason":"x"}`), 409, "version 1 is approved", "")
		refused(t, "return an approved version", e.post(t, v1+"/status", p.rex, `{"status":"draft","comment":"Oops."}`), 409, "approved, not in review", "")

		// An approver may not approve what she uploaded.
		mustStatus(t, e.upload(t, p.ann, ingesttest.Recording("rec-0000002", "reset", "Password reset", "Confirmed the user can sign in.")), http.StatusCreated)
		const v2 = "/api/v1/workflows/reset/versions/2"
		mustStatus(t, e.post(t, v2+"/status", p.ann, `{"status":"in_review"}`), http.StatusOK)
		refused(t, "the uploader approves", e.post(t, v2+"/status", p.ann, `{"status":"approved"}`), 403, "separation of duties", "")
		r2 := decodeReview(t, e.do(t, "GET", v2, p.ada, "", nil))
		if r2.RedlineFrom != 1 || len(r2.History) != 2 || r2.History[0].ApprovedBy != "Ann Approver" || !strings.HasPrefix(r2.History[1].Summary, "From version 1:") {
			t.Errorf("version 2's review = %+v", r2)
		}
		wf := e.do(t, "GET", "/api/v1/workflows/reset", p.rita, "", nil)
		if b := wf.Body.String(); !strings.Contains(b, `"approved_version":1`) || !strings.Contains(b, `"status":"in_review"`) || !strings.Contains(b, `"uploaded_by":"Ann Approver"`) {
			t.Errorf("GET workflow = %s", b)
		}
	})
}

func TestReviewedTextOverTheAPI(t *testing.T) {
	onEachStore(t, func(t *testing.T, newEnv envMaker) {
		e := newEnv(t, api.Config{})
		p := e.people(t)
		mustStatus(t, e.upload(t, p.rita, ingesttest.Recording("rec-0000001", "reset", "Password reset", "Done.")), http.StatusCreated)
		const path = "/api/v1/workflows/reset/reviewed"
		put := func(token, body string, hdr ...string) *httptest.ResponseRecorder {
			return e.do(t, "PUT", path, token, "application/json", []byte(body), hdr...)
		}
		r := e.do(t, "GET", path, p.rita, "", nil)
		mustStatus(t, r, http.StatusOK)
		if r.Header().Get("ETag") != `"0"` || !strings.Contains(r.Body.String(), `"revision":0`) {
			t.Errorf("before any edit: %s %s", r.Header().Get("ETag"), r.Body.String())
		}
		refused(t, "the recorder edits", put(p.rita, `{"purpose":"x"}`), 403, "may not edit", "")
		ok := put(p.rex, `{"purpose":"Restore access only after verifying the caller.","roles":{"Service desk agent":"Verifies, then resets."},"review_interval":"12 months"}`, "If-Match", `"0"`)
		mustStatus(t, ok, http.StatusOK)
		if ok.Header().Get("ETag") != `"1"` || !strings.Contains(ok.Body.String(), `"Service desk agent":"Verifies, then resets."`) {
			t.Errorf("after an edit: %s %s", ok.Header().Get("ETag"), ok.Body.String())
		}
		refused(t, "an edit from a stale revision", put(p.ann, `{"purpose":"Lost."}`, "If-Match", `"0"`), 412, "changed since revision 0", "")
		refused(t, "an If-Match that is no revision", put(p.ann, `{"purpose":"x"}`, "If-Match", "*"), 400, "If-Match", "")
		refused(t, "a control character", put(p.ann, `{"scope":"All\u0007"}`), 422, "", "/scope")
		refused(t, "a picture in the text", put(p.ann, `{"owner":"data:image/png;base64,AAAA"}`), 422, "", "/owner")
		refused(t, "an unknown field", put(p.ann, `{"purpose":"x","approver":"me"}`), 422, "", "/approver")
		refused(t, "roles that are not an object", put(p.ann, `{"roles":["a"]}`), 422, "", "/roles")
		refused(t, "a workflow with no version", e.do(t, "PUT", "/api/v1/workflows/nowhere/reviewed", p.ann, "application/json", []byte(`{"purpose":"x"}`)), 404, "", "")
		mustStatus(t, put(p.ann, `{"purpose":"Unconditional."}`), http.StatusOK)
		sop := e.do(t, "GET", "/api/v1/workflows/reset/sop.md", p.rita, "", nil)
		if !strings.Contains(sop.Body.String(), "Unconditional.") {
			t.Error("the SOP does not carry the reviewed purpose")
		}
	})
}

func TestTheAuditLogIsExported(t *testing.T) {
	onEachStore(t, func(t *testing.T, newEnv envMaker) {
		e := newEnv(t, api.Config{})
		p := e.people(t)
		for _, id := range []string{"rec-0000001", "rec-0000002", "rec-0000003"} {
			mustStatus(t, e.upload(t, p.rita, ingesttest.Recording(id, "reset", "Password reset", "Done.")), http.StatusCreated)
		}
		mustStatus(t, e.post(t, "/api/v1/workflows/reset/versions/3/status", p.rita, `{"status":"in_review","comment":"<script>alert(1)</script>"}`), http.StatusOK)
		type page struct {
			Entries []struct {
				ID      int64
				Person  string
				Role    string
				Action  string
				Version int
				Comment string
				At      string
			}
			Next string
		}
		get := func(q string) page {
			t.Helper()
			r := e.do(t, "GET", "/api/v1/workflows/reset/audit"+q, p.ann, "", nil)
			mustStatus(t, r, http.StatusOK)
			if strings.Contains(r.Body.String(), "<script>") {
				t.Errorf("the JSON carries markup unescaped: %s", r.Body.String())
			}
			var pg page
			if err := json.Unmarshal(r.Body.Bytes(), &pg); err != nil {
				t.Fatal(err)
			}
			return pg
		}
		first := get("?limit=3")
		if len(first.Entries) != 3 || first.Next == "" {
			t.Fatalf("first page = %+v", first)
		}
		rest := get(strings.TrimPrefix(first.Next, "/api/v1/workflows/reset/audit"))
		if len(rest.Entries) != 1 || rest.Next != "" {
			t.Fatalf("second page = %+v", rest)
		}
		last := rest.Entries[0]
		if last.Person != "Rita Recorder" || last.Role != "recorder" || last.Action != "submitted_for_review" || last.Version != 3 || last.Comment != "<script>alert(1)</script>" || last.At == "" {
			t.Errorf("last entry = %+v", last)
		}
		for i, e := range first.Entries {
			if e.Action != "recorded" || e.Version != i+1 {
				t.Errorf("entry %d = %+v", i, e)
			}
		}
		for _, q := range []string{"?limit=0", "?limit=1001", "?after=-1", "?after=x"} {
			refused(t, "audit"+q, e.do(t, "GET", "/api/v1/workflows/reset/audit"+q, p.ann, "", nil), 400, "", "")
		}
		refused(t, "the audit log of no workflow", e.do(t, "GET", "/api/v1/workflows/nowhere/audit", p.ann, "", nil), 404, "", "")
	})
}
