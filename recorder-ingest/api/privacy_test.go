package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/sopgen"
)

// plantedPII is personal data planted in every string field.
var plantedPII = []string{"pat.quinn@example.com", "+44 7700 900123", "4111 1111 1111 1111"}

// plantedURLSecrets are the parts of URLs that must be dropped.
var plantedURLSecrets = []string{"SECRETUSER", "SECRETPASS", "SECRETTOKEN", "SECRETFRAG", "SECRETSID"}

// secretURL carries user-info, a query and a fragment: three parts.
const secretURL = "https://SECRETUSER:SECRETPASS@desk.example.com/reset?token=SECRETTOKEN#SECRETFRAG"

// everyFieldRecording sets every string field of the format that is not an
// identifier or a closed list to text holding an email, a phone number and
// a card number (17 fields), the step url to secretURL and adds a URL with
// the same three parts to a note.
func everyFieldRecording(id, workflow string) []byte {
	pii := "mail " + plantedPII[0] + ", call " + plantedPII[1] + ", card " + plantedPII[2]
	rec := map[string]any{
		"schema":      "stepwise/recording@1",
		"id":          id,
		"workflow":    workflow,
		"title":       pii,
		"recorded_at": "2026-11-02T09:30:00Z",
		"recorder":    map[string]string{"name": pii, "version": pii},
		"actor":       map[string]string{"role": pii},
		"context":     map[string]string{"browser": pii, "os": pii, "locale": pii, "timezone": pii},
		"coverage":    map[string]any{"uncaptured": []map[string]any{{"kind": "domain", "where": pii, "count": 1}}},
		"steps": []map[string]any{
			{"t": 0, "action": "navigate", "app": pii, "url": secretURL, "page": pii},
			{"t": 1000, "action": "select", "app": pii, "target": map[string]string{"role": pii, "name": pii, "selector": pii}, "choice": pii},
			{"t": 2000, "action": "note", "text": pii + "; see https://SECRETUSER:SECRETPASS@kb.example/x?sid=SECRETSID#SECRETFRAG"},
		},
	}
	data, err := json.Marshal(rec)
	if err != nil {
		panic(err)
	}
	return data
}

// urlOnlyRecording has nothing to scrub but the parts of its URL: the
// body the decoder accepts would be stored as sent if they were not
// counted.
func urlOnlyRecording(id, workflow string) []byte {
	return []byte(`{"schema":"stepwise/recording@1","id":"` + id + `","workflow":"` + workflow + `","recorded_at":"2026-11-02T09:30:00Z",
	"recorder":{"name":"stepwise-recorder","version":"0.1.0"},
	"steps":[{"t":0,"action":"navigate","url":"` + secretURL + `","page":"Reset"},
	{"t":1000,"action":"click","target":{"role":"button","name":"Reset password"}}]}`)
}

// chromeExport is a DevTools Recorder export whose navigation URL holds
// the three parts.
const chromeExport = `{"title":"Reset","steps":[
	{"type":"navigate","url":"` + secretURL + `"},
	{"type":"click","selectors":[["aria/Reset password"]],"offsetX":1,"offsetY":1}]}`

// TestPlantedSecretsInEveryFieldGoNowhere plants personal data in every
// string field and secrets in URLs (user-info, query, fragment), uploads
// them by each path into the store (the decoded and scrubbed body, the
// body stored as sent, a Chrome Recorder import) and searches the
// database files, the logs, every answer and every artifact for them.
func TestPlantedSecretsInEveryFieldGoNowhere(t *testing.T) {
	e := newEnv(t, api.Config{})
	cases := []struct {
		name, path, workflow string
		body                 []byte
		want                 sopgen.Redactions
	}{
		{"every field", "/api/v1/recordings", "every-field", everyFieldRecording("rec-every-01", "every-field"),
			sopgen.Redactions{Email: 17, Phone: 17, Card: 17, URL: 6}},
		{"only a URL", "/api/v1/recordings", "url-only", urlOnlyRecording("rec-urlonly-01", "url-only"),
			sopgen.Redactions{URL: 3}},
		{"a Chrome Recorder import", "/api/v1/recordings?format=chrome-recorder&workflow=chrome", "chrome", []byte(chromeExport),
			sopgen.Redactions{URL: 3}},
	}
	var seen bytes.Buffer
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			up := e.do(t, "POST", tc.path, e.teamA, "application/json", tc.body)
			mustStatus(t, up, 201)
			seen.Write(up.Body.Bytes())
			var receipt struct{ ID string }
			if err := json.Unmarshal(up.Body.Bytes(), &receipt); err != nil {
				t.Fatal(err)
			}
			got := e.do(t, "GET", "/api/v1/recordings/"+receipt.ID, e.teamA, "", nil)
			mustStatus(t, got, 200)
			seen.Write(got.Body.Bytes())
			var stored struct {
				Redactions sopgen.Redactions `json:"redactions"`
				Recording  json.RawMessage   `json:"recording"`
			}
			if err := json.Unmarshal(got.Body.Bytes(), &stored); err != nil {
				t.Fatal(err)
			}
			if stored.Redactions != tc.want {
				t.Errorf("redactions = %+v, want %+v", stored.Redactions, tc.want)
			}
			if _, err := sopgen.ParseRecording(stored.Recording); err != nil {
				t.Errorf("the stored recording is not valid: %v", err)
			}
			for _, p := range []string{"/api/v1/workflows", "/api/v1/workflows/" + tc.workflow} {
				r := e.do(t, "GET", p, e.teamA, "", nil)
				mustStatus(t, r, 200)
				seen.Write(r.Body.Bytes())
			}
			e.readArtifacts(t, tc.workflow, &seen)
			var report sopgen.Report
			r := e.do(t, "GET", "/api/v1/workflows/"+tc.workflow+"/report.json", e.teamA, "", nil)
			if err := json.Unmarshal(r.Body.Bytes(), &report); err != nil {
				t.Fatal(err)
			}
			if report.Redactions != tc.want {
				t.Errorf("report.json redactions = %+v, want %+v", report.Redactions, tc.want)
			}
			md := e.do(t, "GET", "/api/v1/workflows/"+tc.workflow+"/sop.md", e.teamA, "", nil).Body.String()
			if want := "URL part"; tc.want.URL > 0 && !strings.Contains(md, want) {
				t.Errorf("sop.md does not report the URL parts dropped")
			}
		})
	}
	e.readStoreAndLog(t, &seen)
	// The search covers what was kept: the cut URL and the placeholders.
	for _, kept := range []string{"https://desk.example.com/reset", "https://kb.example/x", sopgen.EmailPlaceholder, sopgen.CardPlaceholder} {
		if !bytes.Contains(seen.Bytes(), []byte(kept)) {
			t.Errorf("%q is in no answer: the search proves nothing", kept)
		}
	}
	for _, s := range append(plantedPII, plantedURLSecrets...) {
		for i, form := range []string{s, strings.ReplaceAll(s, " ", "")} {
			if (i == 0 || form != s) && bytes.Contains(seen.Bytes(), []byte(form)) {
				t.Errorf("%q is in the database, the logs, an answer or an artifact", form)
			}
		}
	}
}

// hostileKeys is one JSON object of n distinct keys, about 10 bytes each.
func hostileKeys(n int) []byte {
	var b bytes.Buffer
	b.WriteByte('{')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `"%x":0`, i)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// TestHostileShapesAnswer422WithABoundedList sends the inputs that once
// took 43 s and answered with an 8.7 MB error list: the answer is a 422
// whose list of errors is capped, well within a generous time.
func TestHostileShapesAnswer422WithABoundedList(t *testing.T) {
	e := newEnv(t, api.Config{})
	steps := make([]any, sopgen.MaxSteps)
	for i := range steps {
		steps[i] = map[string]any{"t": i, "action": "click", "x": i}
	}
	cases := []struct {
		name    string
		body    []byte
		pointer string
	}{
		{"150,000 keys in one object", hostileKeys(150000), ""},
		{"an unknown field on each of 10,000 steps", recordingWith(func(r map[string]any) { r["steps"] = steps }), "/steps/0/x"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan *httptest.ResponseRecorder, 1)
			go func() { done <- e.upload(t, e.teamA, tc.body) }()
			var r *httptest.ResponseRecorder
			select {
			case r = <-done:
			case <-time.After(30 * time.Second):
				t.Fatalf("no answer to %d bytes within 30 s", len(tc.body))
			}
			mustStatus(t, r, 422)
			var p struct {
				Errors []sopgen.FieldError `json:"errors"`
			}
			if err := json.Unmarshal(r.Body.Bytes(), &p); err != nil {
				t.Fatal(err)
			}
			if got := len(p.Errors); got == 0 || got > sopgen.MaxErrors+1 {
				t.Fatalf("%d errors listed, want 1 to %d", got, sopgen.MaxErrors+1)
			}
			if got := p.Errors[0].Pointer; got != tc.pointer {
				t.Errorf("first pointer = %q, want %q", got, tc.pointer)
			}
			if got, limit := r.Body.Len(), 64<<10; got > limit {
				t.Errorf("the answer is %d bytes, want at most %d", got, limit)
			}
		})
	}
}
