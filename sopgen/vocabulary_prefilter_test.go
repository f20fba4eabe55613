package sopgen

import (
	"slices"
	"strings"
	"testing"
)

func TestNeedsOfReadsTicketPatterns(t *testing.T) {
	tests := []struct {
		pattern string
		digit   bool
		lits    []string
		lower   bool
	}{
		{`\bINC-?\d{3,}\b`, true, []string{"INC"}, false},
		{`\b(?:RITM|REQ|SR)-?\d{3,}\b`, true, []string{"R", "SR"}, false},
		{`(?i)\b(ticket|incident|case|request)(?:\s+|\s*[-:]\s*)#?\d{3,}\b`, true, []string{"ticket", "incident", "case", "request"}, true},
		{`#\d{3,}\b`, true, []string{"#"}, false},
		{`\b[A-Z][A-Z0-9]{1,9}-[1-9][0-9]{0,6}\b`, true, []string{"-"}, false},
		{`\bINC-?\d*\b`, false, []string{"INC"}, false},
		{`\b[A-Z]{3}-?[A-Z0-9]*\b`, false, nil, false},
		{`(\d{3}|N/A)`, false, nil, false},
		{`(\d{3}|x9)`, true, nil, false},
		{`(KB)?[0-9a-f]{8}`, false, nil, false},
		{`(`, false, nil, false},
	}
	for _, tt := range tests {
		n := needsOf(tt.pattern)
		if n.digit != tt.digit || !slices.Equal(n.lits, tt.lits) || n.lower != tt.lower {
			t.Errorf("needsOf(%q) = %+v, want digit %v, lits %q, lower %v", tt.pattern, n, tt.digit, tt.lits, tt.lower)
		}
	}
}

func TestGeneralizeSkipsOnlyWhatCannotMatch(t *testing.T) {
	v := DefaultVocabulary()
	for in, want := range map[string]string{
		"Open INC0012345 and case #4411": "Open the incident and the case",
		"Ticket: 20455":                  "the Ticket",
		"CHG-1002 approved":              "the ticket approved",
		"Verification code 4":            "Verification code 4",
		"Reset password":                 "Reset password",
		"RFC-2119 wording":               "RFC-2119 wording",
	} {
		if got := v.generalize(in); got != want {
			t.Errorf("generalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// generalizeAll is generalize without the prefilter: every pattern run on
// every text.
func generalizeAll(v *Vocabulary, s string) string {
	for i, re := range v.tickets {
		t := v.Tickets[i]
		s = re.ReplaceAllStringFunc(s, func(m string) string {
			for _, e := range t.Except {
				if strings.HasPrefix(m, e) {
					return m
				}
			}
			return re.ReplaceAllString(m, t.Replace)
		})
	}
	return strings.ReplaceAll(s, "#the ", "the ")
}

func FuzzGeneralizeSkipsOnlyWhatCannotMatch(f *testing.F) {
	for _, s := range []string{"Open INC0012345", "ticket #12345", "TICKET - 4567", "caſe 1234", "tic\u212aet 1234", "RITM0010203 and SR-555", "AES-256 and ABC-12", "#the 1234", "Page 12 | Desk", ""} {
		f.Add(s)
	}
	v := DefaultVocabulary()
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := v.generalize(s), generalizeAll(v, s); got != want {
			t.Errorf("generalize(%q) = %q, without the prefilter %q", s, got, want)
		}
	})
}
