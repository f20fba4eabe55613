package web_test

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
)

// BenchmarkWorkflowPageCold measures what a person waits for when opening
// a workflow whose newest version nobody has opened yet: the page (its
// first byte, then all of it) and the map picture it loads, for a 50-step
// recording. Each iteration uploads a new version with a new title (not
// timed), so no cache answers: not the service's documents, not its
// artifacts. A warm-up version first pays the once-per-process costs
// (parsing the fonts).
func BenchmarkWorkflowPageCold(b *testing.B) {
	s := newSite(b)
	c := s.signIn(b)
	upload := func(i int) {
		b.Helper()
		body := ingesttest.LongRecording(fmt.Sprintf("rec-bench-%06d", i), "long-reset", fmt.Sprintf("Long reset %d", i), 50)
		req, _ := http.NewRequest(http.MethodPost, s.srv.URL+"/api/v1/recordings", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+s.token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			b.Fatalf("upload: status %d", resp.StatusCode)
		}
	}
	// fetch returns the time to the response's headers and to its end.
	fetch := func(path string) (first, all time.Duration) {
		b.Helper()
		start := time.Now()
		resp, err := c.Get(s.srv.URL + path)
		if err != nil {
			b.Fatal(err)
		}
		first = time.Since(start)
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			b.Fatalf("GET %s: status %d", path, resp.StatusCode)
		}
		return first, time.Since(start)
	}
	upload(0)
	fetch("/workflows/long-reset/files/process-map.svg")
	var first, page, svg, png time.Duration
	b.ResetTimer()
	for i := 1; i <= b.N; i++ {
		b.StopTimer()
		upload(i)
		b.StartTimer()
		f, p := fetch("/workflows/long-reset")
		_, m := fetch("/workflows/long-reset/files/process-map.svg")
		_, g := fetch("/workflows/long-reset/files/process-map.png")
		first, page, svg, png = first+f, page+p, svg+m, png+g
	}
	n := float64(b.N)
	b.ReportMetric(float64(first.Microseconds())/1000/n, "ms-first-byte")
	b.ReportMetric(float64(page.Microseconds())/1000/n, "ms-page")
	b.ReportMetric(float64(svg.Microseconds())/1000/n, "ms-map-svg")
	b.ReportMetric(float64(png.Microseconds())/1000/n, "ms-map-png")
}
