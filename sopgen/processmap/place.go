package processmap

import (
	"cmp"
	"math"
	"slices"
)

// The map's geometry, in points. Font sizes are those the DOT asks of
// Graphviz, so the SVG, the PNG and the PDF keep the sizes they had.
const (
	pagePad     = 8    // blank border inside the layout
	titleSize   = 11   // the map's title
	clusterSize = 11   // a phase's label
	nodeSize    = 10   // a node's label
	edgeSize    = 9    // "yes", "no"
	leading     = 1.2  // line height per point of font size
	nodePadX    = 8.64 // label to box side (Graphviz's margin 0.12 in)
	nodePadY    = 4.32 // label to box top and bottom (0.06 in)
	minBoxW     = 54   // narrowest box (0.75 in)
	minBoxH     = 26   // lowest box
	rankGap     = 20   // vertical gap between the main column's shapes: over keepGap, so a page may be cut there
	frameGap    = 7    // a phase's frame to its nodes
	frameRadius = 6    // corner radius of frames and step boxes
	laneGap     = 18   // main column to the first trunk, the last to the lane, the lane to its return trunk
	maxChamfer  = 10   // the cut corner of an exception's octagon
	// A phase's label may reach labelSpill further left than the widest
	// node's frame before it is wrapped: wide enough for most labels on
	// one line, narrow enough that a map of full-width steps prints at
	// its smallest text size on a portrait page.
	labelSpill = 90
	labelClear = 12  // a phase label's end to the column's axis
	trunkGap   = 8   // between the trunks of two exception nodes
	sideGap    = 14  // between two exception nodes in the lane
	arrowLen   = 9   // arrowhead length
	arrowHalf  = 3.5 // half the arrowhead's width
	// clusterLabelWidth and titleWidth are the runes per line of a phase's
	// label and of the title, as the DOT wraps them; laneLabelWidth is
	// that of an exception's label, narrower than a step's to keep the map
	// narrow enough to print at its smallest text size on a portrait page.
	clusterLabelWidth = 48
	titleWidth        = 60
	laneLabelWidth    = 28
)

// Colours of lines and frames.
const (
	lineColour  = "#475569"
	frameColour = "#cbd5e1"
	textColour  = "#000000"
)

// shape is one node as placed: centre, half sizes and wrapped label.
type shape struct {
	node   *Node
	cx, cy float64
	hw, hh float64
	lines  []string
	widths []float64 // of each line, at nodeSize
	// room is the width each line may take inside the outline.
	room float64
}

func (s *shape) top() float64    { return s.cy - s.hh }
func (s *shape) bottom() float64 { return s.cy + s.hh }
func (s *shape) left() float64   { return s.cx - s.hw }
func (s *shape) right() float64  { return s.cx + s.hw }

// frame is the drawn outline of a run of main-column nodes of one phase.
// Its label sits top left, wholly left of the column's axis, where the
// edge into the first node runs: a frame reaches further left than right
// when its label is wider than half its nodes.
type frame struct {
	first, last int // positions in the main column
	lines       []string
	left, right float64 // extents from the column's axis
	top, bottom float64
}

// labelHeight is the height of a phase label's lines.
func (f *frame) labelHeight() float64 {
	return float64(len(f.lines)) * clusterSize * leading
}

// placer lays out one graph.
type placer struct {
	g       *Graph
	m       *metrics
	shapes  []shape
	main    []int       // node indexes of the main column, top to bottom
	lane    []int       // node indexes of the exception lane, top to bottom
	pos     map[int]int // node index → position in main, for main nodes
	byID    map[string]int
	frames  []frame
	cx      float64         // axis of the main column
	colL    float64         // extent of the main column left of its axis
	colR    float64         // and right of it
	left    float64         // left edge of the main column's reserved room
	laneX   float64         // left edge of the lane
	returnX float64         // the trunk back from the lane
	trunk   map[int]float64 // exception node → x of the trunk into it
	spans   map[trunkKey]trunkSpan
	order   []trunkKey // the trunks in the order of their first edge
	l       *Layout
}

// Layout lays g out: the title on top, then one column of the main path
// (start, steps in procedure order, decisions, end) with each phase's run
// of nodes in a rounded frame under its label, and the exception nodes in
// a lane to its right, each at the height of the first decision that leads
// to it. Edges are orthogonal: straight down the column; out of a decision
// to the right, then along the exception's own trunk (shared by every
// decision leading there) into its side; from an exception down one
// return trunk into the end's side. No edge crosses a node.
//
// Node sizes come from DejaVu Sans' metrics (the font the PNG and the PDF
// draw with), so a label fits its box in every drawing. Layout is
// deterministic and linear in the size of g; the DOT is not involved.
func (g *Graph) Layout() *Layout { return g.place().l }

// place lays g out and returns the placer, whose shapes and frames the
// tests check the drawing against.
func (g *Graph) place() *placer {
	p := &placer{g: g, m: newMetrics(), l: &Layout{}, byID: make(map[string]int, len(g.Nodes)), spans: map[trunkKey]trunkSpan{}}
	p.measure()
	y := p.title()
	p.column(y)
	p.placeLane()
	p.edges()
	return p
}

// measure sizes every node's outline from its wrapped label and sorts the
// nodes into the main column and the exception lane.
func (p *placer) measure() {
	p.shapes = make([]shape, len(p.g.Nodes))
	p.pos = make(map[int]int, len(p.g.Nodes))
	for i := range p.g.Nodes {
		n := &p.g.Nodes[i]
		if _, dup := p.byID[n.ID]; !dup {
			p.byID[n.ID] = i
		}
		s := &p.shapes[i]
		s.node = n
		runes := labelWidth
		if n.Shape == ShapeEscape {
			runes = laneLabelWidth
		}
		s.lines = wrap(n.Label, runes)
		tw := 0.0
		for _, line := range s.lines {
			w := p.m.width(line, nodeSize)
			s.widths = append(s.widths, w)
			tw = max(tw, w)
		}
		th := float64(len(s.lines)) * nodeSize * leading
		s.room = tw
		switch n.Shape {
		case ShapeDecision:
			// A diamond holds its label's box when the box's half sizes
			// are 0.6 and 0.4 of the diamond's (0.6 + 0.4 = 1).
			s.hw = max((tw/2+nodePadX/2)/0.6, minBoxW/2)
			s.hh = max((th/2+nodePadY/2)/0.4, minBoxH/2)
			s.room = 2 * 0.6 * s.hw
		case ShapeTerminal:
			// An ellipse holds a box of half sizes a, b when it is √2 times
			// larger.
			s.hw = max((tw/2+nodePadX)*math.Sqrt2, minBoxW/2)
			s.hh = max((th/2+nodePadY)*math.Sqrt2*0.8, minBoxH/2)
			s.room = s.hw * math.Sqrt2
		case ShapeEscape:
			// The octagon's cut corners take up to a quarter of its height
			// from each side: the label box is widened by as much.
			s.hh = max(th/2+nodePadY*2, minBoxH/2)
			s.hw = max(tw/2+nodePadX+chamfer(s.hh), minBoxW/2)
			s.room = 2 * (s.hw - chamfer(s.hh))
		default:
			s.hw = max(tw/2+nodePadX, minBoxW/2)
			s.hh = max(th/2+nodePadY, minBoxH/2)
			s.room = 2 * (s.hw - nodePadX/2)
		}
		if n.Shape == ShapeEscape {
			p.lane = append(p.lane, i)
		} else {
			p.pos[i] = len(p.main)
			p.main = append(p.main, i)
		}
	}
}

// title writes the map's title, left aligned, and returns where the
// drawing below it starts.
func (p *placer) title() float64 {
	y := float64(pagePad)
	lines := wrap(p.g.Title, titleWidth)
	for i, line := range lines {
		w := p.m.width(line, titleSize)
		p.l.Width = max(p.l.Width, w+2*pagePad)
		p.text(Point{pagePad, y + float64(i)*titleSize*leading + titleSize}, line, titleSize, "l", w)
	}
	if len(lines) > 0 {
		y += float64(len(lines))*titleSize*leading + 10
	}
	return y
}

// column places the main column from y down, and the phase frames around
// its runs of nodes. A phase's nodes are expected together; a phase whose
// nodes are not gets a frame per run, so no frame holds another phase's
// node.
func (p *placer) column(y float64) {
	labels := make(map[string]string, len(p.g.Clusters))
	for _, c := range p.g.Clusters {
		labels[c.ID] = c.Label
	}
	// Extents of the column: its widest node or frame on either side. A
	// phase's label is wrapped to the room left of the axis that the
	// widest node leaves and labelSpill, so labels widen the map little.
	for _, i := range p.main {
		p.colL = max(p.colL, p.shapes[i].hw)
	}
	p.colR = p.colL
	room := p.colL - labelClear + labelSpill
	for k, i := range p.main {
		s := &p.shapes[i]
		c := s.node.Cluster
		if c == "" || k > 0 && p.g.Nodes[p.main[k-1]].Cluster == c {
			if c != "" {
				f := &p.frames[len(p.frames)-1]
				f.last = k
				f.left, f.right = max(f.left, s.hw+frameGap), max(f.right, s.hw+frameGap)
			}
			continue
		}
		f := frame{first: k, last: k, left: s.hw + frameGap, right: s.hw + frameGap}
		for _, line := range wrap(labels[c], clusterLabelWidth) {
			for _, part := range p.m.wrap(line, clusterSize, room) {
				f.lines = append(f.lines, part)
				f.left = max(f.left, p.m.width(part, clusterSize)+frameGap+labelClear)
			}
		}
		p.frames = append(p.frames, f)
	}
	for _, f := range p.frames {
		p.colL, p.colR = max(p.colL, f.left), max(p.colR, f.right)
	}
	p.left = pagePad
	for _, e := range p.g.Edges {
		if _, _, k := p.kind(e); k == edgeAround {
			p.left = pagePad + laneGap // room for the edge round the left
			break
		}
	}
	p.cx = p.left + p.colL
	fi := 0
	for k, i := range p.main {
		s := &p.shapes[i]
		if fi < len(p.frames) && p.frames[fi].first == k {
			p.frames[fi].top = y
			y += frameGap + p.frames[fi].labelHeight() + 4
		}
		s.cx, s.cy = p.cx, y+s.hh
		y += 2 * s.hh
		if fi < len(p.frames) && p.frames[fi].last == k {
			y += frameGap
			p.frames[fi].bottom = y
			fi++
		}
		y += rankGap
	}
	p.l.Width = max(p.l.Width, p.cx+p.colR+pagePad)
	p.l.Height = max(p.l.Height, y-rankGap+pagePad)
}

// placeLane puts each exception node in the lane at the height of the
// first main-column node with an edge to it (lower if the one above is in
// the way), gives each its trunk, and moves the last main node (the end)
// below the lane when an exception leads back to it.
func (p *placer) placeLane() {
	if len(p.lane) == 0 {
		return
	}
	anchor := make(map[int]float64, len(p.lane))
	for _, e := range p.g.Edges {
		from, okF := p.byID[e.From]
		to, okT := p.byID[e.To]
		if !okF || !okT || p.g.Nodes[to].Shape != ShapeEscape {
			continue
		}
		if _, isMain := p.pos[from]; !isMain {
			continue
		}
		if y, seen := anchor[to]; !seen || p.shapes[from].cy < y {
			anchor[to] = p.shapes[from].cy
		}
	}
	at := func(i int) float64 {
		if y, ok := anchor[i]; ok {
			return y
		}
		return math.Inf(1)
	}
	slices.SortStableFunc(p.lane, func(a, b int) int { return cmp.Compare(at(a), at(b)) })
	right := p.cx + p.colR
	p.trunk = make(map[int]float64, len(p.lane))
	for k, i := range p.lane {
		p.trunk[i] = right + laneGap + float64(k)*trunkGap
	}
	p.laneX = right + laneGap + float64(len(p.lane)-1)*trunkGap + laneGap
	laneW := 0.0
	bottom := math.Inf(-1)
	top := float64(pagePad)
	if len(p.main) > 0 {
		top = p.shapes[p.main[0]].top()
	}
	for _, i := range p.lane {
		s := &p.shapes[i]
		y := at(i) - s.hh
		if math.IsInf(y, 1) {
			y = top
		}
		y = max(y, top, bottom+sideGap)
		s.cx, s.cy = p.laneX+s.hw, y+s.hh
		bottom = s.bottom()
		laneW = max(laneW, 2*s.hw)
	}
	p.returnX = p.laneX + laneW + laneGap
	p.l.Width = max(p.l.Width, p.returnX+pagePad)
	p.l.Height = max(p.l.Height, bottom+pagePad)
	p.lowerEnd(bottom)
}

// lowerEnd moves the last node of the main column below the lane's bottom
// when an exception has an edge to it, so that edge reaches it from the
// side without crossing the lane.
func (p *placer) lowerEnd(bottom float64) {
	if len(p.main) == 0 {
		return
	}
	last := p.main[len(p.main)-1]
	needed := false
	for _, e := range p.g.Edges {
		from, okF := p.byID[e.From]
		to, okT := p.byID[e.To]
		if okF && okT && to == last && p.g.Nodes[from].Shape == ShapeEscape {
			needed = true
		}
	}
	s := &p.shapes[last]
	if !needed || s.top() >= bottom+rankGap {
		return
	}
	d := bottom + rankGap - s.top()
	s.cy += d
	if n := len(p.frames); n > 0 && p.frames[n-1].last == len(p.main)-1 {
		p.frames[n-1].bottom += d
	}
	p.l.Height = max(p.l.Height, s.bottom()+pagePad)
	if n := len(p.frames); n > 0 && p.frames[n-1].last == len(p.main)-1 {
		p.l.Height = max(p.l.Height, p.frames[n-1].bottom+pagePad)
	}
}

// edgeKind is how an edge is routed.
type edgeKind int

const (
	edgeSkip   edgeKind = iota // an end is not a node of the graph
	edgeDown                   // to the next node of the main column
	edgeOut                    // from the main column to the lane
	edgeBack                   // from the lane to a node, by the return trunk
	edgeAround                 // any other pair in the main column, round its left
)

func (p *placer) kind(e Edge) (from, to int, k edgeKind) {
	from, okF := p.byID[e.From]
	to, okT := p.byID[e.To]
	if !okF || !okT {
		return 0, 0, edgeSkip
	}
	pf, fromMain := p.pos[from]
	pt, toMain := p.pos[to]
	switch {
	case !fromMain:
		return from, to, edgeBack
	case !toMain:
		return from, to, edgeOut
	case pt == pf+1:
		return from, to, edgeDown
	}
	return from, to, edgeAround
}

// edges draws the frames, every edge and then the nodes over them, and
// puts the white background under everything.
func (p *placer) edges() {
	for i := range p.frames {
		p.frame(&p.frames[i])
	}
	for _, e := range p.g.Edges {
		from, to, k := p.kind(e)
		a, b := &p.shapes[from], &p.shapes[to]
		switch k {
		case edgeDown:
			p.arrow([]Point{{a.cx, a.bottom()}, {b.cx, b.top()}}, e.Dashed)
			if e.Label != "" {
				p.edgeLabel(Point{a.cx + 4, a.bottom() + edgeSize + 2}, e.Label)
			}
		case edgeOut:
			x := p.trunk[to]
			p.stub(Point{a.right(), a.cy}, x, to, e.Dashed)
			if e.Label != "" {
				p.edgeLabel(Point{p.cx + p.colR + 4, a.cy - 3}, e.Label)
			}
		case edgeBack:
			p.stub(Point{a.right(), a.cy}, p.returnX, to, e.Dashed)
			if e.Label != "" {
				p.edgeLabel(Point{a.right() + 4, a.cy - 3}, e.Label)
			}
		case edgeAround:
			x := p.left - laneGap/2
			p.arrow([]Point{{a.left(), a.cy}, {x, a.cy}, {x, b.cy}, {b.left(), b.cy}}, e.Dashed)
			if e.Label != "" {
				p.edgeLabel(Point{x + 3, a.cy - 3}, e.Label)
			}
		}
	}
	p.trunks()
	for i := range p.shapes {
		p.node(&p.shapes[i])
	}
	w, h := p.l.Width, p.l.Height
	bg := Op{Kind: OpPolygon, Points: []Point{{0, 0}, {w, 0}, {w, h}, {0, h}}, Fill: "#ffffff"}
	p.l.Ops = slices.Insert(p.l.Ops, 0, bg)
}

// trunkKey is a vertical trunk at x leading into node to.
type trunkKey struct {
	x  float64
	to int
}

// trunkSpan is how far a trunk runs and how its edges are drawn.
type trunkSpan struct {
	top, bottom float64
	dashed      bool
}

// stub draws the horizontal start of an edge from a to the trunk at x that
// leads into node to. Every edge into one node by one trunk shares the
// trunk's vertical run and the arrow into the node, drawn once (trunks),
// so their dashes do not overlap out of step into a solid line.
func (p *placer) stub(a Point, x float64, to int, dashed bool) {
	p.l.Ops = append(p.l.Ops, Op{Kind: OpPolyline, Points: []Point{a, {x, a.Y}}, Stroke: lineColour, Dashed: dashed})
	k := trunkKey{x, to}
	t, ok := p.spans[k]
	if !ok {
		p.order = append(p.order, k)
		y := p.shapes[to].cy
		t = trunkSpan{top: y, bottom: y, dashed: dashed}
	}
	t.top, t.bottom = min(t.top, a.Y), max(t.bottom, a.Y)
	t.dashed = t.dashed && dashed
	p.spans[k] = t
}

// trunks draws each trunk's vertical run and its arrow into its node,
// which it enters from the side facing the trunk.
func (p *placer) trunks() {
	for _, k := range p.order {
		t, s := p.spans[k], &p.shapes[k.to]
		if t.bottom > t.top {
			p.l.Ops = append(p.l.Ops, Op{Kind: OpPolyline, Points: []Point{{k.x, t.top}, {k.x, t.bottom}}, Stroke: lineColour, Dashed: t.dashed})
		}
		end := s.left()
		if k.x > s.cx {
			end = s.right()
		}
		p.arrow([]Point{{k.x, s.cy}, {end, s.cy}}, t.dashed)
	}
}

// arrow draws the polyline pts with an arrowhead whose tip is its last
// point: the line stops at the arrowhead's base.
func (p *placer) arrow(pts []Point, dashed bool) {
	n := len(pts)
	a, b := pts[n-2], pts[n-1]
	dx, dy := b.X-a.X, b.Y-a.Y
	d := math.Hypot(dx, dy)
	if d < 1e-9 {
		return
	}
	ux, uy := dx/d, dy/d
	head := min(arrowLen, d)
	base := Point{b.X - ux*head, b.Y - uy*head}
	line := append(slices.Clone(pts[:n-1]), base)
	p.l.Ops = append(p.l.Ops,
		Op{Kind: OpPolyline, Points: line, Stroke: lineColour, Dashed: dashed},
		Op{Kind: OpPolygon, Stroke: lineColour, Fill: lineColour, Points: []Point{
			b, {base.X - uy*arrowHalf, base.Y + ux*arrowHalf}, {base.X + uy*arrowHalf, base.Y - ux*arrowHalf},
		}})
}

func (p *placer) edgeLabel(at Point, s string) {
	p.text(at, s, edgeSize, "l", p.m.width(s, edgeSize))
}

// text adds a text op; room is the width the text may take, beyond which
// a drawing shrinks it.
func (p *placer) text(at Point, s string, size float64, align string, room float64) {
	p.l.Ops = append(p.l.Ops, Op{Kind: OpText, Points: []Point{at}, Text: s, Size: size, Align: align, Stroke: textColour, Width: room})
}

// frame draws a phase's rounded frame and its label, top left inside it.
func (p *placer) frame(f *frame) {
	x0, x1 := p.cx-f.left, p.cx+f.right
	p.l.Ops = append(p.l.Ops, Op{Kind: OpBezier, Points: roundRect(x0, f.top, x1, f.bottom, frameRadius), Stroke: frameColour})
	for i, line := range f.lines {
		base := f.top + frameGap + float64(i)*clusterSize*leading + clusterSize*0.9
		p.text(Point{x0 + frameGap, base}, line, clusterSize, "l", f.left-frameGap-labelClear)
	}
}

// node draws a node's outline and its label, each line centred.
func (p *placer) node(s *shape) {
	fillColour := fill(s.node.Kind)
	x0, y0, x1, y1 := s.left(), s.top(), s.right(), s.bottom()
	switch s.node.Shape {
	case ShapeDecision:
		p.l.Ops = append(p.l.Ops, Op{Kind: OpPolygon, Stroke: lineColour, Fill: fillColour,
			Points: []Point{{s.cx, y0}, {x1, s.cy}, {s.cx, y1}, {x0, s.cy}}})
	case ShapeTerminal:
		p.l.Ops = append(p.l.Ops, Op{Kind: OpEllipse, Stroke: lineColour, Fill: fillColour,
			Points: []Point{{s.cx, s.cy}, {s.hw, s.hh}}})
	case ShapeEscape:
		c := chamfer(s.hh)
		p.l.Ops = append(p.l.Ops, Op{Kind: OpPolygon, Stroke: lineColour, Fill: fillColour, Points: []Point{
			{x0 + c, y0}, {x1 - c, y0}, {x1, y0 + c}, {x1, y1 - c}, {x1 - c, y1}, {x0 + c, y1}, {x0, y1 - c}, {x0, y0 + c},
		}})
	default:
		p.l.Ops = append(p.l.Ops, Op{Kind: OpBezier, Stroke: lineColour, Fill: fillColour,
			Points: roundRect(x0, y0, x1, y1, frameRadius)})
	}
	lh := nodeSize * leading
	top := s.cy - float64(len(s.lines))*lh/2
	for i, line := range s.lines {
		// The baseline sits so the line's x-height is centred in its row.
		base := top + float64(i)*lh + lh/2 + nodeSize*0.36
		p.text(Point{s.cx, base}, line, nodeSize, "c", s.room)
	}
}

// chamfer is how much an octagon of half height hh cuts off its corners.
func chamfer(hh float64) float64 { return min(hh/2, maxChamfer) }

// roundRect is the outline of a rectangle with rounded corners as a cubic
// Bézier spline (p0, then three points per segment), closed.
func roundRect(x0, y0, x1, y1, r float64) []Point {
	r = min(r, (x1-x0)/2, (y1-y0)/2)
	k := r * 0.5523 // control distance of a quarter circle
	line := func(a, b Point) []Point { return []Point{a, b, b} }
	pts := []Point{{x0 + r, y0}}
	pts = append(pts, line(Point{x0 + r, y0}, Point{x1 - r, y0})...)
	pts = append(pts, Point{x1 - r + k, y0}, Point{x1, y0 + r - k}, Point{x1, y0 + r})
	pts = append(pts, line(Point{x1, y0 + r}, Point{x1, y1 - r})...)
	pts = append(pts, Point{x1, y1 - r + k}, Point{x1 - r + k, y1}, Point{x1 - r, y1})
	pts = append(pts, line(Point{x1 - r, y1}, Point{x0 + r, y1})...)
	pts = append(pts, Point{x0 + r - k, y1}, Point{x0, y1 - r + k}, Point{x0, y1 - r})
	pts = append(pts, line(Point{x0, y1 - r}, Point{x0, y0 + r})...)
	pts = append(pts, Point{x0, y0 + r - k}, Point{x0 + r - k, y0}, Point{x0 + r, y0})
	return pts
}
