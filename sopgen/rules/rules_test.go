package rules_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/internal/golden"
	"github.com/stepwise-sop/stepwise/sopgen/rules"
	"github.com/stepwise-sop/stepwise/templates"
)

var update = flag.Bool("update", false, "rewrite docs/rules.md")

// coreIDs are rule ids that configurations, suppressions and baselines
// name: they are a stable contract, so renaming one must fail a test.
var coreIDs = []string{
	"section-missing", "verification-missing", "verification-after-access",
	"verification-vague", "verification-method-unapproved", "logging-missing",
	"delivery-channel-unapproved", "exception-failed-verification-missing",
	"confirmation-missing", "step-vague", "role-undefined", "records-location-missing",
}

func TestRegistryIsWellFormed(t *testing.T) {
	kebab := regexp.MustCompile(`^[a-z]+(-[a-z0-9]+)*$`)
	seen := map[string]bool{}
	for _, r := range rules.All {
		if !kebab.MatchString(r.ID) {
			t.Errorf("rule id %q is not kebab-case", r.ID)
		}
		if seen[r.ID] {
			t.Errorf("rule id %q is registered twice", r.ID)
		}
		seen[r.ID] = true
		if len(r.Doc) < 40 || len(r.Refs) == 0 || r.Run == nil {
			t.Errorf("rule %s lacks a doc, references or a Run func", r.ID)
		}
		if r.Severity.Rank() == 0 {
			t.Errorf("rule %s has severity %q", r.ID, r.Severity)
		}
	}
	for _, id := range coreIDs {
		if !seen[id] {
			t.Errorf("core rule %q is not registered", id)
		}
	}
}

// today is the date fixtures are checked on, so review-overdue fixtures
// keep their meaning.
var today = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

// TestFixtures runs every rule over testdata/<rule>/. Recordings
// (*.json) list the rule ids expected in a .want file beside them; a
// <name>.template.yaml beside a recording supplies its template. YAML and
// Markdown SOPs carry their expectations inline: # want "rule-id" (or
// <!-- want "rule-id" -->) on the line each finding must be reported at.
// Missing and unexpected findings both fail.
func TestFixtures(t *testing.T) {
	var files []string
	for _, pattern := range []string{"testdata/*/*.json", "testdata/*/*.yaml", "testdata/*/*.md"} {
		m, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, m...)
	}
	failing, passing := map[string]bool{}, map[string]bool{}
	for _, path := range files {
		if strings.HasSuffix(path, ".template.yaml") {
			continue
		}
		t.Run(path, func(t *testing.T) {
			rule := filepath.Base(filepath.Dir(path))
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			doc, want := mustFixture(t, path, data)
			var got []string
			cfg := rules.Config{Today: today}
			if r := rules.ByID(rule); r != nil && r.Off {
				// A rule off by default runs on its own fixtures.
				cfg.Severity = map[string]string{rule: string(r.Severity)}
			}
			for _, f := range rules.Check(doc, cfg) {
				if f.Location.File != path {
					t.Errorf("finding %s is located in %q, want %q", f.Rule, f.Location.File, path)
				}
				if strings.HasSuffix(path, ".json") {
					got = append(got, f.Rule)
				} else {
					got = append(got, fmt.Sprintf("%d:%s", f.Location.Line, f.Rule))
				}
			}
			sort.Strings(got)
			sort.Strings(want)
			if strings.Join(got, " ") != strings.Join(want, " ") {
				t.Errorf("findings = %v, want %v", got, want)
			}
			has := false
			for _, g := range got {
				has = has || g == rule || strings.HasSuffix(g, ":"+rule)
			}
			stem := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
			if strings.HasPrefix(stem, "fail") && has {
				failing[rule] = true
			}
			if strings.HasPrefix(stem, "pass") && !has {
				passing[rule] = true
			}
		})
	}
	for _, r := range rules.All {
		if !failing[r.ID] || !passing[r.ID] {
			t.Errorf("rule %s needs a failing and a passing fixture (failing %v, passing %v)", r.ID, failing[r.ID], passing[r.ID])
		}
	}
}

var wantRe = regexp.MustCompile(`want((?:\s+"[a-z0-9-]+")+)`)

// mustFixture reads a fixture as a Document and returns the findings it
// expects: rule ids for recordings, "line:rule" for YAML and Markdown.
func mustFixture(tb testing.TB, path string, data []byte) (*sopgen.Document, []string) {
	tb.Helper()
	var want []string
	switch filepath.Ext(path) {
	case ".json":
		rec, err := sopgen.ParseRecording(data)
		if err != nil {
			tb.Fatal(err)
		}
		stem := strings.TrimSuffix(path, ".json")
		opts := sopgen.Options{Source: path}
		if _, err := os.Stat(stem + ".template.yaml"); err == nil {
			if opts.Template, err = templates.Load(stem + ".template.yaml"); err != nil {
				tb.Fatal(err)
			}
		}
		doc, err := sopgen.Compose(rec, opts)
		if err != nil {
			tb.Fatal(err)
		}
		wantData, err := os.ReadFile(stem + ".want")
		if err != nil {
			tb.Fatal(err)
		}
		return doc, strings.Fields(string(wantData))
	case ".yaml":
		doc, err := templates.ParseYAML(path, data, nil)
		if err != nil {
			tb.Fatal(err)
		}
		want = inlineWants(data)
		return doc, want
	default:
		doc, err := templates.ParseMarkdown(path, data, nil)
		if err != nil {
			tb.Fatal(err)
		}
		return doc, inlineWants(data)
	}
}

func inlineWants(data []byte) []string {
	var out []string
	for i, line := range strings.Split(string(data), "\n") {
		m := wantRe.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		for _, id := range strings.Fields(m[1]) {
			out = append(out, fmt.Sprintf("%d:%s", i+1, strings.Trim(id, `"`)))
		}
	}
	return out
}

func fullDocument() *sopgen.Document {
	step := &sopgen.ProcStep{Number: "1.1", Kind: sopgen.KindOther, Role: "Agent", Text: []sopgen.Span{{Text: "Open the queue."}}}
	return &sopgen.Document{
		Source:     "doc.md",
		Meta:       sopgen.Metadata{ID: "SOP-1", Version: "1", Owner: "Lead", Approver: "Head", Effective: "2026-01-01", NextReview: "2027-01-01", Line: 1},
		Purpose:    sopgen.Section{Text: "Why."},
		Scope:      sopgen.Section{Text: "What."},
		Roles:      []sopgen.Role{{Name: "Agent", Duties: "Works."}},
		Phases:     []sopgen.Phase{{Title: "Work", Steps: []*sopgen.ProcStep{step}}},
		Exceptions: []sopgen.Exception{{ID: "e", Trigger: "x", Action: "y"}},
		Records:    []sopgen.Record{{What: "Notes", Where: "Ticket"}},
		Headings:   map[string]int{"Purpose": 3, "Scope": 5, "Roles": 7, "Procedure": 9, "Exceptions": 12, "Records": 14},
	}
}

func ruleIDs(fs []sopgen.Finding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

func TestDocumentRules(t *testing.T) {
	if got := ruleIDs(rules.Check(fullDocument(), rules.Config{})); len(got) != 0 {
		t.Errorf("a complete document has findings %v", got)
	}
	d := fullDocument()
	d.Scope.Text = " "
	d.Records = nil
	fs := rules.Check(d, rules.Config{})
	if got, want := strings.Join(ruleIDs(fs), " "), "section-missing section-missing"; got != want {
		t.Fatalf("findings = %q, want %q", got, want)
	}
	if fs[0].Location.Line != 5 || fs[1].Location.Line != 14 {
		t.Errorf("lines = %d, %d; want 5 and 14", fs[0].Location.Line, fs[1].Location.Line)
	}

	d = fullDocument()
	d.Phases[0].Steps[0].Role = "Night shift"
	if got := ruleIDs(rules.Check(d, rules.Config{})); len(got) != 1 || got[0] != "role-undefined" {
		t.Errorf("findings = %v, want role-undefined", got)
	}
}

func TestConfigChangesSeverityOrTurnsARuleOff(t *testing.T) {
	d := fullDocument()
	d.Records = nil
	fs := rules.Check(d, rules.Config{Severity: map[string]string{"section-missing": "warning"}})
	if len(fs) != 1 || fs[0].Severity != sopgen.SeverityWarning {
		t.Errorf("findings = %+v, want one warning", fs)
	}
	if fs := rules.Check(d, rules.Config{Severity: map[string]string{"section-missing": "off"}}); len(fs) != 0 {
		t.Errorf("an off rule reported %+v", fs)
	}
}

func TestDocsAreGeneratedFromTheRegistry(t *testing.T) {
	var b bytes.Buffer
	if err := rules.WriteDocs(&b); err != nil {
		t.Fatal(err)
	}
	const path = "../../docs/rules.md"
	golden.Check(t, path, b.Bytes(), *update, "./sopgen/rules")
	want := b.Bytes()
	for _, r := range rules.All {
		if !bytes.Contains(want, []byte("## "+r.ID)) {
			t.Errorf("docs do not describe %s", r.ID)
		}
	}
}
