package extension_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"testing"

	"github.com/chromedp/chromedp"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/internal/browsertest"
)

// startWithExtension starts headless Chromium with the unpacked extension
// of this folder loaded, and returns the browser's context and the
// extension's base URL (chrome-extension://ID/).
func startWithExtension(t *testing.T) (context.Context, string) {
	t.Helper()
	ext, err := filepath.Abs(".")
	if err != nil {
		t.Fatal(err)
	}
	page := "chrome-extension://" + extensionID(t, ext) + "/"
	bctx := browsertest.Start(t,
		chromedp.Flag("disable-extensions", false),
		chromedp.Flag("disable-extensions-except", ext),
		chromedp.Flag("load-extension", ext),
	)
	return bctx, page
}

// apiGet answers GET path on the server with the team's token, and fails
// the test unless it is a 200.
func apiGet(tb testing.TB, server, token, path string) []byte {
	tb.Helper()
	req, _ := http.NewRequest("GET", server+path, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		tb.Fatalf("GET %s: %d %s", path, resp.StatusCode, data)
	}
	return data
}

// outputs is every place an uploaded workflow can be read back from, by
// name: the workflow's and the recording's API answers, each artifact (and
// the PDF's text), and the database files. A privacy test searches them
// all for what must not be there.
type outputs map[string][]byte

// collectOutputs reads back the one version of workflow slug, then closes
// store and reads the database files matching dbGlob.
func collectOutputs(tb testing.TB, server, token, slug string, store io.Closer, dbGlob string) (outputs, []byte) {
	tb.Helper()
	out := outputs{}
	wfJSON := apiGet(tb, server, token, "/api/v1/workflows/"+slug)
	out["the workflow's API answer"] = wfJSON
	var wf struct {
		Versions []struct {
			ID string `json:"id"`
		} `json:"versions"`
	}
	if err := json.Unmarshal(wfJSON, &wf); err != nil || len(wf.Versions) != 1 {
		tb.Fatalf("workflow: %s", wfJSON)
	}
	recJSON := apiGet(tb, server, token, "/api/v1/recordings/"+wf.Versions[0].ID)
	out["the recording's API answer"] = recJSON
	for name := range ingest.ContentTypes {
		data := apiGet(tb, server, token, "/api/v1/workflows/"+slug+"/"+name)
		out[name] = data
		if name == "sop.pdf" {
			cmd := exec.Command("pdftotext", "-", "-")
			cmd.Stdin = bytes.NewReader(data)
			text, err := cmd.Output()
			if err != nil {
				tb.Fatalf("pdftotext: %v", err)
			}
			out["sop.pdf's text"] = text
		}
	}
	store.Close()
	files, _ := filepath.Glob(dbGlob)
	if len(files) == 0 {
		tb.Fatalf("no database file matches %s", dbGlob)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		out[filepath.Base(f)] = data
	}
	return out, recJSON
}

// holding lists, sorted, the places that hold s.
func (o outputs) holding(s string) []string {
	var in []string
	for place, data := range o {
		if bytes.Contains(data, []byte(s)) {
			in = append(in, place)
		}
	}
	sort.Strings(in)
	return in
}
