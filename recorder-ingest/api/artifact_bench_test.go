package api_test

import (
	"net/http"
	"testing"

	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
)

// BenchmarkArtifactServed measures a download of an SOP already rendered:
// what every GET of an artifact costs once the cache holds it. Finding
// the version's document control (status, approval, history, acceptances,
// reviewed text) is part of it, and for a draft after an approved version
// so is the diff its history line comes from (its documents are cached).
func BenchmarkArtifactServed(b *testing.B) {
	e := newEnv(b, api.Config{})
	p := e.people(b)
	for _, id := range []string{"rec-0000001", "rec-0000002"} {
		mustStatus(b, e.upload(b, p.rita, ingesttest.Recording(id, "reset", "Password reset", "Told the user the ticket is closed.")), http.StatusCreated)
	}
	get := func(b *testing.B, version string) {
		b.Helper()
		for b.Loop() {
			if r := e.do(b, "GET", "/api/v1/workflows/reset/sop.md?version="+version, p.rita, "", nil); r.Code != http.StatusOK {
				b.Fatalf("status %d", r.Code)
			}
		}
	}
	b.Run("draft", func(b *testing.B) { get(b, "2") })
	mustStatus(b, e.post(b, "/api/v1/workflows/reset/versions/1/status", p.rita, `{"status":"in_review"}`), http.StatusOK)
	for _, f := range decodeReview(b, e.do(b, "GET", "/api/v1/workflows/reset/versions/1", p.rex, "", nil)).Findings {
		if f.Severity == "error" {
			mustStatus(b, e.post(b, "/api/v1/workflows/reset/versions/1/acceptances", p.rex, `{"fingerprint":"`+f.Fingerprint+`","reason":"Runbook."}`), http.StatusCreated)
		}
	}
	mustStatus(b, e.post(b, "/api/v1/workflows/reset/versions/1/status", p.ann, `{"status":"approved"}`), http.StatusOK)
	b.Run("approved", func(b *testing.B) { get(b, "1") })
	b.Run("draft-after-approved", func(b *testing.B) { get(b, "2") })
}
