package sopgen

import (
	"bytes"
	"strings"
)

// Suppression is an inline instruction to ignore findings of some rules:
//
//	# stepwise:ignore verification-vague -- the method is set by the IdP
//	<!-- stepwise:ignore-file step-not-imperative -- legacy wording kept -->
//
// A suppression covers findings on its own line, or when it stands alone
// on its line, on the next line with content; ignore-file covers the file.
// The reason after "--" is required: a suppression without one suppresses
// nothing and is itself reported.
type Suppression struct {
	Rules  []string
	Reason string
	Line   int // where the comment is
	Target int // the line it covers; 0 with File
	File   bool
}

var suppressionRe = lazyRegexp(`stepwise:ignore(-file)?\b([^\n]*)`)

// ScanSuppressions finds the suppressions in a YAML or Markdown source.
func ScanSuppressions(src []byte) []Suppression {
	if !bytes.Contains(src, []byte("stepwise:ignore")) {
		return nil
	}
	lines := strings.Split(string(src), "\n")
	var out []Suppression
	for i, line := range lines {
		m := suppressionRe().FindStringSubmatch(line)
		if m == nil {
			continue
		}
		rest, _, _ := strings.Cut(m[2], "-->") // the end of an HTML comment
		rest = strings.TrimSpace(rest)
		ids, reason, _ := strings.Cut(rest, "--")
		s := Suppression{Line: i + 1, File: m[1] != "", Reason: strings.TrimSpace(reason)}
		for _, id := range strings.FieldsFunc(ids, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
			s.Rules = append(s.Rules, id)
		}
		if !s.File {
			s.Target = i + 1
			before := strings.TrimSpace(line[:strings.Index(line, "stepwise:ignore")])
			if before == "#" || before == "<!--" || before == "//" || before == "" {
				for j := i + 1; j < len(lines); j++ {
					if t := strings.TrimSpace(lines[j]); t != "" && !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, "<!--") {
						s.Target = j + 1
						break
					}
				}
			}
		}
		out = append(out, s)
	}
	return out
}

// Covers reports whether s suppresses a finding of rule at line.
func (s Suppression) Covers(rule string, line int) bool {
	if s.Reason == "" {
		return false
	}
	for _, r := range s.Rules {
		if r == rule && (s.File || s.Target == line) {
			return true
		}
	}
	return false
}
