// Package ingesttest builds recordings for the server's tests and
// benchmarks.
package ingesttest

import (
	"encoding/json"
	"fmt"
)

// Recording returns a valid stepwise/recording@1 of a short password reset
// with the given id, workflow slug, title and agent's note.
func Recording(id, workflow, title, note string) []byte {
	steps := []map[string]any{
		{"t": 0, "action": "navigate", "app": "Service Desk", "url": "https://desk.example.com/incidents", "page": "Incidents | Service Desk"},
		{"t": 1000, "action": "click", "app": "Service Desk", "target": map[string]string{"role": "link", "name": "INC0012345"}},
		{"t": 2000, "action": "select", "app": "Service Desk", "target": map[string]string{"role": "combobox", "name": "Verification method"}, "choice": "SMS code to registered mobile"},
		{"t": 3000, "action": "select", "app": "Service Desk", "target": map[string]string{"role": "combobox", "name": "Verification result"}, "choice": "Passed"},
		{"t": 4000, "action": "click", "app": "Service Desk", "target": map[string]string{"role": "button", "name": "Reset password"}},
		{"t": 5000, "action": "input", "app": "Service Desk", "target": map[string]string{"role": "textbox", "name": "Work notes"}, "field_kind": "text"},
		{"t": 6000, "action": "note", "text": note},
	}
	return encode(envelope(id, workflow, title, steps))
}

// envelope is a recording's top level around its steps.
func envelope(id, workflow, title string, steps []map[string]any) map[string]any {
	return map[string]any{
		"schema":      "stepwise/recording@1",
		"id":          id,
		"workflow":    workflow,
		"title":       title,
		"recorded_at": "2026-11-02T09:30:00Z",
		"recorder":    map[string]string{"name": "stepwise-recorder", "version": "0.1.0"},
		"steps":       steps,
	}
}

func encode(rec map[string]any) []byte {
	data, err := json.Marshal(rec)
	if err != nil {
		panic(fmt.Sprintf("ingesttest: %v", err))
	}
	return data
}

// LongRecording returns a valid recording of n steps: a realistic reset
// (intake, SMS verification, reset, delivery, confirmation, logging)
// repeated, with names that vary so that nothing folds away.
func LongRecording(id, workflow, title string, n int) []byte {
	apps := []string{"Service Desk", "Identity Admin"}
	steps := make([]map[string]any, 0, n)
	for i := 0; len(steps) < n; i++ {
		app := apps[i/10%2]
		target := func(role, name string) map[string]string { return map[string]string{"role": role, "name": name} }
		s := map[string]any{"t": i * 1500, "app": app, "page": fmt.Sprintf("Page %d | %s", i/10, app)}
		switch i % 10 {
		case 0:
			s = map[string]any{"t": i * 1500, "action": "navigate", "url": fmt.Sprintf("https://desk.example.com/q/%d", i), "page": s["page"]}
		case 1:
			s["action"], s["target"] = "click", target("link", fmt.Sprintf("INC%07d", i))
		case 2:
			s["action"], s["target"], s["choice"] = "select", target("combobox", "Verification method"), "SMS code to registered mobile"
		case 3:
			s["action"], s["target"], s["field_kind"] = "input", target("textbox", fmt.Sprintf("Verification code %d", i)), "number"
		case 4:
			s["action"], s["target"], s["choice"] = "select", target("combobox", "Verification result"), "Passed"
		case 5:
			s["action"], s["target"] = "click", target("button", "Reset password")
		case 6:
			s["action"], s["target"], s["choice"] = "select", target("combobox", "Send temporary password via"), "SMS to registered mobile"
		case 7:
			s = map[string]any{"t": i * 1500, "action": "note", "mark": "confirmation", "text": fmt.Sprintf("User %d confirmed sign-in.", i)}
		case 8:
			s["action"], s["target"], s["field_kind"] = "input", target("textbox", fmt.Sprintf("Work notes %d", i)), "text"
		case 9:
			s["action"], s["target"] = "click", target("button", fmt.Sprintf("Post %d", i))
		}
		steps = append(steps, s)
	}
	rec := envelope(id, workflow, title, steps)
	rec["actor"] = map[string]string{"role": "service desk agent"}
	return encode(rec)
}
