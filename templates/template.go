package templates

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// File is the YAML form of a template (schema/template.schema.json).
type File struct {
	Metadata   Metadata    `yaml:"metadata"`
	Purpose    string      `yaml:"purpose"`
	Scope      Scope       `yaml:"scope"`
	Roles      []Role      `yaml:"roles"`
	Policy     Policy      `yaml:"policy"`
	Procedure  []Phase     `yaml:"procedure"`
	Exceptions []Exception `yaml:"exceptions"`
	Records    []Record    `yaml:"records"`
}

// Metadata identifies and governs the SOP.
type Metadata struct {
	ID         string `yaml:"id"`
	Title      string `yaml:"title"`
	Version    string `yaml:"version"`
	Owner      string `yaml:"owner"`
	Approver   string `yaml:"approver"`
	Effective  string `yaml:"effective"`
	NextReview string `yaml:"next_review"`
}

// Scope says which accounts and requests the SOP covers and which it does
// not (privileged, service and shared accounts said explicitly).
type Scope struct {
	Covers   string `yaml:"covers"`
	Excludes string `yaml:"excludes"`
}

// Role is one role and its duties.
type Role struct {
	Name   string `yaml:"name"`
	Duties string `yaml:"duties"`
}

// Policy holds the approved verification methods and delivery channels.
type Policy struct {
	VerificationMethods []string `yaml:"verification_methods"`
	DeliveryChannels    []string `yaml:"delivery_channels"`
	MaxAttempts         int      `yaml:"max_attempts"`
	ResetsPerDay        int      `yaml:"resets_per_day"`
	LinkLifetime        string   `yaml:"link_lifetime"`
	Retention           string   `yaml:"retention"`
}

// Phase is a titled group of steps.
type Phase struct {
	Phase string `yaml:"phase"`
	Role  string `yaml:"role"` // default role of its steps
	Steps []Step `yaml:"steps"`
}

// Step is one instruction. Kind, method and channel are read from the text
// when not given.
type Step struct {
	Text    string `yaml:"text"`
	Role    string `yaml:"role"`
	System  string `yaml:"system"`
	Kind    string `yaml:"kind"`
	Method  string `yaml:"method"`
	Channel string `yaml:"channel"`
	// OnFailure names the exception taken when this step's check fails.
	OnFailure string `yaml:"on_failure"`
}

// Exception is an alternative path.
type Exception struct {
	ID                 string `yaml:"id"`
	When               string `yaml:"when"`
	Then               string `yaml:"then"`
	FailedVerification bool   `yaml:"failed_verification"`
}

// Record is evidence kept and where.
type Record struct {
	What      string `yaml:"what"`
	Where     string `yaml:"where"`
	Retention string `yaml:"retention"` // how long it is kept
}

// ErrInvalid is matched by every error about a malformed template or SOP.
var ErrInvalid = errors.New("invalid SOP source")

// Problem is one thing wrong with a source, at a line (0 when unknown).
type Problem struct {
	Line   int
	Reason string
}

// InputError lists what is wrong with one source file. It matches
// ErrInvalid.
type InputError struct {
	File     string
	Problems []Problem
}

func (e *InputError) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteString("\n")
		}
		if p.Line > 0 {
			fmt.Fprintf(&b, "%s:%d: %s", e.File, p.Line, p.Reason)
		} else {
			fmt.Fprintf(&b, "%s: %s", e.File, p.Reason)
		}
	}
	return b.String()
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *InputError) Is(target error) bool { return target == ErrInvalid }

// Load reads a template file for generate: the reviewed text a generated
// SOP takes in place of derived defaults.
func Load(path string) (*sopgen.Template, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read template: %w", err)
	}
	f, _, err := Decode(path, data)
	if err != nil {
		return nil, err
	}
	return f.Template(path), nil
}

// Lookup returns the template named by ref: a built-in template's name
// (see Names) or a file path.
func Lookup(ref string) (*sopgen.Template, error) {
	if data, ok := Builtin(ref); ok {
		f, _, err := Decode(ref, data)
		if err != nil {
			return nil, err
		}
		return f.Template(ref), nil
	}
	if _, err := os.Stat(ref); err != nil && !strings.ContainsAny(ref, `/\.`) {
		return nil, fmt.Errorf("no built-in template %q (built-in: %s)", ref, strings.Join(Names(), ", "))
	}
	return Load(ref)
}

// Decode decodes a template strictly: an unknown key, a wrong type or a
// value outside an enumeration is an error naming name:line. It also
// returns the YAML node tree, whose lines Document uses.
func Decode(name string, data []byte) (*File, *yaml.Node, error) {
	if err := checkText(name, data); err != nil {
		return nil, nil, err
	}
	root, err := YAMLTree(name, data)
	if err != nil {
		return nil, nil, err
	}
	// Decoded from the bytes again rather than from root: only a Decoder
	// rejects unknown keys. The tree is within the limits, so this is too.
	var f File
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, nil, &InputError{File: name, Problems: capProblems(YAMLProblems(err))}
	}
	if probs := f.validate(root); len(probs) > 0 {
		return nil, nil, &InputError{File: name, Problems: capProblems(probs)}
	}
	return &f, root, nil
}

// checkText rejects what no parser should see: invalid UTF-8 and NUL bytes.
func checkText(name string, data []byte) error {
	line := 1
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size == 1 {
			return &InputError{File: name, Problems: []Problem{{Line: line, Reason: "the file is not valid UTF-8"}}}
		}
		if r == 0 {
			return &InputError{File: name, Problems: []Problem{{Line: line, Reason: "the file contains a NUL byte; it is not a text file"}}}
		}
		if r == '\n' {
			line++
		}
		i += size
	}
	return nil
}

var (
	yamlLine = lazyRegexp(`^(?:yaml: )?line (\d+): (.*)$`)
	goType   = lazyRegexp(`\bin type \w+\.`) // "in type templates.Step": the Go package means nothing to a reader
)

// YAMLProblems turns the errors of yaml.v3 ("yaml: line 3: …", one per
// problem for a type error) into problems with lines, in the words of the
// file rather than of the Go types it decodes into.
func YAMLProblems(err error) []Problem {
	var msgs []string
	var te *yaml.TypeError
	if errors.As(err, &te) {
		msgs = te.Errors
	} else {
		msgs = []string{err.Error()}
	}
	var out []Problem
	for _, m := range msgs {
		if sm := yamlLine().FindStringSubmatch(m); sm != nil {
			n, _ := strconv.Atoi(sm[1])
			out = append(out, Problem{Line: n, Reason: goType().ReplaceAllString(sm[2], "in ")})
			continue
		}
		out = append(out, Problem{Reason: strings.TrimPrefix(m, "yaml: ")})
	}
	return out
}

// Kinds a step may declare.
var stepKinds = []string{"intake", "verify", "access", "deliver", "confirm", "notify", "log", "approve", "escalate", "other"}

func (f *File) validate(root *yaml.Node) []Problem {
	// The decoder drops empty list items ("-" alone), which would shift
	// every later item's line: they are errors.
	var probs []Problem
	seqs := []*yaml.Node{child(root, "procedure"), child(root, "roles"), child(root, "exceptions"), child(root, "records")}
	if p := child(root, "procedure"); p != nil && p.Kind == yaml.SequenceNode {
		for _, ph := range p.Content {
			seqs = append(seqs, child(ph, "steps"))
		}
	}
	for _, seq := range seqs {
		if seq == nil || seq.Kind != yaml.SequenceNode {
			continue
		}
		for _, item := range seq.Content {
			if item.Kind == yaml.ScalarNode && item.Tag == "!!null" {
				probs = append(probs, Problem{Line: item.Line, Reason: "an empty list item"})
			}
		}
	}
	if len(probs) > 0 {
		return probs
	}
	proc := child(root, "procedure")
	ids := map[string]bool{}
	for i, e := range f.Exceptions {
		ids[exceptionID(e, i)] = true
		if strings.TrimSpace(e.When) == "" || strings.TrimSpace(e.Then) == "" {
			probs = append(probs, Problem{Line: lineOf(index(child(root, "exceptions"), i)), Reason: "an exception needs both when and then"})
		}
	}
	for i, ph := range f.Procedure {
		phNode := index(proc, i)
		for j, s := range ph.Steps {
			sn := index(child(phNode, "steps"), j)
			if strings.TrimSpace(s.Text) == "" {
				probs = append(probs, Problem{Line: lineOf(sn), Reason: "a step needs text"})
			}
			if s.Kind != "" && !slices.Contains(stepKinds, s.Kind) {
				probs = append(probs, Problem{Line: lineOf(child(sn, "kind")), Reason: fmt.Sprintf("kind must be one of %s", strings.Join(stepKinds, ", "))})
			}
			if s.OnFailure != "" && !ids[s.OnFailure] {
				probs = append(probs, Problem{Line: lineOf(child(sn, "on_failure")), Reason: fmt.Sprintf("on_failure names no exception (ids: %s)", strings.Join(sortedKeys(ids), ", "))})
			}
		}
	}
	for i, r := range f.Roles {
		if strings.TrimSpace(r.Name) == "" {
			probs = append(probs, Problem{Line: lineOf(index(child(root, "roles"), i)), Reason: "a role needs a name"})
		}
	}
	return probs
}

func exceptionID(e Exception, i int) string {
	if e.ID != "" {
		return e.ID
	}
	return "exception-" + strconv.Itoa(i+1)
}

// Template is the part of f a generated SOP takes from a template.
func (f *File) Template(name string) *sopgen.Template {
	t := &sopgen.Template{
		Name:    name,
		Purpose: strings.TrimSpace(f.Purpose),
		Scope:   f.Scope.text(),
		Meta:    f.Metadata.meta(),
		Policy: sopgen.Policy{
			VerificationMethods: f.Policy.VerificationMethods,
			DeliveryChannels:    f.Policy.DeliveryChannels,
			MaxAttempts:         f.Policy.MaxAttempts,
			ResetsPerDay:        f.Policy.ResetsPerDay,
			LinkLifetime:        strings.TrimSpace(f.Policy.LinkLifetime),
			Retention:           strings.TrimSpace(f.Policy.Retention),
		},
	}
	for _, r := range f.Roles {
		t.Roles = append(t.Roles, sopgen.Role{Name: r.Name, Duties: strings.TrimSpace(r.Duties)})
	}
	for i, e := range f.Exceptions {
		t.Exceptions = append(t.Exceptions, e.exception(i))
	}
	for _, r := range f.Records {
		t.Records = append(t.Records, sopgen.Record{What: strings.TrimSpace(r.What), Where: strings.TrimSpace(r.Where), Retention: strings.TrimSpace(r.Retention)})
	}
	return t
}

func (m Metadata) meta() sopgen.Metadata {
	return sopgen.Metadata{
		ID: m.ID, Title: m.Title, Version: m.Version, Owner: m.Owner, Approver: m.Approver,
		Effective: m.Effective, NextReview: m.NextReview,
	}
}

func (s Scope) text() string {
	parts := []string{strings.TrimSpace(s.Covers), strings.TrimSpace(s.Excludes)}
	if parts[1] == "" {
		return parts[0]
	}
	if parts[0] == "" {
		return parts[1]
	}
	return parts[0] + "\n\n" + parts[1]
}

func (e Exception) exception(i int) sopgen.Exception {
	return sopgen.Exception{
		ID:                 exceptionID(e, i),
		Trigger:            strings.TrimSpace(e.When),
		Action:             strings.TrimSpace(e.Then),
		FailedVerification: e.FailedVerification,
	}
}

// Document builds the SOP a template describes, with the line of every
// part, for the rules. voc classifies steps that do not declare a kind;
// nil means the built-in vocabulary.
func (f *File) Document(name string, root *yaml.Node, voc *sopgen.Vocabulary) *sopgen.Document {
	if voc == nil {
		voc = sopgen.DefaultVocabulary()
	}
	t := f.Template(name)
	d := &sopgen.Document{
		Source:   name,
		Meta:     t.Meta,
		Purpose:  sopgen.Section{Text: t.Purpose, Line: lineOf(child(root, "purpose"))},
		Scope:    sopgen.Section{Text: t.Scope, Line: lineOf(child(root, "scope"))},
		Policy:   sopgen.DefaultPolicy().Merge(t.Policy),
		Headings: map[string]int{},
	}
	d.Meta.Line = lineOf(child(root, "metadata"))
	for sec, key := range map[string]string{"Purpose": "purpose", "Scope": "scope", "Roles": "roles", "Procedure": "procedure", "Exceptions": "exceptions", "Records": "records"} {
		d.Headings[sec] = keyLine(root, key)
	}
	for i, r := range t.Roles {
		r.Line = lineOf(index(child(root, "roles"), i))
		d.Roles = append(d.Roles, r)
	}
	for i, e := range t.Exceptions {
		e.Line = lineOf(index(child(root, "exceptions"), i))
		d.Exceptions = append(d.Exceptions, e)
	}
	for i, r := range t.Records {
		r.Line = lineOf(index(child(root, "records"), i))
		d.Records = append(d.Records, r)
	}
	b := sopgen.NewBuilder(d, voc)
	for i, ph := range f.Procedure {
		phNode := index(child(root, "procedure"), i)
		b.Phase(strings.TrimSpace(ph.Phase), lineOf(phNode))
		for j, s := range ph.Steps {
			role := s.Role
			if role == "" {
				role = ph.Role
			}
			st := b.Step(sopgen.ParseSpans(strings.TrimSpace(s.Text)), role, lineOf(index(child(phNode, "steps"), j)))
			st.System = s.System
			if s.Kind != "" {
				st.Kind = sopgen.Kind(s.Kind)
			}
			if s.Method != "" {
				st.Method = s.Method
			}
			if s.Channel != "" {
				st.Channel = s.Channel
			}
			if s.OnFailure != "" {
				st.Branches = append(st.Branches, sopgen.Branch{When: "the check fails", Goto: s.OnFailure})
			}
		}
	}
	b.Finish()
	return d
}

// ParseYAML reads a YAML template or SOP as a Document for the rules.
func ParseYAML(name string, data []byte, voc *sopgen.Vocabulary) (*sopgen.Document, error) {
	f, root, err := Decode(name, data)
	if err != nil {
		return nil, err
	}
	d := f.Document(name, root, voc)
	d.Suppressions = sopgen.ScanSuppressions(data)
	return d, nil
}

// YAMLChild returns the value of key in mapping n (the document node is
// looked through), or nil: for readers of YAMLTree's tree that report lines.
func YAMLChild(n *yaml.Node, key string) *yaml.Node { return child(n, key) }

// child returns the value of key in mapping n (the document node is
// looked through), or nil.
func child(n *yaml.Node, key string) *yaml.Node {
	n = body(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// keyLine is the line of key in mapping n, or 0.
func keyLine(n *yaml.Node, key string) int {
	n = body(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return 0
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i].Line
		}
	}
	return 0
}

func body(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		return n.Content[0]
	}
	return n
}

func index(n *yaml.Node, i int) *yaml.Node {
	if n == nil || n.Kind != yaml.SequenceNode || i >= len(n.Content) {
		return nil
	}
	return n.Content[i]
}

func lineOf(n *yaml.Node) int {
	if n == nil {
		return 0
	}
	return n.Line
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
