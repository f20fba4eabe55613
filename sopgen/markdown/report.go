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
	p("%d error(s), %d warning(s), %d info.\n\n", s.Errors, s.Warnings, s.Info)
	if len(r.Findings) > 0 {
		p("| Severity | Rule | Step | Finding |\n|---|---|---|---|\n")
		for _, f := range r.Findings {
			p("| %s | `%s` | %s | %s |\n", f.Severity, f.Rule, Text(f.Step), Text(f.Message))
		}
		p("\n")
	}
	p("## Timing\n\nTotal: %s over %d steps (%d recorded).\n\n", Duration(r.Timing.TotalMS), s.Steps, s.RecordedSteps)
	p("| Phase | Steps | Time |\n|---|---:|---:|\n")
	for _, ph := range r.Timing.Phases {
		p("| %d. %s | %d | %s |\n", ph.Number, Text(ph.Phase), ph.Steps, Duration(ph.MS))
	}
	p("\nSlowest steps:\n\n| Step | Action | Time |\n|---|---|---:|\n")
	for _, st := range r.Timing.Slowest {
		p("| %s | %s | %s |\n", st.Step, Text(st.Text), Duration(st.MS))
	}
	p("\n## Systems\n\n%d context switch(es).\n\n| System | Steps | Time |\n|---|---:|---:|\n", r.ContextSwitches)
	for _, u := range r.Systems {
		p("| %s | %d | %s |\n", Text(u.Name), u.Steps, Duration(u.MS))
	}
	red := r.Redactions
	p("\n## Privacy\n\nNo screenshots, keystrokes or typed values are captured. Personal data scrubbed from recorded text: %d email address(es), %d phone number(s), %d card-like number(s), %d other; %d URL part(s) dropped (user-info, query string or fragment).\n", red.Email, red.Phone, red.Card, red.Other, red.URL)
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
