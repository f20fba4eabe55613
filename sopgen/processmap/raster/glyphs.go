package raster

import (
	"image"
	"image/color"
	"math"
	"sync"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// Glyphs are rasterised once per process and size, not once per map.
// Hinting and rasterising a glyph was a fifth of drawing a 50-step map,
// and every map draws the same few dozen characters at the same few sizes.
// The cache is shared by every drawing (a map's bands, the server's
// requests) behind a lock; each canvas keeps what it looked up in maps of
// its own, so the lock is taken once per glyph and canvas. Its size is
// bounded: past maxCached entries, glyphs are rasterised as before,
// without being kept.

// faceKey is a font at a size in pixels, rounded to a quarter pixel.
type faceKey struct {
	size float64
	bold bool
}

func keyOf(size float64, bold bool) faceKey { return faceKey{math.Round(size*4) / 4, bold} }

// glyphKey is a rune drawn at a sub-pixel horizontal position (the face's
// quantum: a quarter pixel) or, with pair set, the kerning before it.
type glyphKey struct {
	face faceKey
	r    rune
	fx   fixed.Int26_6 // 0, 16, 32 or 48
	pair rune          // the rune before, for a kerning entry; -1 otherwise
}

// glyph is a rasterised glyph: its coverage, where it goes relative to the
// pixel its dot falls in, and how far the dot moves.
type glyph struct {
	rect    image.Rectangle // relative to the dot's pixel
	mask    []uint8         // rect.Dx() × rect.Dy() coverages
	advance fixed.Int26_6
	ok      bool
}

const maxCached = 1 << 15

// The process's glyphs and kerning pairs, guarded by sharedMu.
var (
	sharedMu     sync.Mutex
	sharedGlyphs = map[glyphKey]*glyph{}
	sharedKerns  = map[glyphKey]fixed.Int26_6{}
)

// Sub-pixel placement, as truetype's faces quantise it by default: four
// positions across a pixel, none down.
const (
	subPixelBiasX = 8
	subPixelMaskX = ^fixed.Int26_6(15)
	subPixelBiasY = 32
	subPixelMaskY = ^fixed.Int26_6(63)
)

// face is the truetype face of k, made on first need.
func (c *canvas) face(k faceKey) font.Face {
	if f, ok := c.faces[k]; ok {
		return f
	}
	f := c.regular
	if k.bold {
		f = c.bold
	}
	fc := truetype.NewFace(f, &truetype.Options{Size: k.size, DPI: 72, Hinting: font.HintingFull})
	if c.faces == nil {
		c.faces = map[faceKey]font.Face{}
	}
	c.faces[k] = fc
	return fc
}

// lookup is the value of key: from the canvas's own map, else from the
// process's (under its lock), else made and kept in both while the
// process's map has room.
func lookup[V any](local *map[glyphKey]V, shared map[glyphKey]V, key glyphKey, build func() V) V {
	if v, ok := (*local)[key]; ok {
		return v
	}
	sharedMu.Lock()
	v, ok := shared[key]
	sharedMu.Unlock()
	if !ok {
		v = build()
		sharedMu.Lock()
		if len(shared) < maxCached {
			shared[key] = v
		}
		sharedMu.Unlock()
	}
	if *local == nil {
		*local = map[glyphKey]V{}
	}
	(*local)[key] = v
	return v
}

// glyph is r in face k at horizontal sub-pixel position fx.
func (c *canvas) glyph(k faceKey, r rune, fx fixed.Int26_6) *glyph {
	return lookup(&c.glyphCache, sharedGlyphs, glyphKey{k, r, fx, -1}, func() *glyph {
		g := &glyph{}
		dr, mask, mp, advance, found := c.face(k).Glyph(fixed.Point26_6{X: fx}, r)
		if !found {
			return g
		}
		g.rect, g.advance, g.ok = dr, advance, true
		g.mask = make([]uint8, 0, dr.Dx()*dr.Dy())
		a, isAlpha := mask.(*image.Alpha)
		for y := range dr.Dy() {
			for x := range dr.Dx() {
				if isAlpha {
					g.mask = append(g.mask, a.Pix[a.PixOffset(mp.X+x, mp.Y+y)])
				} else {
					_, _, _, v := mask.At(mp.X+x, mp.Y+y).RGBA()
					g.mask = append(g.mask, uint8(v>>8))
				}
			}
		}
		return g
	})
}

// kern is the kerning between prev and r in face k.
func (c *canvas) kern(k faceKey, prev, r rune) fixed.Int26_6 {
	return lookup(&c.kernCache, sharedKerns, glyphKey{k, r, 0, prev}, func() fixed.Int26_6 {
		return c.face(k).Kern(prev, r)
	})
}

// advance is how far r moves the dot in face k, at any sub-pixel position.
func (c *canvas) advance(k faceKey, r rune) (fixed.Int26_6, bool) {
	g := c.glyph(k, r, 0)
	return g.advance, g.ok
}

// measure is the width of s in face k, as font.MeasureString gives it.
func (c *canvas) measure(k faceKey, s string) float64 {
	var w fixed.Int26_6
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			w += c.kern(k, prev, r)
		}
		a, _ := c.advance(k, r)
		w += a
		prev = r
	}
	return fix(w)
}

// glyphs draws s in face k from dot on, as font.Drawer.DrawString places
// it (kerning, then each glyph's advance), painting each glyph's coverage
// the way fill paints a shape's.
func (c *canvas) glyphs(k faceKey, s string, dot fixed.Point26_6, col color.RGBA) {
	idx := c.index(col)
	b := c.img.Bounds()
	prev := rune(-1)
	for _, r := range s {
		if prev >= 0 {
			dot.X += c.kern(k, prev, r)
		}
		dx := (dot.X + subPixelBiasX) & subPixelMaskX
		dy := (dot.Y + subPixelBiasY) & subPixelMaskY
		g := c.glyph(k, r, dx&0x3f)
		if !g.ok {
			continue
		}
		dot.X += g.advance
		prev = r
		dr := g.rect.Add(image.Pt(int(dx>>6), int(dy>>6)))
		clip := dr.Intersect(b)
		if clip.Empty() {
			continue
		}
		w := dr.Dx()
		for y := clip.Min.Y; y < clip.Max.Y; y++ {
			i := (y-dr.Min.Y)*w + clip.Min.X - dr.Min.X
			c.span(c.img.PixOffset(clip.Min.X, y), g.mask[i:i+clip.Dx()], col, idx)
		}
	}
}
