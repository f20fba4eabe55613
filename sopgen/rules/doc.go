// Package rules holds the Stepwise rule set: each rule is a value that
// inspects a sopgen.Document and reports findings. The same rules check
// documents generated from recordings, templates and hand-written SOPs.
package rules
