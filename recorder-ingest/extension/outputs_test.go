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
	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/recorder-ingest/internal/browsertest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
)

// recServer is a real server on loopback with an empty SQLite store in a
// temporary folder, and a team token for it.
type recServer struct {
	store      *sqlite.Store
	dir        string // the store's folder
	url, token string
}

// startServer starts a recServer whose database is dir/db.
func startServer(t *testing.T, db string) recServer {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	store, err := sqlite.Open(ctx, filepath.Join(dir, db))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	token, err := store.CreateToken(ctx, "help-desk")
	if err != nil {
		t.Fatal(err)
	}
	url := browsertest.Serve(t, api.New(api.Config{Service: &ingest.Service{Store: store}, Rate: -1}))
	return recServer{store: store, dir: dir, url: url, token: token}
}

// setExtension saves the extension's settings from its options page: the
// server, the token and the host → app map.
func setExtension(t *testing.T, bctx context.Context, page, server, token, apps string) {
	t.Helper()
	browsertest.Do(t, bctx, chromedp.Navigate(page+"options.html"))
	browsertest.WaitFor(t, bctx, `document.getElementById("server") !== null && document.getElementById("server").value !== ""`)
	browsertest.Do(t, bctx,
		chromedp.SetValue(chromedp.ID("server"), server),
		chromedp.SetValue(chromedp.ID("token"), token),
		chromedp.SetValue(chromedp.ID("apps"), apps),
		chromedp.Click(chromedp.ID("save")),
	)
	browsertest.WaitFor(t, bctx, `document.getElementById("saved").textContent === "Saved."`)
}

// startRecording starts a recording from the popup page, with its task
// title, workflow slug and (when not empty) the agent's role.
func startRecording(t *testing.T, bctx context.Context, page, title, workflow, role string) {
	t.Helper()
	browsertest.Do(t, bctx, chromedp.Navigate(page+"popup.html"))
	browsertest.WaitFor(t, bctx, `document.getElementById("start") !== null && !document.getElementById("start").disabled`)
	fill := []chromedp.Action[chromedp.Void]{
		chromedp.SetValue(chromedp.ID("title"), title),
		chromedp.SetValue(chromedp.ID("workflow"), workflow),
	}
	if role != "" {
		fill = append(fill, chromedp.SetValue(chromedp.ID("role"), role))
	}
	browsertest.Do(t, bctx, append(fill, chromedp.Click(chromedp.ID("start")))...)
	browsertest.WaitFor(t, bctx, `document.getElementById("status").textContent.startsWith("Recording")`)
}

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
	// The tests record in pages that stand for third-party consoles (the
	// demo service desk, DokuWiki): those are not audited as Stepwise's.
	bctx := browsertest.StartWithoutAudit(t,
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
// the server's store and reads its database files.
func collectOutputs(tb testing.TB, srv recServer, slug string) (outputs, []byte) {
	tb.Helper()
	server, token := srv.url, srv.token
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
	srv.store.Close()
	files, _ := filepath.Glob(filepath.Join(srv.dir, "*.db*"))
	if len(files) == 0 {
		tb.Fatalf("no database file in %s", srv.dir)
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
