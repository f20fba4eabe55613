package mdguard_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stepwise-sop/stepwise/sopgen/mdguard"
)

// nested builds depth lines, each one level deeper than the one before.
func nested(depth int, line func(i int) string) string {
	var b strings.Builder
	for i := range depth {
		b.WriteString(line(i))
		b.WriteString("\n")
	}
	return b.String()
}

func TestCheckNamesTheLineAndTheLimit(t *testing.T) {
	text := strings.Repeat("Some text.\n", 11)
	tests := []struct {
		name     string
		src      string
		wantLine int
		want     string
	}{
		{"block quotes nested 40 deep on one line", text + strings.Repeat(">", 40) + " x\n", 12, "block quotes nested 40 deep; at most 16"},
		{"block quotes with spaces between", strings.Repeat("> ", 17) + "x\n", 1, "block quotes nested 17 deep"},
		{"lists nested by indentation", nested(20, func(i int) string { return strings.Repeat("  ", i) + "- item" }), 17, "lists nested 17 deep; at most 16"},
		{"lists nested on one line", strings.Repeat("- ", 30) + "x\n", 1, "lists nested 30 deep"},
		{"ordered lists nested on one line", strings.Repeat("1. ", 30) + "x\n", 1, "lists nested 30 deep"},
		{"lists nested inside a block quote", nested(20, func(i int) string { return ">" + strings.Repeat("  ", i) + " - item" }), 17, "lists nested 17 deep"},
		{"lists nested with lazy lines between", nested(40, func(i int) string {
			if i%2 == 1 {
				return "lazy"
			}
			return strings.Repeat("  ", i/2) + "- item"
		}), 33, "lists nested 17 deep"},
		{"a fence inside an HTML block hides nothing", "<pre>\n```\n</pre>\n" + strings.Repeat(">", 20) + " x\n", 4, "block quotes nested 20 deep"},
		{"a fence inside a list item hides nothing", "- ```\n" + strings.Repeat(">", 20) + "\n", 2, "block quotes nested 20 deep"},
		{"brackets open at once", strings.Repeat("[", 33), 1, "more than 32 brackets [ open at once"},
		{"brackets over many lines", strings.Repeat("[]\n", 201), 201, "more than 200 brackets ]"},
		{"link destinations left open", strings.Repeat("[a](\n", 33), 33, "more than 32 link destinations"},
		{"link reference definitions in one paragraph", strings.Repeat("[a]: /u\n", 101), 101, "more than 100 link reference definitions"},
		{"link reference definitions with labels over two lines", strings.Repeat("[a\nb]: /u\n", 101), 202, "more than 100 link reference definitions"},
		{"emphasis delimiters in one paragraph", strings.Repeat("*a **b _c __d ", 126), 1, "more than 500 runs of *, _ or ~"},
		{"a table too wide", strings.Repeat("|a", 65) + "|\n" + strings.Repeat("|-", 65) + "|\n", 2, "a table of 65 columns; at most 64"},
		{"a wide table over many short rows", strings.Repeat("|a", 64) + "|\n" + strings.Repeat("|-", 64) + "|\n" + strings.Repeat("|b|\n", 2000), 1563, "tables of more than 100000 cells"},
		{"a source too large", strings.Repeat("a\n", 1<<19+1), 0, "the Markdown is 1048578 bytes; at most 1048576"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := mdguard.Check([]byte(tt.src), mdguard.Default)
			var ge *mdguard.Error
			if !errors.As(err, &ge) || !errors.Is(err, mdguard.ErrLimit) {
				t.Fatalf("Check = %v, want an *Error matching ErrLimit", err)
			}
			if got := ge.Line; got != tt.wantLine {
				t.Errorf("line = %d, want %d (%v)", got, tt.wantLine, err)
			}
			if !strings.Contains(ge.Reason, tt.want) {
				t.Errorf("reason = %q, want it to say %q", ge.Reason, tt.want)
			}
		})
	}
}

func TestCheckAcceptsWhatProceduresHold(t *testing.T) {
	tests := []struct {
		name string
		src  string
	}{
		{"an SOP", `---
id: SOP-1
---
# Password reset

## Procedure

1. Open the **ticket** in [ServiceNow](https://example.com/a_(b)).
   - Check the *caller*'s __name__ and ~~role~~.
     - Ask for the code.
       > Never read a password aloud.
2. Reset the password.

| Record | Kept in |
|---|:-:|
| Work notes | The incident |

[ref]: https://example.com "Title"
`},
		{"lists nested 16 deep", nested(16, func(i int) string { return strings.Repeat("  ", i) + "- item" })},
		{"block quotes nested 16 deep, many times", strings.Repeat(strings.Repeat(">", 16)+" x\n", 1000)},
		{"a long tight list with bold numbers", strings.Repeat("- **1.1** Open the **My Work** page. *(Service Desk)*\n", 5000)},
		{"deep structure inside a fenced block", "```yaml\n" + nested(40, func(i int) string { return strings.Repeat("  ", i) + "- [[[ *a* _b_ ](" }) + "```\n"},
		{"deep structure inside a tilde fence", "~~~\n" + strings.Repeat(">", 40) + "\n~~~\n"},
		{"a thematic break of many dashes", strings.Repeat("- ", 40) + "\n"},
		{"many short paragraphs", strings.Repeat("[a] *b* [c](d)\n\n", 5000)},
		{"a long table with emphasis in every row", "| a | b |\n|---|---|\n" + strings.Repeat("| [x](y) | *not stated* |\n", 5000)},
		{"many tables", strings.Repeat("| a | b |\n|---|---|\n| 1 | 2 |\n\n", 1000)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := mdguard.Check([]byte(tt.src), mdguard.Default); err != nil {
				t.Errorf("Check = %v, want nil", err)
			}
		})
	}
}

func TestAZeroLimitIsNoLimit(t *testing.T) {
	src := strings.Repeat(">", 100) + strings.Repeat("[", 100)
	if err := mdguard.Check([]byte(src), mdguard.Limits{}); err != nil {
		t.Errorf("Check = %v, want nil", err)
	}
}

func BenchmarkCheck(b *testing.B) {
	for _, n := range []int{64 << 10, 256 << 10, 1 << 20} {
		src := []byte(strings.Repeat("- **1.1** Open the [ticket](https://x) in *Service Desk*.\n", n/58))
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			b.SetBytes(int64(len(src)))
			for b.Loop() {
				if err := mdguard.Check(src, mdguard.Default); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
