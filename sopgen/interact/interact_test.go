package interact

import (
	"slices"
	"testing"
)

func TestRead(t *testing.T) {
	t.Parallel()
	const dialog = "Reset password | Console"
	click := func(role, name string) Step { return Step{Action: "click", Role: role, Name: name, Page: dialog} }
	tests := []struct {
		name  string
		steps []Step
		want  []Effect
	}{
		{"a navigation opens a page",
			[]Step{{Action: "navigate", Page: "Users"}, {Action: "switch_tab"}, {Action: "open_tab"}},
			[]Effect{Opens, Opens, Opens}},
		{"a menu button and the item chosen from it both open",
			[]Step{click("button", "More actions"), click("menuitem", "Reset password")},
			[]Effect{Opens, Opens}},
		{"selections, ticks and entries set parameters",
			[]Step{{Action: "select", Role: "radio", Name: "Method"}, {Action: "check", Role: "checkbox", Name: "Must change"}, {Action: "input", Role: "textbox", Name: "Code"}},
			[]Effect{Sets, Sets, Sets}},
		{"a click on an option or a radio sets it",
			[]Step{click("option", "[record]"), click("radio", "SMS")},
			[]Effect{Sets, Sets}},
		{"Continue to … opens the next page of a wizard even after a setting",
			[]Step{{Action: "select", Role: "combobox", Name: "Process", Page: dialog}, click("button", "Continue to verify")},
			[]Effect{Sets, Opens}},
		{"a button that fills a value in, before the form's Save, sets it; the Save commits",
			[]Step{{Action: "select", Role: "radio", Name: "Generate", Page: dialog}, click("button", "Generate password"), click("button", "Show password"), click("button", "Save")},
			[]Effect{Sets, Sets, Opens, Commits}},
		{"a Save on another page is not the form's: the button before it commits",
			[]Step{click("button", "Reset password"), {Action: "click", Role: "button", Name: "Save", Page: "Ticket | Desk"}},
			[]Effect{Commits, Commits}},
		{"a neutral button after a setting commits the form",
			[]Step{{Action: "select", Role: "radio", Name: "Password", Page: dialog}, click("button", "Apply")},
			[]Effect{Sets, Commits}},
		{"a button that opens a form is followed by its fields",
			[]Step{click("link", "[record]"), click("button", "Reset password"), {Action: "select", Role: "radio", Name: "Password", Page: dialog}, click("button", "Reset password"), click("button", "Done")},
			[]Effect{Opens, Opens, Sets, Commits, Opens}},
		{"a dialog opener and the commit of the same name are told apart",
			[]Step{click("tab", "Overview"), click("button", "Reset password"), click("button", "Reset password"), click("button", "Copy to clipboard")},
			[]Effect{Opens, Opens, Commits, Sets}},
		{"a button that asks for confirmation opens, the confirmation commits",
			[]Step{{Action: "check", Role: "checkbox", Name: "Phone", Page: dialog}, click("button", "Reset selected factors"), click("button", "Reset")},
			[]Effect{Sets, Opens, Commits}},
		{"a confirmation commits even when a form follows it",
			[]Step{click("button", "Reset password"), click("button", "Reset"), {Action: "select", Role: "combobox", Name: "Method", Page: dialog}},
			[]Effect{Opens, Commits, Sets}},
		{"an opener that was cancelled only opened",
			[]Step{click("button", "Reset password"), click("button", "Cancel")},
			[]Effect{Opens, Opens}},
		{"a button with nothing set and nothing after commits what it names",
			[]Step{click("link", "TICKET-1"), click("button", "Assign to me"), {Action: "note"}},
			[]Effect{Opens, Commits, Commits}},
		{"a search button only shows results",
			[]Step{{Action: "input", Role: "searchbox", Name: "Search users", Page: dialog}, click("button", "Search")},
			[]Effect{Sets, Opens}},
		{"a paste sets and the send after it commits",
			[]Step{{Action: "paste", Role: "textbox", Name: "Message", Page: dialog}, click("button", "Send")},
			[]Effect{Sets, Commits}},
		{"a click with no role is read as a button, text as nothing",
			[]Step{{Action: "click", Name: "Scan the badge"}, {Action: "click", Role: "text"}},
			[]Effect{Commits, Opens}},
		{"a submit commits",
			[]Step{{Action: "submit", Role: "form", Name: "Save"}},
			[]Effect{Commits}},
		{"an exception mark states a branch and a verification mark reports a commit",
			[]Step{{Action: "mark", Mark: "verification"}, {Action: "mark", Mark: "exception"}},
			[]Effect{Commits, Sets}},
		{"a button before a pick from its menu opens the menu",
			[]Step{click("button", "Setup"), click("menuitem", "Users")},
			[]Effect{Opens, Opens}},
		{"OK after a button or a menu item commits what they asked",
			[]Step{click("button", "Actions"), click("menuitem", "Unlock"), click("button", "OK"), click("button", "Reset Password"), click("button", "OK")},
			[]Effect{Opens, Opens, Commits, Opens, Commits}},
		{"settings on another page do not make a button there a commit",
			[]Step{{Action: "input", Role: "textbox", Name: "Notes", Page: "A"}, {Action: "click", Role: "button", Name: "Add note", Page: "B"}, {Action: "input", Role: "textbox", Name: "Note", Page: "B"}},
			[]Effect{Sets, Opens, Sets}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := Read(tt.steps); !slices.Equal(got, tt.want) {
				t.Errorf("Read = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestTableRowsAreDocumented(t *testing.T) {
	t.Parallel()
	for i, r := range table {
		if r.doc == "" || r.match == nil || r.effect == "" {
			t.Errorf("row %d is incomplete", i)
		}
	}
	if last := table[len(table)-1]; !last.match(context{step: &Step{}}) {
		t.Errorf("the last row %q must match every step", last.doc)
	}
}
