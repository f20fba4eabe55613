// Package raster draws a process map layout as a PNG image with
// fogleman/gg and the embedded DejaVu Sans font. (go-graphviz's own PNG
// output is broken: edges and outlines go missing.)
package raster

import (
	"fmt"
	"image/png"
	"io"
	"math"
	"sync"

	"github.com/fogleman/gg"
	"github.com/golang/freetype/truetype"
	"golang.org/x/image/font"

	"github.com/stepwise-sop/stepwise/sopgen/internal/fonts"
	"github.com/stepwise-sop/stepwise/sopgen/processmap"
)

// Scale is pixels per point: 2 gives a sharp image at print size.
const Scale = 2.0

// maxPixels bounds either side of the image, and maxArea its pixel count:
// rasterising and encoding cost grows with the area, so a very long map is
// drawn at a lower scale rather than slowly.
const (
	maxPixels = 16000
	maxArea   = 4e6
)

// The parsed fonts are shared; faces are not goroutine-safe (they hold
// glyph buffers), so each drawing makes its own.
var (
	parseOnce     sync.Once
	regular, bold *truetype.Font
	parseErr      error
)

type faceKey struct {
	size float64
	bold bool
}

func loadFonts() error {
	parseOnce.Do(func() {
		if regular, parseErr = truetype.Parse(fonts.Regular); parseErr != nil {
			return
		}
		bold, parseErr = truetype.Parse(fonts.Bold)
	})
	return parseErr
}

func (c *canvas) face(size float64, isBold bool) font.Face {
	k := faceKey{math.Round(size*4) / 4, isBold}
	if f, ok := c.faces[k]; ok {
		return f
	}
	f := regular
	if isBold {
		f = bold
	}
	fc := truetype.NewFace(f, &truetype.Options{Size: k.size, DPI: 72, Hinting: font.HintingFull})
	if c.faces == nil {
		c.faces = map[faceKey]font.Face{}
	}
	c.faces[k] = fc
	return fc
}

// WritePNG draws l on a white background and encodes it as PNG.
func WritePNG(w io.Writer, l *processmap.Layout) error {
	if err := loadFonts(); err != nil {
		return fmt.Errorf("load font: %w", err)
	}
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
	dc := gg.NewContext(W, H)
	dc.SetHexColor("#ffffff")
	dc.Clear()
	l.Draw(&canvas{dc: dc, scale: scale, off: margin})
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(w, dc.Image()); err != nil {
		return fmt.Errorf("encode PNG: %w", err)
	}
	return nil
}

// canvas maps layout points to pixels itself: gg does not scale glyphs
// with its transform, so text and shapes are both drawn in device space.
type canvas struct {
	dc    *gg.Context
	scale float64
	off   float64
	faces map[faceKey]font.Face
}

func (c *canvas) xy(p processmap.Point) (float64, float64) {
	return (p.X + c.off) * c.scale, (p.Y + c.off) * c.scale
}

func (c *canvas) path(pts []processmap.Point, closed bool) {
	c.dc.NewSubPath()
	for i, p := range pts {
		x, y := c.xy(p)
		if i == 0 {
			c.dc.MoveTo(x, y)
		} else {
			c.dc.LineTo(x, y)
		}
	}
	if closed {
		c.dc.ClosePath()
	}
}

func (c *canvas) paint(stroke, fill string, dashed bool) {
	if fill != "" {
		c.dc.SetHexColor(fill)
		if stroke != "" {
			c.dc.FillPreserve()
		} else {
			c.dc.Fill()
		}
	}
	if stroke != "" {
		c.dc.SetHexColor(stroke)
		c.dc.SetLineWidth(c.scale)
		if dashed {
			c.dc.SetDash(4*c.scale, 3*c.scale)
		} else {
			c.dc.SetDash()
		}
		c.dc.Stroke()
	}
	c.dc.ClearPath()
}

func (c *canvas) Polygon(pts []processmap.Point, stroke, fill string, dashed bool) {
	c.path(pts, true)
	c.paint(stroke, fill, dashed)
}

func (c *canvas) Polyline(pts []processmap.Point, stroke string, dashed bool) {
	c.path(pts, false)
	c.paint(stroke, "", dashed)
}

func (c *canvas) Bezier(pts []processmap.Point, stroke, fill string, dashed bool) {
	if len(pts) == 0 {
		return
	}
	c.dc.NewSubPath()
	c.dc.MoveTo(c.xy(pts[0]))
	for i := 1; i+2 < len(pts); i += 3 {
		x1, y1 := c.xy(pts[i])
		x2, y2 := c.xy(pts[i+1])
		x3, y3 := c.xy(pts[i+2])
		c.dc.CubicTo(x1, y1, x2, y2, x3, y3)
	}
	if fill != "" {
		c.dc.ClosePath()
	}
	c.paint(stroke, fill, dashed)
}

func (c *canvas) Ellipse(ctr processmap.Point, rx, ry float64, stroke, fill string, dashed bool) {
	c.dc.NewSubPath()
	x, y := c.xy(ctr)
	c.dc.DrawEllipse(x, y, rx*c.scale, ry*c.scale)
	c.paint(stroke, fill, dashed)
}

func (c *canvas) Text(p processmap.Point, s string, size float64, align string, isBold bool, color string, width float64) {
	if color == "" {
		color = "#000000"
	}
	size *= c.scale
	width *= c.scale
	c.dc.SetFontFace(c.face(size, isBold))
	if w, _ := c.dc.MeasureString(s); width > 0 && w > width*1.02 {
		c.dc.SetFontFace(c.face(size*width/w, isBold))
	}
	ax := 0.5
	switch align {
	case "l":
		ax = 0
	case "r":
		ax = 1
	}
	c.dc.SetHexColor(color)
	x, y := c.xy(p)
	c.dc.DrawStringAnchored(s, x, y, ax, 0)
}
