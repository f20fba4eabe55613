package rules

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

func onOff(r *Rule) string {
	if r.Off {
		return "off"
	}
	return "on"
}

// WriteDocs writes the rule reference (docs/rules.md) from All, so the
// documentation cannot drift from the code.
func WriteDocs(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# Rules\n\n<!-- Generated from sopgen/rules.All by `go test ./sopgen/rules -update`; do not edit. -->\n\n")
	fmt.Fprintf(bw, "Severities: `error` is a control gap an auditor would cite, `warning` a weak or ambiguous control, `info` a matter of quality.\n\n")
	fmt.Fprintf(bw, "A rule marked *off by default* runs only when `.stepwise.yaml` gives it a severity (`rules: {step-branch-incomplete: warning}`): measured on published procedures, it fired on correct text too often to gate on; its section says why.\n\n")
	fmt.Fprintf(bw, "| Rule | Severity | By default | References |\n|---|---|---|---|\n")
	for _, r := range All {
		fmt.Fprintf(bw, "| [`%s`](#%s) | %s | %s | %s |\n", r.ID, r.ID, r.Severity, onOff(r), strings.Join(r.Refs, "; "))
	}
	for _, r := range All {
		fmt.Fprintf(bw, "\n## %s\n\nSeverity: %s%s. References: %s.\n\n%s\n", r.ID, r.Severity, map[bool]string{true: ", off by default", false: ""}[r.Off], strings.Join(r.Refs, "; "), r.Doc)
		if r.Demoted != "" {
			fmt.Fprintf(bw, "\n*Why it is off by default:* %s\n", r.Demoted)
		}
	}
	return bw.Flush()
}
