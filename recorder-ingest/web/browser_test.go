package web_test

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	ingest "github.com/stepwise-sop/stepwise/recorder-ingest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/recorder-ingest/internal/browsertest"
	"github.com/stepwise-sop/stepwise/recorder-ingest/sqlite"
	"github.com/stepwise-sop/stepwise/templates"
)

var update = flag.Bool("update", false, "rewrite the screenshots in docs/screenshots")

// server starts the API and UI on a loopback port with a new database and
// returns its address and a token for each of two teams.
func server(t *testing.T) (string, string, string) {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "ui.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	a, err := store.CreateToken(ctx, "help-desk")
	if err != nil {
		t.Fatal(err)
	}
	b, err := store.CreateToken(ctx, "other-team")
	if err != nil {
		t.Fatal(err)
	}
	key, err := store.Secret(ctx, "ui-session")
	if err != nil {
		t.Fatal(err)
	}
	base := browsertest.Serve(t, api.New(api.Config{Service: &ingest.Service{Store: store}, Ready: store.Ping, UIKey: key, Rate: -1}))
	return base, a, b
}

func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	browsertest.Do(t, ctx, steps...)
}

func waitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	browsertest.WaitFor(t, ctx, cond)
}

func eval[T any](t *testing.T, ctx context.Context, js string, opts ...chromedp.EvaluateOption) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, opts...))
	if err != nil {
		t.Fatalf("%s: %v", js, err)
	}
	return v
}

func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return v
}

// screenshot keeps a picture of the whole page: in $STEPWISE_SCREENSHOTS
// (a CI artifact folder) when set, and in docs/screenshots with -update.
func screenshot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	keepScreenshot(t, ctx, name, chromedp.FullScreenshot(100))
}

// screenshotTop keeps a picture of what the window shows, the top of the
// page.
func screenshotTop(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	keepScreenshot(t, ctx, name, chromedp.CaptureScreenshot())
}

func keepScreenshot(t *testing.T, ctx context.Context, name string, capture chromedp.Action[[]byte]) {
	t.Helper()
	png, err := chromedp.Run(ctx, capture)
	if err != nil {
		t.Fatal(err)
	}
	dirs := []string{t.TempDir()}
	if d := os.Getenv("STEPWISE_SCREENSHOTS"); d != "" {
		dirs = append(dirs, d)
	}
	if *update {
		dirs = append(dirs, "../../docs/screenshots")
	}
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, name+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func signIn(t *testing.T, ctx context.Context, base, token string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(base+"/workflows"),
		chromedp.WaitVisible(chromedp.ID("token")),
		chromedp.SendKeys(chromedp.ID("token"), token),
		chromedp.Click(chromedp.ID("signin")),
	)
	waitFor(t, ctx, `location.pathname === "/workflows" && document.readyState === "complete"`)
	if got := text(t, ctx, "main h1"); got != "Workflows" {
		t.Fatalf("after sign-in the page is %q", got)
	}
}

func upload(t *testing.T, ctx context.Context, base, file string) {
	t.Helper()
	abs, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	do(t, ctx,
		chromedp.Navigate(base+"/upload"),
		chromedp.SetUploadFiles(chromedp.ID("recording"), []string{abs}),
		chromedp.Click(chromedp.ID("upload")),
	)
	// The answer is a workflow page, or the upload page again with errors.
	waitFor(t, ctx, `document.readyState === "complete" && (location.pathname.startsWith("/workflows/") || document.getElementById("upload-error") !== null)`)
}

// TestBrowser drives the UI in headless Chromium as a person would: sign
// in, upload, read a workflow with its map and findings, download the PDF,
// lint a template, see a rejected upload, open a hostile recording, and try
// another team's page.
func TestBrowser(t *testing.T) {
	base, teamA, teamB := server(t)
	ctx := browsertest.Start(t)

	signIn(t, ctx, base, teamA)
	if !strings.Contains(text(t, ctx, "main"), "No recordings yet") {
		t.Error("a new team does not see the empty state")
	}

	// Upload an example and land on its page.
	upload(t, ctx, base, "../../examples/password-reset-sms/recording.json")
	if got := text(t, ctx, "main h1"); got != "Password reset with SMS verification" {
		t.Fatalf("after the upload the page is %q", got)
	}
	// The map: a picture in the SOP, drawn once the page is there.
	ok := eval[bool](t, ctx, `new Promise(r => { const i = document.getElementById("map"); if (i.complete) r(i.naturalWidth > 0); else { i.onload = () => r(i.naturalWidth > 0); i.onerror = () => r(false); } })`, chromedp.EvalAwaitPromise)
	if !ok {
		t.Error("the process map picture did not load")
	}
	// A finding links to its step, which the page marks.
	do(t, ctx, chromedp.Click(chromedp.CSS("#findings a")))
	waitFor(t, ctx, `location.hash.startsWith("#step-")`)
	if id := eval[string](t, ctx, `(document.querySelector(":target") || {}).id || ""`); !strings.HasPrefix(id, "step-") {
		t.Errorf("the finding's link marks %q, want a step", id)
	}
	screenshot(t, ctx, "workflow")

	// Download the PDF with the browser's session and check its bytes.
	head := eval[string](t, ctx, `fetch(document.querySelector('a[href*="sop.pdf"]').href).then(r => r.arrayBuffer()).then(b => String.fromCharCode(...new Uint8Array(b.slice(0, 8))) + " " + b.byteLength)`, chromedp.EvalAwaitPromise)
	if !strings.HasPrefix(head, "%PDF-") {
		t.Errorf("the PDF download starts %q", head)
	}

	// The list shows it with its counts.
	do(t, ctx, chromedp.Navigate(base+"/workflows"), chromedp.WaitVisible(chromedp.ID("workflows")))
	if row := text(t, ctx, "#workflows tbody tr"); !strings.Contains(row, "password-reset-sms") || !strings.Contains(row, "Service Desk") {
		t.Errorf("workflow row = %q", row)
	}
	screenshot(t, ctx, "workflows")

	// A bad upload shows its errors by JSON pointer and stores nothing.
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"schema":"stepwise/recording@1","id":"rec-bad0001","workflow":"bad","recorded_at":"2026-11-02T09:30:00Z","recorder":{"name":"r","version":"1"},"steps":[{"t":0,"action":"keyDown","value":"hunter2"}]}`), 0o644)
	upload(t, ctx, base, bad)
	if msg := text(t, ctx, "#upload-error"); !strings.Contains(msg, "/steps/0/action") || !strings.Contains(msg, "/steps/0/value") || strings.Contains(msg, "hunter2") {
		t.Errorf("upload error = %q", msg)
	}
	screenshot(t, ctx, "upload-error")
	do(t, ctx, chromedp.Navigate(base+"/workflows/bad"), chromedp.WaitVisible(chromedp.ID("error-title")))

	// A hostile recording is shown as text: no markup, no script.
	upload(t, ctx, base, "../../examples/hostile/recording.json")
	if h1 := text(t, ctx, "main h1"); !strings.Contains(h1, "<script>alert('title')</script>") {
		t.Errorf("the hostile title is not shown as text: %q", h1)
	}
	if n := eval[int](t, ctx, `document.scripts.length`); n != 1 {
		t.Errorf("%d scripts on the page, want only app.js", n)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#sop img:not(#map), #sop iframe, #sop object, #sop svg").length`); n != 0 {
		t.Errorf("the hostile SOP made %d elements", n)
	}

	// Lint a built-in template: it is clean.
	src, _ := templates.Builtin("password-reset")
	do(t, ctx,
		chromedp.Navigate(base+"/lint"),
		chromedp.Click(chromedp.CSS(`input[name=kind][value=yaml]`)),
		chromedp.SetValue(chromedp.ID("source"), string(src)),
		chromedp.Click(chromedp.ID("lint")),
	)
	waitFor(t, ctx, `document.getElementById("report") !== null`)
	if rep := text(t, ctx, "#report"); !strings.Contains(rep, "0 errors, 0 warnings") {
		t.Errorf("lint report = %q", rep)
	}
	screenshot(t, ctx, "lint")
	do(t, ctx, chromedp.Navigate(base+"/templates"), chromedp.WaitVisible(chromedp.ID("gallery")))
	if n := eval[int](t, ctx, `document.querySelectorAll("#gallery li").length`); n != len(templates.Names()) {
		t.Errorf("the gallery shows %d templates", n)
	}
	screenshot(t, ctx, "templates")
	// A template's source scrolls, and the keyboard reaches it.
	do(t, ctx, chromedp.Click(chromedp.CSS(`#gallery h2 a`)))
	waitFor(t, ctx, `document.getElementById("template-source") !== null`)
	if ti := eval[int](t, ctx, `document.getElementById("template-source").tabIndex`); ti != 0 {
		t.Errorf("the template source has tabIndex %d, want 0", ti)
	}

	// Another team cannot open this team's workflow.
	do(t, ctx, chromedp.Click(chromedp.CSS(".signout button")))
	waitFor(t, ctx, `location.pathname === "/signin" && document.getElementById("token") !== null`)
	signIn(t, ctx, base, teamB)
	do(t, ctx, chromedp.Navigate(base+"/workflows/password-reset-sms"), chromedp.WaitVisible(chromedp.ID("error-title")))
	if got := text(t, ctx, "#error-title"); got != "Not found" {
		t.Errorf("team B sees %q on team A's workflow", got)
	}
}
