package browsertest

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/stepwise-sop/stepwise/scripts/validators"
)

// The auditor checks every page a test visits, so that a page added to the
// UI is checked without a list to keep. Each document the tab shows is
// audited once, at the first of: before a step of Do acts on it, once a
// WaitFor condition holds on it, and when the test ends — so in the state
// the test brought it to (a form filled, a report shown). An audit runs
// axe-core in the page and looks at the header at 320 CSS pixels wide
// (WCAG 1.4.10, reflow). Every HTML document the tab is served is kept,
// read from the answer as it arrives (the Fetch domain holds it a moment),
// and checked with html-validate when the test ends. (Auditing a page just
// as the tab leaves it cannot work: while a navigation is held, the page
// answers no DevTools command.)

// failImpacts are the axe impacts that fail a test.
var failImpacts = map[string]bool{"serious": true, "critical": true}

// failRules fail a test whatever impact axe gives them: problems fixed once
// that must not come back (an empty table header is "minor" to axe, and is
// a header of nothing to a screen reader).
var failRules = map[string]bool{"empty-table-header": true, "scrollable-region-focusable": true}

// axeRun audits the document once (a redirect asks again) and returns the
// violations as JSON, or "" for a page that is not served over HTTP.
const axeRun = `(async () => {
  if (!/^https?:$/.test(location.protocol) || window.__stepwiseAudited) return "";
  window.__stepwiseAudited = true;
  const r = await axe.run(document, {resultTypes: ["violations"]});
  return JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact || "", help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))})));
})()`

// reflowCheck lists the controls of the page's header that a 320-pixel
// viewport cuts off, and says so when the header scrolls sideways.
const reflowCheck = `(() => {
  const vw = document.documentElement.clientWidth, bad = [];
  for (const h of document.querySelectorAll("body > header, header[role=banner], body > nav")) {
    if (h.scrollWidth > h.clientWidth + 1) bad.push("the header scrolls sideways");
    for (const el of h.querySelectorAll("a, button, input, select, label")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || el.offsetParent === null && getComputedStyle(el).position !== "fixed") continue;
      if (r.left < -1 || r.right > vw + 1) bad.push(JSON.stringify((el.textContent || el.value || el.tagName).trim()) + " is cut off");
    }
  }
  return bad.join("; ");
})()`

type violation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

type auditor struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex // guards what follows, and one audit at a time
	problems []string
	audited  []string
	served   map[string]string // URL → HTML, as served
	minor    int

	stop func() // stops keeping HTML; safe to call twice
}

type auditKey struct{}

// auditorOf returns the auditor of ctx's tab, or nil.
func auditorOf(ctx context.Context) *auditor {
	a, _ := ctx.Value(auditKey{}).(*auditor)
	return a
}

// audit starts auditing the pages of ctx's tab (ctx must have started) and
// returns ctx with its auditor, for Do and WaitFor. Without axe-core it
// fails under CI and only says so elsewhere.
func audit(t *testing.T, ctx context.Context) context.Context {
	t.Helper()
	axe := validators.Module("axe-core/axe.min.js")
	if err := axe.Missing(); err != nil {
		if validators.InCI() {
			t.Fatalf("%v: the pages cannot be audited (CI must install it: see .ci/run)", err)
		}
		t.Logf("pages not audited with axe-core or html-validate: %v", err)
		return ctx
	}
	a := newAuditor(t, ctx, axe.Path)
	t.Cleanup(func() {
		a.check("at the end of the test")
		a.stop()
		a.report()
	})
	return context.WithValue(ctx, auditKey{}, a)
}

// newAuditor puts axe-core into every document of ctx's tab and starts
// keeping the HTML the tab is served, until stop.
func newAuditor(t *testing.T, ctx context.Context, axePath string) *auditor {
	t.Helper()
	src, err := os.ReadFile(axePath)
	if err != nil {
		t.Fatal(err)
	}
	a := &auditor{t: t, ctx: ctx, served: map[string]string{}}
	main := cdp.FrameID(chromedp.FromContext(ctx).Target.TargetID)
	ectx, stop := context.WithCancel(ctx)
	events := chromedp.Events(ectx, fetch.RequestPaused)
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: string(src)}); err != nil {
		t.Fatalf("add axe-core to every page: %v", err)
	}
	pattern := func(stage fetch.RequestStage) *fetch.RequestPattern {
		return &fetch.RequestPattern{URLPattern: "*", ResourceType: network.ResourceTypeDocument, RequestStage: stage}
	}
	if _, err := chromedp.Call(ctx, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{pattern(fetch.RequestStageResponse)}}); err != nil {
		t.Fatalf("watch the pages' requests: %v", err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for ev, err := range events {
			if err != nil {
				return
			}
			a.paused(ev, main)
		}
	}()
	a.stop = func() {
		stop()
		wg.Wait()
	}
	t.Cleanup(a.stop)
	return a
}

// paused handles the answer to a document request, held by the Fetch
// domain: the HTML of the tab's own frame is kept. Then it goes on.
func (a *auditor) paused(ev fetch.EventRequestPaused, main cdp.FrameID) {
	if ev.FrameID == main && (ev.ResponseStatusCode < 300 || ev.ResponseStatusCode >= 400) {
		a.keep(ev)
	}
	if _, err := chromedp.Call(a.ctx, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: ev.RequestID}); err != nil && a.ctx.Err() == nil {
		a.fail("let %s go on: %v", ev.Request.URL, err)
	}
}

// keep stores the HTML a document was served as.
func (a *auditor) keep(ev fetch.EventRequestPaused) {
	html := false
	for _, h := range ev.ResponseHeaders {
		html = html || strings.EqualFold(h.Name, "Content-Type") && strings.HasPrefix(strings.ToLower(h.Value), "text/html")
	}
	if !html {
		return
	}
	body, err := chromedp.Call(a.ctx, fetch.GetResponseBody, fetch.GetResponseBodyParams{RequestID: ev.RequestID})
	if err != nil {
		a.fail("read the page %s: %v", ev.Request.URL, err)
		return
	}
	a.mu.Lock()
	a.served[fmt.Sprintf("%s %s (%d)", ev.Request.Method, ev.Request.URL, ev.ResponseStatusCode)] = string(body.Body)
	a.mu.Unlock()
}

// check audits the page the tab shows now.
func (a *auditor) check(when string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	// While the tab is between pages there is no document to ask: a short
	// bound, so a check made then is skipped (the page is audited when it
	// has loaded) instead of waiting.
	uctx, ucancel := context.WithTimeout(a.ctx, 3*time.Second)
	url, err := evalString(uctx, `location.href`)
	ucancel()
	if err != nil || !strings.HasPrefix(url, "http") {
		return // nothing loaded yet, or no page of a server
	}
	// A bound, not a timing check: axe-core on a workflow page (the SOP,
	// its map as SVG) takes seconds, and many more on two cores busy with
	// the rest of the suite.
	ctx, cancel := context.WithTimeout(a.ctx, time.Minute)
	defer cancel()
	out, err := evalString(ctx, axeRun)
	if err != nil {
		a.problems = append(a.problems, fmt.Sprintf("%s: could not run axe-core %s: %v", url, when, err))
		return
	}
	if out == "" {
		return // audited already
	}
	a.audited = append(a.audited, url)
	var vs []violation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		a.problems = append(a.problems, fmt.Sprintf("%s: axe-core's answer: %v", url, err))
		return
	}
	for _, v := range vs {
		if failImpacts[v.Impact] || failRules[v.ID] {
			a.problems = append(a.problems, fmt.Sprintf("%s: axe %s (%s): %s, at %s", url, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, ", ")))
		} else {
			a.minor++
			a.t.Logf("%s: axe %s (%s): %s", url, v.ID, v.Impact, v.Help)
		}
	}
	if msg := a.reflow(ctx); msg != "" {
		a.problems = append(a.problems, fmt.Sprintf("%s: at 320 CSS pixels wide, %s (WCAG 1.4.10)", url, msg))
	}
}

// reflow lays the page out 320 CSS pixels wide, looks at its header, and
// restores the window.
func (a *auditor) reflow(ctx context.Context) string {
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: 320, Height: 640, DeviceScaleFactor: 1}); err != nil {
		return "the viewport could not be narrowed: " + err.Error()
	}
	defer chromedp.Call(ctx, emulation.ClearDeviceMetricsOverride, cdp.Empty{})
	msg, err := evalString(ctx, `new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(`+reflowCheck+`))))`)
	if err != nil {
		return "the header could not be measured: " + err.Error()
	}
	return msg
}

// evalString evaluates a JavaScript expression whose value (or promised
// value) is a string, in the document the tab shows. It calls
// Runtime.evaluate itself: while a navigation is held, chromedp's own
// Evaluate waits for the new document, which the hold keeps from coming.
func evalString(ctx context.Context, expr string) (string, error) {
	yes := true
	res, err := chromedp.Call(ctx, runtime.Evaluate, runtime.EvaluateParams{Expression: expr, AwaitPromise: &yes, ReturnByValue: &yes})
	if err != nil {
		return "", err
	}
	if res.ExceptionDetails != nil {
		return "", fmt.Errorf("%s", res.ExceptionDetails.Text)
	}
	var out string
	if res.Result != nil && len(res.Result.Value) > 0 {
		if err := json.Unmarshal([]byte(res.Result.Value), &out); err != nil {
			return "", err
		}
	}
	return out, nil
}

func (a *auditor) fail(format string, args ...any) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.problems = append(a.problems, fmt.Sprintf(format, args...))
}

// report fails the test with what the audits found, after html-validate
// has read every page as served.
func (a *auditor) report() {
	a.t.Helper()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.t.Logf("axe-core audited %d pages (%d minor or moderate findings logged)", len(a.audited), a.minor)
	for _, p := range a.problems {
		a.t.Errorf("accessibility: %s", p)
	}
	if len(a.served) == 0 {
		return
	}
	dir := a.t.TempDir()
	var files []string
	names := map[string]string{}
	for url, html := range a.served {
		sum := sha256.Sum256([]byte(html))
		name := filepath.Join(dir, fmt.Sprintf("%x.html", sum[:6]))
		if _, ok := names[name]; ok {
			continue
		}
		names[name] = url
		if err := os.WriteFile(name, []byte(html), 0o644); err != nil {
			a.t.Fatal(err)
		}
		files = append(files, name)
	}
	a.t.Logf("html-validate reads the %d pages served (%d documents)", len(a.served), len(files))
	validators.HTML(a.t, files...)
	if a.t.Failed() {
		for name, url := range names {
			a.t.Logf("%s is %s", filepath.Base(name), url)
		}
	}
}
