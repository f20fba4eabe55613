package main

import (
	"archive/zip"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

func TestPackageHoldsTheExtensionWithoutItsKey(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ext.zip")
	if err := write(path); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.OpenReader(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
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
	for _, want := range []string{"manifest.json", "background.js", "content.js", "name.js", "steps.js", "popup.html", "popup.js", "options.html", "options.js"} {
		if !names[want] {
			t.Errorf("the package lacks %s", want)
		}
	}
}
