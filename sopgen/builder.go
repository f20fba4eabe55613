package sopgen

import (
	"fmt"
	"strings"
)

// Builder assembles the procedure of a Document read from text (a YAML
// template or a Markdown SOP): it numbers phases and steps, classifies
// each step from its words, and gives each a stable id.
type Builder struct {
	d   *Document
	voc *Vocabulary
	// flat is set while the only phase is the one Step started for steps
	// under no heading: its steps are numbered 1, 2, 3, not 1.1, 1.2.
	flat bool
}

// NewBuilder returns a Builder adding phases to d; nil voc means the
// built-in vocabulary.
func NewBuilder(d *Document, voc *Vocabulary) *Builder {
	if voc == nil {
		voc = DefaultVocabulary()
	}
	return &Builder{d: d, voc: voc}
}

// Phase starts a new phase. An untitled phase is called "Procedure".
func (b *Builder) Phase(title string, line int) {
	if title == "" {
		title = "Procedure"
	}
	if b.flat {
		// Steps came before the first phase heading: they are phase 1
		// after all, and numbered as such.
		b.flat = false
		for i, s := range b.d.Phases[0].Steps {
			s.Number = fmt.Sprintf("1.%d", i+1)
		}
	}
	b.d.Phases = append(b.d.Phases, Phase{Title: title, Line: line})
}

// Step adds a step to the current phase (starting one when there is none)
// and returns it classified; callers may override what it read.
func (b *Builder) Step(text []Span, role string, line int) *ProcStep {
	if len(b.d.Phases) == 0 {
		b.Phase("", line)
		b.flat = true
	}
	ph := &b.d.Phases[len(b.d.Phases)-1]
	s := &ProcStep{
		Text:   text,
		Role:   strings.TrimSpace(role),
		Number: fmt.Sprintf("%d.%d", len(b.d.Phases), len(ph.Steps)+1),
		Loc:    Location{File: b.d.Source, Line: line},
	}
	if b.flat {
		s.Number = fmt.Sprintf("%d", len(ph.Steps)+1)
	}
	c := b.voc.ClassifyText(s.Plain())
	s.Kind, s.Method, s.Channel, s.Outcome = c.Kind, c.Method, c.Channel, c.Outcome
	ph.Steps = append(ph.Steps, s)
	return s
}

// Finish gives every step its stable id, and steps with no role the first
// role under Roles that is not the account owner's.
func (b *Builder) Finish() {
	def := ""
	for _, r := range b.d.Roles {
		if n := strings.ToLower(r.Name); n != "user" && n != "account owner" && n != "requester" && n != "caller" {
			def = r.Name
			break
		}
	}
	seen := map[uint32]int{}
	for _, s := range b.d.Steps() {
		if s.Role == "" {
			s.Role = def
		}
		s.ID = stableID(s, seen)
	}
}

// ParseSpans reads the **bold** runs of a written step as the names of
// things on screen.
func ParseSpans(text string) []Span {
	var out []Span
	parts := strings.Split(text, "**")
	if len(parts)%2 == 0 { // unbalanced: keep the text as written
		return []Span{{Text: text}}
	}
	for i, p := range parts {
		if p != "" {
			out = append(out, Span{Text: p, Strong: i%2 == 1})
		}
	}
	return out
}
