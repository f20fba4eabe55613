package rules

import "testing"

// TestForcedReadsCommittedSettings checks how the settings a recorded
// reset commits are read for credential-change-not-forced.
func TestForcedReadsCommittedSettings(t *testing.T) {
	for _, tc := range []struct {
		param string
		want  bool
	}{
		{"Require this user to change their password when they first sign in", true},
		{"not Make this user change their password when they first sign in", false},
		{"User must change password at next logon: Yes", true},
		{"User must change password at next logon: No", false},
		{"Reset password: Create a temporary password", true},
		{"Send temporary password via: SMS to registered mobile", false},
		{"Force user to update", true},
		{"not Temporary", false},
		{"Expires: 1 hour", true},
		{"Expires: Never", false},
		{"Allowed uses: Unlimited", false},
		{"Type New password", false},
	} {
		if got := forced([]string{tc.param}); got != tc.want {
			t.Errorf("forced(%q) = %v, want %v", tc.param, got, tc.want)
		}
	}
}

func TestPlainSecretArgument(t *testing.T) {
	for line, want := range map[string]bool{
		`convertto-securestring -asplaintext "p@ssw0rd1" -force`:          true,
		`mysql -u admin --password=hunter22`:                              true,
		`net user jdoe /password:summer`:                                  true,
		`az ad user update --id x --password "$temp_password"`:            false,
		`--password <password>`:                                           false,
		`kinit --password-file=/etc/krb5.pass`:                            false,
		`az ad user update --force-change-password-next-sign-in true`:     false,
		`$p = read-host -assecurestring; set-adaccountpassword -reset $p`: false,
		`you must supply the --password flag (the command will prompt)`:   false,
	} {
		if got := plainSecretArgument(line); got != want {
			t.Errorf("plainSecretArgument(%q) = %v, want %v", line, got, want)
		}
	}
}

// A secret flag's value is redacted wherever a message quotes a step.
func TestRedactSecretsHidesSecretArguments(t *testing.T) {
	for in, want := range map[string]string{
		`Run idm reset --password 'Tr0ub4dor&3x' alice`:   `Run idm reset --password [redacted] alice`,
		`mysql -u admin --PASSWORD=hunter22 -e "select"`:  `mysql -u admin --PASSWORD=[redacted] -e "select"`,
		`Supply the --password flag; it prompts for one.`: `Supply the --password flag; it prompts for one.`,
		`Réinitialiser --password "Été2026éé" pour alice`: `Réinitialiser --password [redacted] pour alice`,
	} {
		if got := redactSecrets(in); got != want {
			t.Errorf("redactSecrets(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every label the markup pattern matches passes the prefilter that saves
// running it on the others.
func TestMayHoldMarkupPassesEveryMatch(t *testing.T) {
	for _, label := range []string{"<b>Reset</b>", "a <!-- b", "x --> y", "```", "%%{init}", "a]]b", "{{name}}", "}}", "javascript:alert(1)", "onclick = x", "[label=x]", "subgraph s"} {
		if !markup().MatchString(label) {
			t.Fatalf("%q: the pattern does not match it; fix the table", label)
		}
		if !mayHoldMarkup(label) {
			t.Errorf("%q matches the markup pattern but the prefilter passes it over", label)
		}
	}
	if mayHoldMarkup("Reset password") {
		t.Error("a plain label is not passed over")
	}
}
