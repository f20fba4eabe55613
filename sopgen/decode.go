package sopgen

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Bounds on the shape of the JSON text, checked while the tree is built so
// that hostile input costs time and memory in proportion to its size and
// no more.
const (
	// maxDepth bounds nesting. A valid recording nests four levels deep;
	// the bound keeps hostile input from costing stack or time.
	maxDepth = 16
	// maxMembers bounds the members of one object. The largest object of
	// the format, a step, has 11; the bound also keeps the duplicate-key
	// check, a scan of the keys already read, linear in the input.
	maxMembers = 64
	// maxValues bounds the values in one document: 10,000 steps with every
	// field set hold about 150,000.
	maxValues = 1 << 18
)

var (
	idPattern   = regexp.MustCompile(`^[A-Za-z0-9_-]{8,64}$`)
	slugPattern = regexp.MustCompile(`^[a-z0-9-]{1,64}$`)
	// dataURI matches an RFC 2397 data: URI: an optional media type and
	// parameters, then the comma that starts the payload.
	dataURI = regexp.MustCompile(`(?i)\bdata:[a-z0-9!#$&^_.+-]*(/[a-z0-9!#$&^_.+-]+)?(;[^,\s]*)*,`)
)

// DecodeRecording reads one stepwise/recording@1 document and validates it.
// Every problem is reported at once as a *ValidationError (matching
// ErrInvalid) with the JSON pointer and line of each offending value.
func DecodeRecording(r io.Reader) (*Recording, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read recording: %w", err)
	}
	return ParseRecording(data)
}

// ParseRecording is DecodeRecording over bytes already in memory.
func ParseRecording(data []byte) (*Recording, error) {
	root, err := parseTree(data)
	if err != nil {
		return nil, err
	}
	v := &validator{lines: newLineIndex(data)}
	v.recording(root)
	if err := v.errs.Err(); err != nil {
		return nil, err
	}
	var rec Recording
	if err := json.Unmarshal(data, &rec); err != nil {
		// The tree walk accepted what json rejects: report, never panic.
		return nil, &ValidationError{Errors: []FieldError{{Reason: "cannot decode: " + err.Error()}}}
	}
	if steps := root.get("steps"); steps != nil {
		rec.StepLines = make([]int, len(steps.arr))
		for i, s := range steps.arr {
			rec.StepLines[i] = v.lines.line(s.off)
		}
	}
	return &rec, nil
}

// jnode is a JSON value with the byte offset where it starts.
type jnode struct {
	kind byte // 'o' object, 'a' array, 's' string, 'n' number, 'b' bool, '0' null
	keys []string
	vals []*jnode
	arr  []*jnode
	str  string
	num  json.Number
	off  int64
}

func (n *jnode) get(key string) *jnode {
	for i, k := range n.keys {
		if k == key {
			return n.vals[i]
		}
	}
	return nil
}

func (n *jnode) typeName() string {
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

// parseTree builds the value tree, rejecting invalid UTF-8, syntax errors,
// duplicate keys and excessive depth with the position where they occur.
func parseTree(data []byte) (*jnode, error) {
	lines := newLineIndex(data)
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return nil, &ValidationError{Errors: []FieldError{{Line: lines.line(int64(off)), Reason: fmt.Sprintf("invalid UTF-8 at byte %d", off)}}}
	}
	if json.Valid(data) {
		// The common case: walk the bytes json.Valid has proved well formed,
		// without encoding/json's token API, which costs a decode per token.
		w := &validWalker{data: data, lines: lines}
		return w.walk(0)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := &treeParser{dec: dec, lines: lines}
	root, err := p.value("", 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &ValidationError{Errors: []FieldError{{Line: lines.line(dec.InputOffset()), Reason: "unexpected data after the top-level value"}}}
	}
	return root, nil
}

type treeParser struct {
	dec    *json.Decoder
	lines  lineIndex
	values int
}

func (p *treeParser) fail(ptr string, err error) error {
	off := p.dec.InputOffset()
	var se *json.SyntaxError
	reason := "invalid JSON"
	switch {
	case errors.As(err, &se):
		off = se.Offset
		reason = "invalid JSON: " + strings.TrimPrefix(se.Error(), "json: ")
	case err == io.EOF || errors.Is(err, io.ErrUnexpectedEOF):
		reason = "invalid JSON: unexpected end of input"
	}
	return &ValidationError{Errors: []FieldError{{Pointer: ptr, Line: p.lines.line(off), Reason: reason}}}
}

func (p *treeParser) value(ptr string, depth int) (*jnode, error) {
	start := p.dec.InputOffset()
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.fail(ptr, err)
	}
	n := &jnode{off: p.valueStart(start)}
	if p.values++; p.values > maxValues {
		return nil, tooManyValues(ptr, p.lines.line(n.off))
	}
	switch t := tok.(type) {
	case json.Delim:
		if depth >= maxDepth {
			return nil, &ValidationError{Errors: []FieldError{{Pointer: ptr, Line: p.lines.line(n.off), Reason: fmt.Sprintf("nested deeper than %d levels", maxDepth)}}}
		}
		if t == '{' {
			n.kind = 'o'
			seen := map[string]bool{}
			for p.dec.More() {
				kt, err := p.dec.Token()
				if err != nil {
					return nil, p.fail(ptr, err)
				}
				key, _ := kt.(string)
				if len(n.keys) >= maxMembers {
					return nil, tooManyMembers(ptr, p.lines.line(n.off))
				}
				child := ptr + "/" + pointerEscape(key)
				if seen[key] {
					return nil, &ValidationError{Errors: []FieldError{{Pointer: child, Line: p.lines.line(p.dec.InputOffset()), Reason: "duplicate key"}}}
				}
				seen[key] = true
				v, err := p.value(child, depth+1)
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
	case nil:
		n.kind = '0'
	}
	return n, nil
}

// validWalker builds the tree of a document json.Valid accepted: the
// grammar is known to hold, so it only finds where each value starts and
// ends, and checks what json.Valid does not: depth, duplicate keys and the
// number of members and values.
type validWalker struct {
	data   []byte
	pos    int
	lines  lineIndex
	path   []string // reference tokens of the value being walked
	values int
}

func (w *validWalker) skipSpace() {
	for w.pos < len(w.data) {
		switch w.data[w.pos] {
		case ' ', '\t', '\r', '\n':
			w.pos++
		default:
			return
		}
	}
}

// pointer is the JSON pointer of the value being walked, built only for
// an error message.
func (w *validWalker) pointer() string {
	var b strings.Builder
	for _, seg := range w.path {
		b.WriteByte('/')
		b.WriteString(seg)
	}
	return b.String()
}

func (w *validWalker) walk(depth int) (*jnode, error) {
	w.skipSpace()
	n := &jnode{off: int64(w.pos)}
	if w.values++; w.values > maxValues {
		return nil, tooManyValues(w.pointer(), w.lines.line(n.off))
	}
	switch c := w.data[w.pos]; c {
	case '{', '[':
		if depth >= maxDepth {
			return nil, &ValidationError{Errors: []FieldError{{Pointer: w.pointer(), Line: w.lines.line(n.off), Reason: fmt.Sprintf("nested deeper than %d levels", maxDepth)}}}
		}
		w.pos++
		if c == '{' {
			n.kind = 'o'
			for {
				w.skipSpace()
				if w.data[w.pos] == '}' {
					w.pos++
					return n, nil
				}
				if w.data[w.pos] == ',' {
					w.pos++
					w.skipSpace()
				}
				keyOff := w.pos
				key, err := w.str()
				if err != nil {
					return nil, err
				}
				if len(n.keys) >= maxMembers {
					return nil, tooManyMembers(w.pointer(), w.lines.line(n.off))
				}
				w.path = append(w.path, pointerEscape(key))
				for _, k := range n.keys {
					if k == key {
						return nil, &ValidationError{Errors: []FieldError{{Pointer: w.pointer(), Line: w.lines.line(int64(keyOff)), Reason: "duplicate key"}}}
					}
				}
				w.skipSpace()
				w.pos++ // the colon
				v, err := w.walk(depth + 1)
				if err != nil {
					return nil, err
				}
				w.path = w.path[:len(w.path)-1]
				if n.keys == nil {
					n.keys, n.vals = make([]string, 0, 8), make([]*jnode, 0, 8)
				}
				n.keys = append(n.keys, key)
				n.vals = append(n.vals, v)
			}
		}
		n.kind = 'a'
		for {
			w.skipSpace()
			if w.data[w.pos] == ']' {
				w.pos++
				return n, nil
			}
			if w.data[w.pos] == ',' {
				w.pos++
			}
			w.path = append(w.path, strconv.Itoa(len(n.arr)))
			v, err := w.walk(depth + 1)
			if err != nil {
				return nil, err
			}
			w.path = w.path[:len(w.path)-1]
			n.arr = append(n.arr, v)
		}
	case '"':
		str, err := w.str()
		if err != nil {
			return nil, err
		}
		n.kind, n.str = 's', str
	case 't':
		n.kind = 'b'
		w.pos += 4
	case 'f':
		n.kind = 'b'
		w.pos += 5
	case 'n':
		n.kind = '0'
		w.pos += 4
	default: // a number
		start := w.pos
		for w.pos < len(w.data) && strings.IndexByte("+-0123456789.eE", w.data[w.pos]) >= 0 {
			w.pos++
		}
		n.kind, n.num = 'n', json.Number(w.data[start:w.pos])
	}
	return n, nil
}

func tooManyValues(ptr string, line int) error {
	return &ValidationError{Errors: []FieldError{{Pointer: ptr, Line: line, Reason: fmt.Sprintf("the document holds more than %d values", maxValues)}}}
}

func tooManyMembers(ptr string, line int) error {
	return &ValidationError{Errors: []FieldError{{Pointer: ptr, Line: line, Reason: fmt.Sprintf("object has more than %d members", maxMembers)}}}
}

// str reads the string at pos; only one with escapes goes through
// encoding/json.
func (w *validWalker) str() (string, error) {
	start := w.pos
	w.pos++
	escaped := false
	for w.data[w.pos] != '"' {
		if w.data[w.pos] == '\\' {
			escaped = true
			w.pos++
		}
		w.pos++
	}
	w.pos++
	if !escaped {
		return string(w.data[start+1 : w.pos-1]), nil
	}
	var s string
	if err := json.Unmarshal(w.data[start:w.pos], &s); err != nil {
		return "", &ValidationError{Errors: []FieldError{{Line: w.lines.line(int64(start)), Reason: "invalid JSON string"}}}
	}
	return s, nil
}

// valueStart finds the first byte of the value whose token begins after
// offset start, skipping the separators and white space json.Decoder leaves
// before it.
func (p *treeParser) valueStart(start int64) int64 {
	d := p.lines.data
	for start < int64(len(d)) {
		switch d[start] {
		case ' ', '\t', '\r', '\n', ',', ':':
			start++
			continue
		}
		break
	}
	return start
}

// lineIndex maps byte offsets to 1-based line numbers.
type lineIndex struct {
	data   []byte
	starts []int64
}

func newLineIndex(data []byte) lineIndex {
	li := lineIndex{data: data, starts: []int64{0}}
	for i, b := range data {
		if b == '\n' {
			li.starts = append(li.starts, int64(i+1))
		}
	}
	return li
}

func (li lineIndex) line(off int64) int {
	lo, hi := 0, len(li.starts)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if li.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo + 1
}

// validator checks a value tree against the recording format, collecting
// every problem rather than stopping at the first.
type validator struct {
	lines lineIndex
	errs  Problems
}

func (v *validator) add(n *jnode, ptr, reason string) {
	fe := FieldError{Pointer: ptr, Reason: reason}
	if n != nil {
		fe.Line = v.lines.line(n.off)
	}
	v.errs.Add(fe)
}

type fieldRule struct {
	required bool
	check    func(v *validator, n *jnode, ptr string)
}

// object checks that n is an object with only the listed keys and runs each
// key's check.
func (v *validator) object(n *jnode, ptr string, fields map[string]fieldRule, order []string) bool {
	if n.kind != 'o' {
		v.add(n, ptr, "must be an object, not "+n.typeName())
		return false
	}
	for i, k := range n.keys {
		if _, ok := fields[k]; !ok {
			v.add(n.vals[i], ptr+"/"+pointerEscape(k), unknownFieldReason(k))
		}
	}
	for _, k := range order {
		f := fields[k]
		c := n.get(k)
		if c == nil {
			if f.required {
				v.add(n, ptr+"/"+k, "is required")
			}
			continue
		}
		f.check(v, c, ptr+"/"+k)
	}
	return true
}

// unknownFieldReason explains why a field is refused; for the fields that
// would carry captured content it says so plainly.
func unknownFieldReason(k string) string {
	switch strings.ToLower(k) {
	case "screenshot", "screenshots", "image", "images", "thumbnail", "snapshot":
		return "unknown field: screenshots and images are never accepted"
	case "value", "values", "key", "keys", "keystroke", "keystrokes", "keycode", "typed", "password":
		return "unknown field: typed values and keystrokes are never accepted"
	}
	return "unknown field"
}

func (v *validator) str(n *jnode, ptr string) (string, bool) {
	if n.kind != 's' {
		v.add(n, ptr, "must be a string, not "+n.typeName())
		return "", false
	}
	if utf8.RuneCountInString(n.str) > MaxStringChars {
		v.add(n, ptr, fmt.Sprintf("longer than %d characters", MaxStringChars))
		return "", false
	}
	if mayHoldDataURI(n.str) && dataURI.MatchString(n.str) {
		v.add(n, ptr, "contains a data: URI")
		return "", false
	}
	if strings.IndexByte(n.str, 0) >= 0 {
		v.add(n, ptr, "contains a NUL character")
		return "", false
	}
	return n.str, true
}

// mayHoldDataURI reports whether "data:" (in any case) occurs in s: the
// cheap test before the full pattern.
func mayHoldDataURI(s string) bool {
	for i := 4; i < len(s); i++ {
		if s[i] == ':' && strings.EqualFold(s[i-4:i], "data") {
			return true
		}
	}
	return false
}

func plainString(v *validator, n *jnode, ptr string) { v.str(n, ptr) }

func nonEmptyString(v *validator, n *jnode, ptr string) {
	if s, ok := v.str(n, ptr); ok && strings.TrimSpace(s) == "" {
		v.add(n, ptr, "must not be empty")
	}
}

func oneOf(list []string, what string) func(v *validator, n *jnode, ptr string) {
	return func(v *validator, n *jnode, ptr string) {
		if s, ok := v.str(n, ptr); ok && !contains(list, s) {
			v.add(n, ptr, what+" must be one of: "+strings.Join(list, ", "))
		}
	}
}

// integer checks a whole number from 0 to max; maxText says max for people.
func (v *validator) integer(n *jnode, ptr string, max int64, maxText string) (int64, bool) {
	if n.kind != 'n' {
		v.add(n, ptr, "must be a number, not "+n.typeName())
		return 0, false
	}
	s := n.num.String()
	i, err := strconv.ParseInt(s, 10, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		v.add(n, ptr, "must be a whole number")
		return 0, false
	}
	switch {
	case i < 0: // out of range below too: ParseInt returned MinInt64
		v.add(n, ptr, "must not be negative")
		return 0, false
	case err != nil || i > max:
		v.add(n, ptr, "must be at most "+maxText)
		return 0, false
	}
	return i, true
}

func (v *validator) recording(root *jnode) {
	fields := map[string]fieldRule{
		"schema": {true, func(v *validator, n *jnode, ptr string) {
			if s, ok := v.str(n, ptr); ok && s != Schema {
				v.add(n, ptr, `must be "`+Schema+`"`)
			}
		}},
		"id": {true, func(v *validator, n *jnode, ptr string) {
			if s, ok := v.str(n, ptr); ok && !idPattern.MatchString(s) {
				v.add(n, ptr, "must be 8 to 64 characters of A-Z, a-z, 0-9, _ and -")
			}
		}},
		"workflow": {true, func(v *validator, n *jnode, ptr string) {
			if s, ok := v.str(n, ptr); ok && !slugPattern.MatchString(s) {
				v.add(n, ptr, "must be a slug of 1 to 64 characters of a-z, 0-9 and -")
			}
		}},
		"title": {false, plainString},
		"recorded_at": {true, func(v *validator, n *jnode, ptr string) {
			if s, ok := v.str(n, ptr); ok {
				if _, err := time.Parse(time.RFC3339, s); err != nil {
					v.add(n, ptr, "must be an RFC 3339 date-time such as 2026-11-02T09:30:00Z")
				}
			}
		}},
		"recorder": {true, func(v *validator, n *jnode, ptr string) {
			v.object(n, ptr, map[string]fieldRule{
				"name":    {true, nonEmptyString},
				"version": {true, nonEmptyString},
			}, []string{"name", "version"})
		}},
		"actor": {false, func(v *validator, n *jnode, ptr string) {
			v.object(n, ptr, map[string]fieldRule{"role": {true, nonEmptyString}}, []string{"role"})
		}},
		"context": {false, func(v *validator, n *jnode, ptr string) {
			v.object(n, ptr, map[string]fieldRule{
				"browser": {false, plainString}, "os": {false, plainString},
				"locale": {false, plainString}, "timezone": {false, plainString},
			}, []string{"browser", "os", "locale", "timezone"})
		}},
		"coverage": {false, (*validator).coverage},
		"steps":    {true, (*validator).steps},
	}
	v.object(root, "", fields, []string{"schema", "id", "workflow", "title", "recorded_at", "recorder", "actor", "context", "coverage", "steps"})
}

func (v *validator) coverage(n *jnode, ptr string) {
	v.object(n, ptr, map[string]fieldRule{
		"uncaptured": {false, func(v *validator, n *jnode, ptr string) {
			if n.kind != 'a' {
				v.add(n, ptr, "must be an array, not "+n.typeName())
				return
			}
			if len(n.arr) > MaxUncaptured {
				v.add(n, ptr, fmt.Sprintf("holds %d entries; at most %d are allowed", len(n.arr), MaxUncaptured))
				return
			}
			for i, u := range n.arr {
				v.object(u, ptr+"/"+strconv.Itoa(i), map[string]fieldRule{
					"kind":  {true, oneOf(UncapturedKinds, "kind")},
					"where": {false, plainString},
					"count": {false, func(v *validator, n *jnode, ptr string) { v.integer(n, ptr, MaxCount, strconv.Itoa(MaxCount)) }},
				}, []string{"kind", "where", "count"})
			}
		}},
	}, []string{"uncaptured"})
}

var maxMillisText = strconv.Itoa(MaxMillis) + " (7 days in milliseconds)"

var keystrokeAction = regexp.MustCompile(`(?i)^(key|keydown|keyup|keypress|keystroke|keystrokes|type|typing|change)$`)

func (v *validator) steps(n *jnode, ptr string) {
	if n.kind != 'a' {
		v.add(n, ptr, "must be an array, not "+n.typeName())
		return
	}
	if len(n.arr) == 0 {
		v.add(n, ptr, "must hold at least one step")
		return
	}
	if len(n.arr) > MaxSteps {
		v.add(n, ptr, fmt.Sprintf("holds %d steps; at most %d are allowed", len(n.arr), MaxSteps))
		return
	}
	last := int64(-1)
	for i, s := range n.arr {
		sp := ptr + "/" + strconv.Itoa(i)
		if t := v.step(s, sp); t >= 0 {
			if t < last {
				v.add(s.get("t"), sp+"/t", "must not be earlier than the previous step's t")
			}
			last = t
		}
	}
}

// step validates one step and returns its t, or -1 when t is unusable.
func (v *validator) step(n *jnode, ptr string) int64 {
	t := int64(-1)
	var action string
	fields := map[string]fieldRule{
		"t": {true, func(v *validator, n *jnode, ptr string) {
			if i, ok := v.integer(n, ptr, MaxMillis, maxMillisText); ok {
				t = i
			}
		}},
		"duration": {false, func(v *validator, n *jnode, ptr string) { v.integer(n, ptr, MaxMillis, maxMillisText) }},
		"action": {true, func(v *validator, n *jnode, ptr string) {
			s, ok := v.str(n, ptr)
			switch {
			case !ok:
			case keystrokeAction.MatchString(s):
				v.add(n, ptr, "keystroke and typed-value events are never accepted")
			case !contains(Actions, s):
				v.add(n, ptr, "action must be one of: "+strings.Join(Actions, ", "))
			default:
				action = s
			}
		}},
		"app":  {false, plainString},
		"url":  {false, plainString},
		"page": {false, plainString},
		"target": {false, func(v *validator, n *jnode, ptr string) {
			v.object(n, ptr, map[string]fieldRule{
				"role": {false, plainString}, "name": {false, plainString}, "selector": {false, plainString},
			}, []string{"role", "name", "selector"})
		}},
		"choice":     {false, plainString},
		"field_kind": {false, oneOf(FieldKinds, "field_kind")},
		"text":       {false, plainString},
		"mark":       {false, oneOf(Marks, "mark")},
	}
	if !v.object(n, ptr, fields, []string{"t", "duration", "action", "app", "url", "page", "target", "choice", "field_kind", "text", "mark"}) {
		return -1
	}
	// Free text is the agent's own annotation; on any other step it could
	// carry what was typed, so it is refused there.
	if tx := n.get("text"); tx != nil && action != "" && action != "note" && action != "mark" {
		v.add(tx, ptr+"/text", "text is allowed only on note and mark steps")
	}
	if fk := n.get("field_kind"); fk != nil && action != "" && action != "input" {
		v.add(fk, ptr+"/field_kind", "field_kind is allowed only on input steps")
	}
	if action == "mark" && n.get("mark") == nil {
		v.add(n, ptr+"/mark", "is required on a mark step")
	}
	return t
}
