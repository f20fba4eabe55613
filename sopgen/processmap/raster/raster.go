// Package raster draws a process map layout as a PNG image: shapes with
// golang.org/x/image/vector, text with the embedded DejaVu Sans font.
package raster

import (
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"sync"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"

	"github.com/stepwise-sop/stepwise/sopgen/internal/fonts"
	"github.com/stepwise-sop/stepwise/sopgen/processmap"
)

// Scale is pixels per point: 4/3, the 96 pixels per inch of a CSS pixel,
// so the PNG shown at its natural size is as large as the SVG and as sharp
// as the screen. More pixels would only be scaled down by whatever shows
// it, and cost time and bytes (a 50-step map at 2 pixels per point is
// 2.25 times the pixels).
const Scale = 4.0 / 3

// Drawing in bands: pngBands at once (a fixed number, so that the image
// is the same on any machine), at most maxBands, none under minBandRows
// pixels, each drawing what reaches within bandSlack points of it.
const (
	pngBands    = 2
	maxBands    = 4
	minBandRows = 256
	bandSlack   = 3
)

// maxPixels bounds either side of the image, and maxArea its pixel count:
// rasterising and encoding cost grows with the area, so a very long map is
// drawn at a lower scale rather than slowly.
const (
	maxPixels = 16000
	maxArea   = 4e6
)

// The parsed fonts are shared (fonts.Parsed); faces are not goroutine-safe
// (they hold glyph buffers), so each drawing makes its own.
type faceKey struct {
	size float64
	bold bool
}

func (c *canvas) face(size float64, isBold bool) font.Face {
	k := faceKey{math.Round(size*4) / 4, isBold}
	if f, ok := c.faces[k]; ok {
		return f
	}
	f := c.regular
	if isBold {
		f = c.bold
	}
	fc := truetype.NewFace(f, &truetype.Options{Size: k.size, DPI: 72, Hinting: font.HintingFull})
	if c.faces == nil {
		c.faces = map[faceKey]font.Face{}
	}
	c.faces[k] = fc
	return fc
}

// WritePNG draws l on a white background and encodes it as an 8-bit
// paletted PNG (see quantizer), drawing its bands at once.
func WritePNG(w io.Writer, l *processmap.Layout) error {
	regular, bold, err := fonts.Parsed()
	if err != nil {
		return err
	}
	img := render(l, pngBands, regular, bold)
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(w, img); err != nil {
		return fmt.Errorf("encode PNG: %w", err)
	}
	return nil
}

// render paints l as a paletted image in up to bands horizontal bands at
// once: each band draws only the operations that reach into it, clipped to
// it (an op's extent plus bandSlack, for strokes and anti-aliasing), and
// quantises its own rows.
func render(l *processmap.Layout, bands int, regular, bold *truetype.Font) *image.Paletted {
	const margin = 8.0
	scale := Scale
	if m := math.Max(l.Width, l.Height) + 2*margin; m*scale > maxPixels {
		scale = maxPixels / m
	}
	if area := (l.Width + 2*margin) * (l.Height + 2*margin) * scale * scale; area > maxArea {
		scale *= math.Sqrt(maxArea / area)
	}
	W := int(math.Ceil((l.Width + 2*margin) * scale))
	H := int(math.Ceil((l.Height + 2*margin) * scale))
	img := image.NewRGBA(image.Rect(0, 0, W, H))
	white(img.Pix)
	q := newQuantizer(colors(l))
	out := image.NewPaletted(img.Rect, q.pal)
	n := max(1, min(bands, maxBands, H/minBandRows))
	var wg sync.WaitGroup
	for k := range n {
		band := image.Rect(0, H*k/n, W, H*(k+1)/n)
		wg.Go(func() {
			sub := img.SubImage(band).(*image.RGBA)
			c := &canvas{img: sub, scale: scale, off: margin, regular: regular, bold: bold}
			if n == 1 {
				l.Draw(c)
			} else {
				l.DrawWithin(c, float64(band.Min.Y)/scale-margin-bandSlack, float64(band.Max.Y)/scale-margin+bandSlack)
			}
			q.rows(out, sub)
		})
	}
	wg.Wait()
	return out
}

// white sets every byte of pix to 0xff: one, then copies of what is done,
// at the speed of memmove. A loop storing a byte at a time was a third of
// drawing a 50-step map.
func white(pix []byte) {
	if len(pix) == 0 {
		return
	}
	pix[0] = 0xff
	for n := 1; n < len(pix); n *= 2 {
		copy(pix[n:], pix[:n])
	}
}

// colors lists the colours the layout paints with, white first.
func colors(l *processmap.Layout) []color.RGBA {
	seen := map[string]bool{"#ffffff": true}
	out := []color.RGBA{{255, 255, 255, 255}}
	add := func(c string) {
		if c != "" && !seen[c] {
			seen[c] = true
			r, g, b := processmap.RGB(c)
			out = append(out, color.RGBA{uint8(r), uint8(g), uint8(b), 255})
		}
	}
	add("#000000")
	for _, op := range l.Ops {
		add(op.Stroke)
		add(op.Fill)
	}
	return out
}

// Palette layout: the layout's own colours, exact, then a 6×6×6 colour
// cube and a ramp of greys for the anti-aliased edges between them.
const (
	cubeLevels = 6
	cubeSize   = cubeLevels * cubeLevels * cubeLevels
	maxExact   = 24
)

// quantize turns the drawing into a paletted image (see quantizer).
func quantize(img *image.RGBA, exact []color.RGBA) *image.Paletted {
	q := newQuantizer(exact)
	out := image.NewPaletted(img.Rect, q.pal)
	q.rows(out, img)
	return out
}

// quantizer maps colours to a palette. Almost every pixel of a map is one
// of the layout's few colours and keeps it exactly; the rest are the
// anti-aliased edges of shapes and glyphs, which take the nearest entry of
// a colour cube (or of a grey ramp, for greys), found by arithmetic rather
// than search. A paletted PNG is a quarter of the bytes to compress and
// needs no per-row filter search, which made most of the encoding time of
// a true-colour map.
type quantizer struct {
	pal         color.Palette
	index       map[uint32]uint8 // the exact colours
	cube, grey  int              // where the cube and the grey ramp start
	greys       int
	whiteIsZero bool
}

func newQuantizer(exact []color.RGBA) *quantizer {
	if len(exact) > maxExact {
		exact = exact[:maxExact]
	}
	q := &quantizer{pal: make(color.Palette, 0, 256), index: make(map[uint32]uint8, len(exact))}
	for _, c := range exact {
		q.index[key(c.R, c.G, c.B)] = uint8(len(q.pal))
		q.pal = append(q.pal, c)
	}
	q.cube = len(q.pal)
	for r := range cubeLevels {
		for g := range cubeLevels {
			for b := range cubeLevels {
				q.pal = append(q.pal, color.RGBA{level(r), level(g), level(b), 255})
			}
		}
	}
	q.grey, q.greys = len(q.pal), 256-len(q.pal)
	for i := range q.greys {
		v := uint8(i * 255 / (q.greys - 1))
		q.pal = append(q.pal, color.RGBA{v, v, v, 255})
	}
	q.whiteIsZero = len(exact) > 0 && exact[0] == color.RGBA{0xff, 0xff, 0xff, 0xff}
	return q
}

// rows writes the palette indexes of the pixels of src into out, which
// holds src's rectangle and starts zeroed. Bands of one image may be done
// at once: each writes only its own rows.
func (q *quantizer) rows(out *image.Paletted, src *image.RGBA) {
	last, lastIdx := uint32(1<<31), uint8(0)
	var seen [1 << seenBits]seenColour
	w := src.Rect.Dx()
	for y := src.Rect.Min.Y; y < src.Rect.Max.Y; y++ {
		pix := src.Pix[src.PixOffset(src.Rect.Min.X, y):][: 4*w : 4*w]
		dst := out.Pix[out.PixOffset(src.Rect.Min.X, y):][:w:w]
		for i, o := 0, 0; i+3 < len(pix); i, o = i+4, o+1 {
			if q.whiteIsZero {
				// Most of a map is white background, index 0, which out
				// holds already: runs of it are passed over two at a time.
				for i+8 <= len(pix) && binary.LittleEndian.Uint64(pix[i:]) == math.MaxUint64 {
					i, o = i+8, o+2
				}
				if i+3 >= len(pix) {
					break
				}
			}
			r, g, b := pix[i], pix[i+1], pix[i+2]
			k := key(r, g, b)
			if k != last {
				// A small direct-mapped cache in front of the map: the
				// anti-aliased edges repeat a few hundred colours.
				c := &seen[(k*2654435761)>>(32-seenBits)]
				if !c.ok || c.k != k {
					idx, ok := q.index[k]
					if !ok {
						if r == g && g == b {
							idx = uint8(q.grey + (int(r)*(q.greys-1)+127)/255)
						} else {
							idx = uint8(q.cube + (near(r)*cubeLevels+near(g))*cubeLevels + near(b))
						}
					}
					*c = seenColour{k, idx, true}
				}
				last, lastIdx = k, c.idx
			}
			dst[o] = lastIdx
		}
	}
}

// seenColour is an entry of quantize's cache: a colour and its index.
type seenColour struct {
	k   uint32
	idx uint8
	ok  bool
}

// seenBits sizes quantize's cache (2^seenBits entries).
const seenBits = 9

func key(r, g, b uint8) uint32 { return uint32(r)<<16 | uint32(g)<<8 | uint32(b) }

// level is the value of cube level i; near is the nearest level to v.
func level(i int) uint8 { return uint8(i * 255 / (cubeLevels - 1)) }
func near(v uint8) int  { return (int(v)*(cubeLevels-1) + 127) / 255 }
