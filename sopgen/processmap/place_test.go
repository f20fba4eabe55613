package processmap

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stepwise-sop/stepwise/sopgen"
)

const eps = 1e-6

// rect is an axis-aligned box.
type rect struct{ x0, y0, x1, y1 float64 }

func (s *shape) box() rect { return rect{s.left(), s.top(), s.right(), s.bottom()} }

func (r rect) contains(o rect) bool {
	return o.x0 >= r.x0-eps && o.y0 >= r.y0-eps && o.x1 <= r.x1+eps && o.y1 <= r.y1+eps
}

func (r rect) overlaps(o rect) bool {
	return r.x0 < o.x1 && o.x0 < r.x1 && r.y0 < o.y1 && o.y0 < r.y1
}

func bbox(pts []Point) rect {
	r := rect{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, p := range pts {
		r = rect{min(r.x0, p.X), min(r.y0, p.Y), max(r.x1, p.X), max(r.y1, p.Y)}
	}
	return r
}

// opBox is the extent an op paints, text included (measured as the
// layout measures it).
func opBox(m *metrics, op Op) rect {
	switch op.Kind {
	case OpEllipse:
		c, r := op.Points[0], op.Points[1]
		return rect{c.X - r.X, c.Y - r.Y, c.X + r.X, c.Y + r.Y}
	case OpText:
		w, p := m.width(op.Text, op.Size), op.Points[0]
		x0 := p.X - w/2
		switch op.Align {
		case "l":
			x0 = p.X
		case "r":
			x0 = p.X - w
		}
		return rect{x0, p.Y - 0.76*op.Size, x0 + w, p.Y + 0.24*op.Size}
	}
	return bbox(op.Points)
}

// onBorder reports whether q lies on the outline of s.
func onBorder(s *shape, q Point) bool {
	dx, dy := math.Abs(q.X-s.cx), math.Abs(q.Y-s.cy)
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-6 }
	switch s.node.Shape {
	case ShapeDecision:
		return near(dx/s.hw+dy/s.hh, 1)
	case ShapeTerminal:
		return near(dx*dx/(s.hw*s.hw)+dy*dy/(s.hh*s.hh), 1)
	}
	return near(dx, s.hw) && dy <= s.hh-chamfer(s.hh)+eps || near(dy, s.hh) && dx <= s.hw+eps
}

// crosses reports whether the segment a–b passes through the inside of r
// (Liang–Barsky clipping against r shrunk by half a point).
func crosses(a, b Point, r rect) bool {
	r = rect{r.x0 + 0.5, r.y0 + 0.5, r.x1 - 0.5, r.y1 - 0.5}
	t0, t1 := 0.0, 1.0
	dx, dy := b.X-a.X, b.Y-a.Y
	for _, c := range [][2]float64{{-dx, a.X - r.x0}, {dx, r.x1 - a.X}, {-dy, a.Y - r.y0}, {dy, r.y1 - a.Y}} {
		p, q := c[0], c[1]
		if p == 0 {
			if q < 0 {
				return false
			}
			continue
		}
		t := q / p
		if p < 0 {
			t0 = max(t0, t)
		} else {
			t1 = min(t1, t)
		}
	}
	return t0 < t1
}

// textFits reports whether the text box t lies inside the outline of s.
func textFits(s *shape, t rect) bool {
	if !s.box().contains(t) {
		return false
	}
	for _, c := range []Point{{t.x0, t.y0}, {t.x1, t.y0}, {t.x0, t.y1}, {t.x1, t.y1}} {
		dx, dy := math.Abs(c.X-s.cx), math.Abs(c.Y-s.cy)
		switch s.node.Shape {
		case ShapeDecision:
			if dx/s.hw+dy/s.hh > 1+eps {
				return false
			}
		case ShapeTerminal:
			if dx*dx/(s.hw*s.hw)+dy*dy/(s.hh*s.hh) > 1+eps {
				return false
			}
		case ShapeEscape:
			if c := chamfer(s.hh); dx > s.hw-c+eps && dy > s.hh-c+eps {
				return false
			}
		}
	}
	return true
}

// checkPlacement holds the layout of g to the properties every map must
// have, whatever its labels.
func checkPlacement(t *testing.T, g *Graph) *placer {
	t.Helper()
	p := g.place()
	l := p.l
	page := rect{0, 0, l.Width, l.Height}
	for i, op := range l.Ops {
		if len(op.Points) == 0 {
			t.Fatalf("op %d (%s) has no points", i, op.Kind)
		}
		if b := opBox(p.m, op); !page.contains(b) {
			t.Errorf("op %d (%s %q) reaches %v, outside the %gx%g map", i, op.Kind, op.Text, b, l.Width, l.Height)
		}
	}

	// No two node outlines overlap, and every node is drawn, filled, with
	// every line of its label inside its outline.
	filled := map[rect]bool{}
	texts := map[Point][]string{}
	for _, op := range l.Ops {
		if op.Fill != "" && op.Kind != OpText {
			filled[opBox(p.m, op)] = true
		}
		if op.Kind == OpText {
			texts[op.Points[0]] = append(texts[op.Points[0]], op.Text)
		}
	}
	for i := range p.shapes {
		a := &p.shapes[i]
		for j := i + 1; j < len(p.shapes); j++ {
			if b := &p.shapes[j]; a.box().overlaps(b.box()) {
				t.Errorf("nodes %s and %s overlap: %v and %v", a.node.ID, b.node.ID, a.box(), b.box())
			}
		}
		if !filled[a.box()] {
			t.Errorf("node %s is not drawn at %v", a.node.ID, a.box())
		}
		lines := wrap(a.node.Label, labelWidth)
		if a.node.Shape == ShapeEscape {
			lines = wrap(a.node.Label, laneLabelWidth)
		}
		if strings.Join(lines, " ") != strings.Join(a.lines, " ") {
			t.Errorf("node %s shows %q, want %q", a.node.ID, a.lines, lines)
		}
		found := 0
		for _, op := range l.Ops {
			if op.Kind != OpText || op.Points[0].X != a.cx || !a.box().contains(opBox(p.m, op)) {
				continue
			}
			found++
			if !textFits(a, opBox(p.m, op)) {
				t.Errorf("node %s: text %q (%v) does not fit its %s %v", a.node.ID, op.Text, opBox(p.m, op), a.node.Shape, a.box())
			}
		}
		if found != len(a.lines) {
			t.Errorf("node %s: %d lines of text drawn inside it, want %d", a.node.ID, found, len(a.lines))
		}
	}

	// The main column: one axis, procedure order top to bottom.
	prev := math.Inf(-1)
	for _, i := range p.main {
		s := &p.shapes[i]
		if s.cx != p.cx || s.top() <= prev {
			t.Errorf("node %s at (%g, %g) is out of the column's order (axis %g, previous bottom %g)", s.node.ID, s.cx, s.top(), p.cx, prev)
		}
		prev = s.bottom()
	}

	// Frames enclose exactly their nodes, with their label inside, left of
	// the axis the edges run down.
	framed := map[int]bool{}
	for _, f := range p.frames {
		box := rect{p.cx - f.left, f.top, p.cx + f.right, f.bottom}
		drawn := false
		for _, op := range l.Ops {
			drawn = drawn || op.Kind == OpBezier && op.Fill == "" && op.Stroke == frameColour && opBox(p.m, op) == box
		}
		if !drawn {
			t.Errorf("frame %v is not drawn", box)
		}
		cluster := p.g.Nodes[p.main[f.first]].Cluster
		for k, i := range p.main {
			s := &p.shapes[i]
			in := k >= f.first && k <= f.last
			if in && s.node.Cluster != cluster {
				t.Errorf("frame of %s holds node %s of %q", cluster, s.node.ID, s.node.Cluster)
			}
			if box.contains(s.box()) != in || !in && box.overlaps(s.box()) {
				t.Errorf("frame of %s %v: node %s %v inside = %v, want %v", cluster, box, s.node.ID, s.box(), box.contains(s.box()), in)
			}
			if in {
				framed[i] = true
			}
		}
		for _, s := range p.shapes {
			if s.node.Shape == ShapeEscape && box.overlaps(s.box()) {
				t.Errorf("frame of %s overlaps exception %s", cluster, s.node.ID)
			}
		}
		for k, line := range f.lines {
			base := f.top + frameGap + float64(k)*clusterSize*leading + clusterSize*0.9
			tb := opBox(p.m, Op{Kind: OpText, Text: line, Size: clusterSize, Align: "l", Points: []Point{{box.x0 + frameGap, base}}})
			if !box.contains(tb) || tb.x1 > p.cx-labelClear+eps {
				t.Errorf("frame of %s: label %q at %v is outside the frame %v or across the axis %g", cluster, line, tb, box, p.cx)
			}
			if !slices.Contains(texts[Point{box.x0 + frameGap, base}], line) {
				t.Errorf("frame of %s: label line %q is not drawn", cluster, line)
			}
		}
	}
	for _, i := range p.main {
		if n := p.g.Nodes[i]; n.Cluster != "" && !framed[i] {
			t.Errorf("node %s of phase %s is in no frame", n.ID, n.Cluster)
		}
	}

	// No edge passes through a node.
	var lines [][]Point
	for _, op := range l.Ops {
		if op.Kind != OpPolyline {
			continue
		}
		lines = append(lines, op.Points)
		for k := 0; k+1 < len(op.Points); k++ {
			for i := range p.shapes {
				if s := &p.shapes[i]; crosses(op.Points[k], op.Points[k+1], s.box()) {
					t.Errorf("edge segment %v–%v crosses node %s %v", op.Points[k], op.Points[k+1], s.node.ID, s.box())
				}
			}
		}
	}

	// Every edge is drawn: a line leaves its source's outline and, line by
	// connected line, reaches an arrowhead whose tip is on its target's.
	for _, e := range g.Edges {
		from, okF := p.byID[e.From]
		to, okT := p.byID[e.To]
		if !okF || !okT {
			continue
		}
		if !edgeDrawn(p, lines, &p.shapes[from], &p.shapes[to]) {
			t.Errorf("edge %s → %s is not drawn from border to border", e.From, e.To)
		}
	}
	return p
}

// edgeDrawn follows the lines that touch one another from the outline of
// a to the base of an arrowhead whose tip is on the outline of b.
func edgeDrawn(p *placer, lines [][]Point, a, b *shape) bool {
	bases := map[Point]bool{}
	for _, op := range p.l.Ops {
		if op.Kind == OpPolygon && len(op.Points) == 3 && op.Fill == lineColour && onBorder(b, op.Points[0]) {
			q, r := op.Points[1], op.Points[2]
			bases[Point{(q.X + r.X) / 2, (q.Y + r.Y) / 2}] = true
		}
	}
	seen := make([]bool, len(lines))
	var queue []int
	for i, ln := range lines {
		if onBorder(a, ln[0]) {
			seen[i], queue = true, append(queue, i)
		}
	}
	for len(queue) > 0 {
		ln := lines[queue[0]]
		queue = queue[1:]
		if hasBase(bases, ln[len(ln)-1]) {
			return true
		}
		for j, other := range lines {
			if !seen[j] && touches(ln, other) {
				seen[j], queue = true, append(queue, j)
			}
		}
	}
	return false
}

func hasBase(bases map[Point]bool, q Point) bool {
	for b := range bases {
		if math.Hypot(b.X-q.X, b.Y-q.Y) < 1e-6 {
			return true
		}
	}
	return false
}

// touches reports whether an end of one polyline lies on the other.
func touches(a, b []Point) bool {
	on := func(q Point, ln []Point) bool {
		for k := 0; k+1 < len(ln); k++ {
			s, e := ln[k], ln[k+1]
			cross := (e.X-s.X)*(q.Y-s.Y) - (e.Y-s.Y)*(q.X-s.X)
			if math.Abs(cross) < 1e-6 && q.X >= min(s.X, e.X)-eps && q.X <= max(s.X, e.X)+eps && q.Y >= min(s.Y, e.Y)-eps && q.Y <= max(s.Y, e.Y)+eps {
				return true
			}
		}
		return false
	}
	return on(a[0], b) || on(a[len(a)-1], b) || on(b[0], a) || on(b[len(b)-1], a)
}

func mustCompose(tb testing.TB, dir string) *sopgen.Document {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "recording.json"))
	if err != nil {
		tb.Fatal(err)
	}
	rec, err := sopgen.ParseRecording(data)
	if err != nil {
		tb.Fatal(err)
	}
	doc, err := sopgen.Compose(rec, sopgen.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	return doc
}

func TestExampleMapsKeepTheLayoutsProperties(t *testing.T) {
	dirs, err := filepath.Glob("../../examples/*/recording.json")
	if err != nil || len(dirs) < 4 {
		t.Fatalf("examples: %v (found %d)", err, len(dirs))
	}
	for _, d := range dirs {
		dir := filepath.Dir(d)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			g := FromDocument(mustCompose(t, dir))
			p := checkPlacement(t, g)
			// The exception sits level with the decision that leads to it.
			for _, e := range g.Edges {
				from, to := p.byID[e.From], p.byID[e.To]
				if g.Nodes[to].Shape == ShapeEscape && g.Nodes[from].Shape == ShapeDecision && p.anchorOf(to) == from {
					if p.shapes[to].cy != p.shapes[from].cy {
						t.Errorf("exception %s at y %g, its first decision %s at %g", e.To, p.shapes[to].cy, e.From, p.shapes[from].cy)
					}
				}
			}
		})
	}
}

// anchorOf is the first main-column node with an edge to lane node i.
func (p *placer) anchorOf(i int) int {
	best := -1
	for _, e := range p.g.Edges {
		if p.byID[e.To] != i {
			continue
		}
		if f, ok := p.pos[p.byID[e.From]]; ok && (best < 0 || f < p.pos[best]) {
			best = p.byID[e.From]
		}
	}
	return best
}

func TestLayoutIsDeterministic(t *testing.T) {
	g := FromDocument(fuzzDoc([]byte("several phases, branches and exceptions, twice")))
	if a, b := g.Layout(), g.Layout(); !reflect.DeepEqual(a, b) {
		t.Error("two layouts of one graph differ")
	}
}

func TestGraphsOfEveryShapeKeepTheProperties(t *testing.T) {
	for name, doc := range map[string]*sopgen.Document{
		"no branches":                      fuzzDocOf(3, 2, 0, func(int) int { return -1 }),
		"several decisions, one exception": fuzzDocOf(6, 3, 1, func(i int) int { return map[bool]int{true: 0, false: -1}[i%3 == 1] }),
		"several exceptions":               fuzzDocOf(5, 2, 3, func(i int) int { return i % 4 }),
		"summary above MaxDetailedSteps":   fuzzDocOf(20, 4, 2, func(i int) int { return map[bool]int{true: i % 2, false: -1}[i%4 == 0] }),
	} {
		t.Run(name, func(t *testing.T) {
			g := FromDocument(doc)
			checkPlacement(t, g)
			if name == "summary above MaxDetailedSteps" && len(g.Clusters) != 0 {
				t.Errorf("%d steps drawn in phases, want the summary", len(doc.Steps()))
			}
		})
	}
}

// hostileLabels are labels a recording may carry, all of which must stay
// text and fit their boxes.
var hostileLabels = []string{
	"Reset the password",
	`<script>alert(1)</script> & <b>bold</b>`,
	`"]; evil [label="x" \N \G`,
	"first line\nsecond line\r\nthird",
	"\u202eevil\u202c reversed \u2066isolate\u2069",
	"אפס את הסיסמה של המשתמש ושלח לו קוד",
	"أعد تعيين كلمة المرور وأرسل الرمز إلى المستخدم",
	"重置用户的密码并通过短信发送临时密码给用户确认登录成功",
	"パスワードをリセットしてユーザーに通知する",
	strings.Repeat("Supercalifragilistic", 9),
	"",
	strings.Repeat("word ", 80),
	"WWWWWWWWWW MMMMMMMMMM WWWWWWWWWW MMMMMMMMMM",
}

// fuzzDocOf is a document of phases phases of steps steps each, with
// exceptions exceptions; branch(i) is the exception step i fails to, or
// -1 (an index past the exceptions names one that does not exist).
func fuzzDocOf(phases, steps, exceptions int, branch func(int) int) *sopgen.Document {
	d := &sopgen.Document{Meta: sopgen.Metadata{Title: hostileLabels[phases%len(hostileLabels)]}}
	for e := range exceptions {
		d.Exceptions = append(d.Exceptions, sopgen.Exception{ID: fmt.Sprintf("ex-%d", e), Action: hostileLabels[(e*5+1)%len(hostileLabels)]})
	}
	n := 0
	for ph := range phases {
		phase := sopgen.Phase{Title: hostileLabels[(ph*3)%len(hostileLabels)]}
		for st := range steps {
			s := &sopgen.ProcStep{ID: fmt.Sprintf("s%d", n), Number: fmt.Sprintf("%d.%d", ph+1, st+1),
				Kind: sopgen.KindVerify, Text: []sopgen.Span{{Text: hostileLabels[(n*7)%len(hostileLabels)]}}}
			if b := branch(n); b >= 0 {
				s.Branches = []sopgen.Branch{{When: "verification fails", Goto: fmt.Sprintf("ex-%d", b)}}
			}
			phase.Steps = append(phase.Steps, s)
			n++
		}
		d.Phases = append(d.Phases, phase)
	}
	return d
}

// fuzzDoc reads a document of the family FromDocument maps from data:
// phases, steps, labels, kinds, branches to exceptions that may or may not
// exist, and enough steps now and then for the summary.
func fuzzDoc(data []byte) *sopgen.Document {
	next := func() int {
		if len(data) == 0 {
			return 0
		}
		b := data[0]
		data = data[1:]
		return int(b)
	}
	kinds := []sopgen.Kind{sopgen.KindIntake, sopgen.KindVerify, sopgen.KindAccess, sopgen.KindDeliver, sopgen.KindLog, sopgen.KindOther}
	d := &sopgen.Document{Meta: sopgen.Metadata{Title: hostileLabels[next()%len(hostileLabels)]}}
	for e := range next() % 4 {
		d.Exceptions = append(d.Exceptions, sopgen.Exception{ID: fmt.Sprintf("ex-%d", e), Action: hostileLabels[next()%len(hostileLabels)]})
	}
	phases, perPhase := 1+next()%8, 1+next()%4
	if next()%5 == 0 {
		perPhase = 1 + MaxDetailedSteps/phases // over the limit: the summary
	}
	n := 0
	for ph := range phases {
		phase := sopgen.Phase{Title: hostileLabels[next()%len(hostileLabels)]}
		for st := range 1 + next()%perPhase {
			s := &sopgen.ProcStep{ID: fmt.Sprintf("s%d", n), Number: fmt.Sprintf("%d.%d", ph+1, st+1),
				Kind: kinds[next()%len(kinds)], Text: []sopgen.Span{{Text: hostileLabels[next()%len(hostileLabels)]}}}
			if b := next(); b%3 == 0 {
				s.Branches = []sopgen.Branch{{When: "verification fails", Goto: fmt.Sprintf("ex-%d", b%5)}}
			}
			phase.Steps = append(phase.Steps, s)
			n++
		}
		d.Phases = append(d.Phases, phase)
	}
	return d
}

func FuzzLayout(f *testing.F) {
	for _, seed := range []string{"", "\x01\x02\x03\x04\x05\x06", "\x07\x03\x07\x03\x00\x00\x03\x06", "\xff\xfe\xfd\xfc\x05\x00\x01", strings.Repeat("\x03\x01", 40)} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		g := FromDocument(fuzzDoc(data))
		p := checkPlacement(t, g)
		// Bounded: the map is no larger than its parts stacked, and draws
		// a bounded number of operations per node and edge.
		h, w := 100.0+float64(len(wrap(g.Title, titleWidth)))*titleSize*leading, 0.0
		widest := 0.0
		for _, s := range p.shapes {
			h += 2*s.hh + 2*rankGap + 2*frameGap + 4
			widest = max(widest, 2*s.hw)
		}
		for _, f := range p.frames {
			h += f.labelHeight()
		}
		w = 2*widest + 2*labelSpill + float64(len(p.lane)+4)*laneGap + p.m.width(g.Title, titleSize)
		if p.l.Height > h || p.l.Width > w {
			t.Errorf("map is %gx%g, want at most %gx%g", p.l.Width, p.l.Height, w, h)
		}
		if max := 1 + 20*len(g.Nodes) + 3*len(g.Edges) + 12*len(p.frames); len(p.l.Ops) > max {
			t.Errorf("%d drawing operations for %d nodes and %d edges, want at most %d", len(p.l.Ops), len(g.Nodes), len(g.Edges), max)
		}
	})
}

// BenchmarkLayout lays out a map of 51 steps in 17 phases, every third
// step a verification with its decision, all failing to one exception:
// the layout alone, without composing or checking.
func BenchmarkLayout(b *testing.B) {
	g := FromDocument(fuzzDocOf(17, 3, 1, func(i int) int { return map[bool]int{true: 0, false: -1}[i%3 == 1] }))
	for b.Loop() {
		g.Layout()
	}
}
