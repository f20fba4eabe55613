package markdown

import (
	"bufio"
	"fmt"
	"io"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// WriteReport writes the workflow report: findings, timing, systems and
// redactions.
func WriteReport(w io.Writer, r *sopgen.Report) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	p("# Workflow report: %s\n\n", Text(r.Title))
	p("Workflow `%s`, version %s, recorded %s. %s.\n\n", r.Workflow, Text(r.Version), Text(r.RecordedAt), Text(r.Generator))
	p("## Findings\n\n")
	s := r.Summary
	p("%s, %s, %d info.\n\n", sopgen.Plural(s.Errors, "error", "errors"), sopgen.Plural(s.Warnings, "warning", "warnings"), s.Info)
	if len(r.Findings) > 0 {
		p("| Severity | Rule | Step | Finding |\n|---|---|---|---|\n")
		for _, f := range r.Findings {
			p("| %s | `%s` | %s | %s |\n", f.Severity, f.Rule, Text(f.Step), Text(f.Message))
		}
		p("\n")
	}
	p("## Timing\n\nTotal: %s over %s (%d recorded).\n\n", Duration(r.Timing.TotalMS), sopgen.Plural(s.Steps, "step", "steps"), s.RecordedSteps)
	p("| Phase | Steps | Time |\n|---|---:|---:|\n")
	for _, ph := range r.Timing.Phases {
		p("| %d. %s | %d | %s |\n", ph.Number, Text(ph.Phase), ph.Steps, Duration(ph.MS))
	}
	p("\nSlowest steps:\n\n| Step | Action | Time |\n|---|---|---:|\n")
	for _, st := range r.Timing.Slowest {
		p("| %s | %s | %s |\n", st.Step, Text(st.Text), Duration(st.MS))
	}
	p("\n## Systems\n\n%s.\n\n| System | Steps | Time |\n|---|---:|---:|\n", sopgen.Plural(r.ContextSwitches, "context switch", "context switches"))
	for _, u := range r.Systems {
		p("| %s | %d | %s |\n", Text(u.Name), u.Steps, Duration(u.MS))
	}
	red := r.Redactions
	p("\n## Privacy\n\nNo screenshots, keystrokes or typed values are captured. Personal data scrubbed from recorded text: %s, %s, %s, %s, %d other; %s dropped (user-info, query string or fragment).\n",
		sopgen.Plural(red.Email, "email address", "email addresses"), sopgen.Plural(red.Phone, "phone number", "phone numbers"), sopgen.Plural(red.Card, "card-like number", "card-like numbers"), sopgen.Plural(red.Identifier, "record identifier", "record identifiers"), red.Other, sopgen.Plural(red.URL, "URL part", "URL parts"))
	if len(r.Uncaptured) > 0 {
		p("\nNot visible to the recorder:\n\n")
		for _, u := range r.Uncaptured {
			p("- %s %s (%d)\n", u.Kind, Text(u.Where), u.Count)
		}
	}
	return bw.Flush()
}

// Duration formats milliseconds for people: 1 min 05 s, 4.2 s, 300 ms.
// It counts in whole milliseconds, never through time.Duration, whose
// nanoseconds would overflow past 292 years.
func Duration(ms int64) string {
	switch {
	case ms >= 3600000:
		return fmt.Sprintf("%d h %02d min", ms/3600000, ms/60000%60)
	case ms >= 60000:
		return fmt.Sprintf("%d min %02d s", ms/60000, ms/1000%60)
	case ms >= 1000:
		return fmt.Sprintf("%.1f s", float64(ms)/1000)
	}
	return fmt.Sprintf("%d ms", ms)
}
