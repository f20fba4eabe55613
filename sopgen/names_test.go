package sopgen

import (
	"strings"
	"testing"
)

func TestLabelNameDropsTrailingColonsAndStars(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Username:", "Username"},
		{"Username :", "Username"},
		{"Password *", "Password"},
		{"E-mail address：", "E-mail address"},
		{"Note: read this", "Note: read this"},
		{":", ":"},
		{"Save", "Save"},
	}
	for _, tc := range cases {
		if got := labelName(tc.in); got != tc.want {
			t.Errorf("labelName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// passwordSteps is a page of unnamed password inputs with these
// selectors, then a button.
func passwordSteps(page string, selectors ...string) []Step {
	steps := []Step{{Action: "navigate", Page: page}}
	for _, sel := range selectors {
		steps = append(steps, Step{Action: "input", Page: page, FieldKind: "password", Target: &Target{Role: "textbox", Selector: sel}})
	}
	return append(steps, Step{Action: "click", Page: page, Target: &Target{Role: "button", Name: "Save:"}})
}

func TestUnnamedPasswordFieldsAreNamedByPurpose(t *testing.T) {
	cases := []struct {
		name      string
		selectors []string
		want      []string
	}{
		{"one field", []string{"form input"}, []string{"Password"}},
		{"two fields by place", []string{"div:nth-child(2) > input", "div:nth-child(3) > input"}, []string{"New password", "Confirm password"}},
		{"three fields by place", []string{"form > input:nth-of-type(1)", "form > input:nth-of-type(2)", "form > input:nth-of-type(3)"}, []string{"Current password", "New password", "Confirm password"}},
		{"Django's ids", []string{"#id_password1", "#id_password2"}, []string{"New password", "Confirm password"}},
		{"autocomplete tokens in any order", []string{"input[autocomplete=new-password]", "input[autocomplete=current-password]"}, []string{"New password", "Current password"}},
		{"DokuWiki's ids", []string{"#modify_userpass", "#modify_userpass2"}, []string{"New password", "Confirm password"}},
		{"typing into one field again", []string{"#pw-a", "#pw-b", "#pw-a"}, []string{"New password", "Confirm password", "New password"}},
		{"a confirmation alone", []string{"input[name=confirm_password]"}, []string{"Confirm password"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := &Recording{Steps: passwordSteps("Set password | Admin", tc.selectors...)}
			names := spokenNames(rec)
			got := names[1 : 1+len(tc.selectors)]
			if strings.Join(got, ", ") != strings.Join(tc.want, ", ") {
				t.Errorf("names = %q, want %q", got, tc.want)
			}
			if last := names[len(names)-1]; last != "Save" {
				t.Errorf("the button's name = %q, want %q", last, "Save")
			}
		})
	}
}

func TestPasswordFieldsAllNamedPasswordAreToldApart(t *testing.T) {
	rec := &Recording{Steps: passwordSteps("Change password", "#a", "#b")}
	rec.Steps[1].Target.Name, rec.Steps[2].Target.Name = "Password", "Password:"
	if got, want := spokenNames(rec)[1:3], []string{"New password", "Confirm password"}; strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("names = %q, want %q", got, want)
	}
	alone := &Recording{Steps: passwordSteps("Sign in", "#pw")}
	alone.Steps[1].Target.Name = "Password"
	if got := spokenNames(alone)[1]; got != "Password" {
		t.Errorf("a lone password field's name = %q, want %q", got, "Password")
	}
}

func TestPasswordFieldsOfAnotherPageAreNamedApart(t *testing.T) {
	rec := &Recording{Steps: append(passwordSteps("Sign in", "#pw"), passwordSteps("Change password", "#a", "#b")...)}
	got := spokenNames(rec)
	want := []string{"", "Password", "Save", "", "New password", "Confirm password", "Save"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("names = %q, want %q", got, want)
	}
}

func TestComposedStepsSayTheNames(t *testing.T) {
	rec := &Recording{Schema: Schema, ID: "rec-names-0001", Workflow: "names", RecordedAt: "2026-11-20T09:00:00Z",
		Steps: passwordSteps("Change password | Admin", "#id_password1", "#id_password2")}
	rec.Steps = append([]Step{{Action: "input", Page: "Users | Admin", FieldKind: "search", Target: &Target{Role: "textbox", Name: "Username:", Selector: "#q"}}}, rec.Steps...)
	doc, err := Compose(rec, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var text []string
	for _, ph := range doc.Phases {
		for _, st := range ph.Steps {
			text = append(text, st.Plain())
		}
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{"Username", "New password", "Confirm password", "Save"} {
		if !strings.Contains(all, want) {
			t.Errorf("the procedure does not name %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "Username:") || strings.Contains(all, "the field") {
		t.Errorf("the procedure keeps a label's colon or an unnamed field:\n%s", all)
	}
}
