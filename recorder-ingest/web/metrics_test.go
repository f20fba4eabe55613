package web_test

import (
	"bytes"
	"net/http"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
	"github.com/stepwise-sop/stepwise/scripts/validators"
)

const metricsToken = "metrics-token-for-tests"

// metrics reads the site's /metrics.
func (s *site) metrics(t *testing.T) string {
	t.Helper()
	req, _ := http.NewRequest("GET", s.srv.URL+"/metrics", nil)
	req.Header.Set("Authorization", "Bearer "+metricsToken)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("/metrics: %d", resp.StatusCode)
	}
	return b.String()
}

// sample is the value of the series named exactly so ("" when absent).
func sample(metrics, series string) float64 {
	m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(series) + ` (\S+)$`).FindStringSubmatch(metrics)
	if m == nil {
		return -1
	}
	v, _ := strconv.ParseFloat(m[1], 64)
	return v
}

// TestMetricsCountWhatTheirNamesSay puts a load on the API and the UI —
// requests without a token, a lint of the wrong media type, uploads good
// and bad through both, pages that render — and reads /metrics: rejected
// recordings are uploads not stored, whichever way they came; requests
// refused before any recording was read are not among them; renders the
// UI asks for are counted. promtool then lints the whole exposition.
func TestMetricsCountWhatTheirNamesSay(t *testing.T) {
	s := newSiteWith(t, nil, api.Config{MetricsToken: metricsToken})
	apiDo := func(method, path, token, ctype string, body []byte) int {
		req, _ := http.NewRequest(method, s.srv.URL+path, bytes.NewReader(body))
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	// Refused before a recording is read: none of these is a rejected recording.
	for _, r := range []struct {
		method, path, token, ctype string
		want                       int
	}{
		{"GET", "/api/v1/workflows", "", "", 401},
		{"GET", "/api/v1/workflows/reset", "sw_unknown", "", 401},
		{"POST", "/api/v1/lint", s.token, "text/csv", 415},
	} {
		if got := apiDo(r.method, r.path, r.token, r.ctype, []byte("a,b")); got != r.want {
			t.Fatalf("%s %s: %d, want %d", r.method, r.path, got, r.want)
		}
	}
	// Uploads: through the API, one refused and one stored; through the UI the same.
	if got := apiDo("POST", "/api/v1/recordings", s.token, "application/json", []byte(`{"schema":"nope"}`)); got != 422 {
		t.Fatalf("an invalid upload: %d", got)
	}
	if got := apiDo("POST", "/api/v1/recordings", s.token, "text/plain", []byte(`x`)); got != 415 {
		t.Fatalf("an upload as text/plain: %d", got)
	}
	if got := apiDo("POST", "/api/v1/recordings", s.token, "application/json", ingesttest.Recording("rec-0000002", "unlock", "Unlock", "Done.")); got != 201 {
		t.Fatalf("an upload: %d", got)
	}
	c := s.signIn(t)
	_, page := get(t, c, s.srv.URL+"/upload")
	csrf := field(page, "csrf")
	if resp, _ := postMultipart(t, c, s.srv.URL+"/upload", map[string]string{"csrf": csrf}, "recording", "bad.json", []byte(`{"schema":"stepwise/recording@1","screenshot":"x"}`)); resp.StatusCode != 422 {
		t.Fatalf("an invalid upload through the UI: %d", resp.StatusCode)
	}
	if resp, _ := postMultipart(t, c, s.srv.URL+"/upload", map[string]string{"csrf": csrf}, "recording", "r.json", ingesttest.Recording("rec-0000003", "unlock", "Unlock", "Again.")); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("an upload through the UI: %d", resp.StatusCode)
	}
	// The UI renders: the SOP into the workflow page, the map as a file.
	if resp, _ := get(t, c, s.srv.URL+"/workflows/reset"); resp.StatusCode != 200 {
		t.Fatalf("workflow page: %d", resp.StatusCode)
	}
	if resp, _ := get(t, c, s.srv.URL+"/workflows/reset/files/process-map.svg"); resp.StatusCode != 200 {
		t.Fatalf("the map: %d", resp.StatusCode)
	}
	get(t, c, s.srv.URL+"/workflows/reset/files/process-map.svg") // from memory: no render

	m := s.metrics(t)
	for series, want := range map[string]float64{
		`stepwise_recordings_rejected_total{reason="invalid"}`:                        2,
		`stepwise_recordings_rejected_total{reason="unsupported_media_type"}`:         1,
		`stepwise_recordings_ingested_total`:                                          2,
		`stepwise_artifact_render_duration_seconds_count{artifact="sop.html"}`:        1,
		`stepwise_artifact_render_duration_seconds_count{artifact="process-map.svg"}`: 1,
		`stepwise_work_stopped_total{reason="over_budget",work="lint"}`:               0,
	} {
		if got := sample(m, series); got != want {
			t.Errorf("%s = %v, want %v", series, got, want)
		}
	}
	for _, gone := range []string{`reason="unauthorized"`, `reason="rate_limited"`, "stepwise_render_duration_seconds", "stepwise_artifact_renders_total"} {
		if strings.Contains(m, gone) {
			t.Errorf("the metrics still hold %s", gone)
		}
	}

	promtool := validators.Program("promtool", "prometheus").Require(t)
	cmd := exec.Command(promtool, "check", "metrics")
	cmd.Stdin = strings.NewReader(m)
	if out, err := cmd.CombinedOutput(); err != nil || len(bytes.TrimSpace(out)) > 0 {
		t.Errorf("promtool check metrics: %v\n%s", err, out)
	}
}
