package extension_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/stepwise-sop/stepwise/recorder-ingest/internal/browsertest"
)

// The record picked from the list on testdata/leakdesk/users.html, and the
// text the pages hold in static text and table cells.
const (
	leakRecord     = "mjones"
	leakStaticText = "STATIC-SECRET-5150"
)

// TestRecorderKeepsTypedAndStaticTextOut records a password change on the
// test pages in testdata/leakdesk while typing the secret into every kind of
// editable region (a contenteditable div with no role or label, an ARIA
// text box, an editor in a frame, a document in design mode, a textarea,
// password fields) and clicking around and inside them, on static text and
// on table cells that hold another secret. Neither secret, nor the user
// picked from the list, may reach the recording, the server or any
// document; the controls keep names a person would say.
func TestRecorderKeepsTypedAndStaticTextOut(t *testing.T) {
	srv := startServer(t, "leak.db")
	server, token := srv.url, srv.token
	desk := browsertest.Serve(t, http.FileServer(http.Dir("testdata/leakdesk")))

	bctx, page := startWithExtension(t)
	run := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		browsertest.Do(t, bctx, steps...)
	}
	waitFor := func(cond string) {
		t.Helper()
		browsertest.WaitFor(t, bctx, cond)
	}
	eval := func(js string) {
		t.Helper()
		if _, err := chromedp.Run(bctx, chromedp.Evaluate[bool](js+"; true")); err != nil {
			t.Fatalf("%s: %v", js, err)
		}
	}
	// clickIn clicks the middle of an element with the mouse, as a person
	// does; chromedp's Click cannot reach into a frame's document.
	clickIn := func(id string) {
		t.Helper()
		xy, err := chromedp.Run(bctx, chromedp.Evaluate[[]float64](`(() => { const r = document.getElementById(`+jsString(id)+`).getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; })()`))
		if err != nil || len(xy) != 2 {
			t.Fatalf("where is #%s: %v", id, err)
		}
		run(chromedp.MouseClickXY(xy[0], xy[1]))
	}
	// Content scripts start once a page is idle and leave no trace in the
	// page to wait for; a generous pause after each load lets them.
	settle := func() { time.Sleep(800 * time.Millisecond) }

	setExtension(t, bctx, page, server, token, "127.0.0.1 = Test desk")
	startRecording(t, bctx, page, "Password change (leak test)", "leak-test", "")

	// The list: a filter option, a cell holding a name, the record.
	run(chromedp.Navigate(desk + "/users.html"))
	waitFor(`document.readyState === "complete"`)
	settle()
	run(chromedp.Click(chromedp.ID("filter-no")))
	waitFor(`location.search === "?active=0" && document.readyState === "complete"`)
	settle()
	run(
		chromedp.Click(chromedp.ID("first-name")),
		chromedp.Click(chromedp.Search(`//a[text()="`+leakRecord+`"]`)),
	)
	waitFor(`location.pathname.endsWith("/user.html") && document.readyState === "complete"`)
	settle()

	// The record's page: static text, a vague link, two password fields.
	run(
		chromedp.Click(chromedp.CSS("h1")),
		chromedp.Click(chromedp.ID("hash-summary")),
		chromedp.Click(chromedp.ID("this-form")),
		chromedp.SendKeys(chromedp.ID("p1"), secret),
		chromedp.SendKeys(chromedp.ID("p2"), secret),
		chromedp.Click(chromedp.ID("change")),
	)
	waitFor(`document.getElementById("done").textContent === "Changed."`)

	// Every editable region: type the secret, click in it and around it.
	run(
		chromedp.SendKeys(chromedp.ID("notes"), "call back "+secret),
		chromedp.Click(chromedp.ID("notes")),
		chromedp.SendKeys(chromedp.ID("reply"), secret),
		chromedp.Click(chromedp.ID("reply")),
		chromedp.SendKeys(chromedp.ID("comment"), secret),
		chromedp.Click(chromedp.ID("comment")),
		chromedp.Click(chromedp.ID("secret-cell")), // focus leaves the textarea: its change event
	)
	eval(`document.getElementById("editor-frame").contentDocument.body.focus()`)
	run(chromedp.KeyEvent(secret))
	clickIn("editor-frame")
	eval(`(() => { const d = document.getElementById("design-frame").contentDocument; d.designMode = "on"; d.body.focus(); })()`)
	run(chromedp.KeyEvent(secret))
	clickIn("design-frame")
	run(
		chromedp.Click(chromedp.ID("notes")),
		chromedp.Click(chromedp.ID("secret-cell")),
	)
	time.Sleep(300 * time.Millisecond)

	run(chromedp.Navigate(page + "popup.html"))
	waitFor(`document.getElementById("stop") !== null && !document.getElementById("stop").disabled`)
	recorded, err := chromedp.Run(bctx, chromedp.Evaluate[string](`chrome.storage.local.get("recording").then(s => JSON.stringify(s.recording.generalised || 0))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	if recorded == "0" {
		t.Error("the recording counts no generalised record names")
	}
	run(chromedp.Click(chromedp.ID("stop")))
	waitFor(`!document.getElementById("upload").disabled`)
	run(chromedp.Click(chromedp.ID("upload")))
	waitFor(`document.getElementById("result").textContent.startsWith("Stored as leak-test version 1")`)
	storage, err := chromedp.Run(bctx, chromedp.Evaluate[string](`chrome.storage.local.get(null).then(s => JSON.stringify(s))`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}

	places, recJSON := collectOutputs(t, srv, "leak-test")
	places["the extension's storage"] = []byte(storage)
	var got struct {
		Recording struct {
			Steps []struct {
				Action    string `json:"action"`
				Page      string `json:"page"`
				FieldKind string `json:"field_kind"`
				Target    struct {
					Role, Name, Selector string
				} `json:"target"`
			} `json:"steps"`
		} `json:"recording"`
	}
	if err := json.Unmarshal(recJSON, &got); err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, s := range got.Recording.Steps {
		lines = append(lines, strings.Join(strings.Fields(s.Action+" "+s.Target.Role+" "+s.Target.Name+" "+s.FieldKind+" | "+s.Page), " "))
	}
	all := strings.Join(lines, "\n")
	for _, want := range []string{
		"click link By active: No |",
		"click text |",
		"click link Username: [record] |",
		"navigate | Change password: [record] | Test desk",
		"click link Password: this form |",
		"input textbox New password password |",
		"input textbox Confirm new password password |",
		"submit button Change password |",
		"click textbox Reply |",
		"input textbox Comment text |",
		"click textbox Rich text editor |",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the recording lacks %q; it has:\n%s", want, all)
		}
	}
	for _, s := range got.Recording.Steps {
		if s.Target.Role == "text" && (s.Target.Name != "" || s.Target.Selector != "") {
			t.Errorf("a click on static text kept %q / %q", s.Target.Name, s.Target.Selector)
		}
	}

	for _, s := range []string{secret, "SECRET-7731", leakStaticText, leakRecord} {
		if in := places.holding(s); len(in) > 0 {
			t.Errorf("%q reached %v", s, in)
		}
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
