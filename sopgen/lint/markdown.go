package lint

import (
	"bufio"
	"fmt"
	"io"

	"github.com/stepwise-sop/stepwise/sopgen/markdown"
)

// maxMarkdownRows keeps a pull-request comment under the size code hosts
// accept; the rest is counted.
const maxMarkdownRows = 200

// WriteMarkdown prints a pull-request comment: the counts, then a table of
// findings linking each rule to its documentation.
func WriteMarkdown(w io.Writer, r *Result, docsURL string) error {
	bw := bufio.NewWriter(w)
	s := r.Summary()
	fmt.Fprintf(bw, "### Stepwise lint\n\n")
	switch {
	case len(r.Findings) == 0 && len(r.Errors) == 0:
		fmt.Fprintf(bw, "No findings in %d file(s).\n", s.Files)
	default:
		fmt.Fprintf(bw, "**%d error(s)**, %d warning(s), %d info in %d file(s).", s.Errors, s.Warnings, s.Info, s.Files)
		if s.Baselined > 0 {
			fmt.Fprintf(bw, " %d older finding(s) are in the baseline.", s.Baselined)
		}
		fmt.Fprintln(bw)
	}
	if len(r.Findings) > 0 {
		fmt.Fprintf(bw, "\n| Where | Severity | Rule | Finding |\n|---|---|---|---|\n")
		for i, f := range r.Findings {
			if i == maxMarkdownRows {
				fmt.Fprintf(bw, "\n…and %d more: run `stepwise lint` locally for the full list.\n", len(r.Findings)-i)
				break
			}
			fmt.Fprintf(bw, "| `%s:%d` | %s | [`%s`](%s#%s) | %s |\n",
				code(f.Location.File), f.Location.Line, f.Severity, f.Rule, docsURL, f.Rule, markdown.Text(oneLine(f.Message)))
		}
	}
	if len(r.Errors) > 0 {
		fmt.Fprintf(bw, "\n%d file(s) could not be read:\n\n", len(r.Errors))
		for _, e := range r.Errors {
			fmt.Fprintf(bw, "- %s\n", markdown.Text(oneLine(e.String())))
		}
	}
	return bw.Flush()
}

// code makes s safe inside a one-backtick code span in a table cell.
func code(s string) string {
	out := []rune(oneLine(s))
	for i, r := range out {
		if r == '`' || r == '|' {
			out[i] = '\''
		}
	}
	return string(out)
}
