package lint

import (
	"bufio"
	"fmt"
	"io"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// WriteText prints one finding a line, as compilers do:
// path:line: severity rule-id: message.
func WriteText(w io.Writer, r *Result) error {
	bw := bufio.NewWriter(w)
	for _, f := range r.Findings {
		fmt.Fprintf(bw, "%s:%d: %s %s: %s\n", f.Location.File, f.Location.Line, f.Severity, f.Rule, oneLine(f.Message))
	}
	return bw.Flush()
}

// WriteErrors prints the files that could not be linted, one a line.
func WriteErrors(w io.Writer, r *Result) error {
	bw := bufio.NewWriter(w)
	for _, e := range r.Errors {
		fmt.Fprintln(bw, oneLine(e.String()))
	}
	return bw.Flush()
}

// WritePassedOver prints the Markdown and YAML files that are no SOP, one
// a line with why; other files passed over (a JSON sidecar, a go.mod) are
// counted on one line.
func WritePassedOver(w io.Writer, r *Result) error {
	bw := bufio.NewWriter(w)
	shown := passedOverShown(r)
	for _, e := range shown {
		fmt.Fprintf(bw, "%s: passed over: %s\n", oneLine(e.File), oneLine(e.Reason))
	}
	if n := len(r.PassedOver) - len(shown); n > 0 {
		fmt.Fprintf(bw, "%s passed over: not an SOP, a template or a recording\n", sopgen.Plural(n, "other file", "other files"))
	}
	return bw.Flush()
}

// passedOverShown are the passed-over files a reader may have meant as
// SOPs: Markdown and YAML, or any file named on the command line.
func passedOverShown(r *Result) []FileError {
	var out []FileError
	for _, e := range r.PassedOver {
		if k := KindOf(e.File); k == KindMarkdown || k == KindYAML {
			out = append(out, e)
		}
	}
	return out
}

// WriteSummary prints the counts a person reads at the end of a run.
func WriteSummary(w io.Writer, r *Result) error {
	s := r.Summary()
	_, err := fmt.Fprintf(w, "%s: %s, %s, %d info", sopgen.Plural(s.Files, "file", "files"),
		sopgen.Plural(s.Errors, "error", "errors"), sopgen.Plural(s.Warnings, "warning", "warnings"), s.Info)
	if err == nil && s.Baselined > 0 {
		_, err = fmt.Fprintf(w, "; %d in the baseline", s.Baselined)
	}
	if err == nil && s.InputErrors > 0 {
		_, err = fmt.Fprintf(w, "; %s could not be read", sopgen.Plural(s.InputErrors, "file", "files"))
	}
	if err == nil {
		_, err = fmt.Fprintln(w)
	}
	return err
}

// oneLine keeps a message on its line and inert in a terminal: recorded
// strings may hold line breaks (a forged finding), control characters
// (terminal escapes) or bidi overrides (text that reads otherwise than it
// is); all go.
func oneLine(s string) string { return sopgen.CleanText(s) }
