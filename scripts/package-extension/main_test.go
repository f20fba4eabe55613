package main

import (
	"archive/zip"
	"io"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/stepwise-sop/stepwise/recorder-ingest/extension"
	"github.com/stepwise-sop/stepwise/scripts/validators"
)

// packaged writes the package and opens it; it is closed when the test
// ends.
func packaged(tb testing.TB) *zip.ReadCloser {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "ext.zip")
	if err := write(path); err != nil {
		tb.Fatal(err)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { zr.Close() })
	return zr
}

func TestPackageHoldsTheExtensionWithoutItsKey(t *testing.T) {
	zr := packaged(t)
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
		if strings.HasPrefix(f.Name, "test/") || strings.HasSuffix(f.Name, ".go") {
			t.Errorf("the package holds %s", f.Name)
		}
		if f.Name == "manifest.json" {
			rc, _ := f.Open()
			data, _ := io.ReadAll(rc)
			rc.Close()
			if strings.Contains(string(data), `"key"`) || !strings.Contains(string(data), `"manifest_version": 3`) {
				t.Errorf("manifest.json in the package:\n%s", data)
			}
		}
	}
	for _, want := range []string{"manifest.json", "background.js", "content.js", "name.js", "steps.js", "popup.html", "popup.js", "options.html", "options.js", "icons/icon-128.png"} {
		if !names[want] {
			t.Errorf("the package lacks %s", want)
		}
	}
}

// packagedManifest returns manifest.json as the zip holds it.
func packagedManifest(tb testing.TB) []byte {
	tb.Helper()
	for _, f := range packaged(tb).File {
		if f.Name == "manifest.json" {
			rc, err := f.Open()
			if err != nil {
				tb.Fatal(err)
			}
			defer rc.Close()
			data, err := io.ReadAll(rc)
			if err != nil {
				tb.Fatal(err)
			}
			return data
		}
	}
	tb.Fatal("the package has no manifest.json")
	return nil
}

func manifestSchema(tb testing.TB) *jsonschema.Schema {
	tb.Helper()
	return validators.Schema(tb, filepath.Join("testdata", "chrome-manifest.json"), false)
}

// TestPackagedManifestValidatesAgainstSchemaStore checks the manifest the
// zip holds against SchemaStore's Chrome manifest schema (committed under
// testdata), which carries the store's length limits.
func TestPackagedManifestValidatesAgainstSchemaStore(t *testing.T) {
	schema := manifestSchema(t)
	if err := validators.Validate(schema, packagedManifest(t)); err != nil {
		t.Errorf("the packaged manifest.json: %v", err)
	}
	// The schema as committed is no rubber stamp: a 149-character
	// description, as the manifest once had, fails it.
	long := `{"manifest_version": 3, "name": "n", "version": "1", "description": "` + strings.Repeat("x", 149) + `"}`
	if validators.Validate(schema, []byte(long)) == nil {
		t.Error("the schema accepts a 149-character description")
	}
}

// TestPackagingRefusesWhatTheStoreRefuses: the store's limits, checked
// before anything is zipped, each problem named.
func TestPackagingRefusesWhatTheStoreRefuses(t *testing.T) {
	icon, err := extension.Files.Open("icons/icon-128.png")
	if err != nil {
		t.Fatal(err)
	}
	png128, _ := io.ReadAll(icon)
	icon.Close()
	files := fstest.MapFS{"i128.png": {Data: png128}, "notpng.png": {Data: []byte("GIF89a")}}
	for _, c := range []struct{ name, manifest, want string }{
		{"a long description", `{"name": "n", "description": "` + strings.Repeat("d", 149) + `", "icons": {"128": "i128.png"}}`, "the description has 149 characters; the store takes 1 to 132"},
		{"a long name", `{"name": "` + strings.Repeat("n", 46) + `", "description": "d", "icons": {"128": "i128.png"}}`, "the name has 46 characters"},
		{"no icons", `{"name": "n", "description": "d"}`, `no "icons" entry for 128 pixels`},
		{"a missing icon file", `{"name": "n", "description": "d", "icons": {"128": "i128.png", "48": "gone.png"}}`, "icon gone.png"},
		{"an icon of the wrong size", `{"name": "n", "description": "d", "icons": {"48": "i128.png", "128": "i128.png"}}`, "is 128x128, declared as 48"},
		{"an icon that is no PNG", `{"name": "n", "description": "d", "icons": {"128": "notpng.png"}}`, "is not a PNG"},
	} {
		err := storeReady([]byte(c.manifest), files)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
	if err := storeReady([]byte(`{"name": "n", "description": "d", "icons": {"128": "i128.png"}}`), files); err != nil {
		t.Errorf("a manifest the store takes: %v", err)
	}
}
