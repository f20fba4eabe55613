// Package sopgen is the Stepwise domain: the recording format
// (stepwise/recording@1), the procedure Document an SOP is made of, the
// findings rules produce about it, and the pipeline that turns one into the
// other: decode → scrub → normalize → classify → compose.
//
// It imports the standard library only. Renderers, the rule set, layout and
// storage live in subpackages or elsewhere and depend on this package, never
// the other way round.
package sopgen
