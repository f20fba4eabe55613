package sopgen

import (
	"bytes"
	"encoding/json"
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
		{"Chrome 131.0.6778.85", "Chrome 131.0.6778.85", Redactions{}},
		{"Windows 10.0.19045", "Windows 10.0.19045", Redactions{}},
		{"call 06.12.34.56.78", "call [phone]", Redactions{Phone: 1}},
		{"Ticket - 0004812 - GLPI", "Ticket - 0004812 - GLPI", Redactions{}},
		{"open #0004812 now", "open #0004812 now", Redactions{}},
		{"Incident: 1234567 logged", "Incident: 1234567 logged", Redactions{}},
		{"ticket 0004812, call 0207 946 0958", "ticket 0004812, call [phone]", Redactions{Phone: 1}},
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

func TestScrubCoversEveryStringThatIsNotAnIdentifier(t *testing.T) {
	const email = "pat@example.com"
	rec := &Recording{
		Title:    "for " + email,
		Recorder: Recorder{Name: email, Version: email},
		Actor:    &Actor{Role: email},
		Context:  &Context{Browser: email, OS: email, Locale: email, Timezone: email},
		Coverage: &Coverage{Uncaptured: []Uncaptured{{Kind: "domain", Where: email}}},
		Steps: []Step{{
			App: email, URL: "https://x.example/u/" + email + "?q=" + email, Page: email, Choice: email, Text: email,
			Target: &Target{Role: email, Name: email, Selector: "#" + email},
		}},
	}
	r := (&Scrubber{}).Scrub(rec)
	if got, want := r, (Redactions{Email: 17, URL: 1}); got != want {
		t.Errorf("redactions = %+v, want %+v", got, want)
	}
	out, err := json.Marshal(rec)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out, []byte(email)) {
		t.Errorf("an email survived scrubbing: %s", out)
	}
}

func TestCutURLDropsUserInfoQueryAndFragment(t *testing.T) {
	cases := []struct {
		in, want string
		dropped  int
	}{
		{"https://x.example/a/b?token=1#frag", "https://x.example/a/b", 2},
		{"https://user:secret@x.example/a", "https://x.example/a", 1},
		{"https://user:secret@x.example:8443/a?token=1#f", "https://x.example:8443/a", 3},
		{"https://a@b:secret@x.example/", "https://x.example/", 1},
		{"https://user:secret@x.example", "https://x.example", 1},
		{"https://user:secret@x.example\\path", "https://x.example\\path", 1},
		{"https:user:secret@x.example/a", "https:x.example/a", 1},
		{"HTTPS:\\\\user:secret@x.example/a", "HTTPS:\\\\x.example/a", 1},
		{"//user:secret@x.example/a", "//x.example/a", 1},
		{"ftp://user:secret@files.example/", "ftp://files.example/", 1},
		{"https://x.example/people/@pat", "https://x.example/people/@pat", 0},
		{"https://x.example/?", "https://x.example/", 1},
		{"mailto:pat@example.com", "mailto:pat@example.com", 0},
		{"urn:isbn:0451450523", "urn:isbn:0451450523", 0},
		{"Service Desk", "Service Desk", 0},
		{"", "", 0},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			var r Redactions
			if got := CutURL(tc.in, &r); got != tc.want {
				t.Errorf("CutURL(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if got, want := r, (Redactions{URL: tc.dropped}); got != want {
				t.Errorf("redactions = %+v, want %+v", got, want)
			}
		})
	}
}

func TestScrubberCutsURLsInsideText(t *testing.T) {
	cases := []struct {
		in, want string
		red      Redactions
	}{
		{"see https://kb.example/reset?token=SECRET for details", "see https://kb.example/reset for details", Redactions{URL: 1}},
		{"login at https://admin:hunter2@desk.example/ now", "login at https://desk.example/ now", Redactions{URL: 1}},
		{`a[href="https://x.example/p?sid=SECRET#top"]`, `a[href="https://x.example/p"]`, Redactions{URL: 2}},
		{"two: http://a.example/?x=1 and ftp://u:p@b.example/f", "two: http://a.example/ and ftp://b.example/f", Redactions{URL: 2}},
		{"https://x.example/path stays whole", "https://x.example/path stays whole", Redactions{}},
		{"user:pass@x.example is no URL but holds an email", "user:[email] is no URL but holds an email", Redactions{Email: 1}},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			var r Redactions
			if got := (&Scrubber{}).String(tc.in, &r); got != tc.want {
				t.Errorf("String(%q) = %q, want %q", tc.in, got, tc.want)
			}
			if r != tc.red {
				t.Errorf("redactions = %+v, want %+v", r, tc.red)
			}
		})
	}
}

func TestCleanTextRemovesInvisibleControls(t *testing.T) {
	in := "  Reset\u202e exe.txt\u2066 \u200bpass\u200dword\n\n now \u0007"
	if got, want := CleanText(in), "Reset exe.txt password now"; got != want {
		t.Errorf("CleanText = %q, want %q", got, want)
	}
}

func TestStripURLDropsUserInfoQueryAndFragment(t *testing.T) {
	if got, want := StripURL("https://u:p@x.example/a/b?token=1#frag"), "https://x.example/a/b"; got != want {
		t.Errorf("StripURL = %q, want %q", got, want)
	}
}
