package prose

import (
	"slices"
	"strings"
	"sync"
)

// Tense is when a clause places what it describes.
type Tense int

// The tenses a procedure note is written in.
const (
	Present Tense = iota // "reset the password", "the caller says"
	Past                 // "sent", "was confirmed", "could not verify"
	Perfect              // "has been reset"
)

// Mood is what a clause does with its verb.
type Mood int

// The moods of procedure language.
const (
	Imperative Mood = iota // an instruction: "Send the password"
	Indicative             // a report: "Password sent", "The caller confirmed"
	Modal                  // an obligation or possibility: "must be reset", "should verify"
)

// Clause is one clause of a sentence, read.
type Clause struct {
	Text    string   // the clause as written
	Subject []string // words before the verb, nil when none is written
	// SubjectText is the subject as written: "Temporary password".
	SubjectText string
	Verb        string // the verb as written: "sent", "confirmed", "sign"
	Stem        string // its base form: "send", "confirm", "sign"
	Particle    string // an adverb that belongs to the verb: "in", "back"
	// ParticleLate says the particle follows the object and is part of
	// Rest: "call the user back".
	ParticleLate bool
	Object       []string // the words after the verb and its particle
	// Rest is the text after the verb and its particle, as written.
	Rest    string
	Negated bool
	Passive bool
	Tense   Tense
	Mood    Mood
	Aux     string // the auxiliary or modal before the verb: "was", "could"
}

// Reading is a sentence read: its leading condition and its clauses.
type Reading struct {
	Condition string
	Clauses   []Clause
}

// First is the first clause that has a verb, or the zero Clause.
func (r Reading) First() Clause {
	for _, c := range r.Clauses {
		if c.Stem != "" {
			return c
		}
	}
	return Clause{}
}

// Reported reports whether the clause describes what happened (a past or
// perfect report, or a passive one) rather than telling the reader what to do.
func (c Clause) Reported() bool {
	return c.Stem != "" && c.Mood == Indicative && (c.Tense != Present || c.Passive)
}

// Read reads a sentence of procedure language.
func Read(text string) Reading {
	readCache.Lock()
	r, ok := readCache.m[text]
	readCache.Unlock()
	if ok {
		return r
	}
	r = read(text)
	readCache.Lock()
	if len(readCache.m) >= maxCached {
		readCache.m = map[string]Reading{} // bounded: start again
	}
	readCache.m[text] = r
	readCache.Unlock()
	return r
}

// readCache keeps the readings of recent sentences: a written step is read
// by several callers (its kind, its actions, whether it is data), and a
// linted folder repeats its phrases. Readings are never modified by their
// callers.
var readCache = struct {
	sync.Mutex
	m map[string]Reading
}{m: map[string]Reading{}}

// maxCached bounds readCache.
const maxCached = 8192

func read(text string) Reading {
	cond, main := Split(withoutLabel(withoutAsides(text)))
	r := Reading{Condition: cond}
	var subject []string
	for _, part := range clauses(main) {
		c := readClause(part)
		if c.Subject == nil && c.Mood == Indicative && subject != nil && !c.Passive {
			c.Subject = subject // "User signed in and set a new password"
		}
		if c.Subject != nil {
			subject = c.Subject
		}
		r.Clauses = append(r.Clauses, c)
	}
	return r
}

// withoutLabel drops a label before a colon that is no verb: "NOTE: Only
// selected methods display" is read as "Only selected methods display".
func withoutLabel(text string) string {
	t := strings.TrimLeft(text, " *_")
	for _, l := range []string{"note", "notes", "important", "tip", "warning", "caution", "nb", "n.b"} {
		if len(t) > len(l) && strings.EqualFold(t[:len(l)], l) && (t[len(l)] == ':' || strings.HasPrefix(t[len(l):], "**:") || strings.HasPrefix(t[len(l):], ":**")) {
			return strings.TrimLeft(t[len(l):], ":* ")
		}
	}
	return text
}

// withoutAsides drops what brackets hold: "Bypass code (single use, 1
// hour) went by SMS" is read as "Bypass code went by SMS".
func withoutAsides(text string) string {
	if !strings.Contains(text, "(") {
		return text
	}
	var b strings.Builder
	depth := 0
	for _, r := range text {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

type token struct {
	w          string // lowercase
	start, end int    // byte offsets in the clause text
}

func tokenize(s string) []token {
	var out []token
	start := -1
	isWord := func(r rune) bool {
		return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '\'' || r == '’' || r > 127 && r != '—' && r != '–'
	}
	for i, r := range s {
		if isWord(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, token{fold(s[start:i]), start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, token{fold(s[start:]), start, len(s)})
	}
	return out
}

// fold lower-cases a word and spells it one way: "e-mailed" is "emailed".
func fold(w string) string {
	w = strings.ReplaceAll(strings.ToLower(w), "’", "'")
	if strings.HasPrefix(w, "e-mail") {
		w = "email" + w[len("e-mail"):]
	}
	if full, ok := abbreviations[w]; ok {
		return full
	}
	return w
}

// abbreviations are the short forms agents write in notes: "temp pw
// texted", "new pwd set".
var abbreviations = map[string]string{"pwd": "password", "pw": "password", "passwd": "password", "pword": "password", "temp": "temporary", "req": "request", "msg": "message", "txt": "text", "txted": "texted"}

// clauses splits a main clause at semicolons and at "and" or "but" before a
// verb: "Called back the number; the user confirmed", "User signed in and
// set a new password".
func clauses(text string) []string {
	var out []string
	for _, part := range strings.Split(text, ";") {
		toks := tokenize(part)
		from, fromTok := 0, 0
		for i := 1; i+1 < len(toks); i++ {
			if i >= 2 && strings.Contains(part[toks[i-1].end:toks[i].start], ",") && (isBase(toks[i].w) || toks[i].w == "never" || toks[i].w == "don't" || toks[i].w == "do" && toks[i+1].w == "not") {
				// "Unsuspend the account, reset password, do not email
				// the password": instructions in a list, each its own.
				out = append(out, strings.TrimSpace(strings.TrimRight(strings.TrimSpace(part[from:toks[i].start]), ",")))
				from, fromTok = toks[i].start, i
				continue
			}
			if toks[i].w != "and" && toks[i].w != "but" && toks[i].w != "then" {
				continue
			}
			next := toks[i+1].w
			if next == "then" && i+2 < len(toks) {
				next = toks[i+2].w
			}
			// "Copy the password and give it to the user": a second
			// instruction, its verb before its object.
			// "… leave the e-mail address blank and click "Reset password"":
			// pressing a control, which is named without a determiner.
			instruction := isBase(next) && i+2 < len(toks) && (slices.Contains(determiners, toks[i+2].w) || slices.Contains(presses, next)) && isBase(toks[0].w) && i-fromTok >= 2
			if auxiliaries[next] != "" || isFinite(next) || instruction {
				out = append(out, strings.TrimSpace(part[from:toks[i].start]))
				from, fromTok = toks[i].end, i+1
			}
		}
		if p := strings.TrimSpace(part[from:]); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// presses are the verbs that press or pick a control on screen.
var presses = []string{"click", "select", "press", "tap", "choose"}

// fillers may stand before the verb of an instruction or report.
var fillers = []string{"then", "please", "now", "next", "finally", "first", "immediately", "always", "also", "afterwards", "later"}

// subordinators open a subordinate clause; a subject never runs past one.
var subordinators = []string{"if", "when", "unless", "because", "while", "until", "so", "that", "which", "who", "whether", "once", "before", "after"}

// determiners open a noun phrase.
var determiners = []string{"the", "a", "an", "their", "its", "his", "her", "my", "our", "your", "this", "that", "these", "those", "it", "them", "him", "they", "some", "any", "each", "every", "all", "both", "no"}

// auxiliaries map an auxiliary or modal to the tense it gives the clause.
var auxiliaries = map[string]string{
	"was": "past", "were": "past", "did": "past", "had": "past", "could": "past", "would": "modal",
	"is": "present", "are": "present", "am": "present", "does": "present", "do": "present", "be": "present", "being": "present",
	"has": "perfect", "have": "perfect", "been": "perfect",
	"can": "present", "must": "modal", "should": "modal", "shall": "modal", "will": "modal", "may": "modal", "might": "modal",
	"get": "present", "gets": "present", "got": "past",
}

var negations = []string{"not", "never", "n't", "cannot", "can't", "couldn't", "didn't", "wasn't", "weren't", "hasn't", "haven't", "isn't", "aren't", "doesn't", "don't", "won't", "unable", "failed"}

// causative reads "Have the user sign in …", "Get the caller to read the
// code back" as what they are: asking that person to do it ("Ask the user
// to sign in …"). Other text is returned as it is.
func causative(text string) string {
	verb, rest := nextWord(text)
	switch strings.ToLower(verb) {
	case "have", "get", "let":
	default:
		return text
	}
	ws := strings.Fields(rest)
	person := 0 // words naming the person
	switch {
	case len(ws) > 1 && slices.Contains([]string{"them", "him", "her"}, strings.ToLower(ws[0])):
		person = 1
	case len(ws) > 2 && (strings.EqualFold(ws[0], "the") || strings.EqualFold(ws[0], "your")) && slices.Contains(people, strings.ToLower(ws[1])) && !slices.Contains(agents, strings.ToLower(ws[1])):
		person = 2
	default:
		return text
	}
	v := person
	if strings.EqualFold(ws[v], "to") && v+1 < len(ws) {
		v++ // "Get the caller to read …"
	}
	if w := strings.ToLower(ws[v]); !baseVerbs()[w] && w != "sign" && w != "try" {
		return text
	}
	return "Ask " + strings.Join(ws[:person], " ") + " to " + strings.Join(ws[v:], " ")
}

func readClause(text string) Clause {
	text = causative(text)
	c := Clause{Text: text}
	toks := tokenize(text)
	i := 0
	for i < len(toks) && slices.Contains(fillers, toks[i].w) {
		i++
	}
	if i == len(toks) {
		return c
	}
	// An instruction or a terse report starts with its verb: "Reset the
	// password", "Verified the caller", "Called back the number".
	if v := toks[i].w; isVerb(v) && !adjective(toks[i:]) && !auxLead(toks[i:]) || thirdPersonLead(toks[i:]) {
		c.setVerb(toks, i, text)
		if isPast(v) && !isBase(v) {
			c.Mood, c.Tense = Indicative, Past
		}
		return c
	}
	// Otherwise a subject comes first, then auxiliaries, negation and the
	// verb: "Temporary password was sent", "Caller could not verify",
	// "User signed in".
	for j := i; j < len(toks) && j < i+6; j++ {
		w := toks[j].w
		if slices.Contains(subordinators, w) {
			// "Skip verification if the caller is a manager": a verb
			// this reader does not know, before a subordinate clause.
			return c
		}
		_, aux := auxiliaries[w]
		neg := slices.Contains(negations, w) || strings.HasSuffix(w, "n't")
		if !aux && !neg && !isFinite(w) {
			continue
		}
		if !aux && !neg && !isPast(w) && laterVerb(toks[j+1:]) {
			continue // "Work notes added": a plural noun, not "notes"
		}
		if j == i && !aux && !neg {
			continue // "Generated password was sent": an adjective
		}
		var subj []string
		if j > i {
			subj = words(toks[i:j])
			c.SubjectText = text[toks[i].start:toks[j-1].end]
		}
		c.Subject = subj
		c.Mood = Indicative
		tense := ""
		for ; j < len(toks); j++ {
			w := toks[j].w
			if t, ok := auxiliaries[w]; ok {
				if tense == "" || t == "perfect" {
					tense = t
				}
				if c.Aux == "" {
					c.Aux = w
				}
				if w == "was" || w == "were" || w == "is" || w == "are" || w == "be" || w == "been" || w == "being" || w == "get" || w == "gets" || w == "got" {
					c.Passive = true // until the verb says otherwise
				}
				continue
			}
			if tense != "" && adverb(w) {
				continue // "should only be approved", "must then verify"
			}
			if slices.Contains(negations, w) || strings.HasSuffix(w, "n't") {
				c.Negated = true
				if w == "unable" || w == "failed" {
					tense = orDefault(tense, "past")
					if j+1 < len(toks) && toks[j+1].w == "to" {
						j++
					}
				}
				if n, ok := auxiliaries[strings.TrimSuffix(w, "n't")]; ok && tense == "" {
					tense = n
				}
				continue
			}
			break
		}
		if j >= len(toks) {
			// "Caller is the CFO": a copula; read it as the verb "be".
			c.Stem, c.Verb, c.Passive = "be", c.Aux, false
			return c
		}
		c.setVerb(toks, j, text)
		if c.Passive && !isParticiple(c.Verb) {
			// "is the CFO", "was able", "are travelling": not a passive.
			if c.Aux == "is" || c.Aux == "are" || c.Aux == "was" || c.Aux == "were" {
				c.Stem, c.Verb, c.Particle = "be", c.Aux, ""
				c.Object = words(toks[j:])
				c.Rest = strings.TrimSpace(strings.TrimRight(text[toks[j].start:], ". "))
			}
			c.Passive = false
		}
		switch {
		case tense != "":
			c.Tense = map[string]Tense{"past": Past, "perfect": Perfect, "present": Present, "modal": Present}[tense]
			if tense == "modal" {
				c.Mood = Modal
			}
		case isPast(c.Verb) || isSameForm(c.Verb) && !strings.HasSuffix(c.Verb, "s"):
			c.Tense = Past
		}
		// "Temporary password sent by SMS": a participle after a thing,
		// with no auxiliary, is a passive report.
		// "Identity checked: caller quoted …": a colon after the verb opens
		// the details, not an object.
		labelled := strings.HasPrefix(strings.TrimSpace(text[min(len(text), verbEnd(text, c.Verb)):]), ":")
		if c.Aux == "" && isParticiple(c.Verb) && !isPerson(subj) && (len(c.Object) > 0 && slices.Contains(prepositions, c.Object[0]) || (len(c.Object) == 0 || labelled) && !intransitive()[c.Stem]) {
			c.Passive, c.Tense = true, Past
		}
		// "The code went out by SMS", "went to the registered mobile": a
		// thing that went somewhere was sent there.
		if c.Stem == "go" && len(subj) > 0 && !isPerson(subj) && (c.Particle == "out" || len(c.Object) > 0 && slices.Contains([]string{"out", "by", "via", "to", "over"}, c.Object[0])) {
			c.Stem, c.Passive, c.Tense = "send", true, Past
		}
		return c
	}
	return c
}

// verbEnd is the byte offset just after the first occurrence of verb as
// a word in text (case-insensitive), or len(text).
func verbEnd(text, verb string) int {
	for _, t := range tokenize(text) {
		if t.w == verb {
			return t.end
		}
	}
	return len(text)
}

// intransitive verbs say what a thing did, not what was done to it: "Code
// matched", "Sign-in worked" are no passives, "Account unlocked" is.
var intransitive = set(`match work fail expire arrive succeed time happen occur lapse bounce pass end start finish stop hang`)

// prepositions open the phrase after a passive participle: "sent by SMS".
var prepositions = []string{"by", "to", "for", "with", "via", "in", "on", "at", "from", "over", "through", "under", "into", "as", "after", "before", "during", "within"}

func (c *Clause) setVerb(toks []token, j int, text string) {
	c.Verb = toks[j].w
	c.Stem = Stem(c.Verb)
	k := j + 1
	if k < len(toks) && phrasal()[c.Stem+" "+toks[k].w] {
		c.Particle = toks[k].w
		k++
	} else {
		// A particle after a short object: "Called the user back".
		for m := k + 1; m < len(toks) && m <= k+3; m++ {
			if phrasal()[c.Stem+" "+toks[m].w] {
				c.Particle, c.ParticleLate = toks[m].w, true
				break
			}
		}
	}
	c.Object = words(toks[k:])
	if k < len(toks) {
		c.Rest = strings.TrimSpace(strings.TrimRight(text[toks[k].start:], ". "))
	}
}

// thirdPersonLead reports a clause led by a verb's third-person form with
// no subject: a role's duty written as the role does it ("Agent: resets
// the password", "records in the ticket who was added"). The form must be
// followed by its object or a preposition, and no auxiliary may follow
// before a relative clause: "Logs in the ticket are kept" and "Changes
// take effect" are about nouns.
func thirdPersonLead(toks []token) bool {
	w := toks[0].w
	if len(toks) < 2 || isPast(w) || isBase(w) || !isFinite(w) {
		return false
	}
	switch toks[1].w {
	case "the", "a", "an", "their", "his", "her", "its", "this", "that", "all", "any", "each", "every", "them", "it", "him", "in", "on", "to", "into", "with":
	default:
		return false
	}
	for _, t := range toks[1:] {
		if t.w == "who" || t.w == "which" || t.w == "whom" || t.w == "whose" {
			break
		}
		if _, aux := auxiliaries[t.w]; aux {
			return false
		}
	}
	return true
}

// laterVerb reports an auxiliary or a past form right after an -s form,
// which makes the -s form a plural noun: "Work notes added".
func laterVerb(toks []token) bool {
	if len(toks) == 0 {
		return false
	}
	w := toks[0].w
	_, aux := auxiliaries[w]
	return aux || isPast(w) && !sameForm()[w]
}

// auxLead reports an auxiliary that opens a clause with no subject: "Did
// not reset", "Could not verify", "Was sent".
func auxLead(toks []token) bool {
	if _, ok := auxiliaries[toks[0].w]; !ok || len(toks) < 2 {
		return false
	}
	n := toks[1].w
	return slices.Contains(negations, n) || strings.HasSuffix(n, "n't") || isVerb(n)
}

// adjective reports a past form that describes the noun after it rather
// than leading the clause: "Generated password was sent".
func adjective(toks []token) bool {
	if !isPast(toks[0].w) || isBase(toks[0].w) || len(toks) < 3 || slices.Contains(determiners, toks[1].w) {
		return false
	}
	for k := 1; k < len(toks) && k <= 3; k++ {
		switch toks[k].w {
		case "was", "were", "is", "are", "has", "have", "had":
			return true
		}
	}
	return false
}

func words(toks []token) []string {
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		out = append(out, t.w)
	}
	return out
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// people are the words that make a subject a person who acts.
var people = []string{"i", "we", "you", "he", "she", "they", "caller", "user", "requester", "customer", "employee", "agent", "analyst", "technician", "manager", "approver", "lead", "director", "member", "owner", "person", "someone", "staff", "colleague", "supervisor", "admin", "administrator"}

// Agents are the people who report their own work in a note.
var agents = []string{"i", "we", "agent", "analyst", "technician"}

func isPerson(subject []string) bool {
	return slices.ContainsFunc(subject, func(w string) bool {
		return slices.Contains(people, w) || slices.Contains(people, strings.TrimSuffix(w, "s"))
	})
}

// ByAgent reports whether the clause says the writer did it: no subject (a
// terse note: "Sent the code"), a first person, the agent, or a passive.
func (c Clause) ByAgent() bool {
	if c.Passive || len(c.Subject) == 0 {
		return true
	}
	return slices.ContainsFunc(c.Subject, func(w string) bool { return slices.Contains(agents, w) })
}

// ByPerson reports whether a person other than the writer did it: "Caller
// confirmed …", "The user signed in".
func (c Clause) ByPerson() bool {
	return !c.Passive && len(c.Subject) > 0 && !c.ByAgent() && isPerson(c.Subject)
}

// adverb reports a word that stands between an auxiliary and its verb
// without being either: "only", "then", "additionally", "immediately".
func adverb(w string) bool {
	switch w {
	case "only", "then", "also", "always", "first", "now", "still", "just", "again", "ever", "already", "usually", "often", "soon":
		return true
	case "apply", "reply", "supply", "rely", "comply", "multiply", "ally", "fly":
		return false
	}
	return len(w) > 4 && strings.HasSuffix(w, "ly")
}
