package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestUploadRetriesThenReportsEachFile(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get("Content-Type") != "application/json" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		switch n := calls.Add(1); {
		case n == 1:
			w.WriteHeader(http.StatusServiceUnavailable)
		case n == 2:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
		default:
			w.WriteHeader(http.StatusCreated)
			w.Write([]byte(`{"id":"rec-0000001","workflow":"reset","version":3}`))
		}
	}))
	defer srv.Close()
	dir := t.TempDir()
	file := filepath.Join(dir, "r.json")
	os.WriteFile(file, []byte(`{}`), 0o644)
	u := uploader{client: srv.Client(), url: srv.URL + "/api/v1/recordings", token: "tok", backoff: time.Millisecond}
	line, ok := u.upload(context.Background(), file)
	if !ok || line != "stored as workflow reset version 3 (id rec-0000001)" || calls.Load() != 3 {
		t.Errorf("upload = %q, %v after %d calls", line, ok, calls.Load())
	}
	if line, ok := u.upload(context.Background(), filepath.Join(dir, "missing.json")); ok || !strings.Contains(line, "not read: no such file") {
		t.Errorf("missing file: %q", line)
	}
}

func TestUploadDoesNotRetryARejection(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/problem+json")
		w.WriteHeader(http.StatusUnprocessableEntity)
		w.Write([]byte(`{"title":"The recording is not valid","status":422,"errors":[{"pointer":"/steps/3/value","reason":"unknown field"}]}`))
	}))
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "r.json")
	os.WriteFile(file, []byte(`{}`), 0o644)
	code, out, _ := runCLI("upload", "--server", srv.URL, "--token", "tok", file)
	if code != exitError || calls.Load() != 1 || !strings.Contains(out, "rejected: 422 The recording is not valid; /steps/3/value: unknown field") {
		t.Errorf("exit %d after %d calls: %q", code, calls.Load(), out)
	}
}

func TestUploadGivesUpAfterFiveTries(t *testing.T) {
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.WriteHeader(http.StatusBadGateway)
	}))
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "r.json")
	os.WriteFile(file, []byte(`{}`), 0o644)
	u := uploader{client: srv.Client(), url: srv.URL, token: "tok", backoff: time.Millisecond}
	line, ok := u.upload(context.Background(), file)
	if ok || calls.Load() != uploadAttempts || !strings.HasPrefix(line, "failed after 5 tries: 502") {
		t.Errorf("%q, %v after %d calls", line, ok, calls.Load())
	}
}
