package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
)

// marker is planted in rejected values; no answer may repeat it.
const marker = "S3CR3T-VALUE-42"

func recordingWith(edit func(map[string]any)) []byte {
	steps := []any{
		map[string]any{"t": 0, "action": "navigate", "url": "https://desk.example.com/", "page": "Desk"},
		map[string]any{"t": 10, "action": "click", "target": map[string]any{"role": "button", "name": "Reset"}},
	}
	rec := map[string]any{
		"schema": "stepwise/recording@1", "id": "rec-bad00001", "workflow": "reset",
		"recorded_at": "2026-11-02T09:30:00Z", "recorder": map[string]any{"name": "r", "version": "1"},
		"steps": steps,
	}
	edit(rec)
	data, _ := json.Marshal(rec)
	return data
}

func step(rec map[string]any, i int) map[string]any {
	return rec["steps"].([]any)[i].(map[string]any)
}

func TestBadInputIsAlways4xx(t *testing.T) {
	e := newEnv(t, api.Config{MaxBody: 1 << 20})
	many := func(n int) func(map[string]any) {
		return func(r map[string]any) {
			steps := make([]any, n)
			for i := range steps {
				steps[i] = map[string]any{"t": i, "action": "wait"}
			}
			r["steps"] = steps
		}
	}
	deep := strings.Repeat(`{"a":`, 200) + "1" + strings.Repeat("}", 200)
	cases := []struct {
		name  string
		body  []byte
		ctype string
		want  int
	}{
		{"a screenshot field", recordingWith(func(r map[string]any) { r["screenshot"] = "data:image/png;base64," + marker }), "", 422},
		{"a screenshot on a step", recordingWith(func(r map[string]any) { step(r, 1)["screenshot"] = marker }), "", 422},
		{"an image field", recordingWith(func(r map[string]any) { step(r, 1)["image"] = marker }), "", 422},
		{"a keyDown step", recordingWith(func(r map[string]any) { step(r, 1)["action"] = "keyDown" }), "", 422},
		{"a keypress step", recordingWith(func(r map[string]any) { step(r, 1)["action"] = "keypress" }), "", 422},
		{"a typed value", recordingWith(func(r map[string]any) { step(r, 1)["value"] = marker }), "", 422},
		{"a key field", recordingWith(func(r map[string]any) { step(r, 1)["key"] = marker }), "", 422},
		{"keystrokes", recordingWith(func(r map[string]any) { r["keystrokes"] = []string{marker} }), "", 422},
		{"a data: URI in a url", recordingWith(func(r map[string]any) { step(r, 0)["url"] = "data:text/html," + marker }), "", 422},
		{"a data: URI in a page title", recordingWith(func(r map[string]any) { step(r, 0)["page"] = "x data:image/png;base64," + marker }), "", 422},
		{"an unknown top-level field", recordingWith(func(r map[string]any) { r["extra"] = marker }), "", 422},
		{"an unknown target field", recordingWith(func(r map[string]any) { step(r, 1)["target"].(map[string]any)["value"] = marker }), "", 422},
		{"t as a string", recordingWith(func(r map[string]any) { step(r, 1)["t"] = marker }), "", 422},
		{"steps as an object", recordingWith(func(r map[string]any) { r["steps"] = map[string]any{"a": marker} }), "", 422},
		{"a huge string", recordingWith(func(r map[string]any) { step(r, 0)["page"] = strings.Repeat("x", 2001) }), "", 422},
		{"10,001 steps", recordingWith(many(10001)), "", 422},
		{"no steps", recordingWith(many(0)), "", 422},
		{"invalid UTF-8", []byte(strings.Replace(string(recordingWith(func(map[string]any) {})), "Reset", "Re\xffset", 1)), "", 422},
		{"truncated JSON", recordingWith(func(map[string]any) {})[:60], "", 422},
		{"deep nesting", []byte(deep), "", 422},
		{"the wrong content type", recordingWith(func(map[string]any) {}), "text/plain", 415},
		{"an empty body", nil, "", 422},
		{"another schema", recordingWith(func(r map[string]any) { r["schema"] = "stepwise/recording@2" }), "", 422},
		{"an id with a slash", recordingWith(func(r map[string]any) { r["id"] = "../" + marker }), "", 422},
		{"a workflow that is not a slug", recordingWith(func(r map[string]any) { r["workflow"] = "Reset <b>" + marker }), "", 422},
		{"a date that is not RFC 3339", recordingWith(func(r map[string]any) { r["recorded_at"] = "yesterday " + marker }), "", 422},
		{"time going backwards", recordingWith(func(r map[string]any) { step(r, 1)["t"] = -5 }), "", 422},
		{"a duplicate key", []byte(strings.Replace(string(recordingWith(func(map[string]any) {})), `"id":"rec-bad00001"`, `"id":"rec-bad00001","id":"rec-bad00002"`, 1)), "", 422},
		{"text on a click", recordingWith(func(r map[string]any) { step(r, 1)["text"] = marker }), "", 422},
		{"a field kind on a click", recordingWith(func(r map[string]any) { step(r, 1)["field_kind"] = "password" }), "", 422},
		{"an array at the top", []byte(`[{"schema":"stepwise/recording@1"}]`), "", 422},
		{"null", []byte(`null`), "", 422},
		{"trailing data", append(recordingWith(func(map[string]any) {}), []byte(` {"x":1}`)...), "", 422},
		{"an unknown mark", recordingWith(func(r map[string]any) { step(r, 1)["mark"] = marker }), "", 422},
		{"a negative duration", recordingWith(func(r map[string]any) { step(r, 1)["duration"] = -1 }), "", 422},
		{"a body over the limit", bytes.Repeat([]byte("a"), 1<<20+1), "", 413},
	}
	if len(cases) < 25 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ct := c.ctype
			if ct == "" {
				ct = "application/json"
			}
			r := e.do(t, "POST", "/api/v1/recordings", e.teamA, ct, c.body)
			if r.Code != c.want {
				t.Errorf("status = %d, want %d: %.300s", r.Code, c.want, r.Body.String())
			}
			if r.Code >= 500 {
				t.Errorf("a server error for bad input")
			}
			if strings.Contains(r.Body.String(), marker) {
				t.Errorf("the answer repeats the rejected value: %.300s", r.Body.String())
			}
			if c.want == http.StatusUnprocessableEntity {
				var p struct {
					Errors []struct{ Pointer, Reason string }
				}
				if err := json.Unmarshal(r.Body.Bytes(), &p); err != nil || len(p.Errors) == 0 || p.Errors[0].Reason == "" {
					t.Errorf("422 without errors[{pointer, reason}]: %.300s", r.Body.String())
				}
			}
		})
	}
	if strings.Contains(e.log.String(), marker) {
		t.Error("the logs repeat a rejected value")
	}
}
