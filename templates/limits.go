package templates

import (
	"errors"
	"fmt"

	"go.yaml.in/yaml/v3"

	"github.com/stepwise-sop/stepwise/sopgen/mdguard"
)

// YAMLLimits bound a YAML source before it is decoded. yaml.v3 compares
// each key of a mapping with the ones before it, so decoding is quadratic
// in the keys of one mapping (150,000 keys take minutes); and an alias
// stands for its whole anchored node, so a few hundred bytes can expand to
// billions of nodes.
type YAMLLimits struct {
	MaxBytes int // the whole source
	MaxNodes int // every node, each alias counted as the nodes it stands for
	MaxDepth int // mappings and sequences inside one another
	MaxKeys  int // the keys of one mapping
}

// DefaultYAMLLimits bound a template, an SOP's front matter or a
// configuration file. A real template has a few hundred nodes, nests six
// deep and has mappings of a few tens of keys.
var DefaultYAMLLimits = YAMLLimits{MaxBytes: 1 << 20, MaxNodes: 50_000, MaxDepth: 32, MaxKeys: 256}

// MarkdownLimits bound a Markdown SOP before goldmark parses it.
var MarkdownLimits = mdguard.Default

// MaxProblems caps the problems one InputError lists; the rest are
// counted in a last problem.
const MaxProblems = 100

// capProblems keeps the first MaxProblems and says how many more there
// were.
func capProblems(probs []Problem) []Problem {
	if len(probs) <= MaxProblems {
		return probs
	}
	n := len(probs) - MaxProblems
	return append(probs[:MaxProblems:MaxProblems], Problem{Reason: fmt.Sprintf("and %d more", n)})
}

// checkMarkdown bounds a Markdown source for goldmark (see mdguard).
func checkMarkdown(name string, src []byte) error {
	if err := mdguard.Check(src, MarkdownLimits); err != nil {
		var ge *mdguard.Error
		if errors.As(err, &ge) {
			return &InputError{File: name, Problems: []Problem{{Line: ge.Line, Reason: ge.Reason}}}
		}
		return fmt.Errorf("check %s: %w", name, err)
	}
	return nil
}

// YAMLTree parses a YAML source into its node tree within
// DefaultYAMLLimits: the size is checked before parsing, nodes, depth,
// keys and alias expansion on the tree, before anything decodes it. Lines
// in the problems are relative to data.
func YAMLTree(name string, data []byte) (*yaml.Node, error) {
	return yamlTree(name, data, DefaultYAMLLimits)
}

func yamlTree(name string, data []byte, l YAMLLimits) (*yaml.Node, error) {
	if over(len(data), l.MaxBytes) {
		return nil, &InputError{File: name, Problems: []Problem{{Reason: fmt.Sprintf("the YAML is %d bytes; at most %d", len(data), l.MaxBytes)}}}
	}
	// Parsing into nodes is linear: yaml.v3 neither expands aliases nor
	// checks duplicate keys until it decodes into a Go value.
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, &InputError{File: name, Problems: capProblems(YAMLProblems(err))}
	}
	w := &yamlWalk{l: l, sizes: map[*yaml.Node]int{}}
	w.size(&root, 0)
	if w.prob != nil {
		return nil, &InputError{File: name, Problems: []Problem{*w.prob}}
	}
	return &root, nil
}

func over(n, limit int) bool { return limit > 0 && n > limit }

// yamlWalk measures a node tree: each node once, each alias as the size of
// the node it stands for (memoised, so the walk stays linear however the
// aliases nest).
type yamlWalk struct {
	l     YAMLLimits
	sizes map[*yaml.Node]int
	prob  *Problem
}

// size returns the expanded size of n, stopping at the first limit
// crossed.
func (w *yamlWalk) size(n *yaml.Node, depth int) int {
	if n == nil || w.prob != nil {
		return 0
	}
	if s, ok := w.sizes[n]; ok {
		return s
	}
	if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
		if depth++; over(depth, w.l.MaxDepth) {
			w.prob = &Problem{Line: n.Line, Reason: fmt.Sprintf("mappings and lists nested more than %d deep", w.l.MaxDepth)}
			return 0
		}
	}
	if n.Kind == yaml.MappingNode && over(len(n.Content)/2, w.l.MaxKeys) {
		w.prob = &Problem{Line: n.Line, Reason: fmt.Sprintf("a mapping of %d keys; at most %d", len(n.Content)/2, w.l.MaxKeys)}
		return 0
	}
	// Marked before the children are walked: an alias to an ancestor (a
	// cycle) counts the ancestor as one node rather than looping.
	w.sizes[n] = 1
	s := 1
	if n.Kind == yaml.AliasNode {
		s += w.size(n.Alias, depth)
	}
	for _, c := range n.Content {
		s += w.size(c, depth)
		if over(s, w.l.MaxNodes) {
			break
		}
	}
	w.sizes[n] = s
	if over(s, w.l.MaxNodes) && w.prob == nil {
		w.prob = &Problem{Line: n.Line, Reason: fmt.Sprintf("more than %d YAML nodes, each alias counted as the nodes it stands for", w.l.MaxNodes)}
	}
	return s
}
