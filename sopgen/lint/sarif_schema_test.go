package lint_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/stepwise-sop/stepwise/sopgen/lint"
)

// sarifSchema compiles the OASIS SARIF 2.1.0 schema committed under
// testdata/sarif, with formats (uri, uri-reference) asserted.
func sarifSchema(tb testing.TB) *jsonschema.Schema {
	tb.Helper()
	f, err := os.Open(filepath.Join("testdata", "sarif", "sarif-schema-2.1.0.json"))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		tb.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("sarif-schema-2.1.0.json", doc); err != nil {
		tb.Fatal(err)
	}
	s, err := c.Compile("sarif-schema-2.1.0.json")
	if err != nil {
		tb.Fatal(err)
	}
	return s
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
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if err := schema.Validate(inst); err != nil {
				t.Errorf("the SARIF log does not validate against the OASIS 2.1.0 schema: %v", err)
			}
		})
	}
	// The golden log too, byte for byte what the goldens hold.
	golden, err := os.ReadFile("testdata/golden/lint.sarif")
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(golden))
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.Validate(inst); err != nil {
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
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader([]byte(bad)))
		if err != nil {
			t.Fatal(err)
		}
		if schema.Validate(inst) == nil {
			t.Errorf("the schema accepts %s", bad)
		}
	}
}
