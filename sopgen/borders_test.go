package sopgen

import (
	"go/parser"
	"go/token"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestPackageBorders keeps each technology in the package that adapts it:
// the domain imports only the standard library and its parts
// (sopgen/jsontree, sopgen/interact, sopgen/prose), which import only the
// standard library, gin under recorder-ingest, yaml in templates
// and the config loader, goldmark in sopgen/html and the Markdown SOP
// reader in templates, SQLite in recorder-ingest/sqlite, pgx in
// recorder-ingest/postgres (and its test cluster), Prometheus in the
// API, and chromedp in the browser-test helper.
func TestPackageBorders(t *testing.T) {
	const module = "github.com/stepwise-sop/stepwise/"
	allowed := map[string]func(dir string) bool{
		"github.com/gin-gonic/gin": func(d string) bool { return strings.HasPrefix(d, "recorder-ingest") },
		"go.yaml.in/yaml/v3":       func(d string) bool { return d == "templates" || strings.HasSuffix(d, "/config") },
		"codeberg.org/go-pdf/fpdf": func(d string) bool { return d == "sopgen/pdf" },
		"github.com/yuin/goldmark": func(d string) bool { return strings.HasPrefix(d, "sopgen/html") || d == "templates" },
		"modernc.org/sqlite":       func(d string) bool { return d == "recorder-ingest/sqlite" },
		"github.com/jackc/pgx/":    func(d string) bool { return strings.HasPrefix(d, "recorder-ingest/postgres") },
		"github.com/prometheus/":   func(d string) bool { return d == "recorder-ingest/api" },
		"github.com/chromedp/":     func(d string) bool { return d == "recorder-ingest/internal/browsertest" },
	}
	// The domain's parts: the domain may import them, and they, like it,
	// import the standard library only.
	domainParts := map[string]bool{"sopgen/jsontree": true, "sopgen/interact": true, "sopgen/prose": true}
	stdlibOnly := map[string]bool{"sopgen": true}
	for p := range domainParts {
		stdlibOnly[p] = true
	}
	checked := 0
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != ".." {
			return filepath.SkipDir
		}
		if d.IsDir() && path != ".." {
			// A folder with its own go.mod is another module (the
			// forks of goldmark and fpdf): its imports are its own business.
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir
			}
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		dir := filepath.ToSlash(filepath.Dir(strings.TrimPrefix(path, "../")))
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		checked++
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if stdlibOnly[dir] && strings.Contains(strings.SplitN(p, "/", 2)[0], ".") && !(dir == "sopgen" && domainParts[strings.TrimPrefix(p, module)]) {
				t.Errorf("%s imports %s: the domain package and its parts (%s) import the standard library only", path, p, strings.Join(slices.Sorted(maps.Keys(domainParts)), ", "))
			}
			for prefix, ok := range allowed {
				if strings.HasPrefix(p, prefix) && !ok(dir) {
					t.Errorf("%s imports %s outside the package that adapts it", path, p)
				}
			}
			if strings.HasPrefix(p, module+"cmd") {
				t.Errorf("%s imports the command", path)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked < 20 {
		t.Fatalf("checked only %d files", checked)
	}
}
