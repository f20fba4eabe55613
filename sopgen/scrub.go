package sopgen

import (
	"regexp"
	"strings"
	"unicode"
)

// Redactions counts what scrubbing replaced, by kind.
type Redactions struct {
	Email int `json:"email"`
	Phone int `json:"phone"`
	Card  int `json:"card"`
	Other int `json:"other"`
}

// Total is the number of items replaced.
func (r Redactions) Total() int { return r.Email + r.Phone + r.Card + r.Other }

// Add returns the sum of two summaries.
func (r Redactions) Add(o Redactions) Redactions {
	return Redactions{r.Email + o.Email, r.Phone + o.Phone, r.Card + o.Card, r.Other + o.Other}
}

// Placeholders written in place of scrubbed text.
const (
	EmailPlaceholder = "[email]"
	PhonePlaceholder = "[phone]"
	CardPlaceholder  = "[card number]"
	OtherPlaceholder = "[redacted]"
)

var (
	emailPattern = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)
	// numberRun finds runs of digits with the separators people write in
	// phone and card numbers; each run is then judged by its digit count.
	numberRun  = regexp.MustCompile(`\+?\(?\d[\d ().-]*\d`)
	isoDate    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	dottedQuad = regexp.MustCompile(`^\d{1,3}(\.\d{1,3}){3}$`)
)

// Scrubber replaces personal data in free text: email addresses, phone
// numbers, card-like numbers and any extra patterns configured.
type Scrubber struct {
	Extra []*regexp.Regexp
}

// String scrubs s and adds what it replaced to r.
func (sc *Scrubber) String(s string, r *Redactions) string {
	if s == "" {
		return s
	}
	if strings.IndexByte(s, '@') >= 0 {
		s = emailPattern.ReplaceAllStringFunc(s, func(string) string {
			r.Email++
			return EmailPlaceholder
		})
	}
	if countDigits(s) >= 7 { // fewer cannot be a phone or card number
		s = replaceNumbers(s, r)
	}
	for _, re := range sc.Extra {
		s = re.ReplaceAllStringFunc(s, func(string) string {
			r.Other++
			return OtherPlaceholder
		})
	}
	return s
}

func countDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

func replaceNumbers(s string, r *Redactions) string {
	idx := numberRun.FindAllStringIndex(s, -1)
	if idx == nil {
		return s
	}
	var b strings.Builder
	prev := 0
	for _, m := range idx {
		start, end := m[0], m[1]
		// A run glued to letters or digits is part of an identifier such
		// as INC0012345, not a number someone dictated.
		if start > 0 && isAlnum(s[start-1]) || end < len(s) && isAlnum(s[end]) {
			continue
		}
		run := strings.TrimLeft(s[start:end], "(")
		digits := 0
		for i := 0; i < len(run); i++ {
			if run[i] >= '0' && run[i] <= '9' {
				digits++
			}
		}
		var repl string
		switch {
		case digits >= 13 && digits <= 19:
			repl = CardPlaceholder
			r.Card++
		case digits >= 7 && digits <= 15 && !isoDate.MatchString(run) && !dottedQuad.MatchString(run) && !isPlainDecimal(run):
			repl = PhonePlaceholder
			r.Phone++
		default:
			continue
		}
		b.WriteString(s[prev:start])
		b.WriteString(repl)
		prev = end
	}
	if prev == 0 {
		return s
	}
	b.WriteString(s[prev:])
	return b.String()
}

// isPlainDecimal reports a number with one decimal point, such as 1234.5678,
// which is a measurement rather than a phone number.
func isPlainDecimal(s string) bool {
	return strings.Count(s, ".") == 1 && strings.Trim(s, "0123456789.") == ""
}

func isAlnum(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_'
}

// Scrub replaces personal data in every free-text field of rec, in place,
// and returns what it replaced. The URL path is scrubbed too; query and
// fragment are dropped by normalization before this matters.
func (sc *Scrubber) Scrub(rec *Recording) Redactions {
	var r Redactions
	rec.Title = sc.String(rec.Title, &r)
	if rec.Actor != nil {
		rec.Actor.Role = sc.String(rec.Actor.Role, &r)
	}
	if rec.Coverage != nil {
		for i := range rec.Coverage.Uncaptured {
			rec.Coverage.Uncaptured[i].Where = sc.String(rec.Coverage.Uncaptured[i].Where, &r)
		}
	}
	for i := range rec.Steps {
		s := &rec.Steps[i]
		s.App = sc.String(s.App, &r)
		s.URL = sc.String(StripURL(s.URL), &r)
		s.Page = sc.String(s.Page, &r)
		s.Choice = sc.String(s.Choice, &r)
		s.Text = sc.String(s.Text, &r)
		if s.Target != nil {
			s.Target.Name = sc.String(s.Target.Name, &r)
			s.Target.Selector = sc.String(s.Target.Selector, &r)
			s.Target.Role = sc.String(s.Target.Role, &r)
		}
	}
	return r
}

// StripURL drops the query and fragment of a URL, which is where typed
// values leak (GET forms, tokens in links).
func StripURL(u string) string {
	if i := strings.IndexAny(u, "?#"); i >= 0 {
		return u[:i]
	}
	return u
}

// CleanText makes a recorded string safe to lay out: bidirectional
// overrides and isolates, zero-width and other control characters are
// removed and runs of white space fold to one space. It does not escape:
// each renderer escapes for its own format.
func CleanText(s string) string {
	if isPlainASCII(s) {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case isInvisible(r):
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// isPlainASCII reports whether s is printable ASCII with single inner
// spaces: text CleanText would return unchanged.
func isPlainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
			return false
		}
	}
	return true
}

func isInvisible(r rune) bool {
	switch {
	case r >= 0x202A && r <= 0x202E, r >= 0x2066 && r <= 0x2069, r == 0x200E, r == 0x200F, r == 0x061C:
		return true // bidirectional controls
	case r >= 0x200B && r <= 0x200D, r == 0xFEFF, r == 0x2060:
		return true // zero-width characters
	}
	return unicode.IsControl(r) || unicode.Is(unicode.Cf, r)
}
