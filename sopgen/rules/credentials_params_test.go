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
