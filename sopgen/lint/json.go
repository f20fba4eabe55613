package lint

import (
	"encoding/json"
	"io"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// jsonReport is the JSON form of a lint run (docs/lint.md, the json
// format), also read back as a baseline.
type jsonReport struct {
	Findings []sopgen.Finding `json:"findings"`
	Errors   []FileError      `json:"errors"`
	// PassedOver names the files that are no SOP, template or recording,
	// each with why.
	PassedOver []FileError `json:"passed_over"`
	Summary    Summary     `json:"summary"`
}

// WriteJSON prints the findings, the unreadable files and the summary as
// one JSON document. Its output is also a baseline.
func WriteJSON(w io.Writer, r *Result) error {
	rep := jsonReport{Findings: r.Findings, Errors: r.Errors, Summary: r.Summary()}
	if rep.Findings == nil {
		rep.Findings = []sopgen.Finding{}
	}
	if rep.Errors == nil {
		rep.Errors = []FileError{}
	}
	rep.PassedOver = r.PassedOver
	if rep.PassedOver == nil {
		rep.PassedOver = []FileError{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}
