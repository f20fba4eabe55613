// Package templates reads hand-written procedures into the sopgen.Document
// the rules check: YAML templates (strict, with the line of every part; the
// JSON Schema is schema/template.schema.json) and Markdown SOPs (goldmark
// AST: front matter, section headings and their synonyms, steps as list
// items). It also holds the built-in templates, whose reviewed purpose,
// scope, exceptions, records and policy replace the defaults Stepwise
// derives when it generates an SOP from a recording.
package templates
