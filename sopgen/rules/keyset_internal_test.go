package rules

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// naiveAny is what a keySet answers, one strings.Contains per key.
func naiveAny(s string, keys []string) bool {
	for _, k := range keys {
		if strings.Contains(s, k) {
			return true
		}
	}
	return false
}

// TestKeySetAnswersAsContainsDoes checks the one-pass index against a
// search per key on every line of the published procedures, for the key
// sets of the rules' own patterns.
func TestKeySetAnswersAsContainsDoes(t *testing.T) {
	sets := [][]string{forcedChange.keys, revocation.keys, secretToTicket.more.keys, secretToTicket.g.keys.keys, grantWords.keys.keys, {"a", "ab", "b"}, {"x"}, nil}
	files, err := filepath.Glob("../lint/testdata/published*/*.md")
	if err != nil || len(files) == 0 {
		t.Fatalf("corpus: %v", err)
	}
	built := make([]keySet, len(sets))
	for i, keys := range sets {
		built[i] = newKeySet(keys)
	}
	n := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(strings.ToLower(string(data)), "\n") {
			for i, keys := range sets {
				if got, want := built[i].any(line), naiveAny(line, keys); got != want {
					t.Fatalf("keys %q on %q: %v, want %v", keys, line, got, want)
				}
				n++
			}
		}
	}
	if n < 1000 {
		t.Fatalf("only %d comparisons", n)
	}
}

func FuzzKeySet(f *testing.F) {
	f.Add("reset the password at next sign-in", "next sign-in,sign,x")
	f.Add("", "a")
	f.Add("ab", "b,abc,")
	f.Fuzz(func(t *testing.T, s, keys string) {
		ks := strings.Split(keys, ",")
		if got, want := newKeySet(ks).any(s), naiveAny(s, ks); got != want {
			t.Fatalf("keys %q on %q: %v, want %v", ks, s, got, want)
		}
	})
}
