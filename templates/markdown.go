package templates

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"go.yaml.in/yaml/v3"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/prose"
)

// frontMatter is the YAML block that may open a Markdown SOP.
type frontMatter struct {
	Metadata `yaml:",inline"`
	Policy   Policy `yaml:"policy"`
}

// sectionSynonyms maps the headings people write to the six sections. A
// heading matches when, lower-cased and stripped of numbering, it equals
// or starts with one of these.
var sectionSynonyms = []struct {
	section string
	names   []string
}{
	{"Purpose", []string{"purpose", "objective", "objectives", "aim", "goal", "overview", "introduction"}},
	{"Scope", []string{"scope", "applicability", "applies to", "coverage"}},
	{"Roles", []string{"roles", "responsibilities", "roles and responsibilities", "who does what", "actors"}},
	{"Procedure", []string{"procedure", "steps", "process", "instructions", "method", "workflow"}},
	{"Exceptions", []string{"exceptions", "exception handling", "escalation", "escalations", "error handling", "when things go wrong", "failure handling"}},
	{"Records", []string{"records", "record keeping", "record-keeping", "evidence", "documentation", "audit trail", "logging"}},
}

// stripNumber drops the numbering people put before a heading: "2.",
// "2.1", "iv)", "Section 3".
func stripNumber(h string) string {
	rest := strings.TrimPrefix(h, "section ")
	i := 0
	for i < len(rest) && strings.IndexByte("0123456789ivx.)", rest[i]) >= 0 {
		i++
	}
	if i == 0 || i >= len(rest) || rest[i] != ' ' {
		return h
	}
	// A Roman numeral counts only with its "." or ")": "vi editor" is
	// not numbered.
	if num := rest[:i]; strings.Trim(num, "ivx") == "" {
		return h
	}
	return strings.TrimSpace(rest[i:])
}

// sectionOf names the section a heading opens, or "".
func sectionOf(heading string) string {
	h := strings.ToLower(strings.TrimSpace(heading))
	h = stripNumber(h)
	h = strings.TrimRight(h, ":. ")
	for _, s := range sectionSynonyms {
		for _, n := range s.names {
			if h == n || strings.HasPrefix(h, n+" ") || strings.HasPrefix(h, n+",") {
				return s.section
			}
		}
	}
	return ""
}

var mdParser = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough)).Parser()

// ParseMarkdown reads a hand-written Markdown SOP as a Document: YAML front
// matter as metadata, headings as sections, ordered lists under Procedure
// as steps (sub-headings as phases), with the line of every part.
func ParseMarkdown(name string, data []byte, voc *sopgen.Vocabulary) (*sopgen.Document, error) {
	if over(len(data), MarkdownLimits.MaxBytes) {
		return nil, &InputError{File: name, Problems: []Problem{{Reason: fmt.Sprintf("the file is %d bytes; at most %d", len(data), MarkdownLimits.MaxBytes)}}}
	}
	if err := checkText(name, data); err != nil {
		return nil, err
	}
	d := &sopgen.Document{Source: name, Policy: sopgen.DefaultPolicy(), Headings: map[string]int{}}
	src, fm, fmLine, err := splitFrontMatter(data)
	if err != nil {
		return nil, &InputError{File: name, Problems: []Problem{{Line: 1, Reason: err.Error()}}}
	}
	if fm != nil {
		frontMatterProblems := func(probs []Problem) error {
			for i := range probs {
				if probs[i].Line > 0 {
					probs[i].Line += fmLine - 1
				} else {
					probs[i].Line = fmLine
				}
				probs[i].Reason = "front matter: " + probs[i].Reason
			}
			return &InputError{File: name, Problems: capProblems(probs)}
		}
		if _, err := YAMLTree(name, fm); err != nil {
			var ie *InputError
			if errors.As(err, &ie) {
				return nil, frontMatterProblems(ie.Problems)
			}
			return nil, err
		}
		var m frontMatter
		dec := yaml.NewDecoder(bytes.NewReader(fm))
		dec.KnownFields(true)
		if err := dec.Decode(&m); err != nil && !errors.Is(err, io.EOF) {
			return nil, frontMatterProblems(YAMLProblems(err))
		}
		d.Meta = m.Metadata.meta()
		d.Meta.Line = fmLine
		if len(m.Policy.VerificationMethods) > 0 {
			d.Policy.VerificationMethods = m.Policy.VerificationMethods
		}
		if len(m.Policy.DeliveryChannels) > 0 {
			d.Policy.DeliveryChannels = m.Policy.DeliveryChannels
		}
	}
	// goldmark is superlinear on some shapes (deeply nested quotes and
	// lists, runs of brackets): nothing reaches it that the guard has not
	// measured.
	if err := checkMarkdown(name, src); err != nil {
		return nil, err
	}
	p := &mdReader{src: src, d: d, b: sopgen.NewBuilder(d, voc), lines: lineStarts(src), frontMatter: fm != nil}
	p.read(mdParser.Parse(text.NewReader(src)))
	p.b.Finish()
	d.Suppressions = sopgen.ScanSuppressions(data)
	return d, nil
}

// splitFrontMatter returns the source with its front matter blanked (so
// offsets keep their lines), the front matter itself, and the line its
// YAML starts on. A file that opens "---" must close it.
func splitFrontMatter(data []byte) (src, fm []byte, line int, err error) {
	if !bytes.HasPrefix(data, []byte("---\n")) && !bytes.HasPrefix(data, []byte("---\r\n")) {
		return data, nil, 0, nil
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	for i := 1; i < len(lines); i++ {
		t := string(bytes.TrimSpace(lines[i]))
		if t != "---" && t != "..." {
			continue
		}
		fm = bytes.Join(lines[1:i], nil)
		blank := bytes.Repeat([]byte("\n"), i+1)
		return append(blank, bytes.Join(lines[i+1:], nil)...), fm, 2, nil
	}
	return nil, nil, 0, errors.New("the front matter opened by --- on line 1 is never closed")
}

type mdReader struct {
	src   []byte
	d     *sopgen.Document
	b     *sopgen.Builder
	lines []int

	section     string
	sawSection  bool
	frontMatter bool
	sub         string // the text of the current sub-heading outside Procedure
	subLine     int
}

func lineStarts(src []byte) []int {
	out := []int{0}
	for i, c := range src {
		if c == '\n' {
			out = append(out, i+1)
		}
	}
	return out
}

// line converts a byte offset to a 1-based line.
func (p *mdReader) line(off int) int {
	return sort.Search(len(p.lines), func(i int) bool { return p.lines[i] > off })
}

// lineOfNode is the line a block starts on.
func (p *mdReader) lineOfNode(n ast.Node) int {
	for c := n; c != nil; c = c.FirstChild() {
		if c.Type() != ast.TypeInline && c.Lines().Len() > 0 {
			return p.line(c.Lines().At(0).Start)
		}
		if t, ok := c.(*ast.Text); ok {
			return p.line(t.Segment.Start)
		}
	}
	return 0
}

func (p *mdReader) read(doc ast.Node) {
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *ast.Heading:
			p.heading(n)
		case *ast.Paragraph:
			p.paragraph(n)
		case *ast.List:
			p.list(n)
		case *east.Table:
			p.table(n)
		case *ast.ThematicBreak:
			p.section, p.sub = "", "" // a rule ends the section: what follows is a footer
		}
	}
}

func (p *mdReader) heading(h *ast.Heading) {
	title := plainText(p.spans(h))
	line := p.lineOfNode(h)
	sec := sectionOf(title)
	switch {
	case sec != "" && (h.Level <= 2 || p.section == ""):
		p.section, p.sub, p.sawSection = sec, "", true
		if p.d.Headings[sec] == 0 {
			p.d.Headings[sec] = line
		}
	case h.Level == 1:
		if p.d.Meta.Title == "" {
			p.d.Meta.Title = title
		}
		p.section = ""
	case h.Level == 2:
		p.section = "" // a section Stepwise does not know; its content is not one of the six
	case p.section == "Procedure":
		p.b.Phase(stripNumber(title), line)
	default:
		p.sub, p.subLine = title, line
		if p.section == "Roles" {
			p.d.Roles = append(p.d.Roles, sopgen.Role{Name: trimRoleName(title), Line: line})
		}
	}
}

func (p *mdReader) paragraph(n *ast.Paragraph) {
	t := plainText(p.spans(n))
	line := p.lineOfNode(n)
	switch p.section {
	case "Purpose":
		appendSection(&p.d.Purpose, t, line)
	case "Scope":
		appendSection(&p.d.Scope, t, line)
	case "Roles":
		if p.sub != "" && len(p.d.Roles) > 0 {
			r := &p.d.Roles[len(p.d.Roles)-1]
			r.Duties = strings.TrimSpace(r.Duties + " " + t)
		}
	case "Exceptions":
		if p.sub != "" {
			p.addException(p.sub, t, p.subLine)
			p.sub = ""
		}
	case "Records":
		p.addRecord(t, line)
	}
}

func appendSection(s *sopgen.Section, t string, line int) {
	if s.Line == 0 {
		s.Line = line
	}
	if s.Text != "" {
		s.Text += "\n\n"
	}
	s.Text += t
}

func (p *mdReader) list(l *ast.List) {
	switch p.section {
	case "Procedure":
		// Ordered lists are the usual steps; bulleted ones are steps too
		// (a generated SOP writes "- **2.3** …").
		p.steps(l, "")
	case "Purpose", "Scope":
		for it := l.FirstChild(); it != nil; it = it.NextSibling() {
			sec := &p.d.Purpose
			if p.section == "Scope" {
				sec = &p.d.Scope
			}
			appendSection(sec, "- "+plainText(p.itemSpans(it)), p.lineOfNode(it))
		}
	default:
		for it := l.FirstChild(); it != nil; it = it.NextSibling() {
			t, line := plainText(p.itemSpans(it)), p.lineOfNode(it)
			switch p.section {
			case "Roles":
				name, duties := splitLabel(t)
				p.d.Roles = append(p.d.Roles, sopgen.Role{Name: trimRoleName(name), Duties: duties, Line: line})
			case "Exceptions":
				trigger, action := splitLabel(t)
				if action == "" {
					trigger, action = splitCondition(t)
				}
				p.addException(trigger, action, line)
			case "Records":
				p.addRecord(t, line)
			}
		}
	}
}

// steps adds the items of an ordered list as steps; nested lists under an
// item become steps of their own.
func (p *mdReader) steps(l *ast.List, role string) {
	for it := l.FirstChild(); it != nil; it = it.NextSibling() {
		spans, note := splitAtBreak(p.itemSpans(it))
		system := ""
		if len(spans) > 1 && spans[0].Strong && stepNumber.MatchString(spans[0].Text) {
			// "**2.3** Select **Reset**. *(Service Desk)*": the number
			// and the system are labels, not the instruction.
			spans = dropEmpty(append([]sopgen.Span{{Text: strings.TrimLeft(spans[1].Text, " ")}}, spans[2:]...))
			if last := &spans[len(spans)-1]; !last.Strong {
				if body, sys, ok := cutSystem(last.Text); ok {
					system, last.Text = sys, body
				}
			}
			spans = dropEmpty(spans)
		}
		r, rest := rolePrefix(spans)
		if r == "" {
			r = role
		}
		if len(rest) > 0 {
			st := p.b.Step(rest, r, p.lineOfNode(it))
			st.System = system
			if strings.HasPrefix(strings.ToLower(note), "if ") || strings.HasPrefix(strings.ToLower(note), "otherwise") {
				st.Branches = append(st.Branches, sopgen.Branch{When: strings.TrimRight(note, ". ")})
			}
		}
		for c := it.FirstChild(); c != nil; c = c.NextSibling() {
			if sub, ok := c.(*ast.List); ok {
				p.steps(sub, r)
			}
		}
	}
}

// metaLabels map the labels of a metadata table (as generated SOPs
// write it, above the first section) to the fields they fill.
var metaLabels = map[string]func(m *sopgen.Metadata, v string){
	"document id": func(m *sopgen.Metadata, v string) { m.ID = v },
	"id":          func(m *sopgen.Metadata, v string) { m.ID = v },
	"version":     func(m *sopgen.Metadata, v string) { m.Version = v },
	"owner":       func(m *sopgen.Metadata, v string) { m.Owner = v },
	"approver":    func(m *sopgen.Metadata, v string) { m.Approver = v },
	"approved by": func(m *sopgen.Metadata, v string) { m.Approver = v },
	"effective":   func(m *sopgen.Metadata, v string) { m.Effective = v },
	"next review": func(m *sopgen.Metadata, v string) { m.NextReview = v },
	"recorded":    func(m *sopgen.Metadata, v string) { m.RecordedAt = v },
	"workflow":    func(m *sopgen.Metadata, v string) { m.Workflow = v },
}

func (p *mdReader) table(t *east.Table) {
	if p.section == "" && !p.sawSection && !p.frontMatter {
		p.metaTable(t)
		return
	}
	if p.section != "Roles" && p.section != "Records" && p.section != "Exceptions" {
		return
	}
	for _, r := range p.rows(t) {
		if r.cells[0] == "" {
			continue
		}
		cells, line := r.cells, r.line
		second := ""
		if len(cells) > 1 {
			second = cells[1]
		}
		switch p.section {
		case "Roles":
			p.d.Roles = append(p.d.Roles, sopgen.Role{Name: trimRoleName(cells[0]), Duties: second, Line: line})
		case "Exceptions":
			p.addException(cells[0], second, line)
		default:
			p.d.Records = append(p.d.Records, sopgen.Record{What: cells[0], Where: second, Line: line})
		}
	}
}

// metaTable reads a "| label | value |" table above the first section.
func (p *mdReader) metaTable(t *east.Table) {
	for _, r := range p.rows(t) {
		if len(r.cells) < 2 {
			continue
		}
		if set, ok := metaLabels[strings.ToLower(strings.TrimSpace(r.cells[0]))]; ok && r.cells[1] != "" {
			set(&p.d.Meta, r.cells[1])
			if p.d.Meta.Line == 0 {
				p.d.Meta.Line = r.line
			}
		}
	}
}

// tableRow is the text of a table row's cells and the row's line.
type tableRow struct {
	cells []string
	line  int
}

// rows are the body rows of a table (the header row left out).
func (p *mdReader) rows(t *east.Table) []tableRow {
	var out []tableRow
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		if _, ok := row.(*east.TableHeader); ok || row.FirstChild() == nil {
			continue
		}
		r := tableRow{line: p.lineOfNode(row.FirstChild())}
		for c := row.FirstChild(); c != nil; c = c.NextSibling() {
			r.cells = append(r.cells, plainText(p.spans(c)))
		}
		out = append(out, r)
	}
	return out
}

func (p *mdReader) addException(trigger, action string, line int) {
	e := sopgen.Exception{
		ID:      fmt.Sprintf("exception-%d", len(p.d.Exceptions)+1),
		Trigger: trigger, Action: action, Line: line,
	}
	e.FailedVerification = isFailedVerification(trigger)
	// A default that generate added (and marked) is read back as one, so
	// that linting a generated SOP reports what its recording's report does.
	if i := strings.Index(action, sopgen.DerivedNote); i >= 0 {
		e.Derived = true
		e.Action = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(action[:i]), "("))
	}
	p.d.Exceptions = append(p.d.Exceptions, e)
}

// isFailedVerification reports whether an exception's trigger describes
// verification going wrong: what was checked (a code, an answer, the
// caller's identity) and that it failed, was refused or timed out.
func isFailedVerification(trigger string) bool {
	t := strings.ToLower(trigger)
	subject := containsAny(t, "verif", "identity", "authenticat", "code", "answer", "caller", "photo id", "id check")
	failure := containsAny(t, "fail", "refus", "timed out", "time out", "times out", "timeout", "expire", "cannot", "can't",
		"unable", "not match", "not verified", "doesn't match", "incorrect", "wrong", "mismatch")
	return subject && failure
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}

var storedIn = regexp.MustCompile(`(?i)\b(?:kept|stored|retained|saved|logged|recorded|filed|archived|attached|written)\b.*?\b(?:in|on|to)\s+(.+)$`)

// inSystem finds "in ServiceNow", "in the Identity Portal": a named
// system after "in".
var inSystem = regexp.MustCompile(`\b[Ii]n (?:the )?([A-Z][\w.-]*(?: [A-Z][\w.-]*)*)`)

// storeNoun finds a record that is itself a place: "the AD audit log".
var storeNoun = regexp.MustCompile(`(?i)\b((?:[\w-]+ ){0,2}(?:audit log|audit trail|log|ticket|incident|case|register|database|vault))\b`)

func (p *mdReader) addRecord(t string, line int) {
	what, where := splitLabel(t)
	if where == "" {
		if m := storedIn.FindStringSubmatch(t); m != nil {
			where = strings.TrimRight(m[1], ". ")
		} else if m := inSystem.FindStringSubmatch(t); m != nil {
			where = m[1]
		} else if m := storeNoun.FindStringSubmatch(t); m != nil {
			where = m[1]
		}
	}
	p.d.Records = append(p.d.Records, sopgen.Record{What: what, Where: where, Line: line})
}

// splitLabel splits "Label: rest" or "Label — rest"; rest is "" when there
// is no such separator.
func splitLabel(t string) (string, string) {
	for _, sep := range []string{" — ", " – ", ": ", " - "} {
		if a, b, ok := strings.Cut(t, sep); ok && strings.TrimSpace(a) != "" && len(strings.Fields(a)) <= 12 {
			return strings.TrimSpace(a), strings.TrimSpace(b)
		}
	}
	return strings.TrimSpace(t), ""
}

// splitCondition splits "If X, do Y" into its condition and action.
func splitCondition(t string) (string, string) {
	first, _, _ := strings.Cut(strings.ToLower(t), " ")
	if first == "if" || first == "when" || first == "where" {
		if a, b, ok := strings.Cut(t, ","); ok {
			return strings.TrimSpace(a), strings.TrimSpace(b)
		}
	}
	return t, ""
}

func trimRoleName(s string) string { return strings.Trim(strings.TrimSpace(s), "*_:") }

var notRoles = map[string]bool{"note": true, "important": true, "tip": true, "warning": true, "caution": true, "example": true, "if": true, "when": true, "result": true, "expected result": true}

// rolePrefix splits a step written "Role: action" (the role in bold or
// plain, at most five words, capitalised) into role and action.
func rolePrefix(spans []sopgen.Span) (string, []sopgen.Span) {
	if len(spans) == 0 {
		return "", spans
	}
	// "**Agent**: do" — a bold first span followed by a colon.
	if spans[0].Strong && len(spans) > 1 && strings.HasPrefix(spans[1].Text, ":") {
		name := strings.TrimSpace(spans[0].Text)
		if isRoleLabel(name) {
			rest := append([]sopgen.Span{{Text: strings.TrimLeft(spans[1].Text, ": ")}}, spans[2:]...)
			return name, dropEmpty(rest)
		}
	}
	if !spans[0].Strong {
		if name, rest, ok := strings.Cut(spans[0].Text, ": "); ok && isRoleLabel(name) {
			out := append([]sopgen.Span{{Text: rest}}, spans[1:]...)
			return strings.TrimSpace(name), dropEmpty(out)
		}
	}
	return "", spans
}

func isRoleLabel(s string) bool {
	s = strings.TrimRight(strings.TrimSpace(s), ":")
	w := strings.Fields(s)
	if len(w) == 0 || len(w) > 5 || notRoles[strings.ToLower(s)] || prose.IsInstruction(s) {
		return false // "Reset the password: …" leads a step, it names no role
	}
	r := []rune(s)
	return r[0] >= 'A' && r[0] <= 'Z'
}

func dropEmpty(sp []sopgen.Span) []sopgen.Span {
	out := sp[:0]
	for _, s := range sp {
		if s.Text != "" {
			out = append(out, s)
		}
	}
	return out
}

// lineBreak marks a hard line break inside a list item: what follows it
// is a note on the step (a branch), not more of the instruction.
const lineBreak = "\ue000" // a private-use character: no text holds it, and it is not white space

var stepNumber = regexp.MustCompile(`^\d+(\.\d+)*\.?$`)

// cutSystem splits "Select Reset. (Service Desk)" into the step and the
// system in its closing parentheses, which may hold parentheses of their
// own.
func cutSystem(t string) (body, system string, ok bool) {
	t = strings.TrimRight(t, " ")
	if !strings.HasSuffix(t, ")") {
		return "", "", false
	}
	depth := 0
	for i := len(t) - 1; i >= 0; i-- {
		switch t[i] {
		case ')':
			depth++
		case '(':
			depth--
			if depth == 0 {
				sys := strings.TrimSpace(t[i+1 : len(t)-1])
				if sys == "" || i == 0 {
					return "", "", false
				}
				return strings.TrimRight(t[:i], " "), sys, true
			}
		}
	}
	return "", "", false
}

// splitAtBreak returns the spans before the first hard line break and
// the text after it.
func splitAtBreak(sp []sopgen.Span) ([]sopgen.Span, string) {
	for i, s := range sp {
		if j := strings.Index(s.Text, lineBreak); j >= 0 {
			head := append(append([]sopgen.Span{}, sp[:i]...), sopgen.Span{Text: strings.TrimRight(s.Text[:j], " "), Strong: s.Strong})
			tail := plainText(append([]sopgen.Span{{Text: s.Text[j+len(lineBreak):]}}, sp[i+1:]...))
			return dropEmpty(head), strings.ReplaceAll(tail, lineBreak, " ")
		}
	}
	return sp, ""
}

// itemSpans is the text of a list item without its nested lists.
func (p *mdReader) itemSpans(it ast.Node) []sopgen.Span {
	var out []sopgen.Span
	for c := it.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*ast.List); ok {
			continue
		}
		if len(out) > 0 {
			out = append(out, sopgen.Span{Text: " "})
		}
		out = append(out, p.spans(c)...)
	}
	return mergeSpans(out)
}

// spans is the inline text of a block: bold and code are names on screen.
func (p *mdReader) spans(n ast.Node) []sopgen.Span {
	var out []sopgen.Span
	var walk func(n ast.Node, strong bool)
	walk = func(n ast.Node, strong bool) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				// The source keeps Markdown's backslash escapes ("\<"): the
				// text is what they stand for.
				out = append(out, sopgen.Span{Text: string(util.UnescapePunctuations(c.Segment.Value(p.src))), Strong: strong})
				switch {
				case c.HardLineBreak():
					out = append(out, sopgen.Span{Text: lineBreak})
				case c.SoftLineBreak():
					out = append(out, sopgen.Span{Text: " "})
				}
			case *ast.String:
				out = append(out, sopgen.Span{Text: string(c.Value), Strong: strong})
			case *ast.CodeSpan:
				var b strings.Builder
				for t := c.FirstChild(); t != nil; t = t.NextSibling() {
					if tx, ok := t.(*ast.Text); ok {
						b.Write(tx.Segment.Value(p.src))
					}
				}
				out = append(out, sopgen.Span{Text: b.String(), Strong: true})
			case *ast.Emphasis:
				walk(c, strong || c.Level >= 2)
			case *ast.RawHTML, *ast.HTMLBlock:
				// comments such as <!-- want … --> are not step text
			default:
				walk(c, strong)
			}
		}
	}
	walk(n, false)
	return mergeSpans(out)
}

func mergeSpans(in []sopgen.Span) []sopgen.Span {
	var out []sopgen.Span
	for _, s := range in {
		if n := len(out); n > 0 && out[n-1].Strong == s.Strong {
			out[n-1].Text += s.Text
			continue
		}
		out = append(out, s)
	}
	for i := range out {
		out[i].Text = collapseSpace(out[i].Text)
	}
	if n := len(out); n > 0 {
		out[0].Text = strings.TrimLeft(out[0].Text, " ")
		out[n-1].Text = strings.TrimRight(out[n-1].Text, " ")
	}
	return dropEmpty(out)
}

// simpleSpacing reports whether s is ASCII with single spaces only.
func simpleSpacing(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || c < ' ' || c == ' ' && i+1 < len(s) && s[i+1] == ' ' {
			return false
		}
	}
	return true
}

// collapseSpace turns each run of white space into one space, keeping a
// leading or trailing one (the boundary with the next run).
func collapseSpace(s string) string {
	if simpleSpacing(s) {
		return s
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = true
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	if space {
		b.WriteByte(' ')
	}
	return b.String()
}

func plainText(sp []sopgen.Span) string {
	var b strings.Builder
	for _, s := range sp {
		b.WriteString(s.Text)
	}
	return strings.TrimSpace(strings.ReplaceAll(b.String(), lineBreak, " "))
}

// CountSections counts the distinct SOP sections among a Markdown file's
// headings: how much it looks like an SOP.
func CountSections(data []byte) int {
	seen := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		t := strings.TrimSpace(line)
		if !strings.HasPrefix(t, "#") {
			continue
		}
		if s := sectionOf(strings.TrimLeft(t, "# ")); s != "" {
			seen[s] = true
		}
	}
	return len(seen)
}
