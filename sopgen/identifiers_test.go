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
