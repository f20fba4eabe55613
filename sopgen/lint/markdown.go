package lint

import (
	"bufio"
	"fmt"
	"io"

	"github.com/stepwise-sop/stepwise/sopgen"
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
	case s.Files == 0 && len(r.Errors) == 0:
		// Exit status 2: say so, never "no findings".
		fmt.Fprintf(bw, "**Nothing was linted**: no SOP, template or recording among the files given.\n")
	case len(r.Findings) == 0 && len(r.Errors) == 0:
		fmt.Fprintf(bw, "No findings in %s.\n", sopgen.Plural(s.Files, "file", "files"))
	default:
		fmt.Fprintf(bw, "**%s**, %s, %d info in %s.", sopgen.Plural(s.Errors, "error", "errors"),
			sopgen.Plural(s.Warnings, "warning", "warnings"), s.Info, sopgen.Plural(s.Files, "file", "files"))
		switch {
		case s.Baselined == 1:
			fmt.Fprintf(bw, " 1 older finding is in the baseline.")
		case s.Baselined > 1:
			fmt.Fprintf(bw, " %d older findings are in the baseline.", s.Baselined)
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
		fmt.Fprintf(bw, "\n%s could not be read:\n\n", sopgen.Plural(len(r.Errors), "file", "files"))
		for _, e := range r.Errors {
			fmt.Fprintf(bw, "- %s\n", markdown.Text(oneLine(e.String())))
		}
	}
	if docs := passedOverShown(r); len(docs) > 0 {
		fmt.Fprintf(bw, "\nPassed over as no SOP:\n\n")
		for _, e := range docs {
			fmt.Fprintf(bw, "- `%s`: %s\n", code(e.File), markdown.Text(oneLine(e.Reason)))
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
