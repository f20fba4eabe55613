package chromerecorder

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// mustProblems converts data and returns the problems of its rejection,
// failing the test when it is accepted or rejected otherwise than as
// invalid input.
func mustProblems(tb testing.TB, data []byte) []sopgen.FieldError {
	tb.Helper()
	_, err := Convert(data, Options{Workflow: "w", RecordedAt: "2026-11-01T00:00:00Z"})
	if err == nil {
		tb.Fatal("accepted")
	}
	if !errors.Is(err, sopgen.ErrInvalid) || !errors.Is(err, ErrNotUserFlow) {
		tb.Fatalf("error %v matches neither sopgen.ErrInvalid nor ErrNotUserFlow", err)
	}
	var ve *sopgen.ValidationError
	if !errors.As(err, &ve) || len(ve.Errors) == 0 {
		tb.Fatalf("error %v holds no located problem", err)
	}
	return ve.Errors
}

func TestConvertRejectsAMalformedExportNamingThePointerAndLine(t *testing.T) {
	nav := `{"type": "navigate", "url": "https://a.example/"}`
	flow := func(steps ...string) string {
		return "{\n\"title\": \"t\",\n\"steps\": [\n" + strings.Join(steps, ",\n") + "\n]\n}"
	}
	cases := []struct {
		name, data, pointer string
		line                int
		reason              string
	}{
		{"a viewport step without its fields", flow(nav, `{"type": "setViewport"}`), "/steps/1/width", 5, "missing"},
		{"steps that are a string", `{"title": "t", "steps": "x"}`, "/steps", 1, "must be an array, not a string"},
		{"no steps", `{"title": "t"}`, "/steps", 1, "missing"},
		{"an empty step list", `{"title": "t", "steps": []}`, "/steps", 1, "holds no step"},
		{"a step of an unknown type", flow(nav, `{"type": "teleport"}`), "/steps/1/type", 5, "is not a step type"},
		{"a step without a type", flow(nav, `{"url": "https://a.example/"}`), "/steps/1/type", 5, "missing"},
		{"a step that is a number", flow(nav, `7`), "/steps/1", 5, "must be an object"},
		{"a title that is a number", `{"title": 7, "steps": [` + nav + `]}`, "/title", 1, "must be a string"},
		{"a url that is a number", flow(`{"type": "navigate", "url": 5}`), "/steps/0/url", 4, "must be a string"},
		{"selectors that are an object", flow(nav, `{"type": "click", "selectors": {}}`), "/steps/1/selectors", 5, "must be an array"},
		{"a selector chain holding a number", flow(nav, `{"type": "click", "selectors": [["#a", 3]]}`), "/steps/1/selectors/0/1", 5, "must be a string"},
		{"a change step without a value", flow(nav, `{"type": "change", "selectors": ["#a"]}`), "/steps/1/value", 5, "missing"},
		{"a value that is a number", flow(nav, `{"type": "change", "selectors": ["#a"], "value": 12345}`), "/steps/1/value", 5, "must be a string"},
		{"an unknown mouse button", flow(nav, `{"type": "click", "selectors": ["#a"], "button": "middle-ish"}`), "/steps/1/button", 5, "must be one of"},
		{"a frame of fractions", flow(nav, `{"type": "click", "selectors": ["#a"], "frame": [0.5]}`), "/steps/1/frame", 5, "array of integers"},
		{"an asserted event of another type", flow(`{"type": "navigate", "url": "https://a.example/", "assertedEvents": [{"type": "popup"}]}`), "/steps/0/assertedEvents/0/type", 4, "must be navigation"},
		{"a key step without its key", flow(nav, `{"type": "keyDown"}`), "/steps/1/key", 5, "missing"},
		{"only viewport steps", flow(`{"type": "setViewport", "width": 1, "height": 1, "deviceScaleFactor": 1, "isMobile": false, "hasTouch": false, "isLandscape": false}`), "/steps", 3, "no step that a procedure can use"},
		{"a document that is an array", `[1, 2]`, "", 1, "must be an object"},
		{"broken JSON", "{\n\"title\": \"t\",\n\"steps\": [\n" + nav + ",\n{\"type\": }\n]}", "/steps/1/type", 5, "invalid JSON"},
		{"JSON cut short", `{"title": "t", "steps": [` + nav, "/steps", 1, "invalid JSON"},
		{"trailing data", `{"title": "t", "steps": [` + nav + `]} {}`, "", 1, "unexpected data"},
		{"invalid UTF-8", "{\"title\": \"\xff\", \"steps\": []}", "", 1, "invalid UTF-8"},
		{"deep nesting", `{"title": "t", "steps": [` + nav + `], "x": ` + strings.Repeat("[", 100) + strings.Repeat("]", 100) + `}`, "/x/0/0", 1, "nested deeper than"},
		{"a data URI in a selector name", flow(nav, `{"type": "click", "selectors": [["aria/data:text/html,x"]]}`), "/steps/1", 5, "target/name"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			problems := mustProblems(t, []byte(tc.data))
			var found bool
			for _, p := range problems {
				if strings.HasPrefix(p.Pointer, tc.pointer) && strings.Contains(p.Reason, tc.reason) {
					found = true
					if got, want := p.Line, tc.line; got != want {
						t.Errorf("line of %s = %d, want %d", p.Pointer, got, want)
					}
				}
			}
			if !found {
				t.Errorf("problems = %v, want %s: %s", problems, tc.pointer, tc.reason)
			}
		})
	}
}

func TestConvertNeverRepeatsARejectedValue(t *testing.T) {
	secret := "hunter2-" + strings.Repeat("s", 10)
	data := `{"title": "t", "steps": [{"type": "navigate", "url": "https://a.example/"},
		{"type": "click", "selectors": ["#a"], "button": "` + secret + `"},
		{"type": "` + secret + `"},
		{"type": "change", "selectors": ["#a"], "value": ["` + secret + `"]}]}`
	_, err := Convert([]byte(data), Options{})
	if err == nil || strings.Contains(err.Error(), secret) {
		t.Fatalf("err = %v", err)
	}
	b, _ := json.Marshal(mustProblems(t, []byte(data)))
	if strings.Contains(string(b), secret) {
		t.Errorf("problems repeat the rejected value: %s", b)
	}
}

func TestConvertBoundsTheNumberOfSteps(t *testing.T) {
	click := `{"type": "click", "selectors": ["#a"]}`
	viewport := `{"type": "keyUp", "key": "a"}`
	cases := []struct {
		name   string
		steps  []string
		reason string
	}{
		{"more usable steps than a recording may hold", repeat(click, sopgen.MaxSteps+1), fmt.Sprintf("gives %d usable steps", sopgen.MaxSteps+1)},
		{"more steps than an export may hold", repeat(viewport, maxInputSteps+1), fmt.Sprintf("holds %d steps", maxInputSteps+1)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := `{"title": "t", "steps": [` + strings.Join(tc.steps, ",") + `]}`
			problems := mustProblems(t, []byte(data))
			if p := problems[0]; p.Pointer != "/steps" || !strings.Contains(p.Reason, tc.reason) {
				t.Errorf("problems[0] = %v, want /steps: %s", p, tc.reason)
			}
		})
	}
	ok := `{"title": "t", "steps": [` + strings.Join(repeat(click, sopgen.MaxSteps), ",") + `]}`
	if _, err := Convert([]byte(ok), Options{}); err != nil {
		t.Errorf("%d steps: %v", sopgen.MaxSteps, err)
	}
}

func TestConvertCapsTheProblemsReported(t *testing.T) {
	data := `{"title": "t", "steps": [` + strings.Join(repeat(`{"type": "nope"}`, 1000), ",") + `]}`
	problems := mustProblems(t, []byte(data))
	if got, want := len(problems), sopgen.MaxErrors+1; got != want {
		t.Fatalf("%d problems, want %d", got, want)
	}
	if last := problems[len(problems)-1]; !strings.Contains(last.Reason, "900 more problems") {
		t.Errorf("last problem = %v", last)
	}
	_, err := Convert([]byte(data), Options{Workflow: "w"})
	if got, want := err.Error(), "(and 999 more)"; !strings.HasSuffix(got, want) {
		t.Errorf("error = %q, want it to end %q: the message counts every problem found", got, want)
	}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

// FuzzConvert proves that no input makes the importer panic, and that
// every rejection is one of invalid input (a 422 in the API, never a 500).
func FuzzConvert(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.json")
	for _, path := range files {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		if _, flows, err := Flows(data); err == nil && len(flows) > 0 && len(flows[0]) < 8<<10 {
			f.Add(flows[0])
		}
	}
	f.Add([]byte(`{"title": "t", "steps": [{"type": "setViewport"}]}`))
	f.Add([]byte(`{"title": "t", "steps": "x"}`))
	f.Add([]byte(`{"steps": [{"type": "click", "selectors": [["aria/x[role=\"button\"]"], "select#m"], "target": "https://b.example/"}, {"type": "change", "selectors": ["select#m"], "value": "v"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := Convert(data, Options{})
		if err != nil {
			var ve *sopgen.ValidationError
			if !errors.Is(err, sopgen.ErrInvalid) || !errors.As(err, &ve) {
				t.Fatalf("rejected with %v, not as invalid input", err)
			}
			return
		}
		buf, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := sopgen.ParseRecording(buf); err != nil {
			t.Fatalf("an import the format rejects: %v", err)
		}
	})
}

// BenchmarkConvertLargeExport measures the importer on an export of
// sopgen.MaxSteps clicks (about 0.4 MB), the most a recording may hold.
func BenchmarkConvertLargeExport(b *testing.B) {
	click := `{"type": "click", "target": "main", "selectors": [["aria/Save[role=\"button\"]"], ["#save"]], "offsetX": 1, "offsetY": 2}`
	data := []byte(`{"title": "t", "steps": [` + strings.Join(repeat(click, sopgen.MaxSteps), ",") + `]}`)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Convert(data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestConvertChecksTheValueOfAKeyGivenTwiceThatTheConversionReads(t *testing.T) {
	data := `{"title": "t", "steps": [{"type": "navigate", "url": "https://a.example/", "type": "keyDown"}]}`
	problems := mustProblems(t, []byte(data))
	if p := problems[0]; p.Pointer != "/steps/0/key" || p.Reason != "missing" {
		t.Errorf("problems = %v, want /steps/0/key: missing", problems)
	}
}
