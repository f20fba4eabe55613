package extension_test

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/serviceworker"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/stepwise-sop/stepwise/recorder-ingest/extension"
	"github.com/stepwise-sop/stepwise/recorder-ingest/internal/browsertest"
)

// TestJavaScriptUnits runs the extension's unit tests with Node's test
// runner (name computation, event → step mapping).
func TestJavaScriptUnits(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("node is required for the extension's unit tests")
	}
	// Node, not this process, reads the tests: reading them here makes them
	// inputs of go test's cache (the extension's own files are embedded).
	tests, err := filepath.Glob("test/*.js")
	if err != nil || len(tests) == 0 {
		t.Fatalf("no Node tests in test/: %v", err)
	}
	for _, f := range tests {
		if _, err := os.ReadFile(f); err != nil {
			t.Fatal(err)
		}
	}
	// A test that never settles would hold go test until its own timeout.
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, node, "--test", "test/").CombinedOutput()
	if ctx.Err() != nil {
		t.Fatalf("node --test did not finish in 2 minutes:\n%s", out)
	}
	if err != nil {
		t.Fatalf("node --test: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "# fail 0") {
		t.Fatalf("node --test reported failures:\n%s", out)
	}
}

// extensionID is the id Chromium gives an unpacked extension with this
// "key": the first 128 bits of the SHA-256 of the key, in the letters a-p.
func extensionID(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Key string `json:"key"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	der, err := base64.StdEncoding.DecodeString(m.Key)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(der)
	h := hex.EncodeToString(sum[:16])
	var b strings.Builder
	for _, c := range h {
		v := strings.IndexRune("0123456789abcdef", c)
		b.WriteByte(byte('a' + v))
	}
	return b.String()
}

const secret = "Hunter2-SECRET-7731"

// stopServiceWorker stops every service worker of the browser, the
// extension's among them, as Chromium does once a worker has been idle for
// about 30 seconds, and waits until the extension's worker is gone.
func stopServiceWorker(t *testing.T, ctx context.Context, extPage string) {
	t.Helper()
	if _, err := chromedp.Call(ctx, serviceworker.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("ServiceWorker.enable: %v", err)
	}
	if _, err := chromedp.Call(ctx, serviceworker.StopAllWorkers, cdp.Empty{}); err != nil {
		t.Fatalf("ServiceWorker.stopAllWorkers: %v", err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		res, err := chromedp.CallBrowser(ctx, target.GetTargets, target.GetTargetsParams{})
		if err != nil {
			t.Fatalf("Target.getTargets: %v", err)
		}
		running := false
		for _, ti := range res.TargetInfos {
			if ti.Type == "service_worker" && strings.HasPrefix(ti.URL, extPage) {
				running = true
			}
		}
		if !running {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the extension's service worker is still running after ServiceWorker.stopAllWorkers")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestRecorderEndToEnd loads the unpacked extension in headless Chromium,
// records a password reset on the demo service desk while typing a known
// secret into its fields, uploads to a real server on loopback, and checks
// what arrived: the steps, the SOP's words, and the secret nowhere.
func TestRecorderEndToEnd(t *testing.T) {
	srv := startServer(t, "e2e.db")
	server, token := srv.url, srv.token
	desk := browsertest.Serve(t, http.FileServer(http.Dir("../../examples/demo-service-desk")))

	// Chromium, not this process, reads the extension's files, so go
	// test's cache would not see them change; they are embedded in the
	// package, and using that makes them part of this test's inputs.
	for _, f := range []string{"manifest.json", "content.js", "delivery.js", "background.js", "steps.js", "name.js"} {
		if _, err := fs.Stat(extension.Files, f); err != nil {
			t.Fatalf("the shipped extension lacks %s: %v", f, err)
		}
	}
	bctx, page := startWithExtension(t)
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		browsertest.Do(t, bctx, steps...)
	}
	waitFor := func(cond string) {
		t.Helper()
		browsertest.WaitFor(t, bctx, cond)
	}

	// A loopback port nobody listens on: the first upload fails.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := "http://" + ln.Addr().String()
	ln.Close()

	// Settings: the server, the token, and the app name of the demo host.
	settings := func(url string) {
		t.Helper()
		setExtension(t, bctx, page, url, token, "127.0.0.1 = Service Desk")
	}
	settings(dead)

	// Start recording from the popup page.
	startRecording(t, bctx, page, "Password reset (demo)", "demo-reset", "service desk agent")

	// The task, typing the secret wherever a value goes.
	// Content scripts start once a page is idle and leave no trace in the
	// page to wait for; a generous pause after each load lets them.
	settle := func() { time.Sleep(800 * time.Millisecond) }
	run(chromedp.Navigate(desk + "/index.html"))
	waitFor(`document.readyState === "complete"`)
	settle()
	// A search by Enter in the box: the browser clicks the default button
	// itself and loads the same list page with a query.
	run(chromedp.SendKeys(chromedp.ID("q"), "INC0012345"+kb.Enter))
	waitFor(`location.search === "?q=INC0012345" && document.readyState === "complete"`)
	settle()
	// The worker is stopped right before a click that leaves the page, as
	// Chromium does after about 30 s without events: the click must still
	// reach the recording.
	stopServiceWorker(t, bctx, page)
	// On the link's icon: an SVG element, as pointers often land.
	run(chromedp.Click(chromedp.Search(`//a[text()="INC0012345"]/*[local-name()="svg"]`)))
	waitFor(`location.pathname.endsWith("/incident.html") && document.readyState === "complete"`)
	settle()
	run(
		chromedp.SetValue(chromedp.ID("verify-method"), "sms"), // sets the value and fires change, as a person's choice does
		chromedp.Click(chromedp.ID("send-code")),
	)
	// Tag the last step from the popup, open in a second tab, as an agent
	// would; then back to the desk's tab.
	pctx, cancelP := chromedp.NewContext(bctx)
	defer cancelP()
	if err := chromedp.Do(pctx, chromedp.Navigate(page+"popup.html")); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(10 * time.Second); ; {
		ok, err := chromedp.Run(pctx, chromedp.Evaluate[bool](`document.getElementById("marks") !== null && !document.getElementById("marks").disabled`))
		if err == nil && ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the popup's markers never became available")
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := chromedp.Do(pctx, chromedp.Click(chromedp.CSS(`button[data-mark="verification"]`))); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	cancelP()
	run(
		chromedp.SendKeys(chromedp.ID("code"), secret),
		chromedp.Click(chromedp.ID("verify-result")), // focus leaves the code field: its change event
		chromedp.SetValue(chromedp.ID("verify-result"), "Passed"),
		chromedp.Click(chromedp.ID("open-reset")),
		chromedp.Click(chromedp.CSS(`input[name="reset-method"][value="auto"]`)),
		chromedp.SendKeys(chromedp.ID("temp-password"), secret),
		chromedp.Click(chromedp.ID("force-change")),
		chromedp.Click(chromedp.ID("do-reset")),
		chromedp.SendKeys(chromedp.ID("work-notes"), "Reset done, code "+secret),
		chromedp.Click(chromedp.ID("state")), // focus leaves the notes: their change event
	)
	// Paused from the popup in another tab, the pages record nothing; a
	// page loaded while paused hears of the resume and records again.
	inPopup := func(ready string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		pctx, cancel := chromedp.NewContext(bctx)
		defer cancel()
		browsertest.Do(t, pctx, chromedp.Navigate(page+"popup.html"))
		browsertest.WaitFor(t, pctx, ready)
		browsertest.Do(t, pctx, steps...)
	}
	inPopup(`document.getElementById("pause") !== null && document.getElementById("pause").textContent === "Pause" && !document.getElementById("pause").disabled`,
		chromedp.Click(chromedp.ID("pause")))
	time.Sleep(300 * time.Millisecond)
	run(chromedp.Reload())
	waitFor(`document.readyState === "complete"`)
	settle()
	run(chromedp.Click(chromedp.ID("send-code")))
	inPopup(`document.getElementById("pause") !== null && document.getElementById("pause").textContent === "Resume"`,
		chromedp.Click(chromedp.ID("pause")))
	time.Sleep(300 * time.Millisecond)
	run(chromedp.Click(chromedp.ID("save")))
	waitFor(`document.getElementById("saved").textContent === "Saved."`)

	// Stop and upload from the popup.
	run(chromedp.Navigate(page + "popup.html"))
	waitFor(`document.getElementById("stop") !== null && !document.getElementById("stop").disabled`)
	if lost, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`document.getElementById("lost").hidden`)); err != nil || !lost {
		t.Errorf("the popup reports lost steps when none was lost (err %v)", err)
	}
	// A page whose second event never reached the worker (its third did):
	// the popup says a step could not be recorded. Its events add no step.
	run(chromedp.Evaluate[chromedp.Void](`chrome.storage.local.get("recorder").then((r) => {
		const ev = (seq) => ({ seq: seq, src: "gap-test", rid: r.recorder.id, kind: "frames", srcs: [], at: Date.now(), url: location.href });
		return chrome.storage.local.set({ "inbox:gap-test": [ev(1), ev(3)] });
	})`, chromedp.EvalAwaitPromise))
	waitFor(`!document.getElementById("lost").hidden && document.getElementById("lost").textContent.startsWith("1 step could not be recorded")`)
	run(chromedp.Click(chromedp.ID("stop")))
	waitFor(`!document.getElementById("upload").disabled`)
	run(chromedp.Click(chromedp.ID("upload")))
	waitFor(`document.getElementById("result").textContent.startsWith("Not sent")`)
	waiting, err := chromedp.Run(bctx, chromedp.Evaluate[string](`chrome.storage.local.get(null).then(s => JSON.stringify(s))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(waiting, `"outbox":[{`) || strings.Contains(waiting, secret) {
		t.Errorf("while the server is away the outbox should hold the recording, without the secret: %.300s", waiting)
	}
	// The server is back at its address: retry from the queue.
	settings(server)
	run(chromedp.Navigate(page + "popup.html"))
	// Either the queue's own retry (chrome.alarms) got there first, or the
	// agent retries from the popup.
	waitFor(`document.getElementById("status") !== null && document.getElementById("status").textContent !== ""`)
	pendingNow, err := chromedp.Run(bctx, chromedp.Evaluate[bool](`chrome.storage.local.get("outbox").then(s => (s.outbox || []).length > 0)`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if pendingNow {
		waitFor(`!document.getElementById("retry").hidden`)
		run(chromedp.Click(chromedp.ID("retry")))
		waitFor(`document.getElementById("result").textContent.startsWith("Stored as demo-reset version 1")`)
	} else {
		t.Log("the queue retried on its own before the popup was opened")
	}

	// The extension keeps nothing of it once stored.
	storage, err := chromedp.Run(bctx, chromedp.Evaluate[string](`chrome.storage.local.get(null).then(s => JSON.stringify(s))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(storage, `"recording"`) || strings.Contains(storage, `"steps"`) || strings.Contains(storage, `"inbox:`) {
		t.Errorf("extension storage still holds the recording: %.300s", storage)
	}

	// What arrived.
	places, recJSON := collectOutputs(t, srv, "demo-reset")
	places["the extension's storage"] = []byte(storage)
	var got struct {
		Recording struct {
			Actor struct{ Role string } `json:"actor"`
			Steps []struct {
				Action    string `json:"action"`
				Page      string `json:"page"`
				App       string `json:"app"`
				Choice    string `json:"choice"`
				FieldKind string `json:"field_kind"`
				Mark      string `json:"mark"`
				Target    struct {
					Role, Name string
				} `json:"target"`
			} `json:"steps"`
		} `json:"recording"`
	}
	if err := json.Unmarshal(recJSON, &got); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, s := range got.Recording.Steps {
		line := strings.Join(strings.Fields(s.Action+" "+s.Target.Name+" "+s.Choice+" "+s.FieldKind), " ")
		if s.Action == "navigate" {
			line += " " + s.Page
		}
		lines = append(lines, line)
		if s.App != "Service Desk" {
			t.Errorf("step %q has app %q", s.Action, s.App)
		}
	}
	marked := ""
	for _, st := range got.Recording.Steps {
		if st.Mark != "" {
			marked += st.Action + " " + st.Target.Name + "=" + st.Mark + ";"
		}
	}
	if marked != "click Send code=verification;" {
		t.Errorf("marked steps = %q, want the Send code click tagged verification", marked)
	}
	// One step per action of the agent, in order: the search is its
	// submit (no click from Enter, no second visit of the list), the reset
	// is one submit, and the click made while the worker was stopped is
	// there.
	want := []string{
		"navigate Incidents | Service Desk",
		"input Search incidents search",
		"submit Search",
		"click INC0012345",
		"navigate INC0012345 | Service Desk",
		"select Verification method SMS code to registered mobile",
		"click Send code",
		"input other", // the one-time-code field: its kind, not even its label
		"select Verification result Passed",
		"click Reset password",
		"select Reset method Auto-generate a temporary password",
		"input Temporary password password", // a password field keeps its label, never its value
		"check User must change password at next sign-in",
		"submit Reset",
		"input Work notes text",
		"click Save",
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("steps:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	seenLine := map[string]bool{}
	for _, l := range lines {
		if seenLine[l] {
			t.Errorf("step %q recorded twice", l)
		}
		seenLine[l] = true
	}
	if got.Recording.Actor.Role != "service desk agent" {
		t.Errorf("actor = %q", got.Recording.Actor.Role)
	}
	sop := places["sop.md"]
	for _, want := range []string{"Verification method", "SMS code to registered mobile", "Reset password", "Work notes"} {
		if !strings.Contains(string(sop), want) {
			t.Errorf("the SOP does not name %q", want)
		}
	}
	for _, secret := range []string{secret, "SECRET-7731"} {
		if in := places.holding(secret); len(in) > 0 {
			t.Errorf("the typed secret %q reached %v", secret, in)
		}
	}
}
