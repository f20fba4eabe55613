package api_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/sopgen"
)

// plantedIdentifiers are the record identifiers of adminConsoleRecording:
// the account picked, its display name, its id in URLs, a SID and a GUID.
var plantedIdentifiers = []string{"mvasquez", "Marta Vasquez", "48213", "S-1-5-21-1004336348-1177238915-682003330-512", "0f8fad5b-d9cb-469f-a165-70867728950e"}

// adminConsoleRecording is a reset in an admin console as the extension
// recorded it before it generalised the record picked: the account name
// is the name of the link picked from the list of users, then in every
// page title, the display name in a table cell and the next title, the
// user id in URL paths, a SID and a GUID in the agent's note: 14
// occurrences.
func adminConsoleRecording(id, workflow string) []byte {
	const page = "Change password: mvasquez | Django site admin"
	steps := []map[string]any{
		{"t": 0, "action": "navigate", "app": "Django admin", "url": "https://admin.example.org/admin/auth/user/", "page": "Select user to change | Django site admin"},
		{"t": 1000, "action": "click", "app": "Django admin", "page": "Select user to change | Django site admin", "target": map[string]string{"role": "link", "name": "mvasquez", "selector": "th.field-username a"}},
		{"t": 2000, "action": "navigate", "app": "Django admin", "url": "https://admin.example.org/admin/auth/user/48213/change/", "page": "mvasquez | Change user | Django site admin"},
		{"t": 3000, "action": "click", "app": "Django admin", "page": "mvasquez | Change user | Django site admin", "target": map[string]string{"role": "link", "name": "this form", "selector": "a[href='../password/']"}},
		{"t": 4000, "action": "navigate", "app": "Django admin", "url": "https://admin.example.org/admin/auth/user/48213/password/", "page": page},
		{"t": 5000, "action": "input", "app": "Django admin", "page": page, "target": map[string]string{"role": "textbox", "name": "Password", "selector": "#id_password1"}, "field_kind": "password"},
		{"t": 6000, "action": "input", "app": "Django admin", "page": page, "target": map[string]string{"role": "textbox", "name": "Password (again)", "selector": "#id_password2"}, "field_kind": "password"},
		{"t": 7000, "action": "click", "app": "Django admin", "page": page, "target": map[string]string{"role": "button", "name": "Change password", "selector": "input[type=submit]"}},
		{"t": 8000, "action": "click", "app": "Django admin", "page": "Users | Django site admin", "target": map[string]string{"role": "gridcell", "name": "Marta Vasquez", "selector": "td.field-full_name"}},
		{"t": 9000, "action": "navigate", "app": "Django admin", "page": "Marta Vasquez | Profile | Django site admin"},
		{"t": 10000, "action": "note", "text": "Reset done for mvasquez, object S-1-5-21-1004336348-1177238915-682003330-512 / 0f8fad5b-d9cb-469f-a165-70867728950e"},
	}
	return mustRecordingJSON(id, workflow, steps)
}

// extensionRecording is the same reset as a recorder that generalises
// the record picked sends it: "[record]" in the link's name and the
// titles, no URL.
func extensionRecording(id, workflow string) []byte {
	const page = "Change password: [record] | Django site admin"
	steps := []map[string]any{
		{"t": 0, "action": "navigate", "app": "Django admin", "page": "Select user to change | Django site admin"},
		{"t": 1000, "action": "click", "app": "Django admin", "page": "Select user to change | Django site admin", "target": map[string]string{"role": "link", "name": sopgen.RecordPlaceholder, "selector": "th.field-username a"}},
		{"t": 2000, "action": "navigate", "app": "Django admin", "page": "[record] | Change user | Django site admin"},
		{"t": 3000, "action": "navigate", "app": "Django admin", "page": page},
		{"t": 4000, "action": "input", "app": "Django admin", "page": page, "target": map[string]string{"role": "textbox", "name": "Password", "selector": "#id_password1"}, "field_kind": "password"},
		{"t": 5000, "action": "click", "app": "Django admin", "page": page, "target": map[string]string{"role": "button", "name": "Change password", "selector": "input[type=submit]"}},
	}
	return mustRecordingJSON(id, workflow, steps)
}

func mustRecordingJSON(id, workflow string, steps []map[string]any) []byte {
	data, err := json.Marshal(map[string]any{
		"schema": "stepwise/recording@1", "id": id, "workflow": workflow,
		"title": "Reset a password in the admin console", "recorded_at": "2026-11-20T09:00:00Z",
		"recorder": map[string]string{"name": "stepwise-recorder", "version": "0.3.0"},
		"steps":    steps,
	})
	if err != nil {
		panic(err)
	}
	return data
}

// chromeAdminExport is the same reset as a DevTools Recorder export: the
// account's name in an aria selector and in the navigations' titles, its
// id in their URLs. Imported, the name is the link's and the title of 4
// steps, the id in the URL of 4: 9 occurrences.
const chromeAdminExport = `{"title":"Reset","steps":[
	{"type":"navigate","url":"https://admin.example.org/admin/auth/user/","assertedEvents":[{"type":"navigation","url":"https://admin.example.org/admin/auth/user/","title":"Select user to change | Django site admin"}]},
	{"type":"click","selectors":[["aria/mvasquez[role=\"link\"]"],["th.field-username a"]],"offsetX":1,"offsetY":1,"assertedEvents":[{"type":"navigation","url":"https://admin.example.org/admin/auth/user/48213/change/","title":"mvasquez | Change user | Django site admin"}]},
	{"type":"click","selectors":[["aria/this form[role=\"link\"]"],["a.password"]],"offsetX":1,"offsetY":1,"assertedEvents":[{"type":"navigation","url":"https://admin.example.org/admin/auth/user/48213/password/","title":"Change password: mvasquez | Django site admin"}]},
	{"type":"click","selectors":[["aria/Change password[role=\"button\"]"],["input[type=submit]"]],"offsetX":1,"offsetY":1}]}`

// TestPlantedIdentifiersGoNowhere uploads recordings whose record
// identifiers were planted where consoles show them and searches every
// answer, every artifact (the PDF's text too), the database and the logs
// for them; the interface's words stay, the counts are those planted, and
// text a recorder generalised already is neither changed nor counted.
func TestPlantedIdentifiersGoNowhere(t *testing.T) {
	e := newEnv(t, api.Config{})
	cases := []struct {
		name, path, workflow string
		body                 []byte
		want                 int      // record identifiers generalised
		says                 []string // in sop.md
	}{
		{"an admin console's names, titles, URLs and a note", "/api/v1/recordings", "admin-reset", adminConsoleRecording("rec-admin-0001", "admin-reset"), 14,
			[]string{"open the user", "Change password: \\[account\\]", "**Password \\(again\\)**", "**Change password**", "14 identifier"}},
		{"a recording the extension generalised", "/api/v1/recordings", "ext-reset", extensionRecording("rec-ext-00001", "ext-reset"), 5, // the recorder's [record]s, counted once when received
			[]string{"open the record", "Change password: \\[record\\]"}},
		{"a Chrome Recorder import", "/api/v1/recordings?format=chrome-recorder&workflow=chrome-admin", "chrome-admin", []byte(chromeAdminExport), 9,
			[]string{"Change password: \\[account\\]", "**Change password**"}},
	}
	var seen bytes.Buffer
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			up := e.do(t, "POST", tc.path, e.teamA, "application/json", tc.body)
			mustStatus(t, up, 201)
			seen.Write(up.Body.Bytes())
			var receipt struct{ ID string }
			if err := json.Unmarshal(up.Body.Bytes(), &receipt); err != nil {
				t.Fatal(err)
			}
			got := e.do(t, "GET", "/api/v1/recordings/"+receipt.ID, e.teamA, "", nil)
			mustStatus(t, got, 200)
			seen.Write(got.Body.Bytes())
			var stored struct {
				Redactions sopgen.Redactions `json:"redactions"`
			}
			if err := json.Unmarshal(got.Body.Bytes(), &stored); err != nil {
				t.Fatal(err)
			}
			if got := stored.Redactions.Identifier; got != tc.want {
				t.Errorf("stored redactions.identifier = %d, want %d", got, tc.want)
			}
			e.readArtifacts(t, tc.workflow, &seen)
			var report sopgen.Report
			r := e.do(t, "GET", "/api/v1/workflows/"+tc.workflow+"/report.json", e.teamA, "", nil)
			if err := json.Unmarshal(r.Body.Bytes(), &report); err != nil {
				t.Fatal(err)
			}
			if got := report.Redactions.Identifier; got != tc.want {
				t.Errorf("report.json redactions.identifier = %d, want %d (counted again when the stored recording was composed?)", got, tc.want)
			}
			md := e.do(t, "GET", "/api/v1/workflows/"+tc.workflow+"/sop.md", e.teamA, "", nil).Body.String()
			for _, want := range tc.says {
				// A pick may begin its step or follow another action of its unit.
				if !strings.Contains(strings.ToLower(md), strings.ToLower(want)) {
					t.Errorf("sop.md does not say %q", want)
				}
			}
			rmd := e.do(t, "GET", "/api/v1/workflows/"+tc.workflow+"/report.md", e.teamA, "", nil).Body.String()
			if want := sopgen.Plural(tc.want, "record identifier", "record identifiers"); !strings.Contains(rmd, want) {
				t.Errorf("report.md does not say %q", want)
			}
		})
	}
	e.readStoreAndLog(t, &seen)
	if !bytes.Contains(seen.Bytes(), []byte(sopgen.IdentifierPlaceholder)) || !bytes.Contains(seen.Bytes(), []byte("Django site admin")) {
		t.Errorf("the placeholder or the interface's words are in no answer: the search proves nothing")
	}
	for _, s := range plantedIdentifiers {
		if bytes.Contains(bytes.ToLower(seen.Bytes()), []byte(strings.ToLower(s))) {
			t.Errorf("%q is in the database, the logs, an answer or an artifact", s)
		}
	}
}
