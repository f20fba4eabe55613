// Package config reads the linter's configuration file, .stepwise.yaml:
// per-rule severities and the approved verification methods and delivery
// channels of the organisation's policy.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/rules"
	"github.com/stepwise-sop/stepwise/templates"
)

// Names are the file names Find looks for, in order.
var Names = []string{".stepwise.yaml", ".stepwise.yml"}

// Config is the linter configuration.
type Config struct {
	Path string // the file it came from; "" for the defaults
	// Rules maps a rule id to error, warning, info or off.
	Rules map[string]string
	// Policy replaces a document's approved lists where set.
	Policy sopgen.Policy
	// Exclude are the patterns of the files a walk passes over, relative
	// to the configuration's folder (see Excluded).
	Exclude []string
	// dir is the configuration's folder, made absolute once for the
	// files of a walk that Excluded is asked about.
	dir func() (string, error)
}

// Bounds on exclude: a configuration is hostile input too.
const (
	MaxExclude        = 200
	MaxExcludePattern = 256
)

// Excluded returns the pattern of c.Exclude that path matches, or "". A
// pattern without a slash matches a file's name in any folder ("README.md",
// "*.draft.md"); one with a slash matches the path from the
// configuration's folder ("drafts/*.md"), and one ending in a slash every
// file below that folder ("archive/"). Patterns are path.Match's.
func (c *Config) Excluded(file string) string {
	if c == nil || len(c.Exclude) == 0 {
		return ""
	}
	dir := c.dir
	if dir == nil {
		dir = folderOf(c.Path)
	}
	base, err := dir()
	if err != nil {
		return ""
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return ""
	}
	rel, err := filepath.Rel(base, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return ""
	}
	rel = filepath.ToSlash(rel)
	for _, pat := range c.Exclude {
		switch {
		case strings.HasSuffix(pat, "/"):
			if dir := strings.TrimSuffix(pat, "/"); matchPrefix(dir, rel) {
				return pat
			}
		case !strings.Contains(pat, "/"):
			if ok, _ := path.Match(pat, path.Base(rel)); ok {
				return pat
			}
		default:
			if ok, _ := path.Match(pat, rel); ok {
				return pat
			}
		}
	}
	return ""
}

// folderOf is the absolute folder of a configuration file, worked out on
// first use.
func folderOf(file string) func() (string, error) {
	return sync.OnceValues(func() (string, error) { return filepath.Abs(filepath.Dir(file)) })
}

// matchPrefix reports whether the folders at the start of rel match dir's
// pattern, element by element.
func matchPrefix(dir, rel string) bool {
	want := strings.Split(dir, "/")
	got := strings.Split(rel, "/")
	if len(got) <= len(want) {
		return false
	}
	for i, w := range want {
		if ok, _ := path.Match(w, got[i]); !ok {
			return false
		}
	}
	return true
}

type file struct {
	Exclude []string          `yaml:"exclude"`
	Rules   map[string]string `yaml:"rules"`
	Policy  struct {
		VerificationMethods []string `yaml:"verification_methods"`
		DeliveryChannels    []string `yaml:"delivery_channels"`
	} `yaml:"policy"`
}

// ErrInvalid is matched by every error about a malformed configuration.
var ErrInvalid = errors.New("invalid configuration")

// Error is a problem in a configuration file, at a line.
type Error struct {
	File   string
	Line   int
	Reason string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Reason)
}

// Is makes errors.Is(err, ErrInvalid) true.
func (e *Error) Is(target error) bool { return target == ErrInvalid }

// Load reads a configuration file.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read configuration: %w", err)
	}
	return Parse(path, data)
}

// Parse decodes a configuration strictly: unknown keys, unknown rule ids
// and unknown severities are errors with the line.
func Parse(name string, data []byte) (*Config, error) {
	// Size, nodes, depth, keys and aliases are bounded before decoding:
	// yaml.v3's decoding is quadratic in the keys of one mapping.
	root, err := templates.YAMLTree(name, data)
	if err != nil {
		var ie *templates.InputError
		if errors.As(err, &ie) && len(ie.Problems) > 0 {
			return nil, &Error{File: name, Line: ie.Problems[0].Line, Reason: ie.Problems[0].Reason}
		}
		return nil, fmt.Errorf("read configuration %s: %w", name, err)
	}
	var f file
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		p := templates.YAMLProblems(err)[0]
		return nil, &Error{File: name, Line: p.Line, Reason: p.Reason}
	}
	for id, sev := range f.Rules {
		line := ruleLine(root, id)
		if rules.ByID(id) == nil {
			return nil, &Error{File: name, Line: line, Reason: fmt.Sprintf("unknown rule %q", id)}
		}
		switch sev {
		case "error", "warning", "info", "off":
		default:
			return nil, &Error{File: name, Line: line, Reason: fmt.Sprintf("rule %s: severity must be error, warning, info or off, not %q", id, sev)}
		}
	}
	if len(f.Exclude) > MaxExclude {
		return nil, &Error{File: name, Line: keyLine(root, "exclude"), Reason: fmt.Sprintf("exclude: %d patterns, at most %d", len(f.Exclude), MaxExclude)}
	}
	for i, pat := range f.Exclude {
		line := itemLine(root, "exclude", i)
		if pat == "" || len(pat) > MaxExcludePattern {
			return nil, &Error{File: name, Line: line, Reason: fmt.Sprintf("exclude: a pattern must have 1 to %d characters", MaxExcludePattern)}
		}
		if _, err := path.Match(strings.TrimSuffix(pat, "/"), ""); err != nil {
			return nil, &Error{File: name, Line: line, Reason: fmt.Sprintf("exclude: %q is not a valid pattern (%v)", pat, err)}
		}
	}
	return &Config{
		Path:    name,
		Exclude: f.Exclude,
		dir:     folderOf(name),
		Rules:   f.Rules,
		Policy: sopgen.Policy{
			VerificationMethods: f.Policy.VerificationMethods,
			DeliveryChannels:    f.Policy.DeliveryChannels,
		},
	}, nil
}

// keyLine is the line of a top-level key, or 0.
func keyLine(root *yaml.Node, key string) int {
	if v := templates.YAMLChild(root, key); v != nil {
		return v.Line
	}
	return 0
}

// itemLine is the line of item i of the top-level sequence key, or 0.
func itemLine(root *yaml.Node, key string, i int) int {
	if v := templates.YAMLChild(root, key); v != nil && v.Kind == yaml.SequenceNode && i < len(v.Content) {
		return v.Content[i].Line
	}
	return 0
}

// ruleLine is the line of rules.<id> in the document, or 0.
func ruleLine(root *yaml.Node, id string) int {
	rules := templates.YAMLChild(root, "rules")
	if rules == nil || rules.Kind != yaml.MappingNode {
		return 0
	}
	for i := 0; i+1 < len(rules.Content); i += 2 {
		if rules.Content[i].Value == id {
			return rules.Content[i].Line
		}
	}
	return 0
}

// Find looks for a configuration file in dir and each of its parents, as
// linters do, and returns its path, or "" when there is none.
func Find(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		for _, n := range Names {
			p := filepath.Join(abs, n)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return relative(p)
			}
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return ""
		}
		abs = parent
	}
}

// relative shortens p against the working directory when it lies below it.
func relative(p string) string {
	wd, err := os.Getwd()
	if err != nil {
		return p
	}
	if r, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(r, "..") {
		return r
	}
	return p
}
