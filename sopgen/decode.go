package sopgen

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/stepwise-sop/stepwise/sopgen/jsontree"
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

// treeOptions are the bounds above, and no key given twice: the format
// has no use for one, and encoding/json would silently keep the last.
var treeOptions = jsontree.Options{MaxDepth: maxDepth, MaxMembers: maxMembers, MaxValues: maxValues, UniqueKeys: true}

var (
	idPattern   = lazyRegexp(`^[A-Za-z0-9_-]{8,64}$`)
	slugPattern = lazyRegexp(`^[a-z0-9-]{1,64}$`)
	// dataURI matches an RFC 2397 data: URI: an optional media type and
	// parameters, then the comma that starts the payload.
	dataURI = lazyRegexp(`(?i)\bdata:[a-z0-9!#$&^_.+-]*(/[a-z0-9!#$&^_.+-]+)?(;[^,\s]*)*,`)
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
	root, err := jsontree.Parse(data, treeOptions)
	if err != nil {
		var je *jsontree.Error
		if errors.As(err, &je) {
			err = &ValidationError{Errors: []FieldError{{Pointer: je.Pointer, Line: je.Line, Reason: je.Reason}}}
		}
		return nil, err
	}
	v := &validator{lines: jsontree.NewLines(data)}
	v.recording(root)
	if err := v.errs.Err(); err != nil {
		return nil, err
	}
	var rec Recording
	if err := json.Unmarshal(data, &rec); err != nil {
		// The tree walk accepted what json rejects: report, never panic.
		return nil, &ValidationError{Errors: []FieldError{{Reason: "cannot decode: " + err.Error()}}}
	}
	if steps := root.Get("steps"); steps != nil {
		rec.StepLines = make([]int, len(steps.Arr))
		for i, s := range steps.Arr {
			rec.StepLines[i] = v.lines.Line(s.Off)
		}
	}
	return &rec, nil
}

// validator checks a value tree against the recording format, collecting
// every problem rather than stopping at the first.
type validator struct {
	lines jsontree.Lines
	errs  Problems
}

func (v *validator) add(n *jsontree.Node, ptr, reason string) {
	fe := FieldError{Pointer: ptr, Reason: reason}
	if n != nil {
		fe.Line = v.lines.Line(n.Off)
	}
	v.errs.Add(fe)
}

type fieldRule struct {
	required bool
	check    func(v *validator, n *jsontree.Node, ptr string)
}

// object checks that n is an object with only the listed keys and runs each
// key's check.
func (v *validator) object(n *jsontree.Node, ptr string, fields map[string]fieldRule, order []string) bool {
	if n.Kind != jsontree.Object {
		v.add(n, ptr, "must be an object, not "+n.TypeName())
		return false
	}
	for i, k := range n.Keys {
		if _, ok := fields[k]; !ok {
			v.add(n.Vals[i], ptr+"/"+jsontree.Escape(k), unknownFieldReason(k))
		}
	}
	for _, k := range order {
		f := fields[k]
		c := n.Get(k)
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

func (v *validator) str(n *jsontree.Node, ptr string) (string, bool) {
	if n.Kind != jsontree.String {
		v.add(n, ptr, "must be a string, not "+n.TypeName())
		return "", false
	}
	if utf8.RuneCountInString(n.Str) > MaxStringChars {
		v.add(n, ptr, fmt.Sprintf("longer than %d characters", MaxStringChars))
		return "", false
	}
	if HasDataURI(n.Str) {
		v.add(n, ptr, "contains a data: URI")
		return "", false
	}
	if strings.IndexByte(n.Str, 0) >= 0 {
		v.add(n, ptr, "contains a NUL character")
		return "", false
	}
	return n.Str, true
}

// HasDataURI reports whether s holds an RFC 2397 data: URI, the way a
// picture would get into text; the guard refuses such strings.
func HasDataURI(s string) bool { return mayHoldDataURI(s) && dataURI().MatchString(s) }

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

func plainString(v *validator, n *jsontree.Node, ptr string) { v.str(n, ptr) }

func nonEmptyString(v *validator, n *jsontree.Node, ptr string) {
	if s, ok := v.str(n, ptr); ok && strings.TrimSpace(s) == "" {
		v.add(n, ptr, "must not be empty")
	}
}

func oneOf(list []string, what string) func(v *validator, n *jsontree.Node, ptr string) {
	return func(v *validator, n *jsontree.Node, ptr string) {
		if s, ok := v.str(n, ptr); ok && !contains(list, s) {
			v.add(n, ptr, what+" must be one of: "+strings.Join(list, ", "))
		}
	}
}

// integer checks a whole number from 0 to max; maxText says max for people.
func (v *validator) integer(n *jsontree.Node, ptr string, max int64, maxText string) (int64, bool) {
	if n.Kind != jsontree.Number {
		v.add(n, ptr, "must be a number, not "+n.TypeName())
		return 0, false
	}
	s := n.Num.String()
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

func (v *validator) recording(root *jsontree.Node) {
	fields := map[string]fieldRule{
		"schema": {true, func(v *validator, n *jsontree.Node, ptr string) {
			if s, ok := v.str(n, ptr); ok && s != Schema {
				v.add(n, ptr, `must be "`+Schema+`"`)
			}
		}},
		"id": {true, func(v *validator, n *jsontree.Node, ptr string) {
			if s, ok := v.str(n, ptr); ok && !idPattern().MatchString(s) {
				v.add(n, ptr, "must be 8 to 64 characters of A-Z, a-z, 0-9, _ and -")
			}
		}},
		"workflow": {true, func(v *validator, n *jsontree.Node, ptr string) {
			if s, ok := v.str(n, ptr); ok && !slugPattern().MatchString(s) {
				v.add(n, ptr, "must be a slug of 1 to 64 characters of a-z, 0-9 and -")
			}
		}},
		"title": {false, plainString},
		"recorded_at": {true, func(v *validator, n *jsontree.Node, ptr string) {
			if s, ok := v.str(n, ptr); ok {
				if _, err := time.Parse(time.RFC3339, s); err != nil {
					v.add(n, ptr, "must be an RFC 3339 date-time such as 2026-11-02T09:30:00Z")
				}
			}
		}},
		"recorder": {true, func(v *validator, n *jsontree.Node, ptr string) {
			v.object(n, ptr, map[string]fieldRule{
				"name":    {true, nonEmptyString},
				"version": {true, nonEmptyString},
			}, []string{"name", "version"})
		}},
		"actor": {false, func(v *validator, n *jsontree.Node, ptr string) {
			v.object(n, ptr, map[string]fieldRule{"role": {true, nonEmptyString}}, []string{"role"})
		}},
		"context": {false, func(v *validator, n *jsontree.Node, ptr string) {
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

func (v *validator) coverage(n *jsontree.Node, ptr string) {
	v.object(n, ptr, map[string]fieldRule{
		"uncaptured": {false, func(v *validator, n *jsontree.Node, ptr string) {
			if n.Kind != jsontree.Array {
				v.add(n, ptr, "must be an array, not "+n.TypeName())
				return
			}
			if len(n.Arr) > MaxUncaptured {
				v.add(n, ptr, fmt.Sprintf("holds %d entries; at most %d are allowed", len(n.Arr), MaxUncaptured))
				return
			}
			for i, u := range n.Arr {
				v.object(u, ptr+"/"+strconv.Itoa(i), map[string]fieldRule{
					"kind":  {true, oneOf(UncapturedKinds, "kind")},
					"where": {false, plainString},
					"count": {false, func(v *validator, n *jsontree.Node, ptr string) { v.integer(n, ptr, MaxCount, strconv.Itoa(MaxCount)) }},
				}, []string{"kind", "where", "count"})
			}
		}},
	}, []string{"uncaptured"})
}

var maxMillisText = strconv.Itoa(MaxMillis) + " (7 days in milliseconds)"

var keystrokeAction = lazyRegexp(`(?i)^(key|keydown|keyup|keypress|keystroke|keystrokes|type|typing|change)$`)

func (v *validator) steps(n *jsontree.Node, ptr string) {
	if n.Kind != jsontree.Array {
		v.add(n, ptr, "must be an array, not "+n.TypeName())
		return
	}
	if len(n.Arr) == 0 {
		v.add(n, ptr, "must hold at least one step")
		return
	}
	if len(n.Arr) > MaxSteps {
		v.add(n, ptr, fmt.Sprintf("holds %d steps; at most %d are allowed", len(n.Arr), MaxSteps))
		return
	}
	last := int64(-1)
	for i, s := range n.Arr {
		sp := ptr + "/" + strconv.Itoa(i)
		if t := v.step(s, sp); t >= 0 {
			if t < last {
				v.add(s.Get("t"), sp+"/t", "must not be earlier than the previous step's t")
			}
			last = t
		}
	}
}

// step validates one step and returns its t, or -1 when t is unusable.
func (v *validator) step(n *jsontree.Node, ptr string) int64 {
	t := int64(-1)
	var action string
	fields := map[string]fieldRule{
		"t": {true, func(v *validator, n *jsontree.Node, ptr string) {
			if i, ok := v.integer(n, ptr, MaxMillis, maxMillisText); ok {
				t = i
			}
		}},
		"duration": {false, func(v *validator, n *jsontree.Node, ptr string) { v.integer(n, ptr, MaxMillis, maxMillisText) }},
		"action": {true, func(v *validator, n *jsontree.Node, ptr string) {
			s, ok := v.str(n, ptr)
			switch {
			case !ok:
			case keystrokeAction().MatchString(s):
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
		"target": {false, func(v *validator, n *jsontree.Node, ptr string) {
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
	if tx := n.Get("text"); tx != nil && action != "" && action != "note" && action != "mark" {
		v.add(tx, ptr+"/text", "text is allowed only on note and mark steps")
	}
	if fk := n.Get("field_kind"); fk != nil && action != "" && action != "input" {
		v.add(fk, ptr+"/field_kind", "field_kind is allowed only on input steps")
	}
	if action == "mark" && n.Get("mark") == nil {
		v.add(n, ptr+"/mark", "is required on a mark step")
	}
	return t
}
