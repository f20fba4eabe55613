package api_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/stepwise-sop/stepwise/recorder-ingest/api"
	"github.com/stepwise-sop/stepwise/scripts/validators"
)

var update = flag.Bool("update", false, "rewrite the recording schema generated into openapi.yaml")

// recordingComponents is recorder-ingest/schema/recording.schema.json as
// OpenAPI components: without $schema and $id (whose base URI would make
// the document's own references unresolvable), its $defs moved beside it
// as RecordingStep.
func recordingComponents(tb testing.TB) map[string]any {
	tb.Helper()
	data, err := os.ReadFile("../schema/recording.schema.json")
	if err != nil {
		tb.Fatal(err)
	}
	data = bytes.ReplaceAll(data, []byte(`"#/$defs/step"`), []byte(`"#/components/schemas/RecordingStep"`))
	var s map[string]any
	if err := json.Unmarshal(data, &s); err != nil {
		tb.Fatal(err)
	}
	defs, _ := s["$defs"].(map[string]any)
	if len(defs) != 1 || defs["step"] == nil {
		tb.Fatalf("the recording schema's $defs are %v: teach this test where each goes", defs)
	}
	delete(s, "$schema")
	delete(s, "$id")
	delete(s, "$defs")
	return map[string]any{"Recording": s, "RecordingStep": defs["step"]}
}

// generatedBlock is the text between the BEGIN and END markers.
var generatedBlock = regexp.MustCompile(`(?s)(    # BEGIN generated recording schema\n).*?(    # END generated recording schema\n)`)

// TestOpenAPIHoldsTheRecordingSchema keeps the request body of an upload the
// recording schema itself, inside the document, where every tool resolves
// it (a $ref to a URL fails offline and in most code generators).
func TestOpenAPIHoldsTheRecordingSchema(t *testing.T) {
	want := recordingComponents(t)
	if *update {
		src, err := os.ReadFile("openapi.yaml")
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, name := range []string{"Recording", "RecordingStep"} {
			j, err := json.MarshalIndent(want[name], "      ", "  ")
			if err != nil {
				t.Fatal(err)
			}
			b.WriteString("    " + name + ":\n      " + string(j) + "\n")
		}
		if !generatedBlock.Match(src) {
			t.Fatal("openapi.yaml has no BEGIN/END generated recording schema markers")
		}
		out := bytes.Replace(src, generatedBlock.Find(src), []byte("    # BEGIN generated recording schema\n"+b.String()+"    # END generated recording schema\n"), 1)
		if err := os.WriteFile("openapi.yaml", out, 0o644); err != nil {
			t.Fatal(err)
		}
		// The served document is embedded when the test is built: the
		// next run compares it.
		t.Skip("rewrote openapi.yaml; run the tests again")
	}
	e := newEnv(t, api.Config{})
	var doc struct {
		Components struct {
			Schemas map[string]any `yaml:"schemas"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(e.do(t, "GET", "/api/openapi.yaml", "", "", nil).Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for name, w := range want {
		if got := normal(t, doc.Components.Schemas[name]); !reflect.DeepEqual(got, normal(t, w)) {
			t.Errorf("components.schemas.%s differs from recorder-ingest/schema/recording.schema.json: run go test ./recorder-ingest/api -update", name)
		}
	}
}

// normal is v as JSON reads it back, so that YAML's and JSON's numbers
// compare.
func normal(tb testing.TB, v any) any {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		tb.Fatal(err)
	}
	return out
}

// TestServedOpenAPIPassesRedocly lints the document the server serves with
// Redocly CLI's recommended rules (scripts/validators/redocly.yaml, and the
// findings redocly-lint-ignore.yaml explains): no error and no warning.
func TestServedOpenAPIPassesRedocly(t *testing.T) {
	validators.Module("@redocly/cli/bin/cli.js").Require(t)
	e := newEnv(t, api.Config{MetricsToken: metricsToken})
	// Redocly reads the ignore file beside its configuration, keyed by the
	// document's path relative to it.
	dir := t.TempDir()
	files := map[string][]byte{"openapi.yaml": e.do(t, "GET", "/api/openapi.yaml", "", "", nil).Body.Bytes()}
	for name, src := range map[string]string{"redocly.yaml": "redocly.yaml", ".redocly.lint-ignore.yaml": "redocly-lint-ignore.yaml"} {
		data, err := os.ReadFile(validators.File(t, src))
		if err != nil {
			t.Fatal(err)
		}
		files[name] = data
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	out, err := validators.Node(t, "@redocly/cli/bin/cli.js", "lint", "--config", filepath.Join(dir, "redocly.yaml"), "--format", "stylish", "--max-problems", "200", filepath.Join(dir, "openapi.yaml"))
	if err != nil || regexp.MustCompile(`(?i)\b[1-9]\d* (error|warning)`).Match(out) {
		t.Errorf("redocly lint: %v\n%s", err, out)
	}
}
