package templates

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// checkLines fails when a parsed part points outside the source.
func checkLines(t *testing.T, d *sopgen.Document, src []byte) {
	t.Helper()
	n := bytes.Count(src, []byte("\n")) + 1
	for _, s := range d.Steps() {
		if s.Loc.Line < 1 || s.Loc.Line > n {
			t.Fatalf("step %s at line %d of %d", s.Number, s.Loc.Line, n)
		}
	}
	for _, e := range d.Exceptions {
		if e.Line < 0 || e.Line > n {
			t.Fatalf("exception at line %d of %d", e.Line, n)
		}
	}
}

func FuzzParseMarkdown(f *testing.F) {
	f.Add([]byte("---\nid: x\n---\n# T\n\n## Procedure\n\n1. **Agent**: Reset it.\n   - If not, stop.\n"))
	for _, p := range []string{"testdata/handwritten.md", "../sopgen/rules/testdata/verification-bypass/fail.md"} {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := ParseMarkdown("f.md", src, nil)
		if err != nil {
			return
		}
		checkLines(t, d, src)
	})
}

func FuzzParseYAML(f *testing.F) {
	matches, _ := filepath.Glob("builtin/*.yaml")
	for _, p := range matches[:2] {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("procedure:\n  - steps:\n      - text: x\n        on_failure: e\nexceptions:\n  - id: e\n    when: a\n    then: b\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := ParseYAML("f.yaml", src, nil)
		if err != nil {
			return
		}
		checkLines(t, d, src)
	})
}
