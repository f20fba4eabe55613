package sopgen

import (
	"strings"
	"testing"
)

func TestScrubberReplacesPersonalData(t *testing.T) {
	cases := []struct {
		in, want string
		red      Redactions
	}{
		{"mail jane.doe@example.com now", "mail [email] now", Redactions{Email: 1}},
		{"call +1 (415) 555-0100 today", "call [phone] today", Redactions{Phone: 1}},
		{"call 020 7946 0958", "call [phone]", Redactions{Phone: 1}},
		{"card 4111 1111 1111 1111 on file", "card [card number] on file", Redactions{Card: 1}},
		{"card 4111-1111-1111-1111", "card [card number]", Redactions{Card: 1}},
		{"incident INC0012345 stays", "incident INC0012345 stays", Redactions{}},
		{"on 2026-11-02 at 10:30", "on 2026-11-02 at 10:30", Redactions{}},
		{"host 192.168.10.20", "host 192.168.10.20", Redactions{}},
		{"version 1.2.3 and 42 items", "version 1.2.3 and 42 items", Redactions{}},
		{"a@b.co and c@d.org", "[email] and [email]", Redactions{Email: 2}},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			var r Redactions
			got := (&Scrubber{}).String(tc.in, &r)
			if got != tc.want {
				t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if r != tc.red {
				t.Errorf("redactions = %+v, want %+v", r, tc.red)
			}
		})
	}
}

func TestScrubCoversEveryFreeTextField(t *testing.T) {
	const email = "pat@example.com"
	rec := &Recording{
		Title:    "for " + email,
		Actor:    &Actor{Role: email},
		Coverage: &Coverage{Uncaptured: []Uncaptured{{Kind: "domain", Where: email}}},
		Steps: []Step{{
			App: email, URL: "https://x.example/u/" + email + "?q=" + email, Page: email, Choice: email, Text: email,
			Target: &Target{Role: email, Name: email, Selector: "#" + email},
		}},
	}
	r := (&Scrubber{}).Scrub(rec)
	if got, want := r.Email, 11; got != want {
		t.Errorf("scrubbed %d emails, want %d", got, want)
	}
	if s := strings.Join([]string{rec.Title, rec.Actor.Role, rec.Coverage.Uncaptured[0].Where, rec.Steps[0].App, rec.Steps[0].URL,
		rec.Steps[0].Page, rec.Steps[0].Choice, rec.Steps[0].Text, rec.Steps[0].Target.Role, rec.Steps[0].Target.Name,
		rec.Steps[0].Target.Selector}, " "); strings.Contains(s, email) {
		t.Errorf("an email survived scrubbing: %s", s)
	}
}

func TestCleanTextRemovesInvisibleControls(t *testing.T) {
	in := "  Reset\u202e exe.txt\u2066 \u200bpass\u200dword\n\n now \u0007"
	if got, want := CleanText(in), "Reset exe.txt password now"; got != want {
		t.Errorf("CleanText = %q, want %q", got, want)
	}
}

func TestStripURLDropsQueryAndFragment(t *testing.T) {
	if got, want := StripURL("https://x.example/a/b?token=1#frag"), "https://x.example/a/b"; got != want {
		t.Errorf("StripURL = %q, want %q", got, want)
	}
}
