package ingest

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// Limits of the reviewed text, in characters and entries.
const (
	MaxReviewedSection = 4000 // purpose, scope
	MaxReviewedLine    = 200  // owner, a role's or an exception's name
	MaxReviewedEntry   = 2000 // a role's duties, an exception's action
	MaxReviewedRoles   = 30
	MaxReviewedExcepts = 50
)

// cleanText trims s and checks it: UTF-8 text of at most max characters,
// no control character but line breaks and tabs, no data: URI (the way
// a picture would get in). pointer names the field in the error.
func cleanText(pointer, s string, max int) (string, error) {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	switch {
	case !utf8.ValidString(s):
		return "", invalid(pointer, "must be UTF-8 text")
	case utf8.RuneCountInString(s) > max:
		return "", invalid(pointer, fmt.Sprintf("at most %d characters", max))
	case strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\t' }) >= 0:
		return "", invalid(pointer, "must not hold control characters")
	case sopgen.HasDataURI(s):
		return "", invalid(pointer, "must not hold a data: URI")
	}
	return s, nil
}

// CleanReviewed checks reviewed text against the limits and returns it
// trimmed, without empty entries; an *InputError lists every problem by
// JSON pointer.
func CleanReviewed(r sopgen.Reviewed) (sopgen.Reviewed, error) {
	var out sopgen.Reviewed
	var errs []sopgen.FieldError
	keep := func(pointer, s string, max int) string {
		v, err := cleanText(pointer, s, max)
		if ie, ok := err.(*InputError); ok {
			errs = append(errs, ie.Errors...)
		}
		return v
	}
	out.Purpose = keep("/purpose", r.Purpose, MaxReviewedSection)
	out.Scope = keep("/scope", r.Scope, MaxReviewedSection)
	out.Owner = keep("/owner", r.Owner, MaxReviewedLine)
	out.ReviewInterval = keep("/review_interval", r.ReviewInterval, MaxReviewedLine)
	if out.ReviewInterval != "" {
		if _, ok := sopgen.AddInterval(time.Time{}, out.ReviewInterval); !ok {
			errs = append(errs, sopgen.FieldError{Pointer: "/review_interval", Reason: `a whole number of days, weeks, months or years, e.g. "12 months"`})
		}
	}
	entries := func(name string, m map[string]string, max int) map[string]string {
		if len(m) > max {
			errs = append(errs, sopgen.FieldError{Pointer: "/" + name, Reason: fmt.Sprintf("at most %d entries", max)})
			return nil
		}
		var kept map[string]string
		for _, k := range slices.Sorted(maps.Keys(m)) {
			p := "/" + name + "/" + pointerToken(k)
			key := keep(p, k, MaxReviewedLine)
			v := keep(p, m[k], MaxReviewedEntry)
			if key == "" || v == "" {
				continue
			}
			if kept == nil {
				kept = map[string]string{}
			}
			kept[key] = v
		}
		return kept
	}
	out.MaxAttempts, out.ResetsPerDay = r.MaxAttempts, r.ResetsPerDay
	for _, n := range []struct {
		pointer string
		v       int
	}{{"/max_attempts", r.MaxAttempts}, {"/resets_per_day", r.ResetsPerDay}} {
		if n.v < 0 || n.v > 100 {
			errs = append(errs, sopgen.FieldError{Pointer: n.pointer, Reason: "a whole number from 1 to 100, or 0 to keep the template's"})
		}
	}
	out.LinkLifetime = keep("/link_lifetime", r.LinkLifetime, MaxReviewedLine)
	out.Retention = keep("/retention", r.Retention, MaxReviewedLine)
	for _, d := range []struct{ pointer, v string }{{"/link_lifetime", out.LinkLifetime}, {"/retention", out.Retention}} {
		if d.v != "" && !duration().MatchString(d.v) {
			errs = append(errs, sopgen.FieldError{Pointer: d.pointer, Reason: `a whole number of minutes, hours, days, weeks, months or years, e.g. "10 minutes" or "1 year"`})
		}
	}
	out.Roles = entries("roles", r.Roles, MaxReviewedRoles)
	out.Exceptions = entries("exceptions", r.Exceptions, MaxReviewedExcepts)
	if len(errs) > 0 {
		return out, &InputError{Errors: errs}
	}
	return out, nil
}

// pointerToken escapes a key for a JSON pointer (RFC 6901).
func pointerToken(k string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(k)
}

// EditReviewed replaces a workflow's reviewed text for by, if its revision
// is still base (0 when none was written yet; a negative base replaces
// whatever is there), and returns the new revision. The text applies to
// every version not yet approved, and to every later one.
// duration is how the reviewed text states a link's lifetime or a
// retention: "10 minutes", "1 year".
var duration = lazyRegexp(`^[1-9][0-9]{0,3} (minute|hour|day|week|month|year)s?$`)

func (s *Service) EditReviewed(ctx context.Context, by Person, workflow string, r sopgen.Reviewed, base int) (int, error) {
	r, err := CleanReviewed(r)
	if err != nil {
		return 0, err
	}
	r.Purpose, r.Scope, r.Owner = s.scrubText(r.Purpose), s.scrubText(r.Scope), s.scrubText(r.Owner)
	for _, m := range []map[string]string{r.Roles, r.Exceptions} {
		for k, v := range m {
			m[k] = s.scrubText(v)
		}
	}
	if !by.Role.May(PermEditReviewed) {
		return 0, Refuse(ErrForbidden, "the role %s may not edit the reviewed text; %s may", by.Role, Who(PermEditReviewed))
	}
	old, _, err := s.Store.Reviewed(ctx, by.Team.ID, workflow)
	if err != nil {
		return 0, err
	}
	return s.Store.PutReviewed(ctx, ReviewedEdit{Team: by.Team.ID, Workflow: workflow, Reviewed: r, Base: base, By: by, At: s.now(), Comment: changedParts(old, r)})
}

// changedParts names the parts of the reviewed text an edit changes, for
// the audit log.
func changedParts(a, b sopgen.Reviewed) string {
	var parts []string
	add := func(changed bool, name string) {
		if changed {
			parts = append(parts, name)
		}
	}
	add(a.Purpose != b.Purpose, "purpose")
	add(a.Scope != b.Scope, "scope")
	add(a.Owner != b.Owner, "owner")
	add(a.ReviewInterval != b.ReviewInterval, "review interval")
	add(a.MaxAttempts != b.MaxAttempts, "verification attempts")
	add(a.ResetsPerDay != b.ResetsPerDay, "resets per 24 hours")
	add(a.LinkLifetime != b.LinkLifetime, "code or link lifetime")
	add(a.Retention != b.Retention, "retention")
	for _, k := range slices.Sorted(maps.Keys(union(a.Roles, b.Roles))) {
		add(a.Roles[k] != b.Roles[k], "role "+k)
	}
	for _, k := range slices.Sorted(maps.Keys(union(a.Exceptions, b.Exceptions))) {
		add(a.Exceptions[k] != b.Exceptions[k], "exception "+k)
	}
	if len(parts) == 0 {
		return "no change"
	}
	return "changed " + strings.Join(parts, ", ")
}

func union(a, b map[string]string) map[string]bool {
	u := map[string]bool{}
	for k := range a {
		u[k] = true
	}
	for k := range b {
		u[k] = true
	}
	return u
}
