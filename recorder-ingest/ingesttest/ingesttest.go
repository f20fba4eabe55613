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
	rec := map[string]any{
		"schema":      "stepwise/recording@1",
		"id":          id,
		"workflow":    workflow,
		"title":       title,
		"recorded_at": "2026-11-02T09:30:00Z",
		"recorder":    map[string]string{"name": "stepwise-recorder", "version": "0.1.0"},
		"steps":       steps,
	}
	data, err := json.Marshal(rec)
	if err != nil {
		panic(fmt.Sprintf("ingesttest: %v", err))
	}
	return data
}
