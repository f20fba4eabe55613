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
	w1, rest := nextWord(t)
	purpose, locative := false, false
	switch {
	case slices.Contains(conditionWords, w1):
	case w1 == "to":
		// "To reset the password for a different user, first navigate
		// away": a purpose before a comma frames the instruction after it.
		if w2, _ := nextWord(rest); isBase(w2) {
			if i := strings.IndexByte(t, ','); i > 0 && i < len(t)-1 {
				purpose = true
			}
		}
	case slices.Contains(locatives, w1):
		// "On the Verify Identity form, enter the answers": where, before
		// a comma, then the instruction.
		if i := strings.IndexByte(t, ','); i > 0 && i < len(t)-1 && wordCount(t[:i]) <= 8 {
			if w, _ := nextWord(t[i+1:]); isBase(w) {
				locative = true
			}
		}
	default:
		return "", t
	}
	if !slices.Contains(conditionWords, w1) && !purpose && !locative {
		return "", t
	}
	i := strings.IndexAny(t, ",:;")
	if i <= 0 || strings.TrimSpace(t[i+1:]) == "" {
		return "", t
	}
	return t[:i+1], strings.TrimSpace(t[i+1:])
}

// locatives open a phrase of place before an instruction.
var locatives = []string{"on", "in", "from", "under", "at", "within", "using", "via", "inside", "with", "through", "for"}

// nextWord is the first word of s, folded as Tokens folds it, and what
// follows it; it tokenizes no further than that word.
func nextWord(s string) (string, string) {
	start := -1
	for i, r := range s {
		w := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '\'' || r == '’' || r > 127 && r != '—' && r != '–'
		switch {
		case w && start < 0:
			start = i
		case !w && start >= 0:
			return fold(s[start:i]), s[i:]
		}
	}
	if start < 0 {
		return "", ""
	}
	return fold(s[start:]), ""
}

// wordCount counts the words of s.
func wordCount(s string) int {
	n := 0
	for w, rest := nextWord(s); w != ""; w, rest = nextWord(rest) {
		n++
	}
	return n
}

// Sentences splits text at ". ", "! " and "? ", not after a single letter
// or a common abbreviation ("e.g.", "no.", "approx.").
func Sentences(text string) []string {
	var out []string
	from := 0
	for i := 0; i+1 < len(text); i++ {
		if (text[i] != '.' && text[i] != '!' && text[i] != '?') || text[i+1] != ' ' {
			continue
		}
		w := text[from:i]
		if j := strings.LastIndexByte(w, ' '); j >= 0 {
			w = w[j+1:]
		}
		switch strings.ToLower(w) {
		case "e.g", "i.e", "no", "approx", "etc", "vs", "mr", "mrs", "ms", "dr", "ext", "tel", "dept", "min", "max":
			continue
		}
		if len(w) < 2 {
			continue
		}
		out = append(out, strings.TrimSpace(text[from:i+1]))
		from = i + 2
	}
	if t := strings.TrimSpace(text[from:]); t != "" {
		out = append(out, t)
	}
	return out
}

// meansGerunds are the gerunds of the actions that carry out an
// instruction "by" doing them.
var meansGerunds = map[string]string{
	"clicking": "click", "selecting": "select", "pressing": "press", "choosing": "choose",
	"tapping": "tap", "hitting": "hit", "running": "run", "calling": "call", "using": "use",
	"entering": "enter", "typing": "type", "ticking": "tick", "checking": "check",
}

// Means rewrites an instruction carried out by another action as that
// action: "Approve by clicking Deactivate" is "click Deactivate", "Save
// changes by clicking on the Update Group Members button" is "click on the
// Update Group Members button". The dialog's own word ("approve", "save")
// says how the screen asks; the control pressed says what is done. Text
// with no such "by" is returned as it is.
func Means(text string) string {
	// Only a short instruction ("Save changes by clicking …", at most four
	// words before "by") is carried out by its means: look no further.
	rest := text
	for n := 0; n < 5; n++ {
		w, r := nextWord(rest)
		if w == "" {
			break
		}
		rest = r
	}
	head := text[:len(text)-len(rest)]
	lower := strings.ToLower(head)
	for from := 0; ; {
		i := strings.Index(lower[from:], " by")
		if i < 0 {
			return text
		}
		i += from
		g, after := nextWord(text[i+3:])
		if base, ok := meansGerunds[g]; ok && strings.TrimSpace(after) != "" && text[i+3] == ' ' {
			return base + after
		}
		from = i + 3
	}
}
