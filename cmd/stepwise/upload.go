package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// uploadAttempts bounds the tries per file; a retry is safe because the
// recording id makes uploads idempotent.
const uploadAttempts = 5

func runUpload(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := newCommand("upload", "stepwise upload --server URL [--token TOKEN] FILE...",
		"Uploads recordings, retrying on network errors, 429 and 5xx other than 507 (a 4xx is never retried); prints one line per file.\nExit 0 when every file is stored, 2 otherwise.")
	server := fs.String("server", "http://127.0.0.1:8080", "server `URL`")
	token := fs.String("token", "", "API `TOKEN` (default: $STEPWISE_TOKEN)")
	format := fs.String("format", "", "`chrome-recorder` for a Chrome DevTools Recorder export")
	workflow := fs.String("workflow", "", "workflow `SLUG` for a Chrome Recorder export")
	files, code, ok := fs.parse(args, stdout, stderr)
	if !ok {
		return code
	}
	if *token == "" {
		*token = os.Getenv("STEPWISE_TOKEN")
	}
	switch {
	case len(files) == 0:
		return fs.usageError(stderr, "missing FILE, a recording to upload")
	case *token == "":
		return fs.usageError(stderr, "missing --token TOKEN (or STEPWISE_TOKEN in the environment); make one with: stepwise token create --team NAME --db FILE")
	}
	endpoint, err := url.Parse(strings.TrimRight(*server, "/") + "/api/v1/recordings")
	if err != nil || (endpoint.Scheme != "http" && endpoint.Scheme != "https") || endpoint.Host == "" {
		return fs.usageError(stderr, "--server %q is not a server's URL: give its scheme and address, e.g. http://127.0.0.1:8080", *server)
	}
	if *format != "" {
		q := url.Values{"format": {*format}, "workflow": {*workflow}}
		endpoint.RawQuery = q.Encode()
	}
	u := uploader{client: &http.Client{Timeout: time.Minute}, url: endpoint.String(), token: *token}
	code = exitOK
	for _, f := range files {
		line, ok := u.upload(ctx, f)
		fmt.Fprintf(stdout, "%s: %s\n", f, line)
		if !ok {
			code = exitError
		}
	}
	return code
}

type uploader struct {
	client *http.Client
	url    string
	token  string
	// backoff is the first wait between tries; 0 means 500 ms.
	backoff time.Duration
}

// upload sends one file and describes the outcome in a line.
func (u uploader) upload(ctx context.Context, path string) (string, bool) {
	if hint := notARecording(path, "upload"); hint != "" {
		return "not sent: " + hint, false
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "not read: " + reasonOf(err), false
	}
	wait := u.backoff
	if wait == 0 {
		wait = 500 * time.Millisecond
	}
	var last string
	for attempt := 1; attempt <= uploadAttempts; attempt++ {
		status, body, retryAfter, err := u.post(ctx, data)
		switch {
		case err != nil:
			last = "network error: " + err.Error()
		case status == http.StatusCreated || status == http.StatusOK:
			var r struct {
				ID       string `json:"id"`
				Workflow string `json:"workflow"`
				Version  int    `json:"version"`
			}
			_ = json.Unmarshal(body, &r)
			what := "stored"
			if status == http.StatusOK {
				what = "already stored"
			}
			return fmt.Sprintf("%s as workflow %s version %d (id %s)", what, r.Workflow, r.Version, r.ID), true
		case status == http.StatusInsufficientStorage:
			// A full disk is freed by an operator, not within the backoff.
			return fmt.Sprintf("not stored: %d %s (upload it again once the server has room)", status, problemText(body)), false
		case status == http.StatusTooManyRequests || status >= 500:
			last = fmt.Sprintf("%d %s", status, problemText(body))
			if retryAfter > 0 {
				wait = retryAfter
			}
		default:
			return fmt.Sprintf("rejected: %d %s", status, problemText(body)), false
		}
		if attempt == uploadAttempts {
			break
		}
		select {
		case <-time.After(wait):
		case <-ctx.Done():
			return "interrupted: " + last, false
		}
		wait *= 2
	}
	if strings.HasPrefix(last, "network error") {
		last += fmt.Sprintf(" (is a stepwise server running at %s? --server names it)", serverOf(u.url))
	}
	return fmt.Sprintf("failed after %d tries: %s", uploadAttempts, last), false
}

func (u uploader) post(ctx context.Context, data []byte) (int, []byte, time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.url, bytes.NewReader(data))
	if err != nil {
		return 0, nil, 0, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+u.token)
	resp, err := u.client.Do(req)
	if err != nil {
		return 0, nil, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return 0, nil, 0, err
	}
	var after time.Duration
	if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err == nil && s > 0 {
		after = time.Duration(s) * time.Second
	}
	return resp.StatusCode, body, after, nil
}

// problemText summarises a problem+json answer: its title and each bad
// field's pointer and reason.
func problemText(body []byte) string {
	var p struct {
		Title  string `json:"title"`
		Detail string `json:"detail"`
		Errors []struct {
			Pointer string `json:"pointer"`
			Reason  string `json:"reason"`
		} `json:"errors"`
	}
	if json.Unmarshal(body, &p) != nil || p.Title == "" {
		return strings.TrimSpace(string(body))
	}
	parts := []string{p.Title}
	for i, e := range p.Errors {
		if i == 5 {
			parts = append(parts, fmt.Sprintf("… %d more", len(p.Errors)-5))
			break
		}
		if e.Pointer == "" {
			parts = append(parts, e.Reason) // the document as a whole, e.g. not JSON
			continue
		}
		parts = append(parts, e.Pointer+": "+e.Reason)
	}
	if len(p.Errors) == 0 && p.Detail != "" {
		parts = append(parts, p.Detail)
	}
	return strings.Join(parts, "; ")
}

func reasonOf(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// serverOf is the server part of an upload URL.
func serverOf(endpoint string) string {
	base, _, _ := strings.Cut(endpoint, "/api/v1/recordings")
	return base
}
