package processmap

import (
	"strings"
	"unicode"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/math/fixed"

	"github.com/stepwise-sop/stepwise/sopgen/internal/fonts"
)

// metrics measures text as the PNG and the PDF set it: DejaVu Sans,
// unhinted advances plus the font's kerning pairs. A character the font
// lacks counts one em: the PNG and the PDF draw the font's narrower
// missing-glyph box for it, and an SVG viewer a fallback font, which for
// the wide scripts DejaVu lacks (CJK) is an em wide.
type metrics struct {
	font *truetype.Font
	upem fixed.Int26_6
}

// newMetrics returns the metrics of DejaVu Sans, or nil if the embedded
// font cannot be parsed (then every character counts as a rough average).
func newMetrics() *metrics {
	f, _, err := fonts.Parsed()
	if err != nil {
		return nil
	}
	return &metrics{font: f, upem: fixed.Int26_6(f.FUnitsPerEm())}
}

// width is the width of s set at size points.
func (m *metrics) width(s string, size float64) float64 {
	if m == nil {
		n := 0
		for range s {
			n++
		}
		return float64(n) * size * 0.62
	}
	var units fixed.Int26_6
	prev := truetype.Index(0)
	for i, r := range s {
		idx := m.font.Index(r)
		if idx == 0 || isWide(r) {
			units += m.upem
			prev = 0
			continue
		}
		if i > 0 && prev != 0 {
			units += m.font.Kern(m.upem, prev, idx)
		}
		units += m.font.HMetric(m.upem, idx).AdvanceWidth
		prev = idx
	}
	return float64(units) / float64(m.upem) * size
}

// isWide reports whether r is of a script set a full em wide (CJK, kana,
// hangul, full-width forms), whatever advance DejaVu gives it.
func isWide(r rune) bool {
	return r >= 0x1100 && (unicode.Is(unicode.Han, r) || unicode.Is(unicode.Hiragana, r) ||
		unicode.Is(unicode.Katakana, r) || unicode.Is(unicode.Hangul, r) ||
		r >= 0xff00 && r <= 0xff60 || r >= 0x3000 && r <= 0x303f)
}

// wrap breaks s at spaces into lines no wider than room at size points;
// a word wider than room is broken between characters.
func (m *metrics) wrap(s string, size, room float64) []string {
	var lines []string
	var cur strings.Builder
	curW, space := 0.0, m.width(" ", size)
	for _, w := range strings.Fields(s) {
		ww := m.width(w, size)
		if cur.Len() > 0 && curW+space+ww > room {
			lines = append(lines, cur.String())
			cur.Reset()
			curW = 0
		}
		for ww > room {
			head, rest := m.split(w, size, room)
			if cur.Len() > 0 {
				lines = append(lines, cur.String())
				cur.Reset()
				curW = 0
			}
			lines = append(lines, head)
			w = rest
			ww = m.width(w, size)
		}
		if cur.Len() > 0 {
			cur.WriteByte(' ')
			curW += space
		}
		cur.WriteString(w)
		curW += ww
	}
	if cur.Len() > 0 {
		lines = append(lines, cur.String())
	}
	return lines
}

// split cuts the longest start of w that fits room (at least one
// character) from the rest.
func (m *metrics) split(w string, size, room float64) (head, rest string) {
	x := 0.0
	for i, r := range w {
		x += m.width(string(r), size)
		if x > room && i > 0 {
			return w[:i], w[i:]
		}
	}
	return w, ""
}
