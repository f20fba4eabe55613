package lint_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stepwise-sop/stepwise/sopgen/lint"
)

// BenchmarkLintPublished lints the published procedures of the corpus, one
// after the other, as a run over a folder of them does (one core).
func BenchmarkLintPublished(b *testing.B) {
	paths, _ := filepath.Glob("testdata/published/*.md")
	type file struct {
		name string
		data []byte
	}
	var files []file
	size := 0
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		files = append(files, file{p, data})
		size += len(data)
	}
	today := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	b.SetBytes(int64(size))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, f := range files {
			if _, err := lint.Source(f.name, f.data, nil, lint.Options{Today: today}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(b.N*len(files))/b.Elapsed().Seconds(), "files/s")
}
