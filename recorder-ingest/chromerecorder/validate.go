package chromerecorder

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/stepwise-sop/stepwise/sopgen"
)

// Bounds of what the importer reads, whatever the input.
const (
	// maxDepth bounds nesting; real exports nest five levels deep.
	maxDepth = 32
	// maxInputSteps bounds the steps of an export. Key and viewport steps
	// are dropped, so an export may hold more steps than a recording may
	// (sopgen.MaxSteps), but not without end.
	maxInputSteps = 5 * sopgen.MaxSteps
)

// node is a JSON value with the offset where it starts.
type node struct {
	kind byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' boolean, '0' null
	off  int64
	str  string
	num  json.Number
	keys []string
	vals []*node
	arr  []*node
}

// get returns the value of key; of a key given twice, the last, as
// encoding/json (which the conversion uses) reads it.
func (n *node) get(key string) *node {
	for i := len(n.keys) - 1; i >= 0; i-- {
		if n.keys[i] == key {
			return n.vals[i]
		}
	}
	return nil
}

func (n *node) typeName() string {
	switch n.kind {
	case 'o':
		return "an object"
	case 'a':
		return "an array"
	case 's':
		return "a string"
	case 'n':
		return "a number"
	case 'b':
		return "a boolean"
	}
	return "null"
}

// lines maps byte offsets to 1-based line numbers.
type lines []int64

func newLines(data []byte) lines {
	ls := lines{0}
	for i, b := range data {
		if b == '\n' {
			ls = append(ls, int64(i+1))
		}
	}
	return ls
}

func (ls lines) line(off int64) int {
	lo, hi := 0, len(ls)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if ls[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1
}

// invalid is the error of a rejected export: it matches ErrNotUserFlow and
// sopgen.ErrInvalid, and errors.As finds the *sopgen.ValidationError with
// the pointer and line of each problem.
func invalid(problems ...sopgen.FieldError) error {
	return fmt.Errorf("%w: %w", ErrNotUserFlow, &sopgen.ValidationError{Errors: problems})
}

// parse builds the tree of data, or says where the JSON is broken.
func parse(data []byte, ls lines) (*node, error) {
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return nil, invalid(sopgen.FieldError{Line: ls.line(int64(off)), Reason: fmt.Sprintf("invalid UTF-8 at byte %d", off)})
	}
	if json.Valid(data) {
		// The common case: walk the bytes json.Valid has proved well
		// formed, without the decoder's token API, which costs several
		// times more.
		w := &walker{data: data, lines: ls}
		return w.value(0)
	}
	// Broken JSON: the decoder says where.
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := &parser{data: data, dec: dec, lines: ls}
	root, err := p.value("", 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, invalid(sopgen.FieldError{Line: ls.line(dec.InputOffset()), Reason: "unexpected data after the top-level value"})
	}
	return root, nil
}

type parser struct {
	data  []byte
	dec   *json.Decoder
	lines lines
}

func (p *parser) fail(ptr string, err error) error {
	off := p.dec.InputOffset()
	reason := "invalid JSON"
	var se *json.SyntaxError
	switch {
	case errors.As(err, &se):
		off = se.Offset
		reason = "invalid JSON: " + strings.TrimPrefix(se.Error(), "json: ")
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		reason = "invalid JSON: unexpected end of input"
	}
	return invalid(sopgen.FieldError{Pointer: ptr, Line: p.lines.line(off), Reason: reason})
}

// start skips the white space and separators before the value the decoder
// reads next.
func (p *parser) start(off int64) int64 {
	for off < int64(len(p.data)) && strings.IndexByte(" \t\r\n,:", p.data[off]) >= 0 {
		off++
	}
	return off
}

func (p *parser) value(ptr string, depth int) (*node, error) {
	off := p.start(p.dec.InputOffset())
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.fail(ptr, err)
	}
	n := &node{off: off}
	switch t := tok.(type) {
	case json.Delim:
		if t != '{' && t != '[' {
			return nil, invalid(sopgen.FieldError{Pointer: ptr, Line: p.lines.line(off), Reason: "invalid JSON: unexpected " + string(t)})
		}
		if depth >= maxDepth {
			return nil, invalid(sopgen.FieldError{Pointer: ptr, Line: p.lines.line(off), Reason: fmt.Sprintf("nested deeper than %d levels", maxDepth)})
		}
		if t == '{' {
			n.kind = 'o'
			for p.dec.More() {
				kt, err := p.dec.Token()
				if err != nil {
					return nil, p.fail(ptr, err)
				}
				key, _ := kt.(string)
				v, err := p.value(ptr+"/"+escape(key), depth+1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key)
				n.vals = append(n.vals, v)
			}
		} else {
			n.kind = 'a'
			for i := 0; p.dec.More(); i++ {
				v, err := p.value(ptr+"/"+strconv.Itoa(i), depth+1)
				if err != nil {
					return nil, err
				}
				n.arr = append(n.arr, v)
			}
		}
		if _, err := p.dec.Token(); err != nil {
			return nil, p.fail(ptr, err)
		}
	case string:
		n.kind, n.str = 's', t
	case json.Number:
		n.kind, n.num = 'n', t
	case bool:
		n.kind = 'b'
	default:
		n.kind = '0'
	}
	return n, nil
}

// walker builds the tree of a document that json.Valid accepted: the
// grammar is known to hold, so it only finds where values start and end,
// and bounds the depth.
type walker struct {
	data  []byte
	pos   int
	lines lines
	path  []ref // of the value being read, for the pointer of a problem
}

// ref is one reference token of a pointer: an object key or an index.
type ref struct {
	key   string
	index int
	isKey bool
}

func (w *walker) pointer() string {
	var b strings.Builder
	for _, r := range w.path {
		b.WriteByte('/')
		if r.isKey {
			b.WriteString(escape(r.key))
		} else {
			b.WriteString(strconv.Itoa(r.index))
		}
	}
	return b.String()
}

func (w *walker) space() {
	for w.pos < len(w.data) {
		switch w.data[w.pos] {
		case ' ', '\t', '\r', '\n':
			w.pos++
		default:
			return
		}
	}
}

func (w *walker) value(depth int) (*node, error) {
	w.space()
	n := &node{off: int64(w.pos)}
	switch c := w.data[w.pos]; c {
	case '{', '[':
		if depth >= maxDepth {
			return nil, invalid(sopgen.FieldError{Pointer: w.pointer(), Line: w.lines.line(n.off), Reason: fmt.Sprintf("nested deeper than %d levels", maxDepth)})
		}
		w.pos++
		w.space()
		end := byte('}')
		n.kind = 'o'
		if c == '[' {
			end, n.kind = ']', 'a'
		}
		if w.data[w.pos] == end {
			w.pos++
			return n, nil
		}
		for i := 0; ; i++ {
			if c == '{' {
				w.space()
				key := w.str()
				w.space()
				w.pos++ // the colon
				w.path = append(w.path, ref{key: key, isKey: true})
				v, err := w.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, key)
				n.vals = append(n.vals, v)
			} else {
				w.path = append(w.path, ref{index: i})
				v, err := w.value(depth + 1)
				if err != nil {
					return nil, err
				}
				n.arr = append(n.arr, v)
			}
			w.path = w.path[:len(w.path)-1]
			w.space()
			w.pos++ // a comma, or the end
			if w.data[w.pos-1] == end {
				return n, nil
			}
		}
	case '"':
		n.kind, n.str = 's', w.str()
	case 't':
		n.kind = 'b'
		w.pos += len("true")
	case 'f':
		n.kind = 'b'
		w.pos += len("false")
	case 'n':
		n.kind = '0'
		w.pos += len("null")
	default:
		start := w.pos
		for w.pos < len(w.data) && strings.IndexByte("+-0123456789.eE", w.data[w.pos]) >= 0 {
			w.pos++
		}
		n.kind, n.num = 'n', json.Number(w.data[start:w.pos])
	}
	return n, nil
}

// str reads the string at pos.
func (w *walker) str() string {
	start, escaped := w.pos, false
	i := start + 1
	for w.data[i] != '"' {
		if w.data[i] == '\\' {
			escaped = true
			i++
		}
		i++
	}
	w.pos = i + 1
	if !escaped {
		return string(w.data[start+1 : i])
	}
	var s string
	json.Unmarshal(w.data[start:w.pos], &s) // valid, as json.Valid said
	return s
}

// escape makes one RFC 6901 reference token, cut to 64 bytes so that a
// hostile key cannot flood an error message.
func escape(tok string) string {
	if len(tok) > 64 {
		cut := 64
		for cut > 0 && !utf8.RuneStart(tok[cut]) {
			cut--
		}
		tok = tok[:cut] + "…"
	}
	if !strings.ContainsAny(tok, "~/") {
		return tok
	}
	return pointerEscaper.Replace(tok)
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// checker collects the problems of an export, up to sopgen.MaxErrors.
type checker struct {
	lines    lines
	problems sopgen.Problems
}

func (c *checker) add(n *node, ptr, reason string) {
	fe := sopgen.FieldError{Pointer: ptr, Reason: reason}
	if n != nil {
		fe.Line = c.lines.line(n.off)
	}
	c.problems.Add(fe)
}

func (c *checker) err() error {
	if err := c.problems.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrNotUserFlow, err)
	}
	return nil
}

// kind checks that the field key of obj, when present, is of kind k
// ('s', 'n', 'b', 'o', 'a', or 'i' for an array of integers); a missing
// field is a problem only when required.
func (c *checker) kind(obj *node, ptr, key string, k byte, required bool) *node {
	v := obj.get(key)
	p := ptr + "/" + escape(key)
	if v == nil {
		if required {
			c.add(obj, p, "missing")
		}
		return nil
	}
	want := kindNames[k]
	switch {
	case k == 'i':
		ok := v.kind == 'a'
		for _, e := range v.arr {
			if _, err := strconv.ParseInt(string(e.num), 10, 64); e.kind != 'n' || err != nil {
				ok = false
			}
		}
		if !ok {
			c.add(v, p, "must be "+want)
			return nil
		}
	case v.kind != k:
		c.add(v, p, "must be "+want+", not "+v.typeName())
		return nil
	}
	return v
}

var kindNames = map[byte]string{'s': "a string", 'n': "a number", 'b': "a boolean", 'o': "an object", 'a': "an array", 'i': "an array of integers"}

// oneOf checks a string field against its allowed values; the rejected
// value is not repeated.
func (c *checker) oneOf(obj *node, ptr, key string, allowed ...string) {
	v := c.kind(obj, ptr, key, 's', false)
	if v != nil && !contains(allowed, v.str) {
		c.add(v, ptr+"/"+key, "must be one of "+strings.Join(allowed, ", "))
	}
}

func contains(list []string, s string) bool {
	for _, e := range list {
		if e == s {
			return true
		}
	}
	return false
}

// stepTypes lists the step types of the Recorder's format, in the order
// its documentation gives them.
var stepTypes = []string{"change", "click", "close", "customStep", "doubleClick", "emulateNetworkConditions",
	"hover", "keyDown", "keyUp", "navigate", "scroll", "setViewport", "waitForElement", "waitForExpression"}

// check validates the shape of an export the way @puppeteer/replay reads
// one: an object whose steps are objects of a known type with the fields
// that type requires, each of the right JSON type. offsetX and offsetY of
// clicks are optional here (Chrome's own tests strip them, and they say
// nothing about the procedure).
func (c *checker) check(root *node) {
	if root.kind != 'o' {
		c.add(root, "", "must be an object, not "+root.typeName())
		return
	}
	c.kind(root, "", "title", 's', false)
	c.kind(root, "", "timeout", 'n', false)
	c.kind(root, "", "selectorAttribute", 's', false)
	steps := c.kind(root, "", "steps", 'a', true)
	if steps == nil {
		return
	}
	switch {
	case len(steps.arr) == 0:
		c.add(steps, "/steps", "holds no step")
	case len(steps.arr) > maxInputSteps:
		c.add(steps, "/steps", fmt.Sprintf("holds %d steps; at most %d are read", len(steps.arr), maxInputSteps))
		return
	}
	for i, s := range steps.arr {
		c.step(s, "/steps/"+strconv.Itoa(i))
	}
}

func (c *checker) step(s *node, ptr string) {
	if s.kind != 'o' {
		c.add(s, ptr, "must be an object, not "+s.typeName())
		return
	}
	typ := c.kind(s, ptr, "type", 's', true)
	c.kind(s, ptr, "timeout", 'n', false)
	c.kind(s, ptr, "target", 's', false)
	c.kind(s, ptr, "frame", 'i', false)
	if evs := c.kind(s, ptr, "assertedEvents", 'a', false); evs != nil {
		for i, e := range evs.arr {
			p := ptr + "/assertedEvents/" + strconv.Itoa(i)
			if e.kind != 'o' {
				c.add(e, p, "must be an object, not "+e.typeName())
				continue
			}
			if t := c.kind(e, p, "type", 's', true); t != nil && t.str != "navigation" {
				c.add(t, p+"/type", "must be navigation")
			}
			c.kind(e, p, "url", 's', false)
			c.kind(e, p, "title", 's', false)
		}
	}
	if typ == nil {
		return
	}
	switch typ.str {
	case "click", "doubleClick":
		c.selectors(s, ptr, true)
		c.kind(s, ptr, "offsetX", 'n', false)
		c.kind(s, ptr, "offsetY", 'n', false)
		c.kind(s, ptr, "duration", 'n', false)
		c.oneOf(s, ptr, "button", "primary", "auxiliary", "secondary", "back", "forward")
		c.oneOf(s, ptr, "deviceType", "mouse", "pen", "touch")
	case "hover":
		c.selectors(s, ptr, true)
	case "change":
		c.selectors(s, ptr, true)
		c.kind(s, ptr, "value", 's', true)
	case "keyDown", "keyUp":
		c.kind(s, ptr, "key", 's', true)
	case "emulateNetworkConditions":
		for _, k := range []string{"download", "upload", "latency"} {
			c.kind(s, ptr, k, 'n', true)
		}
	case "close":
	case "setViewport":
		for _, k := range []string{"width", "height", "deviceScaleFactor"} {
			c.kind(s, ptr, k, 'n', true)
		}
		for _, k := range []string{"isMobile", "hasTouch", "isLandscape"} {
			c.kind(s, ptr, k, 'b', true)
		}
	case "scroll":
		c.kind(s, ptr, "x", 'n', false)
		c.kind(s, ptr, "y", 'n', false)
		c.selectors(s, ptr, false)
	case "navigate":
		c.kind(s, ptr, "url", 's', true)
	case "customStep":
		c.kind(s, ptr, "name", 's', true)
	case "waitForElement":
		c.selectors(s, ptr, true)
		c.oneOf(s, ptr, "operator", ">=", "==", "<=")
		c.kind(s, ptr, "count", 'n', false)
		c.kind(s, ptr, "visible", 'b', false)
		c.kind(s, ptr, "properties", 'o', false)
		c.kind(s, ptr, "attributes", 'o', false)
	case "waitForExpression":
		c.kind(s, ptr, "expression", 's', true)
	default:
		c.add(typ, ptr+"/type", "is not a step type of the Recorder (one of "+strings.Join(stepTypes, ", ")+")")
	}
}

// selectors checks a selector list: strings, or chains of strings.
func (c *checker) selectors(s *node, ptr string, required bool) {
	sel := c.kind(s, ptr, "selectors", 'a', required)
	if sel == nil {
		return
	}
	for i, e := range sel.arr {
		p := ptr + "/selectors/" + strconv.Itoa(i)
		switch e.kind {
		case 's':
		case 'a':
			for j, part := range e.arr {
				if part.kind != 's' {
					c.add(part, p+"/"+strconv.Itoa(j), "must be a string, not "+part.typeName())
				}
			}
		default:
			c.add(e, p, "must be a string or an array of strings, not "+e.typeName())
		}
	}
}
