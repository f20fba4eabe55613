// Package fonts embeds DejaVu Sans (regular and bold, version 2.37 from
// Debian's fonts-dejavu-core, Bitstream Vera licence: see LICENSE) so that
// the PDF and the PNG render the same glyphs on any machine.
package fonts

import _ "embed"

// Regular is DejaVu Sans.
//
//go:embed DejaVuSans.ttf
var Regular []byte

// Bold is DejaVu Sans Bold.
//
//go:embed DejaVuSans-Bold.ttf
var Bold []byte
