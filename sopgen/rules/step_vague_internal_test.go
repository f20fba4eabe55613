package rules

import (
	"strings"
	"testing"
)

func TestVaguePhrasesAndDanglingObjects(t *testing.T) {
	for _, tc := range []struct {
		step     string
		vague    bool
		dangling bool
	}{
		{"Select the appropriate team.", true, false},
		{"Switch to the production tenant (or whichever environment is appropriate).", true, false},
		{"If applicable, document the remaining work.", true, false},
		{"Remove user from", false, true},
		{"Stay on the call while the user signs in", false, false},
		{"Reset the password with a temporary password that must be changed at next sign-in.", false, false},
		{"Select the Security team.", false, false},
	} {
		l := strings.ToLower(tc.step)
		if got := vaguePhrase.MatchString(l); got != tc.vague {
			t.Errorf("vague(%q) = %v, want %v", tc.step, got, tc.vague)
		}
		if got := dangling.MatchString(strings.TrimRight(l, " .:")); got != tc.dangling {
			t.Errorf("dangling(%q) = %v, want %v", tc.step, got, tc.dangling)
		}
	}
}

func TestOneWayThroughAConsoleIsOneAction(t *testing.T) {
	for _, tc := range []struct {
		first, second string
		one           bool
	}{
		{"navigate", "and select the", true},
		{"select", ", then close", true},
		{"choose", "and select authentication", true},
		{"click", "and then email", false},
		{"reset", "and select the", false},
		{"log", "and open the", true},
		{"log", "and reset the", false},
	} {
		if got := uiPath(tc.first, tc.second); got != tc.one {
			t.Errorf("uiPath(%q, %q) = %v, want %v", tc.first, tc.second, got, tc.one)
		}
	}
}
