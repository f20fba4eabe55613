package chromerecorder

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/jsontree"
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

// treeOptions bound only the depth: the step count is bounded by the
// check, and a key given twice is read as encoding/json reads it, the last
// one winning (jsontree.Node.Get).
var treeOptions = jsontree.Options{MaxDepth: maxDepth}

// invalid is the error of a rejected export: it matches ErrNotUserFlow and
// sopgen.ErrInvalid, and errors.As finds the *sopgen.ValidationError with
// the pointer and line of each problem.
func invalid(problems ...sopgen.FieldError) error {
	return fmt.Errorf("%w: %w", ErrNotUserFlow, &sopgen.ValidationError{Errors: problems})
}

// parse builds the tree of data, or says where the JSON is broken.
func parse(data []byte) (*jsontree.Node, error) {
	root, err := jsontree.Parse(data, treeOptions)
	if err != nil {
		var je *jsontree.Error
		if errors.As(err, &je) {
			return nil, invalid(sopgen.FieldError{Pointer: je.Pointer, Line: je.Line, Reason: je.Reason})
		}
		return nil, err
	}
	return root, nil
}

// checker collects the problems of an export, up to sopgen.MaxErrors.
type checker struct {
	lines    jsontree.Lines
	problems sopgen.Problems
}

func (c *checker) add(n *jsontree.Node, ptr, reason string) {
	fe := sopgen.FieldError{Pointer: ptr, Reason: reason}
	if n != nil {
		fe.Line = c.lines.Line(n.Off)
	}
	c.problems.Add(fe)
}

func (c *checker) err() error {
	if err := c.problems.Err(); err != nil {
		return fmt.Errorf("%w: %w", ErrNotUserFlow, err)
	}
	return nil
}

// kind checks that the field key of obj, when present, is of kind k, or
// an array of integers for intArray; a missing field is a problem only
// when required.
func (c *checker) kind(obj *jsontree.Node, ptr, key string, k jsontree.Kind, required bool) *jsontree.Node {
	v := obj.Get(key)
	p := ptr + "/" + jsontree.Escape(key)
	if v == nil {
		if required {
			c.add(obj, p, "missing")
		}
		return nil
	}
	want := kindNames[k]
	switch {
	case k == intArray:
		ok := v.Kind == jsontree.Array
		for _, e := range v.Arr {
			if _, err := strconv.ParseInt(string(e.Num), 10, 64); e.Kind != jsontree.Number || err != nil {
				ok = false
			}
		}
		if !ok {
			c.add(v, p, "must be "+want)
			return nil
		}
	case v.Kind != k:
		c.add(v, p, "must be "+want+", not "+v.TypeName())
		return nil
	}
	return v
}

// intArray is the kind of an array of integers, for checker.kind.
const intArray jsontree.Kind = 'i'

var kindNames = map[jsontree.Kind]string{
	jsontree.String: "a string", jsontree.Number: "a number", jsontree.Bool: "a boolean",
	jsontree.Object: "an object", jsontree.Array: "an array", intArray: "an array of integers",
}

// oneOf checks a string field against its allowed values; the rejected
// value is not repeated.
func (c *checker) oneOf(obj *jsontree.Node, ptr, key string, allowed ...string) {
	v := c.kind(obj, ptr, key, jsontree.String, false)
	if v != nil && !contains(allowed, v.Str) {
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
func (c *checker) check(root *jsontree.Node) {
	if root.Kind != jsontree.Object {
		c.add(root, "", "must be an object, not "+root.TypeName())
		return
	}
	c.kind(root, "", "title", jsontree.String, false)
	c.kind(root, "", "timeout", jsontree.Number, false)
	c.kind(root, "", "selectorAttribute", jsontree.String, false)
	steps := c.kind(root, "", "steps", jsontree.Array, true)
	if steps == nil {
		return
	}
	switch {
	case len(steps.Arr) == 0:
		c.add(steps, "/steps", "holds no step")
	case len(steps.Arr) > maxInputSteps:
		c.add(steps, "/steps", fmt.Sprintf("holds %d steps; at most %d are read", len(steps.Arr), maxInputSteps))
		return
	}
	for i, s := range steps.Arr {
		c.step(s, "/steps/"+strconv.Itoa(i))
	}
}

func (c *checker) step(s *jsontree.Node, ptr string) {
	if s.Kind != jsontree.Object {
		c.add(s, ptr, "must be an object, not "+s.TypeName())
		return
	}
	typ := c.kind(s, ptr, "type", jsontree.String, true)
	c.kind(s, ptr, "timeout", jsontree.Number, false)
	c.kind(s, ptr, "target", jsontree.String, false)
	c.kind(s, ptr, "frame", intArray, false)
	if evs := c.kind(s, ptr, "assertedEvents", jsontree.Array, false); evs != nil {
		for i, e := range evs.Arr {
			p := ptr + "/assertedEvents/" + strconv.Itoa(i)
			if e.Kind != jsontree.Object {
				c.add(e, p, "must be an object, not "+e.TypeName())
				continue
			}
			if t := c.kind(e, p, "type", jsontree.String, true); t != nil && t.Str != "navigation" {
				c.add(t, p+"/type", "must be navigation")
			}
			c.kind(e, p, "url", jsontree.String, false)
			c.kind(e, p, "title", jsontree.String, false)
		}
	}
	if typ == nil {
		return
	}
	switch typ.Str {
	case "click", "doubleClick":
		c.selectors(s, ptr, true)
		c.kind(s, ptr, "offsetX", jsontree.Number, false)
		c.kind(s, ptr, "offsetY", jsontree.Number, false)
		c.kind(s, ptr, "duration", jsontree.Number, false)
		c.oneOf(s, ptr, "button", "primary", "auxiliary", "secondary", "back", "forward")
		c.oneOf(s, ptr, "deviceType", "mouse", "pen", "touch")
	case "hover":
		c.selectors(s, ptr, true)
	case "change":
		c.selectors(s, ptr, true)
		c.kind(s, ptr, "value", jsontree.String, true)
	case "keyDown", "keyUp":
		c.kind(s, ptr, "key", jsontree.String, true)
	case "emulateNetworkConditions":
		for _, k := range []string{"download", "upload", "latency"} {
			c.kind(s, ptr, k, jsontree.Number, true)
		}
	case "close":
	case "setViewport":
		for _, k := range []string{"width", "height", "deviceScaleFactor"} {
			c.kind(s, ptr, k, jsontree.Number, true)
		}
		for _, k := range []string{"isMobile", "hasTouch", "isLandscape"} {
			c.kind(s, ptr, k, jsontree.Bool, true)
		}
	case "scroll":
		c.kind(s, ptr, "x", jsontree.Number, false)
		c.kind(s, ptr, "y", jsontree.Number, false)
		c.selectors(s, ptr, false)
	case "navigate":
		c.kind(s, ptr, "url", jsontree.String, true)
	case "customStep":
		c.kind(s, ptr, "name", jsontree.String, true)
	case "waitForElement":
		c.selectors(s, ptr, true)
		c.oneOf(s, ptr, "operator", ">=", "==", "<=")
		c.kind(s, ptr, "count", jsontree.Number, false)
		c.kind(s, ptr, "visible", jsontree.Bool, false)
		c.kind(s, ptr, "properties", jsontree.Object, false)
		c.kind(s, ptr, "attributes", jsontree.Object, false)
	case "waitForExpression":
		c.kind(s, ptr, "expression", jsontree.String, true)
	default:
		c.add(typ, ptr+"/type", "is not a step type of the Recorder (one of "+strings.Join(stepTypes, ", ")+")")
	}
}

// selectors checks a selector list: strings, or chains of strings.
func (c *checker) selectors(s *jsontree.Node, ptr string, required bool) {
	sel := c.kind(s, ptr, "selectors", jsontree.Array, required)
	if sel == nil {
		return
	}
	for i, e := range sel.Arr {
		p := ptr + "/selectors/" + strconv.Itoa(i)
		switch e.Kind {
		case jsontree.String:
		case jsontree.Array:
			for j, part := range e.Arr {
				if part.Kind != jsontree.String {
					c.add(part, p+"/"+strconv.Itoa(j), "must be a string, not "+part.TypeName())
				}
			}
		default:
			c.add(e, p, "must be a string or an array of strings, not "+e.TypeName())
		}
	}
}
