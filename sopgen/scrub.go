package sopgen

import (
	"regexp"
	"strings"
	"unicode"
)

// Redactions counts what scrubbing replaced or dropped, by kind.
type Redactions struct {
	Email int `json:"email"`
	Phone int `json:"phone"`
	Card  int `json:"card"`
	Other int `json:"other"`
	// URL counts the parts of URLs dropped: each user-info, query string
	// and fragment.
	URL int `json:"url"`
	// Identifier counts record identifiers generalised: the account name,
	// user id or display name of the person a recording worked on, and
	// SIDs and GUIDs.
	Identifier int `json:"identifier"`
}

// Total is the number of items replaced or dropped.
func (r Redactions) Total() int { return r.Email + r.Phone + r.Card + r.Other + r.URL + r.Identifier }

// Add returns the sum of two summaries.
func (r Redactions) Add(o Redactions) Redactions {
	return Redactions{
		Email: r.Email + o.Email,
		Phone: r.Phone + o.Phone,
		Card:  r.Card + o.Card,
		Other: r.Other + o.Other,
		URL:   r.URL + o.URL,

		Identifier: r.Identifier + o.Identifier,
	}
}

// Placeholders written in place of scrubbed text.
const (
	EmailPlaceholder = "[email]"
	PhonePlaceholder = "[phone]"
	CardPlaceholder  = "[card number]"
	OtherPlaceholder = "[redacted]"
)

var (
	emailPattern = lazyRegexp(`[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`)
	// numberRun finds runs of digits with the separators people write in
	// phone and card numbers; each run is then judged by its digit count.
	numberRun  = lazyRegexp(`\+?\(?\d[\d ().-]*\d`)
	isoDate    = lazyRegexp(`^\d{4}-\d{2}-\d{2}$`)
	dottedQuad = lazyRegexp(`^\d{1,3}(\.\d{1,3}){3}$`)
	// versionNumber is a dotted version such as 131.0.6778.85 (a browser)
	// or 10.0.19045 (an operating system): a group of a lone 0 after the
	// first is what versions have and phone numbers do not.
	versionNumber = lazyRegexp(`^\d+(\.\d+)*\.0(\.\d+)+$`)
	// textURL finds a URL with an authority inside free text: a scheme,
	// "://" and everything up to white space, a quote or an angle bracket.
	textURL = lazyRegexp(`(?i)\b[a-z][a-z0-9+.-]*://[^\s"'<>\x60]+`)
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
	if strings.Contains(s, "://") {
		// First, so that the user-info of a URL is dropped and counted as
		// such rather than read as an email address.
		s = textURL().ReplaceAllStringFunc(s, func(u string) string { return CutURL(u, r) })
	}
	if strings.IndexByte(s, '@') >= 0 {
		s = emailPattern().ReplaceAllStringFunc(s, func(string) string {
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
	idx := numberRun().FindAllStringIndex(s, -1)
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
		// A number named as a ticket's ("Ticket - 0004812", "#0004812",
		// "Incident: 1234567") is a record reference, not a phone.
		if ticketNumber(s[:start]) {
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
		case digits >= 7 && digits <= 15 && !isoDate().MatchString(run) && !dottedQuad().MatchString(run) && !isPlainDecimal(run) && !versionNumber().MatchString(run):
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

// ticketNumber reports whether the text before a number names it as a
// ticket's: it ends in "#", or in a ticket word and a separator.
func ticketNumber(before string) bool {
	t := strings.TrimRight(before, " \t")
	if strings.HasSuffix(t, "#") {
		return true
	}
	t = strings.TrimRight(t, " \t:-–—")
	i := strings.LastIndexFunc(t, func(r rune) bool { return r == ' ' || r == '\t' || r == '(' || r == '[' })
	switch strings.ToLower(t[i+1:]) {
	case "ticket", "incident", "case", "request", "issue", "problem", "change", "task":
		return true
	}
	return false
}

// isPlainDecimal reports a number with one decimal point, such as 1234.5678,
// which is a measurement rather than a phone number.
func isPlainDecimal(s string) bool {
	return strings.Count(s, ".") == 1 && strings.Trim(s, "0123456789.") == ""
}

func isAlnum(b byte) bool {
	return b >= '0' && b <= '9' || b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z' || b == '_'
}

// Scrub replaces personal data in every string of rec that is not an
// identifier, in place, and returns what it replaced. Each URL loses its
// user-info, query and fragment first. The strings left alone are the
// identifiers and closed lists: schema, id, workflow, recorded_at, action,
// field_kind, mark and coverage kind, whose patterns admit neither an email
// address nor white space.
func (sc *Scrubber) Scrub(rec *Recording) Redactions {
	var r Redactions
	sc.scrubPatterns(rec, &r)
	sc.scrubIdentifiers(rec, &r)
	return r
}

// scrubPatterns is Scrub without the record identifiers.
func (sc *Scrubber) scrubPatterns(rec *Recording, r *Redactions) {
	str := func(s *string) { *s = sc.String(*s, r) }
	str(&rec.Title)
	str(&rec.Recorder.Name)
	str(&rec.Recorder.Version)
	if rec.Actor != nil {
		str(&rec.Actor.Role)
	}
	if c := rec.Context; c != nil {
		str(&c.Browser)
		str(&c.OS)
		str(&c.Locale)
		str(&c.Timezone)
	}
	if rec.Coverage != nil {
		for i := range rec.Coverage.Uncaptured {
			u := &rec.Coverage.Uncaptured[i]
			u.Where = sc.String(CutURL(u.Where, r), r)
		}
	}
	for i := range rec.Steps {
		s := &rec.Steps[i]
		str(&s.App)
		s.URL = sc.String(CutURL(s.URL, r), r)
		str(&s.Page)
		str(&s.Choice)
		str(&s.Text)
		if s.Target != nil {
			str(&s.Target.Name)
			str(&s.Target.Selector)
			str(&s.Target.Role)
		}
	}
}

// scrubIdentifiers generalises the record identifiers learned from rec
// (see learnIdentifiers) in every string Scrub scrubs, after the other
// patterns so that an email address is counted as one, not as the account
// name inside it.
func (sc *Scrubber) scrubIdentifiers(rec *Recording, r *Redactions) {
	ids := learnIdentifiers(rec)
	var toks []span
	str := func(s *string) { *s, toks = replaceIdentifiers(*s, ids, r, toks) }
	str(&rec.Title)
	if rec.Actor != nil {
		str(&rec.Actor.Role)
	}
	if rec.Coverage != nil {
		for i := range rec.Coverage.Uncaptured {
			u := &rec.Coverage.Uncaptured[i]
			u.Where, toks = replacePathIdentifiers(u.Where, ids, r, toks)
		}
	}
	for i := range rec.Steps {
		s := &rec.Steps[i]
		s.URL, toks = replacePathIdentifiers(s.URL, ids, r, toks)
		str(&s.Page)
		str(&s.Choice)
		str(&s.Text)
		if s.Target != nil {
			str(&s.Target.Name)
			str(&s.Target.Selector)
		}
	}
}

// StripURL drops the user-info, query and fragment of a URL: typed values
// leak in queries (GET forms) and fragments (tokens in links), passwords
// in user-info.
func StripURL(u string) string {
	var r Redactions
	return CutURL(u, &r)
}

// CutURL is StripURL counting each part it drops in r.URL, an empty one
// too, so that a zero count means u came back unchanged. It reads u the
// way browsers do: an authority after "scheme://", "//", or, for the web's
// special schemes, after "scheme:" and any slashes or backslashes; the
// authority ends at the first slash or backslash and its user-info at its
// last "@".
func CutURL(u string, r *Redactions) string {
	if i := strings.IndexByte(u, '#'); i >= 0 {
		r.URL++
		u = u[:i]
	}
	if i := strings.IndexByte(u, '?'); i >= 0 {
		r.URL++
		u = u[:i]
	}
	start := authorityStart(u)
	if start < 0 {
		return u
	}
	end := start + strings.IndexAny(u[start:], `/\`)
	if end < start {
		end = len(u)
	}
	if at := strings.LastIndexByte(u[start:end], '@'); at >= 0 {
		r.URL++
		u = u[:start] + u[start+at+1:]
	}
	return u
}

// authorityStart returns where the authority of URL u begins, or -1 when u
// has none.
func authorityStart(u string) int {
	if strings.HasPrefix(u, "//") {
		return 2
	}
	colon := strings.IndexByte(u, ':')
	if colon < 1 || !isScheme(u[:colon]) {
		return -1
	}
	i := colon + 1
	for i < len(u) && (u[i] == '/' || u[i] == '\\') {
		i++
	}
	if i-colon-1 >= 2 || specialScheme(u[:colon]) {
		return i
	}
	return -1
}

func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
		case i > 0 && (c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// specialScheme reports the schemes whose URLs have an authority even
// without slashes (WHATWG URL "special schemes").
func specialScheme(s string) bool {
	switch strings.ToLower(s) {
	case "http", "https", "ws", "wss", "ftp":
		return true
	}
	return false
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
