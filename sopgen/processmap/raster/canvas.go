package raster

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"github.com/stepwise-sop/stepwise/sopgen/processmap"
)

// canvas draws a layout onto a paletted image in device pixels. Each shape
// is rasterised over its own bounding box only: the cost of a fill grows
// with the area it covers, so strokes are cut into short pieces rather than
// rasterised over the box of a long edge. A covered pixel takes the
// palette index of the shape's colour; an edge pixel blends the colour
// with the one under it and takes the palette's nearest (quantizer).
type canvas struct {
	img  *image.Paletted
	q    *quantizer
	seen [1 << seenBits]seenColour // the quantizer's answers for this canvas
	// blends remembers the edge pixels painted in blendCol (generation
	// blendGen of the colours painted).
	blends   [1 << blendBits]blend
	blendCol color.RGBA
	blendGen uint32
	scale    float64
	off      float64
	faces    map[faceKey]font.Face
	// regular and bold are the parsed fonts faces are made from.
	regular, bold *truetype.Font
	z             vector.Rasterizer
	mask          image.Alpha // the coverage of the shape being filled
	// painted is set once anything is drawn over the white image.
	painted bool
	// glyphCache and kernCache hold what this canvas took from the
	// shared cache (glyphs.go).
	glyphCache map[glyphKey]*glyph
	kernCache  map[glyphKey]fixed.Int26_6
}

// pt is a point in device pixels.
type pt struct{ x, y float64 }

// strokeChunk is how many segments of a stroke are rasterised together.
const strokeChunk = 8

func (c *canvas) xy(p processmap.Point) pt {
	return pt{(p.X + c.off) * c.scale, (p.Y + c.off) * c.scale}
}

func (c *canvas) device(pts []processmap.Point) []pt {
	out := make([]pt, len(pts))
	for i, p := range pts {
		out[i] = c.xy(p)
	}
	return out
}

// fill paints the closed outlines in paths with col (non-zero winding).
func (c *canvas) fill(paths [][]pt, col color.RGBA) {
	minX, minY, maxX, maxY := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range paths {
		for _, q := range p {
			minX, minY, maxX, maxY = min(minX, q.x), min(minY, q.y), max(maxX, q.x), max(maxY, q.y)
		}
	}
	b := c.img.Bounds()
	r := image.Rect(int(math.Floor(minX)), int(math.Floor(minY)), int(math.Ceil(maxX))+1, int(math.Ceil(maxY))+1).Intersect(b)
	if r.Empty() {
		return
	}
	c.z.Reset(r.Dx(), r.Dy())
	ox, oy := float64(r.Min.X), float64(r.Min.Y)
	for _, p := range paths {
		if len(p) < 3 {
			continue
		}
		c.z.MoveTo(float32(p[0].x-ox), float32(p[0].y-oy))
		for _, q := range p[1:] {
			c.z.LineTo(float32(q.x-ox), float32(q.y-oy))
		}
		c.z.ClosePath()
	}
	// The coverage goes into an alpha mask (the rasteriser's fast path)
	// and is painted here: a covered pixel takes the colour, an uncovered
	// one is left, only the edges blend.
	n := r.Dx() * r.Dy()
	if cap(c.mask.Pix) < n {
		c.mask.Pix = make([]uint8, n)
	}
	c.mask.Pix, c.mask.Stride, c.mask.Rect = c.mask.Pix[:n], r.Dx(), image.Rect(0, 0, r.Dx(), r.Dy())
	c.z.DrawOp = draw.Src
	c.z.Draw(&c.mask, c.mask.Rect, image.Opaque, image.Point{})
	idx := c.index(col)
	for y := 0; y < r.Dy(); y++ {
		c.span(c.img.PixOffset(r.Min.X, r.Min.Y+y), c.mask.Pix[y*r.Dx():(y+1)*r.Dx()], col, idx)
	}
}

// span paints the coverages m of a row of pixels starting at offset o of
// the image with col, whose palette index is idx.
func (c *canvas) span(o int, m []uint8, col color.RGBA, idx uint8) {
	if col != c.blendCol {
		// The blends remembered are of another colour.
		c.blendCol, c.blendGen = col, c.blendGen+1
	}
	gen := c.blendGen
	dst := c.img.Pix[o : o+len(m) : o+len(m)]
	for x, a := range m {
		switch a {
		case 0:
		case 0xff:
			dst[x] = idx
		default:
			// An edge: col at coverage a over the pixel's colour. The
			// same pair recurs all along an edge and in every glyph.
			k := uint16(dst[x])<<8 | uint16(a)
			e := &c.blends[(uint32(k)*40503)>>(16-blendBits)&(1<<blendBits-1)]
			if e.gen != gen || e.k != k {
				bg := c.q.rgb[dst[x]]
				w, v := uint32(a), 0xff-uint32(a)
				*e = blend{gen, k, c.nearest(
					uint8((uint32(col.R)*w+uint32(bg.R)*v+127)/0xff),
					uint8((uint32(col.G)*w+uint32(bg.G)*v+127)/0xff),
					uint8((uint32(col.B)*w+uint32(bg.B)*v+127)/0xff))}
			}
			dst[x] = e.idx
		}
	}
}

// blend is a remembered edge pixel: the palette index of the colour being
// painted (generation gen) at a coverage over a palette index (k).
type blend struct {
	gen uint32
	k   uint16
	idx uint8
}

// blendBits sizes a canvas's memory of blends (2^blendBits entries).
const blendBits = 10

// index is the palette index of a colour the layout paints with.
func (c *canvas) index(col color.RGBA) uint8 { return c.nearest(col.R, col.G, col.B) }

// nearest is the palette index for a colour, through a small direct-mapped
// cache in front of the quantizer: the anti-aliased edges repeat a few
// hundred colours.
func (c *canvas) nearest(r, g, b uint8) uint8 {
	k := key(r, g, b)
	e := &c.seen[(k*2654435761)>>(32-seenBits)]
	if !e.ok || e.k != k {
		*e = seenColour{k, c.q.nearest(r, g, b), true}
	}
	return e.idx
}

// stroke draws the polyline pts (closed: back to its start) with lines one
// point wide, dashed 4 on, 3 off, as the SVG's renderer would.
func (c *canvas) stroke(pts []pt, closed bool, col color.RGBA, dashed bool) {
	if len(pts) < 2 {
		return
	}
	if closed && pts[0] != pts[len(pts)-1] {
		pts = append(pts[:len(pts):len(pts)], pts[0])
	}
	hw := c.scale / 2
	if dashed {
		for _, d := range dashes(pts, 4*c.scale, 3*c.scale) {
			c.fill([][]pt{outline(d, hw)}, col)
		}
		return
	}
	for i := 0; i+1 < len(pts); i += strokeChunk {
		j := min(i+strokeChunk, len(pts)-1)
		c.fill([][]pt{outline(pts[i:j+1], hw)}, col)
	}
}

// outline is the closed outline of the open polyline pts drawn hw to
// either side: left side forward, right side back, mitred joins with the
// mitre bounded so a sharp turn does not spike.
func outline(pts []pt, hw float64) []pt {
	n := len(pts)
	left, right := make([]pt, 0, n), make([]pt, 0, n)
	for i := range pts {
		var nx, ny float64
		switch {
		case i == 0:
			nx, ny = normal(pts[0], pts[1])
		case i == n-1:
			nx, ny = normal(pts[n-2], pts[n-1])
		default:
			ax, ay := normal(pts[i-1], pts[i])
			bx, by := normal(pts[i], pts[i+1])
			nx, ny = ax+bx, ay+by
			l := math.Hypot(nx, ny)
			if l < 1e-9 {
				nx, ny = ax, ay
			} else {
				// Mitre: the bisector, lengthened by 1/cos(θ/2), at most 2.
				cos := l / 2
				nx, ny = nx/l/max(cos, 0.5), ny/l/max(cos, 0.5)
			}
		}
		left = append(left, pt{pts[i].x + nx*hw, pts[i].y + ny*hw})
		right = append(right, pt{pts[i].x - nx*hw, pts[i].y - ny*hw})
	}
	for i := n - 1; i >= 0; i-- {
		left = append(left, right[i])
	}
	return left
}

// normal is the unit normal to the left of a→b (zero for a point).
func normal(a, b pt) (float64, float64) {
	dx, dy := b.x-a.x, b.y-a.y
	l := math.Hypot(dx, dy)
	if l < 1e-9 {
		return 0, 0
	}
	return -dy / l, dx / l
}

// dashes cuts a polyline into its dashes: on long, then off long.
func dashes(pts []pt, on, off float64) [][]pt {
	var out [][]pt
	var cur []pt
	drawing, left := true, on
	cur = append(cur, pts[0])
	for i := 0; i+1 < len(pts); i++ {
		a, b := pts[i], pts[i+1]
		seg := math.Hypot(b.x-a.x, b.y-a.y)
		for pos := 0.0; seg-pos > 1e-9; {
			step := min(left, seg-pos)
			pos += step
			left -= step
			p := pt{a.x + (b.x-a.x)*pos/seg, a.y + (b.y-a.y)*pos/seg}
			if drawing {
				cur = append(cur, p)
			}
			if left <= 1e-9 {
				if drawing && len(cur) > 1 {
					out = append(out, cur)
				}
				drawing = !drawing
				left = off
				if drawing {
					left = on
				}
				cur = []pt{p}
			}
		}
	}
	if drawing && len(cur) > 1 {
		out = append(out, cur)
	}
	return out
}

// flatten turns a cubic Bézier spline (p0, then three points a segment)
// into a polyline, each curve cut into pieces of about 4 pixels.
func flatten(pts []pt) []pt {
	out := []pt{pts[0]}
	for i := 1; i+2 < len(pts); i += 3 {
		p0, p1, p2, p3 := out[len(out)-1], pts[i], pts[i+1], pts[i+2]
		l := math.Hypot(p1.x-p0.x, p1.y-p0.y) + math.Hypot(p2.x-p1.x, p2.y-p1.y) + math.Hypot(p3.x-p2.x, p3.y-p2.y)
		n := int(min(max(l/4, 1), 64))
		for k := 1; k <= n; k++ {
			t := float64(k) / float64(n)
			u := 1 - t
			a, b, c, d := u*u*u, 3*u*u*t, 3*u*t*t, t*t*t
			out = append(out, pt{a*p0.x + b*p1.x + c*p2.x + d*p3.x, a*p0.y + b*p1.y + c*p2.y + d*p3.y})
		}
	}
	return out
}

// rgba is #rrggbb as a colour; ok is false for "" (none).
func rgba(c string) (color.RGBA, bool) {
	if c == "" {
		return color.RGBA{}, false
	}
	r, g, b := processmap.RGB(c)
	return color.RGBA{uint8(r), uint8(g), uint8(b), 255}, true
}

// paint fills the closed outline pts and strokes it (open unless closed).
func (c *canvas) paint(pts []pt, closed bool, stroke, fill string, dashed bool) {
	c.painted = true
	if col, ok := rgba(fill); ok {
		c.fill([][]pt{pts}, col)
	}
	if col, ok := rgba(stroke); ok {
		c.stroke(pts, closed, col, dashed)
	}
}

func (c *canvas) Polygon(pts []processmap.Point, stroke, fill string, dashed bool) {
	if !c.painted && stroke == "" && fill == "#ffffff" {
		// The graph's white background, on an image already white.
		return
	}
	c.paint(c.device(pts), true, stroke, fill, dashed)
}

func (c *canvas) Polyline(pts []processmap.Point, stroke string, dashed bool) {
	c.paint(c.device(pts), false, stroke, "", dashed)
}

func (c *canvas) Bezier(pts []processmap.Point, stroke, fill string, dashed bool) {
	if len(pts) == 0 {
		return
	}
	c.paint(flatten(c.device(pts)), fill != "", stroke, fill, dashed)
}

func (c *canvas) Ellipse(ctr processmap.Point, rx, ry float64, stroke, fill string, dashed bool) {
	o := c.xy(ctr)
	rx, ry = rx*c.scale, ry*c.scale
	n := int(min(max((rx+ry)/2, 16), 128))
	pts := make([]pt, n)
	for i := range pts {
		a := 2 * math.Pi * float64(i) / float64(n)
		pts[i] = pt{o.x + rx*math.Cos(a), o.y + ry*math.Sin(a)}
	}
	c.paint(pts, true, stroke, fill, dashed)
}

func (c *canvas) Text(p processmap.Point, s string, size float64, align string, isBold bool, color string, width float64) {
	c.painted = true
	if color == "" {
		color = "#000000"
	}
	size *= c.scale
	width *= c.scale
	k := keyOf(size, isBold)
	w := c.measure(k, s)
	if width > 0 && w > width*1.02 {
		k = keyOf(size*width/w, isBold)
		w = c.measure(k, s)
	}
	o := c.xy(p)
	switch align {
	case "l":
	case "r":
		o.x -= w
	default:
		o.x -= w / 2
	}
	col, _ := rgba(color)
	c.glyphs(k, s, fixed.Point26_6{X: fixed.Int26_6(math.Round(o.x * 64)), Y: fixed.Int26_6(math.Round(o.y * 64))}, col)
}

func fix(v fixed.Int26_6) float64 { return float64(v) / 64 }
