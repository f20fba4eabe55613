// Package chromerecorder converts Chrome DevTools Recorder exports (the
// @puppeteer/replay UserFlow JSON) to stepwise/recording@1.
//
// It keeps what a procedure needs and drops what could carry a secret:
// keyDown and keyUp steps are dropped, the value of a change step is never
// read into the result (an input step records only the kind of field), a
// chosen option is kept only when the selectors prove the field is a real
// <select>, and URL queries and fragments are cut.
//
// Before converting, it checks the export's shape the way @puppeteer/replay
// reads one (known step types, the fields each requires, JSON types), so
// that bad input is reported by JSON pointer and line, never met halfway
// through the conversion.
package chromerecorder

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/jsontree"
)

// ErrNotUserFlow is matched by the error of every input that is not a
// valid Recorder export.
var ErrNotUserFlow = errors.New("not a valid Chrome DevTools Recorder export")

// Options fill what an export does not hold.
type Options struct {
	// Workflow is the slug; empty derives one from the export's title.
	Workflow string
	// ID is the recording id; empty derives a stable one from the bytes.
	ID string
	// RecordedAt is used when the title carries no date; RFC 3339.
	RecordedAt string
	// Apps maps host names to the application names steps should show.
	Apps map[string]string
	// Role is the actor role to record, if known.
	Role string
	// Dropped, when set, counts the URL parts the import drops (user-info,
	// query and fragment) for the redaction summary.
	Dropped *sopgen.Redactions
}

type userFlow struct {
	Title string            `json:"title"`
	Steps []json.RawMessage `json:"steps"`
}

// step holds the fields the importer reads. Value is deliberately absent:
// the typed value of a change step is never decoded.
type step struct {
	Type           string          `json:"type"`
	URL            string          `json:"url"`
	Target         string          `json:"target"`
	Selectors      json.RawMessage `json:"selectors"`
	Button         string          `json:"button"`
	AssertedEvents []struct {
		Type  string `json:"type"`
		URL   string `json:"url"`
		Title string `json:"title"`
	} `json:"assertedEvents"`
}

// Detect reports whether data looks like a Recorder export: an object with
// a steps array whose entries have a type and no stepwise schema.
func Detect(data []byte) bool {
	var probe struct {
		Schema *string `json:"schema"`
		Steps  []struct {
			Type *string `json:"type"`
		} `json:"steps"`
	}
	if json.Unmarshal(data, &probe) != nil || probe.Schema != nil || len(probe.Steps) == 0 {
		return false
	}
	return probe.Steps[0].Type != nil
}

// Convert turns one export into a recording. The result is validated by
// the same rules as any uploaded recording. An export that is not valid
// JSON, or whose shape is not the Recorder's (a step of an unknown type, a
// step without the fields its type requires, a field of the wrong type),
// gives an error that matches ErrNotUserFlow and sopgen.ErrInvalid and
// holds a *sopgen.ValidationError naming the JSON pointer and line of each
// problem, never the rejected value.
func Convert(data []byte, opts Options) (*sopgen.Recording, error) {
	root, err := parse(data)
	if err != nil {
		return nil, err
	}
	ls := jsontree.NewLines(data)
	chk := &checker{lines: ls}
	chk.check(root)
	if err := chk.err(); err != nil {
		return nil, err
	}
	steps := root.Get("steps")
	var flow userFlow
	if err := json.Unmarshal(data, &flow); err != nil {
		return nil, invalid(sopgen.FieldError{Reason: "not a Recorder export: " + strings.TrimPrefix(err.Error(), "json: ")})
	}
	rec := &sopgen.Recording{
		Schema:     sopgen.Schema,
		ID:         opts.ID,
		Workflow:   opts.Workflow,
		Title:      clip(sopgen.CleanText(flow.Title)),
		RecordedAt: recordedAt(flow.Title, opts.RecordedAt),
		Recorder:   sopgen.Recorder{Name: "chrome-devtools-recorder", Version: "userflow"},
	}
	if rec.ID == "" {
		sum := sha256.Sum256(data)
		rec.ID = "chrome-" + hex.EncodeToString(sum[:12])
	}
	if rec.Workflow == "" {
		rec.Workflow = slug(flow.Title)
	}
	if opts.Role != "" {
		rec.Actor = &sopgen.Actor{Role: opts.Role}
	}
	c := converter{opts: opts, target: "main"}
	for i, raw := range flow.Steps {
		var s step
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, invalid(sopgen.FieldError{Pointer: "/steps/" + strconv.Itoa(i), Line: ls.Line(steps.Arr[i].Off), Reason: "not a Recorder step: " + strings.TrimPrefix(err.Error(), "json: ")})
		}
		c.index = i
		c.step(&s, raw)
	}
	if len(c.out) == 0 {
		return nil, invalid(sopgen.FieldError{Pointer: "/steps", Line: ls.Line(steps.Off), Reason: "no step that a procedure can use (only viewport, key or wait steps)"})
	}
	if len(c.out) > sopgen.MaxSteps {
		return nil, invalid(sopgen.FieldError{Pointer: "/steps", Line: ls.Line(steps.Off), Reason: fmt.Sprintf("gives %d usable steps; at most %d are allowed", len(c.out), sopgen.MaxSteps)})
	}
	rec.Steps = c.out
	// Validate the way an upload is validated, through the encoder and the
	// strict decoder, so an import can never produce what ingest rejects.
	buf, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("encode the imported recording: %w", err)
	}
	out, err := sopgen.ParseRecording(buf)
	var ve *sopgen.ValidationError
	if errors.As(err, &ve) {
		return nil, invalid(c.locate(ve.Errors, steps, ls)...)
	}
	return out, err
}

// locate points the problems of the imported recording at the export: a
// problem of imported step n is one of the export's step it came from.
func (c *converter) locate(problems []sopgen.FieldError, steps *jsontree.Node, ls jsontree.Lines) []sopgen.FieldError {
	out := make([]sopgen.FieldError, 0, len(problems))
	for _, p := range problems {
		fe := sopgen.FieldError{Pointer: p.Pointer, Reason: "in the imported recording: " + p.Reason}
		if rest, ok := strings.CutPrefix(p.Pointer, "/steps/"); ok {
			num, field, _ := strings.Cut(rest, "/")
			if n, err := strconv.Atoi(num); err == nil && n >= 0 && n < len(c.from) {
				src := c.from[n]
				fe.Pointer = "/steps/" + strconv.Itoa(src)
				fe.Line = ls.Line(steps.Arr[src].Off)
				if field != "" {
					fe.Reason = "the imported step's " + field + ": " + p.Reason
				}
			}
		}
		out = append(out, fe)
	}
	return out
}

type converter struct {
	opts   Options
	out    []sopgen.Step
	from   []int // for each step of out, the index of the export's step it came from
	index  int   // the export's step being converted
	page   string
	url    string
	target string
}

func (c *converter) emit(s sopgen.Step) {
	s.T = 0 // exports carry no timing
	if s.URL == "" {
		s.URL = c.url
	}
	if s.Page == "" {
		s.Page = c.page
	}
	s.App = c.app(s.URL)
	c.out = append(c.out, s)
	c.from = append(c.from, c.index)
}

func (c *converter) app(u string) string {
	p, err := url.Parse(u)
	if err != nil || p.Hostname() == "" {
		return ""
	}
	if a, ok := c.opts.Apps[p.Hostname()]; ok {
		return a
	}
	return p.Hostname()
}

func (c *converter) navigated(s *step) {
	for _, e := range s.AssertedEvents {
		if e.Type == "navigation" {
			if e.URL != "" {
				c.url = c.cleanURL(e.URL)
			}
			c.page = clip(sopgen.CleanText(e.Title))
		}
	}
}

func (c *converter) step(s *step, raw json.RawMessage) {
	// A step aimed at another page than the main one (a popup, a new tab)
	// is a switch of tab first.
	if s.Target != "" && s.Target != c.target && s.Type != "navigate" {
		c.target = s.Target
		if s.Target == "main" {
			c.emit(sopgen.Step{Action: "switch_tab"})
		} else {
			c.url, c.page = c.cleanURL(s.Target), ""
			c.emit(sopgen.Step{Action: "switch_tab", URL: c.url})
		}
	}
	switch s.Type {
	case "navigate":
		c.url, c.page = c.cleanURL(s.URL), ""
		c.navigated(s)
		c.emit(sopgen.Step{Action: "navigate"})
	case "click", "doubleClick":
		t := target(s.Selectors)
		c.emit(sopgen.Step{Action: "click", Target: t})
		c.after(s)
	case "change":
		t := target(s.Selectors)
		if isSelect(s.Selectors) {
			// Only here is the value read: the selectors prove a <select>,
			// whose value is one of its options, chosen and never typed.
			var opt struct {
				Value string `json:"value"`
			}
			json.Unmarshal(raw, &opt)
			c.emit(sopgen.Step{Action: "select", Target: t, Choice: clip(sopgen.CleanText(opt.Value))})
		} else {
			c.emit(sopgen.Step{Action: "input", Target: t, FieldKind: fieldKind(t)})
		}
		c.after(s)
	case "close":
		c.emit(sopgen.Step{Action: "close_tab"})
	case "keyDown", "keyUp", "setViewport", "hover", "waitForElement", "waitForExpression",
		"emulateNetworkConditions", "scroll", "customStep":
		// Keys are never imported; the rest is replay plumbing. A key that
		// caused a navigation (Enter submitting a form) still moved the
		// person to a new page, which is kept.
		if s.Type == "keyDown" && len(s.AssertedEvents) > 0 {
			c.emit(sopgen.Step{Action: "submit"})
			c.after(s)
		}
	}
}

// after follows a navigation a step caused.
func (c *converter) after(s *step) {
	before := c.url
	c.navigated(s)
	if c.url != before {
		c.emit(sopgen.Step{Action: "navigate"})
	}
}

// cleanURL drops the parts of a URL the format never keeps, counting them
// when the caller asked to.
func (c *converter) cleanURL(u string) string {
	var r sopgen.Redactions
	u = clip(sopgen.CutURL(u, &r))
	if c.opts.Dropped != nil {
		*c.opts.Dropped = c.opts.Dropped.Add(r)
	}
	return u
}

// clip cuts s to the format's limit of characters.
func clip(s string) string {
	if utf8.RuneCountInString(s) <= sopgen.MaxStringChars {
		return s
	}
	return string([]rune(s)[:sopgen.MaxStringChars])
}

// selectorChains reads both forms Chrome writes: a flat list of strings and
// a list of chains (each a list of strings through frames and shadow roots).
func selectorChains(raw json.RawMessage) [][]string {
	var nested [][]string
	if json.Unmarshal(raw, &nested) == nil {
		return nested
	}
	var mixed []json.RawMessage
	if json.Unmarshal(raw, &mixed) != nil {
		return nil
	}
	var out [][]string
	for _, m := range mixed {
		var s string
		if json.Unmarshal(m, &s) == nil {
			out = append(out, []string{s})
			continue
		}
		var chain []string
		if json.Unmarshal(m, &chain) == nil {
			out = append(out, chain)
		}
	}
	return out
}

var ariaRole = lazyRegexp(`\[role="([^"]*)"\]$`)

// valueAttr removes attribute values from a CSS selector that could hold
// typed text.
var valueAttr = lazyRegexp(`(?i)\[(value|data-value|placeholder)[^\]]*\]`)

// target builds the accessible role and name from aria/ then text/
// selectors, and keeps the first CSS selector.
func target(raw json.RawMessage) *sopgen.Target {
	t := &sopgen.Target{}
	var textName, xpath string
	for _, chain := range selectorChains(raw) {
		if len(chain) == 0 {
			continue
		}
		last := chain[len(chain)-1]
		switch {
		case strings.HasPrefix(last, "aria/"):
			if t.Name == "" {
				name := strings.TrimPrefix(last, "aria/")
				if m := ariaRole().FindStringSubmatch(name); m != nil {
					t.Role = m[1]
					name = strings.TrimSuffix(name, m[0])
				}
				t.Name = name
			}
		case strings.HasPrefix(last, "text/"):
			if textName == "" {
				textName = strings.TrimPrefix(last, "text/")
			}
		case strings.HasPrefix(last, "xpath/"):
			if xpath == "" {
				xpath = strings.TrimPrefix(last, "xpath/")
			}
		case strings.HasPrefix(last, "pierce/"):
			if t.Selector == "" {
				t.Selector = strings.TrimPrefix(last, "pierce/")
			}
		default:
			if t.Selector == "" || strings.HasPrefix(t.Selector, "pierce") {
				t.Selector = last
			}
		}
	}
	if t.Name == "" {
		t.Name = textName
	}
	if t.Selector == "" {
		t.Selector = xpath
	}
	t.Name = clip(sopgen.CleanText(t.Name))
	t.Selector = clip(valueAttr().ReplaceAllString(t.Selector, ""))
	if t.Name == "" && t.Selector == "" {
		return nil
	}
	return t
}

var (
	cssSelectTag   = lazyRegexp(`(?i)(^|[\s>+~])select([#.\[:]|$)`)
	xpathSelectTag = lazyRegexp(`(?i)/select(\[\d+\])?$`)
)

// isSelect reports whether a selector names a <select> element by its tag.
func isSelect(raw json.RawMessage) bool {
	for _, chain := range selectorChains(raw) {
		if len(chain) == 0 {
			continue
		}
		last := chain[len(chain)-1]
		switch {
		case strings.HasPrefix(last, "xpath/"):
			if xpathSelectTag().MatchString(last) {
				return true
			}
		case strings.HasPrefix(last, "aria/"), strings.HasPrefix(last, "text/"):
		default:
			if cssSelectTag().MatchString(strings.TrimPrefix(last, "pierce/")) {
				return true
			}
		}
	}
	return false
}

var kindHints = []struct {
	kind string
	re   func() *regexp.Regexp
}{
	{"password", lazyRegexp(`(?i)pass(word|code)?|pwd|secret|pin\b`)},
	{"email", lazyRegexp(`(?i)e-?mail`)},
	{"tel", lazyRegexp(`(?i)phone|mobile|\btel\b`)},
	{"date", lazyRegexp(`(?i)date|\bdob\b|birth`)},
	{"search", lazyRegexp(`(?i)search|\bq\b|find`)},
	{"number", lazyRegexp(`(?i)number|amount|qty|quantity|\bcode\b|zip|postcode|otp`)},
}

// fieldKind guesses the kind of field from its name and selector.
func fieldKind(t *sopgen.Target) string {
	if t == nil {
		return "other"
	}
	s := t.Name + " " + t.Selector
	for _, h := range kindHints {
		if h.re().MatchString(s) {
			return h.kind
		}
	}
	return "text"
}

var slugRun = lazyRegexp(`[^a-z0-9]+`)

func slug(title string) string {
	s := strings.Trim(slugRun().ReplaceAllString(strings.ToLower(title), "-"), "-")
	if len(s) > 64 {
		s = strings.TrimRight(s[:64], "-")
	}
	if s == "" {
		return "chrome-recording"
	}
	return s
}

// chromeTitle matches the default title Chrome gives a recording.
var chromeTitle = lazyRegexp(`^Recording (\d{1,2}/\d{1,2}/\d{4}) at (\d{1,2}:\d{2}:\d{2} [AP]M)$`)

// recordedAt takes the date from Chrome's default title when it has one,
// else the given fallback, else the Unix epoch.
func recordedAt(title, fallback string) string {
	if m := chromeTitle().FindStringSubmatch(title); m != nil {
		if t, err := time.Parse("1/2/2006 3:04:05 PM", m[1]+" "+m[2]); err == nil {
			return t.UTC().Format(time.RFC3339)
		}
	}
	if fallback != "" {
		return fallback
	}
	return "1970-01-01T00:00:00Z"
}

// Flows splits the test-suite form some exports come in (an object mapping
// names to flows) into its flows, by name in file order. A single flow is
// returned as one entry named by its title.
func Flows(data []byte) ([]string, [][]byte, error) {
	if Detect(data) {
		var f userFlow
		json.Unmarshal(data, &f)
		return []string{f.Title}, [][]byte{data}, nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, nil, ErrNotUserFlow
	}
	var names []string
	var flows [][]byte
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, nil, fmt.Errorf("%w: %v", ErrNotUserFlow, err)
		}
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, nil, fmt.Errorf("%w: %v", ErrNotUserFlow, err)
		}
		if !Detect(raw) {
			return nil, nil, ErrNotUserFlow
		}
		names = append(names, tok.(string))
		flows = append(flows, raw)
	}
	return names, flows, nil
}
