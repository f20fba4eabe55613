package processmap

import (
	"cmp"
	"slices"
	"strconv"
)

// Point is a position in points (1/72 inch), origin top left, y down.
type Point struct{ X, Y float64 }

// Layout is a laid-out map: its size and the drawing operations that paint
// it, in painting order.
type Layout struct {
	Width, Height float64
	Ops           []Op
}

// Op kinds.
const (
	OpPolygon  = "polygon"
	OpPolyline = "polyline"
	OpBezier   = "bezier"
	OpEllipse  = "ellipse"
	OpText     = "text"
)

// Op is one drawing operation.
type Op struct {
	Kind   string
	Points []Point // polygon, polyline, bezier control points; ellipse: centre and radii
	Stroke string  // #rrggbb or "" for none
	Fill   string  // #rrggbb or "" for none
	Dashed bool
	Text   string
	Align  string  // l, c, r
	Size   float64 // font size in points
	Bold   bool
	Width  float64 // the room the text has: a drawing shrinks text wider than this
}

// isHex reports whether a colour after its '#' is hex digits only: what
// the SVG writes into an attribute can hold nothing else.
func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i] | 0x20; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

// Canvas is something a Layout can be drawn on.
type Canvas interface {
	Polygon(pts []Point, stroke, fill string, dashed bool)
	Polyline(pts []Point, stroke string, dashed bool)
	// Bezier draws a cubic Bézier spline: p0, then three points per segment.
	Bezier(pts []Point, stroke, fill string, dashed bool)
	Ellipse(c Point, rx, ry float64, stroke, fill string, dashed bool)
	// Text draws s with its baseline at p, aligned l, c or r, at size
	// points, shrunk if needed to fit width.
	Text(p Point, s string, size float64, align string, bold bool, color string, width float64)
}

// Draw paints the layout onto c.
func (l *Layout) Draw(c Canvas) {
	for _, op := range l.Ops {
		switch op.Kind {
		case OpPolygon:
			c.Polygon(op.Points, op.Stroke, op.Fill, op.Dashed)
		case OpPolyline:
			c.Polyline(op.Points, op.Stroke, op.Dashed)
		case OpBezier:
			c.Bezier(op.Points, op.Stroke, op.Fill, op.Dashed)
		case OpEllipse:
			c.Ellipse(op.Points[0], op.Points[1].X, op.Points[1].Y, op.Stroke, op.Fill, op.Dashed)
		case OpText:
			c.Text(op.Points[0], op.Text, op.Size, op.Align, op.Bold, op.Stroke, op.Width)
		}
	}
}

// RGB splits #rrggbb into its components; malformed input is black.
func RGB(c string) (r, g, b int) {
	if len(c) != 7 || c[0] != '#' {
		return 0, 0, 0
	}
	v, err := strconv.ParseUint(c[1:], 16, 32)
	if err != nil {
		return 0, 0, 0
	}
	return int(v >> 16 & 0xff), int(v >> 8 & 0xff), int(v & 0xff)
}

// bounds is the vertical extent of op, in points from the top.
func (op Op) bounds() (top, bottom float64) {
	if op.Kind == OpText {
		y := op.Points[0].Y
		return y - op.Size, y + op.Size*0.3
	}
	if op.Kind == OpEllipse {
		c, r := op.Points[0], op.Points[1]
		return c.Y - r.Y, c.Y + r.Y
	}
	top, bottom = op.Points[0].Y, op.Points[0].Y
	for _, p := range op.Points[1:] {
		top, bottom = min(top, p.Y), max(bottom, p.Y)
	}
	return top, bottom
}

// keepGap is the vertical gap, in points, under which two occupied spans
// belong together: a phase's label sits this close above its first node.
const keepGap = 16

// Occupied lists the vertical spans, sorted and merged, that hold a
// filled shape (a node) or text: where a page must not cut the map. Spans closer than keepGap merge, so a phase's label stays with
// its node. Cluster frames and edges, unfilled, may be cut.
func (l *Layout) Occupied() [][2]float64 {
	var spans [][2]float64
	for _, op := range l.Ops {
		if len(op.Points) == 0 || (op.Kind != OpText && op.Fill == "") {
			continue
		}
		t, b := op.bounds()
		if op.Kind == OpPolygon && (b-t < keepGap || b-t > l.Height*0.9) {
			continue // an arrowhead, which may run on to the next page, or the background
		}
		spans = append(spans, [2]float64{t, b})
	}
	slices.SortFunc(spans, func(a, b [2]float64) int { return cmp.Compare(a[0], b[0]) })
	var out [][2]float64
	for _, s := range spans {
		if n := len(out); n > 0 && s[0] <= out[n-1][1]+keepGap {
			out[n-1][1] = max(out[n-1][1], s[1])
			continue
		}
		out = append(out, s)
	}
	return out
}

// DrawWithin paints the operations of l that reach into the band from top
// to bottom (points from the top): a page's share of a map cut into
// bands. The caller clips to the band.
func (l *Layout) DrawWithin(c Canvas, top, bottom float64) {
	band := Layout{Width: l.Width, Height: l.Height}
	for _, op := range l.Ops {
		if len(op.Points) == 0 {
			continue
		}
		if t, b := op.bounds(); b >= top && t <= bottom {
			band.Ops = append(band.Ops, op)
		}
	}
	band.Draw(c)
}
