// Package fonts embeds DejaVu Sans (regular and bold, version 2.37 from
// Debian's fonts-dejavu-core, Bitstream Vera licence: see LICENSE) so that
// the PDF and the PNG render the same glyphs on any machine, and the process
// map is laid out with the widths those glyphs have.
package fonts

import (
	_ "embed"
	"fmt"
	"sync"

	"github.com/golang/freetype/truetype"
)

// Regular is DejaVu Sans.
//
//go:embed DejaVuSans.ttf
var Regular []byte

// Bold is DejaVu Sans Bold.
//
//go:embed DejaVuSans-Bold.ttf
var Bold []byte

var (
	parseOnce     sync.Once
	parsedRegular *truetype.Font
	parsedBold    *truetype.Font
	parseErr      error
)

// Parsed returns the two faces parsed, once per process: the process map
// measures its labels with them and the PNG draws with them. The fonts are
// read-only and safe to share between goroutines.
func Parsed() (regular, bold *truetype.Font, err error) {
	parseOnce.Do(func() {
		if parsedRegular, parseErr = truetype.Parse(Regular); parseErr != nil {
			parseErr = fmt.Errorf("parse DejaVu Sans: %w", parseErr)
			return
		}
		if parsedBold, parseErr = truetype.Parse(Bold); parseErr != nil {
			parseErr = fmt.Errorf("parse DejaVu Sans Bold: %w", parseErr)
		}
	})
	return parsedRegular, parsedBold, parseErr
}
