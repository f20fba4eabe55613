package jsontree

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Options are the bounds a caller puts on the shape of a document.
type Options struct {
	// MaxDepth bounds nesting: an object or array MaxDepth levels down is
	// refused. Set it always: it is what keeps hostile input from costing
	// stack.
	MaxDepth int
	// MaxMembers, when positive, bounds the members of one object.
	MaxMembers int
	// MaxValues, when positive, bounds the values of the document (keys
	// are not counted).
	MaxValues int
	// UniqueKeys refuses an object that gives a key twice. The check scans
	// the keys already read, so pair it with MaxMembers.
	UniqueKeys bool
}

// Error is the one problem that stops Parse: broken JSON or a bound
// exceeded. Reason never repeats the input.
type Error struct {
	Pointer string // RFC 6901 pointer of the value, "" for the document
	Line    int    // 1-based
	Reason  string
}

func (e *Error) Error() string {
	p := e.Pointer
	if p == "" {
		p = "(document)"
	}
	return fmt.Sprintf("%d: %s: %s", e.Line, p, e.Reason)
}

// Parse builds the tree of data, refusing invalid UTF-8, broken JSON and
// what opts forbid with an *Error naming where.
func Parse(data []byte, opts Options) (*Node, error) {
	if !utf8.Valid(data) {
		off := 0
		for off < len(data) {
			r, size := utf8.DecodeRune(data[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		return nil, fail(data, "", int64(off), fmt.Sprintf("invalid UTF-8 at byte %d", off))
	}
	if json.Valid(data) {
		// The common case: walk the bytes json.Valid has proved well
		// formed, without encoding/json's token API, which costs a decode
		// per token.
		w := &walker{data: data, opts: opts}
		return w.value(0)
	}
	// Broken JSON: the decoder says where.
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	p := &parser{data: data, dec: dec, opts: opts}
	root, err := p.value("", 0)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fail(data, "", dec.InputOffset(), "unexpected data after the top-level value")
	}
	return root, nil
}

// fail makes the *Error of a problem at byte off. The line is counted only
// here: a document that parses never pays for it.
func fail(data []byte, ptr string, off int64, reason string) *Error {
	off = min(max(off, 0), int64(len(data)))
	return &Error{Pointer: ptr, Line: 1 + bytes.Count(data[:off], []byte{'\n'}), Reason: reason}
}

func (o *Options) tooDeep(data []byte, ptr string, off int64) error {
	return fail(data, ptr, off, fmt.Sprintf("nested deeper than %d levels", o.MaxDepth))
}

func (o *Options) tooManyValues(data []byte, ptr string, off int64) error {
	return fail(data, ptr, off, fmt.Sprintf("the document holds more than %d values", o.MaxValues))
}

func (o *Options) tooManyMembers(data []byte, ptr string, off int64) error {
	return fail(data, ptr, off, fmt.Sprintf("object has more than %d members", o.MaxMembers))
}

func contains(keys []string, key string) bool {
	for _, k := range keys {
		if k == key {
			return true
		}
	}
	return false
}

// parser builds the tree of malformed JSON through the decoder's token
// API, up to the error it finds.
type parser struct {
	data   []byte
	dec    *json.Decoder
	opts   Options
	values int
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
	return fail(p.data, ptr, off, reason)
}

// start skips the white space and separators before the value the decoder
// reads next.
func (p *parser) start(off int64) int64 {
	for off < int64(len(p.data)) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

func (p *parser) value(ptr string, depth int) (*Node, error) {
	off := p.start(p.dec.InputOffset())
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.fail(ptr, err)
	}
	n := &Node{Off: off}
	if p.values++; p.opts.MaxValues > 0 && p.values > p.opts.MaxValues {
		return nil, p.opts.tooManyValues(p.data, ptr, off)
	}
	switch t := tok.(type) {
	case json.Delim:
		if t != '{' && t != '[' {
			return nil, fail(p.data, ptr, off, "invalid JSON: unexpected "+string(t))
		}
		if depth >= p.opts.MaxDepth {
			return nil, p.opts.tooDeep(p.data, ptr, off)
		}
		if t == '{' {
			n.Kind = Object
			for p.dec.More() {
				kt, err := p.dec.Token()
				if err != nil {
					return nil, p.fail(ptr, err)
				}
				key, _ := kt.(string)
				if p.opts.MaxMembers > 0 && len(n.Keys) >= p.opts.MaxMembers {
					return nil, p.opts.tooManyMembers(p.data, ptr, off)
				}
				child := ptr + "/" + Escape(key)
				if p.opts.UniqueKeys && contains(n.Keys, key) {
					return nil, fail(p.data, child, p.dec.InputOffset(), "duplicate key")
				}
				v, err := p.value(child, depth+1)
				if err != nil {
					return nil, err
				}
				n.Keys = append(n.Keys, key)
				n.Vals = append(n.Vals, v)
			}
		} else {
			n.Kind = Array
			for i := 0; p.dec.More(); i++ {
				v, err := p.value(ptr+"/"+strconv.Itoa(i), depth+1)
				if err != nil {
					return nil, err
				}
				n.Arr = append(n.Arr, v)
			}
		}
		if _, err := p.dec.Token(); err != nil {
			return nil, p.fail(ptr, err)
		}
	case string:
		n.Kind, n.Str = String, t
	case json.Number:
		n.Kind, n.Num = Number, t
	case bool:
		n.Kind = Bool
	default:
		n.Kind = Null
	}
	return n, nil
}

// walker builds the tree of a document json.Valid accepted: the grammar is
// known to hold, so it only finds where each value starts and ends, and
// checks what json.Valid does not.
type walker struct {
	data   []byte
	pos    int
	opts   Options
	path   []ref // of the value being walked, for the pointer of a problem
	values int
}

// ref is one reference token of a pointer: an object key, or an index
// when index >= 0. Keys are escaped only when a pointer is wanted.
type ref struct {
	key   string
	index int
}

func (w *walker) pointer() string {
	var b strings.Builder
	for _, r := range w.path {
		b.WriteByte('/')
		if r.index >= 0 {
			b.WriteString(strconv.Itoa(r.index))
		} else {
			b.WriteString(Escape(r.key))
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

func (w *walker) value(depth int) (*Node, error) {
	w.space()
	n := &Node{Off: int64(w.pos)}
	if w.values++; w.opts.MaxValues > 0 && w.values > w.opts.MaxValues {
		return nil, w.opts.tooManyValues(w.data, w.pointer(), n.Off)
	}
	switch c := w.data[w.pos]; c {
	case '{':
		if depth >= w.opts.MaxDepth {
			return nil, w.opts.tooDeep(w.data, w.pointer(), n.Off)
		}
		w.pos++
		n.Kind = Object
		for {
			w.space()
			if w.data[w.pos] == '}' {
				w.pos++
				return n, nil
			}
			if w.data[w.pos] == ',' {
				w.pos++
				w.space()
			}
			keyOff := w.pos
			key, err := w.str()
			if err != nil {
				return nil, err
			}
			if w.opts.MaxMembers > 0 && len(n.Keys) >= w.opts.MaxMembers {
				return nil, w.opts.tooManyMembers(w.data, w.pointer(), n.Off)
			}
			w.path = append(w.path, ref{key: key, index: -1})
			if w.opts.UniqueKeys && contains(n.Keys, key) {
				return nil, fail(w.data, w.pointer(), int64(keyOff), "duplicate key")
			}
			w.space()
			w.pos++ // the colon
			v, err := w.value(depth + 1)
			if err != nil {
				return nil, err
			}
			w.path = w.path[:len(w.path)-1]
			if n.Keys == nil {
				n.Keys, n.Vals = make([]string, 0, 8), make([]*Node, 0, 8)
			}
			n.Keys = append(n.Keys, key)
			n.Vals = append(n.Vals, v)
		}
	case '[':
		if depth >= w.opts.MaxDepth {
			return nil, w.opts.tooDeep(w.data, w.pointer(), n.Off)
		}
		w.pos++
		n.Kind = Array
		for {
			w.space()
			if w.data[w.pos] == ']' {
				w.pos++
				return n, nil
			}
			if w.data[w.pos] == ',' {
				w.pos++
			}
			w.path = append(w.path, ref{index: len(n.Arr)})
			v, err := w.value(depth + 1)
			if err != nil {
				return nil, err
			}
			w.path = w.path[:len(w.path)-1]
			n.Arr = append(n.Arr, v)
		}
	case '"':
		s, err := w.str()
		if err != nil {
			return nil, err
		}
		n.Kind, n.Str = String, s
	case 't':
		n.Kind = Bool
		w.pos += len("true")
	case 'f':
		n.Kind = Bool
		w.pos += len("false")
	case 'n':
		n.Kind = Null
		w.pos += len("null")
	default: // a number
		start := w.pos
		for w.pos < len(w.data) && strings.IndexByte("+-0123456789.eE", w.data[w.pos]) >= 0 {
			w.pos++
		}
		n.Kind, n.Num = Number, json.Number(w.data[start:w.pos])
	}
	return n, nil
}

// str reads the string at pos; only one with escapes goes through
// encoding/json.
func (w *walker) str() (string, error) {
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
		// json.Valid accepted the string, so this does not happen; if it
		// did, it is a refusal, never a panic.
		return "", fail(w.data, "", int64(start), "invalid JSON string")
	}
	return s, nil
}
