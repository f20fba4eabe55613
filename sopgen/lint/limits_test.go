package lint_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stepwise-sop/stepwise/sopgen/lint"
	"github.com/stepwise-sop/stepwise/templates"
)

// atTheLimit are the shapes of document that make the rules do the most
// work per byte: every heading a task of its own, each with the change the
// rules look around. Each builds about n bytes.
var atTheLimit = map[string]func(n int) string{
	// Every task a grant by its title, committed by its last click: the
	// approval and the phase of each are looked up.
	"many grant tasks": func(n int) string {
		return "# Grants\n\n## Procedure\n\n" + repeat(n, func(i int) string {
			return fmt.Sprintf("### Adding user %d to the admins group\n\n1. Open group %d.\n2. Select the user.\n3. Click **Save**.\n\n", i, i)
		})
	},
	// Every task a reset, each checked for what comes before and after it.
	"many reset tasks": func(n int) string {
		return "# Resets\n\n" + repeat(n, func(i int) string {
			return fmt.Sprintf("## Reset password %d\n\n1. Verify the caller.\n2. Reset the password.\n3. Record it on the ticket.\n\n", i)
		})
	},
	// One task done many ways, each under a label saying where it runs.
	"many labelled commands": func(n int) string {
		return "# FAQ\n\n### How can I reset the administrator password?\n\n" + repeat(n, func(i int) string {
			return fmt.Sprintf("Install %d:\n\n```\nreset-password %d\n```\n\n", i, i)
		})
	},
}

// repeat joins unit(0), unit(1), … up to about n bytes.
func repeat(n int, unit func(i int) string) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(unit(i))
	}
	return b.String()
}

// TestLintChecksTheWorstAcceptedShapesInTime lints each shape at the
// largest size the reader accepts. The bound is not a speed target (the
// benchmark below measures that): a rule that looked at every step for
// every step took 13 s on 400 KiB of the first shape, and minutes at the
// limit.
func TestLintChecksTheWorstAcceptedShapesInTime(t *testing.T) {
	for name, shape := range atTheLimit {
		t.Run(name, func(t *testing.T) {
			src := []byte(shape(templates.MarkdownLimits.MaxBytes - 4096))
			done := make(chan error, 1)
			go func() {
				res, err := lint.Source("x.md", src, nil, lint.Options{Today: today})
				if err == nil && len(res) == 0 {
					err = fmt.Errorf("no findings: the shape was not read as a procedure")
				}
				done <- err
			}()
			select {
			case err := <-done:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(60 * time.Second):
				t.Fatal("still linting after 60 s")
			}
		})
	}
}

// BenchmarkLintAtTheLimit shows the time of each shape growing in
// proportion to its size.
func BenchmarkLintAtTheLimit(b *testing.B) {
	for name, shape := range atTheLimit {
		for _, n := range []int{128 << 10, 256 << 10, 512 << 10} {
			src := []byte(shape(n))
			b.Run(fmt.Sprintf("%s/%dKiB", strings.ReplaceAll(name, " ", "_"), n>>10), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					if _, err := lint.Source("x.md", src, nil, lint.Options{Today: today}); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
