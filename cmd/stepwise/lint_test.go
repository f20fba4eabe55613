package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const lintTree = "../../sopgen/lint/testdata/tree"

func TestLintExitCodes(t *testing.T) {
	clean := "../../templates/builtin/password-reset.yaml"
	cases := []struct {
		name string
		args []string
		code int
	}{
		{"a clean template", []string{"lint", "--today", "2026-12-01", clean}, exitOK},
		{"error findings", []string{"lint", "--today", "2026-12-01", lintTree + "/sops/unlock.md"}, exitFindings},
		{"warnings only, failing on errors", []string{"lint", "--today", "2026-12-01", lintTree + "/sops/team-b/mfa.md", "--config", "testdata/only-warnings.yaml"}, exitOK},
		{"warnings only, failing on warnings", []string{"lint", "--today", "2026-12-01", "--fail-on", "warning", lintTree + "/sops/team-b/mfa.md", "--config", "testdata/only-warnings.yaml"}, exitFindings},
		{"an unreadable path", []string{"lint", clean, "does/not/exist.md"}, exitError},
		{"an invalid template", []string{"lint", lintTree + "/sops/broken.yaml"}, exitError},
		{"no paths", []string{"lint"}, exitError},
		{"asking for help", []string{"lint", "-h"}, exitOK},
		{"a bad format", []string{"lint", "--format", "xml", clean}, exitError},
		{"a bad fail-on", []string{"lint", "--fail-on", "fatal", clean}, exitError},
		{"a bad config", []string{"lint", "--config", "testdata/bad-config.yaml", clean}, exitError},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, _, stderr := runCLI(c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, c.code, stderr)
			}
		})
	}
}

func TestLintReportsInputErrorsAndStillPrintsTheOthersFindings(t *testing.T) {
	code, stdout, stderr := runCLI("lint", "--today", "2026-11-22", lintTree)
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	for _, want := range []string{
		lintTree + "/sops/broken.yaml:9: field knd not found in Step",
		lintTree + "/sops/latin1.md:8: the file is not valid UTF-8",
		"2 files could not be read",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(stdout, lintTree+"/sops/unlock.md:27: warning step-vague: ") {
		t.Errorf("stdout lacks the findings of the readable files:\n%s", stdout)
	}
}

func TestLintBadConfigNamesTheLine(t *testing.T) {
	_, _, stderr := runCLI("lint", "--config", "testdata/bad-config.yaml", "../../templates/builtin/password-reset.yaml")
	if !strings.Contains(stderr, "testdata/bad-config.yaml:3: unknown rule \"verification-vauge\"") {
		t.Errorf("stderr = %q", stderr)
	}
}

func TestLintJSONIsABaseline(t *testing.T) {
	dir := t.TempDir()
	sop := lintTree + "/sops/unlock.md"
	code, stdout, _ := runCLI("lint", "--format", "json", "--today", "2026-11-22", sop)
	if code != exitFindings {
		t.Fatalf("exit %d", code)
	}
	var rep struct {
		Findings []struct {
			Rule     string `json:"rule"`
			Location struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"location"`
		} `json:"findings"`
		Summary struct {
			Files, Errors int
		} `json:"summary"`
	}
	if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) == 0 || rep.Summary.Files != 1 || rep.Summary.Errors == 0 || rep.Findings[0].Location.Line == 0 {
		t.Fatalf("report = %+v", rep)
	}
	base := filepath.Join(dir, "baseline.json")
	if err := os.WriteFile(base, []byte(stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI("lint", "--baseline", base, "--today", "2026-11-22", sop)
	if code != exitOK || stdout != "" || !strings.Contains(stderr, "in the baseline") {
		t.Errorf("with the baseline: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

func TestLintFormatsSARIFAndMarkdown(t *testing.T) {
	_, stdout, _ := runCLI("lint", "--format", "sarif", lintTree+"/sops/unlock.md")
	var log struct {
		Version string `json:"version"`
	}
	if err := json.Unmarshal([]byte(stdout), &log); err != nil || log.Version != "2.1.0" {
		t.Errorf("sarif: %v, version %q", err, log.Version)
	}
	_, stdout, _ = runCLI("lint", "--format", "markdown", lintTree+"/sops/unlock.md")
	if !strings.HasPrefix(stdout, "### Stepwise lint") || !strings.Contains(stdout, "docs/rules.md#step-vague") {
		t.Errorf("markdown = %q", stdout)
	}
}

func TestGenerateTakesABuiltinTemplateByName(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sop")
	code, _, stderr := runCLI("generate", "../../examples/password-reset-sms/recording.json", "--template", "password-reset", "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	md, err := os.ReadFile(filepath.Join(out, "sop.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "SOP-IAM-006") {
		t.Errorf("the template's scope is not in the SOP")
	}
	code, _, stderr = runCLI("generate", "../../examples/password-reset-sms/recording.json", "--template", "pasword-reset", "--out", out)
	if code != exitError || !strings.Contains(stderr, "password-reset") {
		t.Errorf("a misspelt template: exit %d, stderr %q", code, stderr)
	}
}

func TestLintWithNothingToLintIsAnError(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "README.md"), []byte("# Notes\n\nNot an SOP.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI("lint", dir)
	if code != exitError || !strings.Contains(stderr, "nothing to lint") || !strings.Contains(stderr, "1 file passed over") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
	// SOPs under testdata are not walked: the message says where they are.
	td := filepath.Join(dir, "testdata")
	if err := os.MkdirAll(td, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(td, "reset.md"), []byte("# Reset\n\n## Procedure\n\n1. Reset the password.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runCLI("lint", dir)
	if code != exitError || !strings.Contains(stderr, "folders not walked: "+td) {
		t.Errorf("exit %d, stderr %q: want the testdata folder named", code, stderr)
	}
}

func TestLintReadsRecordingsAndChromeExports(t *testing.T) {
	code, stdout, stderr := runCLI("lint", "--today", "2026-11-22", "../../examples/password-reset-sms/recording.json",
		"../../recorder-ingest/chromerecorder/testdata/recorder-demo__order-a-coffee.json")
	if code != exitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "examples/password-reset-sms/recording.json:") || !strings.Contains(stdout, "order-a-coffee.json:1: warning metadata-missing") {
		t.Errorf("stdout = %s", stdout)
	}
	_, _, stderr = runCLI("lint", "testdata/only-warnings.yaml", "../../go.mod")
	if !strings.Contains(stderr, "go.mod: not an SOP") {
		t.Errorf("stderr = %q", stderr)
	}
}
