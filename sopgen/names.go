package sopgen

import (
	"strings"
)

// Names of password fields a recorder could not name, by what the field
// is for.
const (
	currentPasswordName = "Current password"
	newPasswordName     = "New password"
	confirmPasswordName = "Confirm password"
)

var (
	// passwordPurpose reads what a password field is for from its
	// selector: the autocomplete token (new-password, current-password),
	// or words of its id or name.
	confirmSelector = lazyRegexp(`(?i)confirm|again|repeat|retype|re-enter|verify|password_?2\b|passwd_?2\b|pass_?2\b|pw_?2\b|userpass2\b`)
	newSelector     = lazyRegexp(`(?i)new-password|new_?pass|newpw|new_?pwd|password_?1\b|pass_?1\b|pw_?1\b`)
	currentSelector = lazyRegexp(`(?i)current-password|current_?pass|old_?pass|oldpw|old_?pwd`)
)

// spokenNames returns each step's target name as a person would say it:
// cleaned, without the trailing colon or required-field star of a label
// ("Username:" is "Username"), and, for a password field the recorder
// could not name (older recorders, Chrome Recorder imports) or named
// "Password" like the other password fields of its page, its purpose read
// from the selector or, failing that, from its place among those fields:
// one is "Password", two are "New password" and "Confirm password", three
// begin with "Current password".
func spokenNames(rec *Recording) []string {
	names := make([]string, len(rec.Steps))
	// The unnamed password fields of one page, in order; typing into one
	// field again (the same selector) is not another field.
	type field struct {
		selector string
		named    bool // named "Password", as a recorder names both fields
		steps    []int
	}
	var fields []field
	page := ""
	flush := func() {
		positional := map[int][]string{
			2: {newPasswordName, confirmPasswordName},
			3: {currentPasswordName, newPasswordName, confirmPasswordName},
		}[len(fields)]
		for k, f := range fields {
			if f.named && len(fields) == 1 {
				continue // a lone "Password" says what it is
			}
			name := "Password"
			switch {
			case currentSelector().MatchString(f.selector):
				name = currentPasswordName
			case confirmSelector().MatchString(f.selector):
				name = confirmPasswordName
			case newSelector().MatchString(f.selector):
				name = newPasswordName
			case positional != nil:
				name = positional[k]
			}
			for _, i := range f.steps {
				names[i] = name
			}
		}
		fields = fields[:0]
	}
	for i := range rec.Steps {
		s := &rec.Steps[i]
		sel := ""
		if s.Target != nil {
			names[i] = labelName(CleanText(s.Target.Name))
			sel = CleanText(s.Target.Selector)
		}
		if s.Action == "navigate" || CleanText(s.Page) != page {
			flush()
			page = CleanText(s.Page)
		}
		named := strings.EqualFold(names[i], "password")
		if s.Action != "input" || s.FieldKind != "password" || names[i] != "" && !named {
			continue
		}
		k := len(fields)
		for j, f := range fields {
			if sel != "" && f.selector == sel {
				k = j
			}
		}
		if k == len(fields) {
			fields = append(fields, field{selector: sel, named: named})
		}
		fields[k].steps = append(fields[k].steps, i)
	}
	flush()
	return names
}

// labelName drops what a label adds around a name: a trailing colon
// ("Username:"), a required-field star ("Password *").
func labelName(s string) string {
	t := strings.TrimRight(s, " :：*")
	if t == "" {
		return s
	}
	return t
}
