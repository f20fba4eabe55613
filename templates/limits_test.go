package templates_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/text"

	"github.com/stepwise-sop/stepwise/sopgen/mdguard"
	"github.com/stepwise-sop/stepwise/templates"
)

// within fails tb when f takes longer than limit: a generous bound on
// work the limits make take milliseconds, never a timing assertion.
func within[T any](tb testing.TB, limit time.Duration, f func() T) T {
	tb.Helper()
	done := make(chan T, 1)
	go func() { done <- f() }()
	select {
	case v := <-done:
		return v
	case <-time.After(limit):
		tb.Fatalf("still running after %v", limit)
		panic("unreachable")
	}
}

// fill repeats unit up to about n bytes.
func fill(n int, unit string) string { return strings.Repeat(unit, max(1, n/len(unit))) }

const near1MiB = 900 << 10

func TestParseMarkdownRejectsPathologicalShapesWithTheLine(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"1.9 MB of block quote markers", strings.Repeat(">", 1_900_000), "x.md: the file is 1900000 bytes; at most 1048576"},
		{"block quotes nested on one line", strings.Repeat(">", near1MiB) + " x\n", "x.md:1: block quotes nested 921600 deep; at most 16"},
		{"block quotes after some text", "# Title\n\n" + strings.Repeat("> ", 40) + "x\n", "x.md:3: block quotes nested 40 deep; at most 16"},
		{"lists nested on one line", strings.Repeat("- ", near1MiB/2) + "x\n", "x.md:1: lists nested 460800 deep; at most 16"},
		{"lists nested by indentation", func() string {
			var b strings.Builder
			for i := 0; b.Len() < near1MiB; i++ {
				b.WriteString(strings.Repeat(" ", i) + "- a\n")
			}
			return b.String()
		}(), "x.md:17: lists nested 17 deep"},
		{"brackets nested", strings.Repeat("[", near1MiB/2) + strings.Repeat("]", near1MiB/2), "x.md:1: more than 32 brackets [ open at once"},
		{"brackets over many lines", fill(near1MiB, "[a]\n"), "x.md:201: more than 200 brackets ]"},
		{"link destinations left open", fill(near1MiB, "[a]("), "x.md:1: more than 32 link destinations"},
		{"link reference definitions", fill(near1MiB, "[a]: /u\n"), "x.md:101: more than 100 link reference definitions"},
		{"emphasis delimiters", fill(near1MiB, "*a **b _c __d "), "x.md:1: more than 500 runs of *, _ or ~"},
		{"a wide table over short rows", strings.Repeat("|a", 64) + "|\n" + strings.Repeat("|-", 64) + "|\n" + fill(near1MiB, "|b|\n"), "x.md:1563: tables of more than 100000 cells"},
		{"front matter of 60,000 keys", "---\n" + func() string {
			var b strings.Builder
			for i := range 60_000 {
				fmt.Fprintf(&b, "k%d: v\n", i)
			}
			return b.String()
		}() + "---\n# T\n", "x.md:2: front matter: a mapping of 60000 keys; at most 256"},
		{"front matter of a billion laughs", "---\n" + billionLaughs + "---\n# T\n", "x.md:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := within(t, 20*time.Second, func() error {
				_, err := templates.ParseMarkdown("x.md", []byte(tt.src), nil)
				return err
			})
			var ie *templates.InputError
			if !errors.Is(err, templates.ErrInvalid) || !errors.As(err, &ie) {
				t.Fatalf("err = %v, want an InputError", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to start %q", err, tt.want)
			}
		})
	}
}

// atTheLimits are the worst shapes the guard lets through, repeated to n
// bytes: each must parse in time proportional to its size.
var atTheLimits = map[string]func(n int) string{
	"block quotes 16 deep":      func(n int) string { return fill(n, strings.Repeat(">", 16)+" a\n") },
	"lists 16 deep on one line": func(n int) string { return fill(n, strings.Repeat("- ", 16)+"a\n") },
	"quotes and lists 16 deep":  func(n int) string { return fill(n, strings.Repeat("> - ", 16)+"a\n") },
	"lists 16 deep by indent":   func(n int) string { return fill(n, nestedList(16)) },
	"500 emphasis runs":         func(n int) string { return fill(n, strings.Repeat("*a **b _c __d", 125)+"\n\n") },
	"100 reference definitions": func(n int) string { return fill(n, strings.Repeat("[a]: /u\n", 100)+"\n") },
	"200 brackets on lines":     func(n int) string { return fill(n, strings.Repeat("[a]\n", 200)+"\n") },
	"32 open link destinations": func(n int) string { return fill(n, strings.Repeat("[a](\n", 32)+"\n") },
	"a long tight list of steps": func(n int) string {
		return fill(n, "- **1.1** Open the **My Work** page in [Service Desk](https://x). *(Service Desk)*\n")
	},
	// One step read clause by clause: purposes, means, guides, pronouns
	// and instructions listed with commas, all in one list item.
	"one step of many sentences": func(n int) string {
		return "1. " + fill(n-4, "To change a password, run this command: x. Follow the Account Recovery guidance. Approve by clicking Deactivate. ") + "\n"
	},
	// Every heading a task of its own: the checks of each task look only
	// at what follows it.
	"many tasks of one change each": func(n int) string {
		return fill(n, "## Reset the password\n\n1. Reset the password.\n\n")
	},
	"one step of many clauses": func(n int) string {
		return "1. " + fill(n-4, "reset the password and give it to the user, ") + "\n"
	},
}

func nestedList(depth int) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(strings.Repeat("  ", i) + "- a\n")
	}
	return b.String()
}

func TestParseMarkdownReadsTheWorstAcceptedShapesInTime(t *testing.T) {
	for name, shape := range atTheLimits {
		t.Run(name, func(t *testing.T) {
			src := []byte(shape(templates.MarkdownLimits.MaxBytes - 1024))
			err := within(t, 30*time.Second, func() error {
				_, err := templates.ParseMarkdown("x.md", src, nil)
				return err
			})
			if errors.Is(err, mdguard.ErrLimit) {
				t.Fatalf("the guard rejects its own worst case: %v", err)
			}
			var ie *templates.InputError
			if errors.As(err, &ie) && strings.Contains(err.Error(), "at most") {
				t.Fatalf("err = %v, want the shape accepted", err)
			}
		})
	}
}

// BenchmarkParseMarkdownAtTheLimits shows the time of the worst accepted
// shapes growing in proportion to their size.
func BenchmarkParseMarkdownAtTheLimits(b *testing.B) {
	for name, shape := range atTheLimits {
		for _, n := range []int{128 << 10, 256 << 10, 512 << 10, 1<<20 - 1024} {
			src := []byte(shape(n))
			b.Run(fmt.Sprintf("%s/%dKiB", strings.ReplaceAll(name, " ", "_"), n>>10), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					_, _ = templates.ParseMarkdown("x.md", src, nil)
				}
			})
		}
	}
}

// BenchmarkParseMarkdownRejects is the cost of turning away the shapes
// goldmark is quadratic on, at the size that took goldmark minutes.
func BenchmarkParseMarkdownRejects(b *testing.B) {
	for name, src := range map[string]string{
		"quotes": strings.Repeat(">", near1MiB),
		"lists":  strings.Repeat("- ", near1MiB/2) + "x",
		"links":  fill(near1MiB, "[a]("),
	} {
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if _, err := templates.ParseMarkdown("x.md", []byte(src), nil); err == nil {
					b.Fatal("accepted")
				}
			}
		})
	}
}

// BenchmarkGoldmarkWithoutTheGuard is why the guard exists: goldmark
// alone on each shape it bounds, at doubling sizes. Time that grows four
// times per doubling is quadratic.
func BenchmarkGoldmarkWithoutTheGuard(b *testing.B) {
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough)).Parser()
	shapes := map[string]func(n int) string{
		"quotes":         func(n int) string { return strings.Repeat(">", n) },
		"lists":          func(n int) string { return strings.Repeat("- ", n/2) + "x" },
		"open_links":     func(n int) string { return fill(n, "[a](") },
		"brackets_lines": func(n int) string { return fill(n, "[a]\n") },
		"emphasis":       func(n int) string { return fill(n, "*a **b _c __d") },
		"refdefs":        func(n int) string { return fill(n, "[a]: /u\n") },
		"wide_table_rows": func(n int) string {
			return strings.Repeat("|a", 100) + "|\n" + strings.Repeat("|-", 100) + "|\n" + fill(n, "|b|\n")
		},
	}
	for name, shape := range shapes {
		for _, n := range []int{16 << 10, 32 << 10, 64 << 10} {
			src := []byte(shape(n))
			b.Run(fmt.Sprintf("%s/%dKiB", name, n>>10), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					md.Parse(text.NewReader(src))
				}
			})
		}
	}
}

const billionLaughs = `a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
`

func keys(n int, indent string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%sk%d: v\n", indent, i)
	}
	return b.String()
}

func TestParseYAMLBoundsSizeNodesDepthKeysAndAliases(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"150,000 keys", keys(150_000, ""), fmt.Sprintf("t.yaml: the YAML is %d bytes; at most 1048576", len(keys(150_000, "")))},
		{"60,000 keys in one mapping", "purpose: x\nscope:\n" + keys(60_000, "  "), "t.yaml:3: a mapping of 60000 keys; at most 256"},
		{"a list of 60,000 items", "records:\n" + strings.Repeat("  - x\n", 60_000), "t.yaml:2: more than 50000 YAML nodes"},
		{"flow lists nested 10,000 deep", "purpose: " + strings.Repeat("[", 10_000) + strings.Repeat("]", 10_000) + "\n", "t.yaml:1: mappings and lists nested more than 32 deep"},
		{"mappings nested 40 deep", func() string {
			var b strings.Builder
			for i := range 40 {
				fmt.Fprintf(&b, "%sk:\n", strings.Repeat(" ", i))
			}
			return b.String()
		}(), "t.yaml:33: mappings and lists nested more than 32 deep"},
		{"a billion laughs", billionLaughs, "t.yaml:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := within(t, 20*time.Second, func() error {
				_, err := templates.ParseYAML("t.yaml", []byte(tt.src), nil)
				return err
			})
			if !errors.Is(err, templates.ErrInvalid) {
				t.Fatalf("err = %v, want ErrInvalid", err)
			}
			if !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("err = %q, want it to start %q", err, tt.want)
			}
		})
	}
}

func TestABillionLaughsIsCountedAsExpanded(t *testing.T) {
	_, err := templates.YAMLTree("t.yaml", []byte(billionLaughs))
	if err == nil || !strings.Contains(err.Error(), "each alias counted as the nodes it stands for") {
		t.Errorf("err = %v, want the expanded node count named", err)
	}
}

func TestProblemListsAreCapped(t *testing.T) {
	_, err := templates.ParseYAML("t.yaml", []byte(keys(250, "")), nil) // 250 unknown keys
	var ie *templates.InputError
	if !errors.As(err, &ie) {
		t.Fatalf("err = %v, want an InputError", err)
	}
	if got, want := len(ie.Problems), templates.MaxProblems+1; got != want {
		t.Fatalf("problems = %d, want %d", got, want)
	}
	if got, want := ie.Problems[templates.MaxProblems].Reason, "and 150 more"; got != want {
		t.Errorf("last problem = %q, want %q", got, want)
	}
}

func BenchmarkYAMLTree(b *testing.B) {
	for _, n := range []int{1000, 4000, 16000} {
		var src strings.Builder
		for range n / 4 {
			src.WriteString("- phase: Verify\n  steps:\n    - text: Send a code.\n      kind: verify\n")
		}
		data := []byte(src.String())
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			for b.Loop() {
				if _, err := templates.YAMLTree("t.yaml", data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
