package rules

import "testing"

func TestLexiconMatchesWholeWordsAndPhrases(t *testing.T) {
	l := lex("ticket", "request number", "escalat*")
	cases := []struct {
		text string
		want bool
	}{
		{"note it on the ticket.", true},
		{"the ticket's state", true},
		{"tickets", false},
		{"a request number", true},
		{"a request, number", true}, // punctuation between the words is ignored
		{"escalated to security", true},
		{"de-escalate", false},
		{"", false},
	}
	for _, c := range cases {
		if got := l.MatchString(c.text); got != c.want {
			t.Errorf("MatchString(%q) = %v, want %v", c.text, got, c.want)
		}
	}
}

func TestGuardedRunsTheRegexpOnlyWithAKey(t *testing.T) {
	g := guard(`\bpassword is \S+`, "password")
	if !g.MatchString("the password is x1") || g.MatchString("the pin is 1234") {
		t.Error("guarded does not match as its regexp does")
	}
	// A key that the regexp needs but the text lacks: no match, even where
	// the regexp alone would match (the guard is the caller's promise).
	h := guard(`\d+`, "code")
	if h.MatchString("1234") || !h.MatchString("code 1234") || h.FindString("code 77") != "77" {
		t.Error("guarded ignores its keys")
	}
	if p := (phraseSet("next sign-in")); !p.MatchString("change it at next sign-in") || p.MatchString("next login") {
		t.Error("phrases do not match as substrings")
	}
}

func TestSecondActionFindsChainedInstructions(t *testing.T) {
	cases := map[string]string{
		"reset the password and then email it":        "and then",
		"open the ticket; close it":                   "; close",
		"open the ticket, then assign it":             ", then",
		"reset the password and send the link":        "and send the",
		"fill in X and X":                             "",
		"ask the user to sign in and read the banner": "and read the",
		"open the incident for the request":           "",
		"select save, then close":                     "",
		"select save, then close the window":          "",
		"save the form, then close the ticket":        ", then",
		"unsuspend the account, reset password":       ", reset",
	}
	for in, want := range cases {
		if got := secondAction(in); got != want {
			t.Errorf("secondAction(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPasswordWithDigits(t *testing.T) {
	for s, want := range map[string]bool{
		"set it to password1":         true,
		"use password2024! for now":   true,
		"reset the password":          false,
		"mypassword1":                 false,
		"password 1 of the two steps": false,
	} {
		if got := passwordWithDigits(s); got != want {
			t.Errorf("passwordWithDigits(%q) = %v, want %v", s, got, want)
		}
	}
}
