package processmap

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
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
	Width  float64 // text width Graphviz measured, for fitting
}

type xdotOp struct {
	Op     string       `json:"op"`
	Points [][2]float64 `json:"points"`
	Rect   []float64    `json:"rect"`
	Pt     [2]float64   `json:"pt"`
	Color  string       `json:"color"`
	Text   string       `json:"text"`
	Align  string       `json:"align"`
	Width  float64      `json:"width"`
	Size   float64      `json:"size"`
	Face   string       `json:"face"`
	Style  string       `json:"style"`
}

type xdotObject struct {
	Draw   []xdotOp `json:"_draw_"`
	LDraw  []xdotOp `json:"_ldraw_"`
	HDraw  []xdotOp `json:"_hdraw_"`
	TDraw  []xdotOp `json:"_tdraw_"`
	HLDraw []xdotOp `json:"_hldraw_"`
	TLDraw []xdotOp `json:"_tldraw_"`
}

type xdotGraph struct {
	xdotObject
	BB      string       `json:"bb"`
	Objects []xdotObject `json:"objects"`
	Edges   []xdotObject `json:"edges"`
}

// ParseLayout reads Graphviz "json" output into a Layout.
func ParseLayout(data []byte) (*Layout, error) {
	var g xdotGraph
	if err := json.Unmarshal(data, &g); err != nil {
		return nil, fmt.Errorf("parse layout: %w", err)
	}
	bb := strings.Split(g.BB, ",")
	if len(bb) != 4 {
		return nil, fmt.Errorf("parse layout: bounding box %q", g.BB)
	}
	var box [4]float64
	for i, s := range bb {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("parse layout: bounding box %q: %w", g.BB, err)
		}
		box[i] = v
	}
	l := &Layout{Width: box[2] - box[0], Height: box[3] - box[1]}
	st := &drawState{l: l, x0: box[0], y1: box[3]}
	st.run(g.Draw)
	st.run(g.LDraw)
	for _, o := range g.Objects {
		st.object(o)
	}
	for _, e := range g.Edges {
		st.object(e)
	}
	return l, nil
}

type drawState struct {
	l         *Layout
	x0, y1    float64
	stroke    string
	fill      string
	dashed    bool
	size      float64
	bold      bool
	invisible bool
}

func (st *drawState) object(o xdotObject) {
	for _, ops := range [][]xdotOp{o.Draw, o.HDraw, o.TDraw, o.LDraw, o.HLDraw, o.TLDraw} {
		st.run(ops)
	}
}

func (st *drawState) pt(p [2]float64) Point { return Point{p[0] - st.x0, st.y1 - p[1]} }

func (st *drawState) run(ops []xdotOp) {
	st.stroke, st.fill, st.dashed, st.size, st.bold, st.invisible = "#000000", "", false, 14, false, false
	for _, op := range ops {
		switch op.Op {
		case "c":
			st.stroke = color(op.Color)
		case "C":
			st.fill = color(op.Color)
		case "S":
			switch op.Style {
			case "dashed", "dotted":
				st.dashed = true
			case "solid":
				st.dashed = false
			case "invis":
				st.invisible = true
			}
		case "F":
			st.size = op.Size
			st.bold = strings.Contains(strings.ToLower(op.Face), "bold")
		case "p", "P", "L", "b", "B":
			if st.invisible {
				continue
			}
			o := Op{Stroke: st.stroke, Dashed: st.dashed}
			switch op.Op {
			case "p", "P":
				o.Kind = OpPolygon
			case "L":
				o.Kind = OpPolyline
			default:
				o.Kind = OpBezier
			}
			for _, p := range op.Points {
				o.Points = append(o.Points, st.pt(p))
			}
			// Graphviz draws rounded filled shapes as "unfilled" closed
			// splines after setting a fill colour; its SVG fills them, and
			// so do we.
			closed := len(o.Points) > 2 && o.Points[0] == o.Points[len(o.Points)-1]
			if op.Op == "P" || op.Op == "b" || op.Op == "B" && closed {
				o.Fill = st.fill
			}
			st.l.Ops = append(st.l.Ops, o)
		case "e", "E":
			if st.invisible || len(op.Rect) != 4 {
				continue
			}
			o := Op{Kind: OpEllipse, Stroke: st.stroke, Dashed: st.dashed,
				Points: []Point{st.pt([2]float64{op.Rect[0], op.Rect[1]}), {op.Rect[2], op.Rect[3]}}}
			if op.Op == "E" {
				o.Fill = st.fill
			}
			st.l.Ops = append(st.l.Ops, o)
		case "T":
			if st.invisible {
				continue
			}
			st.l.Ops = append(st.l.Ops, Op{Kind: OpText, Points: []Point{st.pt(op.Pt)}, Stroke: st.stroke,
				Text: op.Text, Align: op.Align, Size: st.size, Bold: st.bold, Width: op.Width})
		}
	}
}

// color normalises an xdot colour to #rrggbb; transparent becomes "",
// anything else black.
func color(c string) string {
	switch {
	case c == "transparent" || c == "none":
		return ""
	case len(c) == 9 && c[0] == '#' && isHex(c[1:]):
		if c[7:] == "00" {
			return ""
		}
		return c[:7]
	case len(c) == 7 && c[0] == '#' && isHex(c[1:]):
		return c
	case c == "black":
		return "#000000"
	case c == "white":
		return "#ffffff"
	}
	return "#000000"
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
