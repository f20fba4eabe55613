package prose

import (
	"slices"
	"strings"
)

// Tokens splits text into lowercase words. Punctuation separates words; an
// inner hyphen or apostrophe keeps them whole ("sign-in", "caller's"), and a
// typographic apostrophe is folded to the ASCII one first.
func Tokens(s string) []string {
	s = strings.ReplaceAll(strings.ToLower(s), "’", "'")
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '\'' || r > 127)
	})
}

// conditionWords open a leading condition: "If the code matches, reset the
// password".
var conditionWords = []string{"if", "when", "once", "after", "before", "unless", "where", "otherwise"}

// Split separates a leading condition from the main clause: "If the code
// matches, reset the password" gives "If the code matches," and "reset the
// password". Text with no leading condition, or a condition with no clause
// after it, is all main clause.
func Split(text string) (condition, main string) {
	t := strings.TrimSpace(text)
	first := ""
	if ws := Tokens(t); len(ws) > 0 {
		first = ws[0]
	}
	// "To reset the password for a different user, first navigate away":
	// a purpose before a comma frames the instruction after it.
	purpose := false
	if ws := Tokens(t); first == "to" && len(ws) > 1 && isBase(ws[1]) {
		if i := strings.IndexByte(t, ','); i > 0 && i < len(t)-1 {
			purpose = true
		}
	}
	// "On the Verify Identity form, enter the answers": where, before a
	// comma, then the instruction.
	locative := false
	if slices.Contains([]string{"on", "in", "from", "under", "at", "within", "using", "via", "inside"}, first) {
		if i := strings.IndexByte(t, ','); i > 0 && i < len(t)-1 && len(Tokens(t[:i])) <= 8 {
			if rest := Tokens(t[i+1:]); len(rest) > 0 && isBase(rest[0]) {
				locative = true
			}
		}
	}
	if !slices.Contains(conditionWords, first) && !purpose && !locative {
		return "", t
	}
	i := strings.IndexAny(t, ",:;")
	if i <= 0 || strings.TrimSpace(t[i+1:]) == "" {
		return "", t
	}
	return t[:i+1], strings.TrimSpace(t[i+1:])
}
