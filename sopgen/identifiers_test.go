package sopgen

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// evalCase is one recording of the identifier evaluation set with what
// must be generalised and what must stay.
type evalCase struct {
	Identifiers []string `json:"identifiers"`
	Keep        []string `json:"keep"`
}

// countPhrase counts the whole-word occurrences of phrase in s, case
// folded: independent of the scrubber's own tokenizer.
func countPhrase(s, phrase string) int {
	re := regexp.MustCompile(`(?i)(?:^|[^\p{L}\p{N}_])(` + regexp.QuoteMeta(phrase) + `)(?:$|[^\p{L}\p{N}_])`)
	n := 0
	for i := 0; i < len(s); {
		loc := re.FindStringSubmatchIndex(s[i:])
		if loc == nil {
			break
		}
		n++
		i += loc[3] // the next match may share this one's boundary
	}
	return n
}

func mustJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

func mustEvalSet(tb testing.TB) (names []string, recs map[string]*Recording, want map[string]evalCase) {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "identifiers", "*.want.json"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no evaluation files: %v", err)
	}
	recs, want = map[string]*Recording{}, map[string]evalCase{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".want.json")
		body, err := os.ReadFile(filepath.Join("testdata", "identifiers", name+".json"))
		if err != nil {
			tb.Fatal(err)
		}
		rec, err := ParseRecording(body)
		if err != nil {
			tb.Fatalf("%s: %v", name, err)
		}
		wb, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var ec evalCase
		if err := json.Unmarshal(wb, &ec); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		names = append(names, name)
		recs[name], want[name] = rec, ec
	}
	sort.Strings(names)
	return names, recs, want
}

// TestIdentifierEvaluation measures the generalisation of record
// identifiers on recordings written from vendors' documentation of real
// consoles (testdata/identifiers/README.md): recall over the planted
// identifiers' occurrences, precision over every replacement made and
// every occurrence of the interface's words that must stay.
func TestIdentifierEvaluation(t *testing.T) {
	names, recs, want := mustEvalSet(t)
	var planted, replaced, wrong int
	var table strings.Builder
	fmt.Fprintf(&table, "%-26s %8s %8s %8s %6s\n", "recording", "planted", "replaced", "wrong", "left")
	for _, name := range names {
		rec, ec := recs[name], want[name]
		sc := &Scrubber{}
		var r Redactions
		sc.scrubPatterns(rec, &r)
		before := mustJSON(t, rec)
		var ri Redactions
		sc.scrubIdentifiers(rec, &ri)
		after := mustJSON(t, rec)
		p, tp, left := 0, 0, 0
		for _, id := range ec.Identifiers {
			b, a := countPhrase(before, id), countPhrase(after, id)
			if b == 0 {
				t.Errorf("%s: identifier %q is not in the recording", name, id)
			}
			p += b
			tp += b - a
			left += a
			if a > 0 {
				t.Logf("%s: %q left %d times", name, id, a)
			}
		}
		lost := 0
		for _, k := range ec.Keep {
			b, a := countPhrase(before, k), countPhrase(after, k)
			if b == 0 {
				t.Errorf("%s: interface text %q is not in the recording", name, k)
			}
			if a < b {
				lost += b - a
				t.Errorf("%s: interface text %q replaced %d times", name, k, b-a)
			}
		}
		fp := max(ri.Identifier-tp, lost, 0)
		planted += p
		replaced += tp
		wrong += fp
		fmt.Fprintf(&table, "%-26s %8d %8d %8d %6d\n", name, p, tp, fp, left)
	}
	precision, recall := 1.0, float64(replaced)/float64(planted)
	if replaced+wrong > 0 {
		precision = float64(replaced) / float64(replaced+wrong)
	}
	fmt.Fprintf(&table, "precision %.3f, recall %.3f (%d of %d planted occurrences)\n", precision, recall, replaced, planted)
	t.Log("\n" + table.String())
	if precision < 1.0 || recall < 0.9 {
		t.Errorf("precision %.3f, recall %.3f; want precision 1.000 and recall 0.900 or more", precision, recall)
	}
}

// pickRecording is a list page where name is picked with role, then two
// pages and a link that name it, as a console shows a record it opened.
func pickRecording(role, name string) *Recording {
	return &Recording{Schema: Schema, ID: "rec-pick-0001", Workflow: "pick", RecordedAt: "2026-11-20T09:00:00Z", Steps: []Step{
		{Action: "navigate", App: "Console", URL: "https://console.example.org/admin/users", Page: "Users | Console"},
		{Action: "click", App: "Console", Page: "Users | Console", Target: &Target{Role: role, Name: name, Selector: "a.pick"}},
		{Action: "navigate", App: "Console", URL: "https://console.example.org/admin/users/edit", Page: "User " + name + " | Users | Console"},
		{Action: "click", App: "Console", Page: "Change password: " + name + " | Console", Target: &Target{Role: "link", Name: "Profile of " + name}},
	}}
}

func TestTheInterfacesWordsPickedFromAListStay(t *testing.T) {
	cases := []struct{ role, name string }{
		{"link", "Users"}, {"link", "Reset password"}, {"option", "Yes"}, {"option", "No"},
		{"gridcell", "Active"}, {"row", "Administrators"}, {"treeitem", "Security"},
		{"option", "Europe/London"}, {"option", "English (United Kingdom)"}, {"option", "en-GB"},
		{"link", "INC0012345"}, {"link", "ITHELP-42"}, {"listitem", "Tier 2"}, {"option", "2026"},
		{"link", "Windows 11"}, {"gridcell", "admin"}, {"link", "Global Administrator"},
		{"option", "Sales Europe"}, {"link", "MFA"}, {"link", "Save"}, {"link", "User Manager"},
		{"option", "Helpdesk Administrator"}, {"link", "v2.1.0"}, {"link", "dc01.corp.example"},
		{"link", "doku.php"}, {"option", "IPv6"}, {"option", "North America"}, {"link", "Sign-in logs"},
		{"link", "Audit logs"}, {"cell", "Enabled"}, {"option", "Never expires"}, {"link", "Group membership"},
	}
	for _, tc := range cases {
		t.Run(tc.role+" "+tc.name, func(t *testing.T) {
			rec := pickRecording(tc.role, tc.name)
			before := mustJSON(t, rec)
			r := (&Scrubber{}).Scrub(rec)
			if r.Identifier != 0 {
				t.Errorf("identifiers = %d, want 0: %s", r.Identifier, mustJSON(t, rec))
			}
			if after := mustJSON(t, rec); after != before {
				t.Errorf("the recording changed:\n%s\nwas\n%s", after, before)
			}
		})
	}
}

func TestRecordIdentifiersPickedFromAListAreGeneralisedEverywhere(t *testing.T) {
	cases := []struct {
		role, name string
		want       int // the link's name, two titles and the name of a later link
	}{
		{"link", "jdoe", 4}, {"gridcell", "j.doe", 4}, {"row", "u12345", 4}, {"link", "Jane Doe", 4},
		{"option", "Mary-Ann O'Neil", 4}, {"cell", "JDoe", 4}, {"listitem", "100234", 4}, {"treeitem", "jane_doe", 4},
	}
	for _, tc := range cases {
		t.Run(tc.role+" "+tc.name, func(t *testing.T) {
			rec := pickRecording(tc.role, tc.name)
			r := (&Scrubber{}).Scrub(rec)
			if r.Identifier != tc.want {
				t.Errorf("identifiers = %d, want %d", r.Identifier, tc.want)
			}
			out := mustJSON(t, rec)
			if strings.Contains(strings.ToLower(out), strings.ToLower(tc.name)) {
				t.Errorf("%q survived: %s", tc.name, out)
			}
			for _, want := range []string{`"User [account] | Users | Console"`, `"Change password: [account] | Console"`, `"Profile of [account]"`, `"Users | Console"`} {
				if !strings.Contains(out, want) {
					t.Errorf("the scrubbed recording lacks %s: %s", want, out)
				}
			}
		})
	}
}

func TestIdentifiersInTextAreReplacedWholeAndConsistently(t *testing.T) {
	ids := identifiers{"jdoe": true, "jane doe": true}
	cases := []struct {
		in, want string
		n        int
	}{
		{"Reset jdoe's password", "Reset [account]'s password", 1},
		{"Jane Doe (jdoe) and JDOE", "[account] ([account]) and [account]", 3},
		{"Jane  Doe's account", "[account]'s account", 1},
		{"jdoe2 and xjdoe and jdoe-admin stay", "jdoe2 and xjdoe and jdoe-admin stay", 0},
		{"Jane Doer stays", "Jane Doer stays", 0},
		{"SID S-1-5-21-3623811015-3361044348-30300820-1013.", "SID [account].", 1},
		{"object 3F2A9C1E-7B4D-4E8A-9F61-2C5D8E0B7A14", "object [account]", 1},
		{"[record] and [account] are kept", "[record] and [account] are kept", 0},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			var r Redactions
			got, _ := replaceIdentifiers(tc.in, ids, &r, nil)
			if got != tc.want || r.Identifier != tc.n {
				t.Errorf("replaceIdentifiers(%q) = %q (%d), want %q (%d)", tc.in, got, r.Identifier, tc.want, tc.n)
			}
		})
	}
}

func TestScrubbingAgainCountsNothingMore(t *testing.T) {
	names, recs, _ := mustEvalSet(t)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			rec := recs[name]
			first := (&Scrubber{}).Scrub(rec)
			once := mustJSON(t, rec)
			if first.Identifier == 0 {
				t.Fatal("nothing was generalised the first time")
			}
			if again := (&Scrubber{}).Scrub(rec); again != (Redactions{}) {
				t.Errorf("scrubbing again counted %+v", again)
			}
			if twice := mustJSON(t, rec); twice != once {
				t.Errorf("scrubbing again changed the recording")
			}
		})
	}
}

func TestAPlaceholderFromTheRecorderIsNotCounted(t *testing.T) {
	rec := pickRecording("link", RecordPlaceholder)
	before := mustJSON(t, rec)
	if r := (&Scrubber{}).Scrub(rec); r != (Redactions{}) {
		t.Errorf("redactions = %+v, want none", r)
	}
	if after := mustJSON(t, rec); after != before {
		t.Errorf("the recording changed: %s", after)
	}
}

// longRecording is n steps of a console where a different account is
// and a different person picked every four steps, each named in the next
// title, the account's id in a URL:
// the worst case for the learner, whose candidates grow with the input.
func longRecording(n int) *Recording {
	rec := &Recording{Schema: Schema, ID: "rec-long-0001", Workflow: "long", RecordedAt: "2026-11-20T09:00:00Z"}
	for i := 0; len(rec.Steps) < n; i++ {
		user := fmt.Sprintf("user%05d", i)
		name := fmt.Sprintf("Agnes Q%c%c", 'a'+i%26, 'a'+i/26%26)
		rec.Steps = append(rec.Steps,
			Step{Action: "click", App: "Console", Page: "Users | Console", Target: &Target{Role: "link", Name: user, Selector: "a.user"}},
			Step{Action: "navigate", App: "Console", URL: fmt.Sprintf("https://console.example.org/users/%d/edit", 100000+i), Page: "Change password: " + user + " | Console"},
			Step{Action: "click", App: "Console", Page: "Users | Console", Target: &Target{Role: "gridcell", Name: name}},
			Step{Action: "navigate", App: "Console", Page: name + " | Profile | Console"},
		)
	}
	rec.Steps = rec.Steps[:n]
	return rec
}

func TestScrubbingTenThousandStepsIsBounded(t *testing.T) {
	rec := longRecording(MaxSteps)
	start := time.Now()
	r := (&Scrubber{}).Scrub(rec)
	if d := time.Since(start); d > 20*time.Second {
		t.Errorf("scrubbing %d steps took %v", MaxSteps, d)
	}
	if want := MaxSteps / 4 * 5; r.Identifier != want { // 3 for the account, 2 for the name
		t.Errorf("identifiers = %d, want %d", r.Identifier, want)
	}
}

func BenchmarkScrubIdentifiers(b *testing.B) {
	for _, n := range []int{1000, MaxSteps} {
		b.Run(fmt.Sprintf("%d steps", n), func(b *testing.B) {
			src := longRecording(n)
			for b.Loop() {
				rec := cloneRecording(src)
				(&Scrubber{}).Scrub(rec)
			}
		})
	}
}

func TestAnAccountPickedFromAListIsLearnedWhenTheRecordingStaysOnIt(t *testing.T) {
	rec := pickRecording("link", "jdoe")
	for range 20 {
		rec.Steps = append(rec.Steps, Step{Action: "click", App: "Console", Page: "User jdoe | Users | Console", Target: &Target{Role: "button", Name: "Save"}})
	}
	r := (&Scrubber{}).Scrub(rec)
	if got, want := r.Identifier, 24; got != want {
		t.Errorf("identifiers = %d, want %d: %s", got, want, mustJSON(t, rec))
	}
}
