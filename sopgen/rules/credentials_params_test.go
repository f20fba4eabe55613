package rules_test

import (
	"testing"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/rules"
)

func TestCredentialChangeNotForcedReadsTheSettingsACommitCommits(t *testing.T) {
	t.Parallel()
	reset := func(params ...string) *sopgen.Document {
		return &sopgen.Document{Phases: []sopgen.Phase{{Title: "Restore access", Steps: []*sopgen.ProcStep{{
			Number: "1.1", Kind: sopgen.KindAccess, Effect: "commits",
			Text:   []sopgen.Span{{Text: "Select "}, {Text: "Reset", Strong: true}, {Text: "."}},
			Params: params,
		}}}}}
	}
	tests := []struct {
		name   string
		params []string
		want   bool
	}{
		{"a reset that generates a password and forces nothing is reported", []string{"Password: Automatically generate a password"}, true},
		{"a change forced at next sign-in in the same form is not", []string{"Password: Automatically generate a password", "Ask for a password change at the next sign-in"}, false},
		{"a forced change answered No is no forced change", []string{"Password: Generate Password", "User must change password at next logon: No"}, true},
		{"a forced change cleared is no forced change", []string{"Password: Generate Password", "not User must change password at next logon"}, true},
		{"a reset that issues no secret is not reported", []string{"Reset password: Send a reset password email"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got := false
			for _, f := range rules.Check(reset(tt.params...), rules.Config{}) {
				got = got || f.Rule == rules.CredentialChangeNotForced.ID
			}
			if got != tt.want {
				t.Errorf("credential-change-not-forced reported = %v, want %v", got, tt.want)
			}
		})
	}
}

// A secret the account's owner sets for their own account, in a step
// written to them, is not one the procedure issues.
func TestCredentialChangeNotForcedLeavesTheOwnersOwnPassword(t *testing.T) {
	t.Parallel()
	doc := func(lines ...string) *sopgen.Document {
		var steps []*sopgen.ProcStep
		for i, l := range lines {
			steps = append(steps, &sopgen.ProcStep{Number: "1." + string(rune('1'+i)), Kind: sopgen.KindAccess, Text: []sopgen.Span{{Text: l}}, Loc: sopgen.Location{Line: 10}})
		}
		return &sopgen.Document{Phases: []sopgen.Phase{{Title: "Sign in", Steps: steps}}}
	}
	reported := func(d *sopgen.Document) bool {
		for _, f := range rules.Check(d, rules.Config{}) {
			if f.Rule == rules.CredentialChangeNotForced.ID {
				return true
			}
		}
		return false
	}
	if reported(doc("Use the link in your invitation email to access your account", "Set a password")) {
		t.Error("the owner setting their own password is reported as an issued secret")
	}
	if !reported(doc("Set a new password for the user")) {
		t.Error("an agent setting the user's password is not reported")
	}
}
