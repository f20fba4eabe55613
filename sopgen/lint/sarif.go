package lint

import (
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/stepwise-sop/stepwise/sopgen"
	"github.com/stepwise-sop/stepwise/sopgen/rules"
)

// SARIF 2.1.0, the subset GitHub code scanning reads: a driver with rule
// metadata, results with relative URIs, regions and partial fingerprints.
type sarifLog struct {
	Schema  string     `json:"$schema"`
	Version string     `json:"version"`
	Runs    []sarifRun `json:"runs"`
}

type sarifRun struct {
	Tool        sarifTool         `json:"tool"`
	Invocations []sarifInvocation `json:"invocations"`
	Results     []sarifResult     `json:"results"`
}

type sarifTool struct {
	Driver sarifDriver `json:"driver"`
}

type sarifDriver struct {
	Name           string      `json:"name"`
	Version        string      `json:"version"`
	InformationURI string      `json:"informationUri"`
	Rules          []sarifRule `json:"rules"`
}

type sarifText struct {
	Text     string `json:"text"`
	Markdown string `json:"markdown,omitempty"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	Name                 string         `json:"name"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      sarifText      `json:"fullDescription"`
	Help                 sarifText      `json:"help"`
	HelpURI              string         `json:"helpUri"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           sarifRuleProps `json:"properties"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifRuleProps struct {
	Tags      []string `json:"tags"`
	Precision string   `json:"precision"`
}

type sarifInvocation struct {
	ExecutionSuccessful        bool                `json:"executionSuccessful"`
	ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications,omitempty"`
}

type sarifNotification struct {
	Level     string          `json:"level"`
	Message   sarifText       `json:"message"`
	Locations []sarifLocation `json:"locations,omitempty"`
}

type sarifResult struct {
	RuleID              string            `json:"ruleId"`
	RuleIndex           int               `json:"ruleIndex"`
	Level               string            `json:"level"`
	Message             sarifText         `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine int `json:"startLine"`
}

// SARIFOptions name the tool in the log.
type SARIFOptions struct {
	Version string // the tool's version
	DocsURL string // the rule reference; each rule's helpUri is DocsURL#id
}

// WriteSARIF prints a SARIF 2.1.0 log of the run. Paths become URIs
// relative to the working directory, as code scanning requires.
func WriteSARIF(w io.Writer, r *Result, opts SARIFOptions) error {
	drv := sarifDriver{Name: "stepwise", Version: opts.Version, InformationURI: "https://github.com/stepwise-sop/stepwise"}
	index := map[string]int{}
	for i, rule := range rules.All {
		index[rule.ID] = i
		drv.Rules = append(drv.Rules, sarifRule{
			ID:               rule.ID,
			Name:             ruleName(rule.ID),
			ShortDescription: sarifText{Text: firstSentence(rule.Doc)},
			FullDescription:  sarifText{Text: rule.Doc},
			Help: sarifText{
				Text:     rule.Doc + "\n\nReferences: " + strings.Join(rule.Refs, "; ") + ".",
				Markdown: rule.Doc + "\n\n**References:** " + strings.Join(rule.Refs, "; ") + ".",
			},
			HelpURI:              opts.DocsURL + "#" + rule.ID,
			DefaultConfiguration: sarifConfig{Level: level(rule.Severity)},
			Properties:           sarifRuleProps{Tags: []string{"sop", "procedure"}, Precision: "medium"},
		})
	}
	run := sarifRun{Tool: sarifTool{Driver: drv}, Results: []sarifResult{}}
	inv := sarifInvocation{ExecutionSuccessful: len(r.Errors) == 0}
	for _, e := range r.Errors {
		n := sarifNotification{Level: "error", Message: sarifText{Text: e.Reason}}
		n.Locations = []sarifLocation{location(e.File, e.Line)}
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, n)
	}
	run.Invocations = []sarifInvocation{inv}
	for _, f := range r.Findings {
		run.Results = append(run.Results, sarifResult{
			RuleID:              f.Rule,
			RuleIndex:           index[f.Rule],
			Level:               level(f.Severity),
			Message:             sarifText{Text: oneLine(f.Message)},
			Locations:           []sarifLocation{location(f.Location.File, f.Location.Line)},
			PartialFingerprints: map[string]string{"stepwiseFinding/v1": f.Fingerprint},
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(sarifLog{
		Schema:  "https://json.schemastore.org/sarif-2.1.0.json",
		Version: "2.1.0",
		Runs:    []sarifRun{run},
	})
}

func location(file string, line int) sarifLocation {
	l := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{URI: relativeURI(file)}}}
	if line > 0 {
		l.PhysicalLocation.Region = &sarifRegion{StartLine: line}
	}
	return l
}

// relativeURI turns a path into a relative URI reference with forward
// slashes and escaped characters.
func relativeURI(p string) string {
	if filepath.IsAbs(p) {
		if rel, err := filepath.Rel(workingDir(), p); err == nil && !strings.HasPrefix(rel, "..") {
			p = rel
		}
	}
	p = strings.TrimPrefix(filepath.ToSlash(filepath.Clean(p)), "./")
	return (&url.URL{Path: p}).EscapedPath()
}

func level(s sopgen.Severity) string {
	switch s {
	case sopgen.SeverityError:
		return "error"
	case sopgen.SeverityWarning:
		return "warning"
	}
	return "note"
}

// ruleName is the PascalCase name SARIF viewers show: VerificationMissing.
func ruleName(id string) string {
	var b strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part != "" {
			b.WriteString(strings.ToUpper(part[:1]) + part[1:])
		}
	}
	return b.String()
}

func firstSentence(doc string) string {
	if i := strings.Index(doc, ". "); i > 0 {
		return doc[:i+1]
	}
	return doc
}
