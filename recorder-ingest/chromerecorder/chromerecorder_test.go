package chromerecorder

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stepwise-sop/stepwise/sopgen"
)

func fixtures(tb testing.TB) []string {
	tb.Helper()
	files, err := filepath.Glob("testdata/*.json")
	if err != nil || len(files) != 6 {
		tb.Fatalf("fixtures: %v (found %d, want 6)", err, len(files))
	}
	return files
}

// typedValues collects every change.value in a flow, and every key of a
// key step, with the text of the flow without them, so a test can tell a
// value that leaked from one that was on the page anyway.
func typedValues(tb testing.TB, flow []byte) (values []string, rest string) {
	tb.Helper()
	var f struct {
		Steps []map[string]any `json:"steps"`
	}
	if err := json.Unmarshal(flow, &f); err != nil {
		tb.Fatal(err)
	}
	for _, s := range f.Steps {
		switch s["type"] {
		case "change":
			if v, ok := s["value"].(string); ok {
				values = append(values, v)
			}
			delete(s, "value")
		}
	}
	b, _ := json.Marshal(f)
	return values, string(b)
}

func TestConvertEveryFixtureWithoutTypedValues(t *testing.T) {
	total := 0
	for _, path := range fixtures(t) {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		names, flows, err := Flows(data)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for i, flow := range flows {
			name := filepath.Base(path) + "/" + names[i]
			rec, err := Convert(flow, Options{Workflow: "imported", RecordedAt: "2026-11-01T00:00:00Z"})
			if errors.Is(err, ErrNotUserFlow) && strings.Contains(err.Error(), "no step") {
				continue // a flow of only viewport and key steps has nothing to import
			}
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			total++
			out, _ := json.Marshal(rec)
			values, rest := typedValues(t, flow)
			for _, v := range values {
				// A value also present elsewhere in the export (a word
				// of a URL, a label) proves nothing; any other must not
				// survive.
				if strings.Contains(rest, v) {
					continue
				}
				if strings.Contains(string(out), v) {
					t.Errorf("%s: typed value %q survived into the recording", name, v)
				}
			}
			for _, s := range rec.Steps {
				if strings.ContainsAny(s.URL, "?#") {
					t.Errorf("%s: URL %q keeps a query or fragment", name, s.URL)
				}
			}
			if strings.Contains(string(out), `"key"`) || strings.Contains(string(out), "keyDown") {
				t.Errorf("%s: a key step survived", name)
			}
			// Every import composes into a document.
			if _, err := sopgen.Compose(rec, sopgen.Options{}); err != nil {
				t.Errorf("%s: compose: %v", name, err)
			}
		}
	}
	if total < 35 {
		t.Errorf("converted %d flows, want at least 35", total)
	}
}

func TestConvertMapsTheCoffeeOrder(t *testing.T) {
	data, err := os.ReadFile("testdata/recorder-demo__order-a-coffee.json")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := Convert(data, Options{Apps: map[string]string{"coffee-cart.netlify.app": "Coffee Cart"}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range rec.Steps {
		line := s.Action
		if s.Target != nil {
			line += " " + s.Target.Name
		}
		if s.FieldKind != "" {
			line += " (" + s.FieldKind + ")"
		}
		got = append(got, line)
	}
	want := []string{"navigate", "click Espresso", "click Mocha", "click Proceed to checkout", "input Name (text)", "input Email (email)", "click Promotion message", "click Submit"}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("steps = %q\nwant    %q", got, want)
	}
	if rec.Steps[0].Page != "Coffee cart" || rec.Steps[1].App != "Coffee Cart" {
		t.Errorf("page %q, app %q", rec.Steps[0].Page, rec.Steps[1].App)
	}
	if rec.Workflow != "order-a-coffee" || !strings.HasPrefix(rec.ID, "chrome-") {
		t.Errorf("workflow %q, id %q", rec.Workflow, rec.ID)
	}
	again, _ := Convert(data, Options{})
	if again.ID != rec.ID {
		t.Error("the derived id is not stable for the same bytes")
	}
}

func TestConvertReadsTheDateFromChromesDefaultTitle(t *testing.T) {
	data, err := os.ReadFile("testdata/iauto__google_flights_search_replay_script.json")
	if err != nil {
		t.Fatal(err)
	}
	rec, err := Convert(data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rec.RecordedAt, "2024-02-28T13:05:30Z"; got != want {
		t.Errorf("recorded_at = %q, want %q", got, want)
	}
}

func TestTargetReadsFlatAndNestedSelectors(t *testing.T) {
	cases := []struct {
		raw, role, name, selector string
	}{
		{`[["aria/Save[role=\"button\"]"], ["#save"]]`, "button", "Save", "#save"},
		{`["#input", "xpath///*[@id=\"input\"]"]`, "", "", "#input"},
		{`[["text/Open Popup"], ["xpath//html/body/button"]]`, "", "Open Popup", "/html/body/button"},
		{`[["#host", "pierce/#inner"], ["aria/Inner"]]`, "", "Inner", "#inner"},
		{`[["input[value=\"hunter2\"]"]]`, "", "", "input"},
	}
	for _, tc := range cases {
		t.Run(tc.raw, func(t *testing.T) {
			tg := target(json.RawMessage(tc.raw))
			if tg == nil {
				t.Fatal("no target")
			}
			if tg.Role != tc.role || tg.Name != tc.name || tg.Selector != tc.selector {
				t.Errorf("target = %+v, want role %q name %q selector %q", *tg, tc.role, tc.name, tc.selector)
			}
		})
	}
}

func TestConvertKeepsTheOptionOnlyForARealSelect(t *testing.T) {
	flow := `{"title": "t", "steps": [
		{"type": "navigate", "url": "https://a.example/x"},
		{"type": "change", "value": "opt-2", "selectors": [["aria/Reset method"], ["select#method"]]},
		{"type": "change", "value": "s3cr3t", "selectors": [["aria/Reset method"], ["#method"]]}
	]}`
	rec, err := Convert([]byte(flow), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if s := rec.Steps[1]; s.Action != "select" || s.Choice != "opt-2" {
		t.Errorf("select step = %+v", s)
	}
	if s := rec.Steps[2]; s.Action != "input" || s.Choice != "" {
		t.Errorf("unproven select step = %+v", s)
	}
	out, _ := json.Marshal(rec)
	if strings.Contains(string(out), "s3cr3t") {
		t.Error("a typed value survived")
	}
}

func TestDetect(t *testing.T) {
	if !Detect([]byte(`{"title":"x","steps":[{"type":"navigate"}]}`)) {
		t.Error("a user flow was not detected")
	}
	if Detect([]byte(`{"schema":"stepwise/recording@1","steps":[{"t":0}]}`)) {
		t.Error("a stepwise recording was taken for a user flow")
	}
	if _, err := Convert([]byte(`{"steps": []}`), Options{}); !errors.Is(err, ErrNotUserFlow) {
		t.Errorf("err = %v, want ErrNotUserFlow", err)
	}
}
