// Package raster draws a process map layout as a PNG image: shapes with
// golang.org/x/image/vector, text with the embedded DejaVu Sans font.
package raster

import (
	"fmt"
	"image"
	"image/color"
	"io"
	"math"
	"sync"

	"github.com/golang/freetype/truetype"

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

// WritePNG draws l on a white background and encodes it as an 8-bit
// paletted PNG (see quantizer), drawing its bands at once.
func WritePNG(w io.Writer, l *processmap.Layout) error {
	regular, bold, err := fonts.Parsed()
	if err != nil {
		return err
	}
	img := render(l, pngBands, regular, bold)
	defer release(img)
	if err := encode(w, img, encodePieces); err != nil {
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
	// Index 0 is white (colors puts it first): a new image is blank.
	q := newQuantizer(colors(l))
	out := &image.Paletted{Pix: pixels(W * H), Stride: W, Rect: image.Rect(0, 0, W, H), Palette: q.pal}
	n := max(1, min(bands, maxBands, H/minBandRows))
	var wg sync.WaitGroup
	for k := range n {
		band := image.Rect(0, H*k/n, W, H*(k+1)/n)
		wg.Go(func() {
			sub := out.SubImage(band).(*image.Paletted)
			c := &canvas{img: sub, q: q, scale: scale, off: margin, regular: regular, bold: bold}
			if n == 1 {
				l.Draw(c)
			} else {
				l.DrawWithin(c, float64(band.Min.Y)/scale-margin-bandSlack, float64(band.Max.Y)/scale-margin+bandSlack)
			}
		})
	}
	wg.Wait()
	return out
}

// pixelPool holds the pixel buffers of images encoded and done with: a
// new map's pixels are cleared in place rather than faulted in fresh from
// the system, megabytes each time.
var pixelPool sync.Pool

// pixels is a zeroed buffer of n pixels.
func pixels(n int) []uint8 {
	if b, ok := pixelPool.Get().(*[]uint8); ok && cap(*b) >= n {
		p := (*b)[:n]
		clear(p)
		return p
	}
	return make([]uint8, n)
}

// release gives img's pixels back for the next map; img is not used after.
func release(img *image.Paletted) {
	p := img.Pix[:0]
	img.Pix = nil
	pixelPool.Put(&p)
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

// quantizer maps colours to a palette. Almost every pixel of a map is one
// of the layout's few colours and keeps it exactly; the rest are the
// anti-aliased edges of shapes and glyphs, which take the nearest entry of
// a colour cube (or of a grey ramp, for greys), found by arithmetic rather
// than search. A paletted PNG is a quarter of the bytes to compress and
// needs no per-row filter search, which made most of the encoding time of
// a true-colour map.
type quantizer struct {
	pal        color.Palette
	rgb        []color.RGBA     // pal's colours, for blending
	index      map[uint32]uint8 // the exact colours
	cube, grey int              // where the cube and the grey ramp start
	greys      int
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
	q.rgb = make([]color.RGBA, len(q.pal))
	for i, c := range q.pal {
		q.rgb[i] = c.(color.RGBA)
	}
	return q
}

// nearest is the palette index of a colour: its own if it is one of the
// layout's, else the nearest grey or cube entry.
func (q *quantizer) nearest(r, g, b uint8) uint8 {
	if idx, ok := q.index[key(r, g, b)]; ok {
		return idx
	}
	if r == g && g == b {
		return uint8(q.grey + (int(r)*(q.greys-1)+127)/255)
	}
	return uint8(q.cube + (near(r)*cubeLevels+near(g))*cubeLevels + near(b))
}

// seenColour is an entry of a canvas's cache of the quantizer: a colour and its index.
type seenColour struct {
	k   uint32
	idx uint8
	ok  bool
}

// seenBits sizes that cache (2^seenBits entries).
const seenBits = 9

func key(r, g, b uint8) uint32 { return uint32(r)<<16 | uint32(g)<<8 | uint32(b) }

// level is the value of cube level i; near is the nearest level to v.
func level(i int) uint8 { return uint8(i * 255 / (cubeLevels - 1)) }
func near(v uint8) int  { return (int(v)*(cubeLevels-1) + 127) / 255 }
