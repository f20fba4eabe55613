package lint_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/stepwise-sop/stepwise/scripts/validators"
	"github.com/stepwise-sop/stepwise/sopgen/lint"
)

// sarifSchema compiles the OASIS SARIF 2.1.0 schema committed under
// testdata/sarif, with formats (uri, uri-reference) asserted.
func sarifSchema(tb testing.TB) *jsonschema.Schema {
	tb.Helper()
	return validators.Schema(tb, filepath.Join("testdata", "sarif", "sarif-schema-2.1.0.json"), true)
}

// TestSARIFValidatesAgainstTheOASISSchema checks the logs lint writes —
// findings, unreadable files as notifications, hostile names, and a run
// with nothing found — against the OASIS schema, as code scanning and
// SARIF viewers read them.
func TestSARIFValidatesAgainstTheOASISSchema(t *testing.T) {
	schema := sarifSchema(t)
	dir := t.TempDir()
	hostile := filepath.Join(dir, "we|ird #name% <x>.md")
	if err := os.WriteFile(hostile, []byte("# <script>\n\n## Procedure\n\n1. Reset the password.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	clean := filepath.Join(dir, "clean.yaml")
	src, err := os.ReadFile("testdata/tree/sops/password-reset.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(clean, src, 0o644); err != nil {
		t.Fatal(err)
	}
	runs := map[string]*lint.Result{
		"the tree (findings and unreadable files)": lintTree(t, lint.Options{}),
		"a hostile file name":                      lint.Paths(context.Background(), []string{hostile, "../../examples/hostile/recording.json"}, lint.Options{Today: today}),
		"nothing found":                            lint.Paths(context.Background(), []string{clean}, lint.Options{Today: today}),
		"a path that does not exist":               lint.Paths(context.Background(), []string{filepath.Join(dir, "missing.md")}, lint.Options{Today: today}),
	}
	for name, res := range runs {
		t.Run(name, func(t *testing.T) {
			var b bytes.Buffer
			if err := lint.WriteSARIF(&b, res, lint.SARIFOptions{Version: "1.0", DocsURL: "https://github.com/stepwise-sop/stepwise/blob/main/docs/rules.md"}); err != nil {
				t.Fatal(err)
			}
			if err := validators.Validate(schema, b.Bytes()); err != nil {
				t.Errorf("the SARIF log does not validate against the OASIS 2.1.0 schema: %v", err)
			}
		})
	}
	// The golden log too, byte for byte what the goldens hold.
	golden, err := os.ReadFile("testdata/golden/lint.sarif")
	if err != nil {
		t.Fatal(err)
	}
	if err := validators.Validate(schema, golden); err != nil {
		t.Errorf("testdata/golden/lint.sarif: %v", err)
	}
}

// TestTheSARIFSchemaRejectsABrokenLog keeps the check above honest: the
// schema as committed refuses a log without a version and a result with
// an unknown level.
func TestTheSARIFSchemaRejectsABrokenLog(t *testing.T) {
	schema := sarifSchema(t)
	for _, bad := range []string{
		`{"runs": []}`,
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}`,
		`{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x", "informationUri": "not a uri"}}}]}`,
	} {
		if validators.Validate(schema, []byte(bad)) == nil {
			t.Errorf("the schema accepts %s", bad)
		}
	}
}
