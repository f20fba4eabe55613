package lint_test

import (
	"context"
	"testing"

	"github.com/stepwise-sop/stepwise/sopgen/lint"
	"github.com/stepwise-sop/stepwise/sopgen/lint/corpus"
)

// BenchmarkLintCorpus lints the 1,000-SOP Markdown corpus of
// scripts/lintcorpus from disk, as `stepwise lint DIR` does. BENCHMARKS.md
// compares it with markdownlint-cli on the same files.
func BenchmarkLintCorpus(b *testing.B) {
	dir := b.TempDir()
	const n = 1000
	if err := corpus.Write(dir, n); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for b.Loop() {
		res := lint.Paths(context.Background(), []string{dir}, lint.Options{Today: today})
		if res.Files != n || len(res.Errors) != 0 {
			b.Fatalf("linted %d files with %d errors", res.Files, len(res.Errors))
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "files/s")
}

// BenchmarkLintSource is the cost of one SOP without the file system.
func BenchmarkLintSource(b *testing.B) {
	src := []byte(corpus.SOP(7))
	for b.Loop() {
		if _, err := lint.Source("sop.md", src, nil, lint.Options{Today: today}); err != nil {
			b.Fatal(err)
		}
	}
}
