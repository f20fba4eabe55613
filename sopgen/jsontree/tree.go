package jsontree

import (
	"encoding/json"
	"strings"
	"unicode/utf8"
)

// Kind is the JSON type of a value.
type Kind byte

// The kinds of JSON value.
const (
	Object Kind = 'o'
	Array  Kind = 'a'
	String Kind = 's'
	Number Kind = 'n'
	Bool   Kind = 'b'
	Null   Kind = '0'
)

// Node is a JSON value with the byte offset where it starts. An object
// keeps its members in document order, Keys[i] naming Vals[i].
type Node struct {
	Kind Kind
	Off  int64
	Str  string      // of a string
	Num  json.Number // of a number
	Keys []string    // of an object
	Vals []*Node     // of an object
	Arr  []*Node     // of an array
}

// Get returns the value of key, or nil; of a key given twice, the last,
// as encoding/json reads it.
func (n *Node) Get(key string) *Node {
	for i := len(n.Keys) - 1; i >= 0; i-- {
		if n.Keys[i] == key {
			return n.Vals[i]
		}
	}
	return nil
}

// TypeName names the kind of n for a message: "an object", "a string",
// "null".
func (n *Node) TypeName() string {
	switch n.Kind {
	case Object:
		return "an object"
	case Array:
		return "an array"
	case String:
		return "a string"
	case Number:
		return "a number"
	case Bool:
		return "a boolean"
	}
	return "null"
}

// Lines maps byte offsets to 1-based line numbers.
type Lines []int64

// NewLines indexes the line starts of data.
func NewLines(data []byte) Lines {
	ls := Lines{0}
	for i, b := range data {
		if b == '\n' {
			ls = append(ls, int64(i+1))
		}
	}
	return ls
}

// Line returns the line of the byte at off.
func (ls Lines) Line(off int64) int {
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

// Escape makes one RFC 6901 reference token, cut to 64 bytes so that a
// hostile key cannot flood an error message.
func Escape(tok string) string {
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
