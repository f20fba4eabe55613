package templates

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
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
	{"Procedure", []string{"procedure", "procedures", "steps", "process", "instructions", "method", "workflow", "step-by-step", "step by step", "how to", "how-to", "resolution", "solution", "steps to follow", "detailed steps"}},
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

// headingWords is a heading as its words: lower-cased, without emoji and
// other symbols, Markdown emphasis, numbering or a trailing colon ("## 📌
// 2. **Purpose:**" is "purpose").
func headingWords(heading string) string {
	var b strings.Builder
	for _, r := range heading {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || r == '\'' || r == '’' || r == '-' || r == '.' || r == ',' || r == ':' || r == ')' || r == '&' || r == '/':
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		}
	}
	h := strings.Join(strings.Fields(b.String()), " ")
	h = stripNumber(h)
	return strings.Trim(h, ":.-, ")
}

// stepHeading matches a heading that is a step of its own: "Step 1:
// Verify the caller", "Step 2 - Reset the password".
var stepHeading = lazyRegexp(`(?i)^\s*step\s*\d+\s*[:.)\-–—]?\s*(.*)$`)

// stepLabel matches a paragraph that opens with its step's label and a
// separator: "Step 3 – Click …", "Step 2: Open …".
var stepLabel = lazyRegexp(`(?i)^\s*step\s*\d+\s*[:.)\-–—]\s*(\S.*)$`)

// sectionOf names the section a heading opens, or "".
func sectionOf(heading string) string {
	h := headingWords(heading)
	for _, s := range sectionSynonyms {
		for _, n := range s.names {
			if rest, ok := strings.CutPrefix(h, n); ok && (rest == "" || rest[0] == ' ' || rest[0] == ',') {
				return s.section
			}
		}
	}
	return ""
}

// mdParser is built on first use: every command of the binary links this
// package, most never read Markdown (issue 15).
var mdParser = sync.OnceValue(func() parser.Parser {
	return goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough)).Parser()
})

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
		// The front matter is parsed once: the measured tree is what is
		// decoded and what the review fields are read from.
		root, err := YAMLTree(name, fm)
		if err != nil {
			var ie *InputError
			if errors.As(err, &ie) {
				return nil, frontMatterProblems(ie.Problems)
			}
			return nil, err
		}
		var m frontMatter
		// Keys of other tools (Jekyll's layout, Hugo's menu, an export's
		// locale) are theirs: ignored. Ours must have the right type.
		if len(root.Content) > 0 {
			if err := root.Decode(&m); err != nil {
				return nil, frontMatterProblems(YAMLProblems(err))
			}
		}
		d.Meta = m.Metadata.meta()
		d.Meta.Line = fmLine
		readReview(root, fmLine, &d.Meta)
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
	if voc == nil {
		voc = sopgen.DefaultVocabulary()
	}
	p := &mdReader{src: src, d: d, b: sopgen.NewBuilder(d, voc), voc: voc, lines: lineStarts(src), frontMatter: fm != nil}
	root := mdParser().Parse(text.NewReader(src))
	p.read(root)
	p.code(root)
	p.b.Finish()
	d.Suppressions = sopgen.ScanSuppressions(data)
	return d, nil
}

// readReview reads the review fields other tools write in front matter:
// GOV.UK's tech-docs template has "last_reviewed_on: 2022-11-30" and
// "review_in: 3 months", others "review_date", "next_review_date" or
// "review_by". The next review is the date, or the last review plus the
// interval; its line is where the finding points.
func readReview(root *yaml.Node, fmLine int, m *sopgen.Metadata) {
	if len(root.Content) == 0 || root.Content[0].Kind != yaml.MappingNode {
		return
	}
	mp := root.Content[0]
	get := func(keys ...string) (string, int) {
		for i := 0; i+1 < len(mp.Content); i += 2 {
			for _, k := range keys {
				if mp.Content[i].Value == k && mp.Content[i+1].Kind == yaml.ScalarNode {
					return mp.Content[i+1].Value, mp.Content[i].Line + fmLine - 1
				}
			}
		}
		return "", 0
	}
	if m.NextReview != "" {
		_, m.ReviewLine = get("next_review")
		return
	}
	if v, line := get("next_review_date", "review_date", "review_by", "next_review_on", "review_due"); v != "" {
		m.NextReview, m.ReviewLine = v, line
		return
	}
	last, _ := get("last_reviewed_on", "last_reviewed", "reviewed_on", "last_review")
	in, line := get("review_in", "review_every", "review_interval")
	t, err := time.Parse("2006-01-02", last)
	if err != nil || in == "" {
		return
	}
	if next, ok := sopgen.AddInterval(t, in); ok {
		m.NextReview, m.ReviewLine = next.Format("2006-01-02"), line
	}
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
	voc   *sopgen.Vocabulary
	lines []int

	section     string
	sawSection  bool
	frontMatter bool
	sub         string // the text of the current sub-heading outside Procedure
	subLine     int
	// candidate is a heading of no known section whose content may still
	// be the procedure ("Changing a user's password"): its lists are
	// steps when they read as a sequence of actions.
	candidate     string
	candidateLine int
	// stepTitle is a step heading with no text of its own ("## Step 2"):
	// the paragraph after it is the step.
	stepTitle     bool
	stepTitleLine int
	// lastStep is the step a paragraph after it continues.
	lastStep *sopgen.ProcStep
	// leadIn is the paragraph right before the current block, if any: the
	// sentence that introduces a list says what its items are. leadLine
	// is its line.
	leadIn   string
	leadLine int
	// footer is set under a heading of links to elsewhere.
	footer bool
	// inFence is set inside a ":::" admonition.
	inFence bool
	// afterHeading is set while the block being read is the first after
	// a heading.
	afterHeading bool
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

// code collects the lines of every code block, wherever it is (under a
// list item too): a command with a password in it is a secret in the
// document even though it is no step.
func (p *mdReader) code(root ast.Node) {
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.(type) {
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			ls := n.Lines()
			for i := 0; i < ls.Len(); i++ {
				seg := ls.At(i)
				p.d.Code = append(p.d.Code, sopgen.CodeLine{Text: strings.TrimRight(string(seg.Value(p.src)), "\r\n"), Line: p.line(seg.Start)})
			}
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
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
		lead, leadLine := p.leadIn, p.leadLine
		p.leadIn = ""
		p.afterHeading = n.PreviousSibling() != nil && n.PreviousSibling().Kind() == ast.KindHeading
		switch n := n.(type) {
		case *ast.Heading:
			p.heading(n)
		case *ast.Paragraph:
			p.paragraph(n)
			p.leadIn, p.leadLine = plainText(p.spans(n)), p.lineOfNode(n)
		case *ast.FencedCodeBlock, *ast.CodeBlock:
			p.command(n, lead, leadLine)
		case *ast.List:
			if abilities(lead) {
				// "Authentication administrators can:" lists what a role
				// is able to do, not what to do now: no steps.
				continue
			}
			p.list(n, directs(lead))
		case *east.Table:
			p.table(n)
		case *ast.ThematicBreak:
			// A rule ends the section: what follows is a footer, unless it
			// reads as more of the procedure.
			if p.section == "Procedure" {
				p.candidate, p.candidateLine = "", p.lineOfNode(n)
			}
			p.section, p.sub = "", ""
		}
	}
}

// command reads a code block that a paragraph introduces ("To generate
// this link or qrcode:", "… it can be reset using the resetpassword
// sub-command:") as a step: run the block's first command, to do what the
// paragraph says or, when it says nothing the vocabulary knows, what the
// heading above it names ("Generate a one-time code"). Administrators'
// documentation is often written this way: the change is a command, not a
// list of clicks. Outside a procedure, a command becomes one only when it
// changes something a control rule looks at, so that "To install, run:"
// in a README makes no SOP of it. The step is on the paragraph's line.
func (p *mdReader) command(n ast.Node, lead string, line int) {
	cmd := firstCommand(n, p.src)
	last := strings.TrimSpace(lastSentence(lead))
	if cmd == "" || p.footer {
		return
	}
	title := p.candidate
	if p.section == "Procedure" {
		title = ""
		if ph := p.d.Phases; len(ph) > 0 {
			title = ph[len(ph)-1].Title
		}
	}
	alternative := false // under a label saying where it runs
	if !introducesCode(last) {
		// A heading that names a control task ("Reset user password",
		// "How can I reset the administrator password?"), then a command
		// right under it, or under a label saying where it runs ("Docker
		// install:"): the command is how the task is done.
		first := lead == "" && p.afterHeading
		alternative = runsWhere(last)
		if title == "" || !(first || alternative) || !p.voc.ClassifyText(prose.Task(title)).Kind.Control() {
			return
		}
		if first {
			line = p.lineOfNode(n)
		}
	}
	said := strings.TrimRight(last, ": ")
	ws := strings.Fields(strings.ToLower(said))
	var text string
	switch {
	case len(ws) == 0:
		text = "Run: `" + cmd + "`"
	case slices.Contains([]string{"run", "execute", "following", "with", "using"}, ws[len(ws)-1]):
		text = said + ": `" + cmd + "`" // "… then run:", "… you can execute with"
	case strings.HasPrefix(said, "To "):
		text = said + ", run: `" + cmd + "`"
	default:
		text = said + ". Run: `" + cmd + "`"
	}
	kind := p.voc.ClassifyText(text).Kind
	if kind == sopgen.KindOther && title != "" {
		kind = p.voc.ClassifyText(prose.Task(title)).Kind
	}
	switch {
	case p.section == "Procedure":
		if p.lastStep != nil && p.lastStep.Loc.Line == line {
			// The paragraph was a step already: the command is how.
			p.b.Continue(p.lastStep, []sopgen.Span{{Text: "Run: `" + cmd + "`"}})
			return
		}
		if ph := p.d.Phases; alternative && len(ph) > 0 && len(ph[len(ph)-1].Steps) > 0 {
			// "Docker install:" then "Kubernetes install:": the same task
			// done another way, checked as a task of its own.
			p.b.Phase(prose.Task(title)+" ("+said+")", line)
		}
	case p.section == "" && p.candidate != "" && kind.Control():
		p.enterProcedure(p.candidateLine)
		p.candidatePhase()
	default:
		return
	}
	st := p.b.Step([]sopgen.Span{{Text: text}}, "", line)
	if title != "" {
		p.b.Adopt(st, prose.Task(title))
	}
	// What follows the block is a step of its own ("With the passphrase,
	// make the user an admin"), or what the command did ("The command will
	// tell you the code … transfer this code to the user"), on its line.
	p.lastStep = nil
}

// candidatePhase makes the heading the procedure was found under (the
// author's own: "Changing a user's password") its phase, once.
func (p *mdReader) candidatePhase() {
	if p.candidate != "" {
		p.b.Phase(stripNumber(headingWords(p.candidate)), p.candidateLine)
		p.candidate = ""
	}
}

// runsWhere reports a label that says where the command after it runs
// ("Docker install:", "Kubernetes install (Helm):", "On the server:"): a
// short phrase ending in a colon, with no verb of its own, that does not
// introduce output or an example.
func runsWhere(t string) bool {
	label, ok := strings.CutSuffix(t, ":")
	ws := strings.Fields(strings.ToLower(label))
	if !ok || len(ws) == 0 || len(ws) > 5 || prose.Read(label).First().Stem != "" {
		return false
	}
	return !namesOutput(ws)
}

// namesOutput reports words that introduce what a command printed or an
// example of it ("This is the output of the script:", "Example
// response:"), not a command to run.
func namesOutput(ws []string) bool {
	return slices.ContainsFunc(ws, func(w string) bool {
		return slices.Contains([]string{"output", "example", "examples", "result", "results", "response", "sample", "returns", "prints", "shows"}, strings.Trim(w, "(),.:"))
	})
}

// runsCommand reports a step that only runs a command, with no purpose
// of its own: "Run ghe-user-promote with the username to promote".
func runsCommand(t string) bool {
	ws := strings.Fields(strings.ToLower(t))
	return len(ws) > 1 && (ws[0] == "run" || ws[0] == "execute" || ws[0] == "type") && !strings.HasPrefix(strings.ToLower(t), "to ")
}

// toLook reports a step done to look at something ("To see further
// details, click any of the other tabs:"): what its items describe is what
// the reader will see, not an option that does it.
func toLook(step string) bool {
	t := strings.ToLower(strings.TrimSpace(step))
	for _, v := range []string{"see", "view", "display", "show", "check", "look", "find", "review", "inspect", "browse"} {
		if strings.HasPrefix(t, "to "+v+" ") {
			return true
		}
	}
	return false
}

// introducesCode reports whether the last sentence of a paragraph, t,
// introduces the code block after it as a command to run: it ends in a
// colon or in the words that hand over to one ("… you can execute with"),
// and it states a purpose ("To generate this link:") or speaks of running
// something ("… using the resetpassword sub-command:"). "This error
// manifests itself as the following:" introduces output, not a command.
func introducesCode(t string) bool {
	ws := strings.Fields(strings.ToLower(strings.TrimRight(t, ": ")))
	if len(ws) == 0 {
		return false
	}
	if !strings.HasSuffix(t, ":") && !slices.Contains(commandWords, ws[len(ws)-1]) || namesOutput(ws) {
		return false
	}
	return ws[0] == "to" || slices.ContainsFunc(ws, func(w string) bool { return slices.Contains(commandWords, strings.Trim(w, "`,.")) })
}

// commandWords speak of running something.
var commandWords = []string{"run", "execute", "command", "commands", "sub-command", "subcommand", "script", "using", "with", "invoke", "call"}

// firstCommand is the first line of a code block that is a command: not
// blank, not a comment, not a prompt's output; a shell prompt ("$ ",
// "# " for root is a comment in most blocks) is dropped.
func firstCommand(n ast.Node, src []byte) string {
	ls := n.Lines()
	for i := 0; i < ls.Len(); i++ {
		seg := ls.At(i)
		t := strings.TrimSpace(string(seg.Value(src)))
		t = strings.TrimSpace(strings.TrimPrefix(t, "$ "))
		if t == "" || strings.HasPrefix(t, "#") || strings.HasPrefix(t, "//") {
			continue
		}
		const most = 120 // bytes of a command shown in the step
		if len(t) > most {
			cut := most
			for cut > 0 && !utf8.RuneStart(t[cut]) {
				cut--
			}
			t = t[:cut] + "…"
		}
		return strings.ReplaceAll(t, "`", "'")
	}
	return ""
}

// lastSentence is the last sentence of a paragraph.
func lastSentence(t string) string {
	ss := prose.Sentences(t)
	if len(ss) == 0 {
		return t
	}
	return ss[len(ss)-1]
}

func (p *mdReader) heading(h *ast.Heading) {
	p.lastStep = nil
	title := plainText(p.spans(h))
	line := p.lineOfNode(h)
	sec := sectionOf(title)
	p.stepTitle = false
	if m := stepHeading().FindStringSubmatch(title); m != nil && sec == "" && h.Level > 1 {
		// "## Step 1: Verify the caller": a step, in the procedure.
		p.enterProcedure(line)
		if rest := strings.TrimSpace(m[1]); rest != "" && startsWithVerb(rest) {
			p.b.Step(sopgen.ParseSpans(rest), "", line)
		} else {
			p.stepTitle, p.stepTitleLine = true, line
		}
		return
	}
	if sec == "" && h.Level > 1 {
		p.candidate, p.candidateLine = title, line
		if footerHeading(title) {
			// "Related content", "Next steps": links to other pages.
			p.candidate, p.section, p.sub = "", "", ""
			p.footer = true
			return
		}
	}
	p.footer = false
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

// enterProcedure makes what follows part of the procedure, whose heading
// is at line when none was seen.
func (p *mdReader) enterProcedure(line int) {
	if p.section != "Procedure" {
		p.section, p.sub, p.sawSection = "Procedure", "", true
	}
	if p.d.Headings["Procedure"] == 0 {
		p.d.Headings["Procedure"] = line
	}
}

// boldLabel reads a paragraph that opens with a bold section name
// ("**Purpose:** …") as that section's heading; it returns the rest.
func (p *mdReader) boldLabel(sp []sopgen.Span, line int) ([]sopgen.Span, bool) {
	if len(sp) == 0 || !sp[0].Strong {
		return sp, false
	}
	label := strings.TrimSpace(sp[0].Text)
	rest := sp[1:]
	// "**Purpose:** …", "**Purpose**: …" or "**Purpose**" alone.
	if !strings.HasSuffix(label, ":") && len(rest) > 0 && !strings.HasPrefix(strings.TrimSpace(rest[0].Text), ":") {
		return sp, false
	}
	sec := sectionOf(label)
	if sec == "" || len(strings.Fields(label)) > 4 {
		return sp, false
	}
	p.section, p.sub, p.sawSection = sec, "", true
	if p.d.Headings[sec] == 0 {
		p.d.Headings[sec] = line
	}
	if len(rest) > 0 {
		rest = append([]sopgen.Span{{Text: strings.TrimLeft(rest[0].Text, ": ")}}, rest[1:]...)
	}
	return dropEmpty(rest), true
}

func (p *mdReader) paragraph(n *ast.Paragraph) {
	sp := p.spans(n)
	line := p.lineOfNode(n)
	if t := plainText(sp); strings.HasPrefix(t, ":::") || p.inFence {
		// "::: note … :::" (Docusaurus, VuePress, Auth0's docs): an
		// admonition is a note on the text around it, not a step.
		p.inFence = strings.HasPrefix(t, ":::") && !strings.HasSuffix(strings.TrimSpace(t), ":::") && strings.Count(t, ":::") == 1 || p.inFence && !strings.Contains(t, ":::")
		return
	}
	if p.section == "" && !p.sawSection && len(p.d.Phases) == 0 && p.metaLines(n) {
		// "Owner: Dana Whitfield" under the title: the document's control
		// data, written as people write it.
		return
	}
	if rest, ok := p.boldLabel(sp, line); ok {
		sp = rest
		if len(sp) == 0 {
			return
		}
	}
	t := plainText(sp)
	if _, list := n.NextSibling().(*ast.List); list && p.section == "Procedure" && allStrong(sp) && namesTask(t) {
		// "**To change the password for an IAM user (console)**" over a
		// list: the title of a task of its own, as a heading would be.
		p.lastStep = nil
		p.b.Phase(stripNumber(strings.TrimRight(t, ": ")), line)
		return
	}
	if m := stepLabel().FindStringSubmatchIndex(t); m != nil && p.section != "Procedure" && !p.footer && p.candidate != "" || m != nil && p.section == "Procedure" {
		// "Step 3 – Click the ellipsis button …": a paragraph labelled
		// as a step is one, under the author's heading as in a list.
		if p.section != "Procedure" {
			p.enterProcedure(p.candidateLine)
			p.candidatePhase()
		}
		p.lastStep = p.b.Step(sopgen.ParseSpans(t[m[2]:]), "", line)
		return
	}
	if p.stepTitle {
		// The text under "## Step 2" is that step.
		p.stepTitle = false
		p.b.Step(sp, "", p.stepTitleLine)
		return
	}
	if p.section == "Procedure" && p.lastStep != nil && startsWithVerb(t) {
		// A paragraph that tells the reader what to do next ("Click the
		// blue Create button in order to invite the new user") is the
		// next step, as a list item would be.
		p.lastStep = p.b.Step(sp, "", line)
		return
	}
	if p.section == "Procedure" && p.lastStep != nil {
		// A paragraph after a step says more of what it does ("The
		// script will generate a new password … and then email them the
		// password"): its actions are that step's.
		p.b.Continue(p.lastStep, sp)
		return
	}
	if p.section == "Procedure" && carriesAction(t) {
		// A paragraph in the procedure that tells or reports an action
		// ("They will then be e-mailed the new temporary password").
		p.lastStep = p.b.Step(sp, "", line)
		return
	}
	if p.section == "" && !p.footer && p.candidate != "" && !strings.HasSuffix(strings.TrimSpace(t), ":") && instructs(t) {
		// Prose under a heading of the author's own that tells the reader
		// what to do ("Select an individual user account to reset their
		// 2SV. Select ‘Reset 2-step verification’."): the procedure,
		// written as paragraphs.
		p.enterProcedure(p.candidateLine)
		p.candidatePhase()
		p.lastStep = p.b.Step(sp, "", line)
		return
	}
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
			break
		}
		// Exceptions written as prose: each sentence is one, read as a
		// list item is ("If the caller cannot verify their identity, do
		// not reset the password; escalate to the team lead.").
		for _, sent := range prose.Sentences(t) {
			trigger, action := splitLabel(sent)
			if action == "" {
				trigger, action = splitCondition(sent)
			}
			p.addException(trigger, action, line)
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

func (p *mdReader) list(l *ast.List, directed bool) {
	if p.section == "" && !p.footer && (directed || p.instructionList(l)) {
		// A list of actions under a heading of the author's own ("Changing
		// a user's password"), after a rule, or under no heading at all is
		// the procedure.
		line := p.candidateLine
		if line == 0 {
			line = p.lineOfNode(l)
		}
		p.enterProcedure(line)
		p.candidatePhase()
	}
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
// item become steps of their own, or data of it when they are no actions.
func (p *mdReader) steps(l *ast.List, role string) { p.stepsUnder(l, role, nil) }

func (p *mdReader) stepsUnder(l *ast.List, role string, parent *sopgen.ProcStep) {
	var last *sopgen.ProcStep
	for it := l.FirstChild(); it != nil; it = it.NextSibling() {
		owner := last // the step this item's nested lists belong to
		spans, note := splitAtBreak(stripCheckbox(p.itemSpans(it)))
		system := ""
		if len(spans) > 1 && spans[0].Strong && stepNumber().MatchString(spans[0].Text) {
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
		if len(rest) > 0 && parent != nil && option(rest) {
			// An option the step above offers: what it does is what the
			// step does when the reader picks it.
			addData(parent, plainText(rest))
			if !toLook(parent.Plain()) {
				p.b.Adopt(parent, plainText(rest))
			}
			owner = parent
			rest = nil
		}
		if len(rest) > 0 && (isData(plainText(rest)) || parent != nil && isCaution(plainText(rest))) && (last != nil || parent != nil) {
			// An item that is no action (an accepted ID document, a ticket
			// field, a link), or a caution under a step ("Do NOT provide
			// any hints"), is data of the step it belongs to.
			to := last
			if parent != nil && (to == nil || isCaution(plainText(rest))) {
				to = parent
			}
			addData(to, plainText(rest))
			if !templateVariable(plainText(rest)) {
				// The facts a caller must give, under "verify the caller",
				// say what the step does; a template's variable does not.
				p.b.Reread(to)
			}
			owner = to
			rest = nil
		}
		if len(rest) > 0 {
			st := p.b.Step(rest, r, p.lineOfNode(it))
			st.System = system
			if runsCommand(plainText(rest)) && len(p.d.Phases) > 0 {
				// "Run ghe-user-promote with the username to promote": a
				// command does what its task's title names ("Promoting a
				// user from the command line").
				p.b.Adopt(st, prose.Task(p.d.Phases[len(p.d.Phases)-1].Title))
			}
			if strings.HasPrefix(strings.ToLower(note), "if ") || strings.HasPrefix(strings.ToLower(note), "otherwise") {
				st.Branches = append(st.Branches, sopgen.Branch{When: strings.TrimRight(note, ". ")})
			}
			last = st
			p.lastStep = st
			owner = st
		}
		if owner == nil {
			owner = parent
		}
		for c := it.FirstChild(); c != nil; c = c.NextSibling() {
			if sub, ok := c.(*ast.List); ok {
				p.stepsUnder(sub, r, owner)
			}
		}
	}
}

// abilities reports whether a paragraph introduces a list of what
// someone is able to do rather than what to do: it ends in a colon after
// "can", "may", "are able to" or "lets you" ("When managing methods for
// your users, Authentication administrators can:").
func abilities(lead string) bool {
	_, ws := leadIn(lead)
	n := len(ws)
	if n == 0 {
		return false
	}
	for i, w := range ws {
		modal := w == "can" || w == "may"
		if i+2 < n && (w == "are" || w == "is") && ws[i+1] == "able" && ws[i+2] == "to" {
			modal, i = true, i+2
		}
		if !modal || i == 0 {
			continue // no modal yet, or no one before it
		}
		// "administrators can:", "you can do the following for people in
		// your organisation:"
		rest := ws[i+1:]
		if len(rest) == 0 || len(rest) >= 3 && (rest[0] == "do" || rest[0] == "perform") && (rest[1] == "the" && rest[2] == "following" || rest[1] == "these") {
			return true
		}
	}
	return n >= 2 && (ws[n-2] == "lets" || ws[n-2] == "allows") && (ws[n-1] == "you" || ws[n-1] == "users" || ws[n-1] == "administrators")
}

// leadIn is the main clause of a paragraph that ends in a colon, and its
// words lower-cased; nothing for any other paragraph.
func leadIn(lead string) (string, []string) {
	t := strings.TrimSpace(lead)
	if !strings.HasSuffix(t, ":") {
		return "", nil
	}
	_, main := prose.Split(strings.TrimSuffix(t, ":"))
	return main, strings.Fields(strings.ToLower(main))
}

// directs reports whether a paragraph introduces what someone is to do
// next: it ends in a colon after an obligation ("To clear a token, admin
// should:", "the agent must:") or an instruction ("do the following:",
// "run these commands:"). The list after it is the procedure, whatever its
// items look like (commands, console paths).
func directs(lead string) bool {
	main, ws := leadIn(lead)
	if len(ws) == 0 {
		return false
	}
	if n := len(ws); n >= 2 && n <= 8 && (ws[n-1] == "should" || ws[n-1] == "must" || n >= 3 && ws[n-1] == "to" && (ws[n-2] == "need" || ws[n-2] == "needs")) {
		return true
	}
	c := prose.Read(main).First()
	return c.Stem != "" && c.Mood == prose.Imperative && len(c.Subject) == 0 && len(ws) <= 8 &&
		(slices.Contains(ws, "following") || slices.Contains(ws, "these") || slices.Contains(ws, "below"))
}

// option reports whether an item under a step describes one of the
// choices the step offers rather than a further action: the choice's name
// in bold, then what it does in the third person ("**Reset password**
// resets the user's password and assigns a temporary password").
func option(sp []sopgen.Span) bool {
	if len(sp) < 2 || !sp[0].Strong {
		return false
	}
	rest := strings.TrimLeft(plainText(sp[1:]), " :–—-")
	verb, tail, _ := strings.Cut(rest, " ")
	if len(verb) < 3 || !strings.HasSuffix(verb, "s") || strings.ToLower(verb) != verb {
		return false
	}
	for _, stem := range []string{strings.TrimSuffix(verb, "s"), strings.TrimSuffix(verb, "es")} {
		if startsWithVerb(stem + " " + tail) {
			return true
		}
	}
	return false
}

// addData appends an enumerated item to a step's text, as data of it.
func addData(st *sopgen.ProcStep, item string) {
	n := len(st.Text)
	if n > 0 && strings.HasSuffix(st.Text[n-1].Text, ")") && strings.Contains(st.Plain(), " (") {
		st.Text[n-1].Text = strings.TrimSuffix(st.Text[n-1].Text, ")") + "; " + item + ")"
		return
	}
	if n > 0 && !st.Text[n-1].Strong {
		st.Text[n-1].Text = strings.TrimRight(st.Text[n-1].Text, " ") + " (" + item + ")"
		return
	}
	st.Text = append(st.Text, sopgen.Span{Text: " (" + item + ")"})
}

// stripCheckbox drops a task list's "[ ]" or "[x]" before an item.
func stripCheckbox(sp []sopgen.Span) []sopgen.Span {
	if len(sp) == 0 || sp[0].Strong {
		return sp
	}
	t := strings.TrimLeft(sp[0].Text, " ")
	for _, box := range []string{"[ ]", "[x]", "[X]", "☐", "☑", "✅", "✔"} {
		if strings.HasPrefix(t, box) {
			out := append([]sopgen.Span{{Text: strings.TrimLeft(t[len(box):], " ")}}, sp[1:]...)
			return dropEmpty(out)
		}
	}
	return sp
}

// instructionList reports whether a list reads as a sequence of actions:
// most of its items start with a verb.
func (p *mdReader) instructionList(l *ast.List) bool {
	n, verbs := 0, 0
	for it := l.FirstChild(); it != nil; it = it.NextSibling() {
		n++
		t := plainText(stripCheckbox(p.itemSpans(it)))
		if m := stepHeading().FindStringSubmatch(t); m != nil {
			t = m[1]
		}
		if startsWithVerb(t) {
			verbs++
		}
	}
	return n > 0 && verbs*2 >= n && verbs >= 1
}

// startsWithVerb reports whether text opens with an instruction's verb,
// after an optional role or condition ("If the code matches, reset …").
func startsWithVerb(t string) bool {
	_, main := prose.Split(t)
	if _, rest, ok := strings.Cut(main, ": "); ok && len(strings.Fields(main[:len(main)-len(rest)])) <= 4 {
		if c := prose.Read(rest).First(); c.Mood == prose.Imperative && c.Stem != "" {
			return true
		}
	}
	c := prose.Read(main).First()
	return c.Stem != "" && c.Mood == prose.Imperative && len(c.Subject) == 0 && strings.HasPrefix(strings.ToLower(strings.TrimLeft(main, " *_\"")), strings.ToLower(c.Verb))
}

// carriesAction reports whether a paragraph inside the procedure tells or
// reports an action: an instruction, or a report of what will or did
// happen ("They will then be e-mailed the new temporary password").
func carriesAction(t string) bool {
	first := strings.ToLower(strings.Trim(strings.SplitN(t, " ", 2)[0], ":*_"))
	if notRoles[first] || first == "" {
		return false
	}
	if startsWithVerb(t) {
		return true
	}
	for _, c := range prose.Read(t).Clauses {
		if c.Stem != "" && c.Stem != "be" && (c.Passive || c.Aux == "will" || c.Aux == "should" || c.Aux == "must") {
			return true
		}
	}
	return false
}

// instructs reports whether a paragraph tells the reader to act: one of
// its sentences is an instruction ("Click it to unlock an account") or
// "you need to …".
func instructs(t string) bool {
	for _, sent := range strings.SplitAfter(t, ". ") {
		if startsWithVerb(sent) {
			return true
		}
		c := prose.Read(sent).First()
		if len(c.Subject) == 1 && c.Subject[0] == "you" && (c.Stem == "need" || c.Aux == "must" || c.Aux == "should") {
			return true
		}
		// "When a user no longer needs access, the product owner must
		// remove the user": an obligation put on a role is an instruction.
		if len(c.Subject) > 0 && (c.Aux == "must" || c.Aux == "shall") && c.Stem != "" && c.Stem != "be" && !c.Negated && !c.Passive {
			return true
		}
	}
	return false
}

// isData reports whether an item of the procedure is no action: "Priority:
// Medium", "Driver's licence", a link's text.
func isData(t string) bool {
	if head, _, _ := strings.Cut(t, " — "); !strings.HasSuffix(t, ".") && !uiVerb(t) && (head == t && titleCase(t) && len(strings.Fields(t)) <= 3 || head != t && titleCase(head) && len(strings.Fields(head)) <= 3) {
		return true // "Email Address", "User ID — searching by it is fastest"
	}
	if templateVariable(t) {
		return true
	}
	if startsWithVerb(t) || strings.HasPrefix(strings.ToLower(t), "if ") || strings.HasPrefix(strings.ToLower(t), "when ") {
		return false
	}
	if m := labelValue().FindStringSubmatch(t); m != nil {
		return prose.Read(m[2]).First().Stem == "" // "Priority: Medium"
	}
	// A short noun phrase with no verb: "Driver's licence", "Passport";
	// a field's name in title case ("Email Address", "User ID"), alone or
	// before a dash and a note on it.
	head := t
	for _, sep := range []string{" — ", " – ", " - "} {
		if h, _, ok := strings.Cut(t, sep); ok {
			head = h
			break
		}
	}
	if titleCase(head) && len(strings.Fields(head)) <= 4 {
		return true
	}
	return len(strings.Fields(t)) <= 4 && prose.Read(t).First().Stem == "" && !strings.ContainsAny(t, ".;?!")
}

// templateVariable reports an item that defines a template's variable:
// "ISSUE_LINK - The URL of the issue".
func templateVariable(t string) bool {
	h, _, ok := strings.Cut(t, " - ")
	return ok && identifier(h)
}

// identifier reports a name written as code is: capitals, digits and
// underscores, at least one underscore or three capitals ("ISSUE_LINK",
// "GITLAB_USERNAME", "UPN").
func identifier(t string) bool {
	if len(t) < 3 {
		return false
	}
	for _, r := range t {
		if !(r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// uiVerb reports whether text opens with a verb of a UI action ("Click
// Verify Identity").
func uiVerb(t string) bool {
	first, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(t)), " ")
	switch first {
	case "click", "select", "press", "tap", "choose", "open", "navigate", "go", "enter", "type", "tick", "check", "search", "find", "log", "sign":
		return true
	}
	return false
}

// titleCase reports whether every word of s begins with a capital letter
// or a digit: a name, not a sentence.
func titleCase(s string) bool {
	ws := strings.Fields(s)
	if len(ws) == 0 {
		return false
	}
	for _, w := range ws {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) && !unicode.IsDigit(r[0]) {
			return false
		}
	}
	return true
}

// footerHeading reports whether a heading opens links to other pages
// rather than more of the document.
func footerHeading(title string) bool {
	h := headingWords(title)
	for _, f := range []string{"related", "see also", "next steps", "references", "more information", "further reading", "resources", "additional resources", "feedback", "learn more", "related content", "related articles", "related topics", "related links", "contact us", "need help", "keep reading", "read more", "what's next", "what next", "in this article", "on this page", "useful links", "links"} {
		if h == f || strings.HasPrefix(h, f+" ") {
			return true
		}
	}
	return false
}

// isCaution reports whether an item is a caution rather than an action:
// "Do NOT provide any hints", "Never read the answers out".
func isCaution(t string) bool {
	l := strings.ToLower(strings.TrimSpace(t))
	for _, p := range []string{"do not ", "don't ", "never ", "note", "important", "caution", "warning", "tip:"} {
		if strings.HasPrefix(l, p) {
			return true
		}
	}
	return false
}

// labelValue is "Label: value", a field and what it holds.
var labelValue = lazyRegexp(`^([A-Z][\w'’ /-]{0,30}):\s+(.+)$`)

// metaLabels map the labels of a metadata table (as generated SOPs
// write it, above the first section) to the fields they fill.
var metaLabels = map[string]func(m *sopgen.Metadata, v string){
	"document id": func(m *sopgen.Metadata, v string) { m.ID = v },
	"id":          func(m *sopgen.Metadata, v string) { m.ID = v },
	"version":     func(m *sopgen.Metadata, v string) { m.Version = v },
	"owner":       func(m *sopgen.Metadata, v string) { m.Owner = v },
	"approver":    func(m *sopgen.Metadata, v string) { m.Approver = v },
	"approved by": func(m *sopgen.Metadata, v string) { m.Approver = v },
	// A generated draft's document control says "Awaiting approval" and
	// "On approval": no approver or effective date yet.
	"approval": func(m *sopgen.Metadata, v string) {
		if !strings.HasPrefix(v, "Awaiting") {
			m.Approver, _, _ = strings.Cut(v, " on ")
		}
	},
	"effective": func(m *sopgen.Metadata, v string) {
		if !strings.EqualFold(v, "on approval") {
			m.Effective = v
		}
	},
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
		if len(r.cells) >= 2 {
			p.setMeta(r.cells[0], r.cells[1], r.line)
		}
	}
}

// setMeta sets the datum of the document's control a label names
// ("Owner", "Version", "Next review") to v, and the line metadata was
// first read on; false when the label names none or v is empty.
func (p *mdReader) setMeta(label, v string, line int) bool {
	set, ok := metaLabels[strings.ToLower(strings.TrimSpace(label))]
	if !ok || v == "" {
		return false
	}
	set(&p.d.Meta, v)
	if p.d.Meta.Line == 0 {
		p.d.Meta.Line = line
	}
	return true
}

// metaLines reads a paragraph whose every line is "Label: value" with at
// least one label of the document's control ("Owner: …", "Version: …",
// "Next review: …") as metadata, and reports whether it did.
func (p *mdReader) metaLines(n *ast.Paragraph) bool {
	type labelled struct {
		label, v string
		line     int
	}
	var lines []labelled
	known := false
	ls := n.Lines()
	for i := 0; i < ls.Len(); i++ {
		seg := ls.At(i)
		t := strings.TrimSpace(strings.ReplaceAll(string(seg.Value(p.src)), "*", ""))
		label, v, ok := strings.Cut(t, ":")
		if !ok || len(label) > 30 {
			return false
		}
		v = strings.TrimSpace(v)
		_, meta := metaLabels[strings.ToLower(strings.TrimSpace(label))]
		known = known || meta && v != ""
		lines = append(lines, labelled{label, v, p.line(seg.Start)})
	}
	if !known {
		return false
	}
	for _, l := range lines {
		p.setMeta(l.label, l.v, l.line)
	}
	return true
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

var storedIn = lazyRegexp(`(?i)\b(?:kept|stored|retained|saved|logged|recorded|filed|archived|attached|written)\b.*?\b(?:in|on|to)\s+(.+)$`)

// inSystem finds "in ServiceNow", "in the Identity Portal": a named
// system after "in".
var inSystem = lazyRegexp(`\b[Ii]n (?:the )?([A-Z][\w.-]*(?: [A-Z][\w.-]*)*)`)

// storeNoun finds a record that is itself a place: "the AD audit log".
var storeNoun = lazyRegexp(`(?i)\b((?:[\w-]+ ){0,2}(?:audit log|audit trail|log|ticket|incident|case|register|database|vault))\b`)

func (p *mdReader) addRecord(t string, line int) {
	what, where := splitLabel(t)
	if where == "" {
		if m := storedIn().FindStringSubmatch(t); m != nil {
			where = strings.TrimRight(m[1], ". ")
		} else if m := inSystem().FindStringSubmatch(t); m != nil {
			where = m[1]
		} else if m := storeNoun().FindStringSubmatch(t); m != nil {
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
	if cond, _ := prose.Split(s + ", x"); cond != "" {
		return false // "**If the verification fails**: …" is a condition, not a role
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

var stepNumber = lazyRegexp(`^\d+(\.\d+)*\.?$`)

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
			if j == 0 && noteLabel(sp[:i]) {
				// "… and type the password.\n**Note**  \nThe password must
				// meet …": the bold word on its own line labels the note.
				head = head[:i-1]
				tail = strings.TrimSpace(sp[i-1].Text) + ": " + tail
			}
			return dropEmpty(head), strings.ReplaceAll(tail, lineBreak, " ")
		}
	}
	return sp, ""
}

// namesTask reports whether a title names a piece of work: an
// instruction ("Reset the password") or its purpose ("To change a user's
// password (AWS CLI)").
func namesTask(t string) bool {
	if len(strings.Fields(t)) > 14 || strings.Contains(t, ". ") {
		return false // a note in bold, not a title
	}
	if rest, ok := strings.CutPrefix(strings.TrimSpace(t), "To "); ok {
		t = rest
	}
	return startsWithVerb(strings.TrimRight(t, ": "))
}

// allStrong reports whether every word of sp is bold.
func allStrong(sp []sopgen.Span) bool {
	seen := false
	for _, s := range sp {
		if strings.TrimSpace(s.Text) == "" {
			continue
		}
		if !s.Strong {
			return false
		}
		seen = true
	}
	return seen
}

// noteLabel reports whether the last of sp is a label that starts a line
// of its own: one or two words in bold, after a finished sentence.
func noteLabel(sp []sopgen.Span) bool {
	n := len(sp)
	if n < 2 || !sp[n-1].Strong {
		return false
	}
	label := strings.TrimSpace(sp[n-1].Text)
	before := strings.TrimSpace(sp[n-2].Text)
	if label == "" || len(strings.Fields(label)) > 2 || strings.ContainsAny(label, ".,;") || before == "" {
		return false
	}
	return strings.ContainsAny(before[len(before)-1:], ".:!?")
}

// itemSpans is the text of a list item without its nested lists.
func (p *mdReader) itemSpans(it ast.Node) []sopgen.Span {
	var out []sopgen.Span
	for c := it.FirstChild(); c != nil; c = c.NextSibling() {
		if _, ok := c.(*ast.List); ok {
			continue
		}
		if _, ok := c.(*ast.Blockquote); ok {
			continue // "> [!NOTE] …": a note on the step, not the step
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
				// Entities (&gt;, &#39;) are what they stand for.
				v := util.UnescapePunctuations(c.Segment.Value(p.src))
				if bytes.IndexByte(v, '&') >= 0 {
					v = util.ResolveEntityNames(util.ResolveNumericReferences(v))
				}
				out = append(out, sopgen.Span{Text: string(v), Strong: strong})
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

// NotSOPDocument says why a Markdown SOP, read, is no SOP, or "" when it
// is one: the reader found a procedure in it, or at least two of the six
// sections, or its title says it is a procedure for access work ("Remove
// a user's GitHub access", "MFA reset policy", "Process for Unlocking
// Accounts"), which the lint then holds to what an SOP must have.
func namesAccessProcedure(title string) bool {
	access, procedure := false, false
	ws := prose.Tokens(title)
	for i, w := range ws {
		switch strings.TrimSuffix(w, "s") {
		case "reset", "unlock", "unlocking", "recovery", "offboarding", "off-boarding", "removal", "deactivation", "revocation":
			// The work itself, named: "MFA Reset", "Account recovery".
			access, procedure = true, true
		case "password", "passcode", "locked", "mfa", "2fa", "2sv", "two-factor", "multi-factor",
			"authenticator", "acces", "account", "leaver", "onboarding", "permission", "credential":
			access = true
		case "procedure", "proces", "policy", "policie", "runbook", "checklist", "sop", "guide", "step":
			procedure = true
		case "how":
			procedure = procedure || i+1 < len(ws) && ws[i+1] == "to"
		}
	}
	return access && (procedure || startsWithVerb(title))
}

// NotSOPDocument says why a Markdown SOP, read, is no SOP, or "" when it
// is one.
func NotSOPDocument(d *sopgen.Document) string {
	if len(d.Steps()) > 0 || len(d.Headings) >= 2 || namesAccessProcedure(d.Meta.Title) {
		return ""
	}
	return "no procedure found: no list or paragraph of actions, no step headings, and fewer than two SOP sections"
}
