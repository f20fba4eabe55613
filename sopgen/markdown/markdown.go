// Package markdown writes the SOP and the workflow report as GitHub
// Flavored Markdown. Recorded text is escaped so it renders as text: it can
// neither open HTML, links or emphasis nor break a table or the Mermaid
// block.
package markdown

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/processmap"
)

// Options tune the SOP output.
type Options struct {
	// NoMermaid leaves out the Mermaid flowchart block.
	NoMermaid bool
}

// inlineEscaper backslash-escapes the ASCII punctuation that Markdown or
// GFM could read as syntax inside a paragraph, list item or table cell.
var inlineEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`,
	"<", `\<`, ">", `\>`, "|", `\|`, "~", `\~`, "&", `\&`, "#", `\#`,
	"!", `\!`, "$", `\$`, "{", `\{`, "}", `\}`, "(", `\(`, ")", `\)`,
)

// Text escapes recorded text for inline Markdown.
func Text(s string) string { return inlineEscaper.Replace(sopgen.CleanText(s)) }

func spans(sp []sopgen.Span) string {
	var b strings.Builder
	for _, s := range sp {
		// Span text is already cleaned by Compose; only escape it here, so
		// the spaces at its edges survive.
		if s.Strong {
			b.WriteString("**" + inlineEscaper.Replace(s.Text) + "**")
		} else {
			b.WriteString(inlineEscaper.Replace(s.Text))
		}
	}
	return b.String()
}

// WriteSOP writes the SOP of d.
func WriteSOP(w io.Writer, d *sopgen.Document, opts Options) error {
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }
	m := d.Meta
	p("# %s\n\n", Text(m.Title))
	writeReview(p, d.Review)
	p("## Document control\n\n| Field | Value |\n|---|---|\n")
	for _, r := range sopgen.ControlRows(d) {
		p("| %s | %s |\n", r[0], Text(r[1]))
	}
	p("\n")

	section(p, "Purpose", d.Purpose)
	section(p, "Scope", d.Scope)

	p("## Roles\n\n| Role | Responsibilities |\n|---|---|\n")
	for _, r := range d.Roles {
		p("| %s | %s |\n", Text(r.Name), Text(r.Duties))
	}
	p("\n## Procedure\n\n")
	if !opts.NoMermaid {
		p("```mermaid\n")
		bw.Flush()
		if err := processmap.FromDocument(d).WriteMermaid(bw); err != nil {
			return err
		}
		p("```\n\n")
	}
	for i, ph := range d.Phases {
		p("### %d. %s\n\n", i+1, Text(ph.Title))
		for _, s := range ph.Steps {
			p("- **%s** %s", s.Number, spans(s.Text))
			if s.System != "" && !strings.Contains(s.Plain(), s.System) {
				p(" *(%s)*", Text(s.System))
			}
			for _, br := range s.Branches {
				if e := d.Exception(br.Goto); e != nil {
					p("  \n  If %s: see the exception “%s”.", Text(br.When), Text(strings.TrimSuffix(e.Trigger, ".")))
				}
			}
			p("\n")
			for _, it := range d.Review.ForStep(s.Number) {
				p("\n  > **%s** %s\n\n", sopgen.CalloutLabel(it), Text(sopgen.CalloutText(it)))
			}
		}
		p("\n")
	}
	p("## Exceptions\n\n| When | Then |\n|---|---|\n")
	for _, e := range d.Exceptions {
		then := Text(e.Action)
		if e.Derived {
			then += " *(" + sopgen.DerivedNote + ")*"
		}
		p("| %s | %s |\n", Text(e.Trigger), then)
	}
	p("\n## Records\n\n| Record | Kept in | Kept for |\n|---|---|---|\n")
	for _, r := range d.Records {
		where, keep := Text(r.Where), Text(r.Retention)
		if where == "" {
			where = "*not stated*"
		}
		if keep == "" {
			keep = "*not stated*"
		}
		p("| %s | %s | %s |\n", Text(r.What), where, keep)
	}
	p("\n## Revision history\n\n| Version | Date | Status | Changes | Approved by |\n|---|---|---|---|---|\n")
	for _, h := range sopgen.HistoryOf(d) {
		p("| %d | %s | %s | %s | %s |\n", h.Version, Text(h.Date), h.Status.Label(), Text(h.Summary), Text(approvedBy(h)))
	}
	if a := sopgen.ApprovalOf(d); a != nil {
		p("\n## Approval\n\n")
		p("Approved by **%s**", Text(a.By))
		if a.Role != "" {
			p(" (%s)", Text(a.Role))
		}
		p(" on %s.", a.At.UTC().Format(time.DateOnly))
		if a.Comment != "" {
			p(" “%s”", Text(a.Comment))
		}
		p("\n\n| Signature | Date |\n|---|---|\n| | |\n")
	}
	if pv := d.Provenance; pv != nil {
		p("\n---\n\n%s\n", Text(Provenance(pv)))
	}
	return bw.Flush()
}

func section(p func(string, ...any), name string, s sopgen.Section) {
	p("## %s\n\n%s\n", name, Text(s.Text))
	if s.Derived {
		p("\n*%s*\n", Text(sopgen.Placeholder(name)))
	}
	p("\n")
}

// writeReview writes the control review as a block quote under the title:
// its status line, then each error and warning with its step.
func writeReview(p func(string, ...any), r *sopgen.ControlReview) {
	if r == nil {
		return
	}
	p("> **Control review — %s**\n", Text(r.Headline()))
	if len(r.Items) > 0 {
		p(">\n")
	}
	for _, it := range r.Items {
		p("> - **%s** %s\n", sopgen.CalloutLabel(it), Text(sopgen.CalloutText(it)))
	}
	p("\n")
}

func approvedBy(h sopgen.Revision) string {
	if h.ApprovedBy == "" {
		return ""
	}
	if h.ApprovedAt == "" {
		return h.ApprovedBy
	}
	return h.ApprovedBy + ", " + h.ApprovedAt
}

// Provenance is the one-paragraph account of how a generated SOP was made,
// shared by every output format.
func Provenance(pv *sopgen.Provenance) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Generated by Stepwise %s from recording %s", sopgen.GeneratorVersion, pv.RecordingID)
	if pv.Recorder != "" {
		fmt.Fprintf(&b, " (%s)", pv.Recorder)
	}
	fmt.Fprintf(&b, ", %s, recorded %s. ", sopgen.Plural(pv.RecordedSteps, "recorded step", "recorded steps"), pv.RecordedAt)
	b.WriteString("The recorder never captures screenshots, keystrokes or typed values. ")
	if len(pv.Uncaptured) > 0 {
		var parts []string
		for _, u := range pv.Uncaptured {
			s := u.Kind
			if u.Where != "" {
				s += " " + u.Where
			}
			if u.Count > 1 {
				s += fmt.Sprintf(" (%d)", u.Count)
			}
			parts = append(parts, s)
		}
		fmt.Fprintf(&b, "Not visible to the recorder: %s. ", strings.Join(parts, "; "))
	}
	r := pv.Redactions
	fmt.Fprintf(&b, "Personal data scrubbed: %s", sopgen.Plural(r.Total(), "item", "items"))
	if r.Total() > 0 {
		fmt.Fprintf(&b, " (%d email, %d phone, %d card, %d URL part, %d identifier, %d other)", r.Email, r.Phone, r.Card, r.URL, r.Identifier, r.Other)
	}
	b.WriteString(".")
	return b.String()
}
