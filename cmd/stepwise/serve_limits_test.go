package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestServeMetricsOnlyOnTheirOwnAddress starts the server with
// --metrics-addr: /metrics answers there, and not on the main address.
func TestServeMetricsOnlyOnTheirOwnAddress(t *testing.T) {
	db := filepath.Join(t.TempDir(), "stepwise.db")
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	var stderr bytes.Buffer
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--examples=false", "--metrics-addr", "127.0.0.1:0", "--max-conns", "64"}, nil, pw, &stderr)
	}()
	defer func() {
		cancel()
		<-done
	}()
	base, intro := waitForURL(t, pr)
	m := regexp.MustCompile(`metrics on (http://\S+)`).FindStringSubmatch(intro)
	if m == nil {
		t.Fatalf("the server did not say where its metrics are: %q", intro)
	}
	code, _ := request(t, "GET", base+"/metrics", "", nil)
	if code != http.StatusNotFound {
		t.Errorf("/metrics on the main address: status = %d, want 404", code)
	}
	code, body := request(t, "GET", base+"/healthz", "", nil)
	if code != http.StatusOK {
		t.Fatalf("/healthz: status = %d, want 200", code)
	}
	code, body = request(t, "GET", m[1], "", nil)
	if code != http.StatusOK || !strings.Contains(string(body), `stepwise_http_requests_total{method="GET",route="/healthz",status="200"} 1`) {
		t.Errorf("metrics: status = %d, want 200 with the request counted:\n%.400s", code, body)
	}
}
