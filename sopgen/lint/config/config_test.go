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

func TestExcludeMatchesNamesPathsAndFolders(t *testing.T) {
	root := t.TempDir()
	c, err := Parse(filepath.Join(root, ".stepwise.yaml"), []byte("exclude:\n  - README.md\n  - \"*.draft.md\"\n  - archive/\n  - teams/*/notes.md\n"))
	if err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		"README.md":                  "README.md",
		"sops/README.md":             "README.md",
		"sops/reset.draft.md":        "*.draft.md",
		"archive/2019/reset.md":      "archive/",
		"teams/desk/notes.md":        "teams/*/notes.md",
		"teams/desk/reset.md":        "",
		"sops/reset.md":              "",
		"archive.md":                 "",
		"teams/desk/deeper/notes.md": "",
	} {
		if got := c.Excluded(filepath.Join(root, filepath.FromSlash(file))); got != want {
			t.Errorf("Excluded(%s) = %q, want %q", file, got, want)
		}
	}
	if got := c.Excluded(filepath.Join(filepath.Dir(root), "README.md")); got != "" {
		t.Errorf("a file outside the configuration's folder is excluded by %q", got)
	}
	var none *Config
	if got := none.Excluded("README.md"); got != "" {
		t.Errorf("no configuration excludes %q", got)
	}
}

func TestExcludeRejectsBadPatternsWithTheLine(t *testing.T) {
	cases := []struct{ name, in, want string }{
		{"bad pattern", "exclude:\n  - README.md\n  - \"[\"\n", `c.yaml:3: exclude: "[" is not a valid pattern`},
		{"empty pattern", "exclude:\n  - \"\"\n", "c.yaml:2: exclude: a pattern must have 1 to 256 characters"},
		{"not a list", "exclude: README.md\n", "c.yaml:1: cannot unmarshal"},
		{"too many", "exclude:\n" + strings.Repeat("  - a.md\n", MaxExclude+1), "c.yaml:2: exclude: 201 patterns, at most 200"},
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
