package main

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stepwise-sop/stepwise/recorder-ingest/ingesttest"
)

func commandNames() []string {
	var names []string
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func TestEveryWayOfAskingForHelpPrintsItToStdoutAndExitsZero(t *testing.T) {
	for _, name := range commandNames() {
		for _, args := range [][]string{{name, "-h"}, {name, "-help"}, {name, "--help"}, {"help", name}} {
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				code, stdout, stderr := runCLI(args...)
				if code != exitOK {
					t.Errorf("exit %d, want %d", code, exitOK)
				}
				if want := "Usage: stepwise " + name; !strings.HasPrefix(stdout, want) {
					t.Errorf("stdout = %q, want it to start with %q", stdout, want)
				}
				if stderr != "" {
					t.Errorf("stderr = %q, want nothing", stderr)
				}
			})
		}
	}
	for _, args := range [][]string{{"help"}, {"-h"}, {"--help"}} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(args...)
			if code != exitOK || !strings.Contains(stdout, "Commands:") || stderr != "" {
				t.Errorf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
			}
		})
	}
}

func TestHelpWithACommandPrintsThatCommandsHelp(t *testing.T) {
	cases := []struct {
		command, has, lacks string
	}{
		{"lint", "-fail-on", "-out"},
		{"generate", "-out", "-fail-on"},
		{"serve", "-addr", "-fail-on"},
		{"token", "-team", "-addr"},
		{"upload", "-server", "-team"},
		{"import", "-role", "-server"},
	}
	for _, c := range cases {
		t.Run(c.command, func(t *testing.T) {
			_, stdout, _ := runCLI("help", c.command)
			if !strings.Contains(stdout, c.has) || strings.Contains(stdout, c.lacks) {
				t.Errorf("stepwise help %s printed:\n%s\nwant %s in it and not %s", c.command, stdout, c.has, c.lacks)
			}
		})
	}
	if code, _, stderr := runCLI("help", "frobnicate"); code != exitError || !strings.Contains(stderr, `unknown command "frobnicate"`) {
		t.Errorf("help of an unknown command: exit %d, %q", code, stderr)
	}
}

func TestUsageErrorsSayWhatIsWrong(t *testing.T) {
	t.Setenv("STEPWISE_TOKEN", "")
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"no command", nil, "stepwise: missing command"},
		{"generate without a recording", []string{"generate", "--out", "o"}, "stepwise generate: missing RECORDING.json"},
		{"generate without --out", []string{"generate", "x.json"}, "stepwise generate: missing --out DIR"},
		{"generate with two recordings", []string{"generate", "a.json", "b.json", "--out", "o"}, "stepwise generate: takes one recording, not 2"},
		{"generate with an unknown flag", []string{"generate", "--bogus", "x.json"}, "stepwise generate: flag provided but not defined: -bogus"},
		{"lint without a path", []string{"lint"}, "stepwise lint: missing PATH"},
		{"token without create", []string{"token", "--team", "t"}, "stepwise token: missing the subcommand create"},
		{"token with another subcommand", []string{"token", "list"}, `stepwise token: unknown subcommand "list"`},
		{"token without a team", []string{"token", "create"}, "stepwise token: missing --team NAME"},
		{"upload without a file", []string{"upload", "--token", "t"}, "stepwise upload: missing FILE"},
		{"upload without a token", []string{"upload", "x.json"}, "stepwise upload: missing --token TOKEN"},
		{"upload to a server without a scheme", []string{"upload", "--token", "t", "--server", "127.0.0.1:18181", "x.json"}, `stepwise upload: --server "127.0.0.1:18181" is not a server's URL: give its scheme and address, e.g. http://127.0.0.1:8080`},
		{"import without anything", []string{"import"}, "stepwise import: missing the format chrome-recorder"},
		{"import of another format", []string{"import", "har", "x.json"}, `stepwise import: unknown format "har"`},
		{"import without a file", []string{"import", "chrome-recorder"}, "stepwise import: missing FILE"},
		{"serve with a stray argument", []string{"serve", "now"}, `stepwise serve: unexpected argument "now"`},
		{"version with an argument", []string{"version", "x"}, `stepwise version: unexpected argument "x"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(c.args...)
			if code != exitError {
				t.Errorf("exit %d, want %d", code, exitError)
			}
			if !strings.Contains(stderr, c.want) {
				t.Errorf("stderr = %q, want it to say %q", stderr, c.want)
			}
			if stdout != "" {
				t.Errorf("stdout = %q, want nothing", stdout)
			}
		})
	}
}

func TestGenerateOnAnSOPOrATemplatePointsToLint(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sop := "# Unlock\n\n## Procedure\n\n1. Open the ticket.\n"
	tmpl := "title: Unlock\nprocedure:\n  - phase: Intake\n    steps:\n      - text: Open the ticket.\n"
	cases := []struct {
		name, file, want string
	}{
		{"a Markdown SOP", write("unlock.md", sop), "looks like a Markdown SOP; generate takes a recording (JSON)"},
		{"a Markdown SOP with front matter", write("unlock.markdown", "---\nid: X\n---\n"+sop), "looks like a Markdown SOP"},
		{"a Markdown SOP named .txt", write("unlock.txt", sop), "looks like a Markdown SOP"},
		{"a YAML template", write("unlock.yaml", tmpl), "looks like a YAML template; generate takes a recording (JSON)"},
		{"a YAML template named .txt", write("unlock-template.txt", tmpl), "looks like a YAML template"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(dir, "out")
			code, _, stderr := runCLI("generate", c.file, "--out", out)
			if code != exitError {
				t.Errorf("exit %d, want %d", code, exitError)
			}
			if !strings.Contains(stderr, c.want) || !strings.Contains(stderr, "stepwise lint "+c.file) {
				t.Errorf("stderr = %q, want %q and the lint command", stderr, c.want)
			}
			if strings.Contains(stderr, "JSON:") || strings.Contains(stderr, "invalid") {
				t.Errorf("stderr reports a JSON error: %q", stderr)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("an output folder was made: %v", err)
			}
		})
	}
	// A broken recording is still reported as one.
	bad := write("bad.json", `{"schema": `)
	if _, _, stderr := runCLI("generate", bad, "--out", filepath.Join(dir, "o")); strings.Contains(stderr, "looks like") {
		t.Errorf("a broken recording was taken for something else: %q", stderr)
	}
}

func TestLintNumbersTheStepsOfAFlatList(t *testing.T) {
	sop := filepath.Join(t.TempDir(), "unlock.md")
	src := "# Unlock\n\n## Purpose\n\nUnlock accounts.\n\n## Scope\n\nAll accounts.\n\n## Roles\n\n- Agent: unlocks.\n\n## Procedure\n\n1. Open the ticket.\n2. Unlock the account in the admin console.\n\n## Exceptions\n\n- Caller is angry: escalate to the team lead.\n\n## Records\n\n- Ticket notes.\n"
	if err := os.WriteFile(sop, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stdout, _ := runCLI("lint", "--today", "2026-12-01", sop)
	if !strings.Contains(stdout, `step 2 ("Unlock the account in the admin console")`) {
		t.Errorf("the second item of a flat list is not step 2:\n%s", stdout)
	}
	if strings.Contains(stdout, "step 1.") {
		t.Errorf("a flat list is numbered as a phase:\n%s", stdout)
	}
}

func TestCountsInTheOutputAreSingularOrPlural(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name   string
		args   []string
		want   string
		stderr bool
	}{
		{"generate's summary", []string{"generate", "../../examples/password-reset-sms/recording.json", "--out", filepath.Join(dir, "sms")}, "7 steps (19 recorded) → " + filepath.Join(dir, "sms") + ": 1 error, 4 warnings, 0 info", false},
		{"lint's summary for one file", []string{"lint", "--today", "2026-11-22", lintTree + "/sops/unlock.md"}, "1 file: 7 errors, 6 warnings, 0 info", true},
		{"lint's summary for a clean file", []string{"lint", "../../templates/builtin/password-reset.yaml"}, "1 file: 0 errors, 0 warnings, 0 info", true},
		{"lint's Markdown report", []string{"lint", "--format", "markdown", "--today", "2026-11-22", lintTree + "/sops/unlock.md"}, "**7 errors**, 6 warnings, 0 info in 1 file.", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, stdout, stderr := runCLI(c.args...)
			got := stdout
			if c.stderr {
				got = stderr
			}
			if !strings.Contains(got, c.want) {
				t.Errorf("output = %q, want %q", got, c.want)
			}
			if strings.Contains(stdout+stderr, "(s)") {
				t.Errorf("a count reads (s): %q %q", stdout, stderr)
			}
		})
	}
}

func TestUploadSaysWhatIsWrongWithAFileOrAServer(t *testing.T) {
	dir := t.TempDir()
	sop := filepath.Join(dir, "sop.md")
	if err := os.WriteFile(sop, []byte("# Password reset\n\n## Procedure\n\n1. Reset the password.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// A port nothing listens on: the file is not even sent.
	code, stdout, _ := runCLI("upload", "--token", "t", "--server", "http://127.0.0.1:9", sop)
	if code != exitError || !strings.Contains(stdout, "looks like a Markdown SOP; upload takes a recording (JSON)") || !strings.Contains(stdout, "stepwise lint "+sop) {
		t.Errorf("upload of an SOP: exit %d, %q", code, stdout)
	}
	rec := filepath.Join(dir, "r.json")
	if err := os.WriteFile(rec, ingesttest.Recording("rec-0000001", "reset", "Reset", "Done."), 0o644); err != nil {
		t.Fatal(err)
	}
	u := uploader{client: &http.Client{Timeout: time.Second}, url: "http://127.0.0.1:9/api/v1/recordings", token: "t", backoff: time.Millisecond}
	line, ok := u.upload(context.Background(), rec)
	if ok || !strings.Contains(line, "is a stepwise server running at http://127.0.0.1:9? --server names it") {
		t.Errorf("upload to no server: %q", line)
	}
	if got, want := problemText([]byte(`{"title":"The recording is not valid","errors":[{"pointer":"","reason":"invalid JSON at line 1"}]}`)), "The recording is not valid; invalid JSON at line 1"; got != want {
		t.Errorf("problemText = %q, want %q", got, want)
	}
}
