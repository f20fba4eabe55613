package sopgen

import (
	_ "embed"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Placeholders of record identifiers. IdentifierPlaceholder is what the
// scrubber writes in place of an account name, user id or the display name
// of the person a recording worked on; RecordPlaceholder is what the
// recorder extension writes in place of the record picked from a list
// before a recording leaves the browser. Neither is learned or counted
// again when a recording is scrubbed a second time.
const (
	IdentifierPlaceholder = "[account]"
	RecordPlaceholder     = "[record]"
)

// maxPhrase is the longest identifier, in words, that is learned: display
// names have two to four.
const maxPhrase = 4

//go:embed uiwords.txt
var uiWordsText string

// interfaceWords holds the words of application interfaces (uiwords.txt and
// every word of the built-in vocabulary), lower case. A name made only of
// them is the interface's own text, never a record identifier.
var interfaceWords = sync.OnceValue(func() map[string]bool {
	m := make(map[string]bool, 1024)
	add := func(phrase string) {
		for _, w := range strings.FieldsFunc(strings.ToLower(phrase), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-'
		}) {
			m[w] = true
		}
	}
	for _, line := range strings.Split(uiWordsText, "\n") {
		if !strings.HasPrefix(line, "#") {
			add(line)
		}
	}
	v := DefaultVocabulary()
	for _, e := range v.Entries {
		for _, t := range e.Terms {
			add(strings.ReplaceAll(t, "+", " "))
		}
	}
	for _, e := range v.Outcomes {
		add(strings.Join(e.Terms, " "))
	}
	for _, e := range v.Channels {
		add(strings.Join(e.Terms, " "))
	}
	for _, e := range v.Verbs {
		add(strings.Join(e.Verbs, " ") + " " + strings.Join(e.Objects, " "))
	}
	return m
})

var (
	// sidPattern is a Windows security identifier (S-1-5-21-…).
	sidPattern = lazyRegexp(`(?i)^s-1(-\d+){2,}$`)
	// guidPattern is a GUID, as directory object ids are written.
	guidPattern = lazyRegexp(`(?i)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}`)
	// issueKey is a tracker's issue key (ITHELP-42): a project's record,
	// not a person's.
	issueKey = lazyRegexp(`^[A-Z][A-Z0-9]+-\d+$`)
	// versionLike is a version or build number (v2, 1.2.3).
	versionLike = lazyRegexp(`(?i)^v?\d+([._-]\d+)*$`)
	// localeLike is a language tag (en-GB, pt_BR, zh-Hans).
	localeLike = lazyRegexp(`^[a-z]{2,3}([-_]([A-Z]{2}|[A-Z][a-z]{3}|\d{3}))+$`)
)

// identifiers is what one recording taught the scrubber: its record
// identifiers, lower case, words joined by one space.
type identifiers map[string]bool

// span is one token of a string: a run of letters and digits, with the
// connectors . _ - ' inside it (j.doe, jane_doe, S-1-5-21-…).
type span struct{ start, end int }

// tokens splits s into its tokens, in order.
func tokens(s string, out []span) []span {
	out = out[:0]
	start := -1
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if start < 0 {
				start = i
			}
		case start >= 0 && (r == '.' || r == '_' || r == '-' || r == '\'') && i+n < len(s) && isWordRune(s[i+n:]):
			// a connector between two letters or digits stays inside
		default:
			if start >= 0 {
				out = append(out, span{start, i})
				start = -1
			}
		}
		i += n
	}
	if start >= 0 {
		out = append(out, span{start, len(s)})
	}
	return out
}

func isWordRune(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// onlySpace reports whether s is a non-empty run of white space: the gap
// between two words of one phrase.
func onlySpace(s string) bool {
	return s != "" && strings.TrimSpace(s) == ""
}

// strongIdentifier reports a token that is an identifier whatever its
// context: a Windows SID or a GUID.
func strongIdentifier(tok string) bool {
	return len(tok) >= 36 && guidPattern().MatchString(tok) || len(tok) > 8 && sidPattern().MatchString(tok)
}

// interfaceText reports whether every word of s (split at white space and
// connectors) is a word of application interfaces.
func interfaceText(s string) bool {
	words := interfaceWords()
	n := 0
	for _, w := range strings.FieldsFunc(strings.ToLower(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}) {
		if !words[w] {
			return false
		}
		n++
	}
	return n > 0
}

// ticketLike reports a reference the vocabulary turns into "the incident"
// or "the request", or a tracker's issue key: records of the work, not of
// a person.
func ticketLike(tok string) bool {
	return issueKey().MatchString(tok) || ticketPatterns().MatchString(tok)
}

// ticketPatterns is the built-in vocabulary's ticket patterns as one
// expression, so that a token is read once.
var ticketPatterns = sync.OnceValue(func() *regexp.Regexp {
	var alt []string
	for _, t := range DefaultVocabulary().Tickets {
		alt = append(alt, "(?:"+t.Pattern+")")
	}
	if alt == nil {
		return regexp.MustCompile(`$^`)
	}
	return regexp.MustCompile(strings.Join(alt, "|"))
})

// handleShape reports a single token shaped like an account name or user
// id: jdoe, j.doe, jane_doe, u12345, JDoe, 100234. A capitalised word
// (Users), a word in capitals (MFA), a version or a ticket reference is
// not one.
func handleShape(tok string) bool {
	if tok == "" || len(tok) > 64 || strings.ContainsFunc(tok, unicode.IsSpace) {
		return false
	}
	letters, digits, upper := 0, 0, 0
	for _, r := range tok {
		switch {
		case unicode.IsLetter(r):
			letters++
			if unicode.IsUpper(r) {
				upper++
			}
		case unicode.IsDigit(r):
			digits++
		}
	}
	switch {
	case letters == 0:
		return digits >= 5 && strings.Trim(tok, "0123456789") == ""
	case hostOrFile(tok):
		return false
	case upper == letters && digits == 0, // MFA, SSO
		upper == 1 && digits == 0 && unicode.IsUpper([]rune(tok)[0]) && !strings.ContainsAny(tok, "._"): // Users
		return false
	case digits > 0 && (versionLike().MatchString(tok) || ticketLike(tok)) || localeLike().MatchString(tok):
		return false
	}
	return !interfaceText(tok)
}

// hostOrFile reports a host or file name (dc01.corp.example, doku.php):
// two dots or more, or one before a common domain or file suffix.
func hostOrFile(tok string) bool {
	if strings.Count(tok, ".") >= 2 {
		return true
	}
	i := strings.LastIndexByte(tok, '.')
	if i < 0 {
		return false
	}
	switch strings.ToLower(tok[i+1:]) {
	case "com", "org", "net", "io", "local", "lan", "corp", "internal", "php", "html", "htm", "do", "aspx", "asp", "jsp", "cgi", "pl", "py", "exe", "msc", "txt", "pdf", "csv", "json", "xml":
		return true
	}
	return false
}

// personShape reports a display name: two to four capitalised words
// (Jane Doe, Mary-Ann O'Neil), none a word of the interface.
func personShape(s string) bool {
	f := strings.Fields(s)
	if len(f) < 2 || len(f) > maxPhrase || len(s) > 64 {
		return false
	}
	words := interfaceWords()
	for _, w := range f {
		r, _ := utf8.DecodeRuneInString(w)
		if !unicode.IsUpper(r) || strings.ContainsFunc(w, unicode.IsDigit) || words[strings.ToLower(w)] {
			return false
		}
		for _, c := range w {
			if !unicode.IsLetter(c) && !strings.ContainsRune(".'’-", c) {
				return false
			}
		}
	}
	return true
}

// mixedHandle reports a token that reads as a user id on its own: it
// begins with a letter, holds a lower-case letter, and has two digits or
// more (u48213, jdoe42) or joins non-interface words with . or _
// (jane.doe, ws.nakamura).
func mixedHandle(tok string) bool {
	r, _ := utf8.DecodeRuneInString(tok)
	if !unicode.IsLetter(r) || !strings.ContainsFunc(tok, unicode.IsLower) || !handleShape(tok) {
		return false
	}
	digits := 0
	for _, c := range tok {
		if unicode.IsDigit(c) {
			digits++
		}
	}
	return digits >= 2 || strings.ContainsAny(tok, "._") && !strings.ContainsFunc(tok, unicode.IsUpper)
}

// lowerHandle reports a lower-case handle (jdoe, mokafor) of three
// characters or more.
func lowerHandle(tok string) bool {
	return utf8.RuneCountInString(tok) >= 3 && !strings.ContainsFunc(tok, unicode.IsUpper) && handleShape(tok)
}

// cueWords introduce the account a page or a name is about: "User jdoe",
// "Edit user jdoe", "Reset password for jdoe"; a colon does too ("Change
// password: jdoe").
var cueWords = map[string]bool{"user": true, "account": true, "member": true, "employee": true, "for": true, "customer": true, "person": true}

// pathIdentifier reports a URL path segment that is a record's id: a GUID,
// a number of five digits or more, a long hexadecimal id, or a mixed
// letters-and-digits id with no dot (00ub7k2q9xTZ4mWd1d7), but never a
// ticket reference or a file name.
func pathIdentifier(seg string) bool {
	if seg == "" || strings.HasPrefix(seg, "[") {
		return false
	}
	if guidPattern().MatchString(seg) {
		return true
	}
	if strings.Contains(seg, ".") || !strings.ContainsAny(seg, "0123456789") || ticketLike(seg) {
		return false
	}
	letters, digits, hex := 0, 0, 0
	for _, r := range seg {
		switch {
		case r >= '0' && r <= '9':
			digits++
			hex++
		case r >= 'a' && r <= 'f' || r >= 'A' && r <= 'F':
			letters++
			hex++
		case unicode.IsLetter(r):
			letters++
		}
	}
	switch {
	case letters == 0:
		return digits >= 5 && digits == len(seg)
	case hex == len(seg) && len(seg) >= 16:
		return true
	}
	return len(seg) >= 8 && digits >= 2 && letters >= 2 && !interfaceText(seg)
}

// urlPath returns where the path of URL u begins and ends (after the
// authority, before any query or fragment), or -1, -1.
func urlPath(u string) (int, int) {
	start := authorityStart(u)
	if start < 0 {
		return -1, -1
	}
	i := strings.IndexAny(u[start:], `/\`)
	if i < 0 {
		return -1, -1
	}
	end := strings.IndexAny(u, "?#")
	if end < 0 {
		end = len(u)
	}
	return start + i, end
}

func urlHost(u string) string {
	start := authorityStart(u)
	if start < 0 {
		return ""
	}
	h := u[start:]
	if i := strings.IndexAny(h, `/\?#`); i >= 0 {
		h = h[:i]
	}
	return strings.ToLower(h)
}

// learnIdentifiers reads the record identifiers of rec from its structure:
//   - the name of a row, cell, link or option picked from a list, or the
//     choice of a select, when it re-appears in another step's page title
//     or name and is shaped like an account name or a display name, on a
//     page about people; a display name picked on such a page needs no
//     more;
//   - a lower-case handle that a colon or a word such as "user" or "for"
//     introduces ("Change password: jdoe"), seen in two steps or more;
//   - a user-id-like token (u48213, jane.doe) seen in two steps or more;
//   - an id in a URL path (/users/48213/, a GUID, an opaque id);
//   - the usual account names made from a learned display name (Jane Doe:
//     jdoe, jane.doe, doej, …).
//
// The words of the interface (uiwords.txt, the vocabulary), the app's
// name, the host and the words in nearly every page title (the app's fixed
// chrome) are never learned. It reads each string once.
func learnIdentifiers(rec *Recording) identifiers {
	chrome := map[string]bool{}
	var toks []span
	addChrome := func(s string) {
		toks = tokens(s, toks)
		for _, t := range toks {
			chrome[strings.ToLower(s[t.start:t.end])] = true
		}
	}
	// Words in nearly every titled step are the app's chrome.
	titled := 0
	titleWords := map[string]int{}
	seen := map[string]bool{}
	for i := range rec.Steps {
		s := &rec.Steps[i]
		addChrome(s.App)
		if h := urlHost(s.URL); h != "" {
			chrome[h] = true
			addChrome(strings.ReplaceAll(h, ".", " "))
		}
		if s.Page == "" {
			continue
		}
		titled++
		clear(seen)
		toks = tokens(s.Page, toks)
		for _, t := range toks {
			w := strings.ToLower(s.Page[t.start:t.end])
			if !seen[w] {
				seen[w] = true
				titleWords[w]++
			}
		}
	}
	// titleChrome is kept apart: a record picked from a list is learned
	// even when the recording stays on its pages, but a token that only
	// recurs in titles is not.
	titleChrome := map[string]bool{}
	if titled >= 5 {
		for w, n := range titleWords {
			if n*10 >= titled*9 {
				titleChrome[w] = true
			}
		}
	}

	// Candidates, then the evidence for each in one more pass.
	type candidate struct {
		kind  int // pick, cue or mixed
		steps int // steps whose page or name (other than the pick) hold it
		last  int // last step counted, so a step counts once
		// person: the page it was picked on, or a string it is seen in,
		// is about people (personWords).
		person bool
		// display: a display name picked on a page about people, which
		// needs no more evidence.
		display bool
	}
	const (
		pick = iota
		cue
		mixed
	)
	cands := map[string]*candidate{}
	add := func(key string, kind int, person bool) {
		if chrome[key] || kind != pick && titleChrome[key] {
			return
		}
		if c, ok := cands[key]; ok {
			c.kind = min(c.kind, kind)
			c.person = c.person || person
			return
		}
		cands[key] = &candidate{kind: kind, last: -1, person: person}
	}
	learned := identifiers{}
	const (
		shapeOther = iota
		shapeMixed
		shapeLower
	)
	shapes := map[string]int{}
	for i := range rec.Steps {
		s := &rec.Steps[i]
		if s.Target != nil && isListRole(s.Target.Role) || s.Action == "select" {
			x := ""
			if s.Action == "select" || s.Choice != "" {
				x = s.Choice
			} else {
				x = s.Target.Name
			}
			x = strings.Join(strings.Fields(x), " ")
			switch people := aboutPeople(s.Page, &toks); {
			case personShape(x):
				add(strings.ToLower(x), pick, people)
				if c := cands[strings.ToLower(x)]; c != nil && people {
					c.display = true
				}
			case handleShape(x):
				add(strings.ToLower(x), pick, people)
			}
		}
		for _, str := range stepTexts(s) {
			toks = tokens(str, toks)
			for j, t := range toks {
				tok := str[t.start:t.end]
				sh, ok := shapes[tok]
				if !ok {
					// Each distinct token is judged once: consoles repeat
					// their titles and names step after step.
					switch {
					case mixedHandle(tok):
						sh = shapeMixed
					case lowerHandle(tok):
						sh = shapeLower
					}
					shapes[tok] = sh
				}
				switch {
				case sh == shapeMixed:
					add(strings.ToLower(tok), mixed, true)
				case sh == shapeLower && j > 0 && cued(str, toks[j-1], t):
					add(tok, cue, false)
				}
			}
		}
		if p0, p1 := urlPath(s.URL); p0 >= 0 && aboutPeople(s.URL[p0:p1], &toks) {
			for _, seg := range strings.FieldsFunc(s.URL[p0:p1], func(r rune) bool { return r == '/' || r == '\\' }) {
				if pathIdentifier(seg) {
					learned[strings.ToLower(seg)] = true
					for _, g := range guidPattern().FindAllString(seg, -1) {
						learned[strings.ToLower(g)] = true
					}
				}
			}
		}
	}
	if len(cands) > 0 {
		var key strings.Builder
		for i := range rec.Steps {
			s := &rec.Steps[i]
			for k, str := range stepTexts(s) {
				whole := ""
				if k > 0 {
					whole = strings.ToLower(strings.Join(strings.Fields(str), " "))
				}
				person := aboutPeople(str, &toks)
				toks = tokens(str, toks)
				for a := range toks {
					key.Reset()
					for b := a; b < len(toks) && b < a+maxPhrase; b++ {
						if b > a {
							if !onlySpace(str[toks[b-1].end:toks[b].start]) {
								break
							}
							key.WriteByte(' ')
						}
						word := strings.ToLower(str[toks[b].start:toks[b].end])
						key.WriteString(word)
						c, ok := cands[key.String()]
						if !ok && strings.HasSuffix(word, "'s") {
							k := key.String()
							c, ok = cands[k[:len(k)-2]] // a possessive
						}
						if !ok || c.last == i {
							continue
						}
						// A name that is the candidate itself (the pick, or
						// the same link clicked again) is not evidence: a
						// page title or a longer name holding it is.
						if key.Len() == len(whole) && key.String() == whole {
							continue
						}
						c.last = i
						c.steps++
						c.person = c.person || person
					}
				}
			}
		}
		for k, c := range cands {
			if c.display || c.person && (c.kind == pick && c.steps >= 1 || c.steps >= 2) {
				learned[k] = true
			}
		}
	}
	// Account names people derive from a display name.
	for k := range learned {
		f := strings.Fields(k)
		if len(f) < 2 {
			continue
		}
		first, last := asciiLetters(f[0]), asciiLetters(f[len(f)-1])
		if first == "" || last == "" {
			continue
		}
		fi, li := first[:1], last[:1]
		for _, h := range []string{first + last, fi + last, first + "." + last, fi + "." + last, first + "_" + last, first + "-" + last, last + fi, last + first, last + "." + first, first + li} {
			if len(h) >= 5 && !interfaceText(h) {
				learned[h] = true
			}
		}
	}
	return learned
}

// personWords are the words of pages, names and URL paths about people:
// a record picked there, or named there, is a person's.
var personWords = map[string]bool{
	"user": true, "users": true, "people": true, "person": true, "persons": true, "member": true, "members": true,
	"account": true, "accounts": true, "customer": true, "customers": true, "contact": true, "contacts": true,
	"employee": true, "employees": true, "staff": true, "directory": true, "profile": true, "profiles": true,
	"identity": true, "identities": true, "password": true, "passwords": true, "caller": true, "requester": true,
	"principal": true, "principals": true, "usermanager": true,
}

// aboutPeople reports whether s holds one of personWords; toks is scratch.
func aboutPeople(s string, toks *[]span) bool {
	*toks = tokens(s, *toks)
	for _, t := range *toks {
		w := strings.ToLower(s[t.start:t.end])
		if personWords[w] {
			return true
		}
		// sys_user, user_accounts: a word of a compound identifier
		for _, part := range strings.FieldsFunc(w, func(r rune) bool { return r == '_' || r == '-' || r == '.' }) {
			if personWords[part] {
				return true
			}
		}
	}
	return false
}

// cued reports whether token t of s follows a colon or a cue word, with
// white space between.
func cued(s string, prev, t span) bool {
	gap := s[prev.end:t.start]
	if strings.TrimSpace(gap) == ":" && strings.HasPrefix(gap, ":") {
		return true
	}
	return onlySpace(gap) && cueWords[strings.ToLower(s[prev.start:prev.end])]
}

// asciiLetters folds a name to the ASCII letters account names are made
// of, or "" when it has others.
func asciiLetters(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			b.WriteRune(r)
		case r == '\'' || r == '’' || r == '-' || r == '.':
		default:
			return ""
		}
	}
	return b.String()
}

// stepTexts are the strings of a step where a console shows the record it
// is on: the page title, the target's name and the choice.
func stepTexts(s *Step) [3]string {
	var name string
	if s.Target != nil {
		name = s.Target.Name
	}
	return [3]string{s.Page, name, s.Choice}
}

// replaceIdentifiers writes IdentifierPlaceholder in place of each learned
// identifier and each SID or GUID in s, counting each in r.Identifier. It
// matches whole tokens and phrases of up to maxPhrase words, longest
// first, so its work is in proportion to the length of s.
func replaceIdentifiers(s string, ids identifiers, r *Redactions, toks []span) (string, []span) {
	if s == "" {
		return s, toks
	}
	toks = tokens(s, toks)
	var b strings.Builder
	var key strings.Builder
	prev := 0
	for a := 0; a < len(toks); a++ {
		end, endOff := -1, 0
		if strongIdentifier(s[toks[a].start:toks[a].end]) {
			end, endOff = a, toks[a].end
		}
		if len(ids) > 0 {
			key.Reset()
			for c := a; c < len(toks) && c < a+maxPhrase; c++ {
				if c > a {
					if !onlySpace(s[toks[c-1].end:toks[c].start]) {
						break
					}
					key.WriteByte(' ')
				}
				word := strings.ToLower(s[toks[c].start:toks[c].end])
				key.WriteString(word)
				k := key.String()
				switch {
				case ids[k]:
					end, endOff = c, toks[c].end
				case strings.HasSuffix(word, "'s") && ids[k[:len(k)-2]]:
					// a possessive: jdoe's, Jane Doe's
					end, endOff = c, toks[c].end-2
				}
			}
		}
		if end < 0 || placeholderAt(s, toks[a].start) {
			continue
		}
		b.WriteString(s[prev:toks[a].start])
		b.WriteString(IdentifierPlaceholder)
		prev = endOff
		r.Identifier++
		a = end
	}
	if prev == 0 {
		return s, toks
	}
	b.WriteString(s[prev:])
	return b.String(), toks
}

// placeholderAt reports a token that is the word inside a placeholder
// ("[record]", "[account]"): text already generalised.
func placeholderAt(s string, i int) bool {
	return i > 0 && s[i-1] == '['
}

// replacePathIdentifiers replaces the learned identifiers among the path
// segments of URL u (an id segment such as 712020:8c4f… is learned
// whole), then the rest of u as text.
func replacePathIdentifiers(u string, ids identifiers, r *Redactions, toks []span) (string, []span) {
	p0, p1 := urlPath(u)
	if p0 < 0 || len(ids) == 0 {
		return replaceIdentifiers(u, ids, r, toks)
	}
	var b strings.Builder
	b.WriteString(u[:p0])
	path := u[p0:p1]
	start := 0
	for i := 0; i <= len(path); i++ {
		if i < len(path) && path[i] != '/' && path[i] != '\\' {
			continue
		}
		seg := path[start:i]
		if seg != "" && ids[strings.ToLower(seg)] {
			b.WriteString(IdentifierPlaceholder)
			r.Identifier++
		} else {
			var out string
			out, toks = replaceIdentifiers(seg, ids, r, toks)
			b.WriteString(out)
		}
		if i < len(path) {
			b.WriteByte(path[i])
		}
		start = i + 1
	}
	b.WriteString(u[p1:])
	return b.String(), toks
}

// RecorderPlaceholders counts the RecordPlaceholders a recorder wrote in
// rec's steps in place of the record picked from a list (the extension
// generalises it before upload), so that the redaction summary can say so.
// It is counted once, where a recording is received: scrubbing again
// neither learns nor counts a placeholder.
func RecorderPlaceholders(rec *Recording) int {
	n := strings.Count(rec.Title, RecordPlaceholder)
	for i := range rec.Steps {
		s := &rec.Steps[i]
		n += strings.Count(s.Page, RecordPlaceholder) + strings.Count(s.Choice, RecordPlaceholder)
		if s.Target != nil {
			n += strings.Count(s.Target.Name, RecordPlaceholder)
		}
	}
	return n
}
