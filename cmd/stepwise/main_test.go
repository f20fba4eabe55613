package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/generate"
)

func runCLI(args ...string) (code int, stdout, stderr string) {
	var out, errb bytes.Buffer
	code = run(context.Background(), args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func TestGenerateWritesEveryArtifact(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sop")
	// Flags after the file, as the contract allows.
	code, stdout, stderr := runCLI("generate", "../../examples/password-reset-sms/recording.json", "--out", out)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range generate.Artifacts {
		if st, err := os.Stat(filepath.Join(out, name)); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty: %v", name, err)
		}
	}
	if !strings.Contains(stdout, "7 steps (19 recorded)") {
		t.Errorf("summary = %q", stdout)
	}
}

func TestGenerateAcceptsAChromeRecorderExport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sop")
	code, _, stderr := runCLI("generate", "--out", out, "--workflow", "coffee", "../../recorder-ingest/chromerecorder/testdata/recorder-demo__order-a-coffee.json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	md, err := os.ReadFile(filepath.Join(out, "sop.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(md), "**Proceed to checkout**") || strings.Contains(string(md), "jec@test.com") {
		t.Errorf("sop.md from the export is wrong:\n%s", md)
	}
}

func TestGenerateRejectsBadInputWithFileLineAndPointer(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	rec := `{
  "schema": "stepwise/recording@1",
  "id": "rec-bad-00001",
  "workflow": "bad",
  "recorded_at": "2026-11-01T00:00:00Z",
  "recorder": {"name": "t", "version": "1"},
  "steps": [
    {"t": 0, "action": "click"},
    {"t": 5, "action": "input", "value": "hunter2"}
  ]
}`
	if err := os.WriteFile(bad, []byte(rec), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	code, _, stderr := runCLI("generate", bad, "--out", out)
	if code != exitError {
		t.Errorf("exit %d, want %d", code, exitError)
	}
	if want := bad + ":9: /steps/1/value: unknown field"; !strings.Contains(stderr, want) {
		t.Errorf("stderr = %q, want it to contain %q", stderr, want)
	}
	if strings.Contains(stderr, "hunter2") {
		t.Error("the error echoes the typed value")
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("an output folder was left behind: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("the folder holds %d entries, want only the input", len(entries))
	}
}

func TestUsageErrorsExitTwo(t *testing.T) {
	cases := [][]string{
		{},
		{"frobnicate"},
		{"generate"},
		{"generate", "x.json"},
		{"generate", "--bogus", "x", "--out", "o"},
		{"generate", "does-not-exist.json", "--out", filepath.Join(t.TempDir(), "o")},
		{"import", "chrome-recorder"},
		{"import", "har", "x.json"},
	}
	for _, args := range cases {
		if code, _, _ := runCLI(args...); code != exitError {
			t.Errorf("stepwise %v exited %d, want %d", args, code, exitError)
		}
	}
}

func TestImportPrintsARecordingWithoutTypedValues(t *testing.T) {
	code, stdout, stderr := runCLI("import", "chrome-recorder", "../../recorder-ingest/chromerecorder/testdata/recorder-demo__order-a-coffee.json", "--role", "barista")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rec, err := sopgen.ParseRecording([]byte(stdout))
	if err != nil {
		t.Fatalf("import output is not a valid recording: %v", err)
	}
	if rec.Actor == nil || rec.Actor.Role != "barista" {
		t.Errorf("actor = %+v", rec.Actor)
	}
	for _, v := range []string{"jec@test.com", `"jec"`} {
		if strings.Contains(stdout, v) {
			t.Errorf("typed value %s survived the import", v)
		}
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
		t.Fatal(err)
	}
}

func TestVersion(t *testing.T) {
	if code, out, _ := runCLI("version"); code != exitOK || !strings.Contains(out, sopgen.GeneratorVersion) {
		t.Errorf("version: exit %d, %q", code, out)
	}
}
