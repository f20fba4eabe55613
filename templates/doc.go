// Package templates reads SOP templates (YAML) into the pieces of a
// sopgen.Document they supply. A template's reviewed purpose, scope,
// exceptions, records and policy replace the defaults Stepwise derives when
// it generates an SOP from a recording.
package templates
