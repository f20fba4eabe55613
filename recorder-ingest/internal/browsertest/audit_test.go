package browsertest

import (
	"net/http"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/stepwise-sop/stepwise/scripts/validators"
)

// badPage has a picture without a text alternative (axe: image-alt,
// critical), an empty table header, and a header whose links a 320-pixel
// viewport cuts off.
const badPage = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Bad</title>
<style>header nav { display: flex; white-space: nowrap; gap: 4rem; }</style></head>
<body><header><nav aria-label="Main"><a href="/a">Workflows</a><a href="/b">Upload</a><a href="/c">Lint</a><a href="/d">Templates</a></nav></header>
<main><h1>Bad</h1><img src="data:," width="10" height="10"><table><tr><th></th><th>Value</th></tr><tr><td>a</td><td>b</td></tr></table></main></body></html>`

// TestAuditorFindsWhatItLooksFor keeps the audit of every page honest: on
// a page with known faults it reports each, and it keeps the HTML served.
func TestAuditorFindsWhatItLooksFor(t *testing.T) {
	axe := validators.Module("axe-core/axe.min.js").Require(t)
	base := Serve(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte(badPage))
	}))
	ctx := StartWithoutAudit(t)
	a := newAuditor(t, ctx, axe)
	Do(t, ctx, chromedp.Navigate(base+"/bad"))
	a.check("in the test")
	a.stop()
	all := strings.Join(a.problems, "\n")
	for _, want := range []string{"axe image-alt (critical)", "axe empty-table-header", `"Templates" is cut off`} {
		if !strings.Contains(all, want) {
			t.Errorf("the audit does not report %s; it reports:\n%s", want, all)
		}
	}
	if len(a.served) != 1 || !strings.Contains(strings.Join(mapValues(a.served), ""), "<title>Bad</title>") {
		t.Errorf("the HTML served is not kept: %d documents", len(a.served))
	}
	// Audited once: a second look at the same document adds nothing.
	n := len(a.problems)
	a.check("again")
	if len(a.problems) != n {
		t.Errorf("a second audit of one document added %d problems", len(a.problems)-n)
	}
}

func mapValues(m map[string]string) []string {
	var out []string
	for _, v := range m {
		out = append(out, v)
	}
	return out
}
