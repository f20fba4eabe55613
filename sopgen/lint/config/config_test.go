package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseReadsRulesAndPolicy(t *testing.T) {
	c, err := Parse("c.yaml", []byte("rules:\n  step-vague: off\npolicy:\n  verification_methods: [video]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Rules["step-vague"] != "off" || len(c.Policy.VerificationMethods) != 1 || c.Path != "c.yaml" {
		t.Errorf("config = %+v", c)
	}
}

func TestParseRejectsWithTheLine(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"unknown key", "rules: {}\npolcy: {}\n", "c.yaml:2: field polcy not found"},
		{"unknown rule", "rules:\n  step-vague: off\n  step-vauge: off\n", `c.yaml:3: unknown rule "step-vauge"`},
		{"bad severity", "rules:\n  step-vague: fatal\n", `c.yaml:2: rule step-vague: severity must be error, warning, info or off, not "fatal"`},
		{"wrong type", "policy:\n  delivery_channels: sms\n", "c.yaml:2: cannot unmarshal"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("c.yaml", []byte(c.in))
			if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}

func TestFindWalksUpToTheNearestFile(t *testing.T) {
	root := t.TempDir()
	deep := filepath.Join(root, "a", "b", "c")
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	top := filepath.Join(root, ".stepwise.yaml")
	mid := filepath.Join(root, "a", ".stepwise.yml")
	for _, p := range []string{top, mid} {
		if err := os.WriteFile(p, []byte("rules: {}\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if got := Find(deep); !sameFile(got, mid) {
		t.Errorf("Find(a/b/c) = %q, want %q", got, mid)
	}
	if got := Find(root); !sameFile(got, top) {
		t.Errorf("Find(root) = %q, want %q", got, top)
	}
}

func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}
