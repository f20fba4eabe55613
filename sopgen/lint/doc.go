// Package lint runs the rule set over SOP files — YAML templates,
// hand-written Markdown SOPs and recordings — as a reviewer's gate: it walks
// paths, reads each file into a sopgen.Document, applies the nearest
// .stepwise.yaml, suppressions and a baseline, and prints the findings as
// text, JSON, SARIF or Markdown.
package lint
