package rules

import (
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// prose is a step's own wording: the names of things on screen (bold in
// the SOP) become "X", so a button called "Reset and send" does not read
// as two actions.
// It is lower-cased, but for the X.
func prose(s *sopgen.ProcStep) string {
	var b strings.Builder
	for _, sp := range s.Text {
		if sp.Strong {
			b.WriteString("X")
			continue
		}
		b.WriteString(strings.ToLower(sp.Text))
	}
	return b.String()
}

// checkCache holds what several rules derive from one document, so a
// Check derives it once. The rules' patterns match lower-cased text.
type checkCache struct {
	lower    map[*sopgen.ProcStep]string
	passages [2][]passage
	havePass [2]bool
	// removes and tasks memoise removesAccess and tasks for the document.
	removes, haveRemoves bool
	tasks                []sopgen.Phase
	haveTasks            bool
	// phaseOf is the index of each step's phase and byLine the steps on
	// each line; restores and grants memoise what several rules ask of
	// every access step.
	phaseOf  map[*sopgen.ProcStep]int
	restores map[*sopgen.ProcStep]bool
	grants   map[*sopgen.ProcStep]bool
	byLine   map[sopgen.Location][]*sopgen.ProcStep
}

// lower is a step's text, lower-cased.
func (p *Pass) lower(s *sopgen.ProcStep) string {
	if t, ok := p.cache.lower[s]; ok {
		return t
	}
	t := strings.ToLower(s.Plain())
	p.cache.lower[s] = t
	return t
}

// unit is a step's text with what it commits (the settings of a recorded
// form, the control a written unit named before "Click OK"), lower-cased.
func (p *Pass) unit(s *sopgen.ProcStep) string { return withParams(p.lower(s), s.Params) }

// restores reports an access step that gives an account back to its owner
// (a reset, an unlock, a factor re-enrolled), by the unit it commits: the
// changes that confirmation, notification and the privileged path are
// about, not a grant or a removal.
func (p *Pass) restores(s *sopgen.ProcStep) bool {
	return memo(&p.cache.restores, s, func(s *sopgen.ProcStep) bool { return recovery().MatchString(p.unit(s)) })
}

// memo is f(s), worked out once per step of the document and kept in *m:
// several rules ask the same of every access step.
func memo[T any](m *map[*sopgen.ProcStep]T, s *sopgen.ProcStep, f func(*sopgen.ProcStep) T) T {
	if v, ok := (*m)[s]; ok {
		return v
	}
	if *m == nil {
		*m = map[*sopgen.ProcStep]T{}
	}
	v := f(s)
	(*m)[s] = v
	return v
}

// withParams is text followed by the parameters a step commits, each as a
// sentence of its own, lower-cased.
func withParams(text string, params []string) string {
	for _, prm := range params {
		text += ". " + strings.ToLower(prm)
	}
	return text
}

// passages lists the document's text, lower-cased: see passagesOf.
func (p *Pass) passages(withDerived bool) []passage {
	i := 0
	if withDerived {
		i = 1
	}
	if !p.cache.havePass[i] {
		p.cache.passages[i] = passagesOf(p, withDerived)
		p.cache.havePass[i] = true
	}
	return p.cache.passages[i]
}

// passage is a piece of a document's text, lower-cased, and where it is.
type passage struct {
	text    string
	step    *sopgen.ProcStep // nil outside the procedure
	line    int
	trigger bool // an exception's trigger: a situation, not an instruction
}

// passagesOf lists the text of the procedure, exceptions, records,
// purpose and scope; what compose derived is left out unless withDerived.
func passagesOf(p *Pass, withDerived bool) []passage {
	d := p.Doc
	lc := strings.ToLower
	var out []passage
	if withDerived || !d.Purpose.Derived {
		out = append(out, passage{text: lc(d.Purpose.Text), line: d.Purpose.Line})
	}
	if withDerived || !d.Scope.Derived {
		out = append(out, passage{text: lc(d.Scope.Text), line: d.Scope.Line})
	}
	for _, s := range d.Steps() {
		out = append(out, passage{text: p.lower(s), step: s, line: s.Loc.Line})
	}
	for _, e := range d.Exceptions {
		if withDerived || !e.Derived {
			out = append(out, passage{text: lc(e.Trigger), line: e.Line, trigger: true}, passage{text: lc(e.Action), line: e.Line})
		}
	}
	for _, r := range d.Records {
		if withDerived || !r.Derived {
			out = append(out, passage{text: lc(r.What + " " + r.Where), line: r.Line})
		}
	}
	return out
}

// report reports a finding at a passage.
func (p *Pass) reportAt(at passage, format string, args ...any) {
	p.Report(at.step, at.line, format, args...)
}

// negation marks a sentence that forbids what it names: "never skip
// verification", "do not paste the password".
var negation = lex("do not", "don't", "never", "must not", "may not", "should not", "shall not", "will not", "won't", "not be able", "unable to", "cannot", "can't", "no one", "not even", "under no circumstances", "is not allowed", "are not allowed", "is forbidden", "even if", "even when", "regardless")

// sentences splits text into sentences and clauses separated by ; or .
func sentences(text string) []string {
	return strings.FieldsFunc(text, func(r rune) bool { return r == '.' || r == ';' || r == '\n' || r == '!' || r == '?' })
}

// matcher is a compiled pattern: a *regexp.Regexp or a guarded one.
type matcher interface{ MatchString(string) bool }

// guarded runs its regexp only on text holding one of its keys: Go's
// regexps with word boundaries and alternations try every position, and
// most passages hold none of the words a rule looks for.
type guarded struct {
	keys keySet
	expr string
	re   func() *regexp.Regexp // compiled on first use: most commands never lint
}

// guard compiles re behind keys: lower-case substrings of which every
// match of re must hold at least one.
func guard(re string, keys ...string) guarded {
	return guarded{keys: newKeySet(keys), expr: re, re: lazyRegexp(re)}
}

// keySet finds whether a text holds one of a set of substrings in one pass
// over the text, where a strings.Contains per key made a pass per key: the
// rules ask it of every passage, and it was a seventh of linting.
type keySet struct {
	keys  []string
	index func() *keyIndex // built on first use
}

// keyIndex holds the keys by their first two bytes, with a bit for each
// pair that starts one; keys shorter than two bytes are searched for
// directly.
type keyIndex struct {
	pairs  [1 << 16 / 64]uint64
	byPair map[uint16][]string
	short  []string
}

func newKeySet(keys []string) keySet {
	return keySet{keys: keys, index: sync.OnceValue(func() *keyIndex {
		x := &keyIndex{byPair: map[uint16][]string{}}
		for _, k := range keys {
			if len(k) < 2 {
				x.short = append(x.short, k)
				continue
			}
			p := uint16(k[0])<<8 | uint16(k[1])
			x.pairs[p/64] |= 1 << (p % 64)
			x.byPair[p] = append(x.byPair[p], k)
		}
		return x
	})}
}

// any reports whether s holds one of the keys.
func (ks keySet) any(s string) bool {
	x := ks.index()
	for _, k := range x.short {
		if strings.Contains(s, k) {
			return true
		}
	}
	for i := 0; i+1 < len(s); i++ {
		p := uint16(s[i])<<8 | uint16(s[i+1])
		if x.pairs[p/64]&(1<<(p%64)) == 0 {
			continue
		}
		for _, k := range x.byPair[p] {
			if strings.HasPrefix(s[i:], k) {
				return true
			}
		}
	}
	return false
}

// MatchString reports whether s holds a key and matches the pattern.
func (g guarded) MatchString(s string) bool { return g.keys.any(s) && g.re().MatchString(s) }

// FindString is the regexp's leftmost match in s, or "".
func (g guarded) FindString(s string) string {
	if !g.keys.any(s) {
		return ""
	}
	return g.re().FindString(s)
}

// FindStringIndex is the location of the regexp's leftmost match in s,
// or nil.
func (g guarded) FindStringIndex(s string) []int {
	if !g.keys.any(s) {
		return nil
	}
	return g.re().FindStringIndex(s)
}

// twoKeys is a guarded pattern that also needs one of a second set of
// words: "paste the password into the ticket" needs a secret and a place.
type twoKeys struct {
	g    guarded
	more keySet
}

// MatchString reports whether s holds a key of each set and matches.
func (t twoKeys) MatchString(s string) bool { return t.more.any(s) && t.g.MatchString(s) }

// phrases matches text holding any of them: for patterns that are a list
// of fixed phrases, cheaper than a regexp and as exact.
type phrases struct{ keySet }

// phraseSet is a phrases matcher of ps, lower case.
func phraseSet(ps ...string) phrases { return phrases{newKeySet(ps)} }

// MatchString reports whether s holds one of the phrases.
func (ps phrases) MatchString(s string) bool { return ps.any(s) }

// affirmed reports whether re matches a sentence of text that does not
// negate it.
func affirmed(re matcher, text string) bool {
	if !re.MatchString(text) {
		return false
	}
	for _, s := range sentences(text) {
		if re.MatchString(s) && !negation.MatchString(s) {
			return true
		}
	}
	return false
}

// firstAffirmed is the first passage in which re is affirmed.
func firstAffirmed(re matcher, ps []passage) (passage, bool) {
	for _, p := range ps {
		if affirmed(re, p.text) {
			return p, true
		}
	}
	return passage{}, false
}

// anyMatch reports whether re matches any passage.
func anyMatch(re matcher, ps []passage) bool {
	return slices.ContainsFunc(ps, func(p passage) bool { return re.MatchString(p.text) })
}

// firstInRun reports, for each verification run, the first step for which
// match is true.
func firstInRun(steps []*sopgen.ProcStep, match func(*sopgen.ProcStep) bool, report func(*sopgen.ProcStep)) {
	for _, run := range verifyRuns(steps) {
		if i := slices.IndexFunc(run, match); i >= 0 {
			report(run[i])
		}
	}
}

// privileged names accounts that need a stricter path.
var privileged = lex("privileged", "admin", "admins", "administrator", "administrators", "administrative", "service account", "service accounts", "shared account", "shared accounts", "break-glass", "emergency access", "elevated", "domain admin", "global admin", "root")

// toolNames are admin tools, not admin accounts.
var toolNames = guard(`\badmin(istration|istrator)? (console|center|centre|portal|panel|page|tool|ui|dashboard|area|site|app)\b`, "admin")

// mentionsPrivileged reports whether text is about privileged accounts or
// access.
func mentionsPrivileged(lower string) bool {
	if !strings.Contains(lower, "admin") {
		return privileged.MatchString(lower)
	}
	return privileged.MatchString(toolNames.re().ReplaceAllString(lower, ""))
}

// leadingWord is the first word of the instruction of a step.
func leadingWord(text string) string {
	t := strings.ToLower(strings.TrimSpace(text))
	t = strings.TrimLeft(t, "-*0123456789. ")
	w, _, _ := strings.Cut(t, " ")
	return strings.Trim(w, ",:;.")
}
