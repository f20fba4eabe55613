package lint_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stepwise-sop/stepwise/sopgen/lint"
)

func mustWrite(tb testing.TB, path, content string) {
	tb.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// lintWithin lints paths and fails tb when that takes longer than a
// generous bound: the limits make these inputs take milliseconds.
func lintWithin(tb testing.TB, ctx context.Context, paths ...string) *lint.Result {
	tb.Helper()
	done := make(chan *lint.Result, 1)
	go func() { done <- lint.Paths(ctx, paths, lint.Options{Today: today}) }()
	select {
	case res := <-done:
		return res
	case <-time.After(30 * time.Second):
		tb.Fatal("lint still running after 30s")
		return nil
	}
}

func TestParserBombsAreInputErrorsWithTheLine(t *testing.T) {
	dir := t.TempDir()
	var keys strings.Builder
	for i := range 150_000 {
		fmt.Fprintf(&keys, "k%d: v\n", i)
	}
	files := map[string]string{
		"quotes.md":   "# T\n\n" + strings.Repeat(">", 160_000) + " x\n",
		"lists.md":    "# T\n\n" + nest(40),
		"keys.yaml":   keys.String(),
		"deep.yaml":   "purpose: " + strings.Repeat("[", 5000) + strings.Repeat("]", 5000) + "\n",
		"fm.md":       "---\nid: x\nowner: " + strings.Repeat("{a: ", 100) + strings.Repeat("}", 100) + "\n---\n# T\n",
		"brackets.md": strings.Repeat("[a]\n", 10_000),
	}
	for name, content := range files {
		mustWrite(t, filepath.Join(dir, name), content)
	}
	want := map[string]string{
		"quotes.md":   ":3: block quotes nested 160000 deep; at most 16",
		"lists.md":    ":19: lists nested 17 deep; at most 16",
		"keys.yaml":   ": the YAML is",
		"deep.yaml":   ":1: mappings and lists nested more than 32 deep",
		"fm.md":       ":3: front matter: mappings and lists nested more than 32 deep",
		"brackets.md": ":201: more than 200 brackets ] in one paragraph",
	}
	var paths []string
	for name := range files {
		paths = append(paths, filepath.Join(dir, name))
	}
	res := lintWithin(t, context.Background(), paths...)
	if res.Files != 0 {
		t.Errorf("linted %d files, want none", res.Files)
	}
	got := map[string]string{}
	for _, e := range res.Errors {
		got[filepath.Base(e.File)] = e.String()
	}
	for name, w := range want {
		if !strings.Contains(got[name], filepath.Join(dir, name)+w) {
			t.Errorf("%s: error = %q, want it to hold %q", name, got[name], w)
		}
	}
}

// nest is a Markdown list nested depth deep by indentation.
func nest(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat("  ", i) + "- item\n")
	}
	return b.String()
}

func TestACancelledRunStopsBetweenFiles(t *testing.T) {
	dir := t.TempDir()
	for i := range 20 {
		mustWrite(t, filepath.Join(dir, fmt.Sprintf("sop-%d.md", i)), "# T\n\n## Procedure\n\n1. Reset the password.\n")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res := lintWithin(t, ctx, dir)
	if res.Files != 0 || len(res.Findings) != 0 {
		t.Errorf("linted %d files with %d findings after the run was cancelled, want none", res.Files, len(res.Findings))
	}
	if len(res.Errors) != 1 || !strings.Contains(res.Errors[0].Reason, "interrupted") {
		t.Errorf("errors = %v, want one saying the run was interrupted", res.Errors)
	}
}

func TestSourceContextStopsOnceItsContextIsDone(t *testing.T) {
	src := []byte("# T\n\n## Procedure\n\n1. Reset the password.\n")
	ctx, cancel := context.WithTimeout(context.Background(), -time.Second)
	defer cancel()
	if _, err := lint.SourceContext(ctx, "sop.md", src, nil, lint.Options{Today: today}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want context.DeadlineExceeded", err)
	}
	if _, err := lint.SourceContext(context.Background(), "sop.md", src, nil, lint.Options{Today: today}); err != nil {
		t.Errorf("err = %v without a deadline, want nil", err)
	}
}

func TestAFileOverTheReadLimitIsAnInputErrorAndTheOthersAreLinted(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "huge.md")
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	// A sparse file: its size is over the limit, but the test writes
	// almost nothing and lint must read almost nothing of it.
	if err := f.Truncate(lint.MaxFileBytes + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	mustWrite(t, filepath.Join(dir, "sop.md"), "# T\n\n## Procedure\n\n1. Reset the password.\n")
	res := lintWithin(t, context.Background(), big, filepath.Join(dir, "sop.md"))
	if len(res.Errors) != 1 || res.Errors[0].File != big || !strings.Contains(res.Errors[0].Reason, "larger than 64 MiB") {
		t.Errorf("errors = %v, want one naming %s as larger than 64 MiB", res.Errors, big)
	}
	if res.Files != 1 {
		t.Errorf("linted %d files, want the other one", res.Files)
	}
}

// The largest Markdown SOPs the reader accepts, in the shapes that once
// cost the rules time in proportion to the square of their size (a task per
// heading, each checked against every other; one step of thousands of
// sentences), are linted within the bound, findings and all. The time
// itself is in BENCHMARKS.md.
func TestTheLargestAcceptedSOPsAreLintedInTime(t *testing.T) {
	dir := t.TempDir()
	shapes := map[string]string{
		"tasks.md":     "## Reset the password\n\n1. Reset the password.\n\n",
		"sentences.md": "To change a password, run this command: x. Follow the Account Recovery guidance. Approve by clicking Deactivate. ",
	}
	for name, unit := range shapes {
		body := strings.Repeat(unit, (1000<<10)/len(unit))
		if name == "sentences.md" {
			body = "1. " + body + "\n"
		}
		mustWrite(t, filepath.Join(dir, name), "# Large\n\n"+body)
	}
	res := lintWithin(t, context.Background(), dir)
	if res.Files != 2 || len(res.Errors) > 0 {
		t.Fatalf("linted %d files, errors %v", res.Files, res.Errors)
	}
	if len(res.Findings) < 1000 {
		t.Errorf("%d findings: the thousands of changes with no verification are not all reported", len(res.Findings))
	}
}
