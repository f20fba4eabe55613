// Package browsertest starts headless Debian Chromium for the UI and
// extension tests, serves handlers on loopback, and waits for page
// conditions across page loads. Every page a test started with Start
// visits is audited: axe-core, reflow at 320 pixels and html-validate
// (audit.go).
package browsertest

import (
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Chromium is Debian's chromium binary (.ci/run installs it); the /usr/bin
// wrapper script is not what chromedp should start.
const Chromium = "/usr/lib/chromium/chromium"

// Start starts headless Chromium with a fresh profile and returns a
// context for its first tab, cancelled when the test ends. extra adds or
// overrides flags (an extension to load, for example). Every page the tab
// visits is audited, and the test fails on a serious or critical axe-core
// violation, a header cut off at 320 pixels, or invalid HTML.
func Start(t *testing.T, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	return audit(t, StartWithoutAudit(t, extra...))
}

// StartWithoutAudit is Start for tests whose pages are not Stepwise's (a
// third-party admin console the extension records in): their pages are
// not audited.
func StartWithoutAudit(t *testing.T, extra ...chromedp.ExecAllocatorOption) context.Context {
	t.Helper()
	if _, err := os.Stat(Chromium); err != nil {
		t.Fatalf("Chromium is required at %s (Debian package chromium; .ci/run installs it): %v", Chromium, err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(Chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("headless", "new"),
		chromedp.Flag("disable-component-update", true),
		chromedp.UserDataDir(filepath.Join(t.TempDir(), "profile")),
		chromedp.WindowSize(1280, 900),
	)
	opts = append(opts, extra...)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	// A bound on the whole browser session, so a hung page fails the test
	// rather than the suite: generous, because a test that audits every
	// page it visits (the approval loop visits 27) runs long on two busy
	// cores. It is no timing assertion.
	tctx, cancelT := context.WithTimeout(ctx, 4*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	if err := chromedp.Do(tctx); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return tctx
}

// Serve serves h on a 127.0.0.1 port until the test ends and returns its
// base URL.
func Serve(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// Do runs actions and fails the test on an error. Under an audit, the page
// each step acts on is audited first, once.
func Do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	a := auditorOf(ctx)
	if a == nil {
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, step := range steps {
		a.check("before a step acted on it")
		if err := chromedp.Do(ctx, step); err != nil {
			t.Fatal(err)
		}
	}
}

// WaitFor polls a JavaScript condition until it holds (15 s at most).
// After a click that loads a new page, evaluating fails while the page
// loads: that is a reason to look again, and the old page's elements never
// answer for the new one. On failure it shows the page's text.
func WaitFor(t *testing.T, ctx context.Context, cond string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	var last error
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond))
		if err == nil && ok {
			if a := auditorOf(ctx); a != nil {
				a.check("once the test's condition held")
			}
			return
		}
		last = err
		time.Sleep(50 * time.Millisecond)
	}
	body, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body ? document.body.innerText : ""`))
	t.Fatalf("waiting for %s: %v\npage text: %.500s", cond, last, body)
}
