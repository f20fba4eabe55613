package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
)

func TestUploadNeverRetriesARejection(t *testing.T) {
	cases := []struct {
		status int
		want   string
	}{
		{http.StatusBadRequest, "rejected: 400"},
		{http.StatusUnauthorized, "rejected: 401"},
		{http.StatusForbidden, "rejected: 403"},
		{http.StatusNotFound, "rejected: 404"},
		{http.StatusConflict, "rejected: 409"},
		{http.StatusRequestEntityTooLarge, "rejected: 413"},
		{http.StatusUnsupportedMediaType, "rejected: 415"},
		{http.StatusUnprocessableEntity, "rejected: 422 The recording is not valid; /steps/1/width: missing"},
		{http.StatusInsufficientStorage, "not stored: 507"},
	}
	file := filepath.Join(t.TempDir(), "export.json")
	if err := os.WriteFile(file, []byte(`{"title": "t", "steps": [{"type": "setViewport"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("a %d is answered once", tc.status), func(t *testing.T) {
			var calls atomic.Int32
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				calls.Add(1)
				w.Header().Set("Content-Type", "application/problem+json")
				w.Header().Set("Retry-After", "0")
				w.WriteHeader(tc.status)
				fmt.Fprintf(w, `{"title":"The recording is not valid","status":%d,"errors":[{"pointer":"/steps/1/width","reason":"missing"}]}`, tc.status)
			}))
			defer srv.Close()
			if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
				t.Fatalf("test server at %s, want 127.0.0.1", srv.URL)
			}
			code, out, _ := runCLI("upload", "--server", srv.URL, "--token", "tok", "--format", "chrome-recorder", "--workflow", "w", file)
			if code != exitError || calls.Load() != 1 || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d after %d calls: %q, want exit %d after 1 call with %q", code, calls.Load(), out, exitError, tc.want)
			}
		})
	}
}

func TestImportAndGenerateRejectABadExportWithFileLineAndPointer(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name, body, want string
	}{
		{"a viewport step without its fields", "{\n\"title\": \"t\",\n\"steps\": [\n{\"type\": \"navigate\", \"url\": \"https://a.example/\"},\n{\"type\": \"setViewport\"}\n]\n}", ":5: /steps/1/width: missing"},
		{"a step of an unknown type", "{\"title\": \"t\", \"steps\": [\n{\"type\": \"teleport\"}]}", ":2: /steps/0/type: is not a step type"},
		{"a value that is a number", "{\"title\": \"t\", \"steps\": [\n{\"type\": \"change\", \"selectors\": [\"#a\"], \"value\": 42}]}", ":2: /steps/0/value: must be a string"},
		{"more than 10,000 steps", `{"title": "t", "steps": [` + strings.Repeat(`{"type": "close"},`, 10000) + `{"type": "close"}]}`, ":1: /steps: gives 10001 usable steps"},
	}
	for i, tc := range cases {
		file := filepath.Join(dir, fmt.Sprintf("export-%d.json", i))
		if err := os.WriteFile(file, []byte(tc.body), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{
			{"import", "chrome-recorder", file},
			{"generate", file, "--out", filepath.Join(dir, "out")},
		} {
			t.Run(tc.name+" ("+args[0]+")", func(t *testing.T) {
				code, _, stderr := runCLI(args...)
				if code != exitError || !strings.Contains(stderr, file+tc.want) {
					t.Errorf("exit %d, stderr %q, want exit %d and %q", code, stderr, exitError, file+tc.want)
				}
			})
		}
	}
}
