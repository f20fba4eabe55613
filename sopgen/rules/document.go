package rules

import (
	"strings"
	"time"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// MetadataMissing reports an SOP without the fields that control it as a
// document: id, version, owner, approver, effective date.
var MetadataMissing = &Rule{
	ID:       "metadata-missing",
	Severity: sopgen.SeverityWarning,
	Doc:      "A controlled procedure needs an id, a version, an owner, an approver and an effective date, so that readers know they hold the current, approved text and who answers for it. Generated drafts get them from a template.",
	Refs:     []string{"ISO 9001 7.5.2", "ISO 9001 7.5.3"},
	Run: func(p *Pass) {
		m := p.Doc.Meta
		var missing []string
		for _, f := range []struct{ name, v string }{
			{"id", m.ID}, {"version", m.Version}, {"owner", m.Owner}, {"approver", m.Approver}, {"effective date", m.Effective},
		} {
			if strings.TrimSpace(f.v) == "" {
				missing = append(missing, f.name)
			}
		}
		if len(missing) > 0 {
			p.Report(nil, m.Line, "the SOP has no %s", joinAnd(missing))
		}
	},
}

// ReviewOverdue reports an SOP whose next review is past or not set.
var ReviewOverdue = &Rule{
	ID:       "review-overdue",
	Severity: sopgen.SeverityWarning,
	Doc:      "Procedures go stale as tools and threats change; each needs a next-review date, and one past that date needs review before it is followed again.",
	Refs:     []string{"NIST SP 800-53 AC-1(c)"},
	Run: func(p *Pass) {
		m := p.Doc.Meta
		if strings.TrimSpace(m.NextReview) == "" {
			p.Report(nil, reviewLine(m), "the SOP has no next-review date")
			return
		}
		due, ok := parseDate(m.NextReview)
		if !ok {
			p.Report(nil, reviewLine(m), "the next-review date %q is not a date (use YYYY-MM-DD)", m.NextReview)
			return
		}
		if today := p.today; !today.IsZero() && due.Before(today) {
			p.Report(nil, reviewLine(m), "the review was due on %s", due.Format("2006-01-02"))
		}
	},
}

func parseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func joinAnd(items []string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " or " + items[len(items)-1]
}

// reviewLine is where a finding about the review date points: the line
// that states it, or the metadata's.
func reviewLine(m sopgen.Metadata) int {
	if m.ReviewLine > 0 {
		return m.ReviewLine
	}
	return m.Line
}
