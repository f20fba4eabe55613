package rules

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// WriteDocs writes the rule reference (docs/rules.md) from All, so the
// documentation cannot drift from the code.
func WriteDocs(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# Rules\n\n<!-- Generated from sopgen/rules.All by `go test ./sopgen/rules -update`; do not edit. -->\n\n")
	fmt.Fprintf(bw, "Severities: `error` is a control gap an auditor would cite, `warning` a weak or ambiguous control, `info` a matter of quality.\n\n")
	fmt.Fprintf(bw, "| Rule | Severity | References |\n|---|---|---|\n")
	for _, r := range All {
		fmt.Fprintf(bw, "| [`%s`](#%s) | %s | %s |\n", r.ID, r.ID, r.Severity, strings.Join(r.Refs, "; "))
	}
	for _, r := range All {
		fmt.Fprintf(bw, "\n## %s\n\nSeverity: %s. References: %s.\n\n%s\n", r.ID, r.Severity, strings.Join(r.Refs, "; "), r.Doc)
	}
	return bw.Flush()
}
