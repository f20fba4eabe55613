package sopgen

import (
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"

	"github.com/stepwise-sop/stepwise/sopgen/prose"
)

// Vocabulary is the data that classifies steps: terms that mark a step's
// kind, verification method, outcome and delivery channel, and the patterns
// that turn record-specific ticket numbers into general words. It is data so
// a team can extend it for its own tools without code.
type Vocabulary struct {
	Entries  []VocabEntry   `json:"entries"`
	Outcomes []OutcomeEntry `json:"outcomes"`
	Channels []ChannelEntry `json:"channels"`
	Tickets  []TicketEntry  `json:"tickets"`
	Verbs    []VerbEntry    `json:"verbs"`

	Comment string `json:"comment,omitempty"`

	compiled []compiledEntry
	outcomes [][]term
	channels [][]term
	tickets  []*regexp.Regexp
	// ticketNeeds[i] is what every match of tickets[i] holds.
	ticketNeeds []needs
	// textCache keeps ClassifyText's recent answers (a written step is
	// classified by several readers); cacheMu guards it.
	cacheMu   sync.Mutex
	textCache map[string]Classification
	objects   [][][]string
}

// VerbEntry classifies a written step by its leading verb. When Objects is
// set, one of them must also occur in the step's main clause.
type VerbEntry struct {
	Kind    Kind     `json:"kind"`
	Verbs   []string `json:"verbs"`
	Objects []string `json:"objects,omitempty"`
}

// VocabEntry maps terms to a step kind and, for verification, a method.
type VocabEntry struct {
	Kind   Kind     `json:"kind"`
	Method string   `json:"method,omitempty"`
	Terms  []string `json:"terms"`
}

// OutcomeEntry maps terms to a verification outcome.
type OutcomeEntry struct {
	Outcome string   `json:"outcome"`
	Terms   []string `json:"terms"`
}

// ChannelEntry maps terms to a delivery channel.
type ChannelEntry struct {
	Channel string   `json:"channel"`
	Terms   []string `json:"terms"`
}

// TicketEntry replaces a record-specific reference with a general one.
type TicketEntry struct {
	Pattern string `json:"pattern"`
	Replace string `json:"replace"`
	// Except lists prefixes of matches that are not tickets (the key
	// pattern of issue trackers, PROJECT-123, also matches SHA-256).
	Except []string `json:"except,omitempty"`
}

type compiledEntry struct {
	VocabEntry
	terms []term
}

// term is a set of phrases that must all occur.
type term [][]string

var (
	defaultVocabOnce sync.Once
	defaultVocab     *Vocabulary
)

// DefaultVocabulary returns the built-in vocabulary, shared and read-only.
func DefaultVocabulary() *Vocabulary {
	defaultVocabOnce.Do(func() {
		// vocabulary.json, as Go data (vocabulary_gen.go).
		if err := builtinVocabulary.compile(); err != nil {
			panic("sopgen: built-in vocabulary: " + err.Error())
		}
		defaultVocab = &builtinVocabulary
	})
	return defaultVocab
}

// LoadVocabulary reads a vocabulary in the JSON form of vocabulary.json and
// returns it placed before the built-in one, so its entries win.
func LoadVocabulary(r io.Reader) (*Vocabulary, error) {
	ext, err := decodeVocabulary(r)
	if err != nil {
		return nil, err
	}
	base := DefaultVocabulary()
	merged := &Vocabulary{
		Entries:  append(append([]VocabEntry{}, ext.Entries...), base.Entries...),
		Outcomes: append(append([]OutcomeEntry{}, ext.Outcomes...), base.Outcomes...),
		Channels: append(append([]ChannelEntry{}, ext.Channels...), base.Channels...),
		Tickets:  append(append([]TicketEntry{}, ext.Tickets...), base.Tickets...),
		Verbs:    append(append([]VerbEntry{}, ext.Verbs...), base.Verbs...),
	}
	if err := merged.compile(); err != nil {
		return nil, err
	}
	return merged, nil
}

func decodeVocabulary(r io.Reader) (*Vocabulary, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var v Vocabulary
	if err := dec.Decode(&v); err != nil {
		return nil, fmt.Errorf("decode vocabulary: %w", err)
	}
	if err := v.compile(); err != nil {
		return nil, err
	}
	return &v, nil
}

var kinds = []Kind{KindIntake, KindVerify, KindAccess, KindDeliver, KindConfirm, KindNotify, KindLog, KindApprove, KindEscalate, KindOther}

func (v *Vocabulary) compile() error {
	v.compiled = v.compiled[:0]
	for i, e := range v.Entries {
		if !slices.Contains(kinds, e.Kind) {
			return fmt.Errorf("vocabulary entries[%d]: unknown kind %q", i, e.Kind)
		}
		v.compiled = append(v.compiled, compiledEntry{e, compileTerms(e.Terms)})
	}
	v.outcomes = v.outcomes[:0]
	for _, o := range v.Outcomes {
		v.outcomes = append(v.outcomes, compileTerms(o.Terms))
	}
	v.channels = v.channels[:0]
	for _, c := range v.Channels {
		v.channels = append(v.channels, compileTerms(c.Terms))
	}
	v.objects = v.objects[:0]
	for i, e := range v.Verbs {
		if !slices.Contains(kinds, e.Kind) {
			return fmt.Errorf("vocabulary verbs[%d]: unknown kind %q", i, e.Kind)
		}
		var objs [][]string
		for _, o := range e.Objects {
			objs = append(objs, strings.Fields(strings.ToLower(o)))
		}
		v.objects = append(v.objects, objs)
	}
	v.tickets, v.ticketNeeds = v.tickets[:0], v.ticketNeeds[:0]
	for i, t := range v.Tickets {
		re, err := regexp.Compile(t.Pattern)
		if err != nil {
			return fmt.Errorf("vocabulary tickets[%d]: %w", i, err)
		}
		v.tickets = append(v.tickets, re)
		v.ticketNeeds = append(v.ticketNeeds, needsOf(t.Pattern))
	}
	return nil
}

// needs is what every match of a ticket pattern holds, so that text
// without it is passed over without running the pattern: trying the
// patterns on every name, page and choice was a third of composing a long
// recording.
type needs struct {
	digit bool
	// lits: one of these literals; lower: compared with the text
	// lower-cased (the pattern ignores case).
	lits  []string
	lower bool
}

// needsOf reads what pattern needs from its syntax tree.
func needsOf(pattern string) needs {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return needs{}
	}
	re = re.Simplify()
	lits, lower, _ := requiredLiterals(re)
	return needs{digit: requiresDigit(re), lits: lits, lower: lower}
}

// met reports whether s (and lower, s lower-cased, made on first need)
// may hold a match.
func (n needs) met(s string, digits bool, lower func() string) bool {
	if n.digit && !digits {
		return false
	}
	if len(n.lits) == 0 {
		return true
	}
	if n.lower {
		if !isASCII(s) {
			return true // Unicode case folding (ſ for s, K for k) is the pattern's to judge
		}
		s = lower()
	}
	return slices.ContainsFunc(n.lits, func(lit string) bool { return strings.Contains(s, lit) })
}

// requiresDigit reports whether every match of re holds an ASCII digit.
func requiresDigit(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpLiteral:
		return strings.ContainsAny(string(re.Rune), "0123456789")
	case syntax.OpCharClass:
		// A class of digits only: [0-9], \d, [1-9].
		for i := 0; i+1 < len(re.Rune); i += 2 {
			if re.Rune[i] < '0' || re.Rune[i+1] > '9' {
				return false
			}
		}
		return len(re.Rune) > 0
	case syntax.OpCapture, syntax.OpPlus:
		return requiresDigit(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min > 0 && requiresDigit(re.Sub[0])
	case syntax.OpConcat:
		return slices.ContainsFunc(re.Sub, requiresDigit)
	case syntax.OpAlternate:
		return !slices.ContainsFunc(re.Sub, func(s *syntax.Regexp) bool { return !requiresDigit(s) })
	}
	return false
}

// requiredLiterals returns literals one of which every match of re holds
// (lower-cased if any of them ignores case), or ok false when there are
// none to be sure of.
func requiredLiterals(re *syntax.Regexp) (lits []string, lower, ok bool) {
	switch re.Op {
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return []string{strings.ToLower(string(re.Rune))}, true, true
		}
		return []string{string(re.Rune)}, false, true
	case syntax.OpCapture, syntax.OpPlus:
		return requiredLiterals(re.Sub[0])
	case syntax.OpRepeat:
		if re.Min == 0 {
			return nil, false, false
		}
		return requiredLiterals(re.Sub[0])
	case syntax.OpConcat:
		// The longest literal any part requires alone.
		best := -1
		for _, sub := range re.Sub {
			l, lw, ok := requiredLiterals(sub)
			if ok && len(l) == 1 && len(l[0]) > best {
				lits, lower, best = l, lw, len(l[0])
			}
		}
		if best > 0 {
			return lits, lower, true
		}
		for _, sub := range re.Sub {
			if l, lw, ok := requiredLiterals(sub); ok {
				return l, lw, true
			}
		}
		return nil, false, false
	case syntax.OpAlternate:
		for _, sub := range re.Sub {
			l, lw, ok := requiredLiterals(sub)
			if !ok {
				return nil, false, false
			}
			lits, lower = append(lits, l...), lower || lw
		}
		if lower {
			for i := range lits {
				lits[i] = strings.ToLower(lits[i])
			}
		}
		return lits, lower, len(lits) > 0
	}
	return nil, false, false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// hasDigit reports whether s holds an ASCII digit.
func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

func compileTerms(ts []string) []term {
	out := make([]term, 0, len(ts))
	for _, t := range ts {
		var tm term
		for _, part := range strings.Split(strings.ToLower(t), "+") {
			if f := strings.Fields(part); len(f) > 0 {
				tm = append(tm, f)
			}
		}
		if len(tm) > 0 {
			out = append(out, tm)
		}
	}
	return out
}

// words splits text into lowercase words as every reader of procedure
// language does (prose.Tokens): "sign-in" and "caller's" stay whole.
func words(s string) []string { return prose.Tokens(s) }

// matches reports whether every phrase of t occurs in ws.
func (t term) matches(ws []string) bool {
	for _, phrase := range t {
		if !hasPhrase(ws, phrase) {
			return false
		}
	}
	return true
}

func hasPhrase(ws, phrase []string) bool {
outer:
	for i := 0; i+len(phrase) <= len(ws); i++ {
		for j, p := range phrase {
			if ws[i+j] != p {
				continue outer
			}
		}
		return true
	}
	return false
}

func anyTerm(ts []term, ws []string) bool {
	for _, t := range ts {
		if t.matches(ws) {
			return true
		}
	}
	return false
}

// classify returns the first entry matching the words, or nil.
func (v *Vocabulary) classify(ws []string) *VocabEntry {
	for i := range v.compiled {
		if anyTerm(v.compiled[i].terms, ws) {
			return &v.compiled[i].VocabEntry
		}
	}
	return nil
}

func (v *Vocabulary) outcome(ws []string) string {
	for i, ts := range v.outcomes {
		if anyTerm(ts, ws) {
			return v.Outcomes[i].Outcome
		}
	}
	return ""
}

func (v *Vocabulary) channel(ws []string) string {
	ws = withStems(ws) // "emailed", "texted"
	for i, ts := range v.channels {
		if anyTerm(ts, ws) {
			return v.Channels[i].Channel
		}
	}
	return ""
}

// generalize replaces ticket references with general words.
func (v *Vocabulary) generalize(s string) string {
	digits := hasDigit(s)
	var low string
	lower := func() string {
		if low == "" {
			low = strings.ToLower(s)
		}
		return low
	}
	for i, re := range v.tickets {
		t := v.Tickets[i]
		if !v.ticketNeeds[i].met(s, digits, lower) {
			continue
		}
		if len(t.Except) == 0 {
			if r := re.ReplaceAllString(s, t.Replace); r != s {
				s, low, digits = r, "", hasDigit(r)
			}
			continue
		}
		s = re.ReplaceAllStringFunc(s, func(m string) string {
			for _, e := range t.Except {
				if strings.HasPrefix(m, e) {
					return m
				}
			}
			return re.ReplaceAllString(m, t.Replace)
		})
		low, digits = "", hasDigit(s)
	}
	// "#INC-2058" is "the incident", not "#the incident".
	return strings.ReplaceAll(s, "#the ", "the ")
}
