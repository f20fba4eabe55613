package processmap

import (
	"bufio"
	"encoding/xml"
	"io"
	"strconv"
)

// svgMargin is the blank border, in points, around the drawing.
const svgMargin = 4

// svgFonts is the font list of every text: DejaVu Sans is what the layout
// measured and what the PNG and PDF embed; the others stand in for it.
const svgFonts = "DejaVu Sans,Verdana,Arial,sans-serif"

// WriteSVG draws the layout as a standalone SVG document, titled title.
// It is the third drawing of the one layout the PNG and the PDF draw, so
// the three agree. Every text is escaped as XML character data: a recorded
// label cannot open an element or an attribute.
func (l *Layout) WriteSVG(w io.Writer, title string) error {
	c := &svgCanvas{w: bufio.NewWriterSize(w, 32<<10)}
	width, height := l.Width+2*svgMargin, l.Height+2*svgMargin
	c.str(`<?xml version="1.0" encoding="UTF-8" standalone="no"?>` + "\n")
	c.str(`<svg xmlns="http://www.w3.org/2000/svg" width="`)
	c.num(width)
	c.str(`pt" height="`)
	c.num(height)
	c.str(`pt" viewBox="`)
	c.num(-svgMargin)
	c.str(" ")
	c.num(-svgMargin)
	c.str(" ")
	c.num(width)
	c.str(" ")
	c.num(height)
	c.str(`" role="img">` + "\n<title>")
	c.text(title)
	c.str("</title>\n<g font-family=\"" + svgFonts + "\">\n")
	l.Draw(c)
	c.str("</g>\n</svg>\n")
	return c.w.Flush()
}

// svgCanvas writes each drawing operation as one SVG element. Errors of
// the writer are sticky in bufio.Writer and reported by Flush.
type svgCanvas struct {
	w   *bufio.Writer
	buf []byte
}

func (c *svgCanvas) str(s string) { c.w.WriteString(s) }

// num writes v with at most two decimals, which is finer than a pixel at
// any zoom a reader uses and keeps the file small.
func (c *svgCanvas) num(v float64) {
	c.buf = strconv.AppendFloat(c.buf[:0], v, 'f', 2, 64)
	b := c.buf
	for len(b) > 0 && b[len(b)-1] == '0' {
		b = b[:len(b)-1]
	}
	if len(b) > 0 && b[len(b)-1] == '.' {
		b = b[:len(b)-1]
	}
	if string(b) == "-0" {
		b = b[1:]
	}
	c.w.Write(b)
}

func (c *svgCanvas) text(s string) { xml.EscapeText(c.w, []byte(s)) }

func (c *svgCanvas) points(pts []Point) {
	c.str(` points="`)
	for i, p := range pts {
		if i > 0 {
			c.str(" ")
		}
		c.num(p.X)
		c.str(",")
		c.num(p.Y)
	}
	c.str(`"`)
}

// paint writes the fill and stroke attributes and closes the element.
// Colours come from the layout, normalised to #rrggbb or "".
func (c *svgCanvas) paint(stroke, fill string, dashed bool) {
	c.str(` fill="` + orNone(fill) + `" stroke="` + orNone(stroke) + `"`)
	if dashed && stroke != "" {
		c.str(` stroke-dasharray="5,2"`)
	}
	c.str("/>\n")
}

// orNone is c as an SVG paint: "none" for no colour, black for anything
// but #rrggbb, so that an attribute holds nothing but a colour whoever
// built the layout.
func orNone(c string) string {
	switch {
	case c == "":
		return "none"
	case len(c) == 7 && c[0] == '#' && isHex(c[1:]):
		return c
	}
	return "#000000"
}

func (c *svgCanvas) Polygon(pts []Point, stroke, fill string, dashed bool) {
	c.str("<polygon")
	c.points(pts)
	c.paint(stroke, fill, dashed)
}

func (c *svgCanvas) Polyline(pts []Point, stroke string, dashed bool) {
	c.str("<polyline")
	c.points(pts)
	c.paint(stroke, "", dashed)
}

func (c *svgCanvas) Bezier(pts []Point, stroke, fill string, dashed bool) {
	if len(pts) == 0 {
		return
	}
	c.str(`<path d="M`)
	c.num(pts[0].X)
	c.str(",")
	c.num(pts[0].Y)
	c.str("C")
	for i, p := range pts[1:] {
		if i > 0 {
			c.str(" ")
		}
		c.num(p.X)
		c.str(",")
		c.num(p.Y)
	}
	if fill != "" {
		c.str("Z")
	}
	c.str(`"`)
	c.paint(stroke, fill, dashed)
}

func (c *svgCanvas) Ellipse(ctr Point, rx, ry float64, stroke, fill string, dashed bool) {
	c.str(`<ellipse cx="`)
	c.num(ctr.X)
	c.str(`" cy="`)
	c.num(ctr.Y)
	c.str(`" rx="`)
	c.num(rx)
	c.str(`" ry="`)
	c.num(ry)
	c.str(`"`)
	c.paint(stroke, fill, dashed)
}

func (c *svgCanvas) Text(p Point, s string, size float64, align string, bold bool, color string, width float64) {
	anchor := "middle"
	switch align {
	case "l":
		anchor = "start"
	case "r":
		anchor = "end"
	}
	c.str(`<text x="`)
	c.num(p.X)
	c.str(`" y="`)
	c.num(p.Y)
	c.str(`" text-anchor="` + anchor + `" font-size="`)
	c.num(size)
	c.str(`"`)
	if bold {
		c.str(` font-weight="bold"`)
	}
	if fill := orNone(color); fill != "none" && fill != "#000000" {
		c.str(` fill="` + fill + `"`)
	}
	c.str(">")
	c.text(s)
	c.str("</text>\n")
}
